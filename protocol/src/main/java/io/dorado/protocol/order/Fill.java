package io.dorado.protocol.order;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;

/** An execution: part or all of an order, at a price, with its commission. Deduplicated by fill id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Fill(
    String fillId,
    ClientOrderId clientOrderId,
    String symbol,
    Side side,
    BigDecimal quantity,
    BigDecimal price,
    BigDecimal commission,
    Instant at)
    implements CborSerializable {

  public Fill {
    requiredText(fillId, "fill_id");
    required(clientOrderId, "client_order_id");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(quantity, "quantity");
    required(price, "price");
    required(at, "at");
    if (quantity.signum() <= 0) throw new IllegalArgumentException("fill quantity must be > 0");
    if (price.signum() <= 0) throw new IllegalArgumentException("fill price must be > 0");
    commission = commission == null ? BigDecimal.ZERO : commission;
  }

  /** Signed quantity: positive for a buy, negative for a sell. */
  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }

  public BigDecimal notional() {
    return quantity.multiply(price);
  }
}
