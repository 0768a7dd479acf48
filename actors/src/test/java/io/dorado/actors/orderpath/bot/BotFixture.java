package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;

/**
 * One bot under test with probes playing the risk guardian and the venue, and a clock the test
 * moves. Helpers drive the bot into each phase the way the real actors around it would.
 */
final class BotFixture {
  static final String BOT = "btc-momo-01";
  static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  final MutableClock clock = new MutableClock(T0);
  final TestProbe<RiskGuardian.Command> guardian;
  final TestProbe<Venue.Command> venue;
  final EventSourcedBehaviorTestKit<Bot.Command, BotEvent, BotState> kit;
  private int signals;
  private int fills;

  BotFixture(ActorTestKit testKit, Duration retryInterval) {
    guardian = testKit.createTestProbe(RiskGuardian.Command.class);
    venue = testKit.createTestProbe(Venue.Command.class);
    var settings = BotSettings.defaults().withClock(clock).withRetryInterval(retryInterval);
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        BotEntity.create(BOT, guardian.getRef(), venue.getRef(), settings));
  }

  /** With the links and settings the test shapes (an allocator probe, a validator). */
  BotFixture(ActorTestKit testKit, Duration retryInterval, UnaryOperator<BotLinks> links, UnaryOperator<BotSettings> tune) {
    guardian = testKit.createTestProbe(RiskGuardian.Command.class);
    venue = testKit.createTestProbe(Venue.Command.class);
    var settings = tune.apply(BotSettings.defaults().withClock(clock).withRetryInterval(retryInterval));
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        BotEntity.create(BOT, links.apply(BotLinks.of(guardian.getRef(), venue.getRef())), settings));
  }

  static BotConfig config(ApprovalMode mode, Duration approvalTimeout) {
    return new BotConfig(BOT, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH, mode,
        Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY, approvalTimeout);
  }

  /** Runs a command that answers with an {@link Bot.Ack}. */
  CommandResultWithReply<Bot.Command, BotEvent, BotState, Bot.Ack> ask(
      java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Bot.Ack>, Bot.Command> command) {
    return kit.<Bot.Ack>runCommand(command);
  }

  BotState state() {
    return kit.getState();
  }

  Phase phase() {
    return state().phase();
  }

  CommandResultWithReply<Bot.Command, BotEvent, BotState, Bot.Ack> create(ApprovalMode mode, Duration timeout) {
    return ask(r -> new Bot.Create(config(mode, timeout), r));
  }

  Signal signal(SignalAction action, String price) {
    signals++;
    return new Signal("sig-" + signals, BOT, "BTC", action, price == null ? null : new BigDecimal(price),
        null, null, "test", clock.instant());
  }

  CommandResultWithReply<Bot.Command, BotEvent, BotState, Bot.Ack> send(Signal signal) {
    return ask(r -> new Bot.IngestSignal(signal, r));
  }

  /** IDLE → RISK_CHECK, returning the review the guardian received. */
  RiskGuardian.ReviewTrade toRiskCheck(SignalAction action, String price) {
    send(signal(action, price));
    return guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
  }

  void approveRisk(RiskGuardian.ReviewTrade review, String quantity) {
    kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeApproved(
        review.proposal().reviewId(), new BigDecimal(quantity), new BigDecimal("250"), "ok")));
  }

  /** Created with human approval, then a long entry reviewed and approved by risk: AWAITING_APPROVAL. */
  RiskGuardian.ReviewTrade toAwaitingApproval(Duration timeout) {
    create(ApprovalMode.HUMAN_REQUIRED, timeout);
    var review = toRiskCheck(SignalAction.ENTER_LONG, "42000");
    approveRisk(review, "0.5");
    assertEquals(Phase.AWAITING_APPROVAL, phase());
    return review;
  }

  /** Through approval to EXECUTING; returns the order the guardian was asked to acknowledge. */
  Order toExecuting() {
    var review = toAwaitingApproval(Duration.ofHours(4));
    ask(r -> new Bot.Approve(review.proposal().reviewId(), "ops", r));
    return guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
  }

  /** Filled: MONITORING with a long position of the order's quantity. */
  Order toMonitoring(String price) {
    Order order = toExecuting();
    report(filled(order, order.quantity().toPlainString(), price, true));
    assertInstanceOf(BotState.Monitoring.class, state());
    return order;
  }

  OrderReport.Filled filled(Order order, String qty, String price, boolean complete) {
    fills++;
    var fill = new Fill(order.clientOrderId() + "-f" + fills, order.clientOrderId(), order.symbol(), order.side(),
        new BigDecimal(qty), new BigDecimal(price), new BigDecimal("1.00"), clock.instant());
    return new OrderReport.Filled(order.clientOrderId(), fill, new BigDecimal(qty), complete);
  }

  void report(OrderReport report) {
    kit.runCommand(new BotMessages.OrderReported(report));
  }

  static ClientOrderId orderId(long seq) {
    return ClientOrderId.of(BOT, seq);
  }
}
