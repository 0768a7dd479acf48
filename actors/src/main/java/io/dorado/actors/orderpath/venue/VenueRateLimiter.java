package io.dorado.actors.orderpath.venue;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One venue account's request budget, which a real adapter asks before every request so the venue never bans
 * us. Two parts:
 *
 * <ul>
 *   <li><b>The published budgets</b> (Binance's {@code rateLimits} in {@code exchangeInfo}: REQUEST_WEIGHT
 *       6,000 per minute, ORDERS 100 per 10 seconds and 200,000 per day): each is a resilience4j
 *       {@link RateLimiter} whose permits are the budget's weight units; a request reserves its weight of each
 *       budget it counts against ({@link Cost}).
 *   <li><b>The Retry-After gate</b>: when the venue answers 429 (too many requests) or 418 (Binance's IP ban)
 *       the adapter calls {@link #rateLimited}; from then on no request leaves before the Retry-After time has
 *       passed, whatever the budgets say (the venue counts differently from us: other processes on the same
 *       IP or key, weights that changed).
 * </ul>
 *
 * <p><b>What a caller gets.</b> {@link #acquire} completes when the request may leave: callers wait
 * asynchronously (no thread is blocked; the wait runs on {@link CompletableFuture#delayedExecutor}). When the wait
 * would be longer than {@code maxWait} (a ban of minutes, a spent daily budget) the stage fails at once with
 * {@link NotSent}: the request did not leave, so the venue actor treats a failed place with that cause as
 * "try later" (the venue never had the order), not as an ambiguous outcome. {@code maxWait} should be below the
 * venue actor's adapter timeout ({@code dorado.venue.adapter-timeout}, 10 s) so a queued request is not
 * counted as lost while it waits.
 *
 * <pre>{@code
 * var limiter = VenueRateLimiter.binanceSpot("binance-main", Duration.ofSeconds(5));
 * limiter.call(VenueRateLimiter.Cost.of(VenueRateLimiter.REQUEST_WEIGHT, 1).and(VenueRateLimiter.ORDERS, 1),
 *     () -> http.sendAsync(request))   // on a 429/418: limiter.rateLimited(status, retryAfterHeader)
 * }</pre>
 */
public final class VenueRateLimiter {

  public static final String REQUEST_WEIGHT = "REQUEST_WEIGHT";
  public static final String ORDERS = "ORDERS";
  public static final String ORDERS_PER_DAY = "ORDERS_PER_DAY";
  /** A 429 without a Retry-After header still closes the gate this long. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

  /** One published budget: at most {@code limit} weight units per {@code period}. */
  public record Budget(String name, int limit, Duration period) {
    public Budget {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("a budget needs a name");
      if (limit <= 0) throw new IllegalArgumentException("budget " + name + ": limit must be positive, was " + limit);
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("budget " + name + ": period must be positive, was " + period);
      }
    }
  }

  /** What one request weighs, per budget name (a budget it does not name is not charged). */
  public record Cost(Map<String, Integer> weights) {
    public Cost {
      weights = Map.copyOf(weights);
      weights.forEach((name, w) -> {
        if (w < 0) throw new IllegalArgumentException("negative weight " + w + " for " + name);
      });
    }

    public static Cost of(String budget, int weight) {
      return new Cost(Map.of(budget, weight));
    }

    public Cost and(String budget, int weight) {
      var all = new LinkedHashMap<>(weights);
      all.merge(budget, weight, Integer::sum);
      return new Cost(all);
    }
  }

  /** The request did not leave: the limiter would have had to wait longer than its {@code maxWait}. */
  public static final class NotSent extends RuntimeException {
    private final Instant retryAt;

    NotSent(String message, Instant retryAt) {
      super(message);
      this.retryAt = retryAt;
    }

    /** When the venue may be asked again (an estimate for a spent budget, exact for a Retry-After). */
    public Instant retryAt() {
      return retryAt;
    }
  }

  private final String venue;
  private final Map<String, RateLimiter> budgets = new LinkedHashMap<>();
  private final Duration maxWait;
  private final Clock clock;
  /** System.nanoTime() before which nothing leaves (the Retry-After gate); Long.MIN_VALUE: open. */
  private final AtomicLong gateUntilNanos = new AtomicLong(Long.MIN_VALUE);

  private VenueRateLimiter(String venue, List<Budget> budgets, Duration maxWait, Clock clock) {
    this.venue = venue;
    this.maxWait = maxWait;
    this.clock = clock;
    for (Budget b : budgets) {
      var config = RateLimiterConfig.custom()
          .limitForPeriod(b.limit())
          .limitRefreshPeriod(b.period())
          .timeoutDuration(maxWait) // reservePermission refuses (without taking permits) beyond it
          .build();
      this.budgets.put(b.name(), RateLimiter.of(venue + "/" + b.name(), config));
    }
  }

  /** A limiter with these budgets; a request waits at most {@code maxWait} before it fails as {@link NotSent}. */
  public static VenueRateLimiter create(String venue, List<Budget> budgets, Duration maxWait) {
    return new VenueRateLimiter(venue, List.copyOf(budgets), maxWait, Clock.systemUTC());
  }

  /**
   * Binance spot's published limits (REST API docs, "LIMITS" and GET /api/v3/exchangeInfo {@code rateLimits}):
   * REQUEST_WEIGHT 6,000 per minute per IP, ORDERS 100 per 10 seconds and 200,000 per day per account. A new
   * order costs REQUEST_WEIGHT 1 and ORDERS 1 (and ORDERS_PER_DAY 1).
   */
  public static VenueRateLimiter binanceSpot(String venue, Duration maxWait) {
    return create(venue, List.of(
        new Budget(REQUEST_WEIGHT, 6_000, Duration.ofMinutes(1)),
        new Budget(ORDERS, 100, Duration.ofSeconds(10)),
        new Budget(ORDERS_PER_DAY, 200_000, Duration.ofDays(1))), maxWait);
  }

  public String venue() {
    return venue;
  }

  /**
   * Completes when a request of this cost may leave (its weight taken from every budget it names, the
   * Retry-After gate open); fails with {@link NotSent} when that is more than {@code maxWait} away.
   */
  public CompletionStage<Void> acquire(Cost cost) {
    long gateWait = gateWaitNanos();
    if (gateWait > 0) return awaitGate().thenCompose(x -> acquire(cost));
    long wait = 0;
    List<String> taken = new ArrayList<>();
    for (var e : cost.weights().entrySet()) {
      RateLimiter budget = budgets.get(e.getKey());
      if (budget == null) throw new IllegalArgumentException("venue " + venue + " has no budget " + e.getKey());
      if (e.getValue() == 0) continue;
      long nanos = budget.reservePermission(e.getValue());
      if (nanos < 0) {
        Instant retry = clock.instant().plus(budget.getRateLimiterConfig().getLimitRefreshPeriod());
        return CompletableFuture.failedFuture(new NotSent("venue " + venue + ": budget " + e.getKey() + " is spent for"
            + " longer than " + maxWait + " (already reserved: " + taken + "); not sent", retry));
      }
      taken.add(e.getKey());
      wait = Math.max(wait, nanos);
    }
    if (wait == 0) return CompletableFuture.completedFuture(null);
    // a 429 may have closed the gate while we waited for the budget: look again before leaving
    return after(wait).thenCompose(x -> awaitGate());
  }

  /** Acquires, then runs the request; a {@link NotSent} fails the stage without running it. */
  public <T> CompletionStage<T> call(Cost cost, Supplier<CompletionStage<T>> request) {
    return acquire(cost).thenCompose(x -> request.get());
  }

  /**
   * The venue answered 429 or 418: nothing leaves before {@code retryAfter} from now (null: {@link #DEFAULT_BACKOFF}).
   * A later, shorter Retry-After never reopens the gate early.
   */
  public void rateLimited(int httpStatus, Duration retryAfter) {
    Duration pause = retryAfter == null || retryAfter.isNegative() ? DEFAULT_BACKOFF : retryAfter;
    long until = System.nanoTime() + pause.toNanos();
    gateUntilNanos.accumulateAndGet(until, (a, b) -> a == Long.MIN_VALUE ? b : b - a > 0 ? b : a);
  }

  /** The same, with the raw Retry-After header (seconds, or an HTTP date). */
  public void rateLimited(int httpStatus, String retryAfterHeader) {
    rateLimited(httpStatus, parseRetryAfter(retryAfterHeader, clock).orElse(null));
  }

  /** When the Retry-After gate opens, if it is closed now. */
  public Optional<Instant> closedUntil() {
    long wait = gateWaitNanos();
    return wait > 0 ? Optional.of(clock.instant().plusNanos(wait)) : Optional.empty();
  }

  /** Retry-After as RFC 9110 allows: delay-seconds or an HTTP date; empty when absent or unreadable. */
  public static Optional<Duration> parseRetryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) return Optional.empty();
    String value = header.trim();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
  }

  private CompletionStage<Void> awaitGate() {
    long gateWait = gateWaitNanos();
    if (gateWait > maxWait.toNanos()) {
      return CompletableFuture.failedFuture(new NotSent(
          "venue " + venue + " asked us to wait (Retry-After) until " + gateOpensAt() + "; not sent", gateOpensAt()));
    }
    return gateWait > 0 ? after(gateWait).thenCompose(x -> awaitGate()) : CompletableFuture.completedFuture(null);
  }

  private long gateWaitNanos() {
    long until = gateUntilNanos.get();
    if (until == Long.MIN_VALUE) return 0;
    return Math.max(0, until - System.nanoTime());
  }

  private Instant gateOpensAt() {
    return clock.instant().plusNanos(gateWaitNanos());
  }

  private static CompletionStage<Void> after(long nanos) {
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS));
  }
}
