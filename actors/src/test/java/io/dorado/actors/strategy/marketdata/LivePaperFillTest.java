package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A universe's live source, spawned as the node spawns its feeds, reaches the order path: each live bar marks the
 * guardian and quotes the paper venue (through {@link PriceRelay}, at the close ± half the spread), and the paper venue
 * fills a market order at that live quote with its own slippage and commission.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePaperFillTest {
  private final ActorTestKit testKit = ActorTestKit.create("live-paper", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aLiveBinanceSourceQuotesThePaperVenueWhichFillsAMarketBuyAtTheLiveAskPlusItsSlippage() throws Exception {
    try (var fake = new FakeBinanceMarket("BTCUSDT")) {
      var sources = Map.of("BTC", MarketDataSource.live(MarketDataSource.Kind.BINANCE, "BTCUSDT", Duration.ofSeconds(1),
          fake.restUri().toString(), fake.streamUri()));
      var paperSettings = PaperVenue.settingsFrom(ConfigFactory.load()); // dorado.venue.paper: 5 bps slippage by default
      var paper = new PaperVenue(paperSettings);
      List<OrderReport> reports = new CopyOnWriteArrayList<>();
      paper.connect(reports::add);
      TestProbe<Venue.MarketPrice> quotes = testKit.createTestProbe();
      ActorRef<Venue.Command> venue = testKit.spawn(Behaviors.receive(Venue.Command.class)
          .onMessage(Venue.MarketPrice.class, p -> { // what VenueActor does with a quote for its paper adapter
            paper.onMarketPrice(p);
            quotes.ref().tell(p);
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same())
          .build());
      TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
      var relay = testKit.spawn(PriceRelay.create(guardian.ref(), Map.of("BTC", venue), new BigDecimal("10"),
          Clock.systemUTC()));
      var spawned = new CompletableFuture<Map<String, ActorRef<MarketData.Command>>>();
      testKit.spawn(Behaviors.setup(ctx -> {
        spawned.complete(MarketDataFeeds.spawn(ctx, sources, 100, 0, null, relay));
        return Behaviors.empty();
      }));
      assertEquals(List.of(), MarketDataFeeds.finite(sources), "a live source never finishes");
      spawned.get(10, TimeUnit.SECONDS);
      guardian.awaitAssert(Duration.ofSeconds(15), () -> {
        assertTrue(fake.klineRequests() >= 1, "the first gap was asked for");
        return null;
      });
      long now = System.currentTimeMillis();
      Thread.sleep(1000 - now % 1000 + 1050); // the first gap is behind: this bar is the stream's
      fake.trade("42000.00", "0.3");
      fake.trade("42020.00", "0.2");
      fake.trade("42010.00", "0.5");

      Venue.MarketPrice quote = quotes.receiveMessage(Duration.ofSeconds(5));
      // close 42010.00, half of a 10 bps spread = 21.005 -> 21.00 at the price's scale
      assertEquals(new BigDecimal("41989.00"), quote.bid());
      assertEquals(new BigDecimal("42031.00"), quote.ask());
      var mark = guardian.expectMessageClass(RiskGuardian.MarkPrice.class);
      assertEquals(new BigDecimal("42010.00"), mark.price());

      paper.place(Order.market(ClientOrderId.of("bot-live", 1), "paper", "BTC", Side.BUY, new BigDecimal("0.5"), false))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      var filled = assertInstanceOf(OrderReport.Filled.class,
          reports.stream().filter(r -> r instanceof OrderReport.Filled).findFirst().orElse(null), "filled: " + reports);
      BigDecimal expected = quote.ask().multiply(BigDecimal.ONE.add(paperSettings.slippageBps().movePointLeft(4)));
      assertEquals(0, expected.compareTo(filled.fill().price()),
          "the live ask 42031.00 + " + paperSettings.slippageBps() + " bps = " + expected + ", filled at " + filled.fill().price());
      System.out.println("live paper fill: quote " + quote.bid() + "/" + quote.ask() + ", market buy 0.5 filled at "
          + filled.fill().price() + " (+" + paperSettings.slippageBps() + " bps), commission " + filled.fill().commission());
    }
  }

  @Test
  void aLiveIbkrSourceQuotesThePaperVenueAtItsLiveBidAndAskAMarketBuyFillsAtTheAskPlusSlippageAndARestingLimitWhenTheAskCrossesIt()
      throws Exception {
    try (var fake = new io.dorado.actors.orderpath.venue.ibkr.FakeIbkr()) {
      var sources = Map.of("AAPL", MarketDataSource.live(MarketDataSource.Kind.IBKR, "AAPL", Duration.ofSeconds(1),
          fake.baseUrl().toString(), fake.webSocketUrl().toString()));
      var paperSettings = PaperVenue.settingsFrom(ConfigFactory.load());
      var paper = new PaperVenue(paperSettings);
      List<OrderReport> reports = new CopyOnWriteArrayList<>();
      paper.connect(reports::add);
      TestProbe<Venue.MarketPrice> quotes = testKit.createTestProbe();
      ActorRef<Venue.Command> venue = testKit.spawn(Behaviors.receive(Venue.Command.class)
          .onMessage(Venue.MarketPrice.class, p -> {
            paper.onMarketPrice(p);
            quotes.ref().tell(p);
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same())
          .build());
      TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
      var relay = testKit.spawn(PriceRelay.create(guardian.ref(), Map.of("AAPL", venue), new BigDecimal("10"),
          Clock.systemUTC()));
      fake.marketQuote("189.50", "189.60"); // the subscription's first answer carries it
      testKit.spawn(Behaviors.setup(ctx -> {
        MarketDataFeeds.spawn(ctx, sources, 100, 0, null, relay);
        return Behaviors.empty();
      }));

      Venue.MarketPrice live = quotes.receiveMessage(Duration.ofSeconds(15));
      assertEquals(new BigDecimal("189.50"), live.bid(), "the live bid, not a bar's close - half the spread");
      assertEquals(new BigDecimal("189.60"), live.ask());
      BigDecimal slip = BigDecimal.ONE.add(paperSettings.slippageBps().movePointLeft(4));

      paper.place(Order.market(ClientOrderId.of("bot-ibkr", 1), "paper", "AAPL", Side.BUY, new BigDecimal("10"), false))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      var market = filled(reports, ClientOrderId.of("bot-ibkr", 1));
      assertEquals(0, new BigDecimal("189.60").multiply(slip).compareTo(market.fill().price()),
          "the live ask 189.60 + " + paperSettings.slippageBps() + " bps, filled at " + market.fill().price());

      BigDecimal limit = new BigDecimal("189.40");
      var resting = ClientOrderId.of("bot-ibkr", 2);
      paper.place(Order.limit(resting, "paper", "AAPL", Side.BUY, new BigDecimal("5"), limit))
          .toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertTrue(reports.stream().noneMatch(r -> r instanceof OrderReport.Filled f && f.clientOrderId().equals(resting)),
          "the ask 189.60 is above the limit: it rests");
      fake.marketQuote("189.30", "189.38"); // the live ask crosses the limit
      quotes.awaitAssert(Duration.ofSeconds(5), () -> {
        assertTrue(reports.stream().anyMatch(r -> r instanceof OrderReport.Filled f && f.clientOrderId().equals(resting)),
            "filled once the live ask crossed: " + reports);
        return null;
      });
      var crossed = filled(reports, resting);
      BigDecimal expected = new BigDecimal("189.38").multiply(slip).min(limit);
      assertEquals(0, expected.compareTo(crossed.fill().price()), "ask 189.38 + slippage, capped at the limit");
      System.out.println("live paper fill (ibkr quotes): " + live.bid() + "/" + live.ask() + ", market buy 10 at "
          + market.fill().price() + "; limit buy 189.40 rested, filled at " + crossed.fill().price()
          + " when the live ask reached 189.38");
    }
  }

  private static OrderReport.Filled filled(List<OrderReport> reports, ClientOrderId id) {
    return assertInstanceOf(OrderReport.Filled.class, reports.stream()
        .filter(r -> r instanceof OrderReport.Filled f && f.clientOrderId().equals(id)).findFirst().orElse(null),
        "filled: " + reports);
  }
}
