package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The paper venue enforces reduce-only at fill time as venues do: a reduce-only order fills at most its bot's position
 * on the other side, the rest is cancelled, and one that would trade while the bot is flat is cancelled with the
 * reason. The position is the venue entity's (its journal's fills), so a fresh paper book after the entity moved to
 * another node holds a bot to what it really holds, not to what that book happened to fill.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaperReduceOnlyTest {
  static final Config CONFIG = ConfigFactory.parseString("pekko.actor.serialize-messages = on\n")
      .withFallback(EventSourcedBehaviorTestKit.config());

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(CONFIG).build();

  private static final AtomicInteger VENUES = new AtomicInteger();

  // --- the paper book alone (no entity tells it positions: it counts its own fills from flat) -----------------

  private PaperVenue paper;
  private List<OrderReport> pushed;

  @BeforeEach
  void freshBook() {
    paper = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS);
    pushed = new ArrayList<>();
  }

  private void price(String bid, String ask) {
    paper.onMarketPrice(new Venue.MarketPrice("BTC-USD", d(bid), d(ask), T0));
  }

  private static Order reduceOnly(String venue, long seq, OrderType type, String qty, String limit, String stop) {
    return new Order(id(seq), venue, "BTC-USD", Side.SELL, type, d(qty), limit == null ? null : d(limit),
        stop == null ? null : d(stop), TimeInForce.GTC, true);
  }

  private static Order reduceOnly(long seq, OrderType type, String qty, String limit, String stop) {
    return reduceOnly(VenueFixtures.VENUE, seq, type, qty, limit, stop);
  }

  private OrderReport.Status status(Order o) {
    return paper.query(o.clientOrderId()).toCompletableFuture().join();
  }

  @Test
  void aStopAndATargetRestingForTheWholePositionNeverCloseMoreThanIt() {
    paper.connect(pushed::add);
    price("99", "101");
    paper.place(VenueFixtures.market(1, Side.BUY, "2")); // long 2 at 101
    Order stop = reduceOnly(2, OrderType.STOP, "2", null, "95");
    Order target = reduceOnly(3, OrderType.LIMIT, "2", "110", null);
    paper.place(stop);
    paper.place(target);
    assertEquals(OrderStatus.WORKING, status(stop).status());
    assertEquals(OrderStatus.WORKING, status(target).status());

    price("111", "112"); // the target fills the whole position
    assertEquals(OrderStatus.FILLED, status(target).status());
    price("94", "96"); // through the stop: nothing is left to reduce
    OrderReport.Status s = status(stop);
    assertEquals(OrderStatus.CANCELLED, s.status());
    assertEquals(0, s.filledQuantity().signum());
    assertTrue(s.reason().startsWith("reduce-only: no long position of bot-a in BTC-USD to reduce"), s.reason());
    assertTrue(pushed.stream().anyMatch(r -> r instanceof OrderReport.Cancelled c && c.clientOrderId().equals(stop.clientOrderId())),
        "the cancel is pushed like any report");
  }

  @Test
  void aReduceOnlyStopLargerThanWhatIsLeftIsReducedToTheOpenPositionAndTheRestCancelled() {
    price("99", "101");
    paper.place(VenueFixtures.market(1, Side.BUY, "2"));
    Order stop = reduceOnly(2, OrderType.STOP, "2", null, "95");
    paper.place(stop);
    paper.place(reduceOnly(3, OrderType.MARKET, "0.5", null, null)); // a scaled exit of a quarter
    price("94", "96");
    OrderReport.Status s = status(stop);
    assertEquals(OrderStatus.CANCELLED, s.status());
    assertEquals(0, d("1.5").compareTo(s.filledQuantity()), "the stop filled the 1.5 left, not its 2");
    assertTrue(s.reason().startsWith("reduce-only: reduced to the open position 1.5"), s.reason());
  }

  @Test
  void anOrderThatIsNotReduceOnlyIsNeverCapped() {
    price("99", "101");
    Order shortSale = VenueFixtures.market(1, Side.SELL, "1"); // flat, and it opens a short
    paper.place(shortSale);
    assertEquals(OrderStatus.FILLED, status(shortSale).status());
  }

  // --- the venue entity's positions: across a move to another node (a fresh paper book) -------------------------

  /** A venue entity whose every start (a restart, a move to another node) makes a fresh paper book, as the fleet does. */
  private final class Entity {
    final List<PaperVenue> books = new ArrayList<>();
    final EventSourcedBehaviorTestKit<Venue.Command, VenueEvent, VenueState> kit;
    final TestProbe<OrderReport> bot = testKit.createTestProbe(OrderReport.class);
    final MutableClock clock = new MutableClock(T0.plusSeconds(1));

    Entity(String venue) {
      this(venue, null);
    }

    /** With {@code sameBook}: every start uses that one book, as a restart on the same node does. */
    Entity(String venue, VenueAdapter sameBook) {
      var settings = new VenueSettings(venue, VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, clock, Duration.ofSeconds(3),
          Duration.ofMillis(100));
      var guardian = testKit.createTestProbe(OrderReport.class).ref();
      kit = EventSourcedBehaviorTestKit.create(testKit.system(), Behaviors.setup(ctx -> {
        if (sameBook != null) return VenueActor.create(settings, sameBook, guardian);
        var book = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS);
        books.add(book);
        return VenueActor.create(settings, book, guardian);
      }));
    }

    /** The entity starts again from its journal with a fresh paper book (its shard moved to another node). */
    void move() {
      kit.restart();
    }

    void submit(Order order) {
      kit.runCommand(new Venue.Submit(VenueFixtures.ack(order), bot.ref()));
    }

    void price(String bid, String ask) {
      kit.runCommand(new Venue.MarketPrice("BTC-USD", d(bid), d(ask), clock.instant()));
    }

    void await(Order order, OrderStatus status) {
      bot.awaitAssert(Duration.ofSeconds(3), () -> {
        assertEquals(status, kit.getState().find(order.clientOrderId()).map(VenueOrder::status).orElse(OrderStatus.UNKNOWN));
        return null;
      });
    }

    VenueOrder order(Order order) {
      return kit.getState().find(order.clientOrderId()).orElseThrow();
    }

    BigDecimal position() {
      return kit.getState().positions().get(VenueState.positionKey("bot-a", "BTC-USD"));
    }
  }

  @Test
  void afterTheVenueMovedToAFreshPaperBookItsReduceOnlyCapIsTheJournalsPositionNotTheBooks() {
    String venue = "paper-ro-" + VENUES.incrementAndGet();
    Entity e = new Entity(venue);
    e.price("99", "101");
    Order entry = VenueFixtures.market(venue, 1, Side.BUY, "2");
    e.submit(entry);
    e.await(entry, OrderStatus.FILLED);
    assertEquals(0, d("2").compareTo(e.position()), "the entity's journal holds the position");

    e.move(); // another node: a fresh paper book that never filled the entry, the same journal
    e.price("99", "101");
    Order exit = reduceOnly(venue, 2, OrderType.MARKET, "2", null, null);
    e.submit(exit);
    e.await(exit, OrderStatus.FILLED);
    Order again = VenueFixtures.market(venue, 3, Side.BUY, "2");
    e.submit(again);
    e.await(again, OrderStatus.FILLED);

    e.move(); // and again: the stop and the target rest for the whole position in this book
    e.price("99", "101");
    Order stop = reduceOnly(venue, 4, OrderType.STOP, "2", null, "95");
    Order target = reduceOnly(venue, 5, OrderType.LIMIT, "2", "110", null);
    e.submit(stop);
    e.submit(target);
    e.await(stop, OrderStatus.WORKING);
    e.await(target, OrderStatus.WORKING);
    e.price("94", "96"); // the stop closes the position
    e.await(stop, OrderStatus.FILLED);
    e.price("111", "112"); // the target is touched: nothing is left to reduce
    e.await(target, OrderStatus.CANCELLED);
    assertEquals(0, e.order(target).filledQuantity().signum(), "the target closed nothing more");
    assertTrue(e.order(target).reason().startsWith("reduce-only: no long position"), e.order(target).reason());
    assertEquals(null, e.position(), "flat");
    assertEquals(3, e.books.size(), "three paper books, one per start");
  }

  /**
   * A restart on the same node keeps the paper book. The incarnation before it wrote a close's fill, then stopped before
   * its write's callback told the book so (a stop between the two is all it takes): the book still held that fill as
   * unwritten. Recovery must tell the book every fill the journal holds, or the fill counts twice and the bot's next
   * close is capped at zero, cancelled over and over (the Cassandra order-path run 7009: a bot CLOSING for good, 135
   * closes cancelled "reduce-only: no long position").
   */
  @Test
  void aFillWrittenJustBeforeARestartIsNotCountedTwiceByTheBookThatOutlivedIt() {
    String venue = "paper-ro-" + VENUES.incrementAndGet();
    var book = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS);
    var stopsBeforeCallbacks = new java.util.concurrent.atomic.AtomicBoolean();
    var adapter = new ForwardingVenueAdapter(book) {
      @Override
      public void positionsWritten(java.util.Map<String, BigDecimal> positions, java.util.Set<String> fillIds) {
        if (!stopsBeforeCallbacks.get()) super.positionsWritten(positions, fillIds);
      }
    };
    Entity e = new Entity(venue, adapter);
    e.price("99", "101");
    Order entry = VenueFixtures.market(venue, 1, Side.BUY, "1");
    e.submit(entry);
    e.await(entry, OrderStatus.FILLED);

    stopsBeforeCallbacks.set(true); // the next fill is written, and its incarnation stops before telling the book
    Order half = reduceOnly(venue, 2, OrderType.MARKET, "0.5", null, null);
    e.submit(half);
    e.await(half, OrderStatus.FILLED);
    stopsBeforeCallbacks.set(false);
    e.move(); // the same book: a restart on the same node
    assertEquals(0, d("0.5").compareTo(e.position()), "the journal holds 0.5");

    e.price("99", "101");
    Order rest = reduceOnly(venue, 3, OrderType.MARKET, "0.5", null, null);
    e.submit(rest);
    e.await(rest, OrderStatus.FILLED);
    assertEquals(null, e.position(), "flat: the close of the 0.5 left was not capped at zero");
  }
}
