package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Dispatch;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import io.dorado.actors.testing.TestConfigs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A whole scan through the actor: market data in, the guardian's portfolio, a regime from the topic;
 * out come a report and signals: selected candidates to their bots, the rest to paper twins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanActorTest {
  /** Monday 10:00 New York: AAPL's options are in session, so the condor is not held back by its calendar. */
  private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("scan", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Bots as the scanner sees them: every command recorded and accepted. */
  private final class RecordingBots implements BotGateway {
    record Sent(String botId, Bot.Command command) {}

    final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    final ActorRef<Bot.Ack> nobody = testKit.<Bot.Ack>createTestProbe().ref();

    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      Bot.Command c = command.apply(nobody);
      sent.add(new Sent(botId, c));
      Phase phase = c instanceof Bot.Create ? Phase.IDLE : Phase.RISK_CHECK;
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, phase, "ok"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.failedFuture(new IllegalStateException("not needed"));
    }
  }

  private ActorRef<MarketData.Command> marketData(String symbol, List<Bar> bars) {
    var md = testKit.spawn(MarketDataActor.create(symbol, 2000));
    bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
    return md;
  }

  private ActorRef<RiskGuardian.Command> guardian(BigDecimal equity) {
    return testKit.spawn(Behaviors.receive(RiskGuardian.Command.class)
        .onMessage(RiskGuardian.GetStatus.class, g -> {
          g.replyTo().tell(new RiskGuardian.GuardianStatus(TradingState.ACTIVE, false, "", equity, equity, BigDecimal.ZERO,
              Map.of(), 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
          return Behaviors.same();
        })
        .build());
  }

  @Test
  void aScanSendsTheSelectedToTheirBotsAndTheRestToPaperTwins() {
    var universe = new Universe("test", List.of(ScanFixtures.underlying("BTC", AssetClass.CRYPTO),
        ScanFixtures.underlying("ETH", AssetClass.CRYPTO), ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS)));
    var templates = Map.of("long_crypto", ScanFixtures.anything(AssetClass.CRYPTO),
        "iron_condor", ScanFixtures.ironCondor(List.of("risk_on", "goldilocks"), null, null));
    BotConfig small = ScanFixtures.bot("btc-1", "BTC", "long_crypto", ScanFixtures.risk("0.25"), ApprovalMode.HUMAN_REQUIRED);
    BotConfig big = ScanFixtures.bot("eth-1", "ETH", "long_crypto", ScanFixtures.risk("3"), ApprovalMode.AUTO_EXECUTE);
    BotConfig second = ScanFixtures.bot("eth-2", "ETH", "long_crypto", ScanFixtures.risk("3"), ApprovalMode.AUTO_EXECUTE);
    BotConfig condor = ScanFixtures.bot("aapl-ic", "AAPL", "iron_condor", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
    var fleet = new ScanPipeline.Fleet(universe, templates, List.of(small, big, second, condor), RiskPolicy.DEFAULT,
        ScoringWeights.DEFAULT);
    var marketData = Map.of(
        "BTC", marketData("BTC", ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 500)),
        "ETH", marketData("ETH", Ta4jHistory.ethUsd5m("ETH")),
        "AAPL", marketData("AAPL", Ta4jHistory.aaplDaily("AAPL")));
    var topic = testKit.spawn(Topic.create(RegimeSnapshot.class, "regime-scan-test"));
    var bots = new RecordingBots();
    var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofSeconds(5), 30, Duration.ofHours(26),
        Clock.fixed(NOW, ZoneOffset.UTC));
    var scanner = testKit.spawn(ScanActor.create(fleet, marketData, guardian(new BigDecimal("100000")), bots, topic, Map::of,
        settings, ScanActor.Wiring.DEFAULT));

    // the regime arrives through the topic (retry until the subscription is registered)
    TestProbe<ScanReport> reports = testKit.createTestProbe();
    ScanReport report = null;
    for (int i = 0; i < 50 && (report == null || !report.regime().startsWith("risk_on")); i++) {
      topic.tell(Topic.publish(ScanFixtures.regime("risk_on", 0.8, NOW)));
      scanner.tell(new Scan.RunScan("test", reports.ref()));
      report = reports.receiveMessage(Duration.ofSeconds(20));
    }
    assertEquals("risk_on (80%)", report.regime());
    Map<String, BotScan> perBot = report.bots().stream().collect(Collectors.toMap(BotScan::botId, b -> b));
    assertEquals(4, perBot.size());
    Map<String, Selection> fate = report.selections().stream().collect(Collectors.toMap(Selection::candidateId, s -> s));
    Map<String, Dispatch> sentFor = report.dispatches().stream().collect(Collectors.toMap(Dispatch::candidateId, d -> d));

    // btc-1: small risk, fits every limit: its own bot gets the signal, exactly as the candidate says
    Candidate btc = perBot.get("btc-1").candidates().get(0);
    assertEquals(Selection.Fate.SELECTED, fate.get(btc.candidateId()).fate(), fate.get(btc.candidateId()).reason());
    Dispatch d = sentFor.get(btc.candidateId());
    assertEquals("btc-1", d.botId());
    assertEquals("accepted (risk_check)", d.outcome());
    var signal = bots.sent.stream().filter(s -> s.botId().equals("btc-1") && s.command() instanceof Bot.IngestSignal)
        .map(s -> ((Bot.IngestSignal) s.command()).signal()).reduce((a, b) -> b).orElseThrow();
    assertEquals(SignalAction.ENTER_LONG, signal.action());
    assertEquals(btc.entry(), signal.price());
    assertEquals(btc.stop(), signal.stop());
    assertEquals(btc.target(), signal.target());
    assertEquals("scan", signal.source());
    assertEquals(btc.candidateId(), signal.signalId());
    assertEquals(BigDecimal.valueOf(btc.riskPct()).setScale(4, java.math.RoundingMode.HALF_EVEN), signal.riskPct(),
        "the signal carries the risk % the scan sized it at");

    // eth-1 and eth-2 want 3% risk: each is capped to fit the 10% single-underlying limit alone; together they do
    // not fit, so one goes live and the other to paper, through a twin created first
    Candidate eth1 = perBot.get("eth-1").candidates().get(0);
    Candidate eth2 = perBot.get("eth-2").candidates().get(0);
    assertTrue(eth1.note().contains("capped at") && eth1.riskPct() < 3, eth1.note());
    Candidate eth = fate.get(eth1.candidateId()).fate() == Selection.Fate.PAPER ? eth1 : eth2;
    Candidate live = eth == eth1 ? eth2 : eth1;
    assertEquals(Selection.Fate.SELECTED, fate.get(live.candidateId()).fate());
    assertEquals(Selection.Fate.PAPER, fate.get(eth.candidateId()).fate());
    assertTrue(fate.get(eth.candidateId()).reason().startsWith("ETH exposure"), fate.get(eth.candidateId()).reason());
    String paperBot = eth.botId();
    assertEquals(paperBot + ".paper", sentFor.get(eth.candidateId()).botId());
    var twin = bots.sent.stream().filter(s -> s.botId().equals(paperBot + ".paper")).toList();
    BotConfig created = assertInstanceOf(Bot.Create.class, twin.get(0).command()).config();
    assertEquals(VenueMode.PAPER, created.venueMode());
    assertEquals(ApprovalMode.AUTO_EXECUTE, created.approvalMode());
    assertEquals("ETH", created.underlying());
    assertInstanceOf(Bot.IngestSignal.class, twin.get(1).command());
    assertTrue(bots.sent.stream().noneMatch(s -> s.botId().equals(paperBot)), "the real bot of the paper candidate gets nothing");

    // aapl-ic: gates and chain recorded; a dispatched structure goes to its bot (or twin) with its legs
    BotScan ic = perBot.get("aapl-ic");
    assertEquals(io.dorado.protocol.strategy.Gate.values().length, ic.gates().size(), ic.toString());
    assertTrue(ic.gates().stream().allMatch(io.dorado.protocol.strategy.GateVerdict::passed), ic.toString());
    assertTrue(ic.candidates().stream().allMatch(Candidate::synthetic));
    for (Candidate c : ic.candidates()) {
      Dispatch sent = sentFor.get(c.candidateId());
      if (sent == null) continue;
      var structure = bots.sent.stream().filter(s -> s.botId().equals(sent.botId()) && s.command() instanceof Bot.IngestSignal)
          .map(s -> ((Bot.IngestSignal) s.command()).signal()).filter(s -> s.signalId().equals(c.candidateId()))
          .findFirst().orElseThrow();
      assertEquals(SignalAction.ENTER_SHORT, structure.action());
      assertEquals(c.legs().size(), structure.legs().size());
      assertTrue(structure.price().compareTo(c.credit()) < 0, "sold for a little less than the scan's credit at worst");
    }

    TestProbe<Scan.LastReport> last = testKit.createTestProbe();
    scanner.tell(new Scan.GetLastReport(last.ref()));
    assertEquals(report, last.receiveMessage().report());
  }

  @Test
  void withoutTheGuardiansAnswerNothingGoesLive() {
    var universe = new Universe("test", List.of(ScanFixtures.underlying("BTC", AssetClass.CRYPTO)));
    BotConfig small = ScanFixtures.bot("btc-1", "BTC", "long_crypto", ScanFixtures.risk("0.25"), ApprovalMode.HUMAN_REQUIRED);
    var fleet = new ScanPipeline.Fleet(universe, Map.of("long_crypto", ScanFixtures.anything(AssetClass.CRYPTO)),
        List.of(small), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    var silent = testKit.spawn(Behaviors.<RiskGuardian.Command>ignore());
    var bots = new RecordingBots();
    var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofMillis(300), 30, Duration.ofHours(26),
        Clock.fixed(NOW, ZoneOffset.UTC));
    var scanner = testKit.spawn(ScanActor.create(fleet,
        Map.of("BTC", marketData("BTC", ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 500))),
        silent, bots, null, Map::of, settings, ScanActor.Wiring.DEFAULT));
    TestProbe<ScanReport> reports = testKit.createTestProbe();
    scanner.tell(new Scan.RunScan("test", reports.ref()));
    ScanReport report = reports.receiveMessage(Duration.ofSeconds(20));
    assertTrue(report.regime().startsWith("none"), report.regime());
    Selection s = report.selections().get(0);
    assertEquals(Selection.Fate.PAPER, s.fate());
    assertTrue(s.reason().contains("no portfolio state from the risk guardian"), s.reason());
    assertEquals("btc-1.paper", report.dispatches().get(0).botId());
  }

  @Test
  void everyFinishedScansRankedListIsKeptInTheScanHistory() {
    var universe = new Universe("test", List.of(ScanFixtures.underlying("BTC", AssetClass.CRYPTO)));
    BotConfig small = ScanFixtures.bot("btc-1", "BTC", "long_crypto", ScanFixtures.risk("0.25"), ApprovalMode.HUMAN_REQUIRED);
    var fleet = new ScanPipeline.Fleet(universe, Map.of("long_crypto", ScanFixtures.anything(AssetClass.CRYPTO)),
        List.of(small), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    var kept = new ConcurrentLinkedQueue<ScanReport>();
    var history = new io.dorado.protocol.strategy.ScanHistory() {
      @Override
      public CompletionStage<Void> save(ScanReport report) {
        kept.add(report);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<List<ScanReport>> recent(int limit) { // newest first, as ScanStore answers
        var newestFirst = new java.util.ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        return CompletableFuture.completedFuture(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
      }
    };
    var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofMillis(300), 30, Duration.ofHours(26),
        Clock.fixed(NOW, ZoneOffset.UTC));
    var scanner = testKit.spawn(ScanActor.create(fleet,
        Map.of("BTC", marketData("BTC", ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 500))),
        testKit.spawn(Behaviors.<RiskGuardian.Command>ignore()), new RecordingBots(), null, Map::of, settings,
        ScanActor.Wiring.DEFAULT.withScans(history)));
    TestProbe<ScanReport> reports = testKit.createTestProbe();
    scanner.tell(new Scan.RunScan("test", reports.ref()));
    ScanReport first = reports.receiveMessage(Duration.ofSeconds(20));
    scanner.tell(new Scan.RunScan("test", reports.ref()));
    ScanReport second = reports.receiveMessage(Duration.ofSeconds(20));

    assertEquals(List.of(first, second), List.copyOf(kept), "each report as sent, with its dispatches");
    Candidate btc = first.bots().get(0).candidates().get(0);
    assertTrue(btc.score() > 0 && btc.riskPct() > 0, btc.toString());
    assertEquals(btc.candidateId(), first.selections().get(0).candidateId());
    assertTrue(first.selections().get(0).reason().contains("no portfolio state"), first.selections().get(0).reason());

    // A hand-over: the scanner singleton starts on another node and has not scanned yet. It knows the last list kept,
    // so a human still picks from it (CandidatePicks asks GetLastReport), not "no scan has finished yet".
    testKit.stop(scanner);
    var successor = testKit.spawn(ScanActor.create(fleet, Map.of(),
        testKit.spawn(Behaviors.<RiskGuardian.Command>ignore()), new RecordingBots(), null, Map::of, settings,
        ScanActor.Wiring.DEFAULT.withScans(history)));
    TestProbe<Scan.LastReport> last = testKit.createTestProbe();
    last.awaitAssert(Duration.ofSeconds(5), () -> {
      successor.tell(new Scan.GetLastReport(last.ref()));
      assertEquals(second, last.receiveMessage().report());
      return null;
    });
  }

  /** One scan with no guardian answer (everything goes to paper) of {@code bot}; returns the twin's Bot.Create. */
  private BotConfig twinCreatedFor(BotConfig bot, String venue, TwinVenues twinVenues) {
    var universe = new Universe("test", List.of(new io.dorado.protocol.market.Underlying("BTC", AssetClass.CRYPTO, venue,
        "USD")));
    var fleet = new ScanPipeline.Fleet(universe, Map.of("long_crypto", ScanFixtures.anything(AssetClass.CRYPTO)),
        List.of(bot), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    var bots = new RecordingBots();
    var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofMillis(300), 30, Duration.ofHours(26),
        Clock.fixed(NOW, ZoneOffset.UTC));
    var scanner = testKit.spawn(ScanActor.create(fleet,
        Map.of("BTC", marketData("BTC", ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 500))),
        testKit.spawn(Behaviors.<RiskGuardian.Command>ignore()), bots, null, Map::of, settings,
        ScanActor.Wiring.DEFAULT.withTwinVenues(twinVenues)));
    TestProbe<ScanReport> reports = testKit.createTestProbe();
    scanner.tell(new Scan.RunScan("test", reports.ref()));
    ScanReport report = reports.receiveMessage(Duration.ofSeconds(20));
    assertEquals(bot.id() + ".paper", report.dispatches().get(0).botId(), report.toString());
    var twin = bots.sent.stream().filter(s -> s.botId().equals(bot.id() + ".paper")).toList();
    assertInstanceOf(Bot.IngestSignal.class, twin.get(1).command());
    assertTrue(bots.sent.stream().noneMatch(s -> s.botId().equals(bot.id())), "the bot itself gets nothing");
    return assertInstanceOf(Bot.Create.class, twin.get(0).command()).config();
  }

  /** The node's venues: a live Binance account (its one mode) and two paper venues. */
  private static final TwinVenues NODE_VENUES = TwinVenues.of(Map.of(
      "binance-live", java.util.Set.of(VenueMode.LIVE),
      "paper", java.util.Set.of(VenueMode.PAPER, VenueMode.SIMULATION),
      "sim", java.util.Set.of(VenueMode.PAPER, VenueMode.SIMULATION)), TwinVenues.PAPER_VENUE);

  @Test
  void theTwinOfABotOnALiveVenueAccountTradesPaperOnThePaperVenueNeverOnTheLiveAccount() {
    BotConfig live = new BotConfig("btc-live", "test", "BTC", "binance-live", VenueMode.LIVE, "long_crypto",
        io.dorado.protocol.bot.SignalMode.SCAN, ApprovalMode.HUMAN_REQUIRED, ScanFixtures.risk("0.25"),
        io.dorado.protocol.bot.RegimeFilter.ANY, Duration.ofHours(4));
    BotConfig twin = twinCreatedFor(live, "binance-live", NODE_VENUES);
    assertEquals("paper", twin.venue(), "a live account serves live only: the twin is on the paper venue");
    assertEquals(VenueMode.PAPER, twin.venueMode());
    assertEquals(ApprovalMode.AUTO_EXECUTE, twin.approvalMode());
    assertEquals("BTC", twin.underlying());
  }

  @Test
  void theTwinOfABotOnAPaperVenueStaysOnItsBotsVenue() {
    BotConfig paper = new BotConfig("btc-sim", "test", "BTC", "sim", VenueMode.PAPER, "long_crypto",
        io.dorado.protocol.bot.SignalMode.SCAN, ApprovalMode.HUMAN_REQUIRED, ScanFixtures.risk("0.25"),
        io.dorado.protocol.bot.RegimeFilter.ANY, Duration.ofHours(4));
    BotConfig twin = twinCreatedFor(paper, "sim", NODE_VENUES);
    assertEquals("sim", twin.venue());
    assertEquals(VenueMode.PAPER, twin.venueMode());
    assertEquals(ScanActor.twinOf(paper), twin, "as before: the bot's own venue");
  }
}
