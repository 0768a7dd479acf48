package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.VENUE;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.id;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper venue rests a trade's protection as a venue does: a reduce-only stop and a reduce-only limit target
 * for the whole position both rest, the one the market reaches first fills, and the other is cancelled when it
 * would fill (reduce-only: nothing left to reduce), so together they never close more than the position.
 */
class PaperReduceOnlyTest {
  private final PaperVenue paper = new PaperVenue(
      new PaperMatchingEngine.Settings(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null));
  private final List<OrderReport> pushed = new ArrayList<>();

  PaperReduceOnlyTest() {
    paper.connect(pushed::add);
    price("99", "101");
  }

  private void price(String bid, String ask) {
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d(bid), d(ask), T0));
  }

  private static Order reduceOnly(long seq, OrderType type, String qty, String limit, String stop) {
    return new Order(id(seq), VENUE, "BTC-USD", Side.SELL, type, d(qty), limit == null ? null : d(limit),
        stop == null ? null : d(stop), TimeInForce.GTC, true);
  }

  private OrderReport.Status status(Order o) {
    return paper.query(o.clientOrderId()).toCompletableFuture().join();
  }

  @Test
  void aStopAndATargetForTheWholePositionNeverCloseMoreThanIt() {
    paper.place(market(1, Side.BUY, "2")); // long 2 at 101
    Order stop = reduceOnly(2, OrderType.STOP, "2", null, "95");
    Order target = reduceOnly(3, OrderType.LIMIT, "2", "110", null);
    paper.place(stop);
    paper.place(target);
    assertEquals(OrderStatus.WORKING, status(stop).status());
    assertEquals(OrderStatus.WORKING, status(target).status());

    price("94", "96"); // through the stop: it fills the whole position
    assertEquals(OrderStatus.FILLED, status(stop).status());
    assertEquals(0, d("94").compareTo(status(stop).fills().get(0).price()));

    price("111", "112"); // the target is touched, but there is nothing left to reduce
    OrderReport.Status t = status(target);
    assertEquals(OrderStatus.CANCELLED, t.status());
    assertEquals(0, t.filledQuantity().signum());
    assertTrue(t.reason().startsWith("reduce-only: no position left to reduce"), t.reason());
    assertTrue(pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled c && c.clientOrderId().equals(target.clientOrderId())),
        "the cancel is pushed like any report");
  }

  @Test
  void aReduceOnlyExitLargerThanWhatIsLeftFillsWhatIsLeftAndTheRestIsCancelled() {
    paper.place(market(1, Side.BUY, "2"));
    Order stop = reduceOnly(2, OrderType.STOP, "2", null, "95");
    paper.place(stop);
    paper.place(reduceOnly(3, OrderType.MARKET, "1", null, null)); // a scaled exit of half
    price("94", "96");
    OrderReport.Status s = status(stop);
    assertEquals(OrderStatus.CANCELLED, s.status());
    assertEquals(0, d("1").compareTo(s.filledQuantity()), "the stop filled the 1 left, not its 2");
  }

  @Test
  void aBotThisVenueNeverFilledIsNotHeldToAPositionItCannotKnow() {
    Order exit = reduceOnly(5, OrderType.MARKET, "1", null, null); // e.g. a fresh paper venue after a crash
    paper.place(exit);
    assertEquals(OrderStatus.FILLED, status(exit).status());
  }
}
