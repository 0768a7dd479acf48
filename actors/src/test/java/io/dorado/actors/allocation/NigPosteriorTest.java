package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.allocation.BetaPosterior;
import io.dorado.protocol.allocation.NigPosterior;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NigPosteriorTest {

  @Test
  @DisplayName("a reward updates κ, the mean, α and β by the conjugate Normal-Inverse-Gamma rule, weighted")
  void aRewardUpdatesTheConjugateParameters() {
    NigPosterior p = NigPosterior.prior(0, 1, 1, 0.25).observe(0.5, 1.0);
    assertEquals(2.0, p.kappa(), 1e-12);
    assertEquals(0.25, p.mean(), 1e-12);           // (1·0 + 1·0.5) / 2
    assertEquals(1.5, p.alpha(), 1e-12);
    assertEquals(0.25 + 1 * 0.25 / 4, p.beta(), 1e-12); // β + w·κ·(r − mean)² / (2κ') = 0.25 + 0.25/4
    NigPosterior paper = NigPosterior.prior(0, 1, 1, 0.25).observe(0.5, 0.5);
    assertEquals(1.5, paper.kappa(), 1e-12);
    assertEquals(0.25 / 1.5, paper.mean(), 1e-12);
    assertEquals(0.5, paper.observations(), 1e-12);
    assertEquals(1.0, NigPosterior.prior(0, 1, 1, 0.25).observe(7, 1).mean() * 2, 1e-12, "rewards clip to [-1, 1]");
  }

  @Test
  @DisplayName("decay pulls κ, α and β toward the prior by γ, keeps the mean, and γ = 1 changes nothing")
  void decayPullsTowardThePrior() {
    NigPosterior p = NigPosterior.DEFAULT_PRIOR;
    for (int i = 0; i < 10; i++) p = p.observe(i % 2 == 0 ? 0.6 : 0.2, 1.0);
    NigPosterior d = p.decay(0.5);
    assertEquals(1 + 0.5 * (p.kappa() - 1), d.kappa(), 1e-12);
    assertEquals(1 + 0.5 * (p.alpha() - 1), d.alpha(), 1e-12);
    assertEquals(0.25 + 0.5 * (p.beta() - 0.25), d.beta(), 1e-12);
    assertEquals(p.mean(), d.mean(), 1e-12);
    assertEquals(5.0, d.observations(), 1e-12);
    assertEquals(p, p.decay(1.0));
  }

  @Test
  @DisplayName("after 200 rewards spread around 0.2 the draws of the mean centre on it, narrower than the Beta posterior's")
  void drawsCentreOnTheMeanAndAreNarrowerThanBetaOnContinuousRewards() {
    NigPosterior nig = NigPosterior.DEFAULT_PRIOR;
    BetaPosterior beta = BetaPosterior.prior(1, 1);
    for (int i = 0; i < 200; i++) {
      double r = i % 2 == 0 ? 0.5 : -0.1; // mean 0.2, deviation 0.3
      nig = nig.observe(r, 1);
      beta = beta.observe(r, 1);
    }
    ContinuousDistribution.Sampler s = ThompsonAllocator.meanSampler(nig, ThompsonAllocator.rng(7, 0));
    double sum = 0;
    double sumSq = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double x = s.sample();
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    assertEquals(0.2, mean, 0.005);
    assertEquals(0.3 / Math.sqrt(200), sd, 0.003, "the mean's spread is σ/√n");
    assertTrue(sd < Math.sqrt(beta.meanRewardVariance()) / 2,
        "the Beta posterior reads the rewards as coin flips: " + Math.sqrt(beta.meanRewardVariance()) + " vs " + sd);
  }

  @Test
  @DisplayName("Thompson over Normal-Inverse-Gamma posteriors gives the clearly better arm most of the budget")
  void thompsonOverNormalPosteriorsFavoursTheBetterArm() {
    NigPosterior good = NigPosterior.DEFAULT_PRIOR;
    NigPosterior bad = NigPosterior.DEFAULT_PRIOR;
    for (int i = 0; i < 50; i++) {
      good = good.observe(i % 2 == 0 ? 0.5 : 0.1, 1);
      bad = bad.observe(i % 2 == 0 ? 0.1 : -0.3, 1);
    }
    TreeMap<String, NigPosterior> arms = new TreeMap<>();
    arms.put("bad", bad);
    arms.put("good", good);
    ThompsonAllocator.Sample s = ThompsonAllocator.sampleNormal(arms, 2000, 0.05, 0.95, ThompsonAllocator.rng(1, 1));
    assertEquals(0.95, s.weights().get("good"), 1e-9);
    assertEquals(0.05, s.weights().get("bad"), 1e-9);
  }
}
