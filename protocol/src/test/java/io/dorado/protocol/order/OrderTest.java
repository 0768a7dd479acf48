package io.dorado.protocol.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderTest {
  private static final ClientOrderId ID = ClientOrderId.of("spy-ic-01", 12);

  @Test
  void theClientOrderIdIsTheBotIdAndSequenceAndParsesBack() {
    assertEquals("spy-ic-01-12", ID.value());
    assertEquals(ID, ClientOrderId.parse("spy-ic-01-12"));
  }

  @Test
  void aMalformedClientOrderIdIsRefusedWithTheExpectedShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> ClientOrderId.parse("no-sequence-x"));
    assertTrue(e.getMessage().contains("sequence"), e.getMessage());
  }

  @Test
  void aLimitOrderNeedsALimitPrice() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Order(ID, "paper", "SPY", Side.BUY, OrderType.LIMIT, BigDecimal.ONE, null, null, null, false));
    assertTrue(e.getMessage().contains("limit_price"), e.getMessage());
  }

  @Test
  void aMarketOrderTakesNoPricesAndDefaultsToDay() {
    assertThrows(IllegalArgumentException.class,
        () -> new Order(ID, "paper", "SPY", Side.BUY, OrderType.MARKET, BigDecimal.ONE, BigDecimal.TEN, null, null, false));
    assertEquals(TimeInForce.DAY, Order.market(ID, "paper", "SPY", Side.BUY, BigDecimal.ONE, false).timeInForce());
  }

  @Test
  void aNonPositiveQuantityIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Order.market(ID, "paper", "SPY", Side.BUY, BigDecimal.ZERO, false));
  }
}
