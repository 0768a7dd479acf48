package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Orders, signed acks, a settable clock and a recording adapter for the venue tests. */
final class VenueFixtures {
  private VenueFixtures() {}

  static final String VENUE = "paper-main";
  static final String SECRET = "test-secret-0123456789abcdef";
  static final AckSigner SIGNER = AckSigner.ofSecret(SECRET);
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  static ClientOrderId id(long sequence) {
    return ClientOrderId.of("bot-a", sequence);
  }

  static Order market(String venue, long sequence, Side side, String quantity) {
    return Order.market(id(sequence), venue, "BTC-USD", side, d(quantity), false);
  }

  static Order market(long sequence, Side side, String quantity) {
    return market(VENUE, sequence, side, quantity);
  }

  static Order limit(String venue, long sequence, Side side, String quantity, String limit) {
    return Order.limit(id(sequence), venue, "BTC-USD", side, d(quantity), d(limit));
  }

  static Order limit(long sequence, Side side, String quantity, String limit) {
    return limit(VENUE, sequence, side, quantity, limit);
  }

  static Order stop(long sequence, Side side, String quantity, String stop) {
    return new Order(id(sequence), VENUE, "BTC-USD", side, OrderType.STOP, d(quantity), null, d(stop), TimeInForce.GTC, false);
  }

  /** Acknowledged by the trusted guardian at {@code T0}, valid for 30 seconds. */
  static AcknowledgedOrder ack(Order order) {
    return SIGNER.sign(order, "ack-" + order.clientOrderId(), VenueSettings.DEFAULT_GUARDIAN_ID, T0, T0.plusSeconds(30));
  }

  static Venue.MarketPrice quote(String bid, String ask, Instant at) {
    return new Venue.MarketPrice("BTC-USD", d(bid), d(ask), at);
  }


  /**
   * A paper venue that records every call. With {@link #loseNextPlacements} set, a placement never
   * reaches the venue and never answers (the process "died" between persisting and sending); with
   * {@link #holdQueries} set, queries wait until {@link #releaseQueries}.
   */
  static final class RecordingAdapter extends ForwardingVenueAdapter {
    /** The venue behind, for a test that acts on it directly (as if the send had reached it). */
    final PaperVenue paper;
    final List<Order> placeCalls = new CopyOnWriteArrayList<>();
    final List<Order> delivered = new CopyOnWriteArrayList<>();
    final List<ClientOrderId> queries = new CopyOnWriteArrayList<>();
    final List<ClientOrderId> cancels = new CopyOnWriteArrayList<>();
    volatile boolean loseNextPlacements;
    /** How many of the next placements throw before reaching the venue (a broken connection). */
    final java.util.concurrent.atomic.AtomicInteger failNextPlacements = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * How many of the next placements answer a failed stage without reaching the venue (a 5xx or a timeout: to
     * the venue actor the outcome is ambiguous).
     */
    final java.util.concurrent.atomic.AtomicInteger failNextStages = new java.util.concurrent.atomic.AtomicInteger();
    /** Runs at each placement, before it reaches the venue (e.g. to look at the journal). */
    volatile Consumer<Order> beforePlace = order -> {};
    volatile boolean holdQueries;
    private final List<Runnable> heldQueries = new CopyOnWriteArrayList<>();
    /** While set, fills the venue pushes are held (still queued on their way) until {@link #releasePushedFills}. */
    volatile boolean holdPushedFills;
    private final List<Runnable> heldFills = new CopyOnWriteArrayList<>();

    RecordingAdapter(PaperMatchingEngine.Settings settings) {
      this(new PaperVenue(settings));
    }

    private RecordingAdapter(PaperVenue paper) {
      super(paper);
      this.paper = paper;
    }

    RecordingAdapter() {
      this(PaperMatchingEngine.Settings.FRICTIONLESS);
    }

    @Override
    public CompletionStage<OrderReport> place(Order order) {
      placeCalls.add(order);
      beforePlace.accept(order);
      if (loseNextPlacements) return new CompletableFuture<>();
      if (failNextPlacements.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("connection reset");
      }
      if (failNextStages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return CompletableFuture.failedFuture(new IllegalStateException("HTTP 503 Service Unavailable"));
      }
      delivered.add(order);
      return super.place(order);
    }

    @Override
    public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
      cancels.add(id);
      return super.cancel(id, reason);
    }

    @Override
    public CompletionStage<OrderReport.Status> query(ClientOrderId id) {
      queries.add(id);
      if (!holdQueries) return super.query(id);
      var answer = new CompletableFuture<OrderReport.Status>();
      heldQueries.add(() -> paper.query(id).thenAccept(answer::complete));
      return answer;
    }

    @Override
    public void connect(Consumer<OrderReport> listener) {
      super.connect(report -> {
        if (holdPushedFills && report instanceof OrderReport.Filled) heldFills.add(() -> listener.accept(report));
        else listener.accept(report);
      });
    }

    void releasePushedFills() {
      holdPushedFills = false;
      heldFills.forEach(Runnable::run);
      heldFills.clear();
    }

    void releaseQueries() {
      holdQueries = false;
      heldQueries.forEach(Runnable::run);
      heldQueries.clear();
    }

    long deliveriesOf(ClientOrderId id) {
      return delivered.stream().filter(o -> o.clientOrderId().equals(id)).count();
    }
  }
}
