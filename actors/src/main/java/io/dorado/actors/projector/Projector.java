package io.dorado.actors.projector;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Monte Carlo from a realised trade distribution (the projector seed): each path draws {@code horizon} trades with
 * replacement from the realised ones (a bootstrap: no distribution is assumed, fat tails and skew stay as they were)
 * and compounds them from the starting capital. Pure and seeded: the same inputs give the same projection.
 *
 * <p>A trade is its return on the capital in play ({@code equity × (1 + r)}, floored at 0): the read side's closed
 * trades know their notional (quantity × entry price) but not their stop, so R multiples cannot be measured, while a
 * return on notional can for every trade. The projection is then an account that puts its whole equity into each
 * trade in turn, as the bot traded it.
 */
public final class Projector {
  /** Bounds a request may ask for: one projection stays well under a second. */
  public static final int MAX_PATHS = 100_000;
  public static final int MAX_HORIZON = 1_000;
  public static final long MAX_DRAWS = 5_000_000;

  /**
   * @param returns the realised trades, as returns on the capital in play (0.02 = +2%); at least one
   * @param horizon trades per path
   * @param start the starting capital, above 0
   * @param drawdownLimit a fraction of the running peak in (0, 1]
   * @param paths the paths simulated
   * @param seed the random stream's seed
   */
  public record Inputs(double[] returns, int horizon, double start, double drawdownLimit, int paths, long seed) {
    public Inputs {
      if (returns.length == 0) throw new IllegalArgumentException("no trades to resample");
      for (double r : returns) {
        if (!Double.isFinite(r)) throw new IllegalArgumentException("a trade's return is not a number: " + r);
      }
      if (horizon < 1 || horizon > MAX_HORIZON) {
        throw new IllegalArgumentException("horizon must be 1.." + MAX_HORIZON + " trades, was " + horizon);
      }
      if (!(start > 0) || !Double.isFinite(start)) throw new IllegalArgumentException("start must be above 0, was " + start);
      if (!(drawdownLimit > 0 && drawdownLimit <= 1)) {
        throw new IllegalArgumentException("drawdown limit must be in (0, 1], was " + drawdownLimit);
      }
      if (paths < 1 || paths > MAX_PATHS) throw new IllegalArgumentException("paths must be 1.." + MAX_PATHS + ", was " + paths);
      if ((long) paths * horizon > MAX_DRAWS) {
        throw new IllegalArgumentException("paths x horizon must be at most " + MAX_DRAWS + ", was " + (long) paths * horizon);
      }
      returns = returns.clone();
    }
  }

  private Projector() {}

  public static Projection project(Inputs in) {
    UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(in.seed());
    double[] returns = in.returns();
    double[] equity = new double[in.paths()];
    double[] peak = new double[in.paths()];
    boolean[] breached = new boolean[in.paths()];
    java.util.Arrays.fill(equity, in.start());
    java.util.Arrays.fill(peak, in.start());
    List<Projection.Band> bands = new ArrayList<>(in.horizon() + 1);
    bands.add(new Projection.Band(0, in.start(), in.start(), in.start()));
    // Step by step across all paths, so only the current equity of each path is kept (not paths x horizon).
    Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    for (int step = 1; step <= in.horizon(); step++) {
      for (int p = 0; p < equity.length; p++) {
        double e = Math.max(0, equity[p] * (1 + returns[random.nextInt(returns.length)]));
        equity[p] = e;
        if (e > peak[p]) peak[p] = e;
        else if (1 - e / peak[p] >= in.drawdownLimit()) breached[p] = true;
      }
      percentile.setData(equity);
      bands.add(new Projection.Band(step, percentile.evaluate(10), percentile.evaluate(50), percentile.evaluate(90)));
    }
    int hits = 0;
    for (boolean b : breached) if (b) hits++;
    Projection.Band last = bands.get(bands.size() - 1);
    return new Projection(returns.length, in.paths(), in.horizon(), in.start(), bands, last.p50(), in.drawdownLimit(),
        (double) hits / in.paths(), KellyFractions.of(returns));
  }
}
