package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the venue lists it (open orders, reconciliation). {@code clientOrderId} is ours when the
 * venue's client order id parses as one of our deterministic ids, null for an order placed outside the
 * fleet (adopted as EXTERNAL); {@code venueClientOrderId} is what the venue holds, verbatim.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueOrderView(
    String venueOrderId,
    ClientOrderId clientOrderId,
    String venueClientOrderId,
    String symbol,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    BigDecimal filledQuantity,
    OrderStatus status,
    Instant createdAt)
    implements CborSerializable {

  public VenueOrderView {
    requiredText(venueOrderId, "venue_order_id");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(quantity, "quantity");
    required(status, "status");
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
  }

  /** Placed outside the fleet: no bot owns it. */
  public boolean isExternal() {
    return clientOrderId == null;
  }
}
