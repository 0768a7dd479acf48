package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A lost {@link Venue.ForgetSettled} no longer leaves its orders at the venue for good: on every forget tick the
 * guardian tells each venue, per bot, the highest sequence it forgot and which orders at or below it it still
 * holds ({@link Venue.ForgottenThrough}), and the venue forgets the rest of its settled orders at or below the
 * mark. Never a working order, never one the guardian still holds (it may still be owed a fill), and it all
 * holds across restarts of either side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgottenThroughSyncTest {
  private static final Duration RETENTION = RiskGuardianActor.Settings.DEFAULT_SETTLED_RETENTION;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final ActorTestKit kit = ActorTestKit.create("forgotten-through-sync", TestConfigs.eventSourced());
  private final PersistenceTestKit journal = PersistenceTestKit.create(kit.system());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /**
   * A real guardian and a real paper venue account, with the line between them in the test's hands: the first
   * {@link Venue.ForgetSettled} the guardian sends is lost, and so are the venue's reports to the guardian about
   * the ids in {@link #lostReports}.
   */
  private final class GuardianAndVenue {
    final int run = RUNS.incrementAndGet();
    final String venueId = "paper-sync-" + run;
    final String bot = "sync-bot-" + run;
    final MutableClock clock = new MutableClock(T0);
    final AtomicInteger forgetsToLose = new AtomicInteger(1);
    final Set<ClientOrderId> lostReports = ConcurrentHashMap.newKeySet();
    final TestProbe<Venue.Command> guardianSent = kit.createTestProbe();
    final TestProbe<OrderReport> botReports = kit.createTestProbe();
    final AtomicReference<ActorRef<RiskGuardian.Command>> guardian = new AtomicReference<>();
    final AtomicReference<ActorRef<Venue.Command>> venue = new AtomicReference<>();
    final PaperVenue exchange = new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS);
    final RiskGuardianActor.Settings settings = new RiskGuardianActor.Settings("sync-guardian-" + run, d("100000"),
        Duration.ofMinutes(10), GuardianRig.SIGNER, clock, false); // no reconcile tick of its own during a test
    final RiskEngine engine;
    final ActorRef<Venue.Command> line = kit.spawn(Behaviors.receiveMessage(command -> {
      guardianSent.ref().tell(command);
      if (!(command instanceof Venue.ForgetSettled && forgetsToLose.getAndDecrement() > 0)) venue.get().tell(command);
      return Behaviors.same();
    }));
    final ActorRef<OrderReport> reportsToGuardian = kit.spawn(Behaviors.receiveMessage(report -> {
      if (!lostReports.contains(report.clientOrderId())) guardian.get().tell(new RiskGuardian.VenueReported(report));
      return Behaviors.same();
    }));
    private long sequence;

    GuardianAndVenue() {
      RiskPolicy policy = Fixtures.noReview();
      engine = new RiskEngine(policy, Instrument.Lookup.of(new Universe("sync", List.of(
          new Underlying("AAPL", AssetClass.EQUITY, venueId, "USD"))), policy));
      startVenue();
      startGuardian();
      guardian.get().tell(new RiskGuardian.MarkPrice("AAPL", d("100"), clock.instant()));
      venue.get().tell(Venue.MarketPrice.last("AAPL", d("100"), clock.instant())); // market orders fill at once
    }

    void startVenue() {
      venue.set(kit.spawn(VenueActor.create(new VenueSettings(venueId, settings.guardianId(), GuardianRig.SIGNER, clock,
          Duration.ofSeconds(3), Duration.ofMillis(100)), exchange, reportsToGuardian)));
    }

    void startGuardian() {
      guardian.set(kit.spawn(RiskGuardianActor.create(settings, engine, VenueDirectory.of(Map.of(venueId, line)))));
    }

    void restartGuardian() {
      kit.stop(guardian.get());
      startGuardian();
    }

    void restartVenue() {
      kit.stop(venue.get());
      startVenue();
    }

    Order market() {
      return Order.market(ClientOrderId.of(bot, ++sequence), venueId, "AAPL", Side.BUY, BigDecimal.ONE, false);
    }

    Order restingLimit() {
      return new Order(ClientOrderId.of(bot, ++sequence), venueId, "AAPL", Side.BUY, OrderType.LIMIT, BigDecimal.ONE,
          d("90"), null, TimeInForce.GTC, false);
    }

    void acknowledge(Order order) {
      guardian.get().tell(new RiskGuardian.AcknowledgeOrder(order, botReports.ref()));
      assertInstanceOf(Venue.Submit.class, guardianSent.receiveMessage());
    }

    RiskGuardian.GuardianStatus status() {
      TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
      guardian.get().tell(new RiskGuardian.GetStatus(probe.ref()));
      return probe.receiveMessage();
    }

    void awaitGuardian(Predicate<RiskGuardian.GuardianStatus> condition) {
      botReports.awaitAssert(Duration.ofSeconds(5), () -> {
        var status = status();
        assertTrue(condition.test(status), status::toString);
        return null;
      });
    }

    VenueState orders() {
      TestProbe<VenueState> probe = kit.createTestProbe();
      venue.get().tell(new Venue.GetOrders(probe.ref()));
      return probe.receiveMessage();
    }

    void awaitVenue(Predicate<VenueState> condition) {
      botReports.awaitAssert(Duration.ofSeconds(5), () -> {
        var state = orders();
        assertTrue(condition.test(state), () -> "venue holds " + state.orders().keySet());
        return null;
      });
    }

    OrderStatus statusAtVenue(Order order) {
      return orders().find(order.clientOrderId()).map(VenueOrder::status).orElse(null);
    }

    /** The guardian's forget timer fires; returns once its forgetting (if any) is in the journal. */
    void forgetTick(int forgettingsWritten) {
      guardian.get().tell(new GuardianMessages.ForgetSettled());
      botReports.awaitAssert(Duration.ofSeconds(5), () -> {
        assertEquals(forgettingsWritten, journal.persistedInStorage(RiskGuardianActor.persistenceId(settings.guardianId())
            .id()).stream().filter(GuardianEvent.SettledForgotten.class::isInstance).count());
        return null;
      });
    }

    BigDecimal position() {
      return status().positions().getOrDefault("AAPL", BigDecimal.ZERO);
    }
  }

  @Test
  void aLostForgetSettledIsHealedByTheNextTicksSyncAndStaysHealedAcrossRestarts() {
    var pair = new GuardianAndVenue();
    Order first = pair.market();
    Order second = pair.market();
    pair.acknowledge(first);
    pair.acknowledge(second);
    pair.awaitGuardian(s -> s.workingOrders() == 0 && d("2").compareTo(s.positions().getOrDefault("AAPL", BigDecimal.ZERO)) == 0);
    pair.awaitVenue(s -> s.orders().size() == 2 && s.orders().values().stream().allMatch(VenueOrder::isTerminal));

    pair.clock.advance(RETENTION.plusMinutes(1));
    pair.forgetTick(1);
    var lost = assertInstanceOf(Venue.ForgetSettled.class, pair.guardianSent.receiveMessage());
    assertEquals(Set.of(first.clientOrderId(), second.clientOrderId()), Set.copyOf(lost.ids()));
    pair.guardianSent.expectNoMessage(Duration.ofMillis(200));
    assertEquals(2, pair.orders().orders().size(), "the message was lost: the venue still holds both");

    pair.restartGuardian(); // the marks come back from its journal
    pair.clock.advance(Duration.ofHours(1));
    pair.forgetTick(1); // nothing more to forget; the sync goes out all the same

    pair.awaitVenue(s -> s.orders().isEmpty());
    var sync = assertInstanceOf(Venue.ForgottenThrough.class, pair.guardianSent.receiveMessage());
    assertEquals(Map.of(pair.bot, 2L), sync.through());
    assertEquals(List.of(), sync.kept());
    assertEquals(Map.of(pair.bot, 2L), pair.orders().forgottenThrough());

    pair.restartVenue();
    VenueState recovered = pair.orders();
    assertTrue(recovered.orders().isEmpty(), recovered::toString);
    assertEquals(Map.of(pair.bot, 2L), recovered.forgottenThrough());
    TestProbe<OrderReport> asker = kit.createTestProbe();
    pair.venue.get().tell(new Venue.QueryOrder(first.clientOrderId(), asker.ref()));
    var status = asker.expectMessageClass(OrderReport.Status.class, Duration.ofSeconds(3));
    assertEquals(OrderStatus.FORGOTTEN, status.status());
    assertTrue(status.reason().contains("forgotten"), status.reason());
  }

  @Test
  void theSyncNeverForgetsAWorkingOrderNorASettledOneTheGuardianStillHoldsBelowTheMark() {
    var pair = new GuardianAndVenue();
    Order owed = pair.market(); // filled at the venue; the guardian never hears of it (still owed that fill)
    Order resting = pair.restingLimit(); // working at both
    Order done = pair.market(); // filled, heard, settled: the only one the guardian forgets
    pair.lostReports.add(owed.clientOrderId());
    pair.acknowledge(owed);
    pair.acknowledge(resting);
    pair.acknowledge(done);
    pair.awaitVenue(s -> s.orders().size() == 3 && s.find(done.clientOrderId()).orElseThrow().isTerminal()
        && s.find(owed.clientOrderId()).orElseThrow().isTerminal());
    pair.awaitGuardian(s -> s.workingOrders() == 2 && BigDecimal.ONE.compareTo(s.positions().getOrDefault("AAPL", BigDecimal.ZERO)) == 0);

    pair.clock.advance(RETENTION.plusMinutes(1));
    pair.forgetTick(1);
    assertEquals(List.of(done.clientOrderId()),
        assertInstanceOf(Venue.ForgetSettled.class, pair.guardianSent.receiveMessage()).ids()); // lost
    pair.clock.advance(Duration.ofHours(1));
    pair.forgetTick(1);

    pair.awaitVenue(s -> s.find(done.clientOrderId()).isEmpty());
    assertEquals(OrderStatus.FILLED, pair.statusAtVenue(owed), "settled here, but the guardian still holds it");
    assertEquals(OrderStatus.WORKING, pair.statusAtVenue(resting));
    // The mark is above the owed and the resting order, and the guardian said it still holds both.
    var sync = assertInstanceOf(Venue.ForgottenThrough.class, pair.guardianSent.receiveMessage());
    assertEquals(Map.of(pair.bot, done.clientOrderId().sequence()), sync.through());
    assertEquals(List.of(owed.clientOrderId(), resting.clientOrderId()), sync.kept());

    // So the guardian, asking after its working orders, still gets the owed fill (not "forgotten").
    pair.guardian.get().tell(new GuardianMessages.ReconcileWorking());
    pair.awaitGuardian(s -> s.workingOrders() == 1 && d("2").compareTo(s.positions().getOrDefault("AAPL", BigDecimal.ZERO)) == 0);
    assertEquals(0, d("2").compareTo(pair.position()));
  }
}
