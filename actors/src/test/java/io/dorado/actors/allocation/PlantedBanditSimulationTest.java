package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.allocation.BetaPosterior;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A planted bandit: five arms with true mean rewards μ, one best. A trade's reward is either win/loss
 * (+1 at target, −1 at stop, with mean μ) or N(μ, σ) clipped to [-1, 1] (the PRD reward's range). Each trade is made by an arm drawn in proportion to the budget
 * weights in force (capital goes where the budget is) and only that arm's outcome is seen. Weights are
 * recomputed every {@link #CADENCE} trades. Thompson sampling and ε-greedy run on the same pre-drawn
 * rewards and the same arm-choice uniforms; regret is the expected shortfall of the weights in force
 * against the best arm's true mean, summed over all trades.
 */
class PlantedBanditSimulationTest {
  private static final double[] MU = {-0.10, 0.00, 0.05, 0.10, 0.25};
  private static final double SIGMA = 0.6;
  private static final int BEST = 4;
  private static final int CADENCE = 10;
  private static final double FLOOR = 0.01;
  private static final double CAP = 1.0;
  private static final int DRAWS = 1000;
  private static final double EPSILON = 0.1;

  private record Run(double regret, double lateRegret, double[] finalWeights) {}

  /** A world: win/loss trades (stop or target, what the Beta posterior models) or clipped-normal P&L. */
  private record Scenario(boolean winLoss, int trades, double decay, int seeds) {
    String describe() {
      return (winLoss ? "win/loss" : "clipped normal σ=" + SIGMA) + " rewards, " + trades + " trades, decay " + decay;
    }
  }

  private record Summary(double thompsonMean, double greedyMean, double bestWeightMean, int bestIsLargest, int seeds) {}

  @Test
  @DisplayName("on win/loss trades the budget concentrates on the best arm and Thompson's mean regret is below ε-greedy's on the same draws")
  void theBudgetConcentratesOnTheBestArmWithLessRegretThanEpsilonGreedy() {
    Summary s = simulate(new Scenario(true, 6000, 1.0, 40));
    assertEquals(s.seeds(), s.bestIsLargest(), "the best arm ends with the largest weight in every run");
    assertTrue(s.bestWeightMean() > 0.9, "the best arm holds most of the budget: " + s.bestWeightMean());
    assertTrue(s.thompsonMean() < s.greedyMean(),
        "Thompson mean regret " + s.thompsonMean() + " < ε-greedy mean regret " + s.greedyMean());
  }

  /**
   * With P&L spread inside [-1, 1] the fractional Beta update treats each trade as a coin flip, so the
   * posterior is wider than the data warrant and Thompson explores more than it needs: the budget still
   * concentrates, but over this horizon its regret is no better than ε-greedy's. Printed, not asserted.
   */
  @Test
  @DisplayName("on clipped-normal P&L with decay the budget still concentrates on the best arm")
  void onClippedNormalPnlWithDecayTheBudgetStillConcentrates() {
    Summary s = simulate(new Scenario(false, 3000, 0.995, 10));
    assertEquals(s.seeds(), s.bestIsLargest(), "the best arm ends with the largest weight in every run");
    assertTrue(s.bestWeightMean() > 0.7, "the best arm holds most of the budget: " + s.bestWeightMean());
  }

  @Test
  @DisplayName("when the best arm changes, decay moves the budget to the new best sooner than no decay")
  void whenTheBestArmChangesDecayMovesTheBudgetSooner() {
    double[] before = {-0.10, 0.00, 0.05, 0.10, 0.25};
    double[] after = {0.35, 0.00, 0.05, 0.10, -0.10}; // arm 0 becomes best, the old best turns bad
    int trades = 4000;
    int change = 2000;
    double[] regretDecay = new double[2];
    double[] regretNone = new double[2];
    double weightDecay = 0;
    double weightNone = 0;
    double lagDecay = 0;
    double lagNone = 0;
    int seeds = 10;
    for (int k = 0; k < seeds; k++) {
      long seed = 5000 + k;
      UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
      double[][] rewards = new double[trades][before.length];
      double[] choice = new double[trades];
      for (int t = 0; t < trades; t++) {
        double[] mu = t < change ? before : after;
        for (int i = 0; i < mu.length; i++) rewards[t][i] = rng.nextDouble() < (mu[i] + 1) / 2 ? 1.0 : -1.0;
        choice[t] = rng.nextDouble();
      }
      double[] withDecay = switchingThompson(rewards, choice, before, after, change, 0.95, seed, regretDecay);
      double[] without = switchingThompson(rewards, choice, before, after, change, 1.0, seed, regretNone);
      weightDecay += withDecay[0] / seeds;
      weightNone += without[0] / seeds;
      lagDecay += withDecay[1] / seeds;
      lagNone += without[1] / seeds;
    }
    System.out.printf(Locale.ROOT,
        "regime change after %d of %d win/loss trades, %d seeds, decay 0.95 vs none: trades until the new best arm holds "
            + "half the budget %.0f vs %.0f; regret after the change %.1f vs %.1f (before it %.1f vs %.1f); "
            + "new best arm's final weight %.3f vs %.3f%n",
        change, trades, seeds, lagDecay, lagNone, regretDecay[1] / seeds, regretNone[1] / seeds,
        regretDecay[0] / seeds, regretNone[0] / seeds, weightDecay, weightNone);
    assertTrue(lagDecay < lagNone, "decay follows the new best arm sooner: " + lagDecay + " vs " + lagNone);
    assertTrue(regretDecay[1] < regretNone[1], "less regret after the change with decay");
    assertTrue(weightDecay > 0.5, "the new best arm holds most of the budget in the end: " + weightDecay);
  }

  /**
   * Thompson through a regime change; adds regret before/after the change into {@code regret}; returns the
   * new best arm's final weight and the trades after the change until it first held half the budget.
   */
  private static double[] switchingThompson(double[][] rewards, double[] choice, double[] before, double[] after,
      int change, double decay, long seed, double[] regret) {
    int n = before.length;
    BetaPosterior[] posterior = new BetaPosterior[n];
    Arrays.fill(posterior, BetaPosterior.prior(1, 1));
    double[] w = equal(n);
    long round = 0;
    int lag = rewards.length - change;
    for (int t = 0; t < rewards.length; t++) {
      if (t >= change && w[0] > 0.5 && lag == rewards.length - change) lag = t - change;
      double[] mu = t < change ? before : after;
      double expected = 0;
      for (int i = 0; i < n; i++) expected += w[i] * mu[i];
      regret[t < change ? 0 : 1] += Arrays.stream(mu).max().orElseThrow() - expected;
      int arm = pick(w, choice[t]);
      posterior[arm] = posterior[arm].observe(rewards[t][arm], 1.0);
      if ((t + 1) % CADENCE == 0) {
        TreeMap<String, BetaPosterior> arms = new TreeMap<>();
        for (int i = 0; i < n; i++) arms.put("arm" + i, posterior[i]);
        ThompsonAllocator.Sample s =
            ThompsonAllocator.sample(arms, DRAWS, FLOOR, CAP, ThompsonAllocator.rng(seed, round++));
        for (int i = 0; i < n; i++) w[i] = s.weights().get("arm" + i);
        for (int i = 0; i < n; i++) posterior[i] = posterior[i].decay(decay);
      }
    }
    return new double[] {w[0], lag};
  }

  private static Summary simulate(Scenario scenario) {
    double[] trueMean = new double[MU.length];
    for (int i = 0; i < MU.length; i++) trueMean[i] = scenario.winLoss() ? MU[i] : clippedMean(MU[i], SIGMA);
    int seeds = scenario.seeds();
    double[] thompsonRegret = new double[seeds];
    double[] greedyRegret = new double[seeds];
    double[] bestWeight = new double[seeds];
    int thompsonWins = 0;
    int bestIsLargest = 0;
    for (int k = 0; k < seeds; k++) {
      long seed = 1000 + k;
      World world = world(scenario, seed);
      Run thompson = thompson(world.rewards(), world.choice(), trueMean, scenario.decay(), seed);
      Run greedy = epsilonGreedy(world.rewards(), world.choice(), trueMean);
      thompsonRegret[k] = thompson.regret();
      greedyRegret[k] = greedy.regret();
      double[] w = thompson.finalWeights();
      bestWeight[k] = w[BEST];
      if (thompson.regret() < greedy.regret()) thompsonWins++;
      if (Arrays.stream(w).max().orElseThrow() == w[BEST]) bestIsLargest++;
      if (k == 0) {
        System.out.printf(Locale.ROOT, "seed %d: Thompson regret %.2f final weights %s; ε-greedy regret %.2f final weights %s%n",
            seed, thompson.regret(), fmt(w), greedy.regret(), fmt(greedy.finalWeights()));
      }
    }
    Summary summary = new Summary(
        Arrays.stream(thompsonRegret).average().orElseThrow(),
        Arrays.stream(greedyRegret).average().orElseThrow(),
        Arrays.stream(bestWeight).average().orElseThrow(),
        bestIsLargest,
        seeds);
    System.out.printf(
        Locale.ROOT,
        "planted bandit: %s; true means %s; reallocation every %d trades, floor %.2f, cap %.2f, %d draws, ε %.2f, %d seeds%n"
            + "  Thompson  regret mean %.1f median %.1f max %.1f; best-arm final weight mean %.3f min %.3f; "
            + "best arm largest in %d/%d%n"
            + "  ε-greedy  regret mean %.1f median %.1f max %.1f%n"
            + "  Thompson below ε-greedy in %d/%d seeds%n",
        scenario.describe(), fmt(trueMean), CADENCE, FLOOR, CAP, DRAWS, EPSILON, seeds,
        summary.thompsonMean(), median(thompsonRegret), Arrays.stream(thompsonRegret).max().orElseThrow(),
        summary.bestWeightMean(), Arrays.stream(bestWeight).min().orElseThrow(), bestIsLargest, seeds,
        summary.greedyMean(), median(greedyRegret), Arrays.stream(greedyRegret).max().orElseThrow(),
        thompsonWins, seeds);
    return summary;
  }

  private record World(double[][] rewards, double[] choice) {}

  /** The rewards every arm would earn on every trade, and the uniforms that pick the trading arm. */
  private static World world(Scenario scenario, long seed) {
    int trades = scenario.trades();
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ContinuousDistribution.Sampler z = NormalDistribution.of(0, 1).createSampler(rng);
    double[][] rewards = new double[trades][MU.length];
    double[] choice = new double[trades];
    for (int t = 0; t < trades; t++) {
      for (int i = 0; i < MU.length; i++) {
        rewards[t][i] = scenario.winLoss()
            ? (rng.nextDouble() < (MU[i] + 1) / 2 ? 1.0 : -1.0)
            : Math.max(-1, Math.min(1, MU[i] + SIGMA * z.sample()));
      }
      choice[t] = rng.nextDouble();
    }
    return new World(rewards, choice);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static Run thompson(double[][] rewards, double[] choice, double[] trueMean, double decay, long seed) {
    int n = MU.length;
    BetaPosterior[] posterior = new BetaPosterior[n];
    Arrays.fill(posterior, BetaPosterior.prior(1, 1));
    double[] w = equal(n);
    double[] regret = new double[2];
    long round = 0;
    for (int t = 0; t < rewards.length; t++) {
      addRegret(regret, t, rewards.length, w, trueMean);
      int arm = pick(w, choice[t]);
      posterior[arm] = posterior[arm].observe(rewards[t][arm], 1.0);
      if ((t + 1) % CADENCE == 0) {
        TreeMap<String, BetaPosterior> arms = new TreeMap<>();
        for (int i = 0; i < n; i++) arms.put("arm" + i, posterior[i]);
        ThompsonAllocator.Sample s =
            ThompsonAllocator.sample(arms, DRAWS, FLOOR, CAP, ThompsonAllocator.rng(seed, round++));
        for (int i = 0; i < n; i++) w[i] = s.weights().get("arm" + i);
        for (int i = 0; i < n; i++) posterior[i] = posterior[i].decay(decay);
      }
    }
    return new Run(regret[0], regret[1], w);
  }

  private static Run epsilonGreedy(double[][] rewards, double[] choice, double[] trueMean) {
    int n = MU.length;
    double[] sum = new double[n];
    long[] count = new long[n];
    double[] w = equal(n);
    double[] regret = new double[2];
    for (int t = 0; t < rewards.length; t++) {
      addRegret(regret, t, rewards.length, w, trueMean);
      int arm = pick(w, choice[t]);
      sum[arm] += rewards[t][arm];
      count[arm]++;
      if ((t + 1) % CADENCE == 0) {
        int greedy = 0;
        for (int i = 1; i < n; i++) {
          if (mean(sum, count, i) > mean(sum, count, greedy)) greedy = i;
        }
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) raw[i] = EPSILON / n + (i == greedy ? 1 - EPSILON : 0);
        w = WaterFilling.apply(raw, FLOOR, CAP);
      }
    }
    return new Run(regret[0], regret[1], w);
  }

  private static double mean(double[] sum, long[] count, int i) {
    return count[i] == 0 ? 0 : sum[i] / count[i];
  }

  private static void addRegret(double[] regret, int t, int trades, double[] w, double[] trueMean) {
    double expected = 0;
    for (int i = 0; i < w.length; i++) expected += w[i] * trueMean[i];
    double r = trueMean[BEST] - expected;
    regret[0] += r;
    if (t >= 2 * trades / 3) regret[1] += r;
  }

  private static int pick(double[] w, double u) {
    double acc = 0;
    for (int i = 0; i < w.length; i++) {
      acc += w[i];
      if (u < acc) return i;
    }
    return w.length - 1;
  }

  private static double[] equal(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / n);
    return w;
  }

  /** E[clip(X, -1, 1)] for X ~ N(μ, σ²): a·F(a) + b·(1 − F(b)) + μ(F(b) − F(a)) + σ²(f(a) − f(b)). */
  static double clippedMean(double mu, double sigma) {
    NormalDistribution d = NormalDistribution.of(mu, sigma);
    double a = -1;
    double b = 1;
    double fa = d.cumulativeProbability(a);
    double fb = d.cumulativeProbability(b);
    return a * fa + b * (1 - fb) + mu * (fb - fa) + sigma * sigma * (d.density(a) - d.density(b));
  }

  private static String fmt(double[] xs) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < xs.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", xs[i]));
    return sb.append(']').toString();
  }
}
