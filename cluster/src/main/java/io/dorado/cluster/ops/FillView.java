package io.dorado.cluster.ops;

import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;

/** One fill as an operator sees it (from the read side). */
public record FillView(String botId, String fillId, String clientOrderId, String symbol, Side side,
    BigDecimal quantity, BigDecimal price, BigDecimal commission, Instant at) {}
