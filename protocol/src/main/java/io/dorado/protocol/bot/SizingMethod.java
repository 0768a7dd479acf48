package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum SizingMethod {
  /** A fixed number of units. */
  @JsonProperty("fixed_quantity") FIXED_QUANTITY,
  /** A fixed amount of quote currency. */
  @JsonProperty("fixed_notional") FIXED_NOTIONAL,
  /** Risk a percentage of equity between entry and stop (the guardian knows the equity). */
  @JsonProperty("fixed_risk_pct") FIXED_RISK_PCT,
  /** PRD §3.4 rules-based adaptive sizing on top of a base risk percentage. */
  @JsonProperty("adaptive_rules") ADAPTIVE_RULES
}
