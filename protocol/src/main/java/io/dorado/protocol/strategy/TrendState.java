package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * Hurst-based trend state of one instrument (PRD §3.5.3): H above 0.55 trends, below 0.45 reverts,
 * between is a random walk. {@code confidence} grows with the distance of H from 0.5 and is 1 from
 * 0.15 away; it is a heuristic until the two-stage crypto trend model exists.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrendState(String symbol, double hurstRs, double hurstDfa, Kind kind, double confidence)
    implements CborSerializable {

  public enum Kind {
    @JsonProperty("trending") TRENDING,
    @JsonProperty("random_walk") RANDOM_WALK,
    @JsonProperty("mean_reverting") MEAN_REVERTING
  }

  /** The Hurst exponent the gates use: the mean of the R/S and DFA estimates. */
  public double hurst() {
    return (hurstRs + hurstDfa) / 2;
  }

  public static TrendState of(String symbol, double hurstRs, double hurstDfa) {
    double h = (hurstRs + hurstDfa) / 2;
    Kind kind = h > 0.55 ? Kind.TRENDING : h < 0.45 ? Kind.MEAN_REVERTING : Kind.RANDOM_WALK;
    double confidence = kind == Kind.RANDOM_WALK
        ? 1 - Math.abs(h - 0.5) / 0.05 * 0.5
        : Math.min(1.0, 0.5 + Math.abs(h - 0.5) / 0.15 * 0.5);
    return new TrendState(symbol, hurstRs, hurstDfa, kind, confidence);
  }
}
