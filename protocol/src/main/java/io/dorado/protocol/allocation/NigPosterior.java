package io.dorado.protocol.allocation;

import io.dorado.protocol.CborSerializable;

/**
 * A Normal-Inverse-Gamma posterior over an arm's mean reward μ and reward variance σ², for rewards that are
 * continuous (P&L over max loss anywhere in [-1, 1]) rather than win/loss: σ² ~ InvGamma(α, β), μ | σ² ~ N(mean,
 * σ²/κ). The marginal of μ is Student-t with 2α degrees of freedom, location {@code mean} and scale
 * {@code √(β / (ακ))}, so the posterior narrows as fast as the rewards' spread allows, where a Beta posterior reads
 * every reward as a coin flip. Updates and decay are pure, with the prior kept for decay, like {@link BetaPosterior}.
 *
 * @param mean the posterior location of μ
 * @param kappa κ: the pseudo-count behind {@code mean}
 * @param alpha α: the inverse-gamma shape (half the pseudo-count behind the variance)
 * @param beta β: the inverse-gamma scale (half the pseudo sum of squared deviations)
 * @param observations the effective (weighted, decayed) number of trades behind the posterior
 */
public record NigPosterior(double mean, double kappa, double alpha, double beta, double priorMean, double priorKappa,
    double priorAlpha, double priorBeta, double observations)
    implements CborSerializable {

  /** The default prior: mean reward 0 worth one trade, a reward deviation of about 0.5 worth two trades. */
  public static final NigPosterior DEFAULT_PRIOR = prior(0.0, 1.0, 1.0, 0.25);

  public NigPosterior {
    if (!(kappa > 0) || !(alpha > 0) || !(beta > 0) || !(priorKappa > 0) || !(priorAlpha > 0) || !(priorBeta > 0)) {
      throw new IllegalArgumentException("Normal-Inverse-Gamma parameters must be > 0: κ " + kappa + ", α " + alpha
          + ", β " + beta);
    }
    if (!Double.isFinite(mean) || !Double.isFinite(priorMean)) {
      throw new IllegalArgumentException("Normal-Inverse-Gamma mean must be finite: " + mean);
    }
  }

  public static NigPosterior prior(double mean, double kappa, double alpha, double beta) {
    return new NigPosterior(mean, kappa, alpha, beta, mean, kappa, alpha, beta, 0);
  }

  /**
   * One observation of {@code reward} (clipped to [-1, 1]) counted with {@code weight} (the conjugate update with a
   * fractional count): {@code κ' = κ + w, mean' = (κ·mean + w·r) / κ', α' = α + w/2, β' = β + w·κ·(r − mean)² / (2κ')}.
   */
  public NigPosterior observe(double reward, double weight) {
    if (!(weight >= 0)) throw new IllegalArgumentException("weight must be >= 0, was " + weight);
    double r = Math.max(-1.0, Math.min(1.0, reward));
    double k = kappa + weight;
    double d = r - mean;
    return new NigPosterior((kappa * mean + weight * r) / k, k, alpha + weight / 2, beta + weight * kappa * d * d / (2 * k),
        priorMean, priorKappa, priorAlpha, priorBeta, observations + weight);
  }

  /**
   * Pulls the evidence toward the prior: {@code κ ← κ₀ + γ(κ − κ₀)}, likewise α and β; the mean stays where the trades
   * put it (its weight, κ, shrinks). γ = 1 changes nothing.
   */
  public NigPosterior decay(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("decay must be in (0, 1], was " + gamma);
    return new NigPosterior(mean, priorKappa + gamma * (kappa - priorKappa), priorAlpha + gamma * (alpha - priorAlpha),
        priorBeta + gamma * (beta - priorBeta), priorMean, priorKappa, priorAlpha, priorBeta, gamma * observations);
  }

  /** The posterior mean reward. */
  public double meanReward() {
    return mean;
  }

  /** E[σ²], the rewards' expected variance: β / (α − 1), or β / α while α ≤ 1 (where the mean is undefined). */
  public double rewardVariance() {
    return alpha > 1 ? beta / (alpha - 1) : beta / alpha;
  }

  /** The uncertainty of the mean reward: the squared scale of its Student-t marginal, β / (ακ). */
  public double meanVariance() {
    return beta / (alpha * kappa);
  }
}
