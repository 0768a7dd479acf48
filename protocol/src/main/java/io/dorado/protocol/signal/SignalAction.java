package io.dorado.protocol.signal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a signal asks of a bot. */
public enum SignalAction {
  /** Open a long position. */
  @JsonProperty("enter_long") ENTER_LONG,
  /** Open a short position. */
  @JsonProperty("enter_short") ENTER_SHORT,
  /** Adjust (roll) an open position: MONITORING → SIGNAL_RECEIVED without a new bot. */
  @JsonProperty("adjust") ADJUST,
  /** Close the open position: MONITORING → CLOSING. */
  @JsonProperty("exit") EXIT;

  public boolean isEntry() {
    return this == ENTER_LONG || this == ENTER_SHORT;
  }
}
