package io.dorado.protocol.venue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.AcknowledgedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One order as the venue actor knows it. Transitions are pure functions; fills are deduplicated by
 * fill id and never take the status backwards. Quantities filled count {@link Order#fillQuantity} units,
 * so a combo is FILLED once every leg is.
 *
 * @param reportTo who submitted it (the bot): fills and the outcome go there
 * @param venueOrderId the venue's own id, once it has the order (may stay null for adapters without one)
 * @param cancelRequested a cancel was sent and not yet answered
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueOrder(
    AcknowledgedOrder ack,
    ActorRef<OrderReport> reportTo,
    OrderStatus status,
    String venueOrderId,
    BigDecimal filledQuantity,
    List<Fill> fills,
    boolean cancelRequested,
    String reason,
    Instant submittedAt,
    Instant updatedAt)
    implements CborSerializable {

  public VenueOrder {
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
    fills = fills == null ? List.of() : List.copyOf(fills);
  }

  public static VenueOrder submitted(VenueEvent.Submitted e) {
    return new VenueOrder(e.ack(), e.reportTo(), OrderStatus.SUBMITTED, null, BigDecimal.ZERO, List.of(), false, null,
        e.at(), e.at());
  }

  public Order order() {
    return ack.order();
  }

  public ClientOrderId clientOrderId() {
    return ack.clientOrderId();
  }

  @JsonIgnore
  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** True once the venue has the order: it may only be reconciled, never sent again. */
  @JsonIgnore
  public boolean isPlaced() {
    return status != OrderStatus.SUBMITTED;
  }

  public boolean hasFill(String fillId) {
    return fills.stream().anyMatch(f -> f.fillId().equals(fillId));
  }

  /**
   * True when a cancel's answer counts more filled than this order has recorded: a fill report is still on
   * its way. Closing on it would tell the bot and the guardian a filled quantity without its fills (the
   * order-path simulation's seed 20265026 left a bot flat holding 0.5): ask the venue for the fills first.
   */
  public boolean missesFillsOf(OrderReport.Cancelled cancelled) {
    return cancelled.filledQuantity() != null && cancelled.filledQuantity().compareTo(filledQuantity) > 0;
  }

  @JsonIgnore
  public BigDecimal remainingQuantity() {
    return order().fillQuantity().subtract(filledQuantity).max(BigDecimal.ZERO);
  }

  public VenueOrder placed(VenueEvent.Placed e) {
    OrderStatus next = status == OrderStatus.SUBMITTED ? OrderStatus.WORKING : status;
    String id = e.venueOrderId() != null ? e.venueOrderId() : venueOrderId;
    return new VenueOrder(ack, reportTo, next, id, filledQuantity, fills, cancelRequested, reason, submittedAt, e.at());
  }

  public VenueOrder filled(VenueEvent.FillRecorded e) {
    if (hasFill(e.fill().fillId())) return this;
    var all = new ArrayList<>(fills);
    all.add(e.fill());
    BigDecimal cumulative = filledQuantity.add(e.fill().quantity());
    OrderStatus next;
    if (status.isTerminal()) {
      next = status; // a late fill after a cancel is recorded, the outcome stands
    } else if (cumulative.compareTo(order().fillQuantity()) >= 0) {
      next = OrderStatus.FILLED;
    } else {
      next = OrderStatus.PARTIALLY_FILLED;
    }
    return new VenueOrder(ack, reportTo, next, venueOrderId, cumulative, all, cancelRequested, reason, submittedAt, e.at());
  }

  public VenueOrder cancelRequested(VenueEvent.CancelRequested e) {
    return new VenueOrder(ack, reportTo, status, venueOrderId, filledQuantity, fills, true, e.reason(), submittedAt, e.at());
  }

  public VenueOrder closed(VenueEvent.Closed e) {
    if (status.isTerminal()) return this;
    return new VenueOrder(ack, reportTo, e.status(), venueOrderId, filledQuantity, fills, false, e.reason(), submittedAt,
        e.at());
  }

  /** Everything the venue actor knows, as the answer to a query or a repeated submission. */
  public OrderReport.Status toStatus() {
    return new OrderReport.Status(clientOrderId(), status, filledQuantity, fills, reason);
  }
}
