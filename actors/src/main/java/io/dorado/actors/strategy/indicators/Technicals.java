package io.dorado.actors.strategy.indicators;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gates and the candidate generator read about one instrument at its last bar. Values that
 * need more history than there is are NaN ({@link #has}).
 *
 * @param high20 highest high of the 20 bars before the last (the breakout level)
 * @param low20 lowest low of the 20 bars before the last
 * @param support lowest low of the last 20 bars (S/R for strike and stop selection)
 * @param resistance highest high of the last 20 bars
 * @param realizedVolPct annualised realized volatility of log returns over 20 bars, in percent
 * @param ivRank where today's volatility sits in its range over the look-back, 0..100; computed from
 *     realized volatility when no implied-volatility history exists ({@code ivRankSynthetic})
 * @param volZScore today's 20-bar realized volatility against its own history, in standard deviations
 */
public record Technicals(
    String symbol,
    int bars,
    double close,
    double sma20,
    double atr14,
    double adx14,
    double rsi14,
    double bollingerUpper,
    double bollingerMiddle,
    double bollingerLower,
    double high20,
    double low20,
    double support,
    double resistance,
    double realizedVolPct,
    double ivRank,
    boolean ivRankSynthetic,
    double volZScore,
    double hurstRs,
    double hurstDfa,
    double barsPerYear) {

  public static boolean has(double v) {
    return !Double.isNaN(v);
  }

  /** Mean of the two Hurst estimates, NaN when the history is too short. */
  public double hurst() {
    return (hurstRs + hurstDfa) / 2;
  }

  /** The numbers as a map, for gate verdicts and reports (NaN left out). */
  public Map<String, Double> numbers() {
    var m = new LinkedHashMap<String, Double>();
    put(m, "close", close);
    put(m, "sma20", sma20);
    put(m, "atr14", atr14);
    put(m, "adx14", adx14);
    put(m, "rsi14", rsi14);
    put(m, "bollinger_upper", bollingerUpper);
    put(m, "bollinger_lower", bollingerLower);
    put(m, "realized_vol_pct", realizedVolPct);
    put(m, "iv_rank", ivRank);
    put(m, "vol_zscore", volZScore);
    put(m, "hurst", hurst());
    return m;
  }

  private static void put(Map<String, Double> m, String k, double v) {
    if (has(v)) m.put(k, v);
  }
}
