package io.dorado.protocol.allocation;

import io.dorado.protocol.CborSerializable;

/**
 * A Beta(α, β) posterior over an arm's reward, with its prior kept for decay. A reward r in [-1, 1]
 * is read as a fractional success (r + 1) / 2, so the posterior mean maps back to an expected reward
 * of {@code 2·α/(α+β) − 1}. Updates and decay are pure: they return a new posterior.
 *
 * @param observations the effective (weighted, decayed) number of trades behind the posterior
 */
public record BetaPosterior(double alpha, double beta, double priorAlpha, double priorBeta, double observations)
    implements CborSerializable {

  public BetaPosterior {
    if (!(alpha > 0) || !(beta > 0) || !(priorAlpha > 0) || !(priorBeta > 0)) {
      throw new IllegalArgumentException("Beta parameters must be > 0: " + alpha + ", " + beta);
    }
  }

  public static BetaPosterior prior(double priorAlpha, double priorBeta) {
    return new BetaPosterior(priorAlpha, priorBeta, priorAlpha, priorBeta, 0);
  }

  /**
   * One observation of {@code reward} (clipped to [-1, 1]) counted with {@code weight}:
   * {@code α += w·(r+1)/2, β += w·(1−r)/2}.
   */
  public BetaPosterior observe(double reward, double weight) {
    if (!(weight >= 0)) throw new IllegalArgumentException("weight must be >= 0, was " + weight);
    double r = Math.max(-1.0, Math.min(1.0, reward));
    return new BetaPosterior(
        alpha + weight * (r + 1) / 2, beta + weight * (1 - r) / 2, priorAlpha, priorBeta, observations + weight);
  }

  /** Pulls the evidence toward the prior: {@code α ← α₀ + γ(α − α₀)}, likewise β; γ = 1 changes nothing. */
  public BetaPosterior decay(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], was " + gamma);
    return new BetaPosterior(
        priorAlpha + gamma * (alpha - priorAlpha),
        priorBeta + gamma * (beta - priorBeta),
        priorAlpha,
        priorBeta,
        gamma * observations);
  }

  /** The posterior mean of the success fraction, in (0, 1). */
  public double meanSuccess() {
    return alpha / (alpha + beta);
  }

  /** The posterior mean reward, in (-1, 1). */
  public double meanReward() {
    return 2 * meanSuccess() - 1;
  }

  /** The posterior variance of the mean reward 2p − 1: {@code 4αβ / ((α+β)²(α+β+1))}. */
  public double meanRewardVariance() {
    double n = alpha + beta;
    return 4 * alpha * beta / (n * n * (n + 1));
  }
}
