package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One real {@link RiskGuardianActor} with probes for its venues and for the bot it answers, and
 * helpers that build its state the only way a guardian's state is built: through its commands.
 */
final class GuardianRig {
  static final String SECRET = "guardian-actor-test-secret-0123456789";
  static final AckSigner SIGNER = AckSigner.ofSecret(SECRET);
  private static final AtomicInteger IDS = new AtomicInteger();

  final ActorTestKit kit;
  final String guardianId = "guardian-" + IDS.incrementAndGet();
  final MutableClock clock = new MutableClock(T0);
  final Map<String, TestProbe<Venue.Command>> venues = new HashMap<>();
  final TestProbe<RiskGuardian.ReviewReply> reviews;
  final TestProbe<OrderReport> reports;
  final TestProbe<RiskGuardian.OperatorReply> operator;
  final ActorRef<RiskGuardian.Command> guardian;
  private final RiskGuardianActor.Settings settings;
  private final RiskEngine engine;
  private final VenueDirectory directory;
  private final AtomicInteger fills = new AtomicInteger();

  /**
   * The guardian with {@code policy} over {@link Fixtures#UNIVERSE}. Each venue is a probe; the paper
   * venue is the behaviour {@code venueBehaviour} makes of (guardian id, its probe) when one is given.
   */
  GuardianRig(ActorTestKit kit, RiskPolicy policy, boolean budgetRequired,
      BiFunction<String, TestProbe<Venue.Command>, Behavior<Venue.Command>> venueBehaviour) {
    this.kit = kit;
    this.reviews = kit.createTestProbe();
    this.reports = kit.createTestProbe();
    this.operator = kit.createTestProbe();
    var refs = new HashMap<String, ActorRef<Venue.Command>>();
    for (String v : new String[] {VENUE, "ibkr"}) {
      TestProbe<Venue.Command> probe = kit.createTestProbe();
      venues.put(v, probe);
      refs.put(v, venueBehaviour == null || !v.equals(VENUE) ? probe.ref() : kit.spawn(venueBehaviour.apply(guardianId, probe)));
    }
    var settings = new RiskGuardianActor.Settings(guardianId, d("100000"), Duration.ofSeconds(30), SIGNER, clock,
        budgetRequired);
    this.settings = settings;
    this.engine = Fixtures.engine(policy);
    this.directory = VenueDirectory.of(refs);
    this.guardian = kit.spawn(RiskGuardianActor.create(settings, engine, directory));
    mark("AAPL", "100");
    mark("MSFT", "200");
    mark("BTC-USD", "50000");
  }

  GuardianRig(ActorTestKit kit, RiskPolicy policy) {
    this(kit, policy, false, null);
  }

  /** The same guardian (same persistence id) started again, as after a crash; the old one must be stopped. */
  ActorRef<RiskGuardian.Command> respawn() {
    return kit.spawn(RiskGuardianActor.create(settings, engine, directory));
  }

  String persistenceId() {
    return RiskGuardianActor.persistenceId(guardianId).id();
  }

  TestProbe<Venue.Command> venue() {
    return venues.get(VENUE);
  }

  void mark(String symbol, String price) {
    guardian.tell(new RiskGuardian.MarkPrice(symbol, d(price), clock.instant()));
  }

  void review(TradeProposal p) {
    guardian.tell(new RiskGuardian.ReviewTrade(p, reviews.ref()));
  }

  RiskGuardian.ReviewReply reviewed(String bot, String symbol, Side side, String qty, String price, String stop) {
    review(proposal(bot, symbol, side, qty, price, stop));
    return reviews.receiveMessage();
  }

  TradeProposal proposal(String bot, String symbol, Side side, String qty, String price, String stop) {
    return Fixtures.proposal(bot, symbol, side, price, stop, Sizing.fixedQuantity(d(qty)), clock.instant());
  }

  void acknowledge(Order order) {
    guardian.tell(new RiskGuardian.AcknowledgeOrder(order, reports.ref()));
  }

  /** Acknowledges {@code order} and returns the submission its venue received. */
  Venue.Submit submitted(Order order) {
    acknowledge(order);
    var submit = assertInstanceOf(Venue.Submit.class, venues.get(order.venue()).receiveMessage());
    assertEquals(order, submit.ack().order());
    return submit;
  }

  OrderReport.Denied denied(Order order) {
    acknowledge(order);
    return assertInstanceOf(OrderReport.Denied.class, reports.receiveMessage());
  }

  /** Reviewed, acknowledged and completely filled at {@code price}: the bot holds the position. */
  Order hold(String bot, String symbol, Side side, String qty, String price, String stop) {
    assertInstanceOf(RiskGuardian.TradeApproved.class, reviewed(bot, symbol, side, qty, price, stop));
    Order o = Order.market(Fixtures.id(bot), VENUE, symbol, side, d(qty), false);
    submitted(o);
    fill(o, qty, price, clock.instant());
    return o;
  }

  void fill(Order o, String qty, String price, Instant at) {
    Fill f = new Fill(guardianId + "-f" + fills.incrementAndGet(), o.clientOrderId(), o.symbol(), o.side(), d(qty),
        d(price), BigDecimal.ZERO, at);
    guardian.tell(new RiskGuardian.VenueReported(new OrderReport.Filled(o.clientOrderId(), f, d(qty), true)));
  }

  void cancelled(ClientOrderId id) {
    guardian.tell(new RiskGuardian.VenueReported(new OrderReport.Cancelled(id, BigDecimal.ZERO, "test")));
  }

  RiskGuardian.OperatorReply setState(TradingState state) {
    guardian.tell(new RiskGuardian.SetTradingState(state, "operator", "test", operator.ref()));
    return operator.receiveMessage();
  }

  RiskGuardian.OperatorReply killSwitch() {
    guardian.tell(new RiskGuardian.EngageKillSwitch("operator", "test", operator.ref()));
    return operator.receiveMessage();
  }

  void budgets(Map<String, BigDecimal> budgets) {
    guardian.tell(new RiskGuardian.BudgetsUpdated(budgets, clock.instant()));
  }

  RiskGuardian.GuardianStatus status() {
    TestProbe<RiskGuardian.GuardianStatus> probe = kit.createTestProbe();
    guardian.tell(new RiskGuardian.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  RiskGuardian.BreakerReport breakers() {
    return breakers(guardian);
  }

  RiskGuardian.BreakerReport breakers(ActorRef<RiskGuardian.Command> g) {
    TestProbe<RiskGuardian.BreakerReport> probe = kit.createTestProbe();
    g.tell(new RiskGuardian.GetBreakers(probe.ref()));
    return probe.receiveMessage();
  }

  static Order market(String bot, String symbol, Side side, String qty) {
    return Fixtures.market(bot, symbol, side, qty);
  }

  static Order reduceOnly(String bot, String symbol, Side side, String qty) {
    return Fixtures.reduceOnly(bot, symbol, side, qty);
  }
}
