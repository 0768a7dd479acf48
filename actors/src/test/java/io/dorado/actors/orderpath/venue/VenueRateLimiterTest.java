package io.dorado.actors.orderpath.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueRateLimiter.Budget;
import io.dorado.actors.orderpath.venue.VenueRateLimiter.Cost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VenueRateLimiterTest {

  /** A venue that refuses (and counts) every request arriving before the Retry-After it gave has passed. */
  private static final class StrictVenue {
    final AtomicLong closedUntil = new AtomicLong(Long.MIN_VALUE);
    final AtomicInteger violations = new AtomicInteger();
    final AtomicInteger served = new AtomicInteger();

    CompletionStage<Integer> request() {
      long until = closedUntil.get();
      if (until != Long.MIN_VALUE && System.nanoTime() - until < 0) {
        violations.incrementAndGet();
        return CompletableFuture.completedFuture(418);
      }
      served.incrementAndGet();
      return CompletableFuture.completedFuture(200);
    }

    void tooManyRequests(Duration retryAfter) {
      closedUntil.set(System.nanoTime() + retryAfter.toNanos());
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void afterA429WithRetryAfterNoRequestLeavesUntilItHasPassed() throws Exception {
    var limiter = VenueRateLimiter.binanceSpot("binance-test", Duration.ofSeconds(2));
    var venue = new StrictVenue();
    venue.tooManyRequests(Duration.ofMillis(400));
    limiter.rateLimited(429, "1"); // the header says one second: the limiter must wait at least that
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      assertEquals(200, await(limiter.call(Cost.of(VenueRateLimiter.REQUEST_WEIGHT, 1), venue::request)));
    }
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, venue.violations.get(), "requests left while the venue had told us to wait");
    assertTrue(waitedMillis >= 950, "the first request left after " + waitedMillis + " ms, before the Retry-After of 1 s");
    assertEquals(3, venue.served.get());
  }

  @Test
  void aBanLongerThanTheLimitersPatienceFailsAtOnceWithNotSentAndTheRequestNeverRuns() {
    var limiter = VenueRateLimiter.binanceSpot("binance-test", Duration.ofMillis(200));
    limiter.rateLimited(418, Duration.ofMinutes(2));
    var ran = new AtomicInteger();
    var stage = limiter.call(Cost.of(VenueRateLimiter.ORDERS, 1), () -> {
      ran.incrementAndGet();
      return CompletableFuture.completedFuture("sent");
    });
    var failure = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(1, TimeUnit.SECONDS));
    var notSent = assertInstanceOf(VenueRateLimiter.NotSent.class, failure.getCause());
    assertTrue(notSent.retryAt().isAfter(Instant.now().plusSeconds(100)), "retry at " + notSent.retryAt());
    assertEquals(0, ran.get());
    assertTrue(limiter.closedUntil().isPresent());
  }

  @Test
  void aShorterLaterRetryAfterDoesNotReopenTheGateEarly() {
    var limiter = VenueRateLimiter.binanceSpot("binance-test", Duration.ofMillis(100));
    limiter.rateLimited(418, Duration.ofSeconds(60));
    limiter.rateLimited(429, Duration.ofSeconds(1));
    assertTrue(limiter.closedUntil().orElseThrow().isAfter(Instant.now().plusSeconds(50)));
  }

  @Test
  void requestsBeyondTheBudgetWaitForTheNextPeriodAndWeightsCountAgainstEveryBudgetTheyName() throws Exception {
    var limiter = VenueRateLimiter.create("venue-test", List.of(
        new Budget("WEIGHT", 10, Duration.ofMillis(500)), new Budget("ORDERS", 2, Duration.ofMillis(500))),
        Duration.ofSeconds(2));
    long start = System.nanoTime();
    await(limiter.acquire(Cost.of("ORDERS", 1).and("WEIGHT", 1)));
    await(limiter.acquire(Cost.of("ORDERS", 1).and("WEIGHT", 1)));
    long quick = (System.nanoTime() - start) / 1_000_000;
    await(limiter.acquire(Cost.of("ORDERS", 1).and("WEIGHT", 1))); // third order: the ORDERS budget is spent
    long third = (System.nanoTime() - start) / 1_000_000;
    assertTrue(quick < 200, "two orders within the budget waited " + quick + " ms");
    assertTrue(third - quick >= 50 && third < 1_500, "the third order left after " + third + " ms");
  }

  @Test
  void aRequestThatWouldWaitLongerThanMaxWaitForItsBudgetFailsWithNotSent() throws Exception {
    var limiter = VenueRateLimiter.create("venue-test", List.of(new Budget("WEIGHT", 5, Duration.ofSeconds(30))),
        Duration.ofMillis(100));
    await(limiter.acquire(Cost.of("WEIGHT", 5)));
    var failure = assertThrows(ExecutionException.class,
        () -> limiter.acquire(Cost.of("WEIGHT", 1)).toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertInstanceOf(VenueRateLimiter.NotSent.class, failure.getCause());
    assertThrows(IllegalArgumentException.class, () -> limiter.acquire(Cost.of("ORDERS", 1)));
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    var clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    assertEquals(Duration.ofSeconds(120), VenueRateLimiter.parseRetryAfter("120", clock).orElseThrow());
    assertEquals(Duration.ofSeconds(30),
        VenueRateLimiter.parseRetryAfter("Mon, 07 Dec 2026 10:00:30 GMT", clock).orElseThrow());
    assertTrue(VenueRateLimiter.parseRetryAfter(null, clock).isEmpty());
    assertTrue(VenueRateLimiter.parseRetryAfter("soon", clock).isEmpty());
  }
}
