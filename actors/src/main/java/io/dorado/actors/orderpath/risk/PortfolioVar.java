package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.RiskGuardian.VarFigures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * 1-day value at risk and expected shortfall (CVaR) of an open book at 95 % and 99 %, from the daily returns of its
 * symbols' marks ({@link MarkReturns}); pure. The book is its value per symbol (signed: a short is negative), and each
 * past day is a scenario: the book's P&amp;L that day is Σ value × return. The scenarios are the last {@code window} days
 * on which every measured symbol has a return.
 *
 * <ul>
 *   <li>Historical: with the n scenario P&amp;Ls sorted from the worst, k = ⌈n × (1 − α)⌉; VaR is the k-th worst loss,
 *       CVaR the mean of the k worst (n = 250 at 99 %: the 3rd worst, and the mean of the 3 worst).
 *   <li>Parametric (normal): with μ and σ the scenario P&amp;Ls' mean and sample standard deviation (n − 1; the same σ
 *       as √(vᵀΣv) from the returns' sample covariance), VaR = σ·z<sub>α</sub> − μ and CVaR = σ·φ(z<sub>α</sub>)/(1 − α)
 *       − μ, z<sub>α</sub> the standard normal quantile (Commons Statistics).
 * </ul>
 *
 * A symbol with fewer than {@code minObservations} returns is unmeasured: left out (and listed). With fewer common days
 * than that, the book is not measurable (figures null). Cost: O(symbols × window) per measure, computed on demand from
 * the state (the marks and fills already folded into it), so every order adding exposure is judged on the book as it is.
 */
public final class PortfolioVar {
  private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

  private PortfolioVar() {}

  /** What {@link #measure} found: {@code observations} the scenarios used (0 when nothing is held). */
  public record Result(int observations, VarFigures historical, VarFigures parametric, List<String> unmeasured) {
    public boolean measurable() {
      return historical != null;
    }

    /** VaR 95 by {@code parametricMethod} or historical; null when not measurable. */
    public BigDecimal var95(boolean parametricMethod) {
      if (!measurable()) return null;
      return parametricMethod ? parametric.var95() : historical.var95();
    }
  }

  static final VarFigures ZERO = new VarFigures(money(0), money(0), money(0), money(0));

  /** The book's VaR: {@code exposure} by symbol (value, signed), the last {@code window} days. */
  public static Result measure(Map<String, BigDecimal> exposure, MarkReturns returns, int window, int minObservations) {
    var measured = new TreeMap<String, Double>();
    var unmeasured = new ArrayList<String>();
    for (var e : new TreeMap<>(exposure).entrySet()) {
      if (e.getValue().signum() == 0) continue;
      if (returns.of(e.getKey()).returns().size() < minObservations) unmeasured.add(e.getKey());
      else measured.put(e.getKey(), e.getValue().doubleValue());
    }
    if (measured.isEmpty()) return new Result(0, ZERO, ZERO, unmeasured);
    TreeSet<LocalDate> common = null;
    for (String symbol : measured.keySet()) {
      var days = new TreeSet<>(returns.of(symbol).days());
      if (common == null) common = days;
      else common.retainAll(days);
    }
    while (common.size() > window) common.pollFirst();
    int n = common.size();
    if (n < minObservations || n < 2) return new Result(n, null, null, unmeasured);
    double[] pnl = new double[n];
    for (var e : measured.entrySet()) {
      MarkReturns.Series s = returns.of(e.getKey());
      var byDay = new HashMap<LocalDate, Double>();
      for (int i = 0; i < s.days().size(); i++) byDay.put(s.days().get(i), s.returns().get(i));
      int t = 0;
      for (LocalDate day : common) pnl[t++] += e.getValue() * byDay.get(day);
    }
    return new Result(n, historical(pnl), parametric(pnl), unmeasured);
  }

  /** Historical simulation on the scenario P&amp;Ls. */
  static VarFigures historical(double[] pnl) {
    double[] sorted = pnl.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    int k95 = (n * 5 + 99) / 100; // ⌈n × 5 %⌉, in whole numbers
    int k99 = (n + 99) / 100; // ⌈n × 1 %⌉
    return new VarFigures(money(-sorted[k95 - 1]), money(-meanOfFirst(sorted, k95)), money(-sorted[k99 - 1]),
        money(-meanOfFirst(sorted, k99)));
  }

  /** Normal, with the scenario P&amp;Ls' mean and sample standard deviation. */
  static VarFigures parametric(double[] pnl) {
    int n = pnl.length;
    double mean = 0;
    for (double x : pnl) mean += x;
    mean /= n;
    double ss = 0;
    for (double x : pnl) ss += (x - mean) * (x - mean);
    double sigma = Math.sqrt(ss / (n - 1));
    return new VarFigures(money(var(sigma, mean, 0.95)), money(cvar(sigma, mean, 0.95)), money(var(sigma, mean, 0.99)),
        money(cvar(sigma, mean, 0.99)));
  }

  private static double var(double sigma, double mean, double level) {
    return sigma * STANDARD.inverseCumulativeProbability(level) - mean;
  }

  private static double cvar(double sigma, double mean, double level) {
    double z = STANDARD.inverseCumulativeProbability(level);
    return sigma * STANDARD.density(z) / (1 - level) - mean;
  }

  private static double meanOfFirst(double[] sorted, int k) {
    double sum = 0;
    for (int i = 0; i < k; i++) sum += sorted[i];
    return sum / k;
  }

  static BigDecimal money(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
  }
}
