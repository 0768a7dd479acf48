package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The bot's one unresolved order: intended (persisted before it was sent for acknowledgement), with
 * the fills seen so far. Fill ids deduplicate late or repeated reports.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkingOrder(Order order, BigDecimal filledQuantity, List<String> fillIds, boolean accepted)
    implements CborSerializable {

  public WorkingOrder {
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
    fillIds = fillIds == null ? List.of() : List.copyOf(fillIds);
  }

  public static WorkingOrder intended(Order order) {
    return new WorkingOrder(order, BigDecimal.ZERO, List.of(), false);
  }

  public boolean hasSeen(Fill fill) {
    return fillIds.contains(fill.fillId());
  }

  public WorkingOrder withFill(Fill fill) {
    var ids = new ArrayList<>(fillIds);
    ids.add(fill.fillId());
    return new WorkingOrder(order, filledQuantity.add(fill.quantity()), ids, true);
  }

  public WorkingOrder asAccepted() {
    return new WorkingOrder(order, filledQuantity, fillIds, true);
  }

  @JsonIgnore
  public boolean isComplete() {
    return filledQuantity.compareTo(order.quantity()) >= 0;
  }

  @JsonIgnore
  public boolean isPartiallyFilled() {
    return filledQuantity.signum() > 0 && !isComplete();
  }
}
