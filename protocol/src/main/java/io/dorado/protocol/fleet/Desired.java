package io.dorado.protocol.fleet;

/** The state an operator wants a bot in; the fleet supervisor keeps the bot there. */
public enum Desired {
  RUNNING,
  PAUSED,
  RETIRED
}
