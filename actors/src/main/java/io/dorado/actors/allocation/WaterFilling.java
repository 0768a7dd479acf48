package io.dorado.actors.allocation;

import java.util.Arrays;

/**
 * Bounds raw allocation scores into weights with a floor and a cap, keeping the sum at 1. The result
 * is {@code w_i = clamp(t·p_i, floor, cap)} with the one scale {@code t} that makes the weights sum to 1:
 * arms keep their order, arms at a bound sit exactly on it, and the free arms keep their ratios.
 *
 * <p>Infeasible bounds resolve on the side of risk: with {@code n·floor > 1} every arm gets {@code 1/n};
 * with {@code n·cap < 1} every arm gets the cap and the rest stays unallocated (the sum is then below 1).
 */
public final class WaterFilling {
  private WaterFilling() {}

  public static double[] apply(double[] raw, double floor, double cap) {
    int n = raw.length;
    if (n == 0) return new double[0];
    if (floor < 0 || cap <= 0 || floor > cap) throw new IllegalArgumentException("need 0 <= floor <= cap, cap > 0");
    for (double p : raw) {
      if (!(p >= 0) || Double.isInfinite(p)) throw new IllegalArgumentException("raw scores must be finite and >= 0");
    }
    double[] w = new double[n];
    if (n * floor >= 1) {
      Arrays.fill(w, 1.0 / n);
      return w;
    }
    if (n * cap <= 1) {
      Arrays.fill(w, cap);
      return w;
    }
    double total = Arrays.stream(raw).sum();
    if (total == 0) {
      Arrays.fill(w, 1.0 / n); // 1/n lies in [floor, cap] here
      return w;
    }
    // Arms with a zero score never leave the floor under any scale: if the positive arms, all capped,
    // still leave weight over, the zero arms share it equally (they are tied; nothing else to go on).
    int zeros = 0;
    for (double p : raw) if (p == 0) zeros++;
    double allCapped = (n - zeros) * cap + zeros * floor;
    if (allCapped <= 1) {
      double rest = zeros == 0 ? 0 : (1 - (n - zeros) * cap) / zeros;
      for (int i = 0; i < n; i++) w[i] = raw[i] > 0 ? cap : Math.min(cap, Math.max(floor, rest));
      return w;
    }
    // S(t) = Σ clamp(t·p_i, floor, cap) is continuous, non-decreasing and linear between the breakpoints
    // floor/p_i and cap/p_i; S(0) = n·floor < 1 and S(last breakpoint) = allCapped > 1. Find the
    // segment where it crosses 1 and solve on it exactly.
    double[] breaks = new double[2 * (n - zeros)];
    int k = 0;
    for (double p : raw) {
      if (p > 0) {
        breaks[k++] = floor / p;
        breaks[k++] = cap / p;
      }
    }
    Arrays.sort(breaks);
    double prevT = 0;
    double prevS = sum(raw, 0, floor, cap);
    for (double t : breaks) {
      double s = sum(raw, t, floor, cap);
      if (s >= 1) {
        double solved = s == prevS ? t : prevT + (1 - prevS) * (t - prevT) / (s - prevS);
        for (int i = 0; i < n; i++) w[i] = clamp(solved * raw[i], floor, cap);
        return w;
      }
      prevT = t;
      prevS = s;
    }
    // Only reachable through rounding when S(last breakpoint) is a hair under 1: everything at its bound.
    for (int i = 0; i < n; i++) w[i] = clamp(prevT * raw[i], floor, cap);
    return w;
  }

  private static double sum(double[] raw, double t, double floor, double cap) {
    double s = 0;
    for (double p : raw) s += clamp(t * p, floor, cap);
    return s;
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }
}
