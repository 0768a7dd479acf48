package io.dorado.actors.allocation;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.BetaPosterior;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * Thompson sampling into budget weights. Each reallocation draws {@code K} times from every arm's
 * Beta posterior; an arm's raw weight is the fraction of draws in which it came out best (the
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

  public static Sample sample(
      SortedMap<String, BetaPosterior> arms, int draws, double floor, double cap, UniformRandomProvider rng) {
    if (arms.isEmpty()) return new Sample(new TreeMap<>(), new TreeMap<>());
    List<String> ids = new ArrayList<>(arms.keySet());
    double[] best = probabilityBest(new ArrayList<>(arms.values()), draws, rng);
    double[] weights = WaterFilling.apply(best, floor, cap);
    TreeMap<String, Double> p = new TreeMap<>();
    TreeMap<String, Double> w = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      p.put(ids.get(i), best[i]);
      w.put(ids.get(i), weights[i]);
    }
    return new Sample(p, w);
  }

  /** For each posterior, the fraction of {@code draws} joint draws in which it was the largest. */
  public static double[] probabilityBest(List<BetaPosterior> posteriors, int draws, UniformRandomProvider rng) {
    int n = posteriors.size();
    ContinuousDistribution.Sampler[] samplers = new ContinuousDistribution.Sampler[n];
    for (int i = 0; i < n; i++) {
      BetaPosterior b = posteriors.get(i);
      samplers[i] = BetaDistribution.of(b.alpha(), b.beta()).createSampler(rng);
    }
    long[] wins = new long[n];
    for (int d = 0; d < draws; d++) {
      int argmax = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double x = samplers[i].sample();
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
