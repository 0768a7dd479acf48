package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.limit;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static io.dorado.actors.orderpath.venue.VenueFixtures.quote;
import static io.dorado.actors.orderpath.venue.VenueFixtures.stop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.PaperMatchingEngine.Match;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.PaperOrder;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.Settings;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PaperMatchingEngineTest {

  private static final Settings FRICTION = new Settings(d("5"), d("10"), d("0.01"), null);

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
  }

  @Test
  void aMarketBuyPaysTheAskPlusSlippageAndCommissionOnNotionalAndPerUnit() {
    var engine = new PaperMatchingEngine(FRICTION);
    Match m = engine.match(PaperOrder.working(market(1, Side.BUY, "2")), quote("100.00", "100.10", T0));

    Fill fill = m.fill().orElseThrow();
    assertDecimal("100.15005", fill.price()); // 100.10 × 1.0005
    assertDecimal("0.2203001", fill.commission()); // 2 × 100.15005 × 0.0010 + 2 × 0.01
    assertDecimal("2", fill.quantity());
    assertEquals("bot-a-1-f1", fill.fillId());
    assertEquals(T0, fill.at());
    assertEquals(OrderStatus.FILLED, m.order().status());
  }

  @Test
  void aMarketSellReceivesTheBidMinusSlippage() {
    var engine = new PaperMatchingEngine(FRICTION);
    Fill fill = engine.match(PaperOrder.working(market(1, Side.SELL, "1")), quote("100.00", "100.10", T0))
        .fill().orElseThrow();
    assertDecimal("99.95", fill.price());
    assertDecimal("0.10995", fill.commission()); // 99.95 × 0.0010 + 0.01
  }

  @Test
  void aLimitBuyRestsUntilTheAskTouchesItsLimitAndNeverPaysMore() {
    var engine = new PaperMatchingEngine(new Settings(d("50"), BigDecimal.ZERO, BigDecimal.ZERO, null));
    PaperOrder order = PaperOrder.working(limit(1, Side.BUY, "1", "99.00"));

    Match above = engine.match(order, quote("99.90", "100.00", T0));
    assertTrue(above.fill().isEmpty());
    assertEquals(OrderStatus.WORKING, above.order().status());

    Match touched = engine.match(above.order(), quote("98.90", "99.00", T0.plusSeconds(1)));
    assertDecimal("99.00", touched.fill().orElseThrow().price()); // 99.00 × 1.005 capped at the limit
    assertEquals(OrderStatus.FILLED, touched.order().status());
  }

  @Test
  void aLimitSellFillsAtTheBetterMarketWhenTheBidIsAboveTheLimit() {
    var engine = new PaperMatchingEngine(Settings.FRICTIONLESS);
    Fill fill = engine.match(PaperOrder.working(limit(1, Side.SELL, "1", "100")), quote("101.5", "101.6", T0))
        .fill().orElseThrow();
    assertDecimal("101.5", fill.price());
  }

  @Test
  void aSellStopWaitsForTheBidToReachTheStopThenFillsAsAMarketOrder() {
    var engine = new PaperMatchingEngine(new Settings(d("10"), BigDecimal.ZERO, BigDecimal.ZERO, null));
    PaperOrder order = PaperOrder.working(stop(1, Side.SELL, "1", "95"));

    Match before = engine.match(order, quote("96", "96.1", T0));
    assertTrue(before.fill().isEmpty());
    assertFalse(before.order().triggered());

    Match triggered = engine.match(before.order(), quote("94.50", "94.60", T0));
    assertDecimal("94.4055", triggered.fill().orElseThrow().price()); // 94.50 × 0.999
  }

  @Test
  void aLargeOrderFillsInPartsOfAtMostTheMaxFillQuantityPerQuote() {
    var engine = new PaperMatchingEngine(new Settings(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, d("0.4")));
    PaperOrder order = PaperOrder.working(market(7, Side.BUY, "1"));

    Match first = engine.match(order, quote("100", "100", T0));
    Match second = engine.match(first.order(), quote("101", "101", T0.plusSeconds(1)));
    Match third = engine.match(second.order(), quote("102", "102", T0.plusSeconds(2)));

    assertDecimal("0.4", first.fill().orElseThrow().quantity());
    assertEquals(OrderStatus.PARTIALLY_FILLED, first.order().status());
    assertDecimal("0.4", second.fill().orElseThrow().quantity());
    assertDecimal("0.2", third.fill().orElseThrow().quantity());
    assertEquals(OrderStatus.FILLED, third.order().status());
    assertEquals("bot-a-7-f3", third.fill().orElseThrow().fillId());
    assertDecimal("1", third.order().filledQuantity());
    assertTrue(engine.match(third.order(), quote("103", "103", T0)).fill().isEmpty());
  }

  @Test
  void aQuoteOfAnotherSymbolFillsNothing() {
    var engine = new PaperMatchingEngine(Settings.FRICTIONLESS);
    var other = new io.dorado.protocol.venue.Venue.MarketPrice("ETH-USD", d("1"), d("1"), T0);
    assertTrue(engine.match(PaperOrder.working(market(1, Side.BUY, "1")), other).fill().isEmpty());
  }
}
