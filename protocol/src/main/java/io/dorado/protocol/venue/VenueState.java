package io.dorado.protocol.venue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A venue account: every order it was ever given, keyed by client order id (the dedupe key; kept for
 * good, so a client order id is never sent twice), how many submissions it refused, and the client
 * order ids cancelled before they arrived (id to the cancel's reason; also kept for good).
 *
 * <p>Both maps only grow, so they are persistent maps (PCollections): an event shares the unchanged
 * entries with the state before it instead of copying every order ever sent (P1's profile showed those
 * copies among the venue's hottest code after a few thousand orders).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueState(String venueId, Map<String, VenueOrder> orders, long refusals,
    Map<String, String> cancelledBeforeArrival) implements CborSerializable {

  public VenueState {
    orders = persistent(orders);
    cancelledBeforeArrival = persistent(cancelledBeforeArrival);
  }

  public static VenueState empty(String venueId) {
    return new VenueState(venueId, HashTreePMap.empty(), 0, HashTreePMap.empty());
  }

  private static <V> PMap<String, V> persistent(Map<String, V> map) {
    if (map == null) return HashTreePMap.empty();
    return map instanceof PMap<String, V> p ? p : HashTreePMap.from(map);
  }

  /** The reason a cancel gave, when {@code id} was cancelled before this venue received it. */
  public Optional<String> cancelledBeforeArrival(ClientOrderId id) {
    return Optional.ofNullable(cancelledBeforeArrival.get(id.value()));
  }

  public Optional<VenueOrder> find(ClientOrderId id) {
    return Optional.ofNullable(orders.get(id.value()));
  }

  /** The status a query gets: UNKNOWN when this venue never received {@code id}. */
  public OrderReport.Status statusOf(ClientOrderId id) {
    return find(id)
        .map(VenueOrder::toStatus)
        .or(() -> cancelledBeforeArrival(id).map(reason ->
            new OrderReport.Status(id, OrderStatus.CANCELLED, null, null, "cancelled before it arrived: " + reason)))
        .orElseGet(() -> new OrderReport.Status(id, OrderStatus.UNKNOWN, null, null, "never received"));
  }

  /** Orders not yet filled, cancelled or rejected, in client order id order. */
  @JsonIgnore
  public List<VenueOrder> unresolved() {
    return orders.values().stream()
        .filter(o -> !o.isTerminal())
        .sorted((a, b) -> a.clientOrderId().compareTo(b.clientOrderId()))
        .toList();
  }

  public VenueState apply(VenueEvent event) {
    if (event instanceof VenueEvent.Submitted e) return with(VenueOrder.submitted(e));
    if (event instanceof VenueEvent.Refused) {
      return new VenueState(venueId, orders, refusals + 1, cancelledBeforeArrival);
    }
    if (event instanceof VenueEvent.CancelledBeforeArrival e) {
      return new VenueState(venueId, orders, refusals,
          persistent(cancelledBeforeArrival).plus(e.clientOrderId().value(), e.reason()));
    }
    if (event instanceof VenueEvent.Placed e) return update(e.clientOrderId(), o -> o.placed(e));
    if (event instanceof VenueEvent.FillRecorded e) return update(e.clientOrderId(), o -> o.filled(e));
    if (event instanceof VenueEvent.CancelRequested e) return update(e.clientOrderId(), o -> o.cancelRequested(e));
    if (event instanceof VenueEvent.Closed e) return update(e.clientOrderId(), o -> o.closed(e));
    throw new IllegalArgumentException("unknown venue event " + event);
  }

  private VenueState with(VenueOrder order) {
    return new VenueState(venueId, persistent(orders).plus(order.clientOrderId().value(), order), refusals,
        cancelledBeforeArrival);
  }

  private VenueState update(ClientOrderId id, UnaryOperator<VenueOrder> change) {
    VenueOrder current = orders.get(id.value());
    return current == null ? this : with(change.apply(current));
  }
}
