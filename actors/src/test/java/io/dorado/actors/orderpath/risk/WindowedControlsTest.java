package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.PriceCollarWindow;
import io.dorado.protocol.risk.RiskPolicy.VenueMessageLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The price collar over a window and the venue message limits, as pure functions of {@link RecentActivity}. */
class WindowedControlsTest {
  private static final WindowedControls CONTROLS = new WindowedControls(RiskPolicy.Orders.DEFAULT.withWindows(
      new PriceCollarWindow(d("2"), Duration.ofMinutes(5), 3), Map.of("paper", new VenueMessageLimit(2, 3))));

  private static RecentActivity marked(RecentActivity r, String price, Instant at) {
    return r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d(price)), at));
  }

  private static RecentActivity acked(RecentActivity r, Instant at) {
    Order o = Fixtures.market("m" + at.toEpochMilli(), "AAPL", Side.BUY, "1");
    return r.apply(new GuardianEvent.OrdersAcknowledged(List.of(new AcknowledgedOrder(o, "ack", "g", at,
        at.plusSeconds(30), "sig")), at));
  }

  private static Order stop(String bot, String price) {
    return new Order(Fixtures.id(bot), "paper", "AAPL", Side.SELL, OrderType.STOP, d("1"), null, d(price),
        TimeInForce.GTC, false);
  }

  @Test
  void a_limit_beyond_the_collar_around_the_windows_range_is_denied_with_its_numbers_within_it_passes() {
    var r = marked(marked(marked(RecentActivity.EMPTY, "100", T0), "101.5", T0.plusSeconds(1)), "102", T0.plusSeconds(2));
    Instant now = T0.plusSeconds(3);

    RiskDenial above = CONTROLS.collar(Fixtures.limit("b1", "AAPL", Side.BUY, "1", "105"), r, now).orElseThrow();
    assertEquals(DenialReason.PRICE_COLLAR_WINDOW, above.reason());
    assertEquals("limit 105 is 2.94% above the high of AAPL's 5m range 100..102 (3 marks) > collar 2%", above.detail());
    RiskDenial below = CONTROLS.collar(stop("b2", "97.9"), r, now).orElseThrow();
    assertEquals("stop 97.9 is 2.10% below the low of AAPL's 5m range 100..102 (3 marks) > collar 2%", below.detail());

    assertEquals(Optional.empty(), CONTROLS.collar(Fixtures.limit("b3", "AAPL", Side.BUY, "1", "104"), r, now), "1.96 %");
    assertEquals(Optional.empty(), CONTROLS.collar(stop("b4", "98"), r, now), "2.00 % is at the collar");
    assertEquals(Optional.empty(), CONTROLS.collar(Fixtures.market("b5", "AAPL", Side.BUY, "1"), r, now), "no price");
  }

  @Test
  void with_too_few_marks_in_the_window_there_is_no_reference_and_an_entry_is_refused_an_exit_passes() {
    var r = marked(marked(marked(RecentActivity.EMPTY, "100", T0), "101", T0.plusSeconds(1)), "102", T0.plusSeconds(2));
    Instant later = T0.plusSeconds(1).plus(Duration.ofMinutes(5)); // the first two marks left the window
    RiskDenial none = CONTROLS.collar(Fixtures.limit("b1", "AAPL", Side.BUY, "1", "102"), r, later).orElseThrow();
    assertEquals(DenialReason.PRICE_COLLAR_WINDOW, none.reason());
    assertEquals("no reference price for AAPL: 1 mark(s) within 5m < orders.price_collar_window.min_marks 3",
        none.detail());
    Order exit = new Order(Fixtures.id("b2"), "paper", "AAPL", Side.SELL, OrderType.LIMIT, d("1"), d("150"), null,
        TimeInForce.GTC, true);
    assertEquals(Optional.empty(), CONTROLS.collar(exit, r, later));
    assertEquals(Optional.empty(), new WindowedControls(RiskPolicy.Orders.DEFAULT)
        .collar(Fixtures.limit("b3", "AAPL", Side.BUY, "1", "500"), RecentActivity.EMPTY, later), "off by default");
  }

  @Test
  void marks_of_one_second_are_one_low_and_high_and_the_window_keeps_an_hour() {
    var r = marked(marked(RecentActivity.EMPTY, "100", T0), "103", T0.plusMillis(400));
    assertEquals(List.of(new RecentActivity.Second(T0, d("100"), d("103"), 2)), r.marks().get("AAPL"));
    r = marked(r, "101", T0.plus(Duration.ofMinutes(61)));
    assertEquals(1, r.marks().get("AAPL").size(), "older than an hour: dropped");
  }

  @Test
  void the_venues_orders_per_second_and_per_minute_are_limited_with_their_numbers() {
    var r = acked(acked(RecentActivity.EMPTY, T0), T0.plusMillis(500));
    Order next = Fixtures.market("n1", "AAPL", Side.BUY, "1");
    RiskDenial second = CONTROLS.venueMessages(next, r, T0.plusMillis(900)).orElseThrow();
    assertEquals(DenialReason.VENUE_MESSAGE_LIMIT, second.reason());
    assertEquals("venue paper: 2 orders acknowledged within the last 1s, this one would be 3"
        + " > orders.venue_message_limits.paper.per_second 2", second.detail());
    assertEquals(Optional.empty(), CONTROLS.venueMessages(next, r, T0.plusMillis(1000)), "the first left the second");

    r = acked(r, T0.plusSeconds(2));
    RiskDenial minute = CONTROLS.venueMessages(next, r, T0.plusSeconds(30)).orElseThrow();
    assertEquals("venue paper: 3 orders acknowledged within the last 1m, this one would be 4"
        + " > orders.venue_message_limits.paper.per_minute 3", minute.detail());
    assertEquals(Optional.empty(), CONTROLS.venueMessages(next, r, T0.plusSeconds(60)), "a minute later");
    Order elsewhere = new Order(Fixtures.id("n2"), "ibkr", "AAPL", Side.BUY, OrderType.MARKET, d("1"), null, null,
        TimeInForce.GTC, false);
    assertEquals(Optional.empty(), CONTROLS.venueMessages(elsewhere, r, T0.plusSeconds(30)), "a venue without limits");
    Order exit = Fixtures.reduceOnly("n3", "AAPL", Side.SELL, "1");
    assertTrue(CONTROLS.venueMessages(exit, r, T0.plusSeconds(30)).isPresent(), "exits count and are limited too");
  }
}
