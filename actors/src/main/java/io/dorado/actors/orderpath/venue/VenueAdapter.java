package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.Venue;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What sits behind a {@link VenueActor}: the paper venue, or an adapter for a real venue's API. The
 * actor decides what may be sent (verified, deduplicated, persisted first); the adapter only talks to
 * the venue. Everything is keyed by the deterministic client order id, and an adapter must treat a
 * second {@link #place} of a client order id it already has as a no-op that answers the order's
 * {@link OrderReport.Status} (real venues reject duplicate client order ids; the adapter maps that to
 * the status).
 *
 * <p>Calls may complete on any thread; the actor pipes their results back to itself. Executions the
 * venue reports on its own (fills, cancels and rejects after placement) are pushed to the listener
 * given to {@link #connect}, which is safe to call from any thread.
 */
public interface VenueAdapter {

  /**
   * Sends an order. Completes with {@link OrderReport.Accepted} (the venue has it and it is working),
   * {@link OrderReport.Rejected} (refused, nothing filled) or {@link OrderReport.Status} (the venue
   * had this client order id already). Fills follow through the listener. A failed stage means the
   * outcome is unknown: the actor reconciles with {@link #query}.
   */
  CompletionStage<OrderReport> place(Order order);

  /** Completes with {@link OrderReport.Cancelled}, or the order's status when it cannot be cancelled (or is unknown). */
  CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason);

  /** Everything the venue knows about the order, with all its fills; UNKNOWN when it never received it. */
  CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId);

  /**
   * Where to push executions: {@link OrderReport.Filled}, {@link OrderReport.Cancelled},
   * {@link OrderReport.Rejected}. A later call replaces the listener (the actor reconnects when it restarts).
   */
  void connect(Consumer<OrderReport> listener);

  /** The price feed. The paper venue fills against it; real venues have their own and ignore it. */
  default void onMarketPrice(Venue.MarketPrice price) {}

  /** Option pricing inputs of an underlying. The paper venue prices combo legs with them; real venues ignore them. */
  default void onOptionInputs(Venue.OptionInputs inputs) {}
}
