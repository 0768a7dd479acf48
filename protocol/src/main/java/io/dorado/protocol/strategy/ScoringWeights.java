package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Phase 1 weighted scoring (PRD §3.2, the {@code scoring:} block of scoring.yaml). Weights need not
 * sum to 1: a candidate's score is the weighted mean of the features that apply to it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScoringWeights(Map<ScoreFeature, Double> weights, Exclude exclude) implements CborSerializable {

  public static final ScoringWeights DEFAULT = new ScoringWeights(null, null);

  public ScoringWeights {
    if (weights == null || weights.isEmpty()) {
      weights = Map.of(
          ScoreFeature.DATA_QUALITY, 0.30,
          ScoreFeature.CREDIT_TO_WIDTH, 0.25,
          ScoreFeature.SR_ALIGNMENT, 0.20,
          ScoreFeature.DTE_PREFERENCE, 0.15,
          ScoreFeature.SPREAD_TIGHTNESS, 0.10,
          ScoreFeature.REWARD_TO_RISK, 0.25,
          ScoreFeature.TREND_STRENGTH, 0.20);
    }
    var copy = new EnumMap<ScoreFeature, Double>(ScoreFeature.class);
    for (var e : weights.entrySet()) {
      if (e.getKey() == null) throw new IllegalArgumentException("weights: unknown feature");
      Double w = e.getValue();
      String field = "weights." + e.getKey().name().toLowerCase();
      if (w == null || w < 0 || w > 1) {
        throw new IllegalArgumentException(field + ": must be between 0 and 1 (was " + w + ")");
      }
      copy.put(e.getKey(), w);
    }
    if (copy.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("weights: at least one weight must be > 0");
    }
    weights = Map.copyOf(copy);
    exclude = exclude == null ? Exclude.DEFAULT : exclude;
  }

  public double weight(ScoreFeature f) {
    return weights.getOrDefault(f, 0.0);
  }

  /** Candidates excluded before ranking: spread-to-mid above a ratio, or missing greeks. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Exclude(Double spreadQualityAbove, Boolean missingGreeks) implements CborSerializable {
    public static final Exclude DEFAULT = new Exclude(null, null);

    public Exclude {
      spreadQualityAbove = spreadQualityAbove == null ? 0.20 : spreadQualityAbove;
      if (spreadQualityAbove <= 0) {
        throw new IllegalArgumentException("spread_quality_above: must be > 0 (was " + spreadQualityAbove + ")");
      }
      missingGreeks = missingGreeks == null || missingGreeks;
    }
  }
}
