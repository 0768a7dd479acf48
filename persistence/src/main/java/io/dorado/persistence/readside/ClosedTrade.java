package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A round trip from flat to flat (a flip closes one trade and opens the next). {@code realizedPnl} is
 * net of every commission paid in the trade, so the trades of a bot sum to its position's realized
 * P&amp;L. {@code quantity} is the largest position held; prices are volume-weighted averages of the
 * fills that opened (entry) and reduced (exit) the position. {@code tradeId} is the bot id and the
 * sequence number of the event that opened the trade.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClosedTrade(
    String botId,
    String tradeId,
    String symbol,
    Direction direction,
    BigDecimal quantity,
    BigDecimal entryPrice,
    BigDecimal exitPrice,
    BigDecimal realizedPnl,
    BigDecimal commission,
    int fills,
    Instant openedAt,
    Instant closedAt)
    implements CborSerializable {

  public enum Direction { LONG, SHORT }

  /**
   * The trade's return on the capital it put in: realized P&amp;L (net of commissions) over the notional that opened it,
   * quantity × entry price (0.02 = +2%); null when that notional is not known or is 0.
   */
  public Double returnOnNotional() {
    if (quantity == null || entryPrice == null || realizedPnl == null) return null;
    BigDecimal notional = quantity.abs().multiply(entryPrice.abs());
    if (notional.signum() == 0) return null;
    return realizedPnl.doubleValue() / notional.doubleValue();
  }

  /** The UTC day the trade closed: the day /daily counts it in. */
  public LocalDate day() {
    return LocalDate.ofInstant(closedAt, ZoneOffset.UTC);
  }
}
