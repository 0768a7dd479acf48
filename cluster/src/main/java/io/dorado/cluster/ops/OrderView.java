package io.dorado.cluster.ops;

import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;

/** One order as an operator sees it (from the read side). */
public record OrderView(String botId, String clientOrderId, String symbol, Side side, BigDecimal quantity,
    BigDecimal filledQuantity, BigDecimal averagePrice, OrderStatus status, Instant updatedAt) {}
