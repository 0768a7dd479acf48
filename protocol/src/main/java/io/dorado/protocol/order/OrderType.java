package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum OrderType {
  @JsonProperty("market") MARKET,
  @JsonProperty("limit") LIMIT,
  @JsonProperty("stop") STOP,
  @JsonProperty("stop_limit") STOP_LIMIT;

  public boolean needsLimitPrice() {
    return this == LIMIT || this == STOP_LIMIT;
  }

  public boolean needsStopPrice() {
    return this == STOP || this == STOP_LIMIT;
  }
}
