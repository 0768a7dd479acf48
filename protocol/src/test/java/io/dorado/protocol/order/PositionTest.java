package io.dorado.protocol.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PositionTest {
  private int n;

  private Fill fill(Side side, String qty, String price, String commission) {
    n++;
    return new Fill("f" + n, ClientOrderId.of("b", n), "BTC", side, new BigDecimal(qty), new BigDecimal(price),
        new BigDecimal(commission), Instant.EPOCH);
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual);
  }

  @Test
  void aLongRoundTripRealizesThePriceDifferenceLessCommissionsToTheCent() {
    Position p = Position.flat("BTC")
        .apply(fill(Side.BUY, "0.5", "40000.00", "2.00"))
        .apply(fill(Side.BUY, "0.5", "42000.00", "2.10"))
        .apply(fill(Side.SELL, "1.0", "43000.00", "4.30"));
    assertTrue(p.isFlat());
    // bought 1.0 at avg 41000, sold at 43000: +2000, commissions 8.40
    assertDecimal("1991.60", p.realizedPnl());
  }

  @Test
  void aShortGainsWhenThePriceFalls() {
    Position p = Position.flat("BTC").apply(fill(Side.SELL, "2", "100", "0")).apply(fill(Side.BUY, "2", "90", "0"));
    assertDecimal("20", p.realizedPnl());
    assertTrue(p.isFlat());
  }

  @Test
  void aPartialCloseKeepsTheAveragePriceAndRealizesOnlyTheClosedPart() {
    Position p = Position.flat("BTC").apply(fill(Side.BUY, "3", "100", "0")).apply(fill(Side.SELL, "1", "110", "0"));
    assertDecimal("2", p.quantity());
    assertDecimal("100", p.averagePrice());
    assertDecimal("10", p.realizedPnl());
    assertDecimal("20", p.unrealizedPnl(new BigDecimal("110")));
  }

  @Test
  void aFillBeyondTheOpenQuantityFlipsThePositionAtTheFillPrice() {
    Position p = Position.flat("BTC").apply(fill(Side.BUY, "1", "100", "0")).apply(fill(Side.SELL, "3", "105", "0"));
    assertDecimal("-2", p.quantity());
    assertDecimal("105", p.averagePrice());
    assertDecimal("5", p.realizedPnl());
  }
}
