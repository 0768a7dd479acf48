package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A position in one symbol, built only from fills, in exact decimals. {@code quantity} is signed
 * (negative = short). Realized P&amp;L is net of commissions.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Position(String symbol, BigDecimal quantity, BigDecimal averagePrice, BigDecimal realizedPnl)
    implements CborSerializable {

  /** Averages are kept to 34 significant digits; money totals are never divided. */
  private static final MathContext AVERAGE = MathContext.DECIMAL128;

  public Position {
    quantity = quantity == null ? BigDecimal.ZERO : quantity;
    averagePrice = averagePrice == null ? BigDecimal.ZERO : averagePrice;
    realizedPnl = realizedPnl == null ? BigDecimal.ZERO : realizedPnl;
  }

  public static Position flat(String symbol) {
    return new Position(symbol, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
  }

  @JsonIgnore
  public boolean isFlat() {
    return quantity.signum() == 0;
  }

  /** The position after a fill: adds to it, reduces it (realizing P&amp;L), or flips it. */
  public Position apply(Fill fill) {
    BigDecimal delta = fill.signedQuantity();
    BigDecimal realized = realizedPnl.subtract(fill.commission());
    if (quantity.signum() == 0 || quantity.signum() == delta.signum()) {
      BigDecimal newQty = quantity.add(delta);
      BigDecimal cost = averagePrice.multiply(quantity.abs()).add(fill.price().multiply(delta.abs()));
      return new Position(symbol, newQty, cost.divide(newQty.abs(), AVERAGE), realized);
    }
    BigDecimal closing = delta.abs().min(quantity.abs());
    // A long gains when price rises above average; a short when it falls below.
    BigDecimal perUnit = fill.price().subtract(averagePrice).multiply(BigDecimal.valueOf(quantity.signum()));
    realized = realized.add(perUnit.multiply(closing));
    BigDecimal newQty = quantity.add(delta);
    if (newQty.signum() == 0) return new Position(symbol, BigDecimal.ZERO, BigDecimal.ZERO, realized);
    if (newQty.signum() == quantity.signum()) return new Position(symbol, newQty, averagePrice, realized);
    return new Position(symbol, newQty, fill.price(), realized); // flipped: the rest opens at the fill price
  }

  public BigDecimal unrealizedPnl(BigDecimal markPrice) {
    if (isFlat() || markPrice == null) return BigDecimal.ZERO;
    return markPrice.subtract(averagePrice).multiply(quantity);
  }

  /** Absolute exposure at a price. */
  public BigDecimal notional(BigDecimal price) {
    return quantity.abs().multiply(price);
  }
}
