package io.dorado.actors.orderpath.bot;

import static io.dorado.actors.orderpath.bot.BotFixture.orderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bot lifecycle of PRD §3.1, transition by transition, with probes as guardian and venue. The
 * state table in actors/README.md lists the same transitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotEntityTest {
  private final ActorTestKit testKit = ActorTestKit.create("bot-entity", TestConfigs.eventSourced());
  private BotFixture bot;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1)); // retries only when a test asks for them
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Bot.Rejected rejected(Bot.Ack ack) {
    return assertInstanceOf(Bot.Rejected.class, ack);
  }

  private static <E> List<Class<?>> types(List<E> events) {
    return events.stream().<Class<?>>map(Object::getClass).toList();
  }

  @Nested
  class Creation {
    @Test
    void aNewBotIsCreatedIdleWithItsConfig() {
      var result = bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      assertInstanceOf(BotEvent.BotCreated.class, result.event());
      assertEquals(Phase.IDLE, result.reply().phase());
      assertEquals("BTC", bot.state().data().config().underlying());
    }

    @Test
    void aBotThatDoesNotExistRejectsSignalsAndSaysSo() {
      var result = bot.send(bot.signal(SignalAction.ENTER_LONG, "42000"));
      assertTrue(result.hasNoEvents());
      assertEquals(Phase.NEW, result.reply().phase());
      assertTrue(rejected(result.reply()).reason().contains("does not exist"));
    }

    @Test
    void creatingAgainWithTheSameConfigIsHarmlessButAnotherConfigIsRejected() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var same = bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      assertTrue(same.hasNoEvents());
      assertInstanceOf(Bot.Accepted.class, same.reply());
      var other = bot.create(ApprovalMode.AUTO_EXECUTE, Duration.ofHours(4));
      assertTrue(rejected(other.reply()).reason().contains("another config"));
    }
  }

  @Nested
  class Idle {
    @Test
    void anEntrySignalPassesThroughSignalReceivedToRiskCheckAndAsksTheGuardianForAReview() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var result = bot.send(bot.signal(SignalAction.ENTER_LONG, "42000"));
      assertEquals(List.of(BotEvent.SignalIngested.class, BotEvent.RiskCheckStarted.class), types(result.events()));
      assertEquals(Phase.RISK_CHECK, result.reply().phase());
      var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      assertEquals(Side.BUY, review.proposal().side());
      assertEquals(0, new BigDecimal("42000").compareTo(review.proposal().referencePrice()));
      assertEquals(BotFixture.BOT + "/sig-1", review.proposal().reviewId());
    }

    @Test
    void theReviewIsAskedForWhileTheSignalIsWrittenAndASignalWhoseWriteFailsLeadsToNoOrder() {
      bot.create(ApprovalMode.AUTO_EXECUTE, Duration.ofHours(4));
      var signal = bot.signal(SignalAction.ENTER_LONG, "42000");
      var replies = testKit.createTestProbe(Bot.Ack.class);
      bot.kit.persistenceTestKit().failNextPersisted();
      try {
        bot.kit.runCommand(new Bot.IngestSignal(signal, replies.getRef()));
      } catch (AssertionError | RuntimeException writeFailed) {
        // the kit says the write failed; the bot restarts from its journal
      }
      var early = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      replies.expectNoMessage(Duration.ofMillis(300)); // never accepted: its sender will send it again

      // The guardian's approval of that review reaches a bot that never wrote the signal: nothing is ordered.
      bot.kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeApproved(
          early.proposal().reviewId(), new BigDecimal("0.5"), new BigDecimal("250"), "ok")));
      assertEquals(Phase.IDLE, bot.phase());
      bot.guardian.expectNoMessage(Duration.ofMillis(200));
      bot.venue.expectNoMessage(Duration.ofMillis(10));

      // Sent again, it is written and reviewed under the same review id; the order follows the written review.
      var again = bot.send(signal);
      assertEquals(Phase.RISK_CHECK, again.reply().phase());
      var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      assertEquals(early.proposal(), review.proposal());
      bot.approveRisk(review, "0.5");
      assertEquals(Phase.EXECUTING, bot.phase());
      bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class);
    }

    @Test
    void aShortEntryProposesASell() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      assertEquals(Side.SELL, bot.toRiskCheck(SignalAction.ENTER_SHORT, "42000").proposal().side());
    }

    @Test
    void aRepeatedSignalIdChangesNothingAndSaysSo() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var signal = bot.signal(SignalAction.ENTER_LONG, "42000");
      bot.send(signal);
      bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      var again = bot.send(signal);
      assertTrue(again.hasNoEvents());
      assertInstanceOf(Bot.AlreadyProcessed.class, again.reply());
      bot.guardian.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aSignalForAnotherUnderlyingOrBotIsRejected() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var s = bot.signal(SignalAction.ENTER_LONG, "42000");
      var wrongSymbol = new io.dorado.protocol.signal.Signal("x1", s.botId(), "ETH", s.action(), s.price(), null, null, "t", s.at());
      assertTrue(rejected(bot.send(wrongSymbol).reply()).reason().contains("not this bot's underlying"));
      var wrongBot = new io.dorado.protocol.signal.Signal("x2", "other", "BTC", s.action(), s.price(), null, null, "t", s.at());
      assertTrue(rejected(bot.send(wrongBot).reply()).reason().contains("for bot other"));
    }

    @Test
    void anExitOrAdjustSignalWithoutAPositionIsRejectedNamingThePhase() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var exit = bot.send(bot.signal(SignalAction.EXIT, null));
      assertEquals(Phase.IDLE, rejected(exit.reply()).phase());
      assertTrue(exit.hasNoEvents());
      assertEquals(Phase.IDLE, rejected(bot.send(bot.signal(SignalAction.ADJUST, "1")).reply()).phase());
    }
  }

  @Nested
  class RiskCheck {
    @Test
    void aRiskDenialGoesToRejectedThenIdleAndKeepsTheReason() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      var result = bot.kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeDenied(
          review.proposal().reviewId(), DenialReason.HEAT_LIMIT, "heat 31.2% > max 30%")));
      assertEquals(List.of(BotEvent.RiskRejected.class, BotEvent.ReturnedToIdle.class), types(result.events()));
      var idle = assertInstanceOf(BotState.Idle.class, result.state());
      assertEquals(Phase.REJECTED, idle.data().lastOutcome().phase());
      assertTrue(idle.data().lastOutcome().reason().contains("HEAT_LIMIT"));
      assertTrue(idle.data().lastOutcome().reason().contains("heat 31.2% > max 30%"));
    }

    @Test
    void aRiskApprovalAwaitsHumanApprovalWithADeadlineFromTheEventTime() {
      var review = bot.toAwaitingApproval(Duration.ofHours(4));
      var waiting = assertInstanceOf(BotState.AwaitingApproval.class, bot.state());
      assertEquals(BotFixture.T0.plus(Duration.ofHours(4)), waiting.deadline());
      assertEquals(review.proposal().reviewId(), waiting.proposal().reviewId());
      bot.guardian.expectNoMessage(Duration.ofMillis(100)); // nothing is acknowledged before a human decides
    }

    @Test
    void inAutoExecuteModeARiskApprovalGoesStraightToExecutingAndAsksForAcknowledgement() {
      bot.create(ApprovalMode.AUTO_EXECUTE, Duration.ofHours(4));
      var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      bot.approveRisk(review, "0.25");
      var executing = assertInstanceOf(BotState.Executing.class, bot.state());
      assertEquals(orderId(1), executing.working().order().clientOrderId());
      var ack = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class);
      assertEquals(0, new BigDecimal("0.25").compareTo(ack.order().quantity()));
    }

    @Test
    void theGuardiansAnswerThroughTheMessageAdapterMovesTheBot() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      review.replyTo().tell(new RiskGuardian.TradeApproved(review.proposal().reviewId(), BigDecimal.ONE, BigDecimal.TEN, ""));
      testKit.createTestProbe().awaitAssert(() -> {
        assertEquals(Phase.AWAITING_APPROVAL, bot.phase());
        return null;
      });
    }

    @Test
    void anAnswerToAnOlderReviewChangesNothing() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      var result = bot.kit.runCommand(new BotMessages.RiskReviewed(
          new RiskGuardian.TradeApproved("someone-else/sig-9", BigDecimal.ONE, BigDecimal.ONE, "")));
      assertTrue(result.hasNoEvents());
      assertEquals(Phase.RISK_CHECK, bot.phase());
    }

    @Test
    void aZeroApprovedQuantityIsTreatedAsADenial() {
      bot.create(ApprovalMode.AUTO_EXECUTE, Duration.ofHours(4));
      var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      bot.approveRisk(review, "0");
      assertEquals(Phase.IDLE, bot.phase());
      bot.guardian.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aBotRestartedInRiskCheckAsksForItsReviewAgain() {
      bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      bot.kit.restart();
      assertEquals(review.proposal(), bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class).proposal());
    }

    @Test
    void whileWaitingTheReviewIsRetriedOnTheRetryTimer() {
      var fast = new BotFixture(testKit, Duration.ofMillis(100));
      fast.kit.clear();
      fast.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
      var review = fast.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      assertEquals(review.proposal(), fast.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class).proposal());
    }
  }

  @Nested
  class AwaitingApproval {
    @Test
    void approvingPersistsTheOrderIntentBeforeAskingTheGuardianToAcknowledgeIt() {
      var review = bot.toAwaitingApproval(Duration.ofHours(4));
      var result = bot.ask(r -> new Bot.Approve(review.proposal().reviewId(), "alice", r));
      assertEquals(List.of(BotEvent.ExecutionApproved.class, BotEvent.OrderIntended.class), types(result.events()));
      var intended = (BotEvent.OrderIntended) result.events().get(1);
      assertEquals(orderId(1), intended.order().clientOrderId());
      var ack = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class);
      assertEquals(intended.order(), ack.order());
      bot.venue.expectNoMessage(Duration.ofMillis(100)); // the bot never talks to the venue to send
    }

    @Test
    void rejectingCancelsAndReturnsToIdle() {
      var review = bot.toAwaitingApproval(Duration.ofHours(4));
      var result = bot.ask(r -> new Bot.Reject(review.proposal().reviewId(), "bob", "too late in the day", r));
      assertEquals(List.of(BotEvent.TradeCancelled.class, BotEvent.ReturnedToIdle.class), types(result.events()));
      var idle = assertInstanceOf(BotState.Idle.class, result.state());
      assertEquals(Phase.CANCELLED, idle.data().lastOutcome().phase());
      assertTrue(idle.data().lastOutcome().reason().contains("too late in the day"));
    }

    @Test
    void theApprovalTimesOutOnItsOwn() {
      var real = new BotFixture(testKit, Duration.ofHours(1));
      real.kit.clear();
      real.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofMillis(300));
      var review = real.toRiskCheck(SignalAction.ENTER_LONG, "42000");
      real.approveRisk(review, "0.5");
      real.clock.advance(Duration.ofSeconds(1)); // the deadline has passed when the timer fires
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
        var idle = assertInstanceOf(BotState.Idle.class, real.state());
        assertTrue(idle.data().lastOutcome().reason().contains("approval timed out"));
        return null;
      });
    }

    @Test
    void theApprovalDeadlineSurvivesARestart() {
      bot.toAwaitingApproval(Duration.ofHours(4));
      bot.clock.advance(Duration.ofHours(4).plusSeconds(1));
      bot.kit.restart(); // the deadline is recomputed from the persisted event, so it fires at once
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
        var idle = assertInstanceOf(BotState.Idle.class, bot.state());
        assertEquals(Phase.CANCELLED, idle.data().lastOutcome().phase());
        return null;
      });
      bot.guardian.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void anApprovalAfterTheDeadlineIsRejectedAndNothingIsSent() {
      var review = bot.toAwaitingApproval(Duration.ofHours(4));
      bot.clock.advance(Duration.ofHours(5));
      var result = bot.ask(r -> new Bot.Approve(review.proposal().reviewId(), "alice", r));
      assertTrue(rejected(result.reply()).reason().contains("expired"));
      assertEquals(Phase.IDLE, bot.phase());
      bot.guardian.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void approvingAnotherReviewThanTheOneWaitingIsRejected() {
      bot.toAwaitingApproval(Duration.ofHours(4));
      var result = bot.ask(r -> new Bot.Approve("btc-momo-01/old", "alice", r));
      assertEquals(Phase.AWAITING_APPROVAL, rejected(result.reply()).phase());
      assertTrue(result.hasNoEvents());
    }
  }

  @Nested
  class Executing {
    @Test
    void aCompleteFillMovesToMonitoringWithThePosition() {
      Order order = bot.toExecuting();
      bot.report(new OrderReport.Accepted(order.clientOrderId(), "paper-1"));
      var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(order, "0.5", "42010", true)));
      assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.EnteredMonitoring.class), types(result.events()));
      var monitoring = assertInstanceOf(BotState.Monitoring.class, result.state());
      assertEquals(0, new BigDecimal("0.5").compareTo(monitoring.data().position().quantity()));
      assertEquals(0, new BigDecimal("42010").compareTo(monitoring.data().position().averagePrice()));
    }

    @Test
    void partialFillsAccumulateUntilTheOrderIsComplete() {
      Order order = bot.toExecuting();
      bot.report(bot.filled(order, "0.2", "42000", false));
      var executing = assertInstanceOf(BotState.Executing.class, bot.state());
      assertEquals(0, new BigDecimal("0.2").compareTo(executing.working().filledQuantity()));
      bot.report(bot.filled(order, "0.3", "42002", false));
      assertEquals(Phase.MONITORING, bot.phase());
      assertEquals(0, new BigDecimal("0.5").compareTo(bot.state().data().position().quantity()));
    }

    @Test
    void aRepeatedFillReportIsAppliedOnce() {
      Order order = bot.toExecuting();
      var partial = bot.filled(order, "0.2", "42000", false);
      bot.report(partial);
      var again = bot.kit.runCommand(new BotMessages.OrderReported(partial));
      assertTrue(again.hasNoEvents());
      assertEquals(0, new BigDecimal("0.2").compareTo(bot.state().data().position().quantity()));
    }

    @Test
    void anOrderTheGuardianDeniesFailsAndReturnsToIdle() {
      Order order = bot.toExecuting();
      var result = bot.kit.runCommand(new BotMessages.OrderReported(
          new OrderReport.Denied(order.clientOrderId(), DenialReason.TRADING_HALTED, "kill switch engaged")));
      assertEquals(List.of(BotEvent.OrderFailed.class, BotEvent.ReturnedToIdle.class), types(result.events()));
      var idle = assertInstanceOf(BotState.Idle.class, result.state());
      assertEquals(Phase.FAILED, idle.data().lastOutcome().phase());
      assertTrue(idle.data().lastOutcome().reason().contains("TRADING_HALTED"));
    }

    @Test
    void anOrderTheVenueRejectsFails() {
      Order order = bot.toExecuting();
      bot.report(new OrderReport.Rejected(order.clientOrderId(), "insufficient margin"));
      assertTrue(bot.state().data().lastOutcome().reason().contains("insufficient margin"));
      assertEquals(Phase.IDLE, bot.phase());
    }

    @Test
    void aPartialFillThatIsAbandonedFailsAndTheResidualIsClosedReduceOnly() {
      Order order = bot.toExecuting();
      bot.report(bot.filled(order, "0.2", "42000", false));
      var result = bot.kit.runCommand(new BotMessages.OrderReported(
          new OrderReport.Cancelled(order.clientOrderId(), new BigDecimal("0.2"), "execution timeout")));
      assertEquals(List.of(BotEvent.OrderFailed.class, BotEvent.ClosingStarted.class, BotEvent.OrderIntended.class),
          types(result.events()));
      var closing = assertInstanceOf(BotState.Closing.class, result.state());
      Order close = closing.working().order();
      assertEquals(orderId(2), close.clientOrderId());
      assertEquals(Side.SELL, close.side());
      assertTrue(close.reduceOnly());
      assertEquals(0, new BigDecimal("0.2").compareTo(close.quantity()));
      bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class); // the close also needs an ack
    }

    @Test
    void aBotRecoveringWithAnUnresolvedOrderAsksTheVenueBeforeAnythingElse() {
      Order order = bot.toExecuting();
      bot.kit.restart();
      var query = bot.venue.expectMessageClass(Venue.QueryOrder.class);
      assertEquals(order.clientOrderId(), query.clientOrderId());
      bot.guardian.expectNoMessage(Duration.ofMillis(100));
      // The venue never got it (the ack was lost): the same order, same client order id, is asked for again.
      query.reportTo().tell(new OrderReport.Status(order.clientOrderId(), OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), null));
      assertEquals(order, bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order());
    }

    @Test
    void aStatusAnswerWithFillsTheBotMissedIsReconciled() {
      Order order = bot.toExecuting();
      var fill = bot.filled(order, "0.5", "42000", true).fill();
      bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.FILLED, new BigDecimal("0.5"), List.of(fill), null));
      assertEquals(Phase.MONITORING, bot.phase());
      assertEquals(1, bot.state().data().recentFillIds().size());
    }

    @Test
    void anOrderNotFilledWithinTheExecutionTimeoutIsCancelled() {
      Order order = bot.toExecuting();
      bot.clock.advance(Duration.ofMinutes(11));
      bot.kit.runCommand(new BotMessages.RetryPending("test"));
      assertEquals(order.clientOrderId(), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId());
    }

    @Test
    void whileAnOrderWorksTheRetryTimerAsksTheVenueForItsStatus() {
      Order order = bot.toExecuting();
      bot.kit.runCommand(new BotMessages.RetryPending("test"));
      assertEquals(order.clientOrderId(), bot.venue.expectMessageClass(Venue.QueryOrder.class).clientOrderId());
    }
  }

  @Nested
  class Monitoring {
    @Test
    void anExitSignalClosesWithAReduceOnlyOrderThenReturnsToIdleWithTheRealizedPnl() {
      bot.toMonitoring("42000");
      var exit = bot.send(bot.signal(SignalAction.EXIT, null));
      assertEquals(List.of(BotEvent.ClosingStarted.class, BotEvent.OrderIntended.class), types(exit.events()));
      assertEquals(Phase.CLOSING, exit.reply().phase());
      Order close = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
      assertTrue(close.reduceOnly());
      assertEquals(Side.SELL, close.side());
      var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(close, "0.5", "43000", true)));
      var idle = assertInstanceOf(BotState.Idle.class, result.state());
      assertTrue(idle.data().position().isFlat());
      // (43000 − 42000) × 0.5 − 2 × 1.00 commission
      assertEquals(0, new BigDecimal("498.00").compareTo(idle.data().position().realizedPnl()));
      assertEquals(Phase.CLOSING, idle.data().lastOutcome().phase());
    }

    @Test
    void anAdjustmentSignalGoesBackThroughRiskCheckWithoutANewBot() {
      bot.toMonitoring("42000");
      var result = bot.send(bot.signal(SignalAction.ADJUST, "43000"));
      var ingested = assertInstanceOf(BotEvent.SignalIngested.class, result.events().get(0));
      assertTrue(ingested.adjustment());
      var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      assertTrue(review.proposal().adjustment());
      bot.approveRisk(review, "0.25");
      bot.ask(r -> new Bot.Approve(null, "alice", r));
      Order add = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
      assertEquals(orderId(2), add.clientOrderId());
      bot.report(bot.filled(add, "0.25", "43000", true));
      assertEquals(Phase.MONITORING, bot.phase());
      assertEquals(0, new BigDecimal("0.75").compareTo(bot.state().data().position().quantity()));
    }

    @Test
    void aDeniedAdjustmentLeavesThePositionMonitored() {
      bot.toMonitoring("42000");
      bot.send(bot.signal(SignalAction.ADJUST, "43000"));
      var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      bot.kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeDenied(review.proposal().reviewId(), DenialReason.CONCENTRATION, "12% > 10%")));
      assertEquals(Phase.MONITORING, bot.phase());
      assertEquals(Phase.REJECTED, bot.state().data().lastOutcome().phase());
    }

    @Test
    void aManagementTriggerClosesThePosition() {
      bot.toMonitoring("42000");
      var result = bot.ask(r -> new Bot.ClosePosition("stop loss hit", r));
      assertEquals(Phase.CLOSING, result.reply().phase());
      assertEquals("stop loss hit", ((BotState.Closing) bot.state()).reason());
    }

    @Test
    void anEntrySignalWhileHoldingAPositionIsRejected() {
      bot.toMonitoring("42000");
      var result = bot.send(bot.signal(SignalAction.ENTER_LONG, "42000"));
      assertEquals(Phase.MONITORING, rejected(result.reply()).phase());
    }
  }

  @Nested
  class Closing {
    @Test
    void aFailedClosingOrderIsRetriedWithTheNextClientOrderId() {
      bot.toMonitoring("42000");
      bot.send(bot.signal(SignalAction.EXIT, null));
      Order first = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
      bot.report(new OrderReport.Rejected(first.clientOrderId(), "venue busy"));
      var closing = assertInstanceOf(BotState.Closing.class, bot.state());
      assertEquals(1, closing.failedAttempts());
      bot.kit.runCommand(new BotMessages.RetryPending("test"));
      Order second = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
      assertEquals(orderId(3), second.clientOrderId());
      assertTrue(second.reduceOnly());
    }

    @Test
    void aCloseThatKeepsFailingIsAlertedOnceAtTheFifthFailureNotOnEveryRetry() {
      TestProbe<Alert> alerts = testKit.createTestProbe();
      testKit.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, alerts.ref()));
      bot.toMonitoring("42000");
      bot.send(bot.signal(SignalAction.EXIT, null));
      for (int failure = 1; failure <= 7; failure++) {
        Order close = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
        bot.report(new OrderReport.Cancelled(close.clientOrderId(), BigDecimal.ZERO,
            "reduce-only: no long position of the bot to reduce"));
        bot.kit.runCommand(new BotMessages.RetryPending("test"));
      }
      var said = new java.util.ArrayList<Alert.CloseFailing>();
      while (true) { // every alert published, until a quiet half second
        try {
          if (alerts.receiveMessage(Duration.ofMillis(500)) instanceof Alert.CloseFailing c) said.add(c);
        } catch (AssertionError quiet) {
          break;
        }
      }
      assertEquals(1, said.size(), "one alert for 7 failures: " + said);
      assertEquals(5, said.get(0).failures());
      assertTrue(said.get(0).lastReason().contains("reduce-only: no long position"), said.get(0).lastReason());
      assertTrue(said.get(0).position().signum() > 0, "the position left open is named");
    }
  }

  @Test
  void aPausedBotRejectsNewSignalsAndResumesWhereItWas() {
    bot.toMonitoring("42000");
    bot.ask(r -> new Bot.Pause("ops", r));
    var refused = bot.send(bot.signal(SignalAction.EXIT, null));
    assertTrue(rejected(refused.reply()).reason().contains("paused"));
    assertEquals(Phase.MONITORING, bot.phase());
    var resumed = bot.ask(r -> new Bot.Resume("ops", r));
    assertEquals(Phase.MONITORING, resumed.reply().phase());
    assertFalse(bot.state().data().paused());
    assertEquals(Phase.CLOSING, bot.send(bot.signal(SignalAction.EXIT, null)).reply().phase());
  }

  @Test
  void aRestartedBotRecoversExactlyTheSameState() {
    bot.toMonitoring("42000");
    BotState before = bot.state();
    bot.kit.restart();
    assertEquals(before, bot.state());
  }

  /** The resting phases; SIGNAL_RECEIVED, REJECTED, CANCELLED and FAILED are passed through atomically. */
  @Test
  void everyCommandThatIsInvalidInAPhaseIsRejectedNamingThePhase() {
    bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
    assertInvalid(Phase.IDLE, new String[] {"approve", "reject", "close"});
    bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
    assertInvalid(Phase.RISK_CHECK, new String[] {"approve", "reject", "close", "signal"});

    freshBot();
    bot.toAwaitingApproval(Duration.ofHours(4));
    assertInvalid(Phase.AWAITING_APPROVAL, new String[] {"close", "signal"});

    freshBot();
    bot.toExecuting();
    assertInvalid(Phase.EXECUTING, new String[] {"approve", "reject", "close", "signal"});

    freshBot();
    bot.toMonitoring("42000");
    assertInvalid(Phase.MONITORING, new String[] {"approve", "reject"});
    bot.send(bot.signal(SignalAction.EXIT, null));
    assertInvalid(Phase.CLOSING, new String[] {"approve", "reject", "close", "signal"});
  }

  private void assertInvalid(Phase phase, String[] commands) {
    for (String command : commands) {
      var result = switch (command) {
        case "approve" -> bot.ask(r -> new Bot.Approve(null, "x", r));
        case "reject" -> bot.ask(r -> new Bot.Reject(null, "x", "no", r));
        case "close" -> bot.ask(r -> new Bot.ClosePosition("x", r));
        default -> bot.send(bot.signal(SignalAction.ENTER_LONG, "42000"));
      };
      var rejection = rejected(result.reply());
      assertEquals(phase, rejection.phase(), command + " in " + phase);
      assertTrue(result.hasNoEvents(), command + " in " + phase + " must change nothing");
    }
  }
}
