package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.actors.pricing.BlackScholes;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.Direction;
import io.dorado.protocol.strategy.StrategyTemplate.EntryOrderType;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizing;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizingMethod;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Candidates from templates, their scores and their sizes. */
class CandidatesAndSizingTest {
  private static final double EPS = 0.0051; // prices are rounded to cents

  @Test
  void blackScholesPricesSatisfyParityAndKnownValues() {
    assertEquals(7.9656, BlackScholes.price(Right.CALL, 100, 100, 1, 0.2, 0), 1e-4);
    for (double k : new double[] {80, 100, 120}) {
      double c = BlackScholes.price(Right.CALL, 100, k, 0.25, 0.3, 0), p = BlackScholes.price(Right.PUT, 100, k, 0.25, 0.3, 0);
      assertEquals(100 - k, c - p, 1e-9, "put-call parity at " + k);
      assertEquals(BlackScholes.delta(Right.CALL, 100, k, 0.25, 0.3, 0) - 1, BlackScholes.delta(Right.PUT, 100, k, 0.25, 0.3, 0), 1e-12);
    }
  }

  @Test
  void aDirectionalCandidatePutsStopAndTargetAtAtrMultiples() {
    var u = ScanFixtures.underlying("BTC", AssetClass.CRYPTO);
    var bot = ScanFixtures.bot("btc", "BTC", "m", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
    var ctx = ScanFixtures.context(bot, ScanFixtures.cryptoMomentum(), u,
        ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 10));
    Candidate c = CandidateGenerator.generate(ctx, "scan-1-btc").get(0);
    double close = ctx.technicals().close(), atr = ctx.technicals().atr14();
    assertEquals(Side.BUY, c.side()); // close above its SMA20: with the trend
    assertEquals(close, c.entry().doubleValue(), EPS);
    assertEquals(close - 2.5 * atr, c.stop().doubleValue(), EPS);
    assertEquals(close + 4.0 * atr, c.target().doubleValue(), EPS);
    assertEquals(4.0 / 2.5 / 3, c.features().get(ScoreFeature.REWARD_TO_RISK), 1e-9);
    assertEquals("scan-1-btc-1", c.candidateId());
    assertTrue(c.note().startsWith("Momentum: long "), "the template's name first: " + c.note());

    // a limit short 0.25 ATR above the close, against the trend
    StrategyTemplate fade = ScanFixtures.momentum(AssetClass.CRYPTO, null, 1.5, 2.0, Direction.FADE, EntryOrderType.LIMIT, 0.25, null);
    Candidate s = CandidateGenerator.generate(new BotContext(bot, fade, u, ctx.bars(), ctx.technicals()), "x").get(0);
    assertEquals(Side.SELL, s.side());
    assertEquals(close + 0.25 * atr, s.entry().doubleValue(), EPS);
    assertEquals(s.entry().doubleValue() + 1.5 * atr, s.stop().doubleValue(), EPS);
    assertEquals(s.entry().doubleValue() - 2.0 * atr, s.target().doubleValue(), EPS);
  }

  @Test
  void theScanNeverSizesADirectionalTradeBeyondTheSingleUnderlyingLimit() {
    var u = ScanFixtures.underlying("BTC", AssetClass.CRYPTO);
    var bot = ScanFixtures.bot("btc", "BTC", "m", ScanFixtures.risk("1"), ApprovalMode.HUMAN_REQUIRED);
    var ctx = ScanFixtures.context(bot, ScanFixtures.cryptoMomentum(), u,
        ScanFixtures.bars("BTC", ScanFixtures.climbing(100, 30000, 50), 10));
    Candidate c = CandidateGenerator.generate(ctx, "scan-1-btc").get(0);
    double stopShare = c.entry().subtract(c.stop()).abs().doubleValue() / c.entry().doubleValue();
    double cap = ScanPipeline.concentrationCap(c, io.dorado.protocol.risk.RiskPolicy.DEFAULT);
    // at the cap the position's notional (risk / stop distance) is just inside the default 10% limit
    assertEquals(10 * 0.98, cap / stopShare, 1e-9);
    assertTrue(cap < 1, "a 2.5-ATR stop on this series is closer than 10% of the price: 1% risk would be too big");
  }

  @Test
  void anIronCondorIsStruckAtItsDeltasFromALabelledSyntheticChain() {
    var u = ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS);
    var bot = ScanFixtures.bot("aapl-ic", "AAPL", "iron_condor", ScanFixtures.risk("2"), ApprovalMode.HUMAN_REQUIRED);
    var ctx = ScanFixtures.context(bot, ScanFixtures.ironCondor(List.of(), null, null), u, Ta4jHistory.aaplDaily("AAPL"));
    List<Candidate> all = CandidateGenerator.generate(ctx, "scan-1-aapl-ic");
    assertFalse(all.isEmpty());
    for (Candidate c : all) {
      assertTrue(c.synthetic());
      assertTrue(c.note().startsWith("synthetic chain: Black-Scholes at realized volatility"), c.note());
      assertTrue(c.note().contains("; Iron Condor, " + c.dte() + " DTE"), "the template's name: " + c.note());
      assertEquals(4, c.legs().size());
      assertTrue(c.dte() >= 30 && c.dte() <= 50, "dte " + c.dte());
      Map<LegRole, OptionLeg> legs = new java.util.EnumMap<>(LegRole.class);
      c.legs().forEach(l -> legs.put(l.role(), l));
      OptionLeg sp = legs.get(LegRole.SHORT_PUT), lp = legs.get(LegRole.LONG_PUT);
      OptionLeg sc = legs.get(LegRole.SHORT_CALL), lc = legs.get(LegRole.LONG_CALL);
      assertTrue(sp.delta() > -0.25 && sp.delta() < -0.10, "short put delta " + sp.delta());
      assertTrue(sc.delta() > 0.10 && sc.delta() < 0.25, "short call delta " + sc.delta());
      assertEquals(0, sp.strike().subtract(lp.strike()).compareTo(new BigDecimal("5.0")), "put wing 5 wide");
      assertEquals(0, lc.strike().subtract(sc.strike()).compareTo(new BigDecimal("5.0")), "call wing 5 wide");
      assertTrue(sp.strike().compareTo(sc.strike()) < 0);
      double credit = sp.mid().doubleValue() + sc.mid().doubleValue() - lp.mid().doubleValue() - lc.mid().doubleValue();
      assertEquals(credit, c.credit().doubleValue(), EPS);
      assertEquals(5 - credit, c.maxLoss().doubleValue(), EPS);
      assertEquals(0.5, c.features().get(ScoreFeature.DATA_QUALITY)); // synthetic data scores lower
    }
    System.out.println("AAPL condors: " + all.stream().map(c -> c.dte() + "d " + c.legs().stream()
        .map(l -> l.strike().toPlainString()).toList() + " credit " + c.credit()).toList());
  }

  @Test
  void scoresAreTheWeightedMeanOfTheFeaturesThatApply() {
    var c = new Candidate("c", "b", "t", "X", AssetClass.CRYPTO, Side.BUY, BigDecimal.TEN, BigDecimal.ONE, null, List.of(),
        null, null, null, false, 0, false, 1, 0, Map.of(ScoreFeature.DATA_QUALITY, 1.0, ScoreFeature.REWARD_TO_RISK, 0.5), "");
    var w = new ScoringWeights(Map.of(ScoreFeature.DATA_QUALITY, 0.3, ScoreFeature.REWARD_TO_RISK, 0.1,
        ScoreFeature.CREDIT_TO_WIDTH, 0.6), null);
    assertEquals((0.3 * 1.0 + 0.1 * 0.5) / 0.4, Scoring.score(c, w).score(), 1e-12);
    var wide = new Candidate("o", "b", "t", "X", AssetClass.EQUITY_OPTIONS, null, BigDecimal.ONE, null, null,
        List.of(new OptionLeg(LegRole.SHORT_PUT, null, BigDecimal.TEN, null, BigDecimal.ONE, BigDecimal.TEN, -0.2, 0.3)),
        30, BigDecimal.ONE, BigDecimal.ONE, true, 0.35, false, 1, 0, Map.of(), "");
    assertEquals("spread quality 35.0% of mid > 20.0%", Scoring.exclusion(wide, ScoringWeights.DEFAULT).orElseThrow());
  }

  // ---- sizing -----------------------------------------------------------------------------------

  private static RiskSizing.Inputs inputs(double conf, double ivRank, TrackRecord record, double heat, double drawdown) {
    return new RiskSizing.Inputs(conf, ivRank, record, heat, drawdown, 100_000);
  }

  @Test
  void theAdaptiveRulesFollowThePrd() {
    RiskPolicy p = RiskPolicy.DEFAULT;
    assertEquals(2.0, RiskSizing.adaptive(2.0, p, inputs(0.8, 40, null, 0, 0)).riskPct(), 1e-12);
    assertEquals(1.0, RiskSizing.adaptive(2.0, p, inputs(0.5, 40, null, 0, 0)).riskPct(), 1e-12); // low confidence
    assertEquals(1.5, RiskSizing.adaptive(2.0, p, inputs(0.8, 70, null, 0, 0)).riskPct(), 1e-12); // iv rank > 60
    assertEquals(0.5, RiskSizing.adaptive(2.0, p, inputs(0.5, 20, null, 0, 0)).riskPct(), 1e-12); // 2 * .5 * .5 = .5
    var losing = new TrackRecord(40, 0.4, 1.2, 0.40);
    assertEquals(0.5, RiskSizing.adaptive(2.0, p, inputs(0.8, 40, losing, 0, 12)).riskPct(), 1e-12); // win rate, drawdown
    assertEquals(2.0, RiskSizing.adaptive(2.0, p, inputs(0.8, 40, null, 26, 0)).riskPct(), 1e-12); // 30 - 26 = 4, half = 2
    assertEquals(1.0, RiskSizing.adaptive(2.0, p, inputs(0.8, 40, null, 28, 0)).riskPct(), 1e-12); // half of 2
    assertEquals(0.5, RiskSizing.adaptive(2.0, p, inputs(0.8, 40, null, 29.5, 0)).riskPct(), 1e-12); // floor 0.5
    assertEquals(4.0, RiskSizing.adaptive(5.0, p, inputs(0.8, 40, null, 0, 0)).riskPct(), 1e-12); // ceiling 4
  }

  @Test
  void halfAndQuarterKellyScaleTheKellyFractionAndRespectTheCap() {
    var record = new TrackRecord(60, 0.55, 1.5, 0.55); // f* = 0.55 - 0.45 / 1.5 = 0.25
    assertEquals(0.25, RiskSizing.kellyFraction(0.55, 1.5), 1e-12);
    var bot = ScanFixtures.risk("1");
    var in = inputs(0.8, 40, record, 0, 0);
    assertEquals(12.5, RiskSizing.size(bot, new TemplateSizing(TemplateSizingMethod.HALF_KELLY, null), RiskPolicy.DEFAULT, in, 1, 1).riskPct(), 1e-9);
    assertEquals(6.25, RiskSizing.size(bot, new TemplateSizing(TemplateSizingMethod.QUARTER_KELLY, null), RiskPolicy.DEFAULT, in, 1, 1).riskPct(), 1e-9);
    RiskSizing.Sized capped = RiskSizing.size(bot, new TemplateSizing(TemplateSizingMethod.HALF_KELLY, 3.0), RiskPolicy.DEFAULT, in, 1, 1);
    assertEquals(3.0, capped.riskPct());
    assertTrue(capped.how().contains("capped at the template's 3.0%"), capped.how());
    // no edge: nothing
    var losing = inputs(0.8, 40, new TrackRecord(60, 0.3, 1.0, 0.3), 0, 0);
    assertEquals(0.0, RiskSizing.size(bot, new TemplateSizing(TemplateSizingMethod.HALF_KELLY, null), RiskPolicy.DEFAULT, losing, 1, 1).riskPct());
    // too short a record: the bot's own sizing, and it says so
    RiskSizing.Sized young = RiskSizing.size(bot, new TemplateSizing(TemplateSizingMethod.QUARTER_KELLY, null), RiskPolicy.DEFAULT,
        inputs(0.8, 40, new TrackRecord(5, 0.8, 3, 0.8), 0, 0), 1, 1);
    assertEquals(1.0, young.riskPct());
    assertTrue(young.how().contains("quarter Kelly needs 20 closed trades, has 5"), young.how());
  }

  @Test
  void aTrackRecordIsReadFromClosedTradesAndABotUsesItsOwnOnceItHasEnoughElseItsTemplates() {
    // newest first: 3 wins of 200 then 2 losses of 100, repeated; win rate 0.6, payoff 2
    var pnl = new java.util.ArrayList<java.math.BigDecimal>();
    for (int i = 0; i < 25; i++) pnl.add(new java.math.BigDecimal(i % 5 < 3 ? "200" : "-100"));
    assertEquals(new TrackRecord(25, 0.6, 2.0, 0.6), TrackRecord.of(pnl));
    assertEquals(new TrackRecord(2, 1.0, 0.0, 1.0), TrackRecord.of(List.of(java.math.BigDecimal.ONE, java.math.BigDecimal.TEN)),
        "no loss: no payoff, so no Kelly");
    assertEquals(null, TrackRecord.of(List.of()));

    var own = new TrackRecord(25, 0.6, 2.0, 0.6);
    var shared = new TrackRecord(80, 0.5, 1.5, 0.5);
    var young = new TrackRecord(5, 0.8, 3, 0.8);
    assertEquals(own, TrackRecord.forBot(Map.of(TrackRecord.botKey("b"), own, "t", shared), "b", "t"), "its own, 20+ trades");
    assertEquals(shared, TrackRecord.forBot(Map.of(TrackRecord.botKey("b"), young, "t", shared), "b", "t"), "too young: the template's");
    assertEquals(young, TrackRecord.forBot(Map.of(TrackRecord.botKey("b"), young), "b", "t"), "no template record: its own");
    assertEquals(null, TrackRecord.forBot(Map.of(), "b", "t"));
    // the rejection note when the record is long enough but has no payoff
    RiskSizing.Sized noPayoff = RiskSizing.size(ScanFixtures.risk("1"), new TemplateSizing(TemplateSizingMethod.HALF_KELLY, null),
        RiskPolicy.DEFAULT, inputs(0.8, 40, new TrackRecord(30, 1.0, 0.0, 1.0), 0, 0), 1, 1);
    assertEquals(1.0, noPayoff.riskPct());
    assertTrue(noPayoff.how().contains("half Kelly needs a win and a loss to measure the payoff"), noPayoff.how());
  }
}
