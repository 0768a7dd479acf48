package io.dorado.actors.orderpath.bot;

import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.BiFunction;

/**
 * Which order a protective stop rests as, per venue: a reduce-only STOP where the venue's adapter rests one ({@link
 * VenueCapabilities#stop}), else a reduce-only STOP_LIMIT whose limit is {@code stopLimitOffset} (a fraction: 0.005 is
 * 0.5 %) beyond the stop on the exit's side (a sell's limit below its stop, a buy's above), so a gap through the stop
 * still fills within that offset ({@code dorado.bot.stop-limit-offset}). Targets are LIMIT orders, except where the
 * venue's adapter sends a native OCO ({@link VenueCapabilities#oco}, Binance spot): there a trade with both a stop
 * and a target rests them as ONE reduce-only {@code OCO} order (its limit the target, its stop the stop). Where the
 * venue has no OCO and each open exit holds the balance it would sell ({@link VenueCapabilities#targetVirtual}, Kraken
 * spot, Alpaca crypto), a trade with a stop rests the stop alone and keeps its target virtual (position management
 * closes on it); so too where the venue has an OCO but rejected it and the stop goes apart (Binance spot).
 *
 * <p>A stop's price is on the instrument's tick where its tick size is known ({@code ticks}): rounded away from the
 * market, a long's (sell) stop down, a short's (buy) stop up ({@link StopMoves#onTick}), so a trailed or moved stop is
 * one the venue takes and a move within a tick changes nothing.
 *
 * @param capabilities venue id, symbol → what that venue's adapter rests (the fleet's from its venue accounts)
 * @param ticks venue id, symbol → the instrument's tick size, or null when not known (then the price is left as asked)
 */
public record ProtectionStyle(BiFunction<String, String, VenueCapabilities> capabilities, BigDecimal stopLimitOffset,
    BiFunction<String, String, BigDecimal> ticks) {

  public static final BigDecimal DEFAULT_STOP_LIMIT_OFFSET = new BigDecimal("0.005");

  /**
   * A venue no capabilities were given for (the test doubles'): it rests STOP orders, and the stop and the target
   * apart (no native OCO: the guardian's one-cancels-other holds them); the fleet gives its venue accounts' own.
   */
  static final VenueCapabilities UNNAMED_VENUE = new VenueCapabilities(true, true, true, false);

  public ProtectionStyle {
    capabilities = capabilities == null ? (venue, symbol) -> UNNAMED_VENUE : capabilities;
    stopLimitOffset = stopLimitOffset == null ? DEFAULT_STOP_LIMIT_OFFSET : stopLimitOffset;
    ticks = ticks == null ? (venue, symbol) -> null : ticks;
    if (stopLimitOffset.signum() < 0 || stopLimitOffset.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException("dorado.bot.stop-limit-offset must be in [0, 1), was " + stopLimitOffset);
    }
  }

  public ProtectionStyle(BiFunction<String, String, VenueCapabilities> capabilities, BigDecimal stopLimitOffset) {
    this(capabilities, stopLimitOffset, null);
  }

  /** The same, with the instruments' tick sizes (venue id, symbol → tick, null when unknown). */
  public ProtectionStyle withTicks(BiFunction<String, String, BigDecimal> value) {
    return new ProtectionStyle(capabilities, stopLimitOffset, value);
  }

  /** {@code stop} on the tick of {@code symbol} at {@code venue} for an exit on {@code exit}'s side (a long's exit sells). */
  BigDecimal stopOnTick(String venue, String symbol, Side exit, BigDecimal stop) {
    return StopMoves.onTick(stop, ticks.apply(venue, symbol), exit == Side.SELL);
  }

  /** Every venue rests STOP orders, the stop and the target apart (the default, and the test doubles'). */
  public static ProtectionStyle defaults() {
    return new ProtectionStyle(null, null);
  }

  /** The reduce-only, GTC stop order for {@code quantity} at {@code stop} on {@code venue}. */
  Order stopOrder(ClientOrderId id, String venue, String symbol, Side exit, BigDecimal quantity, BigDecimal stop) {
    stop = stopOnTick(venue, symbol, exit, stop);
    VenueCapabilities caps = capabilities.apply(venue, symbol);
    if (caps == null || caps.stop() || !caps.stopLimit()) {
      return new Order(id, venue, symbol, exit, OrderType.STOP, quantity, null, stop, TimeInForce.GTC, true);
    }
    return new Order(id, venue, symbol, exit, OrderType.STOP_LIMIT, quantity, limitFor(exit, stop), stop, TimeInForce.GTC,
        true);
  }

  /** Whether {@code venue} rests a stop and a target together as one native OCO ({@link VenueCapabilities#oco}). */
  boolean oco(String venue, String symbol) {
    VenueCapabilities caps = capabilities.apply(venue, symbol);
    return caps != null && caps.oco();
  }

  /**
   * Whether a target apart from its stop stays virtual at {@code venue}: each open exit there holds the balance it would
   * sell ({@link VenueCapabilities#exitsHoldBalance}). Where the venue has no OCO, always ({@link
   * VenueCapabilities#targetVirtual}); where it has one, when they go apart all the same (the venue rejected the OCO).
   */
  boolean targetVirtualApart(String venue, String symbol) {
    VenueCapabilities caps = capabilities.apply(venue, symbol);
    return caps != null && caps.exitsHoldBalance();
  }

  /** Whether {@code venue} moves the stop of a resting native OCO with its own amend ({@link VenueCapabilities#ocoStopAmend}). */
  boolean amendsOcoStop(String venue, String symbol) {
    VenueCapabilities caps = capabilities.apply(venue, symbol);
    return caps != null && caps.oco() && caps.ocoStopAmend();
  }

  /** The reduce-only, GTC OCO for {@code quantity}: the target as its limit, the stop as its stop. */
  Order ocoOrder(ClientOrderId id, String venue, String symbol, Side exit, BigDecimal quantity, BigDecimal stop,
      BigDecimal target) {
    return new Order(id, venue, symbol, exit, OrderType.OCO, quantity, target, stop, TimeInForce.GTC, true);
  }

  /** A STOP_LIMIT's limit: the stop moved by the offset against the exit, at the stop's decimals (rounded outward). */
  BigDecimal limitFor(Side exit, BigDecimal stop) {
    int scale = Math.max(0, stop.scale());
    return exit == Side.SELL
        ? stop.multiply(BigDecimal.ONE.subtract(stopLimitOffset)).setScale(scale, RoundingMode.DOWN)
        : stop.multiply(BigDecimal.ONE.add(stopLimitOffset)).setScale(scale, RoundingMode.UP);
  }
}
