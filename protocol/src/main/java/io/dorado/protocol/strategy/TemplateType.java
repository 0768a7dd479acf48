package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a template trades. Directional types produce entry/stop/target candidates from ATR multiples;
 * options income types build an option structure (whichever legs the entry names) from a chain.
 */
public enum TemplateType {
  @JsonProperty("options_income") OPTIONS_INCOME,
  @JsonProperty("equity_directional") EQUITY_DIRECTIONAL,
  @JsonProperty("fx_directional") FX_DIRECTIONAL,
  @JsonProperty("crypto_directional") CRYPTO_DIRECTIONAL;

  public boolean directional() {
    return this != OPTIONS_INCOME;
  }
}
