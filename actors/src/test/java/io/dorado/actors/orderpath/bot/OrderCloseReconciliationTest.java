package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bot told its order is closed with fills it has not seen (issue 17, item 3; the order-path simulation's
 * seed 20265026) asks the venue for the order's status at once instead of settling; a bot told its order was
 * forgotten (item 4) fails it with an alert and takes its position from the guardian's ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderCloseReconciliationTest {
  private final ActorTestKit testKit = ActorTestKit.create("order-close-reconciliation", TestConfigs.eventSourced());
  private BotFixture bot;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1)); // no retry timer: only what the report itself causes
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aCancelCountingFillsTheBotHasNotSeenAsksTheVenueForTheStatusAtOnceAndSettlesOnIt() {
    Order order = bot.toExecuting();
    var result = bot.kit.runCommand(new BotMessages.OrderReported(
        new OrderReport.Cancelled(order.clientOrderId(), new BigDecimal("0.25"), "kill switch")));

    assertTrue(result.hasNoEvents(), "nothing settles on a close whose fills the bot has not seen");
    assertEquals(Phase.EXECUTING, bot.phase());
    assertEquals(order.clientOrderId(), bot.venue.expectMessageClass(Venue.QueryOrder.class).clientOrderId());

    var fill = bot.filled(order, "0.25", "42000", false).fill();
    bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.CANCELLED, new BigDecimal("0.25"), List.of(fill),
        "kill switch"));
    assertEquals(0, new BigDecimal("0.25").compareTo(bot.state().data().position().quantity()));
    assertEquals(Phase.CLOSING, bot.phase(), "the abandoned partial entry is closed, as after any partial cancel");
  }

  // ---- item 4: "forgotten" is a status, not a text

  /** The venue (or the guardian) says FORGOTTEN; the bot asks the guardian's ledger, which answers {@code held}. */
  private List<BotEvent> forgottenThenLedgerSays(Order order, String held) {
    bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.FORGOTTEN, null, null,
        "settled before 2026-03-01T14:30:00Z and was forgotten"));
    var ask = bot.guardian.expectMessageClass(RiskGuardian.GetBotPosition.class);
    assertEquals(BotFixture.BOT, ask.botId());
    assertEquals("BTC", ask.symbol());
    assertEquals(Phase.EXECUTING, bot.phase(), "nothing settles before the ledger's answer");
    int before = bot.kit.persistenceTestKit().persistedInStorage(BotEntity.persistenceId(BotFixture.BOT).id()).size();
    var ledger = new Position("BTC", new BigDecimal(held), new BigDecimal("42000"), BigDecimal.ZERO);
    ask.replyTo().tell(new RiskGuardian.BotPosition(BotFixture.BOT, ledger, bot.clock.instant()));
    bot.venue.awaitAssert(() -> {
      assertTrue(bot.kit.persistenceTestKit().persistedInStorage(BotEntity.persistenceId(BotFixture.BOT).id()).size() > before);
      return null;
    });
    List<Object> written = bot.kit.persistenceTestKit().persistedInStorage(BotEntity.persistenceId(BotFixture.BOT).id());
    return written.subList(before, written.size()).stream().map(BotEvent.class::cast).toList();
  }

  @Test
  void aForgottenEntryFailsWithAnAlertAndTheBotTakesThePositionTheGuardiansLedgerHolds() {
    TestProbe<Alert> alerts = testKit.createTestProbe(Alert.class);
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, alerts.ref()));
    Order order = bot.toExecuting(); // its fill of 0.5 never reached the bot; the order settled and was forgotten

    var events = forgottenThenLedgerSays(order, "0.5");

    assertEquals(List.of(BotEvent.PositionReconciled.class, BotEvent.OrderFailed.class, BotEvent.ClosingStarted.class,
        BotEvent.OrderIntended.class), events.stream().<Class<?>>map(Object::getClass).toList());
    var reconciled = (BotEvent.PositionReconciled) events.get(0);
    assertEquals(0, reconciled.before().quantity().signum());
    assertTrue(((BotEvent.OrderFailed) events.get(1)).reason().contains("forgotten"));
    assertEquals(0, new BigDecimal("0.5").compareTo(bot.state().data().position().quantity()), "the ledger's position");
    assertEquals(Phase.CLOSING, bot.phase(), "an abandoned entry's position is closed, as after any failed entry");
    var close = ((BotEvent.OrderIntended) events.get(3)).order();
    assertTrue(close.reduceOnly());
    assertEquals(0, new BigDecimal("0.5").compareTo(close.quantity()));

    var alert = alerts.fishForMessage(Duration.ofSeconds(3), a -> a instanceof Alert.OrderForgotten
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    var forgotten = (Alert.OrderForgotten) alert.get(alert.size() - 1);
    assertEquals(order.clientOrderId(), forgotten.clientOrderId());
    assertEquals(0, new BigDecimal("0.5").compareTo(forgotten.ledgerQuantity()));
  }

  @Test
  void aForgottenOrderTheLedgerShowsUnfilledFailsBackToIdle() {
    Order order = bot.toExecuting();
    var events = forgottenThenLedgerSays(order, "0");
    assertEquals(List.of(BotEvent.PositionReconciled.class, BotEvent.OrderFailed.class, BotEvent.ReturnedToIdle.class),
        events.stream().<Class<?>>map(Object::getClass).toList());
    assertEquals(Phase.IDLE, bot.phase());
    assertEquals(Phase.FAILED, bot.state().data().lastOutcome().phase());
  }

  @Test
  void aLateLedgerAnswerForAnOrderNoLongerWorkingChangesNothing() {
    Order order = bot.toExecuting();
    bot.report(new OrderReport.Status(order.clientOrderId(), OrderStatus.FORGOTTEN, null, null, "forgotten"));
    var ask = bot.guardian.expectMessageClass(RiskGuardian.GetBotPosition.class);
    bot.report(new OrderReport.Rejected(order.clientOrderId(), "settled meanwhile")); // settled some other way
    assertEquals(Phase.IDLE, bot.phase());
    var result = bot.kit.runCommand(new BotMessages.LedgerPositionReported(order.clientOrderId(), "forgotten",
        new Position("BTC", new BigDecimal("9"), BigDecimal.ONE, BigDecimal.ZERO)));
    assertTrue(result.hasNoEvents());
    assertEquals(0, bot.state().data().position().quantity().signum());
  }

  @Test
  void aCancelCountingOnlyFillsTheBotHasSeenSettlesWithoutAsking() {
    Order order = bot.toExecuting();
    bot.report(new OrderReport.Cancelled(order.clientOrderId(), BigDecimal.ZERO, "execution timeout"));
    assertEquals(Phase.IDLE, bot.phase());
    bot.venue.expectNoMessage(Duration.ofMillis(100));
  }
}
