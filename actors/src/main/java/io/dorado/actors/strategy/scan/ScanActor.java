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
import io.dorado.protocol.bot.ScanSchedule;
import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.Underlying;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
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

  /** The fleet as configured at start-up; {@link #fleet} is the registry's bots on it once the registry answered. */
  private final ScanPipeline.Fleet configured;
  private ScanPipeline.Fleet fleet;
  private final Scheduling scheduling;
  /** When each timer-scanned bot is next due, by the schedule it was computed from. */
  private final Map<String, Due> due = new HashMap<>();
  private Instant registryAskedAt;
  private boolean registryAsking;
  /** The bots of the scan under way, and its fleet. */
  private Set<String> runningBots = Set.of();
  private ScanPipeline.Fleet runningFleet;
  /** Bots asked for while a scan that does not cover them ran, and who waits for their report. */
  private final Set<String> queued = new LinkedHashSet<>();
  private final List<ActorRef<ScanReport>> queuedWaiting = new ArrayList<>();
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

  /**
   * The scanner: {@code wiring} says where its paper twins trade, where option chains come from and are kept, when it
   * scans which bots, and where its reports are kept ({@link Wiring#DEFAULT}: none of them).
   */
  public static Behavior<Scan.Command> create(
      ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RiskGuardian.Command> guardian,
      BotGateway bots,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic,
      Supplier<Map<String, TrackRecord>> records,
      ScanSettings settings,
      Wiring wiring) {
    Scheduling scheduling = wiring.scheduling() != null ? wiring.scheduling() : Scheduling.fixed(settings.interval());
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      timers.startTimerWithFixedDelay("tick", new Scan.Tick(), scheduling.tick());
      if (regimeTopic != null) {
        regimeTopic.tell(Topic.subscribe(ctx.messageAdapter(RegimeSnapshot.class, Scan.RegimeUpdated::new)));
      }
      return new ScanActor(ctx, fleet, marketData, guardian, bots, records, settings, wiring, scheduling);
    }));
  }

  /**
   * How the scanner learns its bots and when it scans them: every {@code tick} it runs the bots whose schedule is due
   * (each bot's own {@code signal_source.schedule}, else the fleet's {@code interval}; {@code on_demand} bots never), and
   * every {@code registryRefresh} it asks {@code registry} for the fleet's bots (null: the configured fleet only).
   */
  public record Scheduling(Duration tick, BotRegistry registry, Duration registryRefresh) {
    /** The configured bots only, looked at every second (or at the interval, if shorter). */
    public static Scheduling fixed(Duration interval) {
      Duration tick = interval.isZero() || interval.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : interval;
      return new Scheduling(tick, null, Duration.ZERO);
    }
  }

  /**
   * What the scanner is wired to besides its fleet, inputs and settings.
   *
   * @param twinVenues the venue each paper twin trades on, by its bot's venue (a paper venue, never a real one)
   * @param chainFeeds where the option chains of bots on venues that quote them come from (IBKR): asked with the bars
   *     before the pipeline runs, each within {@link ScanSettings#chainTimeout}; a chain that fails or is late refuses
   *     the bot's structures, with why, in the report
   * @param chains where every option chain a scan's decisions used is kept (asynchronously; a failure is logged)
   * @param scheduling which bots are scanned when (null: {@link Scheduling#fixed} at the settings' interval)
   * @param scans where every finished scan's report (its ranked candidates, gate values, sizing and the selection's
   *     reasons) is kept (asynchronously; a failure is logged and counted, the scan goes on)
   */
  public record Wiring(TwinVenues twinVenues, ChainFeeds chainFeeds, ChainHistory chains, Scheduling scheduling,
      ScanHistory scans) {
    /** Each twin on its bot's venue, no option chains, the configured bots on the fleet's interval, no report kept. */
    public static final Wiring DEFAULT = new Wiring(null, null, null, null, null);

    public Wiring {
      twinVenues = twinVenues == null ? TwinVenues.sameVenue() : twinVenues;
      chainFeeds = chainFeeds == null ? ChainFeeds.NONE : chainFeeds;
      chains = chains == null ? ChainHistory.NONE : chains;
      scans = scans == null ? ScanHistory.NONE : scans;
    }

    public Wiring withTwinVenues(TwinVenues venues) {
      return new Wiring(venues, chainFeeds, chains, scheduling, scans);
    }

    public Wiring withChains(ChainFeeds feeds, ChainHistory kept) {
      return new Wiring(twinVenues, feeds, kept, scheduling, scans);
    }

    public Wiring withScheduling(Scheduling on) {
      return new Wiring(twinVenues, chainFeeds, chains, on, scans);
    }

    public Wiring withScans(ScanHistory kept) {
      return new Wiring(twinVenues, chainFeeds, chains, scheduling, kept);
    }
  }

  private record Due(String schedule, Instant at) {}

  private ScanActor(ActorContext<Scan.Command> ctx, ScanPipeline.Fleet fleet,
      Map<String, ActorRef<MarketData.Command>> marketData, ActorRef<RiskGuardian.Command> guardian, BotGateway bots,
      Supplier<Map<String, TrackRecord>> records, ScanSettings settings, Wiring wiring, Scheduling scheduling) {
    super(ctx);
    this.configured = fleet;
    this.scheduling = scheduling;
    this.chains = wiring.chains();
    this.scans = wiring.scans();
    ctx.setLoggerName(ScanActor.class); // not the timer wrapper's class: the fleet's log shows io.dorado at INFO
    this.fleet = fleet;
    this.marketData = Map.copyOf(marketData);
    this.guardian = guardian;
    this.bots = bots;
    this.records = records;
    this.settings = settings;
    this.twinVenues = wiring.twinVenues();
    this.chainFeeds = wiring.chainFeeds();
    // A hand-over starts a new scanner: the last list kept is the one picks are made from until this one scans.
    ctx.pipeToSelf(scans.recent(1), (kept, err) -> new Scan.LastRecalled(
        err != null || kept == null || kept.isEmpty() ? null : kept.get(0)));
  }

  @Override
  public Receive<Scan.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Scan.RunScan.class, this::runScan)
        .onMessage(Scan.GetLastReport.class, c -> {
          c.replyTo().tell(new Scan.LastReport(last));
          return this;
        })
        .onMessage(Scan.LastRecalled.class, c -> {
          if (last == null && c.report() != null) last = c.report(); // a scan of its own already is newer
          return this;
        })
        .onMessage(Scan.RegimeUpdated.class, c -> {
          regime = c.snapshot();
          return this;
        })
        .onMessage(Scan.InputsReady.class, this::inputsReady)
        .onMessage(Scan.DispatchesDone.class, this::dispatched)
        .onMessage(Scan.Tick.class, c -> tick())
        .onMessage(Scan.ScanBot.class, c -> scanBot(c, false))
        .onMessage(Scan.RegistrySeen.class, this::registrySeen)
        .build();
  }

  // ---- which bots, when -------------------------------------------------------------------------

  private Behavior<Scan.Command> tick() {
    Instant now = settings.clock().instant();
    if (scheduling.registry() != null && !registryAsking && (registryAskedAt == null
        || !now.isBefore(registryAskedAt.plus(scheduling.registryRefresh())))) {
      askRegistry(null);
    }
    var dueNow = new LinkedHashSet<String>();
    var present = new HashSet<String>();
    for (BotConfig b : fleet.scanBots()) {
      if (b.signalSource().onDemand()) continue;
      Optional<ScanSchedule> schedule = scheduleOf(b);
      if (schedule.isEmpty()) continue;
      present.add(b.id());
      TradingCalendar calendar = b.signalSource().ownSchedule().isPresent() ? calendarOf(b) : null;
      Due d = due.get(b.id());
      if (d != null && d.schedule().equals(schedule.get().text()) && now.isBefore(d.at())) continue;
      if (d != null && d.schedule().equals(schedule.get().text())) dueNow.add(b.id());
      Optional<Instant> next = schedule.get().next(now, calendar);
      if (next.isPresent()) {
        due.put(b.id(), new Due(schedule.get().text(), next.get()));
      } else {
        due.remove(b.id());
        present.remove(b.id());
      }
    }
    due.keySet().retainAll(present);
    if (!dueNow.isEmpty()) request(dueNow, null, "schedule");
    return this;
  }

  /** The bot's own schedule, else the fleet's interval (none when that is zero). */
  private Optional<ScanSchedule> scheduleOf(BotConfig b) {
    Optional<ScanSchedule> own = b.signalSource().ownSchedule();
    if (own.isPresent() || settings.interval().isZero()) return own;
    return Optional.of(ScanSchedule.every(settings.interval()));
  }

  /** The calendar of the bot's market: a bot's own schedule skips the times it is closed. */
  private TradingCalendar calendarOf(BotConfig b) {
    return fleet.universe().find(b.underlying()).map(Underlying::tradingCalendar).orElse(null);
  }

  private void askRegistry(Scan.ScanBot then) {
    registryAsking = true;
    registryAskedAt = settings.clock().instant();
    CompletionStage<List<BotConfig>> asked;
    try {
      asked = scheduling.registry().bots();
    } catch (RuntimeException e) {
      asked = CompletableFuture.failedFuture(e);
    }
    getContext().pipeToSelf(asked, (list, err) -> {
      if (err != null) getContext().getLog().info("the fleet registry did not answer ({}); scanning the bots known", err.toString());
      return new Scan.RegistrySeen(err == null ? list : null, then);
    });
  }

  private Behavior<Scan.Command> registrySeen(Scan.RegistrySeen c) {
    registryAsking = false;
    if (c.bots() != null) {
      Set<String> ids = new HashSet<>();
      c.bots().forEach(b -> ids.add(b.id()));
      List<BotConfig> own = c.bots().stream()
          .filter(b -> b.universe().equals(configured.universe().id()))
          .filter(b -> !isTwin(b.id(), ids))
          .toList();
      Set<String> before = new HashSet<>();
      fleet.bots().forEach(b -> before.add(b.id()));
      for (BotConfig b : own) {
        if (!before.contains(b.id())) getContext().getLog().info("scanner: bot {} joined ({})", b.id(), describe(b));
      }
      fleet = new ScanPipeline.Fleet(configured.universe(), configured.templates(), own, configured.policy(),
          configured.weights());
    }
    return c.then() == null ? this : scanBot(c.then(), true);
  }

  private static boolean isTwin(String id, Set<String> ids) {
    return id.endsWith(PAPER_SUFFIX) && ids.contains(id.substring(0, id.length() - PAPER_SUFFIX.length()));
  }

  private String describe(BotConfig b) {
    if (!b.signalMode().acceptsScan()) return "webhook signals only: not scanned";
    if (b.signalSource().onDemand()) return "scanned on demand";
    return scheduleOf(b).map(s -> "scanned " + s.text()).orElse("no scan interval: scanned on demand");
  }

  private Behavior<Scan.Command> scanBot(Scan.ScanBot c, boolean registryRead) {
    BotConfig b = fleet.bots().stream().filter(x -> x.id().equals(c.botId())).findFirst().orElse(null);
    if (b == null && scheduling.registry() != null && !registryRead) {
      askRegistry(c); // created a moment ago: the registry knows it before this scanner does
      return this;
    }
    if (b == null) {
      c.replyTo().tell(new Scan.BotScanAnswer(c.botId(), Scan.Outcome.UNKNOWN_BOT, "no bot '" + c.botId()
          + "' for the scanner" + (c.botId().endsWith(PAPER_SUFFIX) ? " (a paper twin is scanned with its bot)" : "")));
      return this;
    }
    if (!b.signalMode().acceptsScan()) {
      c.replyTo().tell(new Scan.BotScanAnswer(c.botId(), Scan.Outcome.NOT_SCANNED, "bot " + c.botId()
          + " takes webhook signals only (signal_mode webhook): the scanner does not scan it"));
      return this;
    }
    String under = runningId;
    request(Set.of(b.id()), null, c.requestedBy());
    getContext().getLog().info("scan of {} asked by {}", b.id(), c.requestedBy());
    c.replyTo().tell(under == null
        ? new Scan.BotScanAnswer(b.id(), Scan.Outcome.STARTED, "scan " + runningId + " of " + b.id() + " started")
        : new Scan.BotScanAnswer(b.id(), Scan.Outcome.QUEUED, "the scan of " + b.id() + " starts when " + under
            + " has finished"));
    return this;
  }

  /** A scan of {@code ids}: joins the scan under way if it covers them, else waits for it; starts now if none runs. */
  private void request(Set<String> ids, ActorRef<ScanReport> replyTo, String by) {
    if (runningId != null) {
      if (runningBots.containsAll(ids)) {
        if (replyTo != null) waiting.add(replyTo);
      } else {
        queued.addAll(ids);
        if (replyTo != null) queuedWaiting.add(replyTo);
      }
      return;
    }
    if (replyTo != null) waiting.add(replyTo);
    start(ids);
  }

  // ---- gather -----------------------------------------------------------------------------------

  /** Every scan bot that is not on demand, or the bots named. */
  private Behavior<Scan.Command> runScan(Scan.RunScan c) {
    var ids = new LinkedHashSet<String>();
    for (BotConfig b : fleet.scanBots()) {
      if (c.botIds().isEmpty() ? !b.signalSource().onDemand() : c.botIds().contains(b.id())) ids.add(b.id());
    }
    request(ids, c.replyTo(), c.requestedBy());
    return this;
  }

  private void start(Set<String> ids) {
    runningId = "scan-" + settings.clock().instant().toEpochMilli() + "-" + (++sequence);
    runningBots = Set.copyOf(ids);
    runningFleet = new ScanPipeline.Fleet(fleet.universe(), fleet.templates(),
        fleet.bots().stream().filter(b -> ids.contains(b.id())).toList(), fleet.policy(), fleet.weights());
    String scanId = runningId;
    var system = getContext().getSystem();
    var asks = new LinkedHashMap<String, CompletableFuture<MarketData.Bars>>();
    for (BotConfig b : runningFleet.scanBots()) {
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
  }

  /**
   * The option chains of option bots on venues that quote them, one ask per venue and underlying (over the union of
   * its bots' DTE ranges), each completing within the chain timeout: with the chain, or with why there is none.
   */
  private List<CompletableFuture<VenueOptionChain>> askChains() {
    var ranges = new LinkedHashMap<List<String>, int[]>();
    for (BotConfig b : runningFleet.scanBots()) {
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
    StrategyTemplate t = configured.templates().get(b.strategyTemplate());
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
    var inputs = new ScanPipeline.Inputs(c.scanId(), settings.clock().instant(), runningFleet, history, regime,
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

  /**
   * A directional candidate of a template with {@code order_type: limit}: its entry (already offset by
   * {@code entry_offset_atr}) rests at the venue for the template's {@code entry_timeout}; null: a market entry.
   */
  private java.time.Duration limitTimeout(Candidate c) {
    StrategyTemplate t = fleet.templates().get(c.template());
    return t == null || t.entry().orderType() != StrategyTemplate.EntryOrderType.LIMIT ? null : t.entry().entryTimeout();
  }

  private CompletableFuture<Dispatch> send(Candidate c, boolean paper) {
    String signalId = c.candidateId();
    Signal signal = !c.directional()
        ? StructureSignals.of(c, paper ? c.botId() + PAPER_SUFFIX : c.botId(), signalId, settings.clock().instant(), riskPct(c))
        : new Signal(signalId, paper ? c.botId() + PAPER_SUFFIX : c.botId(), c.symbol(),
        c.side() == Side.BUY ? SignalAction.ENTER_LONG : SignalAction.ENTER_SHORT, c.entry(), c.stop(), c.target(), "scan",
        settings.clock().instant(), riskPct(c), List.of(), limitTimeout(c));
    CompletionStage<Bot.Ack> ack;
    if (paper) {
      BotConfig own = runningFleet.bots().stream().filter(b -> b.id().equals(c.botId())).findFirst().orElseThrow();
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
    runningBots = Set.of();
    if (!queued.isEmpty() || !queuedWaiting.isEmpty()) { // asked for while this scan ran: their turn
      var next = new LinkedHashSet<>(queued);
      waiting.addAll(queuedWaiting);
      queued.clear();
      queuedWaiting.clear();
      start(next);
    }
    return this;
  }
}
