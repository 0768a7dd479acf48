package io.dorado.actors.strategy.regime;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.strategy.CorrelationRegime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * The correlation regime (PRD §3.5.4) by principal components of the return correlation matrix
 * (commons-math3): how many components explain {@code threshold} of the variance; two or fewer is
 * concentrated (diversification has collapsed).
 */
public final class CorrelationRegimes {
  private CorrelationRegimes() {}

  public static final double THRESHOLD = 0.80;
  /** Fewer aligned returns than this say nothing about correlation. */
  public static final int MIN_OBSERVATIONS = 30;

  /** From a returns matrix {@code returns[t][symbol]}. */
  public static CorrelationRegime of(List<String> symbols, double[][] returns, double threshold) {
    if (symbols.size() < 2) throw new IllegalArgumentException("correlation needs at least two instruments");
    RealMatrix corr = new PearsonsCorrelation(returns).getCorrelationMatrix();
    double[] eigen = new EigenDecomposition(corr).getRealEigenvalues();
    double[] desc = Arrays.stream(eigen).map(v -> Math.max(v, 0)).sorted().toArray();
    for (int i = 0; i < desc.length / 2; i++) {
      double tmp = desc[i];
      desc[i] = desc[desc.length - 1 - i];
      desc[desc.length - 1 - i] = tmp;
    }
    double total = Arrays.stream(desc).sum();
    double cum = 0;
    int components = desc.length;
    for (int i = 0; i < desc.length; i++) {
      cum += desc[i];
      if (cum / total >= threshold - 1e-12) {
        components = i + 1;
        break;
      }
    }
    var kind = components <= 2 ? CorrelationRegime.Kind.CONCENTRATED : CorrelationRegime.Kind.DIVERSIFIED;
    return new CorrelationRegime(symbols, components, threshold, desc[0] / total, kind);
  }

  /**
   * From bar histories, aligned by bar end time: log returns between consecutive common times.
   * Empty when fewer than two instruments share {@link #MIN_OBSERVATIONS} returns.
   */
  public static Optional<CorrelationRegime> ofBars(Map<String, List<Bar>> history) {
    var symbols = new ArrayList<String>();
    TreeSet<Instant> common = null;
    var closes = new HashMap<String, Map<Instant, Double>>();
    for (var e : history.entrySet()) {
      if (e.getValue().size() <= MIN_OBSERVATIONS) continue;
      var byTime = new HashMap<Instant, Double>();
      for (Bar b : e.getValue()) byTime.put(b.end(), b.close().doubleValue());
      closes.put(e.getKey(), byTime);
      symbols.add(e.getKey());
      if (common == null) common = new TreeSet<>(byTime.keySet());
      else common.retainAll(byTime.keySet());
    }
    if (symbols.size() < 2 || common == null || common.size() <= MIN_OBSERVATIONS) return Optional.empty();
    symbols.sort(String::compareTo);
    List<Instant> times = new ArrayList<>(common);
    double[][] r = new double[times.size() - 1][symbols.size()];
    for (int t = 1; t < times.size(); t++) {
      for (int s = 0; s < symbols.size(); s++) {
        Map<Instant, Double> c = closes.get(symbols.get(s));
        r[t - 1][s] = Math.log(c.get(times.get(t)) / c.get(times.get(t - 1)));
      }
    }
    return Optional.of(of(symbols, r, THRESHOLD));
  }
}
