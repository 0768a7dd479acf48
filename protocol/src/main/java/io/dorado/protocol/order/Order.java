package io.dorado.protocol.order;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;

/**
 * An order as the bot intends it, the guardian acknowledges it and the venue sends it. Immutable:
 * the venue verifies that what it sends equals, field for field, what was acknowledged.
 *
 * <p>A combo (multi-leg) order has {@code legs}, as Alpaca's {@code mleg} orders and IBKR's combos do:
 * {@code symbol} is the underlying, {@code quantity} the number of structures, {@code side} SELL for a
 * net credit and BUY for a net debit, {@code limit_price} the net price per share. Its legs fill together,
 * one fill per leg, each of {@link #legQuantity} units (contracts × {@link #CONTRACT_MULTIPLIER}) at a
 * per-share price, so quantity × price is money everywhere (positions, ledgers, P&amp;L) with no multiplier.
 * Quantities filled on a combo count those units ({@link #fillQuantity}).
 *
 * <p>{@code replaces} (null for almost every order) makes the order an amend of a resting reduce-only order of the
 * same bot: the venue replaces that order with this one with its native amend (OANDA's Set Dependent Orders on the
 * same trade, Alpaca's replace, IBKR's modify) instead of resting a second one, so there is never a moment with no
 * stop at the venue. The amend has its own client order id (the bot's next sequence), persisted before it is sent
 * like any order, so it is deduplicated and reconciled by that id; the order it replaces is reported over
 * (cancelled, replaced) once the amend rests.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Order(
    ClientOrderId clientOrderId,
    String venue,
    String symbol,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal stopPrice,
    TimeInForce timeInForce,
    boolean reduceOnly,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<OrderLeg> legs,
    @JsonInclude(JsonInclude.Include.NON_NULL) ClientOrderId replaces)
    implements CborSerializable {

  /** Shares per equity option contract. */
  public static final int CONTRACT_MULTIPLIER = 100;

  /** A single-instrument order. */
  public Order(ClientOrderId clientOrderId, String venue, String symbol, Side side, OrderType type, BigDecimal quantity,
      BigDecimal limitPrice, BigDecimal stopPrice, TimeInForce timeInForce, boolean reduceOnly) {
    this(clientOrderId, venue, symbol, side, type, quantity, limitPrice, stopPrice, timeInForce, reduceOnly, List.of());
  }

  /** An order that replaces none (a combo when it has legs). */
  public Order(ClientOrderId clientOrderId, String venue, String symbol, Side side, OrderType type, BigDecimal quantity,
      BigDecimal limitPrice, BigDecimal stopPrice, TimeInForce timeInForce, boolean reduceOnly, List<OrderLeg> legs) {
    this(clientOrderId, venue, symbol, side, type, quantity, limitPrice, stopPrice, timeInForce, reduceOnly, legs, null);
  }

  public Order {
    required(clientOrderId, "client_order_id");
    requiredText(venue, "venue");
    requiredText(symbol, "symbol");
    required(side, "side");
    required(type, "type");
    required(quantity, "quantity");
    if (quantity.signum() <= 0) throw new IllegalArgumentException("quantity must be > 0, was " + quantity);
    if (type.needsLimitPrice() && (limitPrice == null || limitPrice.signum() <= 0)) {
      throw new IllegalArgumentException(type + " order needs a positive limit_price");
    }
    if (type.needsStopPrice() && (stopPrice == null || stopPrice.signum() <= 0)) {
      throw new IllegalArgumentException(type + " order needs a positive stop_price");
    }
    if (!type.needsLimitPrice() && limitPrice != null) {
      throw new IllegalArgumentException(type + " order takes no limit_price");
    }
    if (!type.needsStopPrice() && stopPrice != null) {
      throw new IllegalArgumentException(type + " order takes no stop_price");
    }
    if (type == OrderType.OCO) { // the target beyond the stop on the exit's far side: a sell's above, a buy's below
      if (!reduceOnly) throw new IllegalArgumentException("an oco order is a reduce-only exit");
      boolean ordered = side == Side.SELL ? limitPrice.compareTo(stopPrice) > 0 : limitPrice.compareTo(stopPrice) < 0;
      if (!ordered) {
        throw new IllegalArgumentException("an oco " + side.name().toLowerCase() + "'s limit_price (target) must be "
            + (side == Side.SELL ? "above" : "below") + " its stop_price, was " + limitPrice + " and " + stopPrice);
      }
    }
    timeInForce = timeInForce == null ? TimeInForce.DAY : timeInForce;
    legs = legs == null ? List.of() : List.copyOf(legs);
    if (!legs.isEmpty()) {
      if (legs.size() < 2) throw new IllegalArgumentException("a combo order needs at least 2 legs");
      var symbols = new HashSet<String>();
      for (OrderLeg leg : legs) {
        if (leg == null) throw new IllegalArgumentException("legs must not hold null");
        if (!symbols.add(leg.symbol())) throw new IllegalArgumentException("leg " + leg.symbol() + " appears twice");
      }
      if (quantity.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("a combo's quantity is a whole number of structures, was " + quantity);
      }
      if (type.needsStopPrice()) throw new IllegalArgumentException("a combo order is market or limit, was " + type);
    }
    if (replaces != null) { // an amend moves a resting exit: never an entry, a combo or a market order, never itself
      if (!reduceOnly || !legs.isEmpty() || type == OrderType.MARKET || replaces.equals(clientOrderId)
          || !replaces.botId().equals(clientOrderId.botId())) {
        throw new IllegalArgumentException("only a resting reduce-only order replaces another of its bot, was "
            + clientOrderId + " (" + type + ") replacing " + replaces);
      }
    }
  }

  /** The same order as an amend of {@code other} at the venue (see the class comment). */
  public Order replacing(ClientOrderId other) {
    return new Order(clientOrderId, venue, symbol, side, type, quantity, limitPrice, stopPrice, timeInForce, reduceOnly,
        legs, other);
  }

  /** True when this order amends a resting one ({@link #replaces}). */
  @JsonIgnore
  public boolean isAmend() {
    return replaces != null;
  }

  /**
   * A combo: {@code netPrice} is the net limit per share (credit for a SELL, debit for a BUY), or null for
   * a market combo.
   */
  public static Order combo(ClientOrderId id, String venue, String underlying, Side side, BigDecimal structures,
      BigDecimal netPrice, List<OrderLeg> legs, boolean reduceOnly) {
    OrderType type = netPrice == null ? OrderType.MARKET : OrderType.LIMIT;
    return new Order(id, venue, underlying, side, type, structures, netPrice, null, TimeInForce.DAY, reduceOnly, legs);
  }

  @JsonIgnore
  public boolean isCombo() {
    return !legs.isEmpty();
  }

  /** Units of {@code leg} the whole combo fills: structures × ratio × contract multiplier. */
  public BigDecimal legQuantity(OrderLeg leg) {
    return quantity.multiply(BigDecimal.valueOf((long) leg.ratioQty() * CONTRACT_MULTIPLIER));
  }

  /** What the order's fills add up to when it is complete: its quantity, or for a combo every leg's units. */
  @JsonIgnore
  public BigDecimal fillQuantity() {
    if (!isCombo()) return quantity;
    BigDecimal units = BigDecimal.ZERO;
    for (OrderLeg leg : legs) units = units.add(legQuantity(leg));
    return units;
  }

  /** The leg trading {@code symbol}, if this combo has one. */
  public java.util.Optional<OrderLeg> leg(String legSymbol) {
    return legs.stream().filter(l -> l.symbol().equals(legSymbol)).findFirst();
  }

  public static Order market(ClientOrderId id, String venue, String symbol, Side side, BigDecimal qty, boolean reduceOnly) {
    return new Order(id, venue, symbol, side, OrderType.MARKET, qty, null, null, TimeInForce.DAY, reduceOnly);
  }

  public static Order limit(ClientOrderId id, String venue, String symbol, Side side, BigDecimal qty, BigDecimal limit) {
    return new Order(id, venue, symbol, side, OrderType.LIMIT, qty, limit, null, TimeInForce.GTC, false);
  }

  public String botId() {
    return clientOrderId.botId();
  }
}
