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

  @Test
  void onlyARestingReduceOnlyExitAmendsAnotherOrderOfItsBot() {
    Order stop = new Order(ClientOrderId.of("bot-a", 3), "paper", "BTC", Side.SELL, OrderType.STOP, BigDecimal.ONE, null,
        new BigDecimal("100"), TimeInForce.GTC, true);
    assertEquals(ClientOrderId.of("bot-a", 2), stop.replacing(ClientOrderId.of("bot-a", 2)).replaces());
    assertThrows(IllegalArgumentException.class, () -> stop.replacing(ClientOrderId.of("bot-b", 2)), "another bot's");
    assertThrows(IllegalArgumentException.class, () -> stop.replacing(stop.clientOrderId()), "itself");
    Order entry = Order.limit(ClientOrderId.of("bot-a", 4), "paper", "BTC", Side.BUY, BigDecimal.ONE, BigDecimal.TEN);
    assertThrows(IllegalArgumentException.class, () -> entry.replacing(ClientOrderId.of("bot-a", 1)), "an entry");
  }
}
