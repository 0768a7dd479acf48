package io.dorado.protocol.venue;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One execution (trade) as the venue reports it, ours or not. {@code executionId} is the venue's trade id,
 * unique per venue, and becomes the fill id: duplicates (a stream message and the REST gap-fill, or the same
 * message twice) are the same fill. {@code clientOrderId} is null for an order placed outside the fleet.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueExecution(
    String executionId,
    String venueOrderId,
    ClientOrderId clientOrderId,
    String symbol,
    Side side,
    BigDecimal quantity,
    BigDecimal price,
    BigDecimal commission,
    Instant at)
    implements CborSerializable {

  public VenueExecution {
    requiredText(executionId, "execution_id");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(quantity, "quantity");
    required(price, "price");
    required(at, "at");
    commission = commission == null ? BigDecimal.ZERO : commission;
  }

  /** As a fill of one of our orders; empty for an external order's execution. */
  public Optional<Fill> toFill() {
    if (clientOrderId == null) return Optional.empty();
    return Optional.of(new Fill(executionId, clientOrderId, symbol, side, quantity, price, commission, at));
  }
}
