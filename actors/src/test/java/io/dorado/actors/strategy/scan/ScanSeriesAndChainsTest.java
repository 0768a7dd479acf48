package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.BarAggregation;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.OptionChainSnapshot;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a scan reads and what it keeps: a bot whose template states a timeframe is scanned on that series of its
 * underlying, and the option chain each decision used is handed to the chain history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanSeriesAndChainsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z"); // a Monday, 10:00 in New York: AAPL options trade
  private final ActorTestKit testKit = ActorTestKit.create("scan-series", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final class AcceptingBots implements BotGateway {
    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.RISK_CHECK, "ok"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.failedFuture(new IllegalStateException("not needed"));
    }
  }

  private static final class MemoryChains implements ChainHistory {
    final List<OptionChainSnapshot> kept = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> save(List<OptionChainSnapshot> snapshots) {
      kept.addAll(snapshots);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<OptionChainSnapshot>> of(String underlying, LocalDate day) {
      return CompletableFuture.completedFuture(kept.stream().filter(s -> s.underlying().equals(underlying)).toList());
    }
  }

  private ActorRef<MarketData.Command> marketData(String symbol, List<Bar> bars) {
    var md = testKit.spawn(MarketDataActor.create(symbol, 2000));
    bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
    return md;
  }

  private static StrategyTemplate withTimeframe(StrategyTemplate t, String timeframe) {
    return new StrategyTemplate(t.name(), t.type(), t.underlyingClass(), t.legs(), t.structure(), t.regimeRequirements(),
        t.volatilityRequirements(), t.technicalRequirements(), t.entry(), t.management(), t.regimeOverrides(), t.sizing(),
        t.codeHook(), timeframe);
  }

  @Test
  void aBotIsScannedOnItsTemplatesTimeframeAndTheChainItsDecisionUsedIsKept() {
    var universe = new Universe("test", List.of(ScanFixtures.underlying("ETH", AssetClass.CRYPTO),
        ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS)));
    var templates = Map.of("crypto_15m", withTimeframe(ScanFixtures.anything(AssetClass.CRYPTO), "15m"),
        "iron_condor", ScanFixtures.ironCondor(List.of("risk_on", "goldilocks"), null, null));
    BotConfig eth = ScanFixtures.bot("eth-15m", "ETH", "crypto_15m", ScanFixtures.risk("0.25"), ApprovalMode.HUMAN_REQUIRED);
    BotConfig condor = ScanFixtures.bot("aapl-ic", "AAPL", "iron_condor", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
    var fleet = new ScanPipeline.Fleet(universe, templates, List.of(eth, condor), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    // ETH's own series (the source's 5m bars) is empty here; its 15m series, as the hub builds it, is not
    List<Bar> fifteen = BarAggregation.aggregate(Ta4jHistory.ethUsd5m("ETH"), "ETH", Duration.ofMinutes(15));
    var marketData = Map.of(
        "ETH", marketData("ETH", List.of()),
        "ETH@15m", marketData("ETH", fifteen),
        "AAPL", marketData("AAPL", Ta4jHistory.aaplDaily("AAPL")));
    var topic = testKit.spawn(Topic.create(RegimeSnapshot.class, "regime-scan-series-test"));
    var chains = new MemoryChains();
    var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofSeconds(5), 30, Duration.ofHours(26),
        Clock.fixed(NOW, ZoneOffset.UTC));
    var scanner = testKit.spawn(ScanActor.create(fleet, marketData, null, new AcceptingBots(), topic, Map::of, settings,
        ScanActor.Wiring.DEFAULT.withChains(ChainFeeds.NONE, chains)));

    TestProbe<ScanReport> reports = testKit.createTestProbe();
    ScanReport report = null;
    for (int i = 0; i < 50 && (report == null || !report.regime().startsWith("risk_on")); i++) {
      topic.tell(Topic.publish(ScanFixtures.regime("risk_on", 0.8, NOW)));
      scanner.tell(new Scan.RunScan("test", reports.ref()));
      report = reports.receiveMessage(Duration.ofSeconds(20));
    }
    Map<String, BotScan> perBot = report.bots().stream().collect(Collectors.toMap(BotScan::botId, b -> b));

    BotScan onFifteen = perBot.get("eth-15m");
    assertNull(onFifteen.skipped(), "scanned on ETH@15m (" + fifteen.size() + " bars): " + onFifteen.skipped());
    assertFalse(onFifteen.gates().isEmpty());

    BotScan ic = perBot.get("aapl-ic");
    assertFalse(ic.candidates().isEmpty(), "the condor got to its chain: " + ic.skipped());
    String scanId = report.scanId(); // earlier scans (before the regime arrived) kept theirs too
    List<OptionChainSnapshot> aapl = chains.kept.stream()
        .filter(s -> s.botId().equals("aapl-ic") && s.scanId().equals(scanId)).toList();
    assertEquals(1, aapl.size(), chains.kept.toString());
    OptionChainSnapshot s = aapl.get(0);
    assertEquals(report.scanId(), s.scanId());
    assertEquals("AAPL", s.underlying());
    assertEquals(NOW, s.takenAt());
    assertTrue(s.synthetic() && s.label().contains("synthetic"), s.label());
    assertTrue(s.spot() > 0);
    assertTrue(s.contracts().size() > 20, s.contracts().size() + " contracts");
    for (OptionChainSnapshot.Contract c : s.contracts()) {
      assertTrue(c.right().equals("put") || c.right().equals("call"), c.toString());
      assertTrue(c.bid() != null && c.ask() != null && c.ask() >= c.bid(), c.toString());
      assertEquals("model", c.greeksSource(), c.toString());
      assertTrue(c.delta() != null && c.impliedVol() != null, c.toString());
    }
    System.out.println("scan " + s.scanId() + ": kept the " + s.label() + " chain of " + s.underlying() + " ("
        + s.contracts().size() + " contracts, spot " + s.spot() + ") the condor decided on");
  }
}
