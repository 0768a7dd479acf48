package io.dorado.actors.strategy.indicators;

import java.time.Duration;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/** Realized volatility, IV rank and the volatility z-score. */
public final class Volatility {
  private Volatility() {}

  /**
   * Bars per year for annualising: daily bars count trading days (252); shorter bars count the
   * calendar (crypto trades around the clock).
   */
  public static double barsPerYear(Duration period) {
    if (period.compareTo(Duration.ofHours(20)) >= 0) return 252.0 * Duration.ofDays(1).toSeconds() / period.toSeconds();
    return 365.0 * 24 * 3600 / period.toSeconds();
  }

  /** Annualised standard deviation of log returns {@code r[from, to)}, in percent (NaN with < 2). */
  public static double realizedPct(double[] r, int from, int to, double barsPerYear) {
    if (to - from < 2) return Double.NaN;
    double sd = new StandardDeviation(true).evaluate(r, from, to - from);
    return sd * Math.sqrt(barsPerYear) * 100;
  }

  /** Rolling realized volatility (percent) over {@code window} returns, one value per window end. */
  public static double[] rolling(double[] r, int window, double barsPerYear) {
    if (r.length < window) return new double[0];
    double[] out = new double[r.length - window + 1];
    for (int i = 0; i < out.length; i++) out[i] = realizedPct(r, i, i + window, barsPerYear);
    return out;
  }

  /** IV rank: (current − min) / (max − min) × 100 over {@code history} (which includes current). */
  public static double rank(double[] history, double current) {
    if (history.length < 2) return Double.NaN;
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    for (double v : history) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max == min ? 50 : (current - min) / (max - min) * 100;
  }

  /** (current − mean) / sd of {@code history}. */
  public static double zScore(double[] history, double current) {
    if (history.length < 3) return Double.NaN;
    double mean = 0;
    for (double v : history) mean += v;
    mean /= history.length;
    double sd = new StandardDeviation(true).evaluate(history);
    return sd == 0 ? 0 : (current - mean) / sd;
  }
}
