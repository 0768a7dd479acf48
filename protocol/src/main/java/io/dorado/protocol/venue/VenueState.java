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
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A venue account: every order it was ever given, keyed by client order id (the dedupe key; kept for
 * good, so a client order id is never sent twice), how many submissions it refused, and the client
 * order ids cancelled before they arrived (id to the cancel's reason; also kept for good).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueState(String venueId, Map<String, VenueOrder> orders, long refusals,
    Map<String, String> cancelledBeforeArrival) implements CborSerializable {

  public VenueState {
    orders = orders == null ? Map.of() : Map.copyOf(orders);
    cancelledBeforeArrival = cancelledBeforeArrival == null ? Map.of() : Map.copyOf(cancelledBeforeArrival);
  }

  public static VenueState empty(String venueId) {
    return new VenueState(venueId, Map.of(), 0, Map.of());
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
      var next = new TreeMap<>(cancelledBeforeArrival);
      next.put(e.clientOrderId().value(), e.reason());
      return new VenueState(venueId, orders, refusals, next);
    }
    if (event instanceof VenueEvent.Placed e) return update(e.clientOrderId(), o -> o.placed(e));
    if (event instanceof VenueEvent.FillRecorded e) return update(e.clientOrderId(), o -> o.filled(e));
    if (event instanceof VenueEvent.CancelRequested e) return update(e.clientOrderId(), o -> o.cancelRequested(e));
    if (event instanceof VenueEvent.Closed e) return update(e.clientOrderId(), o -> o.closed(e));
    throw new IllegalArgumentException("unknown venue event " + event);
  }

  private VenueState with(VenueOrder order) {
    var next = new TreeMap<>(orders);
    next.put(order.clientOrderId().value(), order);
    return new VenueState(venueId, next, refusals, cancelledBeforeArrival);
  }

  private VenueState update(ClientOrderId id, UnaryOperator<VenueOrder> change) {
    VenueOrder current = orders.get(id.value());
    return current == null ? this : with(change.apply(current));
  }
}
