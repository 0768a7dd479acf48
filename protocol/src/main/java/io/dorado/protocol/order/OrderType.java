package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code OCO}: a trade's protection as one native one-cancels-other order list, sent only to a venue whose adapter
 * says it has one ({@code VenueCapabilities#oco}): a reduce-only exit whose {@code limit_price} is the target (a
 * resting limit) and whose {@code stop_price} is the stop (a stop-market); the venue fills one and cancels the other.
 */
public enum OrderType {
  @JsonProperty("market") MARKET,
  @JsonProperty("limit") LIMIT,
  @JsonProperty("stop") STOP,
  @JsonProperty("stop_limit") STOP_LIMIT,
  @JsonProperty("oco") OCO;

  public boolean needsLimitPrice() {
    return this == LIMIT || this == STOP_LIMIT || this == OCO;
  }

  public boolean needsStopPrice() {
    return this == STOP || this == STOP_LIMIT || this == OCO;
  }
}
