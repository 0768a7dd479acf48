package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The asset classes of the universe (PRD §2.1); risk caps are set per class. */
public enum AssetClass {
  @JsonProperty("equity") EQUITY,
  @JsonProperty("equity_options") EQUITY_OPTIONS,
  @JsonProperty("fx") FX,
  @JsonProperty("crypto") CRYPTO
}
