package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p><b>Ambiguous outcomes.</b> A timeout, a 5xx or a disconnect after the request left is not a failure of
 * the order: the stage fails, the actor records the order UNKNOWN and asks {@link #query} until the venue
 * answers, and never re-sends blindly. An adapter completes a stage with {@link OrderReport.Rejected} only
 * when the venue said no (a 4xx with a venue error code meaning "not accepted").
 *
 * <p><b>The account.</b> A live account's cash, positions and open orders come from the venue
 * ({@link #account}, {@link #openOrders}, {@link #executionsSince}); the guardian snapshots them at start
 * and reconciles them periodically. The default implementations are those of a venue with nothing to
 * report (the test doubles); every real adapter and the paper venue implement them and pass the venue
 * conformance kit.
 */
public interface VenueAdapter {

  /**
   * Sends an order. Completes with {@link OrderReport.Accepted} (the venue has it and it is working),
   * {@link OrderReport.Rejected} (refused, nothing filled) or {@link OrderReport.Status} (the venue
   * had this client order id already). Fills follow through the listener. A failed stage means the
   * outcome is unknown: the actor reconciles with {@link #query} only (again and again while the venue does not
   * know the order and its acknowledgement is valid), never by placing it again. Fail with
   * {@link VenueRequestNotSent} (or throw instead of returning a stage) only when the request certainly did not
   * leave: then an UNKNOWN answer to the query means the order may be sent.
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

  /** What this adapter is: kind, mode, account, client-order-id dedupe and connection state. */
  default VenueInfo info() {
    return new VenueInfo("unnamed", getClass().getSimpleName(), io.dorado.protocol.market.VenueMode.PAPER, null, true,
        VenueInfo.Connection.CONNECTED);
  }

  /**
   * What this adapter rests at the venue for {@code symbol} (ours, e.g. BTC): STOP, STOP_LIMIT, reduce-only the venue
   * enforces, native OCO it sends. The default is the paper venue's (and the test doubles'): resting STOP and
   * STOP_LIMIT, no reduce-only cap at the venue (the guardian's is the only one), no native OCO.
   */
  default VenueCapabilities capabilities(String symbol) {
    return VenueCapabilities.PAPER;
  }

  /** The venue's trading rules per instrument (tick, lot, min notional); empty when it has none. */
  default CompletionStage<List<InstrumentRules>> instruments() {
    return CompletableFuture.completedFuture(List.of());
  }

  /** The account's orders that are working at the venue now, ours and external ones. */
  default CompletionStage<List<VenueOrderView>> openOrders() {
    return CompletableFuture.completedFuture(List.of());
  }

  /**
   * Executions after {@code cursor} (null: from the adapter's look-back), ours and external ones: the gap-fill
   * after a start or a reconnect of the execution stream, and the reconciliation's source of truth.
   */
  default CompletionStage<ExecutionPage> executionsSince(String cursor) {
    return CompletableFuture.completedFuture(new ExecutionPage(List.of(), cursor));
  }

  /** The account's balances, cash, equity, buying power and positions, as the venue reports them now. */
  default CompletionStage<AccountSnapshot> account() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException(info().kind() + " reports no account"));
  }

  /**
   * The venue's option chain for the scanner ({@link Venue.GetOptionChain}): a venue that quotes none answers with a
   * {@link io.dorado.protocol.venue.VenueOptionChain#failure} saying so.
   */
  default CompletionStage<io.dorado.protocol.venue.VenueOptionChain> optionChain(Venue.GetOptionChain request) {
    return CompletableFuture.completedFuture(io.dorado.protocol.venue.VenueOptionChain.failed(info().venue(),
        request.underlying(), "venue " + info().venue() + " (" + info().kind() + ") quotes no option chains"));
  }

  /** Releases connections and threads (the venue's entity stops); the adapter is not used after. */
  default void close() {}

  /** The price feed. The paper venue fills against it; real venues have their own and ignore it. */
  default void onMarketPrice(Venue.MarketPrice price) {}

  /** Option pricing inputs of an underlying. The paper venue prices combo legs with them; real venues ignore them. */
  default void onOptionInputs(Venue.OptionInputs inputs) {}

  /**
   * The venue entity's written positions ({@link io.dorado.protocol.venue.VenueState#positions}: per bot and symbol,
   * what its recorded fills built; null when unknown) and the ids of the fills just written into them. Told once the
   * entity has recovered, and after every write that recorded fills. The paper venue enforces reduce-only against
   * them plus its own fills not yet written, so its cap is the entity's, on whatever node it runs; real venues keep
   * their own positions and ignore it.
   */
  default void positionsWritten(java.util.Map<String, java.math.BigDecimal> positions, java.util.Set<String> fillIds) {}
}
