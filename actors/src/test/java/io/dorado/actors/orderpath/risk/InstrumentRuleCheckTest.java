package io.dorado.actors.orderpath.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.venue.InstrumentRules;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstrumentRuleCheckTest {
  /** Binance BTCUSDT-like filters: PRICE_FILTER tickSize 0.01, LOT_SIZE stepSize 0.00001 minQty 0.00001, NOTIONAL 5. */
  static final InstrumentRules BTCUSDT = new InstrumentRules("BTC", "BTCUSDT", new BigDecimal("0.01"),
      new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5"));

  private static Order limit(Side side, String qty, String price) {
    return new Order(ClientOrderId.of("b1", 1), "binance", "BTC", side, OrderType.LIMIT, new BigDecimal(qty),
        new BigDecimal(price), null, TimeInForce.GTC, false);
  }

  private static Order stop(Side side, String qty, String stop) {
    return new Order(ClientOrderId.of("b1", 2), "binance", "BTC", side, OrderType.STOP, new BigDecimal(qty), null,
        new BigDecimal(stop), TimeInForce.GTC, true);
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  @Test
  void the_quantity_is_rounded_down_to_the_lot_and_a_buy_limit_down_to_the_tick() {
    var out = InstrumentRuleCheck.check(limit(Side.BUY, "0.123456789", "42000.129"), BTCUSDT, null);
    assertNull(out.denial());
    assertEquals(0, d("0.12345").compareTo(out.order().quantity()), out.order().quantity().toPlainString());
    assertEquals(0, d("42000.12").compareTo(out.order().limitPrice()));
  }

  @Test
  void a_sell_limit_is_rounded_up_so_it_never_sells_for_less_than_asked() {
    var out = InstrumentRuleCheck.check(limit(Side.SELL, "0.5", "42000.121"), BTCUSDT, null);
    assertEquals(0, d("42000.13").compareTo(out.order().limitPrice()));
    assertEquals(0, d("0.5").compareTo(out.order().quantity()));
  }

  @Test
  void a_protective_stop_is_rounded_toward_the_market_so_it_fires_no_later_than_asked() {
    assertEquals(0, d("41000.01").compareTo(InstrumentRuleCheck.check(stop(Side.SELL, "0.5", "41000.001"), BTCUSDT, null)
        .order().stopPrice()));
    assertEquals(0, d("43000.00").compareTo(InstrumentRuleCheck.check(stop(Side.BUY, "0.5", "43000.009"), BTCUSDT, null)
        .order().stopPrice()));
  }

  @Test
  void an_order_already_on_the_grid_comes_back_as_the_very_same_record() {
    Order o = limit(Side.BUY, "0.5", "42000.12");
    assertSame(o, InstrumentRuleCheck.check(o, BTCUSDT, null).order());
  }

  @Test
  void a_quantity_that_rounds_to_nothing_or_below_the_minimum_is_denied_below_min_quantity() {
    var zero = InstrumentRuleCheck.check(limit(Side.BUY, "0.000009", "42000"), BTCUSDT, null);
    assertEquals(DenialReason.BELOW_MIN_QUANTITY, zero.denial().reason());
    var rules = new InstrumentRules("BTC", "XBT/USD", d("0.1"), d("0.00000001"), d("0.0001"), null);
    var small = InstrumentRuleCheck.check(limit(Side.BUY, "0.00005", "42000"), rules, null);
    assertEquals(DenialReason.BELOW_MIN_QUANTITY, small.denial().reason());
    assertEquals("quantity 0.00005 < min quantity 0.0001 (XBT/USD)", small.denial().detail());
  }

  @Test
  void below_the_minimum_notional_is_denied_and_a_market_order_is_priced_at_the_last_price() {
    var limitDenied = InstrumentRuleCheck.check(limit(Side.BUY, "0.0001", "42000"), BTCUSDT, null);
    assertEquals(DenialReason.BELOW_MIN_NOTIONAL, limitDenied.denial().reason());
    assertEquals("notional 0.0001 x 42000 = 4.2 < min notional 5 (BTCUSDT)", limitDenied.denial().detail());
    Order market = Order.market(ClientOrderId.of("b1", 3), "binance", "BTC", Side.BUY, d("0.0001"), false);
    assertEquals(DenialReason.BELOW_MIN_NOTIONAL, InstrumentRuleCheck.check(market, BTCUSDT, d("42000")).denial().reason());
    assertNull(InstrumentRuleCheck.check(market, BTCUSDT, d("60000")).denial());
  }

  @Test
  void a_venue_that_requires_rules_but_never_reported_them_is_denied_instrument_rules() {
    var book = InstrumentRuleBook.requiring(Set.of("binance"));
    var out = book.check(limit(Side.BUY, "0.5", "42000"), null);
    assertEquals(DenialReason.INSTRUMENT_RULES, out.denial().reason());
    assertTrue(out.denial().detail().contains("has not reported instrument rules for BTC"), out.denial().detail());
    assertNull(book.with("binance", List.of(BTCUSDT)).check(limit(Side.BUY, "0.5", "42000"), null).denial());
    // The paper venue requires none: as asked.
    Order paper = new Order(ClientOrderId.of("b1", 4), "paper", "BTC", Side.BUY, OrderType.MARKET, d("0.123456789"), null,
        null, TimeInForce.DAY, false);
    assertSame(paper, book.check(paper, d("42000")).order());
  }
}
