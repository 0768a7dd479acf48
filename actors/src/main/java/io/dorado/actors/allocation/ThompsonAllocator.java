package io.dorado.actors.allocation;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.BetaPosterior;
import io.dorado.protocol.allocation.NigPosterior;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Thompson sampling into budget weights. Each reallocation draws {@code K} times from every arm's
 * posterior (Normal-Inverse-Gamma or Beta, {@link io.dorado.protocol.allocation.PosteriorKind}); an arm's raw weight is the fraction of draws in which it came out best (the
 * Monte-Carlo estimate of the probability that it is the best arm, the classic Thompson allocation);
 * the floor and cap are then applied by {@link WaterFilling}.
 *
 * <p>Deterministic: reallocation {@code round} samples with a generator seeded from {@code (seed, round)},
 * and arms are walked in arm-id order.
 */
public final class ThompsonAllocator {
  private ThompsonAllocator() {}

  /** Thompson's estimate before bounds, and the bounded weights; both keyed by arm id in id order. */
  public record Sample(SortedMap<String, Double> probabilityBest, SortedMap<String, Double> weights) {
    public Sample {
      probabilityBest = Collections.unmodifiableSortedMap(new TreeMap<>(probabilityBest));
      weights = Collections.unmodifiableSortedMap(new TreeMap<>(weights));
    }
  }

  /** The generator for reallocation {@code round} under {@code seed}. */
  public static UniformRandomProvider rng(long seed, long round) {
    // Mix the round in with the golden-ratio increment; RandomSource expands the long with SplitMix64.
    return RandomSource.XO_RO_SHI_RO_128_PP.create(seed + 0x9E3779B97F4A7C15L * (round + 1));
  }

  /** Samples the posteriors of {@code arms} (iterated in key order) with the policy's seed for {@code round}. */
  public static Sample sample(SortedMap<String, BetaPosterior> arms, AllocationPolicy policy, long round) {
    return sample(arms, policy.draws(), policy.floor(), policy.cap(), rng(policy.seed(), round));
  }

  /** The same with Normal-Inverse-Gamma posteriors. */
  public static Sample sampleNormal(SortedMap<String, NigPosterior> arms, AllocationPolicy policy, long round) {
    return sampleNormal(arms, policy.draws(), policy.floor(), policy.cap(), rng(policy.seed(), round));
  }

  public static Sample sample(
      SortedMap<String, BetaPosterior> arms, int draws, double floor, double cap, UniformRandomProvider rng) {
    List<ContinuousDistribution.Sampler> samplers = new ArrayList<>();
    for (BetaPosterior b : arms.values()) samplers.add(betaSampler(b, rng));
    return weigh(new ArrayList<>(arms.keySet()), samplers, draws, floor, cap);
  }

  public static Sample sampleNormal(
      SortedMap<String, NigPosterior> arms, int draws, double floor, double cap, UniformRandomProvider rng) {
    List<ContinuousDistribution.Sampler> samplers = new ArrayList<>();
    for (NigPosterior p : arms.values()) samplers.add(meanSampler(p, rng));
    return weigh(new ArrayList<>(arms.keySet()), samplers, draws, floor, cap);
  }

  private static Sample weigh(
      List<String> ids, List<ContinuousDistribution.Sampler> samplers, int draws, double floor, double cap) {
    if (ids.isEmpty()) return new Sample(new TreeMap<>(), new TreeMap<>());
    double[] best = probabilityBestOf(samplers, draws);
    double[] weights = WaterFilling.apply(best, floor, cap);
    TreeMap<String, Double> p = new TreeMap<>();
    TreeMap<String, Double> w = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      p.put(ids.get(i), best[i]);
      w.put(ids.get(i), weights[i]);
    }
    return new Sample(p, w);
  }

  private static ContinuousDistribution.Sampler betaSampler(BetaPosterior b, UniformRandomProvider rng) {
    return BetaDistribution.of(b.alpha(), b.beta()).createSampler(rng);
  }

  /**
   * Draws of the arm's mean reward μ from its Normal-Inverse-Gamma posterior: the precision τ ~ Gamma(α, rate β),
   * then μ ~ N(mean, 1 / (κτ)) (jointly exact; the marginal is the Student-t of {@link NigPosterior}).
   */
  static ContinuousDistribution.Sampler meanSampler(NigPosterior p, UniformRandomProvider rng) {
    ContinuousDistribution.Sampler precision = GammaDistribution.of(p.alpha(), 1 / p.beta()).createSampler(rng);
    ContinuousDistribution.Sampler z = NormalDistribution.of(0, 1).createSampler(rng);
    return () -> p.mean() + z.sample() / Math.sqrt(p.kappa() * precision.sample());
  }

  /** For each posterior, the fraction of {@code draws} joint draws in which it was the largest. */
  public static double[] probabilityBest(List<BetaPosterior> posteriors, int draws, UniformRandomProvider rng) {
    List<ContinuousDistribution.Sampler> samplers = new ArrayList<>();
    for (BetaPosterior b : posteriors) samplers.add(betaSampler(b, rng));
    return probabilityBestOf(samplers, draws);
  }

  private static double[] probabilityBestOf(List<ContinuousDistribution.Sampler> samplers, int draws) {
    int n = samplers.size();
    long[] wins = new long[n];
    for (int d = 0; d < draws; d++) {
      int argmax = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double x = samplers.get(i).sample();
        if (x > max) {
          max = x;
          argmax = i;
        }
      }
      wins[argmax]++;
    }
    double[] p = new double[n];
    for (int i = 0; i < n; i++) p[i] = (double) wins[i] / draws;
    return p;
  }
}
