package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a candidate is scored on, each in [0, 1] (PRD §3.2 weighted scoring). A feature that does not
 * apply to a candidate (credit for a directional trade) is left out of its weighted mean.
 */
public enum ScoreFeature {
  /** Real, fresh data with greeks = 1; a synthetic chain or missing greeks score lower. */
  @JsonProperty("data_quality") DATA_QUALITY,
  /** Option credit relative to spread width. */
  @JsonProperty("credit_to_width") CREDIT_TO_WIDTH,
  /** Short strikes (or the stop) at support/resistance. */
  @JsonProperty("sr_alignment") SR_ALIGNMENT,
  /** Expiry near the middle of the template's DTE range. */
  @JsonProperty("dte_preference") DTE_PREFERENCE,
  /** Tight bid/ask relative to mid. */
  @JsonProperty("spread_tightness") SPREAD_TIGHTNESS,
  /** Target distance over stop distance (directional). */
  @JsonProperty("reward_to_risk") REWARD_TO_RISK,
  /** How persistent the trend is: Hurst exponent above 0.5 (directional). */
  @JsonProperty("trend_strength") TREND_STRENGTH
}
