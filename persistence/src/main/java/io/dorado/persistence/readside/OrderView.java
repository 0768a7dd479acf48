package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * An order as the bot's events tell it: intended, accepted by the venue, (partially) filled, or failed
 * with the bot's reason. Quantities and prices are exact decimals; {@code averagePrice} is the
 * filled notional over the filled quantity (34 significant digits), null before the first fill.
 * {@code quantity} and the order fields are null for an order known only from a late fill. {@code template}: the
 * strategy template of the trade; {@code approvedBy}: the operator who approved the trade's entry (an exit carries the
 * entry's), null when it was approved automatically — both null for an order intended before the bot recorded them.
 * {@code decisionPrice}: the price the bot decided on ({@link FillQuality}), null when it named none.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderView(
    String clientOrderId,
    String botId,
    long sequence,
    String venue,
    String symbol,
    String side,
    String type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    boolean reduceOnly,
    Status status,
    BigDecimal filledQuantity,
    BigDecimal filledNotional,
    BigDecimal averagePrice,
    String venueOrderId,
    String reason,
    Instant createdAt,
    Instant updatedAt,
    String template,
    String approvedBy,
    BigDecimal decisionPrice)
    implements CborSerializable {

  public enum Status { INTENDED, ACCEPTED, PARTIALLY_FILLED, FILLED, FAILED }

  /** Without a decision price (as rows before it read). */
  public OrderView(String clientOrderId, String botId, long sequence, String venue, String symbol, String side,
      String type, BigDecimal quantity, BigDecimal limitPrice, BigDecimal stopPrice, boolean reduceOnly, Status status,
      BigDecimal filledQuantity, BigDecimal filledNotional, BigDecimal averagePrice, String venueOrderId, String reason,
      Instant createdAt, Instant updatedAt, String template, String approvedBy) {
    this(clientOrderId, botId, sequence, venue, symbol, side, type, quantity, limitPrice, stopPrice, reduceOnly, status,
        filledQuantity, filledNotional, averagePrice, venueOrderId, reason, createdAt, updatedAt, template, approvedBy,
        null);
  }

  public OrderView {
    filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
    filledNotional = filledNotional == null ? BigDecimal.ZERO : filledNotional;
  }

  static OrderView intended(BotEvent.OrderIntended e, BigDecimal decisionPrice) {
    return intended(e.order(), e.at(), e.template(), e.approvedBy(), decisionPrice);
  }

  /** A protective order (the trade's stop or target resting at the venue), intended. */
  static OrderView intended(BotEvent.ProtectionIntended e) {
    return intended(e.order(), e.at(), e.template(), e.approvedBy(), null);
  }

  private static OrderView intended(Order o, Instant at, String template, String approvedBy, BigDecimal decisionPrice) {
    return new OrderView(o.clientOrderId().value(), o.botId(), o.clientOrderId().sequence(), o.venue(), o.symbol(),
        o.side().name(), o.type().name(), o.quantity(), o.limitPrice(), o.stopPrice(), o.reduceOnly(),
        Status.INTENDED, BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, at, at, template, approvedBy, decisionPrice);
  }

  /** A fill for an order whose intent is not in the read side (it predates the projection's first bucket). */
  static OrderView knownOnlyFrom(Fill f) {
    ClientOrderId id = f.clientOrderId();
    return new OrderView(id.value(), id.botId(), id.sequence(), null, f.symbol(), f.side().name(), null, null, null,
        null, false, Status.PARTIALLY_FILLED, BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, f.at(), f.at(), null,
        null);
  }

  OrderView accepted(BotEvent.OrderAccepted e) {
    Status next = status == Status.INTENDED ? Status.ACCEPTED : status;
    return new OrderView(clientOrderId, botId, sequence, venue, symbol, side, type, quantity, limitPrice, stopPrice,
        reduceOnly, next, filledQuantity, filledNotional, averagePrice, e.venueOrderId(), reason, createdAt, e.at(),
        template, approvedBy, decisionPrice);
  }

  OrderView filled(Fill f, Instant at) {
    BigDecimal qty = filledQuantity.add(f.quantity());
    BigDecimal notional = filledNotional.add(f.notional());
    Status next = quantity != null && qty.compareTo(quantity) >= 0 ? Status.FILLED
        : status == Status.FAILED ? Status.FAILED : Status.PARTIALLY_FILLED;
    return new OrderView(clientOrderId, botId, sequence, venue, symbol, side, type, quantity, limitPrice, stopPrice,
        reduceOnly, next, qty, notional, notional.divide(qty, MathContext.DECIMAL128), venueOrderId, reason,
        createdAt, at, template, approvedBy, decisionPrice);
  }

  /**
   * The bot gave up on the order, or a protective order is over at the venue (cancelled, rejected, filled); a
   * completely filled one stays FILLED, with the reason kept.
   */
  OrderView failed(String why, Instant at) {
    Status next = status == Status.FILLED ? Status.FILLED : Status.FAILED;
    return new OrderView(clientOrderId, botId, sequence, venue, symbol, side, type, quantity, limitPrice, stopPrice,
        reduceOnly, next, filledQuantity, filledNotional, averagePrice, venueOrderId, why, createdAt, at, template,
        approvedBy, decisionPrice);
  }
}
