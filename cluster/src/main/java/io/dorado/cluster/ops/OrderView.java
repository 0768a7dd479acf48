package io.dorado.cluster.ops;

import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order as an operator sees it (from the read side). {@code template}: the strategy template of the trade it
 * belongs to; {@code approvedBy}: the operator who approved the trade's entry (an exit names the entry's), null when it
 * was approved automatically; both null for an order intended before the bot recorded them.
 */
public record OrderView(String botId, String clientOrderId, String symbol, Side side, BigDecimal quantity,
    BigDecimal filledQuantity, BigDecimal averagePrice, OrderStatus status, Instant updatedAt, String template,
    String approvedBy) {

  /** Without the template and the approver. */
  public OrderView(String botId, String clientOrderId, String symbol, Side side, BigDecimal quantity,
      BigDecimal filledQuantity, BigDecimal averagePrice, OrderStatus status, Instant updatedAt) {
    this(botId, clientOrderId, symbol, side, quantity, filledQuantity, averagePrice, status, updatedAt, null, null);
  }
}
