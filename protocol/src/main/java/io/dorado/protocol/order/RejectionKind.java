package io.dorado.protocol.order;

/**
 * What kind of refusal a venue's rejection is, as the adapter read it from the vendor's error code (never from the
 * text further down the path). Only the kinds the order path acts on are named; everything else is {@link #OTHER}.
 */
public enum RejectionKind {
  /** Any refusal the order path does not tell apart: it settles the order as failed. */
  OTHER,
  /**
   * Refused for a balance the account does not have free: on a spot venue (no reduce-only), what the account's own
   * resting sells hold, so an exit beside a resting stop or target is refused for the balance they hold. The bot then
   * makes room: it takes its protection down and sends the exit again.
   */
  BALANCE_HELD
}
