package io.dorado.fleet.demo;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.StrategyNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.TradeView;
import io.dorado.fleet.FleetSetup;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's end to end: the bundled demo configuration on a real single-node fleet (real Cassandra),
 * its market data replayed from the ta4j-examples history on an accelerated clock, the regime radar,
 * scheduled scans, paper twins and position management all running as they do under {@code bin/run}.
 * When the replays are over, the positions still open are closed by the operator; then every bot's
 * realized P&L, every closed trade on the read side and the paper venue's own fills must agree to the cent.
 */
class DemoReplayTest {
  /** How much faster than the run command's demo the replay goes (the demo plays 1 bar a second). */
  private static final double FASTER = 25;
  /**
   * AAPL goes only 6 times faster (6 trading days a second): the iron condor's gates pass on a dozen days of
   * the 2013 history (late September), which the scans must not skip over.
   */
  private static final double AAPL_FASTER = 6;

  @Test
  void the_demo_fleet_trades_the_replayed_history_and_its_closed_trades_reconcile_with_the_fills() throws Exception {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = INFO
            dorado.risk.ack-secret = "demo-replay-secret-0123456789"
            dorado.bot.retry-interval = 500ms
            dorado.scan.interval = 500ms
            dorado.regime.refresh-interval = 2s
            dorado.manage.interval = 300ms
            """)
        // A journal of its own: the guardian's persistence id is the same in every fleet test of this JVM, and
        // another test's losses could leave its breakers tripped (trading HALTED) for this one.
        .withFallback(TestCassandra.journalOfItsOwn("demo_replay"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
    String run = "r" + System.nanoTime() % 100000; // the journal is shared with other tests: ids of our own
    FleetConfig loaded = FleetConfigLoader.loadDemo();
    // The replay runs 25 times faster than the demo: no wall-clock re-entry cooldown, so bots trade more than once.
    var p = loaded.riskPolicy();
    var o = p.orders();
    var policy = new io.dorado.protocol.risk.RiskPolicy(p.version(), p.portfolio(), p.circuitBreakers(),
        new io.dorado.protocol.risk.RiskPolicy.Orders(o.maxOrderNotional(), o.maxOrderQuantity(), o.priceBandPct(), o.rateLimit(),
            Duration.ZERO, o.maxLossPerTrade(), o.requireReview()), p.sizing());
    // Limit entries rest for their template's entry_timeout in wall-clock time (the demo's: 30 min, 2 h), while the
    // replay runs through bars in milliseconds: here an entry the market did not reach is cancelled after 3 s, or the
    // replay would end with a bot still EXECUTING on a resting entry.
    var templates = new java.util.LinkedHashMap<String, io.dorado.protocol.strategy.StrategyTemplate>();
    loaded.templates().forEach((id, t) -> templates.put(id, replaySpeed(t)));
    FleetConfig demo = new FleetConfig(loaded.universe(), loaded.dataConfig(), templates, loaded.bots(),
        policy, loaded.scoring(), loaded.ladder());
    List<BotConfig> bots = demo.bots().stream().map(b -> renamed(b, b.id() + "-" + run)).toList();
    var pipeline = new io.dorado.actors.strategy.scan.ScanPipeline.Fleet(demo.universe(), demo.templates(), bots, demo.riskPolicy(),
        demo.scoring());
    var sources = new LinkedHashMap<String, MarketDataSource>();
    demo.dataConfig().sources().forEach((symbol, s) -> sources.put(symbol, new MarketDataSource(s.type(), s.dataset(), s.path(),
        s.url(), s.bar(), s.pollInterval(), s.speed() * (symbol.equals("AAPL") ? AAPL_FASTER : FASTER))));
    var fills = new ConcurrentHashMap<String, Fill>();

    try (FleetNode node = FleetNode.start(config, FleetSetup.node(demo, new BigDecimal("100000"), false),
        venue -> new RecordingFills(PaperVenue.fromConfig(config), fills))) {
      FleetOperations ops = node.operations();
      for (BotConfig b : bots) {
        eventually(() -> ops.createBot(b, "test").toCompletableFuture().get(10, TimeUnit.SECONDS), r -> r instanceof Fleet.Done);
      }
      StrategyNode strategy = StrategyNode.start(node, config, pipeline, sources);

      // The replays run to their last bar: 252 AAPL days, 580 ETH bars, the Bitstamp trades as 15-minute bars.
      var probe = TestProbe.<MarketData.Bars>create(node.system());
      Map<String, Integer> expected = Map.of("AAPL", 252, "ETH", 580);
      for (String symbol : sources.keySet()) {
        eventually(Duration.ofMinutes(3), () -> {
          strategy.marketData().get(symbol).tell(new MarketData.GetBars(5000, probe.getRef()));
          return probe.receiveMessage(Duration.ofSeconds(5)).bars().size();
        }, n -> n >= expected.getOrDefault(symbol, 600));
      }
      // The radar singleton published on its topic, and the API's regime view reads it.
      var regime = eventually(() -> ops.regime().toCompletableFuture().get(10, TimeUnit.SECONDS), Optional::isPresent).get();
      System.out.println("Regime view: " + regime);
      assertTrue(regime.macroRegime() != null && regime.trendState() != null, regime.toString());
      ScanReport report = lastScan(node, strategy);
      System.out.println("Last scan, regime " + report.regime());
      report.bots().forEach(b -> System.out.println("  " + b.botId() + ": " + b.candidates().size() + " candidates"
          + (b.skipped() == null ? "" : ", " + b.skipped())));
      report.selections().forEach(x -> System.out.println("  " + x.candidateId() + " " + x.fate() + ": " + x.reason()));
      report.dispatches().forEach(d -> System.out.println("  sent " + d.signalId() + " to " + d.botId() + ": " + d.outcome()));
      assertEquals(bots.size(), report.bots().size(), "every configured bot is scanned");
      report.bots().forEach(b -> assertTrue(!b.candidates().isEmpty() || b.skipped() != null,
          b.botId() + " has neither a candidate nor a recorded reason"));
      assertTrue(report.selections().stream().allMatch(s -> s.reason() != null && !s.reason().isBlank()));
      // Every finished scan's ranked list is kept in Cassandra (dorado.scan.history), newest first.
      var kept = eventually(() -> ops.scans(3).toCompletableFuture().get(10, TimeUnit.SECONDS), l -> l.size() >= 2);
      assertTrue(!kept.get(0).at().isBefore(kept.get(1).at()), "newest first: " + kept.get(0).scanId() + ", "
          + kept.get(1).scanId());
      System.out.println("Scan history: " + kept.size() + " kept, newest " + kept.get(0).scanId());

      // Every bot the fleet knows (the configured ones and the paper twins the scans created) ends flat.
      List<String> ids = new ArrayList<>();
      for (BotConfig b : bots) {
        ids.add(b.id());
        ids.add(b.id() + ScanActor.PAPER_SUFFIX);
      }
      // The replay is over: the fleet takes no new signals, or a scan still running could open a trade while
      // this test counts (management still closes what is open).
      assertInstanceOf(Fleet.Done.class, ops.pauseAll("test", "the replay is over").toCompletableFuture().get(10, TimeUnit.SECONDS));
      for (String id : ids) {
        eventually(() -> state(ops, id), st -> st.isEmpty() || st.get().data().paused());
      }
      for (String id : ids) {
        BotState s = eventually(() -> state(ops, id), st -> st.isEmpty() || settled(st.get())).orElse(null);
        if (s != null && s.phase() == Phase.MONITORING) {
          ops.closePosition(id, "test", "the replay is over").toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      }
      var finals = new TreeMap<String, BotState>();
      for (String id : ids) {
        eventually(() -> state(ops, id), st -> st.isEmpty() || flat(st.get())).ifPresent(s -> finals.put(id, s));
      }

      // The reconciliation: per bot, realized P&L = sells - buys - commissions over the venue's fills.
      int closedTrades = 0;
      System.out.println("Demo replay (" + run + "): " + fills.size() + " fills at the paper venue");
      for (var e : finals.entrySet()) {
        String id = e.getKey();
        List<Fill> own = fills.values().stream().filter(f -> f.clientOrderId().value().startsWith(id + "-")
            && f.clientOrderId().value().substring(id.length() + 1).matches("\\d+")).toList();
        BigDecimal fromFills = cents(own.stream().map(DemoReplayTest::cash).reduce(BigDecimal.ZERO, BigDecimal::add));
        BigDecimal realized = cents(e.getValue().data().realizedPnl());
        List<TradeView> trades = own.isEmpty() ? List.of() : eventually(() -> trades(ops, id),
            t -> cents(t.stream().map(TradeView::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add)).equals(fromFills));
        BigDecimal fromTrades = cents(trades.stream().map(TradeView::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add));
        System.out.printf("  %-28s %-17s %2d fills, %2d closed trades, P&L from fills %10s, bot %10s, trades %10s%n", id,
            e.getValue().phase(), own.size(), trades.size(), fromFills, realized, fromTrades);
        trades.forEach(t -> System.out.printf("      %s %s %s -> %s: %s (%s)%n", t.tradeId(), t.quantity(), t.entryPrice(),
            t.exitPrice(), t.realizedPnl(), t.reason()));
        System.out.println("      last outcome: " + e.getValue().data().lastOutcome());
        assertEquals(fromFills, realized, id + ": the bot's realized P&L is the sum of its fills");
        assertEquals(fromFills, fromTrades, id + ": its closed trades add up to its fills");
        closedTrades += trades.size();
      }
      assertTrue(closedTrades > 0, "the demo closed no trade");

      // The iron condor bot (its paper twin: the real one waits for a human) sold condors as combo orders and
      // bought them back: one fill per leg each way, one closed trade per condor, the put side and the call side
      // of the last one adding up to its P&L.
      String condor = bots.stream().filter(b -> b.strategyTemplate().equals("iron_condor")).findFirst().orElseThrow().id()
          + ScanActor.PAPER_SUFFIX;
      List<Fill> legFills = fills.values().stream().filter(f -> f.clientOrderId().botId().equals(condor)).toList();
      // What the scans made of the condor bot (oldest first), and what its twin's signals became: why it did or did not trade.
      var condorScans = new ArrayList<>(ops.scans(200).toCompletableFuture().get(10, TimeUnit.SECONDS));
      java.util.Collections.reverse(condorScans);
      String condorBot = condor.substring(0, condor.length() - ScanActor.PAPER_SUFFIX.length());
      for (ScanReport s : condorScans) {
        s.bots().stream().filter(b -> b.botId().equals(condorBot)).forEach(b -> System.out.println("  scan " + s.scanId()
            + " " + condorBot + ": " + (b.skipped() == null ? b.candidates().size() + " candidates" : b.skipped())));
        s.dispatches().stream().filter(d -> d.botId().startsWith(condorBot)).forEach(d -> System.out.println(
            "    sent " + d.signalId() + " to " + d.botId() + ": " + d.outcome()));
      }
      if (finals.containsKey(condor)) System.out.println("  " + condor + " last outcome: " + finals.get(condor).data().lastOutcome());
      assertTrue(legFills.size() >= 8 && legFills.stream().allMatch(f -> f.symbol().startsWith("AAPL  ") && f.symbol().length() == 21),
          condor + " opened and closed no condor: " + legFills);
      List<TradeView> condorTrades = trades(ops, condor);
      assertFalse(condorTrades.isEmpty(), condor + " has no closed trade");
      var structure = finals.get(condor).data().structure();
      TradeView last = condorTrades.stream().max(java.util.Comparator.comparing(TradeView::closedAt)).orElseThrow();
      System.out.println("  " + condor + ": last condor put side " + structure.putSidePnl() + ", call side "
          + structure.callSidePnl() + "; " + finals.get(condor).data().lastOutcome().reason());
      ops.botHistory(condor, PageRequest.first(200)).toCompletableFuture().get(10, TimeUnit.SECONDS).items().stream()
          .filter(j -> j.event() instanceof io.dorado.protocol.bot.BotEvent.ClosingStarted)
          .forEach(j -> System.out.println("      closed: " + ((io.dorado.protocol.bot.BotEvent.ClosingStarted) j.event()).reason()));
      assertEquals(cents(last.realizedPnl()), cents(structure.putSidePnl().add(structure.callSidePnl())),
          "the last condor's P&L is its put side plus its call side");
      // Live trading is off: every bot the fleet lists (twins included) is on the paper step of the ladder.
      var listed = ops.bots().toCompletableFuture().get(10, TimeUnit.SECONDS).bots().stream()
          .filter(b -> finals.containsKey(b.botId())).toList();
      assertEquals(finals.keySet(), listed.stream().map(b -> b.botId()).collect(java.util.stream.Collectors.toSet()));
      listed.forEach(b -> assertEquals(io.dorado.protocol.fleet.Stage.PAPER, b.stage(), b.botId()));
      assertFalse(fills.isEmpty());
    }
  }

  private static ScanReport lastScan(FleetNode node, StrategyNode strategy) throws InterruptedException {
    var probe = TestProbe.<ScanReport>create(node.system());
    return eventually(() -> {
      strategy.scan().tell(new Scan.RunScan("test", probe.getRef()));
      return probe.receiveMessage(Duration.ofSeconds(30));
    }, r -> r != null);
  }

  private static boolean settled(BotState s) {
    return switch (s.phase()) {
      case IDLE, MONITORING, AWAITING_APPROVAL, NEW -> true;
      default -> false;
    };
  }

  private static io.dorado.protocol.strategy.StrategyTemplate replaySpeed(io.dorado.protocol.strategy.StrategyTemplate t) {
    var e = t.entry();
    if (e == null || e.entryTimeout() == null) return t;
    var entry = new io.dorado.protocol.strategy.StrategyTemplate.Entry(e.direction(), e.orderType(), e.entryOffsetAtr(),
        e.shortPut(), e.longPut(), e.shortCall(), e.longCall(), e.dteRange(), e.strikeSelectionPriority(),
        Duration.ofSeconds(3));
    return new io.dorado.protocol.strategy.StrategyTemplate(t.name(), t.type(), t.underlyingClass(), t.legs(), t.structure(),
        t.regimeRequirements(), t.volatilityRequirements(), t.technicalRequirements(), entry, t.management(),
        t.regimeOverrides(), t.sizing(), t.codeHook(), t.timeframe());
  }

  private static boolean flat(BotState s) {
    return settled(s) && s.phase() != Phase.MONITORING && s.data().isFlat();
  }

  private static Optional<BotState> state(FleetOperations ops, String id) throws Exception {
    return ops.liveState(id, true).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<TradeView> trades(FleetOperations ops, String id) throws Exception {
    return ops.trades(Optional.of(id), PageRequest.first(500)).toCompletableFuture().get(10, TimeUnit.SECONDS).items();
  }

  /** What a fill does to cash: a sell brings in its notional, a buy pays it; commissions always cost. */
  private static BigDecimal cash(Fill f) {
    BigDecimal notional = f.quantity().multiply(f.price());
    return (f.side() == Side.SELL ? notional : notional.negate()).subtract(f.commission());
  }

  private static BigDecimal cents(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static BotConfig renamed(BotConfig b, String id) {
    return new BotConfig(id, b.universe(), b.underlying(), b.venue(), b.venueMode(), b.strategyTemplate(), b.signalMode(),
        b.approvalMode(), b.sizing(), b.regimeFilter(), b.approvalTimeout());
  }

  /** The paper venue, with every fill it makes recorded (by fill id: a fill reported twice counts once). */
  private static final class RecordingFills extends ForwardingVenueAdapter {
    private final Map<String, Fill> fills;

    RecordingFills(io.dorado.actors.orderpath.venue.VenueAdapter delegate, Map<String, Fill> fills) {
      super(delegate);
      this.fills = fills;
    }

    @Override
    public void connect(Consumer<OrderReport> listener) {
      delegate.connect(report -> {
        if (report instanceof OrderReport.Filled f) fills.putIfAbsent(f.fill().fillId(), f.fill());
        listener.accept(report);
      });
    }

    @Override
    public java.util.concurrent.CompletionStage<OrderReport.Status> query(io.dorado.protocol.order.ClientOrderId id) {
      return delegate.query(id).thenApply(s -> {
        s.fills().forEach(f -> fills.putIfAbsent(f.fillId(), f));
        return s;
      });
    }
  }
}
