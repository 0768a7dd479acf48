package io.dorado.actors.strategy.scan;

import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.Underlying;
import java.time.Instant;

/**
 * Whether the underlying's market is in session when a scan would open a position (the session gate). Judged on
 * the node's clock for a live scan of a real-time source, by the underlying's {@link TradingCalendar}. Not judged for
 * a replay (its bars are another year's market, played faster than the clock: the node's hour says nothing about
 * them) nor for an offline scan over stored history. Only entries are gated: exits never wait for the calendar.
 *
 * @param judged whether the session was checked
 * @param open whether the market is in session (true when not judged)
 * @param reason what the calendar says, in words
 */
public record MarketSession(boolean judged, boolean open, String reason) {

  /** Not judged, and why. */
  public static MarketSession notJudged(String why) {
    return new MarketSession(false, true, why);
  }

  /** Stored history, no clock: the session is not judged. */
  public static final MarketSession OFFLINE = notJudged("stored history: the session is not judged");

  /**
   * @param arrival when the newest bar arrived and the source's speed (null in a live scan: the source is taken as
   *     real-time); {@code live} false: an offline scan
   */
  public static MarketSession judge(Underlying u, boolean live, DataQuality.Arrival arrival, Instant now) {
    if (!live) return OFFLINE;
    if (arrival != null && arrival.speed() != 1) {
      return notJudged(u.symbol() + ": replay at speed " + DataQuality.trim(arrival.speed())
          + ", its session is not the node clock's; " + u.calendar() + " not judged");
    }
    TradingCalendar calendar = u.tradingCalendar();
    return new MarketSession(true, calendar.isOpen(now), u.symbol() + ": " + calendar.describe(now));
  }
}
