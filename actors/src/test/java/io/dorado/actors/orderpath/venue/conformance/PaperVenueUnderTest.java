package io.dorado.actors.orderpath.venue.conformance;

import io.dorado.actors.orderpath.venue.ForwardingVenueAdapter;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The paper venue under the conformance kit. The paper venue has no wire, so this class plays both sides of one:
 * a thin "front" of the venue (rate limits with Retry-After, a receive window for signed timestamps, 5xx and lost
 * answers, a stream that can drop) in the manner of the real venues' fakes, and, in {@link Adapter}, a
 * {@link ForwardingVenueAdapter} that handles that front as a real adapter must: every request through a
 * {@link VenueRateLimiter} (a 429/418 closes its gate and the refused request is retried after it), a timestamp
 * error re-syncs the clock offset and retries (the venue did not take the request), a 5xx or a lost answer fails
 * the stage (ambiguous: the venue actor reconciles), and a reconnected stream gap-fills from the executions since
 * its last cursor (overlapping: the venue actor deduplicates by fill id).
 */
final class PaperVenueUnderTest implements VenueUnderTest, VenueScript {
  static final String VENUE = "paper-kit";
  static final String SYMBOL = "BTC";
  private static final Duration RECV_WINDOW = Duration.ofMillis(1000);
  private static final Duration HTTP_TIMEOUT = Duration.ofMillis(300);
  private static final Duration RECONNECT_AFTER = Duration.ofMillis(150);

  private final PaperVenue paper = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS).named(VENUE);
  private volatile Adapter adapter = new Adapter();

  // the venue's front: what the next requests meet
  private final AtomicBoolean loseNextPlaceAnswer = new AtomicBoolean();
  private final AtomicReference<Boolean> next5xx = new AtomicReference<>(); // null: none; true: after accepting
  private final AtomicReference<Duration> nextRateLimit = new AtomicReference<>();
  private volatile long closedUntilNanos = Long.MIN_VALUE;
  private final AtomicInteger violations = new AtomicInteger();
  private volatile Duration skew = Duration.ZERO;
  private final AtomicBoolean duplicateNext = new AtomicBoolean();
  private final List<ClientOrderId> placements = new CopyOnWriteArrayList<>();

  /** What the front answers instead of the request's result (an HTTP status, a venue error code). */
  static final class FrontError extends RuntimeException {
    final int status;
    final int code;
    final Duration retryAfter;

    FrontError(int status, int code, String message, Duration retryAfter) {
      super("HTTP " + status + (code == 0 ? "" : " code " + code) + ": " + message);
      this.status = status;
      this.code = code;
      this.retryAfter = retryAfter;
    }
  }

  // --- VenueUnderTest ------------------------------------------------------------------------------

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public String venueId() {
    return VENUE;
  }

  @Override
  public String symbol() {
    return SYMBOL;
  }

  @Override
  public VenueAdapter adapter() {
    return adapter;
  }

  @Override
  public VenueAdapter restart() {
    adapter.close();
    adapter = new Adapter();
    return adapter;
  }

  @Override
  public VenueScript script() {
    return this;
  }

  @Override
  public void close() {
    adapter.close();
  }

  // --- VenueScript ---------------------------------------------------------------------------------

  @Override
  public void quote(BigDecimal bid, BigDecimal ask) {
    paper.onMarketPrice(new Venue.MarketPrice(SYMBOL, bid, ask, Instant.now()));
  }

  @Override
  public void rules(InstrumentRules rules) {
    paper.instrument(rules, baseAsset(), quoteAsset());
  }

  @Override
  public void balance(String asset, BigDecimal free) {
    paper.balance(asset, free);
  }

  @Override
  public String quoteAsset() {
    return "USD";
  }

  @Override
  public String baseAsset() {
    return "BTC";
  }

  @Override
  public void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    paper.fill(id, quantity, price);
  }

  @Override
  public void nextPlaceTimesOutAfterAccept() {
    loseNextPlaceAnswer.set(true);
  }

  @Override
  public void nextRequestFailsWith5xx(boolean afterAccept) {
    next5xx.set(afterAccept);
  }

  @Override
  public void disconnectStream() {
    adapter.streamDropped();
  }

  @Override
  public void duplicateNextExecution() {
    duplicateNext.set(true);
  }

  @Override
  public void rateLimitNext(Duration retryAfter) {
    nextRateLimit.set(retryAfter);
  }

  @Override
  public int rateLimitViolations() {
    return violations.get();
  }

  @Override
  public void skewClock(Duration skew) {
    this.skew = skew;
  }

  @Override
  public VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    return paper.placeExternal(SYMBOL, side, quantity, limitPrice);
  }

  @Override
  public List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  @Override
  public List<VenueExecution> executions() {
    return paper.executionsSince(null).toCompletableFuture().join().executions();
  }

  // --- the venue's front ---------------------------------------------------------------------------

  private Instant serverTime() {
    return Instant.now().plus(skew);
  }

  /**
   * One request arriving at the venue with the client's {@code timestamp}: refused by a closed rate limit (a
   * violation if it came before the Retry-After), a 429 armed by the script, a timestamp outside the receive
   * window or a 5xx before the venue acts; else {@code action} runs (and a 5xx after it may still be answered).
   */
  private <T> T serve(Instant timestamp, Supplier<T> action) {
    if (closedUntilNanos != Long.MIN_VALUE && System.nanoTime() - closedUntilNanos < 0) {
      violations.incrementAndGet();
      Duration rest = Duration.ofNanos(closedUntilNanos - System.nanoTime());
      throw new FrontError(418, -1003, "Way too many requests; IP banned", rest);
    }
    Duration limit = nextRateLimit.getAndSet(null);
    if (limit != null) {
      closedUntilNanos = System.nanoTime() + limit.toNanos();
      throw new FrontError(429, -1003, "Too many requests", limit);
    }
    Duration off = Duration.between(timestamp, serverTime()).abs();
    if (off.compareTo(RECV_WINDOW) > 0) {
      throw new FrontError(400, -1021, "Timestamp for this request is outside of the recvWindow.", null);
    }
    Boolean fail = next5xx.getAndSet(null);
    if (fail != null && !fail) throw new FrontError(503, 0, "Service Unavailable", null);
    T result = action.get();
    if (fail != null) throw new FrontError(503, 0, "Service Unavailable (after the request was executed)", null);
    return result;
  }

  private OrderReport placeAtVenue(Order order) {
    OrderReport answer = paper.place(order).toCompletableFuture().join();
    // a repeat is answered with its status (the venue dedupes): only a new acceptance is a placement
    if (answer instanceof OrderReport.Accepted) placements.add(order.clientOrderId());
    return answer;
  }

  // --- the adapter -----------------------------------------------------------------------------------

  /** The paper venue behind its front, handled as a real adapter must (see the class comment). */
  final class Adapter extends ForwardingVenueAdapter {
    private final VenueRateLimiter limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(VenueRateLimiter.REQUEST_WEIGHT, 1_200, Duration.ofMinutes(1))),
        Duration.ofMillis(800));
    private final VenueRateLimiter.Cost cost = VenueRateLimiter.Cost.of(VenueRateLimiter.REQUEST_WEIGHT, 1);
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile boolean closed;
    private volatile boolean streamUp = true;
    private volatile Consumer<OrderReport> listener = report -> {};
    /** The executions cursor when the stream was last known complete (the gap-fill asks from it). */
    private volatile String cursor;

    Adapter() {
      super(paper);
    }

    /** A request: through the limiter, retried after a 429/418 (refused, not executed) or a timestamp error. */
    private <T> CompletionStage<T> request(Supplier<T> action, int attemptsLeft) {
      return limiter.acquire(cost).thenCompose(x -> {
        try {
          return CompletableFuture.completedFuture(serve(Instant.now().plus(clockOffset), action));
        } catch (FrontError e) {
          if ((e.status == 429 || e.status == 418) && attemptsLeft > 0) {
            limiter.rateLimited(e.status, e.retryAfter);
            return request(action, attemptsLeft - 1);
          }
          if (e.code == -1021 && attemptsLeft > 0) {
            clockOffset = Duration.between(Instant.now(), serverTime()); // GET /api/v3/time, unsigned
            return request(action, attemptsLeft - 1);
          }
          return CompletableFuture.failedFuture(e);
        }
      });
    }

    @Override
    public CompletionStage<OrderReport> place(Order order) {
      if (loseNextPlaceAnswer.getAndSet(false)) {
        // the venue takes it; its answer is lost and our HTTP client gives up
        return request(() -> placeAtVenue(order), 3).thenCompose(answer ->
            new CompletableFuture<OrderReport>().orTimeout(HTTP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return request(() -> placeAtVenue(order), 3);
    }

    @Override
    public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
      return request(() -> paper.cancel(id, reason).toCompletableFuture().join(), 3);
    }

    @Override
    public CompletionStage<OrderReport.Status> query(ClientOrderId id) {
      return request(() -> paper.query(id).toCompletableFuture().join(), 3);
    }

    @Override
    public CompletionStage<List<VenueOrderView>> openOrders() {
      return request(() -> paper.openOrders().toCompletableFuture().join(), 3);
    }

    @Override
    public CompletionStage<ExecutionPage> executionsSince(String since) {
      return request(() -> paper.executionsSince(since).toCompletableFuture().join(), 3);
    }

    @Override
    public CompletionStage<AccountSnapshot> account() {
      return request(() -> paper.account().toCompletableFuture().join(), 3);
    }

    @Override
    public void connect(Consumer<OrderReport> listener) {
      this.listener = listener;
      cursor = paper.executionsSince(null).toCompletableFuture().join().cursor();
      paper.connect(this::streamed);
    }

    /** What the stream carries: nothing while it is down or after close; the script may make a message twice. */
    private void streamed(OrderReport report) {
      if (closed || !streamUp) return; // lost with the connection
      listener.accept(report);
      if (report instanceof OrderReport.Filled && duplicateNext.getAndSet(false)) listener.accept(report);
    }

    void streamDropped() {
      streamUp = false;
      CompletableFuture.runAsync(this::reconnect,
          CompletableFuture.delayedExecutor(RECONNECT_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Back up, then the gap-fill: every execution of ours since the last cursor, pushed again (overlap is fine). */
    private void reconnect() {
      if (closed) return;
      streamUp = true;
      executionsSince(cursor).thenAccept(page -> {
        for (VenueExecution e : page.executions()) {
          e.toFill().ifPresent(fill -> {
            OrderReport.Status now = paper.query(fill.clientOrderId()).toCompletableFuture().join();
            listener.accept(new OrderReport.Filled(fill.clientOrderId(), fill, now.filledQuantity(),
                now.status() == OrderStatus.FILLED));
          });
        }
        cursor = page.cursor();
      }).exceptionally(e -> {
        streamDropped(); // try again later
        return null;
      });
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
