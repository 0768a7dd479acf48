package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.limit;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper venue's book holds its live orders and a retention period's settled ones: a settled order
 * answers repeats and queries for that long, then is forgotten; a live order is never forgotten; a quote
 * touches only its symbol's live orders, in client order id order.
 */
class PaperVenueBookTest {
  private static final Duration RETENTION = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(T0);
  private final PaperVenue paper = new PaperVenue(
      new PaperMatchingEngine.Settings(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null), clock, RETENTION);
  private final List<OrderReport> pushed = new ArrayList<>();

  PaperVenueBookTest() {
    paper.connect(pushed::add);
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d("99"), d("101"), T0));
  }

  private OrderStatus statusOf(Order o) {
    return paper.query(o.clientOrderId()).toCompletableFuture().join().status();
  }

  @Test
  void aSettledOrderIsRememberedForTheRetentionThenForgottenWhileALiveOneStays() {
    Order resting = limit(1, Side.BUY, "1", "50"); // far below the market: rests
    Order filled = market(2, Side.BUY, "1");
    paper.place(resting);
    paper.place(filled);
    assertEquals(OrderStatus.FILLED, statusOf(filled));
    assertEquals(OrderStatus.FILLED, paper.place(filled).toCompletableFuture().join() instanceof OrderReport.Status s
        ? s.status() : null, "a repeat is answered with its status, not filled again");

    clock.advance(RETENTION.minusMinutes(1));
    paper.place(market(3, Side.BUY, "1")); // settles: the book looks for what is due to go
    assertEquals(OrderStatus.FILLED, statusOf(filled), "still within the retention");

    clock.advance(Duration.ofMinutes(2));
    paper.place(market(4, Side.BUY, "1"));
    assertEquals(OrderStatus.UNKNOWN, statusOf(filled), "forgotten");
    assertEquals(OrderStatus.WORKING, statusOf(resting), "a live order is never forgotten");
    assertEquals(3, paper.remembered(), "the resting order, and the two settled within the retention");

    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d("49"), d("50"), clock.instant()));
    assertEquals(OrderStatus.FILLED, statusOf(resting), "and it still fills");
  }

  @Test
  void overManyOrdersTheBookHoldsOneRetentionPeriodOfThem() {
    int orders = 20_000;
    for (int i = 1; i <= orders; i++) {
      clock.advance(Duration.ofSeconds(10));
      paper.place(market(i, i % 2 == 0 ? Side.BUY : Side.SELL, "1"));
    }
    long filled = pushed.stream().filter(r -> r instanceof OrderReport.Filled f && f.complete()).count();
    assertEquals(orders, filled);
    int expected = (int) (RETENTION.toSeconds() / 10) + 1;
    assertTrue(paper.remembered() <= expected, () -> paper.remembered() + " orders remembered, expected ≤ " + expected);
  }

  @Test
  void aQuoteFillsItsSymbolsLiveOrdersInClientOrderIdOrderAndLeavesOtherSymbolsAlone() {
    Order first = limit(10, Side.BUY, "1", "60");
    Order second = limit(11, Side.BUY, "1", "60");
    Order otherSymbol = Order.limit(VenueFixtures.id(12), VenueFixtures.VENUE, "ETH-USD", Side.BUY, d("1"), d("60"));
    paper.place(second);
    paper.place(first);
    paper.place(otherSymbol);
    pushed.clear();
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d("59"), d("60"), clock.instant()));
    assertEquals(List.of(first.clientOrderId(), second.clientOrderId()), pushed.stream().map(OrderReport::clientOrderId).toList());
    assertEquals(OrderStatus.WORKING, statusOf(otherSymbol));
  }
}
