package io.dorado.actors.allocation;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.AllocatorState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The allocator's HRP mode. The return series of an arm are the allocator's own rewards (P&L over max loss, paper
 * discounted: what the arm earned per unit it risked), summed per UTC day of the trade's close over the policy's
 * window, a day without a closed trade counting 0. Not the guardian's marks: an arm is a bot or a template, not a
 * symbol, and the rewards are what the bandit already learns from, persisted with the allocator.
 *
 * <p>Weights: {@link HierarchicalRiskParity} on the covariance of those series, bounded by the policy's floor and
 * cap ({@link WaterFilling}), then each arm capped at its fractional Kelly bet, {@code kellyFraction × μ / σ²} of its
 * per-trade rewards in the window (0 when μ ≤ 0); what the Kelly caps take stays unallocated (risk first). Until
 * every active arm has a non-zero variance over the window there is no risk to balance: equal weights, bounded and
 * Kelly-capped the same way.
 */
public final class HrpAllocator {
  private HrpAllocator() {}

  /** The HRP weights before bounds ({@code raw}), the weights after bounds and Kelly caps, and what was done. */
  public record Allocation(SortedMap<String, Double> raw, SortedMap<String, Double> weights,
      SortedMap<String, Double> kellyCaps, String note) {
    public Allocation {
      raw = Collections.unmodifiableSortedMap(new TreeMap<>(raw));
      weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
      kellyCaps = Collections.unmodifiableSortedMap(new TreeMap<>(kellyCaps));
    }
  }

  public static Allocation allocate(SortedMap<String, AllocatorState.Arm> arms, AllocationPolicy policy, Instant now) {
    if (arms.isEmpty()) return new Allocation(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), "no arms");
    List<String> ids = new ArrayList<>(arms.keySet());
    int n = ids.size();
    int window = policy.hrpWindowDays();
    LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate first = last.minusDays(window - 1);
    double[][] series = new double[window][n];
    for (int j = 0; j < n; j++) {
      for (var day : arms.get(ids.get(j)).days().subMap(first, last.plusDays(1)).entrySet()) {
        series[(int) (day.getKey().toEpochDay() - first.toEpochDay())][j] = day.getValue().sum();
      }
    }
    double[] raw;
    String note;
    if (n == 1) {
      raw = new double[] {1.0};
      note = "hrp: one arm";
    } else {
      var cov = new Covariance(series, true).getCovarianceMatrix();
      List<String> flat = new ArrayList<>();
      for (int j = 0; j < n; j++) if (!(cov.getEntry(j, j) > 0)) flat.add(ids.get(j));
      if (flat.isEmpty()) {
        raw = HierarchicalRiskParity.weights(cov).weights();
        note = "hrp over " + window + " days";
      } else {
        raw = new double[n];
        java.util.Arrays.fill(raw, 1.0 / n);
        note = "hrp: equal weights, no variance over " + window + " days yet for " + flat;
      }
    }
    double[] bounded = WaterFilling.apply(raw, policy.floor(), policy.cap());
    TreeMap<String, Double> rawMap = new TreeMap<>();
    TreeMap<String, Double> weights = new TreeMap<>();
    TreeMap<String, Double> caps = new TreeMap<>();
    for (int j = 0; j < n; j++) {
      String id = ids.get(j);
      double cap = kellyCap(arms.get(id).days().subMap(first, last.plusDays(1)).values(), policy.kellyFraction());
      rawMap.put(id, raw[j]);
      if (!Double.isNaN(cap)) caps.put(id, cap);
      weights.put(id, Double.isNaN(cap) ? bounded[j] : Math.min(bounded[j], cap));
    }
    if (!caps.isEmpty()) {
      note += String.format(Locale.ROOT, "; %.2f-Kelly caps %s", policy.kellyFraction(), caps);
    }
    return new Allocation(rawMap, weights, caps, note);
  }

  /**
   * {@code fraction × μ / σ²} of the per-trade rewards of {@code days}, clamped to [0, 1] (NaN: fewer than two
   * trades, no estimate, no cap; σ² = 0 with μ > 0: 1).
   */
  public static double kellyCap(Iterable<AllocatorState.DayRewards> days, double fraction) {
    long count = 0;
    double sum = 0, squares = 0;
    for (AllocatorState.DayRewards d : days) {
      count += d.trades();
      sum += d.sum();
      squares += d.sumOfSquares();
    }
    if (count < 2) return Double.NaN;
    double mean = sum / count;
    double variance = Math.max(0, (squares - count * mean * mean) / (count - 1)); // sample variance
    if (mean <= 0) return 0;
    if (variance == 0) return 1;
    return Math.min(1, fraction * mean / variance);
  }
}
