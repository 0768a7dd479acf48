package io.dorado.actors.orderpath.venue.ibkr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The {@code ibkr} live source's gateway client against {@link FakeIbkr}: the conid searched once, {@code smd} values
 * as trades (the subscription's first answer, the current values, is none), a dropped socket reported, IBKR's history
 * bars read with their start times.
 */
class IbkrMarketDataTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final IbkrMarketData.Ticks ticks = new IbkrMarketData.Ticks() {
    @Override
    public void subscribed() {
      events.add("subscribed");
    }

    @Override
    public void trade(Instant at, BigDecimal price, BigDecimal size) {
      events.add("trade " + price.toPlainString() + " x " + size.toPlainString());
    }

    @Override
    public void down(String reason) {
      events.add("down " + reason);
    }
  };

  @Test
  void theFirstAnswerIsTheCurrentValuesAndLaterChangesAreTradesAtTheLastKnownPriceAndSize() throws Exception {
    try (var fake = new FakeIbkr()) {
      fake.marketTrade("189.50", "100"); // before the subscription: its answer carries it, it is no trade of ours
      var md = new IbkrMarketData(fake.baseUrl(), fake.webSocketUrl(), null, Duration.ofSeconds(3));
      AutoCloseable sub = md.trades("AAPL", ticks);
      await(() -> events.contains("subscribed"));
      fake.marketTrade("189.55", "100"); // only 31 changes: the size is the last known
      fake.marketTrade("189.55", "300"); // only 7059 changes: the price is the last known
      await(() -> events.size() >= 3);
      assertEquals(List.of("subscribed", "trade 189.55 x 100", "trade 189.55 x 300"), events);
      assertEquals(1, fake.calls("/iserver/secdef/search"), "the conid of AAPL searched");
      assertTrue(fake.calls("/iserver/accounts") >= 1, "the brokerage session opened before market data");
      sub.close();
    }
  }

  @Test
  void aSocketTheGatewayDropsIsReportedDown() throws Exception {
    try (var fake = new FakeIbkr()) {
      var md = new IbkrMarketData(fake.baseUrl(), fake.webSocketUrl(), null, Duration.ofSeconds(1));
      md.trades("265598", ticks); // a conid as digits: no search
      await(() -> events.contains("subscribed"));
      fake.dropMarketData();
      await(() -> events.stream().anyMatch(e -> e.startsWith("down ")));
      assertEquals(0, fake.calls("/iserver/secdef/search"));
    }
  }

  @Test
  void historyIsAskedForThePeriodBackFromNowInIbkrUnitsAndItsBarsCarryTheirStart() throws Exception {
    try (var fake = new FakeIbkr()) {
      var md = new IbkrMarketData(fake.baseUrl(), fake.webSocketUrl(), null, Duration.ofSeconds(3));
      var t = fake.marketTrade("189.50", "100");
      fake.marketTrade("189.70", "50");
      var bars = md.history("AAPL", Duration.ofSeconds(1), Instant.now().minusSeconds(5));
      Instant start = Instant.ofEpochSecond(t.at().getEpochSecond());
      assertTrue(bars.stream().anyMatch(b -> b.start().equals(start)), bars.toString());
      assertEquals("3min", IbkrMarketData.period(Duration.ofSeconds(121)));
      assertEquals("1h", IbkrMarketData.period(Duration.ofMinutes(31)));
      assertEquals("30S", IbkrMarketData.bar(Duration.ofSeconds(30)));
      assertEquals("5min", IbkrMarketData.bar(Duration.ofMinutes(5)));
      assertEquals(null, IbkrMarketData.plain(IbkrRest.JSON.readTree("\"C189.50\"")), "a prior close is no trade");
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 8000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out");
      Thread.sleep(20);
    }
  }
}
