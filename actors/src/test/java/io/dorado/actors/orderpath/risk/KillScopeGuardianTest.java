package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.KillScope;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The granular kill switch through a real guardian actor (journal in memory, every message serialized): killing one
 * venue cancels that venue's working entries at the venue once written, keeps its protective stop working, lets its
 * exits out and denies its new entries, while another venue trades on; the engaged scope survives a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillScopeGuardianTest {
  private final ActorTestKit kit = ActorTestKit.create("kill-scope-guardian", TestConfigs.eventSourced());
  private static final Universe TWO_VENUES = new Universe("kill", List.of(
      new Underlying("AAPL", AssetClass.EQUITY, "paper", "USD"),
      new Underlying("SPY", AssetClass.EQUITY, "ibkr", "USD")));

  private final TestProbe<Venue.Command> paper = kit.createTestProbe();
  private final TestProbe<Venue.Command> ibkr = kit.createTestProbe();
  private final TestProbe<OrderReport> reports = kit.createTestProbe();
  private final TestProbe<RiskGuardian.OperatorReply> operator = kit.createTestProbe();
  private final RiskGuardianActor.Settings settings = new RiskGuardianActor.Settings("kill-scopes", d("100000"),
      Duration.ofMinutes(10), GuardianRig.SIGNER, new MutableClock(T0)); // the working-order reconcile timer stays quiet
  private final RiskEngine engine = new RiskEngine(Fixtures.noReview(), Instrument.Lookup.of(TWO_VENUES, Fixtures.noReview()));
  private final VenueDirectory venues = VenueDirectory.of(Map.of("paper", paper.ref(), "ibkr", ibkr.ref()));
  private long seq;
  /** How long a probe waits: the machine is shared, and a guardian's first journal write can take seconds there. */
  private static final Duration WAIT = Duration.ofSeconds(20);

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private Order market(String bot, String venue, String symbol, Side side, String qty, boolean reduceOnly) {
    return Order.market(ClientOrderId.of(bot, ++seq), venue, symbol, side, d(qty), reduceOnly);
  }

  private static Venue.Submit submitted(ActorRef<RiskGuardian.Command> g, TestProbe<Venue.Command> venue, Order o,
      TestProbe<OrderReport> reports) {
    g.tell(new RiskGuardian.AcknowledgeOrder(o, reports.ref()));
    Object first;
    try {
      first = next(venue);
    } catch (AssertionError e) {
      throw new AssertionError("no submission; the bot heard " + reports.receiveMessage(WAIT), e);
    }
    var submit = assertInstanceOf(Venue.Submit.class, first);
    assertEquals(o.clientOrderId(), submit.ack().clientOrderId());
    return submit;
  }

  /** The venue's next message other than a status query (a restarted guardian asks about its working orders). */
  private static Venue.Command next(TestProbe<Venue.Command> venue) {
    while (true) {
      Venue.Command m = venue.receiveMessage(WAIT);
      if (!(m instanceof Venue.QueryOrder)) return m;
    }
  }

  private OrderReport.Denied denied(ActorRef<RiskGuardian.Command> g, Order o) {
    g.tell(new RiskGuardian.AcknowledgeOrder(o, reports.ref()));
    return assertInstanceOf(OrderReport.Denied.class, reports.receiveMessage(WAIT));
  }

  private RiskGuardian.GuardianStatus status(ActorRef<RiskGuardian.Command> g) {
    TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
    g.tell(new RiskGuardian.GetStatus(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  @Test
  void killing_one_venue_cancels_its_working_entries_keeps_its_stop_and_denies_its_entries_while_another_venue_trades() {
    ActorRef<RiskGuardian.Command> g = kit.spawn(RiskGuardianActor.create(settings, engine, venues));
    g.tell(new RiskGuardian.MarkPrice("AAPL", d("100"), T0));
    g.tell(new RiskGuardian.MarkPrice("SPY", d("500"), T0));
    // ibkr: b0 holds 10 SPY under a protective stop; b1's entry works. paper: b3's entry works.
    Order held = market("b0", "ibkr", "SPY", Side.BUY, "10", false);
    submitted(g, ibkr, held, reports);
    g.tell(new RiskGuardian.VenueReported(new OrderReport.Filled(held.clientOrderId(), new Fill("f-held",
        held.clientOrderId(), "SPY", Side.BUY, d("10"), d("500"), BigDecimal.ZERO, T0), d("10"), true)));
    Order stop = new Order(ClientOrderId.of("b0", ++seq), "ibkr", "SPY", Side.SELL, OrderType.STOP, d("10"), null,
        d("480"), TimeInForce.GTC, true);
    submitted(g, ibkr, stop, reports);
    Order ibkrEntry = market("b1", "ibkr", "SPY", Side.BUY, "2", false);
    submitted(g, ibkr, ibkrEntry, reports);
    Order paperEntry = market("b3", "paper", "AAPL", Side.BUY, "5", false);
    submitted(g, paper, paperEntry, reports);

    g.tell(new RiskGuardian.EngageKillScope(KillScope.ofVenue("ibkr"), "alice", "venue misbehaving", operator.ref()));

    var reply = operator.receiveMessage(WAIT);
    assertTrue(reply.killSwitch());
    assertEquals(TradingState.ACTIVE, reply.tradingState(), "not the fleet-wide HALT");
    var cancel = assertInstanceOf(Venue.CancelOrder.class, next(ibkr));
    assertEquals(ibkrEntry.clientOrderId(), cancel.clientOrderId());
    assertEquals("kill switch venue:ibkr: venue misbehaving", cancel.reason());
    // The next thing ibkr hears is the exit's submission: the stop was not cancelled. paper heard no cancel either.
    submitted(g, ibkr, market("b0", "ibkr", "SPY", Side.SELL, "10", true), reports);
    submitted(g, paper, market("b4", "paper", "AAPL", Side.BUY, "1", false), reports);
    var denial = denied(g, market("b2", "ibkr", "SPY", Side.BUY, "1", false));
    assertEquals(DenialReason.KILL_SWITCH_VENUE, denial.reason());
    assertEquals("kill switch engaged for venue ibkr by alice (venue misbehaving): no new exposure, reduce-only exits pass",
        denial.detail());
    var engaged = status(g).killScopes();
    assertEquals(List.of(new KillScope.Engaged(KillScope.ofVenue("ibkr"), "alice", "venue misbehaving", T0)), engaged);

    // Restarted from its journal: still killed; released: it trades again.
    TestProbe<Object> watcher = kit.createTestProbe();
    g.tell(new RiskGuardian.Stop());
    watcher.expectTerminated(g, WAIT);
    ActorRef<RiskGuardian.Command> again = kit.spawn(RiskGuardianActor.create(settings, engine, venues));
    assertEquals(engaged, status(again).killScopes());
    assertEquals(DenialReason.KILL_SWITCH_VENUE, denied(again, market("b2", "ibkr", "SPY", Side.BUY, "1", false)).reason());
    again.tell(new RiskGuardian.ReleaseKillScope(KillScope.ofVenue("ibkr"), "bob", "venue fixed", operator.ref()));
    assertEquals("kill switch released for venue ibkr: new exposure allowed there again", operator.receiveMessage(WAIT).detail());
    submitted(again, ibkr, market("b2", "ibkr", "SPY", Side.BUY, "1", false), reports);
    assertTrue(status(again).killScopes().isEmpty());
  }
}
