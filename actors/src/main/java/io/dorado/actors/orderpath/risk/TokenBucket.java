package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * An immutable token bucket for the order rate limit: {@code capacity} tokens, refilled at
 * {@code perSecond}. Time is passed in, so replaying the same events gives the same bucket. Tokens
 * are counted in millionths, exactly. A clock that goes backwards refills nothing.
 */
public record TokenBucket(int capacity, int perSecond, long microTokens, Instant updatedAt) implements CborSerializable {
  private static final long MICRO = 1_000_000L;

  public TokenBucket {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    if (perSecond < 1) throw new IllegalArgumentException("per_second must be >= 1, was " + perSecond);
    if (updatedAt == null) throw new IllegalArgumentException("updated_at is required");
    microTokens = Math.max(0, Math.min(microTokens, capacity * MICRO));
  }

  /** A full bucket (default policy: 100/s, burst 100). */
  public static TokenBucket full(int perSecond, int capacity, Instant now) {
    return new TokenBucket(capacity, perSecond, capacity * MICRO, now);
  }

  /** The bucket as it is at {@code now}. */
  public TokenBucket refill(Instant now) {
    if (!now.isAfter(updatedAt)) return this;
    long cap = capacity * MICRO;
    Duration elapsed = Duration.between(updatedAt, now);
    // Time to fill from empty, in nanos; anything longer fills the bucket (and cannot overflow).
    long fillNanos = (long) capacity * 1_000_000_000L / perSecond + 1;
    long nanos = elapsed.compareTo(Duration.ofNanos(fillNanos)) >= 0 ? fillNanos : elapsed.toNanos();
    long added = nanos * perSecond / 1_000L; // nanos * perSecond tokens/1e9 ns * 1e6 micro
    return new TokenBucket(capacity, perSecond, Math.min(cap, microTokens + added), now);
  }

  public boolean canTake(Instant now) {
    return refill(now).microTokens >= MICRO;
  }

  /** The bucket after one order at {@code now}; fails when empty (check {@link #canTake} first). */
  public TokenBucket take(Instant now) {
    TokenBucket b = refill(now);
    if (b.microTokens < MICRO) throw new IllegalStateException("token bucket is empty at " + now);
    return new TokenBucket(capacity, perSecond, b.microTokens - MICRO, b.updatedAt);
  }

  /** Whole and fractional tokens available at {@code now}. */
  public BigDecimal available(Instant now) {
    return BigDecimal.valueOf(refill(now).microTokens, 6);
  }
}
