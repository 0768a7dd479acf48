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
  REJECTED,
  /**
   * Settled and forgotten a retention period ago (the guardian, then the venue, keep a settled order that
   * long): final, but what it filled is no longer known here, only in the journals and the guardian's
   * ledger. Not CANCELLED: an asker that read it as "cancelled, nothing filled" would drop fills; it
   * reconciles its position from the guardian's ledger instead.
   */
  FORGOTTEN;

  public boolean isTerminal() {
    return this == FILLED || this == CANCELLED || this == REJECTED || this == FORGOTTEN;
  }
}
