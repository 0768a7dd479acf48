package io.dorado.actors.strategy.regime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Baum-Welch and Viterbi on planted regimes: a sticky three-state chain emitting overlapping 2-D
 * Gaussians with correlated features. The fitted model must recover at least 90% of the planted
 * states (under the best matching of its state numbers to the planted ones).
 */
class GaussianHmmTest {
  private static final double[][] MEANS = {{0.5, -1.0}, {0.0, 0.3}, {-1.2, 1.8}};
  private static final double[][][] COVS = {
      {{0.30, 0.05}, {0.05, 0.20}},
      {{0.40, -0.10}, {-0.10, 0.30}},
      {{0.80, 0.30}, {0.30, 0.50}}};
  private static final double[][] TRANSITION = {{0.97, 0.02, 0.01}, {0.02, 0.96, 0.02}, {0.01, 0.03, 0.96}};

  /** A planted sequence: states and observations. */
  record Planted(int[] states, double[][] x) {}

  static Planted plant(int n, long seed) {
    Random rng = new Random(seed);
    int[] s = new int[n];
    double[][] x = new double[n][];
    s[0] = 0;
    for (int t = 0; t < n; t++) {
      if (t > 0) {
        double u = rng.nextDouble();
        int next = 0;
        for (double c = TRANSITION[s[t - 1]][0]; u > c && next < 2; c += TRANSITION[s[t - 1]][++next]) { }
        s[t] = next;
      }
      x[t] = gaussian(MEANS[s[t]], COVS[s[t]], rng);
    }
    return new Planted(s, x);
  }

  private static double[] gaussian(double[] mean, double[][] cov, Random rng) {
    double l11 = Math.sqrt(cov[0][0]);
    double l21 = cov[1][0] / l11;
    double l22 = Math.sqrt(cov[1][1] - l21 * l21);
    double z1 = rng.nextGaussian(), z2 = rng.nextGaussian();
    return new double[] {mean[0] + l11 * z1, mean[1] + l21 * z1 + l22 * z2};
  }

  /** Share of agreeing states under the best of the 3! relabellings. */
  static double recovered(int[] planted, int[] found) {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double best = 0;
    for (int[] p : perms) {
      int ok = 0;
      for (int t = 0; t < planted.length; t++) if (p[found[t]] == planted[t]) ok++;
      best = Math.max(best, (double) ok / planted.length);
    }
    return best;
  }

  @Test
  void baumWelchAndViterbiRecoverPlantedRegimes() {
    for (long seed : new long[] {11, 12, 13}) {
      Planted planted = plant(1500, seed);
      GaussianHmm.Fit fit = GaussianHmm.fit(planted.x(), 3, 200, 1e-6, 4, seed);
      double share = recovered(planted.states(), fit.model().viterbi(planted.x()));
      System.out.printf("seed %d: %.1f%% of planted states recovered (EM %d iterations, log-likelihood %.1f)%n",
          seed, share * 100, fit.iterations(), fit.logLikelihood());
      assertTrue(share >= 0.90, "seed " + seed + ": recovered only " + share);
      double[][] a = fit.model().transitionMatrix();
      for (int i = 0; i < 3; i++) assertTrue(a[i][i] > 0.85, "the fitted chain should be sticky: " + a[i][i]);
    }
  }

  @Test
  void posteriorsAreProbabilitiesAndAgreeWithViterbiMostOfTheTime() {
    Planted planted = plant(800, 21);
    GaussianHmm model = GaussianHmm.fit(planted.x(), 3, 200, 1e-6, 3, 21).model();
    double[][] gamma = model.posteriors(planted.x());
    int[] path = model.viterbi(planted.x());
    int agree = 0;
    for (int t = 0; t < gamma.length; t++) {
      double sum = 0;
      int arg = 0;
      for (int s = 0; s < 3; s++) {
        assertTrue(gamma[t][s] >= 0 && gamma[t][s] <= 1 + 1e-9);
        sum += gamma[t][s];
        if (gamma[t][s] > gamma[t][arg]) arg = s;
      }
      assertEquals(1.0, sum, 1e-9);
      if (arg == path[t]) agree++;
    }
    assertTrue(agree > 0.95 * gamma.length, "posterior mode and Viterbi path agree on " + agree + " of " + gamma.length);
  }

  @Test
  void emNeverLowersTheLikelihoodAndTheSameSeedGivesTheSameModel() {
    Planted planted = plant(600, 31);
    double one = GaussianHmm.fit(planted.x(), 3, 1, 0, 1, 5).logLikelihood();
    double many = GaussianHmm.fit(planted.x(), 3, 50, 0, 1, 5).logLikelihood();
    assertTrue(many >= one - 1e-6, "50 EM steps " + many + " < 1 step " + one);
    assertEquals(many, GaussianHmm.fit(planted.x(), 3, 50, 0, 1, 5).logLikelihood());
  }
}
