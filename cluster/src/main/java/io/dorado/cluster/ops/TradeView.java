package io.dorado.cluster.ops;

import java.math.BigDecimal;
import java.time.Instant;

/** One closed trade with its realized P&amp;L (from the read side); {@code maxLoss} is what it risked. */
public record TradeView(String botId, String tradeId, String symbol, BigDecimal quantity, BigDecimal entryPrice,
    BigDecimal exitPrice, BigDecimal realizedPnl, BigDecimal maxLoss, String reason, Instant openedAt,
    Instant closedAt) {}
