package io.dorado.protocol.risk;

/**
 * The guardian's trading state (nautilus_trader's three states). ACTIVE: every check applies.
 * REDUCING: only reduce-only orders pass. HALTED: kill switch or circuit breaker; only reduce-only
 * orders pass, so positions can still be closed, and working orders are to be cancelled.
 */
public enum TradingState {
  ACTIVE,
  REDUCING,
  HALTED;

  /** True when an order that adds exposure may pass in this state. */
  public boolean allowsNewExposure() {
    return this == ACTIVE;
  }

  /** How restrictive the state is; a breaker only ever moves the state up this scale. */
  public int severity() {
    return ordinal();
  }
}
