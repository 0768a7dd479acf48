package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.id;
import static io.dorado.actors.orderpath.venue.VenueFixtures.limit;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The paper venue as a venue account: its listings (open orders, executions since a cursor), and balances and
 * instrument rules that it enforces only when configured, so the fleet's default paper venue behaves as before.
 */
class PaperVenueAccountTest {
  private final PaperVenue paper =
      new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS, new MutableClock(T0), Duration.ofDays(1));
  private final List<OrderReport> pushed = new ArrayList<>();

  PaperVenueAccountTest() {
    paper.connect(pushed::add);
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d("99"), d("101"), T0));
  }

  private OrderReport place(io.dorado.protocol.order.Order order) {
    return paper.place(order).toCompletableFuture().join();
  }

  @Test
  void unconfiguredItAcceptsAnyQuantityAtAnyPriceAndReportsNoAccount() {
    assertInstanceOf(OrderReport.Accepted.class, place(limit(1, Side.BUY, "0.0000001", "50.0000001")));
    assertInstanceOf(OrderReport.Accepted.class, place(market(2, Side.BUY, "1000000")));
    var failure = assertThrows(CompletionException.class, () -> paper.account().toCompletableFuture().join());
    assertInstanceOf(UnsupportedOperationException.class, failure.getCause());
  }

  @Test
  void configuredRulesAndBalancesAreEnforcedOnPlacementWithTheVenuesReasons() {
    paper.instrument(new InstrumentRules("BTC-USD", null, d("0.5"), d("0.1"), d("0.1"), d("20")), "BTC", "USD");
    paper.balance("USD", d("1000"));
    assertTrue(rejection(limit(1, Side.BUY, "1", "50.25")).contains("PRICE_FILTER"));
    assertTrue(rejection(limit(2, Side.BUY, "1.05", "50")).contains("LOT_SIZE"));
    assertTrue(rejection(limit(3, Side.BUY, "0.2", "50")).contains("NOTIONAL"));
    assertTrue(rejection(limit(4, Side.BUY, "30", "50")).contains("insufficient balance")); // 1,500 > 1,000
    assertTrue(rejection(limit(5, Side.SELL, "1", "150")).contains("insufficient balance")); // no BTC
    assertInstanceOf(OrderReport.Accepted.class, place(limit(6, Side.BUY, "10", "50"))); // 500 reserved
    assertTrue(rejection(limit(7, Side.BUY, "12", "50")).contains("insufficient balance"), "600 > 500 left free");
    assertInstanceOf(OrderReport.Status.class, place(limit(1, Side.BUY, "1", "50.25")), "a repeat answers its status");

    place(market(8, Side.BUY, "1")); // fills at 101: USD 899, BTC 1
    var account = paper.account().toCompletableFuture().join();
    assertEquals(0, d("899").compareTo(account.balances().get("USD")));
    assertEquals(0, d("1").compareTo(account.balances().get("BTC")));
    assertEquals(0, d("399").compareTo(account.buyingPower()), "cash less what the resting buy holds");
  }

  private String rejection(io.dorado.protocol.order.Order order) {
    return assertInstanceOf(OrderReport.Rejected.class, place(order)).reason();
  }

  @Test
  void executionsAreListedSinceACursorAndAnExternalOrderIsListedButNeverPushed() {
    place(market(1, Side.BUY, "1"));
    ExecutionPage first = paper.executionsSince(null).toCompletableFuture().join();
    assertEquals(1, first.executions().size());
    assertEquals(id(1), first.executions().get(0).clientOrderId());

    var external = paper.placeExternal("BTC-USD", Side.SELL, d("2"), d("120"));
    assertTrue(external.isExternal());
    place(limit(2, Side.BUY, "1", "50"));
    var open = paper.openOrders().toCompletableFuture().join();
    assertEquals(2, open.size());
    assertEquals(1, open.stream().filter(o -> o.isExternal()).count());

    int before = pushed.size();
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d("125"), d("126"), T0)); // the external sell fills
    assertEquals(before, pushed.size(), "an external order's fill was pushed as if it were ours");
    ExecutionPage next = paper.executionsSince(first.cursor()).toCompletableFuture().join();
    assertEquals(1, next.executions().size());
    assertNull(next.executions().get(0).clientOrderId());
    assertEquals(external.venueOrderId(), next.executions().get(0).venueOrderId());
    assertTrue(paper.executionsSince(next.cursor()).toCompletableFuture().join().executions().isEmpty());
  }
}
