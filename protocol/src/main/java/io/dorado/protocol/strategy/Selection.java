package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * What the portfolio-aware selection loop decided for one candidate (PRD §3.2, §3.3), and why.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Selection(String candidateId, Fate fate, String reason) implements CborSerializable {

  public enum Fate {
    /** Fits every portfolio limit: goes to its bot (which asks for approval unless auto_execute). */
    @JsonProperty("selected") SELECTED,
    /** Did not fit (reason names the limit): runs in paper for data collection. */
    @JsonProperty("paper") PAPER,
    /** Would have run in paper but the paper cap (30 concurrent) is reached: lowest scores go first. */
    @JsonProperty("dropped") DROPPED,
    /** Excluded before ranking (spread quality, missing greeks). */
    @JsonProperty("excluded") EXCLUDED
  }
}
