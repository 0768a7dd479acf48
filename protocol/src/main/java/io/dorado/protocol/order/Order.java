package io.dorado.protocol.order;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;

/**
 * An order as the bot intends it, the guardian acknowledges it and the venue sends it. Immutable:
 * the venue verifies that what it sends equals, field for field, what was acknowledged.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Order(
    ClientOrderId clientOrderId,
    String venue,
    String symbol,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    TimeInForce timeInForce,
    boolean reduceOnly)
    implements CborSerializable {

  public Order {
    required(clientOrderId, "client_order_id");
    requiredText(venue, "venue");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(type, "type");
    required(quantity, "quantity");
    if (quantity.signum() <= 0) throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
    if (type.needsLimitPrice() && (limitPrice == null || limitPrice.signum() <= 0)) {
      throw new IllegalArgumentException(type + " order needs a positive limit_price");
    }
    if (type.needsStopPrice() && (stopPrice == null || stopPrice.signum() <= 0)) {
      throw new IllegalArgumentException(type + " order needs a positive stop_price");
    }
    if (!type.needsLimitPrice() && limitPrice != null) {
      throw new IllegalArgumentException(type + " order takes no limit_price");
    }
    if (!type.needsStopPrice() && stopPrice != null) {
      throw new IllegalArgumentException(type + " order takes no stop_price");
    }
    timeInForce = timeInForce == null ? TimeInForce.DAY : timeInForce;
  }

  public static Order market(ClientOrderId id, String venue, String symbol, Side side, BigDecimal qty, boolean reduceOnly) {
    return new Order(id, venue, symbol, side, OrderType.MARKET, qty, null, null, TimeInForce.DAY, reduceOnly);
  }

  public static Order limit(ClientOrderId id, String venue, String symbol, Side side, BigDecimal qty, BigDecimal limit) {
    return new Order(id, venue, symbol, side, OrderType.LIMIT, qty, limit, null, TimeInForce.GTC, false);
  }

  public String botId() {
    return clientOrderId.botId();
  }
}
