package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The gates of the cascade, in the order they run (PRD §3.2): cheapest and broadest first, then the session: a scan
 * reports its whole analysis before the calendar holds a new position back for when the market trades.
 */
public enum Gate {
  /** The symbol's bars are fresh (by when the newest arrived, against its bar length); their completeness is scored. */
  @JsonProperty("data_quality") DATA_QUALITY,
  @JsonProperty("regime") REGIME,
  @JsonProperty("volatility") VOLATILITY,
  @JsonProperty("technical") TECHNICAL,
  /** The underlying's market is in session on a live clock ({@code io.dorado.protocol.market.TradingCalendar}). */
  @JsonProperty("session") SESSION
}
