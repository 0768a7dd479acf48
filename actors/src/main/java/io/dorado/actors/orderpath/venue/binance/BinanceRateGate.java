package io.dorado.actors.orderpath.venue.binance;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the REST client asks before each request and tells after each answer, so the account never earns a ban:
 * rest-api.md "IP Limits" (X-MBX-USED-WEIGHT-1M on every answer; 429 with Retry-After; 418 when a client keeps
 * sending after a 429, "from 2 minutes to 3 days").
 */
public interface BinanceRateGate {

  /** Completes when a request of {@code weight} may go (at once, or after a Retry-After or a full minute). */
  CompletionStage<Void> permit(int weight);

  /** A 429 or 418 answered with Retry-After: nothing goes before it elapses. */
  void retryAfter(Duration wait);

  /** The X-MBX-USED-WEIGHT-1M header of an answer. */
  void usedWeight(int usedInCurrentMinute);

  /**
   * The gate in force until the per-venue {@code VenueRateLimiter} is wired in: holds every request until a
   * Retry-After has elapsed, and until the next minute when the used weight reaches {@code weightPerMinute}
   * (6000 on Binance spot: exchangeInfo's REQUEST_WEIGHT limit).
   */
  static BinanceRateGate simple(int weightPerMinute, LongSupplier nowMillis) {
    return new BinanceRateGate() {
      private long blockedUntil;
      private int used;
      private long usedMinute;

      @Override
      public synchronized CompletionStage<Void> permit(int weight) {
        long now = nowMillis.getAsLong();
        long minute = now / 60_000;
        if (minute != usedMinute) {
          usedMinute = minute;
          used = 0;
        }
        long until = blockedUntil;
        if (used + weight > weightPerMinute) until = Math.max(until, (minute + 1) * 60_000);
        used += weight;
        long wait = until - now;
        if (wait <= 0) return CompletableFuture.completedFuture(null);
        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS));
      }

      @Override
      public synchronized void retryAfter(Duration wait) {
        blockedUntil = Math.max(blockedUntil, nowMillis.getAsLong() + wait.toMillis());
      }

      @Override
      public synchronized void usedWeight(int usedInCurrentMinute) {
        long minute = nowMillis.getAsLong() / 60_000;
        if (minute == usedMinute) used = Math.max(used, usedInCurrentMinute);
      }
    };
  }
}
