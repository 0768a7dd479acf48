package io.dorado.fleet.backtest;

import io.dorado.actors.strategy.marketdata.ReplayClock;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotLinks;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.actors.strategy.marketdata.PriceRelay;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Outcome;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One backtest: the order path's production actors (a {@link RiskGuardianActor} on the configuration's risk policy,
 * a {@link VenueActor} over the {@link PaperVenue} matching engine per venue, a {@link BotEntity} per bot) in an
 * ActorSystem of their own on the in-memory journal, on a {@link ReplayClock} (replayed time: event times, acknowledgement expiry and the guardian's cooldowns count in it). Each bar sets the clock to its
 * close, marks the guardian and quotes the venue as the market data relay does, and the order path settles
 * ({@link Quiescence}); then the signal rules see the bar, each signal goes to its bot (and through the guardian to
 * the venue), and the order path settles again before the next bar. Protective stops and targets rest at the paper
 * venue and fill there on a later bar's quote, as in a paper run.
 */
public final class BacktestRun implements AutoCloseable {
  private static final String SECRET = "backtest-ack-secret-0123456789abcdef";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Each run's ActorSystem has a name of its own: its mailboxes' counts are kept by it. */
  private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();
  /**
   * The actors' wall-clock timers (the bots' retries and protection checks, the guardian's reconciliation of working
   * orders, which runs as often as an acknowledgement lives) are for messages lost between nodes; in one process
   * nothing is lost, and a timer firing at a wall-clock moment would make a run depend on how fast it went. An hour
   * keeps them out of any backtest; acknowledgements are made and checked at the same replayed instant anyway.
   */
  private static final Duration NO_WALL_CLOCK_TIMER = Duration.ofHours(1);

  private final ActorSystem<Void> system;
  private final Path snapshots;
  private final BacktestPlan plan;
  private final BacktestSpec spec;
  private final ReplayClock clock;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final Map<String, ActorRef<Venue.Command>> venues = new LinkedHashMap<>();
  private final Map<String, ActorRef<Bot.Command>> bots = new LinkedHashMap<>();
  private final Quiescence quiescence;
  private final BigDecimal spreadBps;

  private BacktestRun(FleetConfig config, BacktestPlan plan, BacktestSpec spec) throws java.io.IOException {
    this.plan = plan;
    this.spec = spec;
    this.snapshots = Files.createTempDirectory("dorado-backtest-snapshots");
    Config settings = settings(snapshots);
    this.system = ActorSystem.create(Behaviors.empty(), "backtest-" + RUNS.incrementAndGet(), settings);
    this.clock = new ReplayClock(plan.bars().get(0).end());
    this.spreadBps = settings.hasPath("dorado.market-data.spread-bps")
        ? new BigDecimal(settings.getString("dorado.market-data.spread-bps")) : new BigDecimal("2");
    AckSigner signer = AckSigner.ofSecret(SECRET);
    var engine = new RiskEngine(config.riskPolicy(), Instrument.Lookup.of(config.universe(), config.riskPolicy()));
    guardian = system.systemActorOf(RiskGuardianActor.create(new RiskGuardianActor.Settings(
        VenueSettings.DEFAULT_GUARDIAN_ID, spec.startingCash(), NO_WALL_CLOCK_TIMER, signer, clock), engine,
        VenueDirectory.of(venues)), "guardian", org.apache.pekko.actor.typed.Props.empty());
    ActorRef<RiskGuardian.Command> toGuardian = guardian;
    ActorRef<OrderReport> reports = system.systemActorOf(Behaviors.<OrderReport>receiveMessage(r -> {
      toGuardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports", org.apache.pekko.actor.typed.Props.empty());
    var paper = PaperVenue.settingsFrom(settings);
    for (BotConfig b : plan.bots()) {
      venues.computeIfAbsent(b.venue(), id -> system.systemActorOf(VenueActor.create(
          new VenueSettings(id, VenueSettings.DEFAULT_GUARDIAN_ID, signer, clock, null, null),
          new PaperVenue(paper, clock, PaperVenue.DEFAULT_SETTLED_RETENTION).named(id), reports),
          "venue-" + id, org.apache.pekko.actor.typed.Props.empty()));
    }
    BotSettings botSettings = BotSettings.fromConfig(settings).withClock(clock).withRetryInterval(NO_WALL_CLOCK_TIMER);
    for (BotConfig b : plan.bots()) {
      bots.put(b.id(), system.systemActorOf(BotEntity.create(b.id(), BotLinks.of(guardian, VenueDirectory.of(venues)),
          botSettings), "bot-" + b.id(), org.apache.pekko.actor.typed.Props.empty()));
    }
    quiescence = new Quiescence(system, bots, guardian, List.copyOf(venues.values()), PATIENCE);
  }

  /** Runs {@code config} over its history as {@code spec} says, and reports. */
  public static BacktestReport run(FleetConfig config, String configName, BacktestSpec spec) {
    return run(config, configName, BacktestPlan.of(config, spec));
  }

  /** As above, on bars already loaded ({@link BacktestPlan}: the walk-forward loads them once). */
  public static BacktestReport run(FleetConfig config, String configName, BacktestPlan plan) {
    try (var run = new BacktestRun(config, plan, plan.spec())) {
      return run.play(configName);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no folder for the backtest's snapshots", e);
    }
  }

  private BacktestReport play(String configName) {
    for (BotConfig b : plan.bots()) create(b);
    var settled = quiescence.await();
    var ledgers = new LinkedHashMap<String, BotLedger>();
    var signals = new BacktestSignals(plan.bots(), spec.rules());
    for (BotConfig b : plan.bots()) ledgers.put(b.id(), new BotLedger(b.id(), b.underlying(), spec.startingCash()));
    var fleetEquity = new ArrayList<BigDecimal>();
    var equity = new ArrayList<BacktestReport.EquityPoint>();
    var denials = new TreeMap<String, Integer>();
    var lastClose = new java.util.HashMap<String, BigDecimal>();
    int sent = 0;
    int fleetBarsInMarket = 0;
    for (Bar bar : plan.bars()) {
      clock.advanceTo(bar.end());
      lastClose.put(bar.symbol(), bar.close());
      quote(bar);
      // A flat fleet with nothing resting at a venue has nothing the quote could change: no need to wait for it.
      if (!idle(settled)) settled = quiescence.await();
      var orders = signals.onBar(bar, settled.bots());
      for (var signal : orders) bots.get(signal.botId()).tell(new Bot.IngestSignal(signal, system.ignoreRef()));
      sent += orders.size();
      if (!orders.isEmpty()) settled = quiescence.await();
      for (var signal : orders) {
        if (signal.action().isEntry()) denial(settled.bots().get(signal.botId()), bar.end()).ifPresent(
            reason -> denials.merge(reason, 1, Integer::sum));
      }
      var botEquity = new TreeMap<String, BigDecimal>();
      boolean anyOpen = false;
      for (var ledger : ledgers.values()) {
        BotState s = settled.bots().get(ledger.botId);
        ledger.record(s, bar.end(), lastClose.get(ledger.symbol));
        botEquity.put(ledger.botId, Performance.money(ledger.equity.get(ledger.equity.size() - 1)));
        anyOpen |= !s.data().position().isFlat();
      }
      if (anyOpen) fleetBarsInMarket++;
      BigDecimal fleet = settled.guardian().equity();
      fleetEquity.add(fleet);
      equity.add(new BacktestReport.EquityPoint(bar.end(), Performance.money(fleet), botEquity));
    }
    var results = new TreeMap<String, BacktestReport.BotResult>();
    var allTrades = new ArrayList<BacktestReport.Trade>();
    for (var ledger : ledgers.values()) {
      results.put(ledger.botId, new BacktestReport.BotResult(ledger.symbol,
          Performance.of(ledger.equity, ledger.trades, ledger.barsInMarket(), plan.barLength()), List.copyOf(ledger.trades)));
      allTrades.addAll(ledger.trades);
    }
    allTrades.sort(java.util.Comparator.comparing(BacktestReport.Trade::closedAt));
    return new BacktestReport(configName, plan.bars().get(0).end(), plan.bars().get(plan.bars().size() - 1).end(),
        spec.seed(), spec.rules().toString(), plan.bars().size(), sent, denials,
        Performance.of(fleetEquity, allTrades, fleetBarsInMarket, plan.barLength()), results, plan.skipped(), equity);
  }

  private static boolean idle(Quiescence.Settled settled) {
    return settled.guardian().workingOrders() == 0
        && settled.bots().values().stream().allMatch(s -> s.data().isFlat() && s.phase() != Phase.MONITORING);
  }

  /** The guardian's reason code when {@code state} is a bot whose entry it refused at {@code at}. */
  static Optional<String> denial(BotState state, Instant at) {
    Outcome last = state.data().lastOutcome();
    if (last == null || last.phase() != Phase.REJECTED || !at.equals(last.at()) || last.reason() == null) {
      return Optional.empty();
    }
    var code = DENIED.matcher(last.reason());
    return Optional.of(code.find() ? code.group(1).toLowerCase() : last.reason().split(" \\(")[0]);
  }

  private static final java.util.regex.Pattern DENIED = java.util.regex.Pattern.compile("risk denied: ([A-Z_]+)");

  /** What the market data relay does with a closed bar: marks the guardian, quotes the venue around the close. */
  private void quote(Bar bar) {
    Instant now = clock.instant();
    guardian.tell(new RiskGuardian.MarkPrice(bar.symbol(), bar.close(), now));
    BigDecimal half = PriceRelay.halfSpread(bar.close(), spreadBps);
    for (String venue : plan.venuesOf(bar.symbol())) {
      venues.get(venue).tell(new Venue.MarketPrice(bar.symbol(), bar.close().subtract(half), bar.close().add(half), now));
    }
  }

  /** Creates the bot as configured, but trading on paper and without waiting for a human (nobody approves a backtest). */
  private void create(BotConfig b) {
    var config = new BotConfig(b.id(), b.universe(), b.underlying(), b.venue(), VenueMode.PAPER, b.strategyTemplate(),
        b.signalMode(), ApprovalMode.AUTO_EXECUTE, b.sizing(), b.regimeFilter(), b.approvalTimeout(), b.signalSource());
    Bot.Ack ack = quiescence.answer(bots.get(b.id()), replyTo -> new Bot.Create(config, replyTo));
    if (!(ack instanceof Bot.Accepted)) throw new IllegalArgumentException("bot " + b.id() + " was not created: " + ack);
  }

  /**
   * A local ActorSystem on the in-memory journal (a real journal plugin: the entities persist and recover their
   * events as on Cassandra) and local snapshots in a temporary folder; nothing leaves the process.
   */
  private static Config settings(Path snapshots) {
    return ConfigFactory.parseString("""
            pekko.actor.provider = local
            pekko.actor.default-mailbox.mailbox-type = "io.dorado.fleet.backtest.CountingMailbox"
            pekko.loglevel = WARNING
            # One thread runs every actor, Pekko's own and the journal's: between two bars the order of their work is
            # then the order of their messages, not a race between threads (the entry's fill reaches the bot directly
            # and the guardian through a relay, and which comes first decides whether a protective order is refused).
            pekko.actor.default-dispatcher {
              executor = "thread-pool-executor"
              thread-pool-executor.fixed-pool-size = 1
            }
            pekko.actor.internal-dispatcher = "pekko.actor.default-dispatcher"
            pekko.persistence.journal.inmem.plugin-dispatcher = "pekko.actor.default-dispatcher"
            pekko.persistence.journal.inmem.replay-dispatcher = "pekko.actor.default-dispatcher"
            pekko.persistence.snapshot-store.local.plugin-dispatcher = "pekko.actor.default-dispatcher"
            pekko.persistence.snapshot-store.local.stream-dispatcher = "pekko.actor.default-dispatcher"
            pekko.persistence.journal.plugin = "pekko.persistence.journal.inmem"
            pekko.persistence.snapshot-store.plugin = "pekko.persistence.snapshot-store.local"
            pekko.persistence.journal.auto-start-journals = []
            pekko.persistence.snapshot-store.auto-start-snapshot-stores = []
            pekko.persistence.snapshot-store.local.dir = "%s"
            """.formatted(snapshots.toString().replace("\\", "/")))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the report is made; a slow shutdown does not change it
    }
    CountingMailbox.forget(system.name());
    try (var files = Files.walk(snapshots)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary folder left behind
    }
  }
}
