package io.dorado.actors.strategy.scan;

import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.ScoringWeights;
import java.util.Optional;

/** Phase 1 weighted scoring and exclusions (PRD §3.2, scoring.yaml). */
public final class Scoring {
  private Scoring() {}

  /** The weighted mean of the features the candidate has; 0 when none of them is weighted. */
  public static Candidate score(Candidate c, ScoringWeights weights) {
    double sum = 0, total = 0;
    for (var e : c.features().entrySet()) {
      double w = weights.weight(e.getKey());
      sum += w * e.getValue();
      total += w;
    }
    return c.withScore(total == 0 ? 0 : sum / total, c.features());
  }

  /** Why a candidate is excluded before ranking, if it is. */
  public static Optional<String> exclusion(Candidate c, ScoringWeights weights) {
    if (!c.directional() && c.spreadQuality() > weights.exclude().spreadQualityAbove()) {
      return Optional.of(String.format(java.util.Locale.ROOT, "spread quality %.1f%% of mid > %.1f%%",
          c.spreadQuality() * 100, weights.exclude().spreadQualityAbove() * 100));
    }
    if (weights.exclude().missingGreeks() && c.missingGreeks()) return Optional.of("missing greeks");
    return Optional.empty();
  }

  public static double feature(Candidate c, ScoreFeature f) {
    return c.features().getOrDefault(f, Double.NaN);
  }
}
