package io.dorado.protocol.bot;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The trade a bot has open: its id (the entry's review id), the bot's realized P&L before it, the
 * max loss the guardian sized it for, and whether it is a paper trade — what the allocator's reward needs —
 * plus the entry's stop and target (null when the signal had none), which position management watches,
 * and the ids of the partial closes (scaled exits) started on it, so a restarted manager knows which
 * tranches are done; {@code approvedBy}: the operator who approved the entry (null when it was approved automatically,
 * or the mark predates the field), which the trade's exits and protective orders carry.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt,
    BigDecimal stop, BigDecimal target, List<String> reductions, String approvedBy)
    implements CborSerializable {

  public TradeMark {
    reductions = reductions == null ? List.of() : List.copyOf(reductions);
  }

  public TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt,
      BigDecimal stop, BigDecimal target, List<String> reductions) {
    this(tradeId, realizedBefore, maxLoss, paper, openedAt, stop, target, reductions, null);
  }

  public TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt,
      BigDecimal stop, BigDecimal target) {
    this(tradeId, realizedBefore, maxLoss, paper, openedAt, stop, target, List.of());
  }

  public TradeMark(String tradeId, BigDecimal realizedBefore, BigDecimal maxLoss, boolean paper, Instant openedAt) {
    this(tradeId, realizedBefore, maxLoss, paper, openedAt, null, null);
  }

  public TradeMark withReduction(String reductionId) {
    if (reductions.contains(reductionId)) return this;
    var next = new ArrayList<>(reductions);
    next.add(reductionId);
    return new TradeMark(tradeId, realizedBefore, maxLoss, paper, openedAt, stop, target, next, approvedBy);
  }
}
