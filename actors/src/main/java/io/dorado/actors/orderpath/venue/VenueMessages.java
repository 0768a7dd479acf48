package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.Venue;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a venue actor tells itself: its adapter's answers, retries and the flush of its write batch. Package-private
 * records: only the venue's own package can create them, so no other actor can pose as the adapter.
 */
final class VenueMessages {
  private VenueMessages() {}

  /** The venue adapter reported on an order (placement answer, fill, cancel, reject, status). */
  record AdapterReported(OrderReport report) implements Venue.Internal {}

  /**
   * The adapter's answer to placing {@code clientOrderId} (told apart from a query's answer: while
   * a place is unanswered, the venue not knowing the order yet is no reason to send it again).
   */
  record PlaceAnswered(ClientOrderId clientOrderId, OrderReport report) implements Venue.Internal {}

  /** An adapter call failed or timed out; the order's outcome is unknown until reconciled. */
  record AdapterFailed(ClientOrderId clientOrderId, String operation, String error) implements Venue.Internal {}

  /** The adapter's answer to a cancel, to be passed on to whoever asked. */
  record CancelAnswered(OrderReport report, ActorRef<OrderReport> requester) implements Venue.Internal {}

  /** On a timer: ask the adapter again about an order whose outcome is unknown. */
  record RetryReconcile(ClientOrderId clientOrderId) implements Venue.Internal {}

  /** Write what was decided since the last write, in one journal write, then act on it. */
  record Flush(int size) implements Venue.Internal {}
}
