package io.dorado.actors.strategy.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.actors.strategy.marketdata.TradeBars;
import io.dorado.protocol.market.Bar;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The indicators on real history, checked against their definitions where a hand computation is simple. */
class IndicatorsTest {

  @Test
  void aaplIndicatorsAgreeWithTheirDefinitions() {
    List<Bar> bars = Ta4jHistory.aaplDaily("AAPL");
    Technicals t = Indicators.compute(bars);
    int n = bars.size();
    double sma = bars.subList(n - 20, n).stream().mapToDouble(b -> b.close().doubleValue()).average().orElseThrow();
    assertEquals(sma, t.sma20(), 1e-9);
    assertEquals(sma, t.bollingerMiddle(), 1e-9);
    double var = bars.subList(n - 20, n).stream().mapToDouble(b -> Math.pow(b.close().doubleValue() - sma, 2)).sum() / 20;
    assertEquals(sma + 2 * Math.sqrt(var), t.bollingerUpper(), 1e-6); // ta4j: population standard deviation
    assertEquals(sma - 2 * Math.sqrt(var), t.bollingerLower(), 1e-6);
    assertTrue(t.rsi14() > 0 && t.rsi14() < 100);
    assertTrue(t.adx14() > 0 && t.adx14() < 100);
    assertTrue(t.atr14() > 0);
    assertEquals(252.0, t.barsPerYear());
    assertTrue(t.realizedVolPct() > 5 && t.realizedVolPct() < 100, "AAPL 2013 20-day vol " + t.realizedVolPct());
    assertTrue(t.ivRank() >= 0 && t.ivRank() <= 100);
    assertTrue(t.ivRankSynthetic());
    assertTrue(t.support() <= t.close() && t.close() <= t.resistance());
    System.out.printf("AAPL 2013-12-31: close %.2f SMA20 %.2f ATR14 %.2f ADX14 %.1f RSI14 %.1f vol %.1f%% IV rank %.0f"
        + " (synthetic) Hurst R/S %.3f DFA %.3f%n", t.close(), t.sma20(), t.atr14(), t.adx14(), t.rsi14(), t.realizedVolPct(),
        t.ivRank(), t.hurstRs(), t.hurstDfa());
  }

  @Test
  void intradayCryptoIsAnnualisedOverTheCalendar() {
    List<Bar> bars = TradeBars.aggregate(Ta4jHistory.bitstampTrades(), "BTC", Duration.ofMinutes(15));
    Technicals t = Indicators.compute(bars);
    assertEquals(365 * 96.0, t.barsPerYear());
    assertTrue(Technicals.has(t.hurstRs()) && Technicals.has(t.hurstDfa()));
    System.out.printf("BTC 15m (Bitstamp 2013): close %.2f ATR %.2f ADX %.1f vol %.0f%% Hurst R/S %.3f DFA %.3f%n",
        t.close(), t.atr14(), t.adx14(), t.realizedVolPct(), t.hurstRs(), t.hurstDfa());
  }

  @Test
  void aShortHistoryLeavesWhatItCannotComputeEmpty() {
    Technicals t = Indicators.compute(Ta4jHistory.aaplDaily("AAPL").subList(0, 10));
    assertFalse(Technicals.has(t.sma20()));
    assertFalse(Technicals.has(t.adx14()));
    assertFalse(Technicals.has(t.hurstRs()));
    assertTrue(Technicals.has(t.close()));
    assertFalse(t.numbers().containsKey("sma20"));
  }

  @Test
  void theIvRankLooksBackOverTheTemplatesLookbackDays() {
    List<Bar> bars = Ta4jHistory.aaplDaily("AAPL");
    double[] prices = bars.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
    double[] r = Hurst.logReturns(prices);
    double rv = Volatility.realizedPct(r, r.length - 20, r.length, 252);
    for (int days : List.of(30, 60, 252)) {
      double[] history = Volatility.rolling(java.util.Arrays.copyOfRange(r, Math.max(0, r.length - days - 20), r.length), 20, 252);
      assertEquals(Volatility.rank(history, rv), Indicators.compute(bars, days).ivRank(), 1e-9, "iv_rank.lookback_days " + days);
    }
    assertEquals(Indicators.compute(bars).ivRank(), Indicators.compute(bars, 252).ivRank(), 1e-12, "the default: 252 days");
    assertTrue(Indicators.compute(bars, 30).ivRank() != Indicators.compute(bars, 252).ivRank(), "the look-back matters here");
    System.out.printf("AAPL IV rank over 30 / 60 / 252 days: %.1f / %.1f / %.1f%n", Indicators.compute(bars, 30).ivRank(),
        Indicators.compute(bars, 60).ivRank(), Indicators.compute(bars, 252).ivRank());
    // a day of hourly bars is 24 of them
    assertEquals(24 * 30, Indicators.ivLookbackBars(30, Duration.ofHours(1)));
    assertEquals(30, Indicators.ivLookbackBars(30, Duration.ofDays(1)));
  }

  @Test
  void ivRankPlacesTodayInItsRange() {
    assertEquals(50.0, Volatility.rank(new double[] {10, 20, 30}, 20), 1e-12);
    assertEquals(100.0, Volatility.rank(new double[] {10, 20, 30}, 30), 1e-12);
    assertEquals(0.0, Volatility.rank(new double[] {10, 20, 30}, 10), 1e-12);
  }
}
