package io.dorado.fleet.backtest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A backtest's time: the close of the bar being played, set by the runner before the bar goes out. The actors take it
 * in their settings, so event times, acknowledgement expiry and the guardian's cooldowns all count in replayed time.
 */
final class SimulatedClock extends Clock {
  private volatile Instant now;

  SimulatedClock(Instant start) {
    this.now = start;
  }

  void set(Instant at) {
    if (at.isBefore(now)) throw new IllegalArgumentException("a backtest's clock never goes back: " + at + " < " + now);
    now = at;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // always UTC: the fleet's times are instants
  }
}
