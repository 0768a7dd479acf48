package io.dorado.protocol.risk;

/**
 * The guardian's circuit breakers (PRD §3.4): two loss limits that halt trading, the drawdown from
 * peak (halt or reduced sizing, as the policy says) and the run of losing round trips (reduced sizing).
 */
public enum Breaker {
  DAILY_LOSS,
  WEEKLY_LOSS,
  DRAWDOWN,
  CONSECUTIVE_LOSSES
}
