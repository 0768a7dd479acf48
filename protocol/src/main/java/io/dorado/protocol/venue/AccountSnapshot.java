package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A venue account as the venue reports it: every asset's balance, and in the account currency the cash,
 * equity and buying power, with the positions per universe symbol. On a spot crypto exchange a position is
 * the balance of the base asset (its average price unknown: zero); on a broker, the broker's positions.
 *
 * @param balances free plus locked, per asset (USDT, BTC, ...)
 * @param financing per universe symbol, the financing (swap, rollover) paid (negative) or collected (positive) on the
 *     open position, in the account currency, as the venue reports it; kept apart from the position's realized P&amp;L.
 *     Empty when the venue reports none (spot exchanges; a snapshot recorded before the field reads empty)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AccountSnapshot(
    String venue,
    String currency,
    Map<String, BigDecimal> balances,
    BigDecimal cash,
    BigDecimal equity,
    BigDecimal buyingPower,
    List<Position> positions,
    Instant at,
    Map<String, BigDecimal> financing)
    implements CborSerializable {

  public AccountSnapshot {
    requiredText(venue, "venue");
    requiredText(currency, "currency");
    required(cash, "cash");
    required(at, "at");
    balances = balances == null ? Map.of() : Map.copyOf(balances);
    positions = positions == null ? List.of() : List.copyOf(positions);
    equity = equity == null ? cash : equity;
    buyingPower = buyingPower == null ? cash : buyingPower;
    financing = financing == null ? Map.of() : Map.copyOf(financing);
  }

  /** A snapshot without financing (a venue that has none). */
  public AccountSnapshot(String venue, String currency, Map<String, BigDecimal> balances, BigDecimal cash,
      BigDecimal equity, BigDecimal buyingPower, List<Position> positions, Instant at) {
    this(venue, currency, balances, cash, equity, buyingPower, positions, at, null);
  }
}
