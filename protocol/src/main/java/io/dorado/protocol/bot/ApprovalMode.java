package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ApprovalMode {
  /** A human approves each trade (Telegram, HTTP or dashboard) before it executes. */
  @JsonProperty("human_required") HUMAN_REQUIRED,
  /** Trades that pass risk go straight to EXECUTING. */
  @JsonProperty("auto_execute") AUTO_EXECUTE
}
