package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum TimeInForce {
  /** Good for the trading day. */
  @JsonProperty("day") DAY,
  /** Good until cancelled. */
  @JsonProperty("gtc") GTC,
  /** Immediate or cancel: what cannot fill at once is cancelled. */
  @JsonProperty("ioc") IOC,
  /** Fill or kill: all at once or nothing. */
  @JsonProperty("fok") FOK
}
