package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The gates of the cascade, in the order they run (PRD §3.2): cheapest and broadest first. */
public enum Gate {
  /** The symbol's bars are fresh (by when the newest arrived, against its bar length); their completeness is scored. */
  @JsonProperty("data_quality") DATA_QUALITY,
  @JsonProperty("regime") REGIME,
  @JsonProperty("volatility") VOLATILITY,
  @JsonProperty("technical") TECHNICAL
}
