package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.actors.strategy.scan.ScanPipeline;
import io.dorado.actors.strategy.scan.ScanSettings;
import io.dorado.actors.strategy.scan.TrackRecord;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.cluster.ops.TrackRecordsView;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.readside.TradeQueries;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.AtrLevel;
import io.dorado.protocol.strategy.StrategyTemplate.Direction;
import io.dorado.protocol.strategy.StrategyTemplate.Entry;
import io.dorado.protocol.strategy.StrategyTemplate.EntryOrderType;
import io.dorado.protocol.strategy.StrategyTemplate.Management;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizing;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizingMethod;
import io.dorado.protocol.strategy.TemplateType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Track records from the read side's closed trades (real Cassandra, {@code dorado_read.trades_by_bot}) reach the scan's
 * sizing through {@link TrackRecordCache}, the supplier the strategy node gives the scanner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackRecordSizingTest {
  private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("track-records", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  @DisplayName("a bot with 25 closed trades in the read side is sized by half Kelly from them; a bot with 5 falls back to"
      + " its own sizing, saying so; the figures are those the API shows")
  void aBotWithARecordIsSizedByKellyFromTheReadSide() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String seasoned = "kelly-" + run, fresh = "fresh-" + run;
    try (CqlSession session = Sessions.open(TestCassandra.settings())) {
      // seasoned: 15 wins of +200 and 10 losses of −100 (p 0.60, b 2.00: f* = 0.6 − 0.4 / 2 = 0.40); the newest 20
      // hold 12 wins. fresh: 5 trades, all wins.
      for (int i = 0; i < 25; i++) closed(session, seasoned, i, i % 5 < 3 ? "200" : "-100");
      for (int i = 0; i < 5; i++) closed(session, fresh, i, "50");

      var templates = Map.of("seasoned_kelly", halfKelly(), "fresh_kelly", halfKelly());
      BotConfig a = bot(seasoned, "seasoned_kelly");
      BotConfig b = bot(fresh, "fresh_kelly");
      var cache = new TrackRecordCache(() -> CompletableFuture.completedFuture(List.of(a, b)), TradeQueries.create(session),
          200, Clock.fixed(NOW, ZoneOffset.UTC));
      TrackRecordsView view = cache.refresh().toCompletableFuture().get(30, TimeUnit.SECONDS);

      TrackRecord record = cache.get().get(TrackRecord.botKey(seasoned));
      assertEquals(new TrackRecord(25, 0.6, 2.0, 0.6), record);
      assertEquals(record, cache.get().get("seasoned_kelly"), "the template's record: its one bot's trades");
      TrackRecordsView.Entry shown = view.bots().stream().filter(e -> e.id().equals(seasoned)).findFirst().orElseThrow();
      assertEquals(new TrackRecordsView.Entry(seasoned, "seasoned_kelly", 25, 0.6, 2.0, 0.6, true), shown);
      assertEquals(new TrackRecordsView.Entry(fresh, "fresh_kelly", 5, 1.0, 0.0, 1.0, false),
          view.bots().stream().filter(e -> e.id().equals(fresh)).findFirst().orElseThrow(), "no loss yet: no payoff");
      assertEquals(NOW, view.refreshedAt());
      // The same trades as returns on their notional (1 × 100): what the projector resamples, Kelly the same.
      var returns = cache.returns().bots().stream()
          .collect(Collectors.toMap(io.dorado.cluster.ops.TradeReturns.Bot::botId, r -> r.returns()));
      assertEquals(25, returns.get(seasoned).size());
      assertEquals(-1.0, returns.get(seasoned).get(0), 1e-12, "newest first: the 25th trade lost 100 of 100");
      assertEquals(0.4, io.dorado.actors.projector.KellyFractions.of(
          returns.get(seasoned).stream().mapToDouble(Double::doubleValue).toArray()).full(), 1e-12);
      assertEquals(List.of(0.5, 0.5, 0.5, 0.5, 0.5), returns.get(fresh));

      var universe = new Universe("test", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
      var fleet = new ScanPipeline.Fleet(universe, templates, List.of(a, b), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
      var settings = new ScanSettings(Duration.ZERO, 500, Duration.ofMillis(300), 30, Duration.ofHours(26),
          Clock.fixed(NOW, ZoneOffset.UTC));
      var scanner = testKit.spawn(ScanActor.create(fleet, Map.of("BTC", marketData("BTC")),
          testKit.spawn(Behaviors.<RiskGuardian.Command>ignore()), new AcceptingBots(), null, cache, settings,
          ScanActor.Wiring.DEFAULT));
      TestProbe<ScanReport> reports = testKit.createTestProbe();
      scanner.tell(new Scan.RunScan("test", reports.ref()));
      Map<String, BotScan> perBot = reports.receiveMessage(Duration.ofSeconds(20)).bots().stream()
          .collect(Collectors.toMap(BotScan::botId, s -> s));

      Candidate kelly = perBot.get(seasoned).candidates().get(0);
      System.out.println("track record sizing: " + seasoned + " " + kelly.note().substring(kelly.note().indexOf("sizing:")));
      assertTrue(kelly.note().contains("sizing: half Kelly: p 0.60, b 2.00, f* 0.400 -> 20.00%"), kelly.note());
      Candidate fallback = perBot.get(fresh).candidates().get(0);
      System.out.println("track record sizing: " + fresh + " " + fallback.note().substring(fallback.note().indexOf("sizing:")));
      assertTrue(fallback.note().contains("sizing: fixed 1% risk (half Kelly needs 20 closed trades, has 5)"),
          fallback.note());
    }
  }

  private static void closed(CqlSession session, String botId, int i, String pnl) {
    Instant closedAt = NOW.minus(Duration.ofHours(100 - i));
    session.execute("INSERT INTO dorado_read.trades_by_bot (bot_id, trade_id, symbol, direction, quantity, entry_price,"
            + " exit_price, realized_pnl, commission, fills, opened_at, closed_at) VALUES (?, ?, 'BTC', 'LONG', 1, 100,"
            + " 100, ?, 0, 2, ?, ?)", botId, botId + "@" + (i * 2 + 1), new BigDecimal(pnl),
        closedAt.minus(Duration.ofHours(1)), closedAt);
  }

  /** Long at market, no requirement: every gate passes; sized by half Kelly from the track record. */
  private static StrategyTemplate halfKelly() {
    return new StrategyTemplate("Kelly momentum", TemplateType.CRYPTO_DIRECTIONAL, AssetClass.CRYPTO, null, null, null,
        null, null, new Entry(Direction.LONG, EntryOrderType.MARKET, 0.0, null, null, null, null, null, null),
        new Management(null, null, null, null, null, null, null, new AtrLevel(null, 2.0), new AtrLevel(null, 3.0), 7,
            null),
        null, new TemplateSizing(TemplateSizingMethod.HALF_KELLY, null), null);
  }

  private static BotConfig bot(String id, String template) {
    return new BotConfig(id, "test", "BTC", "paper", VenueMode.PAPER, template, SignalMode.SCAN,
        ApprovalMode.HUMAN_REQUIRED, Sizing.riskPct(BigDecimal.ONE), RegimeFilter.ANY, Duration.ofHours(4));
  }

  /** Hourly BTC bars climbing from 30000: a long candidate every scan. */
  private ActorRef<MarketData.Command> marketData(String symbol) {
    var md = testKit.spawn(MarketDataActor.create(symbol, 2000));
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double c = 30000 + 50 * i + (i % 2 == 0 ? 0.2 : -0.2), o = i == 0 ? c : 30000 + 50 * (i - 1);
      bars.add(new Bar(symbol, t0.plus(Duration.ofHours(i + 1)), Duration.ofHours(1), BigDecimal.valueOf(o),
          BigDecimal.valueOf(Math.max(o, c) + 500), BigDecimal.valueOf(Math.min(o, c) - 500), BigDecimal.valueOf(c),
          BigDecimal.ONE));
    }
    bars.forEach(bar -> md.tell(new MarketData.PublishBar(bar)));
    return md;
  }

  /** Bots as the scanner reaches them: everything accepted. */
  private final class AcceptingBots implements BotGateway {
    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.IDLE, "ok"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.failedFuture(new IllegalStateException("not needed"));
    }
  }
}
