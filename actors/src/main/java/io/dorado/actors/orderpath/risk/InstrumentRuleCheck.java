package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.venue.InstrumentRules;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An order against a venue's instrument rules, before the guardian signs it: rounded to them, or denied with
 * a reason code, so the venue never rejects for a rule we could have known and the signature covers exactly
 * what the venue receives.
 *
 * <ul>
 *   <li>Quantity: down to a whole number of lots (never more than the bot asked for).
 *   <li>Prices, to the tick, never to a worse price for the side: a buy's limit down, a sell's limit up (never
 *       pays more, never sells for less); a buy's stop down and a sell's stop up (a protective stop fires no
 *       later than asked).
 *   <li>Then the minimums: below the minimum quantity (or nothing left after rounding) is
 *       {@link DenialReason#BELOW_MIN_QUANTITY}; quantity × price below the minimum notional is
 *       {@link DenialReason#BELOW_MIN_NOTIONAL} (the price: the limit, else the stop, else the last price; with no
 *       price at all the notional is left to the engine, which denies NO_PRICE).
 * </ul>
 * Combo orders are left alone: their legs are options whose rules the venues here do not report.
 */
public final class InstrumentRuleCheck {
  private InstrumentRuleCheck() {}

  /** The order to sign (rounded, or as asked when nothing needed rounding), or why not. */
  public record Outcome(Order order, RiskDenial denial) {
    public boolean denied() {
      return denial != null;
    }

    public boolean rounded(Order asked) {
      return denial == null && !order.equals(asked);
    }
  }

  /** {@code rules} null: no rules, the order as asked. {@code lastPrice}: the guardian's last price, may be null. */
  public static Outcome check(Order order, InstrumentRules rules, BigDecimal lastPrice) {
    if (rules == null || order.isCombo()) return new Outcome(order, null);
    String unusable = unusable(rules);
    if (unusable != null) {
      return deny(order, DenialReason.INSTRUMENT_RULES, "the rules of " + rules.venueSymbol() + " are unusable: " + unusable);
    }
    BigDecimal qty = floorTo(order.quantity(), rules.lotSize());
    if (qty.signum() <= 0) {
      return deny(order, DenialReason.BELOW_MIN_QUANTITY, "quantity " + plain(order.quantity()) + " rounds down to 0 at lot size "
          + plain(rules.lotSize()) + " (" + rules.venueSymbol() + ")");
    }
    if (rules.minQuantity() != null && qty.compareTo(rules.minQuantity()) < 0) {
      return deny(order, DenialReason.BELOW_MIN_QUANTITY, "quantity " + plain(qty) + (qty.compareTo(order.quantity()) == 0 ? ""
          : " (" + plain(order.quantity()) + " rounded down to the lot " + plain(rules.lotSize()) + ")") + " < min quantity "
          + plain(rules.minQuantity()) + " (" + rules.venueSymbol() + ")");
    }
    BigDecimal limit = order.limitPrice() == null ? null : toTick(order.limitPrice(), rules.tickSize(), order.side());
    BigDecimal stop = order.stopPrice() == null ? null : toTick(order.stopPrice(), rules.tickSize(), order.side());
    if ((limit != null && limit.signum() <= 0) || (stop != null && stop.signum() <= 0)) {
      return deny(order, DenialReason.INSTRUMENT_RULES, "the price rounds to 0 at tick size " + plain(rules.tickSize())
          + " (" + rules.venueSymbol() + ")");
    }
    BigDecimal price = limit != null ? limit : stop != null ? stop : lastPrice;
    if (rules.minNotional() != null && price != null) {
      BigDecimal notional = qty.multiply(price);
      if (notional.compareTo(rules.minNotional()) < 0) {
        return deny(order, DenialReason.BELOW_MIN_NOTIONAL, "notional " + plain(qty) + " x " + plain(price) + " = "
            + plain(notional) + " < min notional " + plain(rules.minNotional()) + " (" + rules.venueSymbol() + ")");
      }
    }
    if (qty.compareTo(order.quantity()) == 0 && same(limit, order.limitPrice()) && same(stop, order.stopPrice())) {
      return new Outcome(order, null); // unchanged: the very same record, so a repeated request signs the same order
    }
    return new Outcome(new Order(order.clientOrderId(), order.venue(), order.symbol(), order.side(), order.type(), qty,
        limit, stop, order.timeInForce(), order.reduceOnly(), order.legs()), null);
  }

  /** Down to a whole number of {@code step}s (null or zero: unchanged), without trailing zeros beyond the step's scale. */
  static BigDecimal floorTo(BigDecimal value, BigDecimal step) {
    if (step == null || step.signum() == 0) return value;
    return tidy(value.divide(step, 0, RoundingMode.DOWN).multiply(step));
  }

  /** To a whole number of ticks, in the side's safe direction: a buy down, a sell up. */
  static BigDecimal toTick(BigDecimal price, BigDecimal tick, Side side) {
    if (tick == null || tick.signum() == 0) return price;
    RoundingMode mode = side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING;
    return tidy(price.divide(tick, 0, mode).multiply(tick));
  }

  /** No trailing zeros, never a negative scale (100, not 1E+2): what the venue is sent and the signature covers. */
  private static BigDecimal tidy(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private static String unusable(InstrumentRules r) {
    if (r.lotSize() != null && r.lotSize().signum() < 0) return "lot size " + plain(r.lotSize()) + " < 0";
    if (r.tickSize() != null && r.tickSize().signum() < 0) return "tick size " + plain(r.tickSize()) + " < 0";
    if (r.minQuantity() != null && r.minQuantity().signum() < 0) return "min quantity " + plain(r.minQuantity()) + " < 0";
    if (r.minNotional() != null && r.minNotional().signum() < 0) return "min notional " + plain(r.minNotional()) + " < 0";
    return null;
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  private static Outcome deny(Order order, DenialReason reason, String detail) {
    return new Outcome(order, RiskDenial.of(reason, detail));
  }

  private static String plain(BigDecimal v) {
    return v == null ? "none" : v.stripTrailingZeros().toPlainString();
  }
}
