package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LedgerTest {

  private static Ledger fresh() {
    return Ledger.open(d("100000.00"), T0);
  }

  private static void assertMoney(String expected, BigDecimal actual) {
    assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
  }

  private static Ledger trade(Ledger l, Side side, String symbol, String qty, String price, String commission,
      Instant at) {
    Order o = market("bot", symbol, side, qty);
    return l.apply(fill(o, qty, price, commission, at));
  }

  @Test
  void aLongRoundTripRealizesPnlToTheCentNetOfCommissions() {
    Ledger l = trade(fresh(), Side.BUY, "AAPL", "10", "150.00", "1.00", T0);
    assertMoney("98499.00", l.cash());
    assertMoney("99999.00", l.equity()); // marked at the fill price, less the commission
    l = trade(l, Side.SELL, "AAPL", "10", "155.50", "1.00", T0.plusSeconds(60));
    assertMoney("53.00", l.realizedPnl()); // 10 x 5.50 - 2.00
    assertMoney("100053.00", l.cash());
    assertMoney("100053.00", l.equity());
    assertMoney("0", l.unrealizedPnl());
    assertEquals(0, l.consecutiveLosses());
    assertEquals(T0.plusSeconds(60), l.lastExit("AAPL"));
  }

  @Test
  void aShortRoundTripRealizesPnlToTheCentNetOfCommissions() {
    Ledger l = trade(fresh(), Side.SELL, "MSFT", "5", "200.00", "0.50", T0);
    assertMoney("100999.50", l.cash());
    assertMoney("99999.50", l.equity()); // short 5 x 200 is worth -1000
    l = l.mark("MSFT", d("190.00"), T0.plusSeconds(30));
    assertMoney("50.00", l.unrealizedPnl());
    l = trade(l, Side.BUY, "MSFT", "5", "190.00", "0.50", T0.plusSeconds(60));
    assertMoney("49.00", l.realizedPnl()); // 5 x 10 - 1.00
    assertMoney("100049.00", l.cash());
    assertMoney("100049.00", l.equity());
  }

  @Test
  void partialClosesRealizeOnlyTheClosedPartAndALosingTripCountsAsALoss() {
    Ledger l = trade(fresh(), Side.BUY, "AAPL", "10", "100", null, T0);
    l = trade(l, Side.SELL, "AAPL", "4", "110", null, T0.plusSeconds(60));
    assertMoney("40", l.realizedPnl());
    assertMoney("6", l.position("AAPL").quantity());
    assertMoney("100", l.position("AAPL").averagePrice());
    assertNull(l.lastExit("AAPL"));
    l = l.mark("AAPL", d("105"), T0.plusSeconds(90));
    assertMoney("30", l.unrealizedPnl());
    assertMoney("99440", l.cash());
    assertMoney("100070", l.equity()); // 100000 + 40 realized + 30 unrealized
    l = trade(l, Side.SELL, "AAPL", "6", "90", "0.25", T0.plusSeconds(120));
    assertMoney("-20.25", l.realizedPnl()); // 40 - 60 - 0.25: the round trip lost
    assertEquals(1, l.consecutiveLosses());
    assertMoney("99979.75", l.equity());
  }

  @Test
  void consecutiveLossesCountLosingRoundTripsAndAWinResetsThem() {
    Ledger l = fresh();
    for (int i = 0; i < 2; i++) {
      l = trade(l, Side.BUY, "AAPL", "1", "100", null, T0.plusSeconds(i * 10L));
      l = trade(l, Side.SELL, "AAPL", "1", "99", null, T0.plusSeconds(i * 10L + 5));
    }
    assertEquals(2, l.consecutiveLosses());
    // A flip closes a trip: long 1 @ 100 sold 3 @ 98 is a losing trip and opens short 2.
    l = trade(l, Side.BUY, "AAPL", "1", "100", null, T0.plusSeconds(100));
    l = trade(l, Side.SELL, "AAPL", "3", "98", null, T0.plusSeconds(110));
    assertEquals(3, l.consecutiveLosses());
    assertMoney("-2", l.position("AAPL").quantity());
    l = trade(l, Side.BUY, "AAPL", "2", "97", null, T0.plusSeconds(120)); // the short wins 2
    assertEquals(0, l.consecutiveLosses());
  }

  @Test
  void aFillSeenBeforeIsIgnored() {
    Order o = market("bot", "AAPL", Side.BUY, "10");
    Fill f = fill(o, "10", "100", "1", T0);
    Ledger once = fresh().apply(f);
    assertSame(once, once.apply(f));
    assertMoney("98999", once.cash());
  }

  @Test
  void positionsAreKeptPerBotAsWellAsPerSymbol() {
    Ledger l = fresh();
    l = l.apply(fill(market("a", "AAPL", Side.BUY, "3"), "3", "100", null, T0));
    l = l.apply(fill(market("b", "AAPL", Side.BUY, "2"), "2", "100", null, T0));
    assertMoney("5", l.position("AAPL").quantity());
    assertMoney("3", l.botPosition("a", "AAPL").quantity());
    assertMoney("2", l.botPosition("b", "AAPL").quantity());
  }

  @Test
  void theDayAndTheWeekRollAtUtcBoundariesFromTheEquityThen() {
    Ledger l = trade(fresh(), Side.BUY, "AAPL", "100", "100", null, T0); // Monday
    l = l.mark("AAPL", d("90"), T0.plusSeconds(3600));
    assertMoney("99000", l.equity());
    assertMoney("1", l.dailyLossPct());
    assertMoney("1", l.weeklyLossPct());

    Instant tuesday = Instant.parse("2026-01-06T00:00:00Z");
    l = l.mark("AAPL", d("95"), tuesday);
    assertEquals(LocalDate.parse("2026-01-06"), l.day());
    assertMoney("99000", l.dayStartEquity()); // the equity when the day rolled, before this price
    assertMoney("0", l.dailyLossPct()); // up since the day started
    assertMoney("0.5", l.weeklyLossPct()); // still down since Monday
    assertEquals(LocalDate.parse("2026-01-05"), l.week());

    l = l.mark("AAPL", d("96"), Instant.parse("2026-01-11T23:59:59Z")); // Sunday: same week
    assertEquals(LocalDate.parse("2026-01-05"), l.week());
    l = l.mark("AAPL", d("97"), Instant.parse("2026-01-12T08:00:00Z")); // next Monday
    assertEquals(LocalDate.parse("2026-01-12"), l.week());
    assertMoney("99600", l.weekStartEquity());
    assertMoney("0", l.weeklyLossPct());

    Ledger back = l.rollTo(T0); // time going backwards rolls nothing
    assertSame(l, back);
  }

  @Test
  void drawdownIsMeasuredFromPeakEquity() {
    Ledger l = trade(fresh(), Side.BUY, "AAPL", "100", "100", null, T0);
    l = l.mark("AAPL", d("200"), T0.plus(Duration.ofMinutes(1)));
    assertMoney("110000", l.peakEquity());
    l = l.mark("AAPL", d("90"), T0.plus(Duration.ofMinutes(2)));
    assertMoney("99000", l.equity());
    assertMoney("10", l.drawdownPct()); // 11000 / 110000
  }
}
