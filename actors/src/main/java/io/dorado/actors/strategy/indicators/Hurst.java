package io.dorado.actors.strategy.indicators;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The Hurst exponent of a series of increments (returns, not prices): 0.5 for a random walk's steps,
 * above for persistent (trending), below for anti-persistent (mean-reverting) ones (PRD §3.5.3).
 * Two estimators, so each checks the other:
 *
 * <ul>
 *   <li>{@link #rescaledRange}: R/S analysis with the Anis-Lloyd/Peters small-sample correction
 *       (Weron 2002), since raw R/S overstates H on short windows;
 *   <li>{@link #dfa}: detrended fluctuation analysis of order 1 (Peng et al. 1994).
 * </ul>
 */
public final class Hurst {
  private Hurst() {}

  /** The fewest increments either estimator accepts. */
  public static final int MIN_LENGTH = 64;

  /** Corrected R/S estimate of H from {@code x} (at least {@link #MIN_LENGTH} increments). */
  public static double rescaledRange(double[] x) {
    check(x);
    var reg = new SimpleRegression();
    // Windows of at least 50 where the series allows (Weron 2002), up to an eighth of it so every
    // window size averages over eight blocks or more.
    int min = x.length >= 1600 ? 50 : Math.max(8, x.length / 32);
    for (int n : scales(x.length, min, Math.max(2 * min, x.length / 8))) {
      double rs = meanRescaledRange(x, n);
      if (Double.isNaN(rs)) continue;
      reg.addData(Math.log(n), Math.log(rs) - Math.log(expectedRescaledRange(n)));
    }
    return 0.5 + reg.getSlope();
  }

  /** DFA-1 estimate of H from {@code x} (at least {@link #MIN_LENGTH} increments). */
  public static double dfa(double[] x) {
    check(x);
    int n = x.length;
    double mean = 0;
    for (double v : x) mean += v;
    mean /= n;
    double[] profile = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i] - mean;
      profile[i] = sum;
    }
    var reg = new SimpleRegression();
    for (int s : scales(n, 8, n / 4)) {
      int segments = n / s;
      double total = 0;
      int count = 0;
      // segments from the start and from the end, so no data is left out
      for (int k = 0; k < segments; k++) {
        total += detrendedVariance(profile, k * s, s);
        total += detrendedVariance(profile, n - (k + 1) * s, s);
        count += 2;
      }
      double f = Math.sqrt(total / count);
      if (f > 0) reg.addData(Math.log(s), Math.log(f));
    }
    return reg.getSlope();
  }

  /** Log returns of a price series: the increments both estimators want. */
  public static double[] logReturns(double[] prices) {
    double[] r = new double[Math.max(0, prices.length - 1)];
    for (int i = 1; i < prices.length; i++) r[i - 1] = Math.log(prices[i] / prices[i - 1]);
    return r;
  }

  private static void check(double[] x) {
    if (x.length < MIN_LENGTH) {
      throw new IllegalArgumentException("the Hurst exponent needs at least " + MIN_LENGTH + " increments, got " + x.length);
    }
  }

  /** Window sizes spaced evenly in log between {@code min} and {@code max} (about four per octave). */
  static List<Integer> scales(int length, int min, int max) {
    var out = new ArrayList<Integer>();
    int last = 0;
    for (double s = min; s <= max; s *= Math.pow(2, 0.25)) {
      int n = (int) Math.round(s);
      if (n != last && n >= 4) out.add(n);
      last = n;
    }
    return out;
  }

  private static double meanRescaledRange(double[] x, int n) {
    int blocks = x.length / n;
    double total = 0;
    int used = 0;
    for (int b = 0; b < blocks; b++) {
      int from = b * n;
      double mean = 0;
      for (int i = from; i < from + n; i++) mean += x[i];
      mean /= n;
      double cum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, ss = 0;
      for (int i = from; i < from + n; i++) {
        double d = x[i] - mean;
        cum += d;
        max = Math.max(max, cum);
        min = Math.min(min, cum);
        ss += d * d;
      }
      double sd = Math.sqrt(ss / n);
      if (sd > 0) {
        total += (max - min) / sd;
        used++;
      }
    }
    return used == 0 ? Double.NaN : total / used;
  }

  /** E[R/S] of n independent Gaussian increments: Anis-Lloyd with Peters' (n - 1/2)/n factor. */
  static double expectedRescaledRange(int n) {
    double sum = 0;
    for (int i = 1; i < n; i++) sum += Math.sqrt((double) (n - i) / i);
    double front = n <= 340
        ? Math.exp(Gamma.logGamma((n - 1) / 2.0) - Gamma.logGamma(n / 2.0)) / Math.sqrt(Math.PI)
        : 1 / Math.sqrt(n * Math.PI / 2);
    return (n - 0.5) / n * front * sum;
  }

  /** Mean squared residual of a least-squares line through profile[from, from + s). */
  private static double detrendedVariance(double[] profile, int from, int s) {
    // closed-form least squares on t = 0..s-1
    double tMean = (s - 1) / 2.0;
    double yMean = 0;
    for (int i = 0; i < s; i++) yMean += profile[from + i];
    yMean /= s;
    double sxy = 0, sxx = 0;
    for (int i = 0; i < s; i++) {
      double dt = i - tMean;
      sxy += dt * (profile[from + i] - yMean);
      sxx += dt * dt;
    }
    double slope = sxy / sxx;
    double ss = 0;
    for (int i = 0; i < s; i++) {
      double r = profile[from + i] - (yMean + slope * (i - tMean));
      ss += r * r;
    }
    return ss / s;
  }
}
