package io.dorado.protocol.venue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.risk.AcknowledgedOrder;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Everything that happens in a venue account. Each event carries the venue id and its time; the
 * journal is the audit trail of what was sent, refused, filled and cancelled. Every event but
 * {@link SettledForgotten} is about one client order id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(VenueEvent.Submitted.class),
  @JsonSubTypes.Type(VenueEvent.Refused.class),
  @JsonSubTypes.Type(VenueEvent.Placed.class),
  @JsonSubTypes.Type(VenueEvent.FillRecorded.class),
  @JsonSubTypes.Type(VenueEvent.CancelRequested.class),
  @JsonSubTypes.Type(VenueEvent.Closed.class),
  @JsonSubTypes.Type(VenueEvent.CancelledBeforeArrival.class),
  @JsonSubTypes.Type(VenueEvent.SettledForgotten.class)
})
public sealed interface VenueEvent extends CborSerializable {
  String venueId();

  Instant at();

  /** A verified acknowledged order, persisted before it is sent. */
  record Submitted(String venueId, AcknowledgedOrder ack, ActorRef<OrderReport> reportTo, Instant at)
      implements VenueEvent {
    public ClientOrderId clientOrderId() {
      return ack.clientOrderId();
    }
  }

  /** A submission refused before anything was sent (bad signature, expired, other venue...). */
  record Refused(String venueId, ClientOrderId clientOrderId, String ackId, String reason, Instant at)
      implements VenueEvent {}

  /** The venue has the order (it accepted it, or reported on it when asked). */
  record Placed(String venueId, ClientOrderId clientOrderId, String venueOrderId, Instant at)
      implements VenueEvent {}

  record FillRecorded(String venueId, ClientOrderId clientOrderId, Fill fill, Instant at) implements VenueEvent {}

  /** A cancel was asked for and is being sent to the venue. */
  record CancelRequested(String venueId, ClientOrderId clientOrderId, String reason, Instant at)
      implements VenueEvent {}

  /**
   * The order ended without (completely) filling: {@code status} is CANCELLED or REJECTED. {@code kind}: a rejection's
   * {@link RejectionKind}, as the adapter read it (null for a cancel, and in events written before kinds).
   */
  record Closed(String venueId, ClientOrderId clientOrderId, OrderStatus status, String reason, Instant at,
      RejectionKind kind) implements VenueEvent {
    public Closed(String venueId, ClientOrderId clientOrderId, OrderStatus status, String reason, Instant at) {
      this(venueId, clientOrderId, status, reason, at, null);
    }
  }

  /**
   * A cancel came for a client order id this venue has not received (the kill switch's cancel can
   * overtake the submission it cancels): the id is closed for good, and a submission of it that
   * arrives later is refused, never sent.
   */
  record CancelledBeforeArrival(String venueId, ClientOrderId clientOrderId, String reason, Instant at)
      implements VenueEvent {}

  /**
   * The account forgets these orders, which the risk guardian settled and forgot (last active before
   * {@code before}) and this account holds as settled, and for each bot the
   * highest client order id sequence so forgotten, at or below which no id is ever sent again (see
   * {@link VenueState#forgotten}). Applied by the state alone, so a replay forgets exactly the same.
   */
  record SettledForgotten(String venueId, Instant before, List<ClientOrderId> ids, Instant at) implements VenueEvent {
    public SettledForgotten {
      ids = List.copyOf(ids);
    }
  }
}
