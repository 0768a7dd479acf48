package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Fill;
import java.math.BigDecimal;
import java.time.Instant;

/** A fill the bot applied to its position; {@code filledAt} is the venue's time (stored to the millisecond). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FillView(
    String botId,
    String fillId,
    String clientOrderId,
    String symbol,
    String side,
    BigDecimal quantity,
    BigDecimal price,
    BigDecimal commission,
    Instant filledAt,
    long seqNr)
    implements CborSerializable {

  static FillView of(String botId, Fill f, long seqNr) {
    return new FillView(botId, f.fillId(), f.clientOrderId().value(), f.symbol(), f.side().name(), f.quantity(),
        f.price(), f.commission(), f.at(), seqNr);
  }
}
