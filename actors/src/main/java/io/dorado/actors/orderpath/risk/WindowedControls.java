package io.dorado.actors.orderpath.risk;

import static io.dorado.protocol.risk.DenialReason.PRICE_COLLAR_WINDOW;
import static io.dorado.protocol.risk.DenialReason.VENUE_MESSAGE_LIMIT;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-trade controls measured over a window, beside the per-order price band of {@link RiskEngine} and the per-bot
 * {@link ExecutionThrottle} (pure: the window is {@link RecentActivity}, time is passed in).
 *
 * <ul>
 *   <li>{@code orders.price_collar_window}: an order adding exposure whose limit or stop is more than {@code pct} %
 *       below the low or above the high of its symbol's marks over the window ({@code PRICE_COLLAR_WINDOW}); with fewer
 *       than {@code min_marks} marks in the window there is no reference and it is refused the same. The per-order
 *       band measures against the last price only: a price walked away from in small steps passes it, not this.
 *   <li>{@code orders.venue_message_limits}: the orders the guardian acknowledged for a venue within the last second
 *       and minute, against the venue's limits ({@code VENUE_MESSAGE_LIMIT}), every order, reduce-only too (the venue
 *       would refuse it). The execution throttle counts one bot's requests; this counts the venue's, whichever bots.
 * </ul>
 * Seconds are whole: a mark belongs to its second (the window's edge is a second's).
 */
public final class WindowedControls {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final RiskPolicy.Orders orders;

  public WindowedControls(RiskPolicy.Orders orders) {
    this.orders = orders;
  }

  /** PRICE_COLLAR_WINDOW for {@code order} at {@code now}, or nothing (the collar is off, an exit, a market order). */
  public Optional<RiskDenial> collar(Order order, RecentActivity recent, Instant now) {
    RiskPolicy.PriceCollarWindow c = orders.priceCollarWindow();
    if (c == null || order.reduceOnly() || order.isCombo()) return Optional.empty();
    if (order.limitPrice() == null && order.stopPrice() == null) return Optional.empty();
    String window = ExecutionThrottle.human(c.window());
    List<RecentActivity.Second> seconds = recent.marksAfter(order.symbol(), now.minus(c.window()));
    int marks = seconds.stream().mapToInt(RecentActivity.Second::count).sum();
    if (marks < c.minMarks()) {
      return Optional.of(RiskDenial.of(PRICE_COLLAR_WINDOW, "no reference price for " + order.symbol() + ": " + marks
          + " mark(s) within " + window + " < orders.price_collar_window.min_marks " + c.minMarks()));
    }
    BigDecimal low = seconds.stream().map(RecentActivity.Second::low).reduce(BigDecimal::min).orElseThrow();
    BigDecimal high = seconds.stream().map(RecentActivity.Second::high).reduce(BigDecimal::max).orElseThrow();
    for (BigDecimal px : new BigDecimal[] {order.limitPrice(), order.stopPrice()}) {
      if (px == null) continue;
      String what = px == order.limitPrice() ? "limit " : "stop ";
      String range = " of " + order.symbol() + "'s " + window + " range " + plain(low) + ".." + plain(high) + " ("
          + marks + " marks) > collar " + plain(c.pct()) + "%";
      if (px.compareTo(low) < 0 && pctFrom(px, low).compareTo(c.pct()) > 0) {
        return Optional.of(RiskDenial.of(PRICE_COLLAR_WINDOW, what + plain(px) + " is " + pctFrom(px, low)
            .setScale(2, RoundingMode.HALF_UP).toPlainString() + "% below the low" + range));
      }
      if (px.compareTo(high) > 0 && pctFrom(px, high).compareTo(c.pct()) > 0) {
        return Optional.of(RiskDenial.of(PRICE_COLLAR_WINDOW, what + plain(px) + " is " + pctFrom(px, high)
            .setScale(2, RoundingMode.HALF_UP).toPlainString() + "% above the high" + range));
      }
    }
    return Optional.empty();
  }

  /** VENUE_MESSAGE_LIMIT when acknowledging {@code order} now would pass its venue's limit, or nothing. */
  public Optional<RiskDenial> venueMessages(Order order, RecentActivity recent, Instant now) {
    RiskPolicy.VenueMessageLimit limit = orders.venueMessageLimits().get(order.venue());
    if (limit == null) return Optional.empty();
    for (var per : Map.of(Duration.ofSeconds(1), limit.perSecond() == null ? 0 : limit.perSecond(),
        Duration.ofMinutes(1), limit.perMinute() == null ? 0 : limit.perMinute()).entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).toList()) {
      if (per.getValue() == 0) continue;
      int sent = recent.acksAfter(order.venue(), now.minus(per.getKey()));
      if (sent >= per.getValue()) {
        String field = per.getKey().getSeconds() == 1 ? "per_second" : "per_minute";
        return Optional.of(RiskDenial.of(VENUE_MESSAGE_LIMIT, "venue " + order.venue() + ": " + sent + " orders"
            + " acknowledged within the last " + ExecutionThrottle.human(per.getKey()) + ", this one would be "
            + (sent + 1) + " > orders.venue_message_limits." + order.venue() + "." + field + " " + per.getValue()));
      }
    }
    return Optional.empty();
  }

  private static BigDecimal pctFrom(BigDecimal px, BigDecimal ref) {
    return px.subtract(ref).abs().multiply(HUNDRED).divide(ref, MathContext.DECIMAL64);
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
