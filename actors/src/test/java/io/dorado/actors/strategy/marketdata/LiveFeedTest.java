package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Live feeds against local fakes of Binance's and Kraken's public market data (XChange streaming on the wire, the
 * venues' REST for gaps), Alpaca's, OANDA's and an IBKR Client Portal gateway's ({@code smd} stream, history bars): trades become bars, a bar closes on time, and a dropped stream comes back with its gap
 * back-filled, no bar missing or twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedTest {
  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration CONNECT = Duration.ofSeconds(3);
  static final LiveFeedActor.Settings FAST = new LiveFeedActor.Settings(Duration.ofMillis(300), Duration.ofMillis(300),
      Duration.ofMillis(200), Duration.ofSeconds(2), 5, Clock.systemUTC());
  private final ActorTestKit testKit = ActorTestKit.create("live-feed", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private LiveFeedActor.Status status(ActorRef<LiveFeedActor.Command> feed) {
    TestProbe<LiveFeedActor.Status> reply = testKit.createTestProbe();
    feed.tell(new LiveFeedActor.GetStatus(reply.ref()));
    return reply.receiveMessage();
  }

  private void awaitFirstGapFilled(ActorRef<LiveFeedActor.Command> feed, Supplier<Integer> restCalls) {
    TestProbe<Object> wait = testKit.createTestProbe();
    wait.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(status(feed).connected(), "connected");
      assertTrue(restCalls.get() >= 1, "the first gap asked for");
      return null;
    });
  }

  private static void sleepUntilNextSecond(long plusMillis) throws InterruptedException {
    long now = System.currentTimeMillis();
    Thread.sleep(1000 - now % 1000 + plusMillis);
  }

  @Test
  void binanceTradesBecomeABarThatClosesOnTimeWithNoFurtherTrade() throws Exception {
    try (var fake = new FakeBinanceMarket("BTCUSDT")) {
      TestProbe<MarketData.Command> md = testKit.createTestProbe();
      var source = MarketDataSource.live(MarketDataSource.Kind.BINANCE, "BTCUSDT", SECOND, fake.restUri().toString(),
          fake.streamUri());
      var feed = testKit.spawn(LiveFeedActor.create("BTC", "BTCUSDT", SECOND, LiveVenue.of(source, CONNECT), md.ref(), FAST));
      awaitFirstGapFilled(feed, fake::klineRequests);
      sleepUntilNextSecond(2000 + 50); // past the first gap and its grace: the next bar is the stream's
      fake.trade("100.00", "1");
      fake.trade("105.00", "2");
      fake.trade("98.00", "3");
      fake.trade("101.00", "4");
      Instant end = Instant.ofEpochSecond(fake.tape().get(0).at().getEpochSecond() + 1);
      assertEquals(end.getEpochSecond(), fake.tape().get(3).at().getEpochSecond() + 1, "four trades in one second");

      var published = md.expectMessageClass(MarketData.PublishBar.class, Duration.ofSeconds(3));
      Instant arrived = Instant.now();
      assertEquals(new Bar("BTC", end, SECOND, new BigDecimal("100.00"), new BigDecimal("105.00"), new BigDecimal("98.00"),
          new BigDecimal("101.00"), new BigDecimal("10")), published.bar());
      assertTrue(!arrived.isBefore(end.plus(FAST.grace())) && arrived.isBefore(end.plus(FAST.grace()).plusMillis(400)),
          "closed by the clock at its end + grace (" + end.plus(FAST.grace()) + "), arrived " + arrived);
      md.expectNoMessage(Duration.ofMillis(1500));
      testKit.stop(feed);
    }
  }

  @Test
  void binanceDropMidRunIsBackFilledFromKlinesWithNoBarMissingOrDuplicated() throws Exception {
    try (var fake = new FakeBinanceMarket("BTCUSDT")) {
      var source = MarketDataSource.live(MarketDataSource.Kind.BINANCE, "BTCUSDT", SECOND, fake.restUri().toString(),
          fake.streamUri());
      String line = dropAndBackFill("binance", "BTCUSDT", source, LiveVenue.of(source, CONNECT), SECOND, fake::trade, fake::tape, fake::drop, fake::reopen,
          fake::klineRequests);
      assertTrue(fake.handshakes() >= 2, "reconnected");
      System.out.println(line);
    }
  }

  @Test
  void krakenDropMidRunIsBackFilledFromTradesWithNoBarMissingOrDuplicated() throws Exception {
    try (var fake = new FakeKrakenMarket("XBT/USD", "XXBTZUSD", 7)) {
      var source = MarketDataSource.live(MarketDataSource.Kind.KRAKEN, "XBT/USD", SECOND, fake.restUri().toString(),
          fake.streamUri());
      String line = dropAndBackFill("kraken", "XBT/USD", source, LiveVenue.of(source, CONNECT), SECOND, fake::trade, fake::tape, fake::drop, fake::reopen,
          fake::tradeRequests);
      assertTrue(fake.handshakes() >= 2, "reconnected");
      System.out.println(line);
    }
  }

  @Test
  void alpacaDropMidRunIsBackFilledFromItsRestTradesWithNoBarMissingOrDuplicated() throws Exception {
    try (var fake = new FakeAlpacaMarket("AAPL", "key-id", "secret-key")) {
      var source = MarketDataSource.live(MarketDataSource.Kind.ALPACA, "AAPL", SECOND, fake.restUri().toString(),
          fake.streamUri(), "iex", new MarketDataSource.CredentialsEnv("ALPACA_KEY_ID", "ALPACA_SECRET_KEY"));
      var env = Map.of("ALPACA_KEY_ID", "key-id", "ALPACA_SECRET_KEY", "secret-key");
      String line = dropAndBackFill("alpaca", "AAPL", source, LiveVenue.of(source, CONNECT, env::get), SECOND, fake::trade,
          fake::tape, fake::drop, fake::reopen, fake::tradeRequests);
      assertTrue(fake.handshakes() >= 2, "reconnected");
      assertTrue(fake.requests().stream().anyMatch(r -> r.contains("page_token=")), "the gap's trades came in pages: "
          + fake.requests());
      System.out.println(line);
    }
  }

  @Test
  void alpacaCryptoTradesFromTheV1beta3StreamAreBackFilledFromItsCryptoTrades() throws Exception {
    try (var fake = new FakeAlpacaMarket("BTC/USD", "key-id", "secret-key")) {
      var source = MarketDataSource.live(MarketDataSource.Kind.ALPACA, "BTC/USD", SECOND, fake.restUri().toString(),
          fake.streamUri(), "crypto", new MarketDataSource.CredentialsEnv("ALPACA_KEY_ID", "ALPACA_SECRET_KEY"));
      var env = Map.of("ALPACA_KEY_ID", "key-id", "ALPACA_SECRET_KEY", "secret-key");
      String line = dropAndBackFill("alpaca crypto", "BTC/USD", source, LiveVenue.of(source, CONNECT, env::get), SECOND,
          fake::trade, fake::tape, fake::drop, fake::reopen, fake::tradeRequests);
      System.out.println(line);
    }
  }

  @Test
  void oandaDropMidRunIsBackFilledFromMidCandlesWithNoBarMissingOrDuplicated() throws Exception {
    try (var fake = new FakeOandaMarket("EUR_USD", "101-004-1-001", "oanda-token")) {
      Duration bar = Duration.ofSeconds(5); // OANDA's smallest candle granularity, S5
      var source = MarketDataSource.live(MarketDataSource.Kind.OANDA, "EUR_USD", bar, fake.uri().toString(),
          fake.uri().toString(), null, new MarketDataSource.CredentialsEnv("OANDA_ACCOUNT_ID", "OANDA_TOKEN"));
      var env = Map.of("OANDA_ACCOUNT_ID", "101-004-1-001", "OANDA_TOKEN", "oanda-token");
      String line = dropAndBackFill("oanda", "EUR_USD", source, LiveVenue.of(source, CONNECT, env::get), bar, fake::price,
          fake::tape, fake::drop, fake::reopen, fake::candleRequests);
      assertTrue(fake.connects() >= 2, "reconnected");
      System.out.println(line);
    }
  }

  @Test
  void ibkrDropMidRunIsBackFilledFromItsHistoryBarsWithNoBarMissingOrDuplicated() throws Exception {
    try (var fake = new io.dorado.actors.orderpath.venue.ibkr.FakeIbkr()) {
      var source = MarketDataSource.live(MarketDataSource.Kind.IBKR, "AAPL", SECOND, fake.baseUrl().toString(),
          fake.webSocketUrl().toString());
      String line = dropAndBackFill("ibkr", "AAPL", source, LiveVenue.of(source, CONNECT), SECOND, fake::marketTrade,
          fake::marketTape, fake::dropMarketData, fake::reopenMarketData, fake::historyRequests);
      assertEquals(1, fake.calls("/iserver/secdef/search"), "the conid of AAPL searched once");
      assertTrue(fake.calls("/tickle") >= 2, "a session for each connection: reconnected");
      System.out.println(line);
    }
  }

  /**
   * Trades every 100 ms for ~2.5 bars, the stream dropped and refused for ~2.5 bars while trades go on, then ~2.5 bars more
   * (a bar of {@code bar}): the bars published must be exactly the tape's bars (OHLCV and all), none missing, none twice.
   */
  private String dropAndBackFill(String venue, String venueSymbol, MarketDataSource source, LiveVenue live, Duration bar,
      BiFunction<String, String, Trade> trade, Supplier<List<Trade>> tape, Runnable drop, Runnable reopen,
      Supplier<Integer> restCalls) throws Exception {
    TestProbe<MarketData.Command> md = testKit.createTestProbe();
    var feed = testKit.spawn(LiveFeedActor.create("BTC", venueSymbol, bar, live, md.ref(), FAST));
    awaitFirstGapFilled(feed, restCalls);
    long barMillis = bar.toMillis();
    sleepUntilNextSecond(1500); // trading starts after the first gap: every bar of the tape is owed
    var random = new Random(7);
    BigDecimal price = new BigDecimal("30000.00");
    long stop = System.currentTimeMillis() + 7_500 * barMillis / 1000;
    long dropAt = System.currentTimeMillis() + 2_450 * barMillis / 1000;
    long reopenAt = dropAt + 2_500 * barMillis / 1000;
    boolean dropped = false, reopened = false;
    while (System.currentTimeMillis() < stop) {
      price = price.add(BigDecimal.valueOf(random.nextInt(201) - 100, 2)).setScale(2, RoundingMode.UNNECESSARY);
      trade.apply(price.toPlainString(), BigDecimal.valueOf(1 + random.nextInt(500), 3).toPlainString());
      if (!dropped && System.currentTimeMillis() >= dropAt) {
        drop.run();
        dropped = true;
      }
      if (!reopened && System.currentTimeMillis() >= reopenAt) {
        reopen.run();
        reopened = true;
      }
      Thread.sleep(100);
    }
    List<Bar> expected = TradeBars.aggregate(tape.get(), "BTC", bar);
    Instant lastEnd = expected.get(expected.size() - 1).end();
    var received = new ArrayList<Bar>();
    while (received.isEmpty() || !received.get(received.size() - 1).end().equals(lastEnd)) {
      MarketData.Command c = md.receiveMessage(Duration.ofSeconds(8).plus(bar)); // fails the test when none comes
      if (c instanceof MarketData.PublishQuote) continue; // OANDA's bid/ask go out as quotes beside the bars
      received.add(((MarketData.PublishBar) c).bar());
    }
    md.expectNoMessage(Duration.ofMillis(800));

    Map<Instant, Integer> seen = new HashMap<>();
    received.forEach(b -> seen.merge(b.end(), 1, Integer::sum));
    long duplicated = seen.values().stream().filter(n -> n > 1).count();
    long missing = expected.stream().filter(b -> !seen.containsKey(b.end())).count();
    long wrong = received.stream().filter(b -> !expected.contains(b)).count();
    var s = status(feed);
    testKit.stop(feed);
    String line = String.format("live feed: %s %d bars, %d disconnect, %d back-filled, %d missing, %d duplicated, %d wrong",
        venue, received.size(), s.disconnects(), s.backFilled(), missing, duplicated, wrong);
    assertEquals(1, s.disconnects(), line);
    assertTrue(s.backFilled() >= 2, "the gap (a drop of 2.5 s) came from the history: " + line);
    assertEquals(0, missing, line + "\nexpected " + expected + "\nreceived " + received);
    assertEquals(0, duplicated, line);
    assertEquals(expected, received, line);
    return line;
  }
}
