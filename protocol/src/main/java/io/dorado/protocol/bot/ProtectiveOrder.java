package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import java.math.BigDecimal;

/**
 * A protective order resting at the venue for the open trade: its stop ({@link Role#STOP}, a reduce-only STOP
 * order) or its target ({@link Role#TARGET}, a reduce-only LIMIT order). Placed through the guardian like any
 * order, so it protects the position while the fleet is down. {@code accepted} once the venue confirmed it rests;
 * {@code cancelling} the reason the bot asked the venue to cancel it (null while it protects); kept until the
 * venue reports it over (filled, cancelled, rejected), so a lost cancel is sent again.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProtectiveOrder(Order order, Role role, BigDecimal filledQuantity, boolean accepted, String cancelling)
    implements CborSerializable {

  /** {@code OCO}: the stop and the target as one native one-cancels-other order (an {@code OrderType.OCO}). */
  public enum Role { STOP, TARGET, OCO }

  public ProtectiveOrder {
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
  }

  public static ProtectiveOrder intended(Order order, Role role) {
    return new ProtectiveOrder(order, role, BigDecimal.ZERO, false, null);
  }

  public ClientOrderId clientOrderId() {
    return order.clientOrderId();
  }

  public boolean isFor(ClientOrderId id) {
    return order.clientOrderId().equals(id);
  }

  /** It holds the trade's stop (a STOP, or an OCO's stop leg). */
  @JsonIgnore
  public boolean hasStop() {
    return role == Role.STOP || role == Role.OCO;
  }

  /** It holds the trade's target (a TARGET, or an OCO's limit leg). */
  @JsonIgnore
  public boolean hasTarget() {
    return role == Role.TARGET || role == Role.OCO;
  }

  /** Still protecting: not being cancelled. */
  @JsonIgnore
  public boolean protects() {
    return cancelling == null;
  }

  public ProtectiveOrder withFill(Fill fill) {
    return new ProtectiveOrder(order, role, filledQuantity.add(fill.quantity()), true, cancelling);
  }

  public ProtectiveOrder asAccepted() {
    return new ProtectiveOrder(order, role, filledQuantity, true, cancelling);
  }

  public ProtectiveOrder asCancelling(String reason) {
    return new ProtectiveOrder(order, role, filledQuantity, accepted, reason);
  }
}
