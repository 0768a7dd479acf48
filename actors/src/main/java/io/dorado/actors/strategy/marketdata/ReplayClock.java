package io.dorado.actors.strategy.marketdata;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time of a replay: the end of the last bar replayed. It only moves forward. Components that
 * should live in replayed time (the scanner, the regime radar's staleness, a backtest's actors) take it as their clock.
 */
public final class ReplayClock extends Clock {
  private volatile Instant now;

  public ReplayClock(Instant start) {
    this.now = start;
  }

  /** Moves to {@code t}; never back (an earlier {@code t} leaves it where it is). */
  public void advanceTo(Instant t) {
    synchronized (this) {
      if (t.isAfter(now)) now = t;
    }
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
    return this;
  }
}
