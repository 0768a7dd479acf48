package io.dorado.actors.strategy.manage;

import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management.Watch;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * Position management when the stop and target rest at the venue ({@code dorado.bot.protective-orders}): the venue's
 * orders close the position, so the manager never closes on a cross of a level that rests there (a market close on top
 * of a filling stop would close twice); it moves the venue's stop instead ({@code Bot.MoveStop}) when its trailing stop
 * or a break-even after a scaled exit tightens it. A level that does not rest (protection off, its order denied and
 * not yet placed again, or a target kept virtual beside the stop where both cannot rest, Kraken spot) is watched
 * virtually as before.
 *
 * @param stop the price of the newest stop still protecting at the venue (null: none rests)
 * @param target whether a target rests at the venue
 */
record VenueStops(BigDecimal stop, boolean target) {

  static final VenueStops NONE = new VenueStops(null, false);

  /** What rests at the venue for the bot in {@code state}, as its protective orders show. */
  static VenueStops of(BotState state) {
    if (state.data() == null) return NONE;
    var protecting = state.data().protecting();
    BigDecimal stop = protecting.stream().filter(ProtectiveOrder::hasStop)
        .max(Comparator.comparing(ProtectiveOrder::clientOrderId)).map(p -> p.order().stopPrice()).orElse(null);
    boolean target = protecting.stream().anyMatch(ProtectiveOrder::hasTarget);
    return new VenueStops(stop, target);
  }

  /**
   * True when {@code bar} crosses the watch's stop (or, not the stop, its target) and the venue's resting order at that
   * level (for a stop: at or beyond it) closes the position, so the manager does not.
   */
  boolean venueCloses(Watch w, Bar bar) {
    boolean isLong = w.side() == Side.BUY;
    boolean stopCrossed = w.stop() != null
        && (isLong ? bar.low().compareTo(w.stop()) <= 0 : bar.high().compareTo(w.stop()) >= 0);
    // The venue closes only at the stop resting there: a tighter watch stop it does not hold (a move still on its way,
    // or refused inside a native OCO) is the manager's to close on, the venue's stop staying the floor meanwhile.
    if (stopCrossed) return stop != null && (isLong ? bar.low().compareTo(stop) <= 0 : bar.high().compareTo(stop) >= 0);
    boolean targetCrossed = w.target() != null
        && (isLong ? bar.high().compareTo(w.target()) >= 0 : bar.low().compareTo(w.target()) <= 0);
    return targetCrossed && target;
  }

  /** The stop to move the venue's to: the watch's when it is tighter than the one resting, else null. */
  BigDecimal moveTo(Watch w) {
    if (stop == null || w.stop() == null) return null;
    return (w.side() == Side.BUY ? w.stop().compareTo(stop) > 0 : w.stop().compareTo(stop) < 0) ? w.stop() : null;
  }

  /** The watch with its stop at the venue's when that one is tighter (a move made before the manager restarted). */
  Watch adopt(Watch w) {
    if (stop == null || w.stop() == null) return w;
    boolean tighter = w.side() == Side.BUY ? stop.compareTo(w.stop()) > 0 : stop.compareTo(w.stop()) < 0;
    return tighter ? w.withStop(stop, w.best()) : w;
  }
}
