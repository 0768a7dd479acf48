package io.dorado.protocol.order;

/** An order's status at the venue. */
public enum OrderStatus {
  /** The venue never received this client order id. */
  UNKNOWN,
  /** Persisted by the venue actor, being sent. */
  SUBMITTED,
  WORKING,
  PARTIALLY_FILLED,
  FILLED,
  CANCELLED,
  REJECTED;

  public boolean isTerminal() {
    return this == FILLED || this == CANCELLED || this == REJECTED;
  }
}
