package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import java.math.BigDecimal;

/**
 * The bot's one unresolved order: intended (persisted before it was sent for acknowledgement), and
 * how much of it has filled. {@code accepted} once the venue confirmed it is working.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkingOrder(Order order, BigDecimal filledQuantity, boolean accepted) implements CborSerializable {

  public WorkingOrder {
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
  }

  public static WorkingOrder intended(Order order) {
    return new WorkingOrder(order, BigDecimal.ZERO, false);
  }

  public boolean isFor(Fill fill) {
    return order.clientOrderId().equals(fill.clientOrderId());
  }

  public WorkingOrder withFill(Fill fill) {
    return new WorkingOrder(order, filledQuantity.add(fill.quantity()), true);
  }

  public WorkingOrder asAccepted() {
    return new WorkingOrder(order, filledQuantity, true);
  }

  @JsonIgnore
  public boolean isComplete() {
    return filledQuantity.compareTo(order.fillQuantity()) >= 0; // a combo: every leg's units
  }
}
