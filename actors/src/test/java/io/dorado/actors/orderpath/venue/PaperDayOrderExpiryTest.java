package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.TradingCalendars;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The paper venue's DAY orders expire at the close of their market's session (its trading calendar), as a broker's do:
 * cancelled with the reason, pushed like any cancel, so the venue actor persists the close and tells the bot and the
 * guardian. GTC rests on; crypto never closes, so a DAY order there rests like GTC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaperDayOrderExpiryTest {
  /** Monday 2026-12-07 15:00 New York: an hour before the NYSE close (16:00 New York = 21:00 UTC). */
  static final Instant MONDAY_1500_NY = Instant.parse("2026-12-07T20:00:00Z");
  static final Instant MONDAY_CLOSE = Instant.parse("2026-12-07T21:00:00Z");
  static final Map<String, TradingCalendar> CALENDARS = Map.of("AAPL", TradingCalendars.US_EQUITIES,
      "BTC-USD", TradingCalendars.CRYPTO);

  private final ActorTestKit testKit = ActorTestKit.create("paper-day-orders", EventSourcedBehaviorTestKit.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static PaperVenue paper(MutableClock clock, BlockingQueue<OrderReport> pushed) {
    var paper = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS, clock, PaperVenue.DEFAULT_SETTLED_RETENTION)
        .calendars(symbol -> Optional.ofNullable(CALENDARS.get(symbol)));
    paper.connect(pushed::add);
    return paper;
  }

  private static Order buy(long seq, String symbol, OrderType type, String price, TimeInForce tif) {
    boolean stop = type == OrderType.STOP;
    return new Order(ClientOrderId.of("bot-a", seq), "paper-main", symbol, Side.BUY, type, d("1"),
        stop ? null : d(price), stop ? d(price) : null, tif, false);
  }

  private static OrderStatus status(PaperVenue paper, Order o) {
    return paper.query(o.clientOrderId()).toCompletableFuture().join().status();
  }

  @Test
  void aRestingDayLimitAndStopExpireAtTheCloseWhileGtcAndCryptoDayOrdersRestOn() {
    var clock = new MutableClock(MONDAY_1500_NY);
    var pushed = new LinkedBlockingQueue<OrderReport>();
    PaperVenue paper = paper(clock, pushed);
    Order dayLimit = buy(1, "AAPL", OrderType.LIMIT, "90", TimeInForce.DAY);
    Order dayStop = buy(2, "AAPL", OrderType.STOP, "120", TimeInForce.DAY);
    Order gtc = buy(3, "AAPL", OrderType.LIMIT, "90", TimeInForce.GTC);
    Order crypto = buy(4, "BTC-USD", OrderType.LIMIT, "90", TimeInForce.DAY);
    for (Order o : List.of(dayLimit, dayStop, gtc, crypto)) paper.place(o);
    paper.onMarketPrice(new Venue.MarketPrice("AAPL", d("100"), d("100.02"), clock.instant()));

    clock.advance(Duration.between(MONDAY_1500_NY, MONDAY_CLOSE).minusMillis(1));
    paper.expireDayOrders();
    assertTrue(pushed.isEmpty(), "before the close nothing expires: " + pushed);

    clock.advance(Duration.ofMillis(1));
    paper.expireDayOrders();
    String why = "expired: day order, the us-equities session closed at 2026-12-07T21:00:00Z";
    assertEquals(List.of(new OrderReport.Cancelled(dayLimit.clientOrderId(), d("0"), why),
        new OrderReport.Cancelled(dayStop.clientOrderId(), d("0"), why)), List.copyOf(pushed));
    assertEquals(OrderStatus.CANCELLED, status(paper, dayLimit));
    assertEquals(why, paper.query(dayStop.clientOrderId()).toCompletableFuture().join().reason());
    assertEquals(OrderStatus.WORKING, status(paper, gtc), "GTC rests past the close");
    assertEquals(OrderStatus.WORKING, status(paper, crypto), "crypto never closes: DAY is GTC there");

    pushed.clear();
    clock.advance(Duration.ofDays(3));
    paper.expireDayOrders();
    assertTrue(pushed.isEmpty(), "expired once");
  }

  @Test
  void aQuoteAfterTheCloseNeverFillsTheDayOrderOfTheSessionThatClosed() {
    var clock = new MutableClock(MONDAY_1500_NY);
    var pushed = new LinkedBlockingQueue<OrderReport>();
    PaperVenue paper = paper(clock, pushed);
    Order dayLimit = buy(1, "AAPL", OrderType.LIMIT, "90", TimeInForce.DAY);
    paper.place(dayLimit);
    clock.advance(Duration.ofHours(2)); // past the close; the timer has not run yet
    paper.onMarketPrice(new Venue.MarketPrice("AAPL", d("80"), d("80.02"), clock.instant()));
    assertEquals(1, pushed.size(), pushed.toString());
    assertInstanceOf(OrderReport.Cancelled.class, pushed.peek(), "expired, not filled at the after-hours quote");
  }

  @Test
  void aDayOrderPlacedWhileTheMarketIsClosedIsForTheNextSession() {
    var clock = new MutableClock(Instant.parse("2026-12-05T15:00:00Z")); // Saturday
    var pushed = new LinkedBlockingQueue<OrderReport>();
    PaperVenue paper = paper(clock, pushed);
    Order dayLimit = buy(1, "AAPL", OrderType.LIMIT, "90", TimeInForce.DAY);
    paper.place(dayLimit);
    clock.advance(Duration.between(clock.instant(), MONDAY_1500_NY));
    paper.expireDayOrders();
    assertEquals(OrderStatus.WORKING, status(paper, dayLimit), "works through Monday's session");
    clock.advance(Duration.ofHours(1));
    paper.expireDayOrders();
    assertEquals(OrderStatus.CANCELLED, status(paper, dayLimit), "expires at Monday's close");
  }

  @Test
  void theVenueTimerExpiresTheOrderAtTheCloseWithNoOneAsking() throws InterruptedException {
    var clock = new MutableClock(MONDAY_CLOSE.minusMillis(200));
    var pushed = new LinkedBlockingQueue<OrderReport>();
    PaperVenue paper = paper(clock, pushed);
    Order dayLimit = buy(1, "AAPL", OrderType.LIMIT, "90", TimeInForce.DAY);
    paper.place(dayLimit);
    clock.advance(Duration.ofSeconds(1));
    OrderReport report = pushed.poll(5, TimeUnit.SECONDS);
    assertNotNull(report, "the timer armed at the placement expired it");
    assertEquals(dayLimit.clientOrderId(), report.clientOrderId());
    assertInstanceOf(OrderReport.Cancelled.class, report);
  }

  @Test
  void theVenueActorPersistsTheExpiryAndTellsTheBotAndTheGuardian() {
    var clock = new MutableClock(MONDAY_1500_NY);
    var paper = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS, clock, PaperVenue.DEFAULT_SETTLED_RETENTION)
        .calendars(symbol -> Optional.ofNullable(CALENDARS.get(symbol)));
    String venue = "paper-day-orders";
    TestProbe<OrderReport> bot = testKit.createTestProbe(OrderReport.class);
    TestProbe<OrderReport> guardian = testKit.createTestProbe(OrderReport.class);
    var settings = new VenueSettings(venue, VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, clock, Duration.ofSeconds(3),
        Duration.ofMillis(100));
    var kit = EventSourcedBehaviorTestKit.<Venue.Command, VenueEvent, VenueState>create(testKit.system(),
        VenueActor.create(settings, paper, guardian.ref()));
    Order order = new Order(ClientOrderId.of("bot-a", 1), venue, "AAPL", Side.BUY, OrderType.LIMIT, d("1"), d("90"), null,
        TimeInForce.DAY, false);
    kit.runCommand(new Venue.Submit(SIGNER.sign(order, "ack-1", VenueSettings.DEFAULT_GUARDIAN_ID, clock.instant(),
        clock.instant().plusSeconds(30)), bot.ref()));
    bot.expectMessageClass(OrderReport.Accepted.class, Duration.ofSeconds(20));

    clock.advance(Duration.ofHours(1));
    paper.expireDayOrders();

    var cancelled = bot.expectMessageClass(OrderReport.Cancelled.class, Duration.ofSeconds(20));
    assertTrue(cancelled.reason().startsWith("expired: day order"), cancelled.reason());
    guardian.fishForMessage(Duration.ofSeconds(20), r -> r instanceof OrderReport.Cancelled
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
    bot.awaitAssert(Duration.ofSeconds(20), () -> {
      VenueOrder o = kit.getState().find(order.clientOrderId()).orElseThrow();
      assertEquals(OrderStatus.CANCELLED, o.status());
      List<Object> journal = kit.persistenceTestKit().persistedInStorage(VenueActor.persistenceId(venue).id());
      assertTrue(journal.stream().anyMatch(e -> e instanceof VenueEvent.Closed c && c.status() == OrderStatus.CANCELLED
          && c.reason().startsWith("expired: day order")), "the expiry is written: " + journal);
      return null;
    });
  }
}
