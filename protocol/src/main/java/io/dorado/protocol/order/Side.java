package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Side {
  @JsonProperty("buy") BUY,
  @JsonProperty("sell") SELL;

  /** +1 for buy, -1 for sell: the sign a fill adds to a position. */
  public int sign() {
    return this == BUY ? 1 : -1;
  }

  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }
}
