package io.dorado.protocol.bot;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The trade a bot has open: its id (the entry's review id), the bot's realized P&L before it, the
 * max loss the guardian sized it for, and whether it is a paper trade — what the allocator's reward needs —
 * plus the entry's stop and target (null when the signal had none), which position management watches.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt,
    BigDecimal stop, BigDecimal target)
    implements CborSerializable {

  public TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt) {
    this(tradeId, realizedBefore, maxLoss, paper, openedAt, null, null);
  }
}
