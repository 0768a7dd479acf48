package io.dorado.actors.strategy.scan;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.OptionChainSnapshot;
import io.dorado.protocol.market.Timeframe;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Dispatch;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanHistory;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOptionChain;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The scanner (PRD §3.2, §3.3): on its schedule or on demand it gathers every scan-mode bot's bars,
 * the guardian's portfolio and the latest regime snapshot, runs the {@link ScanPipeline}, and turns
 * candidates into signals: a selected one goes to its bot as {@code Bot.IngestSignal} (the bot asks
 * for approval unless it auto-executes); the rest go to the bot's paper twin ({@code <botId>.paper},
 * created on first use: paper mode, auto-execute, on the bot's venue if it serves paper, else on the paper venue
 * ({@link TwinVenues})). The report answers every {@code RunScan} once all
 * signals are answered.
 *
 * <p>Option candidates (iron condors) go out the same way, as a signal carrying the structure's legs
 * ({@link StructureSignals}): the bot sells them as one combo order through the guardian.
 */
public final class ScanActor extends AbstractBehavior<Scan.Command> {
  public static final String PAPER_SUFFIX = ".paper";

  private final ScanPipeline.Fleet fleet;
  private final Map<String, ActorRef<MarketData.Command>> marketData;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final BotGateway bots;
  private final Supplier<Map<String, TrackRecord>> records;
  private final ScanSettings settings;
  private final TwinVenues twinVenues;
  private final ChainFeeds chainFeeds;
  private final ChainHistory chains;
  private final ScanHistory scans;
  private final List<ActorRef<ScanReport>> waiting = new ArrayList<>();
  private final Set<String> twins = new LinkedHashSet<>();
  private RegimeSnapshot regime;
  private ScanReport last;
  private ScanPipeline.Output running;
  private String runningId;
  private long sequence;

  public static Behavior<Scan.Command> create(
      ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RiskGuardian.Command> guardian,
      BotGateway bots,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic,
      Supplier<Map<String, TrackRecord>> records,
      ScanSettings settings) {
    return create(fleet, marketData, guardian, bots, regimeTopic, records, settings, TwinVenues.sameVenue());
  }

  /** As above, each paper twin on the venue {@code twinVenues} names for its bot's venue (a paper venue, never a real one). */
  public static Behavior<Scan.Command> create(
      ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RiskGuardian.Command> guardian,
      BotGateway bots,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic,
      Supplier<Map<String, TrackRecord>> records,
      ScanSettings settings,
      TwinVenues twinVenues) {
    return create(fleet, marketData, guardian, bots, regimeTopic, records, settings, twinVenues, ChainFeeds.NONE,
        ChainHistory.NONE);
  }

  /**
   * As above, the option chains of bots on venues that quote them taken from {@code chainFeeds} (IBKR): asked with the
   * bars before the pipeline runs, each within {@link ScanSettings#chainTimeout}; a chain that fails or is late refuses
   * the bot's structures, with why, in the report. Every option chain a scan's decisions used is kept in
   * {@code chains} (asynchronously; a failure is logged).
   */
  public static Behavior<Scan.Command> create(
      ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RiskGuardian.Command> guardian,
      BotGateway bots,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic,
      Supplier<Map<String, TrackRecord>> records,
      ScanSettings settings,
      TwinVenues twinVenues,
      ChainFeeds chainFeeds,
      ChainHistory chains) {
    return create(fleet, marketData, guardian, bots, regimeTopic, records, settings, twinVenues, chainFeeds, chains,
        ScanHistory.NONE);
  }

  /**
   * As above, every finished scan's report (its ranked candidates, gate values, sizing and the selection's reasons) kept
   * in {@code scans} (asynchronously; a failure is logged and counted, the scan goes on).
   */
  public static Behavior<Scan.Command> create(
      ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RiskGuardian.Command> guardian,
      BotGateway bots,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic,
      Supplier<Map<String, TrackRecord>> records,
      ScanSettings settings,
      TwinVenues twinVenues,
      ChainFeeds chainFeeds,
      ChainHistory chains,
      ScanHistory scans) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      if (!settings.interval().isZero()) {
        timers.startTimerWithFixedDelay("scan", new Scan.RunScan("schedule", null), settings.interval());
      }
      if (regimeTopic != null) {
        regimeTopic.tell(Topic.subscribe(ctx.messageAdapter(RegimeSnapshot.class, Scan.RegimeUpdated::new)));
      }
      return new ScanActor(ctx, fleet, marketData, guardian, bots, records, settings, twinVenues, chainFeeds, chains,
          scans);
    }));
  }

  private ScanActor(ActorContext<Scan.Command> ctx, ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData, ActorRef<RiskGuardian.Command> guardian, BotGateway bots,
      Supplier<Map<String, TrackRecord>> records, ScanSettings settings, TwinVenues twinVenues, ChainFeeds chainFeeds,
      ChainHistory chains, ScanHistory scans) {
    super(ctx);
    this.chains = chains;
    this.scans = scans == null ? ScanHistory.NONE : scans;
    ctx.setLoggerName(ScanActor.class); // not the timer wrapper's class: the fleet's log shows io.dorado at INFO
    this.fleet = fleet;
    this.marketData = Map.copyOf(marketData);
    this.guardian = guardian;
    this.bots = bots;
    this.records = records;
    this.settings = settings;
    this.twinVenues = twinVenues;
    this.chainFeeds = chainFeeds == null ? ChainFeeds.NONE : chainFeeds;
  }

  @Override
  public Receive<Scan.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Scan.RunScan.class, this::runScan)
        .onMessage(Scan.GetLastReport.class, c -> {
          c.replyTo().tell(new Scan.LastReport(last));
          return this;
        })
        .onMessage(Scan.RegimeUpdated.class, c -> {
          regime = c.snapshot();
          return this;
        })
        .onMessage(Scan.InputsReady.class, this::inputsReady)
        .onMessage(Scan.DispatchesDone.class, this::dispatched)
        .build();
  }

  // ---- gather -----------------------------------------------------------------------------------

  private Behavior<Scan.Command> runScan(Scan.RunScan c) {
    if (c.replyTo() != null) waiting.add(c.replyTo());
    if (runningId != null) return this; // the scan under way answers this request too
    runningId = "scan-" + settings.clock().instant().toEpochMilli() + "-" + (++sequence);
    String scanId = runningId;
    var system = getContext().getSystem();
    var asks = new LinkedHashMap<String, CompletableFuture<MarketData.Bars>>();
    for (BotConfig b : fleet.scanBots()) {
      String key = seriesOf(b);
      ActorRef<MarketData.Command> md = marketData.get(key);
      if (md == null || asks.containsKey(key)) continue;
      asks.put(key, AskPattern.<MarketData.Command, MarketData.Bars>ask(md,
          r -> new MarketData.GetBars(settings.historyBars(), r), settings.askTimeout(), system.scheduler())
          .toCompletableFuture().exceptionally(e -> null));
    }
    CompletableFuture<RiskGuardian.GuardianStatus> status = guardian == null ? CompletableFuture.completedFuture(null)
        : AskPattern.<RiskGuardian.Command, RiskGuardian.GuardianStatus>ask(guardian, RiskGuardian.GetStatus::new,
            settings.askTimeout(), system.scheduler()).toCompletableFuture().exceptionally(e -> null);
    var twinStates = new ArrayList<CompletableFuture<Boolean>>();
    for (String twin : twins) {
      CompletableFuture<Boolean> open = bots.state(twin).toCompletableFuture()
          .thenApply(state -> state.phase() != Phase.IDLE && state.phase() != Phase.NEW)
          .exceptionally(e -> true); // unknown counts as open: the cap errs on the safe side
      twinStates.add(open);
    }
    var chains = askChains();
    var all = new ArrayList<CompletableFuture<?>>(asks.values());
    all.add(status);
    all.addAll(twinStates);
    all.addAll(chains);
    getContext().pipeToSelf(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), (ok, err) -> {
      var history = new ArrayList<MarketData.Bars>();
      var notes = new ArrayList<String>();
      asks.forEach((symbol, f) -> {
        MarketData.Bars bars = f.getNow(null);
        if (bars == null) notes.add(symbol + ": market data did not answer");
        else history.add(new MarketData.Bars(symbol, bars.bars(), bars.lastArrival(), bars.speed())); // keyed by series
      });
      RiskGuardian.GuardianStatus s = status.getNow(null);
      if (guardian != null && s == null) notes.add("the risk guardian did not answer");
      int open = (int) twinStates.stream().filter(f -> f.getNow(true)).count();
      return new Scan.InputsReady(scanId, history, s, open, notes, chains.stream().map(f -> f.getNow(null)).toList());
    });
    return this;
  }

  /**
   * The option chains of option bots on venues that quote them, one ask per venue and underlying (over the union of
   * its bots' DTE ranges), each completing within the chain timeout: with the chain, or with why there is none.
   */
  private List<CompletableFuture<VenueOptionChain>> askChains() {
    var ranges = new LinkedHashMap<List<String>, int[]>();
    for (BotConfig b : fleet.scanBots()) {
      StrategyTemplate t = fleet.templates().get(b.strategyTemplate());
      if (t == null || t.type().directional() || t.entry() == null || t.entry().dteRange() == null) continue;
      int lo = t.entry().dteRange().get(0), hi = t.entry().dteRange().get(1);
      ranges.merge(List.of(b.venue(), b.underlying()), new int[] {lo, hi},
          (a, n) -> new int[] {Math.min(a[0], n[0]), Math.max(a[1], n[1])});
    }
    LocalDate asOf = settings.clock().instant().atZone(ZoneOffset.UTC).toLocalDate();
    var out = new ArrayList<CompletableFuture<VenueOptionChain>>();
    ranges.forEach((key, dte) -> {
      String venue = key.get(0), symbol = key.get(1);
      CompletionStage<VenueOptionChain> fetch;
      try {
        fetch = chainFeeds.fetch(venue, new Venue.GetOptionChain(symbol, asOf, dte[0], dte[1], settings.chainBand(),
            getContext().getSystem().ignoreRef()));
      } catch (RuntimeException e) {
        fetch = CompletableFuture.failedFuture(e);
      }
      if (fetch == null) return; // the venue quotes no chains: its bots' chains are synthetic
      Duration timeout = settings.chainTimeout();
      out.add(fetch.toCompletableFuture().thenApply(c -> c) // a copy: the timeout must not complete the feed's own future
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .handle((c, e) -> c != null // keyed by the bot's venue and underlying, whatever the venue calls itself
              ? new VenueOptionChain(venue, symbol, c.spot(), c.label(), c.quotes(), c.failure())
              : VenueOptionChain.failed(venue, symbol, e == null ? "the venue sent nothing"
              : unwrap(e) instanceof TimeoutException ? "the " + venue + " chain of " + symbol + " did not arrive within "
                  + DataQuality.text(timeout) : "the " + venue + " chain of " + symbol + " failed: " + unwrap(e))));
    });
    return out;
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
    return e;
  }

  /** Keeps the chains the scan used; the scan goes on whether or not they are written. */
  private void keep(String scanId, List<OptionChainSnapshot> taken) {
    if (taken.isEmpty()) return;
    chains.save(taken).whenComplete((ok, err) -> {
      if (err != null) {
        CHAINS_FAILED.increment(taken.size());
        CHAINS_LOG.warn("scan {}: {} option chains not kept ({})", scanId, taken.size(), err.toString());
      }
    });
  }

  /** Keeps the scan's report (its ranked list); the scans go on whether or not it is written. */
  private void journal(ScanReport report) {
    scans.save(report).whenComplete((ok, err) -> {
      if (err != null) {
        SCANS_FAILED.increment();
        CHAINS_LOG.warn("scan {}: its report was not kept ({})", report.scanId(), err.toString());
      }
    });
  }

  private static final kamon.metric.Counter SCANS_FAILED = kamon.Kamon.counter("dorado.scan.reports.failed",
      "scan reports (ranked candidates) the scan history failed to keep").withoutTags();
  private static final org.slf4j.Logger CHAINS_LOG = org.slf4j.LoggerFactory.getLogger(ScanActor.class);
  private static final kamon.metric.Counter CHAINS_FAILED = kamon.Kamon.counter("dorado.market-data.chains.failed",
      "option chain snapshots of scans the history failed to keep").withoutTags();

  /**
   * The series a bot's bars are read from: its underlying at its template's timeframe when the hub builds that one
   * ({@code BTC@1h}), else the underlying's own bars.
   */
  private String seriesOf(BotConfig b) {
    StrategyTemplate t = fleet.templates().get(b.strategyTemplate());
    String key = t == null ? b.underlying() : Timeframe.seriesKey(b.underlying(), t.barLength());
    return marketData.containsKey(key) ? key : b.underlying();
  }

  // ---- decide and send --------------------------------------------------------------------------

  private Behavior<Scan.Command> inputsReady(Scan.InputsReady c) {
    if (!c.scanId().equals(runningId)) return this;
    var history = new LinkedHashMap<String, List<Bar>>();
    var arrivals = new LinkedHashMap<String, DataQuality.Arrival>(); // a live scan: freshness is judged
    for (MarketData.Bars b : c.history()) {
      history.put(b.symbol(), b.bars());
      arrivals.put(b.symbol(), new DataQuality.Arrival(b.lastArrival(), b.speed()));
    }
    var snapshots = new ChainSnapshots(c.scanId());
    var inputs = new ScanPipeline.Inputs(c.scanId(), settings.clock().instant(), fleet, history, regime,
        settings.regimeMaxAge(), c.status(), records.get(), settings.maxPaperPositions(), c.openPaperPositions(),
        arrivals, settings.dataLimits(), snapshots.recording(chainsOf(c.chains())), settings.chainLimits());
    ScanPipeline.Output out;
    try {
      out = ScanPipeline.run(inputs);
    } catch (RuntimeException e) {
      getContext().getLog().error("scan {} failed", c.scanId(), e);
      out = new ScanPipeline.Output(new ScanReport(c.scanId(), inputs.now(), "scan failed: " + e, List.of(), List.of(),
          List.of()), List.of(), List.of());
    }
    keep(c.scanId(), snapshots.taken());
    if (!c.notes().isEmpty()) getContext().getLog().warn("scan {}: {}", c.scanId(), String.join("; ", c.notes()));
    running = out;
    var sends = new ArrayList<CompletableFuture<Dispatch>>();
    for (Candidate cand : out.selected()) sends.add(send(cand, false));
    for (Candidate cand : out.paper()) sends.add(send(cand, true));
    String scanId = c.scanId();
    getContext().pipeToSelf(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)),
        (ok, err) -> new Scan.DispatchesDone(scanId, sends.stream().map(f -> f.getNow(null)).toList()));
    return this;
  }

  /** The scan's chain source: the venues' chains fetched for it, synthetic for every other bot. */
  private static ChainSource chainsOf(List<VenueOptionChain> fetched) {
    if (fetched.isEmpty()) return ChainSource.SYNTHETIC;
    var byKey = new LinkedHashMap<String, VenueOptionChain>();
    for (VenueOptionChain c : fetched) byKey.put(VenueChains.key(c.venue(), c.underlying()), c);
    return VenueChains.source(byKey, ChainSource.SYNTHETIC);
  }

  private CompletableFuture<Dispatch> send(Candidate c, boolean paper) {
    String signalId = c.candidateId();
    Signal signal = !c.directional()
        ? StructureSignals.of(c, paper ? c.botId() + PAPER_SUFFIX : c.botId(), signalId, settings.clock().instant(), riskPct(c))
        : new Signal(signalId, paper ? c.botId() + PAPER_SUFFIX : c.botId(), c.symbol(),
        c.side() == Side.BUY ? SignalAction.ENTER_LONG : SignalAction.ENTER_SHORT, c.entry(), c.stop(), c.target(), "scan",
        settings.clock().instant(), riskPct(c));
    CompletionStage<Bot.Ack> ack;
    if (paper) {
      BotConfig own = fleet.bots().stream().filter(b -> b.id().equals(c.botId())).findFirst().orElseThrow();
      BotConfig twin = twinOf(own, twinVenues);
      twins.add(twin.id());
      ack = bots.register(twin)
          .thenCompose(created -> bots.ask(twin.id(), r -> new Bot.IngestSignal(signal, r)));
    } else {
      ack = bots.ask(c.botId(), r -> new Bot.IngestSignal(signal, r));
    }
    String botId = signal.botId();
    return ack.toCompletableFuture()
        .thenApply(a -> new Dispatch(c.candidateId(), botId, signalId, paper, describe(a)))
        .exceptionally(e -> new Dispatch(c.candidateId(), botId, signalId, paper, "no answer: " + e.getMessage()));
  }

  /**
   * The signal a candidate becomes for {@code botId} (its bot or its paper twin), its id the candidate's: a directional
   * entry with the candidate's entry, stop and target, or an option structure with its legs ({@link StructureSignals});
   * either carries the risk % the scan sized it at. {@code source}: "scan", or "pick" for a human's pick from the list.
   */
  public static Signal signalOf(Candidate c, String botId, String source, java.time.Instant at) {
    if (!c.directional()) {
      Signal s = StructureSignals.of(c, botId, c.candidateId(), at, riskPct(c));
      return new Signal(s.signalId(), s.botId(), s.symbol(), s.action(), s.price(), s.stop(), s.target(), source, s.at(),
          s.riskPct(), s.legs());
    }
    return new Signal(c.candidateId(), botId, c.symbol(),
        c.side() == Side.BUY ? SignalAction.ENTER_LONG : SignalAction.ENTER_SHORT, c.entry(), c.stop(), c.target(), source,
        at, riskPct(c));
  }

  /** The risk % the scan sized the candidate at, for the guardian (null when the scan did not size it). */
  private static BigDecimal riskPct(Candidate c) {
    if (!Double.isFinite(c.riskPct())) return null;
    BigDecimal pct = BigDecimal.valueOf(c.riskPct()).setScale(4, RoundingMode.HALF_EVEN);
    return pct.signum() > 0 ? pct : null;
  }

  /** The paper twin of a bot on a paper venue: same underlying, template and sizing; its venue; no approval needed. */
  public static BotConfig twinOf(BotConfig bot) {
    return twinOf(bot, TwinVenues.sameVenue());
  }

  /** The paper twin of a bot, on the paper venue {@code venues} names for the bot's venue ({@link TwinVenues}). */
  public static BotConfig twinOf(BotConfig bot, TwinVenues venues) {
    return new BotConfig(bot.id() + PAPER_SUFFIX, bot.universe(), bot.underlying(), venues.venueOf(bot.venue()),
        VenueMode.PAPER,
        bot.strategyTemplate(), SignalMode.SCAN, ApprovalMode.AUTO_EXECUTE, bot.sizing(), bot.regimeFilter(),
        bot.approvalTimeout());
  }

  private static String describe(Bot.Ack a) {
    if (a instanceof Bot.Accepted ok) return "accepted (" + ok.phase().name().toLowerCase() + ")";
    if (a instanceof Bot.Rejected r) return "rejected: " + r.reason();
    return "already processed";
  }

  private Behavior<Scan.Command> dispatched(Scan.DispatchesDone c) {
    if (!c.scanId().equals(runningId)) return this;
    last = running.report().withDispatches(c.dispatches());
    long candidates = last.bots().stream().mapToLong(b -> b.candidates().size()).sum();
    getContext().getLog().info("{}: regime {}; {} bots, {} candidates; {}", last.scanId(), last.regime(), last.bots().size(),
        candidates, last.dispatches().isEmpty() ? "nothing sent" : last.dispatches().stream()
            .map(d -> d.botId() + " " + d.outcome()).collect(java.util.stream.Collectors.joining(", ")));
    journal(last);
    for (ActorRef<ScanReport> w : waiting) w.tell(last);
    waiting.clear();
    running = null;
    runningId = null;
    return this;
  }
}
