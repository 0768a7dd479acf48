package io.dorado.protocol.bot;

/** The bot lifecycle of PRD §3.1. */
public enum Phase {
  /** Not created yet: the [*] of the diagram. */
  NEW,
  IDLE,
  SIGNAL_RECEIVED,
  RISK_CHECK,
  REJECTED,
  AWAITING_APPROVAL,
  EXECUTING,
  MONITORING,
  CLOSING,
  CANCELLED,
  FAILED
}
