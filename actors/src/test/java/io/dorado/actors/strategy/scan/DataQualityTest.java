package io.dorado.actors.strategy.scan;

import static io.dorado.actors.strategy.scan.ScanFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.indicators.Indicators;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.ScoringWeights;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data-quality gate and score: a symbol whose newest bar arrived longer ago than its limit (bar length × 3 at the
 * source's speed, at least 30 s) fails the gate; the data_quality feature is freshness × completeness, not a constant.
 */
class DataQualityTest {
  private static final DataQuality.Limits LIMITS = DataQuality.Limits.DEFAULT;
  private static final Duration MAX_AGE = Duration.ofHours(26);

  /** 100 hourly bars climbing (a long-with-the-trend template passes every other gate on them). */
  private static final List<Bar> HOURLY = ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 10);
  /** When the newest of them arrived on the node's clock (any time: freshness is not judged by market time). */
  private static final Instant ARRIVED = Instant.parse("2026-12-07T04:00:00Z");

  private static BotConfig bot() {
    return ScanFixtures.bot("btc", "BTC", "long", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
  }

  private static BotContext live(List<Bar> bars, DataQuality.Arrival arrival, Instant now) {
    var u = ScanFixtures.underlying("BTC", AssetClass.CRYPTO);
    return new BotContext(bot(), ScanFixtures.anything(AssetClass.CRYPTO), u, bars, Indicators.compute(bars),
        DataQuality.judge(bars, true, arrival, LIMITS, now));
  }

  @Test
  void barsOlderThanThreeBarLengthsFailTheDataQualityGateFirstAndStopTheCascade() {
    var ctx = live(HOURLY, new DataQuality.Arrival(ARRIVED, 1), ARRIVED.plus(Duration.ofMinutes(181)));
    List<GateVerdict> v = GateCascade.evaluate(ctx, null, MAX_AGE, ARRIVED.plus(Duration.ofMinutes(181)));

    assertEquals(1, v.size(), v.toString());
    assertEquals(Gate.DATA_QUALITY, v.get(0).gate());
    assertFalse(v.get(0).passed());
    assertEquals("FAIL: BTC: newest bar arrived 3h1m ago > limit 3h (1h × 3 bars): stale data, no new entries on it; "
        + "20 of the last 20 bar intervals complete (0 bars missing)", v.get(0).checks().get(0));
    assertEquals(10860.0, v.get(0).numbers().get("data_age_s"));
    assertEquals(0.0, v.get(0).numbers().get("data_quality"));
  }

  @Test
  void freshBarsPassTheGateAndTheCascadeGoesOn() {
    var ctx = live(HOURLY, new DataQuality.Arrival(ARRIVED, 1), ARRIVED.plus(Duration.ofMinutes(30)));
    List<GateVerdict> v = GateCascade.evaluate(ctx, null, MAX_AGE, ARRIVED.plus(Duration.ofMinutes(30)));

    assertTrue(GateCascade.passed(v), v.toString());
    assertTrue(v.get(0).checks().get(0).startsWith("pass: BTC: newest bar arrived 30m ago <= limit 3h (1h × 3 bars)"),
        v.get(0).checks().toString());
  }

  @Test
  void aLiveScanWithoutAnArrivalTimeTreatsTheBarsAsStale() {
    var ctx = live(HOURLY, null, ARRIVED);
    GateVerdict dq = GateCascade.evaluate(ctx, null, MAX_AGE, ARRIVED).get(0);
    assertFalse(dq.passed());
    assertTrue(dq.checks().get(0).contains("no arrival time for the newest bar: its age is unknown, stale"), dq.toString());
  }

  @Test
  void aReplaysLimitIsItsBarLengthAtItsSpeedWithAFloor() {
    // 15-minute bars replayed at 900x arrive every second: 3 bars are 3 s, the 30 s floor applies
    var bars = new ArrayList<Bar>();
    for (int i = 0; i < 30; i++) {
      bars.add(new Bar("BTC", T0.plus(Duration.ofMinutes(15L * (i + 1))), Duration.ofMinutes(15), BigDecimal.TEN,
          BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ONE));
    }
    DataQuality playing = DataQuality.judge(bars, true, new DataQuality.Arrival(ARRIVED, 900), LIMITS,
        ARRIVED.plusSeconds(20));
    DataQuality ended = DataQuality.judge(bars, true, new DataQuality.Arrival(ARRIVED, 900), LIMITS,
        ARRIVED.plusSeconds(31));
    DataQuality liveFeed = DataQuality.judge(bars, true, new DataQuality.Arrival(ARRIVED, 1), LIMITS,
        ARRIVED.plusSeconds(31));

    assertTrue(playing.fresh(), playing.reason());
    assertEquals(Duration.ofSeconds(30), playing.limit());
    assertFalse(ended.fresh(), ended.reason());
    assertTrue(ended.reason().startsWith("newest bar arrived 31s ago > limit 30s (15m × 3 bars at replay speed 900 = 3s, "
        + "floor 30s)"), ended.reason());
    assertTrue(liveFeed.fresh(), liveFeed.reason()); // a live 15-minute feed may be 45 minutes quiet
    assertEquals(Duration.ofMinutes(45), liveFeed.limit());
  }

  @Test
  void theScoreIsFreshnessTimesCompleteness() {
    DataQuality justIn = DataQuality.judge(HOURLY, true, new DataQuality.Arrival(ARRIVED, 1), LIMITS, ARRIVED);
    DataQuality twoBarsOld = DataQuality.judge(HOURLY, true, new DataQuality.Arrival(ARRIVED, 1), LIMITS,
        ARRIVED.plus(Duration.ofMinutes(120)));
    assertEquals(1.0, justIn.score());
    assertEquals(0.5, twoBarsOld.freshness(), 1e-9); // 1 at one bar interval, 0 at the limit (3)

    // 10 bars lost in the middle of the last 20 intervals: a 11-hour gap
    var gappy = new ArrayList<>(HOURLY.subList(0, 85));
    gappy.addAll(HOURLY.subList(95, 100));
    DataQuality holes = DataQuality.judge(gappy, true, new DataQuality.Arrival(ARRIVED, 1), LIMITS, ARRIVED);
    assertEquals(20.0 / 30, holes.completeness(), 1e-9);
    assertEquals(20.0 / 30, holes.score(), 1e-9);
    assertTrue(holes.reason().endsWith("19 of the last 20 bar intervals complete (10 bars missing)"), holes.reason());
  }

  @Test
  void theDataQualityFeatureIsTheBarsScoreNotAConstant() {
    Candidate fresh = CandidateGenerator.generate(live(HOURLY, new DataQuality.Arrival(ARRIVED, 1), ARRIVED), "a").get(0);
    Candidate aging = CandidateGenerator.generate(live(HOURLY, new DataQuality.Arrival(ARRIVED, 1),
        ARRIVED.plus(Duration.ofMinutes(150))), "b").get(0);

    assertEquals(1.0, fresh.features().get(ScoreFeature.DATA_QUALITY));
    assertEquals(0.25, aging.features().get(ScoreFeature.DATA_QUALITY), 1e-9);
    assertTrue(aging.note().endsWith("data quality 0.25 = freshness 0.25 x completeness 1.00"), aging.note());
    assertNotEquals(Scoring.score(fresh, ScoringWeights.DEFAULT).score(), Scoring.score(aging, ScoringWeights.DEFAULT).score());
  }

  @Test
  void aSyntheticChainHalvesTheScoreAndSaysSo() {
    var u = ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS);
    var bot = ScanFixtures.bot("aapl-ic", "AAPL", "iron_condor", ScanFixtures.risk("2"), ApprovalMode.HUMAN_REQUIRED);
    List<Bar> bars = Ta4jHistory.aaplDaily("AAPL");
    // a daily feed one and a half days quiet: freshness 0.75
    var ctx = new BotContext(bot, ScanFixtures.ironCondor(List.of(), null, null), u, bars, Indicators.compute(bars),
        DataQuality.judge(bars, true, new DataQuality.Arrival(ARRIVED, 1), LIMITS, ARRIVED.plus(Duration.ofHours(36))));
    Candidate c = CandidateGenerator.generate(ctx, "ic").get(0);

    assertEquals(0.75 * 0.5 * ctx.quality().completeness(), c.features().get(ScoreFeature.DATA_QUALITY), 1e-9);
    assertTrue(c.note().contains("x 0.5 synthetic chain (greeks from Black-Scholes on realized volatility, not quoted)"),
        c.note());
  }

  @Test
  void aLiveScanSkipsTheBotsOfAStaleSymbolAtTheDataQualityGate() {
    var universe = new Universe("test", List.of(ScanFixtures.underlying("BTC", AssetClass.CRYPTO)));
    var fleet = new ScanPipeline.Fleet(universe, Map.of("long", ScanFixtures.anything(AssetClass.CRYPTO)), List.of(bot()),
        RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    var equity = new BigDecimal("100000");
    var status = new RiskGuardian.GuardianStatus(TradingState.ACTIVE, false, "", equity, equity, BigDecimal.ZERO, Map.of(),
        0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    Instant now = ARRIVED.plus(Duration.ofHours(4));
    var stale = ScanPipeline.run(new ScanPipeline.Inputs("s1", now, fleet, Map.of("BTC", HOURLY), null, MAX_AGE, status,
        Map.of(), 30, 0, Map.of("BTC", new DataQuality.Arrival(ARRIVED, 1)), LIMITS));
    var fresh = ScanPipeline.run(new ScanPipeline.Inputs("s2", now, fleet, Map.of("BTC", HOURLY), null, MAX_AGE, status,
        Map.of(), 30, 0, Map.of("BTC", new DataQuality.Arrival(now.minusSeconds(5), 1)), LIMITS));

    BotScan skipped = stale.report().bots().get(0);
    assertEquals("data_quality gate failed", skipped.skipped());
    assertTrue(skipped.candidates().isEmpty());
    assertTrue(stale.selected().isEmpty() && stale.paper().isEmpty());
    assertEquals(1, fresh.report().bots().get(0).candidates().size(), fresh.report().bots().toString());
  }
}
