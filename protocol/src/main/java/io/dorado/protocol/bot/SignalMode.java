package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a bot's signals come from (PRD §3.1). */
public enum SignalMode {
  @JsonProperty("scan") SCAN,
  @JsonProperty("webhook") WEBHOOK,
  @JsonProperty("both") BOTH;

  public boolean acceptsWebhook() {
    return this != SCAN;
  }

  public boolean acceptsScan() {
    return this != WEBHOOK;
  }
}
