package io.dorado.actors.strategy.regime;

import io.dorado.actors.strategy.indicators.Hurst;
import io.dorado.actors.strategy.indicators.Volatility;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.strategy.MacroRegime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The macro regime from a reference instrument's bars: a Gaussian HMM on two standardised features
 * per bar (the 5-bar log return and the 20-bar realized volatility), its states labelled by their
 * mean volatility from calm to stressed. The PRD's FRED/VIX feature set plugs in here once those
 * data sources exist; the labelling and publishing stay the same.
 */
public final class MacroRegimes {
  private MacroRegimes() {}

  public static final int RETURN_WINDOW = 5;
  public static final int VOL_WINDOW = 20;

  /** Labels by number of states, calmest first. */
  static List<String> labels(int states) {
    return switch (states) {
      case 2 -> List.of("risk_on", "risk_off");
      case 3 -> List.of("risk_on", "transition", "risk_off");
      case 4 -> List.of("risk_on", "goldilocks", "transition", "risk_off");
      case 5 -> List.of("risk_on", "goldilocks", "transition", "risk_off", "crisis");
      default -> throw new IllegalArgumentException("the macro radar has 2 to 5 states, not " + states);
    };
  }

  /** The fewest bars the model is fitted on. */
  public static int minBars(int states) {
    return VOL_WINDOW + 1 + states * 20;
  }

  /** Standardised features per bar, from the first bar where both windows are full. */
  static double[][] features(List<Bar> bars) {
    double[] prices = bars.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
    double[] r = Hurst.logReturns(prices);
    double perYear = Volatility.barsPerYear(bars.get(bars.size() - 1).period());
    int first = Math.max(VOL_WINDOW, RETURN_WINDOW);
    double[][] x = new double[r.length - first + 1][2];
    for (int t = first; t <= r.length; t++) {
      double ret = 0;
      for (int i = t - RETURN_WINDOW; i < t; i++) ret += r[i];
      x[t - first][0] = ret;
      x[t - first][1] = Volatility.realizedPct(r, t - VOL_WINDOW, t, perYear);
    }
    for (int f = 0; f < 2; f++) {
      final int col = f;
      double mean = Arrays.stream(x).mapToDouble(v -> v[col]).average().orElse(0);
      double sd = Math.sqrt(Arrays.stream(x).mapToDouble(v -> (v[col] - mean) * (v[col] - mean)).sum() / x.length);
      for (double[] v : x) v[col] = sd == 0 ? 0 : (v[col] - mean) / sd;
    }
    return x;
  }

  public static MacroRegime of(List<Bar> bars, int states, long seed) {
    if (bars.size() < minBars(states)) {
      throw new IllegalArgumentException("the macro regime needs " + minBars(states) + " bars, got " + bars.size());
    }
    double[][] x = features(bars);
    GaussianHmm hmm = GaussianHmm.fit(x, states, 100, 1e-4, 4, seed).model();
    // calm to stressed: by the state's mean (standardised) volatility
    Integer[] order = IntStream.range(0, states).boxed().sorted(Comparator.comparingDouble(s -> hmm.mean(s)[1]))
        .toArray(Integer[]::new);
    List<String> names = labels(states);
    String[] labelOf = new String[states];
    for (int rank = 0; rank < states; rank++) labelOf[order[rank]] = names.get(rank);
    double[] p = hmm.filtered(x);
    var probabilities = new LinkedHashMap<String, Double>();
    int best = 0;
    for (int rank = 0; rank < states; rank++) {
      int s = order[rank];
      probabilities.put(labelOf[s], p[s]);
      if (p[s] > p[best]) best = s;
    }
    int[] path = hmm.viterbi(x);
    boolean transition = false;
    for (int t = Math.max(0, path.length - 3); t < path.length - 1; t++) transition |= path[t] != path[path.length - 1];
    return new MacroRegime(labelOf[best], p[best], probabilities, transition);
  }
}
