package io.dorado.actors.orderpath.venue.kraken;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kraken's REST rate limit as Kraken counts it (docs.kraken.com, "Spot REST Rate Limits"): a counter that each call
 * raises by its cost and that decays continuously; a call that would take it over the maximum waits until it has
 * decayed enough. After Kraken's own rate-limit error nothing leaves for the pause given. Waits are asynchronous
 * (no thread blocks).
 */
public final class KrakenCounterGate implements KrakenRequestGate {
  private final double maximum;
  private final double decayPerSecond;
  private double counter;
  private long updatedNanos = System.nanoTime();
  private long closedUntilNanos = Long.MIN_VALUE;

  public KrakenCounterGate(int maximum, double decayPerSecond) {
    this.maximum = maximum;
    this.decayPerSecond = decayPerSecond;
  }

  /** The starter tier: maximum 15, decay 0.33 per second. */
  public static KrakenCounterGate starter() {
    return new KrakenCounterGate(15, 0.33);
  }

  @Override
  public <T> CompletionStage<T> call(int cost, Supplier<CompletionStage<T>> request) {
    long wait = reserve(cost);
    if (wait <= 0) return request.get();
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS))
        .thenCompose(x -> call(cost, request));
  }

  @Override
  public synchronized void rateLimited(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    if (closedUntilNanos == Long.MIN_VALUE || until - closedUntilNanos > 0) closedUntilNanos = until;
    counter = maximum; // Kraken says we are at its maximum, whatever we counted
    updatedNanos = System.nanoTime();
  }

  /** Takes {@code cost} from the counter and answers 0, or answers how long to wait (taking nothing). */
  private synchronized long reserve(int cost) {
    long now = System.nanoTime();
    if (closedUntilNanos != Long.MIN_VALUE && closedUntilNanos - now > 0) return closedUntilNanos - now;
    counter = Math.max(0, counter - (now - updatedNanos) / 1e9 * decayPerSecond);
    updatedNanos = now;
    if (cost == 0 || counter + cost <= maximum) {
      counter += cost;
      return 0;
    }
    return (long) ((counter + cost - maximum) / decayPerSecond * 1e9);
  }
}
