package io.dorado.actors.orderpath.bot;

import static io.dorado.actors.orderpath.bot.BotFixture.orderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Partial closes ({@link Bot.ReducePosition}, the scaled exits' order): a reduce-only order through the
 * guardian like a close, back to MONITORING with the rest, idempotent by reduction id, never more than
 * the position, and safe across a restart between the intent and the fill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialCloseTest {
  private final ActorTestKit testKit = ActorTestKit.create("partial-close", TestConfigs.eventSourced());
  private BotFixture bot;
  private TestProbe<Allocator.Command> allocator;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    allocator = testKit.createTestProbe(Allocator.Command.class);
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l.withAllocator(allocator.getRef()), s -> s);
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  private Order reduce(String id, String qty) {
    var result = bot.ask(r -> new Bot.ReducePosition(id, bd(qty), "scaled exit", r));
    assertInstanceOf(Bot.Accepted.class, result.reply());
    return bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
  }

  @Test
  void aReductionIsAReduceOnlyOrderTheGuardianAcknowledgesBeforeTheVenueAndItsFillLeavesTheRestMonitored() {
    bot.toMonitoring("42000");
    var result = bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.2"), "1R reached", r));
    assertEquals(List.of(BotEvent.ReductionStarted.class, BotEvent.OrderIntended.class),
        result.events().stream().map(Object::getClass).toList());
    assertEquals(Phase.CLOSING, result.reply().phase());
    Order order = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.venue.expectNoMessage(Duration.ofMillis(100)); // only the guardian forwards orders to a venue
    assertEquals(orderId(2), order.clientOrderId());
    assertTrue(order.reduceOnly());
    assertEquals(Side.SELL, order.side());
    assertEquals(0, bd("0.2").compareTo(order.quantity()));

    bot.report(bot.filled(order, "0.2", "43000", true));
    var monitoring = assertInstanceOf(BotState.Monitoring.class, bot.state());
    assertEquals(0, bd("0.3").compareTo(monitoring.data().position().quantity()));
    assertEquals(List.of("t/scale-1"), monitoring.data().openTrade().reductions());
    // (43000 − 42000) × 0.2 − 1.00 commission on the entry − 1.00 on the reduction
    assertEquals(0, bd("198.00").compareTo(monitoring.data().tradeRealizedPnl()));
    allocator.expectNoMessage(Duration.ofMillis(100)); // the trade is still open
  }

  @Test
  void aRepeatedReductionIdReducesNothingWhileUnderWayOrAfterwards() {
    bot.toMonitoring("42000");
    Order order = reduce("t/scale-1", "0.2");
    var during = bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.2"), "again", r));
    assertTrue(during.hasNoEvents());
    assertInstanceOf(Bot.AlreadyProcessed.class, during.reply());
    bot.report(bot.filled(order, "0.2", "43000", true));
    var after = bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.2"), "again", r));
    assertTrue(after.hasNoEvents());
    assertInstanceOf(Bot.AlreadyProcessed.class, after.reply());
    bot.guardian.expectNoMessage(Duration.ofMillis(100));
    assertEquals(0, bd("0.3").compareTo(bot.state().data().position().quantity()));
  }

  @Test
  void aReductionLargerThanThePositionIsRejectedAndNothingIsSent() {
    bot.toMonitoring("42000");
    var result = bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.6"), "too much", r));
    var rejected = assertInstanceOf(Bot.Rejected.class, result.reply());
    assertTrue(rejected.reason().contains("the position is only 0.5"), rejected.reason());
    assertEquals(Phase.MONITORING, rejected.phase());
    assertTrue(result.hasNoEvents());
    bot.guardian.expectNoMessage(Duration.ofMillis(100));
    var zero = bot.ask(r -> new Bot.ReducePosition("t/scale-2", BigDecimal.ZERO, "nothing", r));
    assertInstanceOf(Bot.Rejected.class, zero.reply());
  }

  @Test
  void aCloseWhileAReductionWorksIsRefusedNamingIt() {
    bot.toMonitoring("42000");
    reduce("t/scale-1", "0.2");
    var close = bot.ask(r -> new Bot.ClosePosition("stop", r));
    var rejected = assertInstanceOf(Bot.Rejected.class, close.reply());
    assertTrue(rejected.reason().contains("partial close (t/scale-1) is under way"), rejected.reason());
    assertEquals(Phase.CLOSING, rejected.phase());
    assertTrue(close.hasNoEvents());
  }

  @Test
  void aReductionIsTakenOnlyInMonitoring() {
    bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
    var result = bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.1"), "x", r));
    assertEquals(Phase.IDLE, assertInstanceOf(Bot.Rejected.class, result.reply()).phase());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void aRestartBetweenTheIntentAndTheFillReconcilesWithTheVenueAndFinishesTheReduction() {
    bot.toMonitoring("42000");
    Order order = reduce("t/scale-1", "0.2");
    BotState before = bot.state();
    bot.kit.restart();
    assertEquals(before, bot.state());
    var query = bot.venue.expectMessageClass(Venue.QueryOrder.class);
    assertEquals(order.clientOrderId(), query.clientOrderId());
    var fill = bot.filled(order, "0.2", "43000", true).fill();
    bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.FILLED, bd("0.2"), List.of(fill), null));
    assertEquals(Phase.MONITORING, bot.phase());
    assertEquals(0, bd("0.3").compareTo(bot.state().data().position().quantity()));
    bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.FILLED, bd("0.2"), List.of(fill), null));
    assertEquals(0, bd("0.3").compareTo(bot.state().data().position().quantity()), "a fill is applied once");
  }

  @Test
  void aFailedReductionLeavesTheWholePositionMonitoredAndTheTrancheRecorded() {
    bot.toMonitoring("42000");
    Order order = reduce("t/scale-1", "0.2");
    bot.report(new OrderReport.Rejected(order.clientOrderId(), "venue busy"));
    var monitoring = assertInstanceOf(BotState.Monitoring.class, bot.state());
    assertEquals(0, bd("0.5").compareTo(monitoring.data().position().quantity()));
    assertTrue(monitoring.data().lastOutcome().reason().contains("reduction t/scale-1 failed"));
    assertEquals(List.of("t/scale-1"), monitoring.data().openTrade().reductions());
  }

  @Test
  void reductionsThatEmptyThePositionCloseTheTradeOnceWithThePnlOfEveryExit() {
    bot.toMonitoring("42000");
    bot.report(bot.filled(reduce("t/scale-1", "0.2"), "0.2", "43000", true));
    bot.report(bot.filled(reduce("t/scale-2", "0.3"), "0.3", "44000", true));
    var idle = assertInstanceOf(BotState.Idle.class, bot.state());
    assertTrue(idle.data().position().isFlat());
    assertEquals(Phase.CLOSING, idle.data().lastOutcome().phase());
    var outcome = allocator.expectMessageClass(Allocator.RecordOutcome.class);
    // 1000 × 0.2 + 2000 × 0.3 − three 1.00 commissions
    assertEquals(0, bd("797.00").compareTo(outcome.realizedPnl()));
    allocator.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aCloseAfterAPartialExitClosesWhatIsLeft() {
    bot.toMonitoring("42000");
    bot.report(bot.filled(reduce("t/scale-1", "0.2"), "0.2", "43000", true));
    bot.ask(r -> new Bot.ClosePosition("stop", r));
    Order close = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(0, bd("0.3").compareTo(close.quantity()));
    bot.report(bot.filled(close, "0.3", "41000", true));
    assertEquals(Phase.IDLE, bot.phase());
    var outcome = allocator.expectMessageClass(Allocator.RecordOutcome.class);
    // 1000 × 0.2 − 1000 × 0.3 − three 1.00 commissions
    assertEquals(0, bd("-103.00").compareTo(outcome.realizedPnl()));
  }
}
