package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The gates of the cascade, in the order they run (PRD §3.2): cheapest and broadest first. */
public enum Gate {
  @JsonProperty("regime") REGIME,
  @JsonProperty("volatility") VOLATILITY,
  @JsonProperty("technical") TECHNICAL
}
