package io.dorado.actors.strategy.scan;

import static io.dorado.actors.strategy.scan.ScanFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate cascade: data quality, regime, volatility, technical, session, in order, stopping at the first failure. */
class GateCascadeTest {
  private static final Duration MAX_AGE = Duration.ofHours(26);
  private static final Instant NOW = T0.plus(Duration.ofDays(20));

  /** The verdicts after the data-quality gate, which a stored history (no arrival times) passes unjudged. */
  private static List<GateVerdict> cascade(BotContext ctx, io.dorado.protocol.strategy.RegimeSnapshot regime,
      Duration maxAge, Instant now) {
    List<GateVerdict> all = GateCascade.evaluate(ctx, regime, maxAge, now);
    assertEquals(Gate.DATA_QUALITY, all.get(0).gate());
    assertTrue(all.get(0).passed(), all.get(0).toString());
    return all.subList(1, all.size());
  }

  private static BotContext condorOn(double[] closes, BotConfig bot) {
    var u = ScanFixtures.underlying("SPY", AssetClass.EQUITY_OPTIONS);
    return ScanFixtures.context(bot, ScanFixtures.ironCondor(List.of("goldilocks", "risk_on"), 25.0, null), u,
        ScanFixtures.bars("SPY", closes, 0.5));
  }

  private static BotConfig condorBot() {
    return ScanFixtures.bot("spy-ic", "SPY", "iron_condor", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
  }

  @Test
  void aStaleOrMissingRegimeLetsTheRegimeGatePassAndSaysWhy() {
    BotContext ctx = condorOn(ScanFixtures.sideways(120, 500, 3), condorBot());
    var stale = ScanFixtures.regime("crisis", 0.99, NOW.minus(Duration.ofDays(3)));
    for (var snapshot : new io.dorado.protocol.strategy.RegimeSnapshot[] {null, stale}) {
      GateVerdict regime = cascade(ctx, snapshot, MAX_AGE, NOW).get(0);
      assertEquals(Gate.REGIME, regime.gate());
      assertTrue(regime.passed());
      assertTrue(regime.checks().get(0).startsWith("not evaluated:"), regime.checks().toString());
    }
  }

  @Test
  void aDisallowedRegimeFailsTheFirstGateAndStopsTheCascade() {
    BotContext ctx = condorOn(ScanFixtures.sideways(120, 500, 3), condorBot());
    List<GateVerdict> v = cascade(ctx, ScanFixtures.regime("crisis", 0.9, NOW), MAX_AGE, NOW);
    assertEquals(1, v.size());
    assertFalse(v.get(0).passed());
    assertEquals(0.9, v.get(0).numbers().get("regime_confidence"));
    assertTrue(v.get(0).checks().get(0).contains("regime is crisis"), v.get(0).checks().toString());
  }

  @Test
  void anAllowedRegimeBelowTheMinimumConfidenceFails() {
    BotContext ctx = condorOn(ScanFixtures.sideways(120, 500, 3), condorBot());
    assertFalse(cascade(ctx, ScanFixtures.regime("risk_on", 0.55, NOW), MAX_AGE, NOW).get(0).passed());
  }

  @Test
  void theBotsOwnRegimeFilterAppliesToo() {
    BotConfig picky = new BotConfig("spy-ic", "test", "SPY", "paper", null, "iron_condor", null, null,
        ScanFixtures.risk("1"), new RegimeFilter(List.of("goldilocks"), 0.6), null);
    BotContext ctx = condorOn(ScanFixtures.sideways(120, 500, 3), picky);
    GateVerdict regime = cascade(ctx, ScanFixtures.regime("risk_on", 0.9, NOW), MAX_AGE, NOW).get(0);
    assertFalse(regime.passed());
    assertTrue(regime.checks().get(1).startsWith("FAIL: bot allows [goldilocks]"), regime.checks().toString());
  }

  @Test
  void aRangeBoundMarketPassesTheCondorsTechnicalGateAndATrendingOneDoesNot() {
    List<GateVerdict> range = cascade(condorOn(ScanFixtures.sideways(120, 500, 3), condorBot()),
        ScanFixtures.regime("risk_on", 0.9, NOW), MAX_AGE, NOW);
    assertTrue(range.size() == 4 && range.stream().allMatch(GateVerdict::passed), range.toString());
    assertTrue(range.get(2).numbers().get("adx") < 25, range.get(2).toString());

    List<GateVerdict> trend = cascade(condorOn(ScanFixtures.climbing(120, 400, 2), condorBot()),
        ScanFixtures.regime("risk_on", 0.9, NOW), MAX_AGE, NOW);
    assertEquals(3, trend.size());
    assertFalse(trend.get(2).passed());
    assertTrue(trend.get(2).checks().stream().anyMatch(c -> c.startsWith("FAIL: ADX14")), trend.get(2).checks().toString());
  }

  @Test
  void cryptoMomentumNeedsAPersistentTrend() {
    var u = ScanFixtures.underlying("BTC", AssetClass.CRYPTO);
    var bot = ScanFixtures.bot("btc", "BTC", "crypto_momentum", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
    var trending = ScanFixtures.context(bot, ScanFixtures.cryptoMomentum(), u,
        ScanFixtures.bars("BTC", ScanFixtures.fbmPrices(1024, 0.85, 3, 30000, 0.004), 20));
    var reverting = ScanFixtures.context(bot, ScanFixtures.cryptoMomentum(), u,
        ScanFixtures.bars("BTC", ScanFixtures.fbmPrices(1024, 0.25, 3, 30000, 0.004), 20));
    GateVerdict up = cascade(trending, null, MAX_AGE, NOW).get(0);
    GateVerdict down = cascade(reverting, null, MAX_AGE, NOW).get(0);
    assertTrue(up.passed(), up.toString());
    assertTrue(up.numbers().get("hurst") > 0.55);
    assertFalse(down.passed(), down.toString());
    assertTrue(down.checks().get(0).contains("mean reverting"), down.checks().toString());
  }

  @Test
  void anIvRankBelowTheMinimumFailsTheVolatilityGate() {
    var u = ScanFixtures.underlying("SPY", AssetClass.EQUITY_OPTIONS);
    // calm at the end after a volatile start: today's volatility sits at the bottom of its range
    double[] closes = new double[300];
    for (int i = 0; i < 300; i++) closes[i] = 500 + (i < 150 ? 15 : 1) * Math.sin(i * 1.7);
    var ctx = ScanFixtures.context(condorBot(), ScanFixtures.ironCondor(List.of(), null, 30.0), u, ScanFixtures.bars("SPY", closes, 0.5));
    List<GateVerdict> v = cascade(ctx, null, MAX_AGE, NOW);
    assertEquals(2, v.size());
    assertFalse(v.get(1).passed());
    assertTrue(v.get(1).numbers().get("iv_rank") < 30);
    assertTrue(v.get(1).checks().get(0).contains("from realized volatility"), v.get(1).checks().toString());
  }
}
