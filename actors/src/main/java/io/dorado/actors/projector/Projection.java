package io.dorado.actors.projector;

import java.util.List;

/**
 * What {@link Projector} projects: the equity bands over the horizon, the chance of a drawdown at or beyond the
 * limit, and Kelly from the same trades.
 *
 * @param trades the realised trades resampled
 * @param paths the simulated paths
 * @param horizon trades per path
 * @param start the starting capital
 * @param bands P10/P50/P90 of equity after each trade, step 0 (the start) to {@code horizon}
 * @param medianFinal P50 of the final equity
 * @param drawdownLimit the limit, a fraction of the running peak (0.2 = 20%)
 * @param drawdownProbability the fraction of paths whose drawdown from their running peak reached the limit
 * @param kelly f*, half and quarter Kelly of the trades
 */
public record Projection(int trades, int paths, int horizon, double start, List<Band> bands, double medianFinal,
    double drawdownLimit, double drawdownProbability, KellyFractions kelly) {

  public Projection {
    bands = List.copyOf(bands);
  }

  /** The equity percentiles across the paths after {@code step} trades. */
  public record Band(int step, double p10, double p50, double p90) {}

  /** The last band: after {@code horizon} trades. */
  public Band last() {
    return bands.get(bands.size() - 1);
  }
}
