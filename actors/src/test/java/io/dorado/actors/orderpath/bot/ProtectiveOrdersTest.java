package io.dorado.actors.orderpath.bot;

import static io.dorado.actors.orderpath.bot.BotFixture.orderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
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
 * Protection that survives the fleet ({@code dorado.bot.protective-orders = on}): on the entry's fill the trade's
 * stop and target rest at the venue as reduce-only orders the guardian acknowledges; the one that fills closes the
 * trade as a close would and the other is cancelled; a close or a scaled exit places its order first and then
 * cancels or replaces the protection; a restarted bot asks the venue about every protective order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectiveOrdersTest {
  private final ActorTestKit testKit = ActorTestKit.create("protective-orders", TestConfigs.eventSourced());
  private BotFixture bot;
  private TestProbe<Allocator.Command> allocator;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    allocator = testKit.createTestProbe(Allocator.Command.class);
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l.withAllocator(allocator.getRef()),
        s -> s.withProtectiveOrders(true));
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  /** A long entry of 0.5 at 42000 with stop 41000 and target 45000, filled: returns the entry. */
  private Order enterLong() {
    bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
    bot.send(new Signal("sig-1", BotFixture.BOT, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", bot.clock.instant()));
    var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
    bot.approveRisk(review, "0.5");
    bot.ask(r -> new Bot.Approve(review.proposal().reviewId(), "ops", r));
    return bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
  }

  /** A fresh bot whose protection is chosen from {@code capabilities} (the fleet gives its venue accounts'). */
  private void restOn(VenueCapabilities capabilities) {
    bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l.withAllocator(allocator.getRef()),
        s -> s.withProtectiveOrders(true).withProtectionStyle(new ProtectionStyle((venue, symbol) -> capabilities, null)));
    bot.kit.clear();
  }

  /** The long entry of 0.5 filled, its target resting at the venue, its stop asked of the guardian: returns the stop. */
  private Order stopAskedForBesideItsRestingTarget() {
    Order entry = enterLong();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    List<Order> asked = acknowledgementsAsked(2);
    Order stop = asked.get(0);
    bot.report(new OrderReport.Accepted(asked.get(1).clientOrderId(), "v-3")); // the target rests
    return stop;
  }

  /** The long entry filled, its stop and target resting, and a scaled exit of 0.2 asked for: returns its order. */
  private Order scaledExitBesideItsProtection() {
    Order entry = enterLong();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    acknowledgementsAsked(2);
    bot.report(new OrderReport.Accepted(orderId(2), "v-2"));
    bot.report(new OrderReport.Accepted(orderId(3), "v-3"));
    bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.2"), "1R", r));
    return bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
  }

  private List<Order> acknowledgementsAsked(int n) {
    return bot.guardian.receiveSeveralMessages(n).stream()
        .map(m -> assertInstanceOf(RiskGuardian.AcknowledgeOrder.class, m).order()).toList();
  }

  @Test
  void onTheEntryFillTheStopAndTheTargetAreSentToTheGuardianAsReduceOnlyOrdersForTheWholePosition() {
    Order entry = enterLong();
    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.EnteredMonitoring.class, BotEvent.ProtectionIntended.class,
        BotEvent.ProtectionIntended.class), result.events().stream().map(Object::getClass).toList());
    List<Order> asked = acknowledgementsAsked(2);
    assertEquals(new Order(orderId(2), "paper", "BTC", Side.SELL, OrderType.STOP, bd("0.5"), null, bd("41000"),
        TimeInForce.GTC, true), asked.get(0));
    assertEquals(new Order(orderId(3), "paper", "BTC", Side.SELL, OrderType.LIMIT, bd("0.5"), bd("45000"), null,
        TimeInForce.GTC, true), asked.get(1));
    bot.venue.expectNoMessage(Duration.ofMillis(100)); // only the guardian forwards orders to a venue
    var monitoring = assertInstanceOf(BotState.Monitoring.class, bot.state());
    assertEquals(List.of(ProtectiveOrder.Role.STOP, ProtectiveOrder.Role.TARGET),
        monitoring.data().protection().stream().map(ProtectiveOrder::role).toList());
    assertEquals(3, monitoring.data().lastOrderSequence(), "their ids are the bot's next order sequences");
  }

  @Test
  void aStopTheGuardianDeniedIsPlacedAgainWithinAMomentNotAfterTheRetryInterval() {
    Order stop = stopAskedForBesideItsRestingTarget();
    // the bot heard its fill from the venue before the guardian's ledger had it: nothing to reduce yet
    bot.report(new OrderReport.Denied(stop.clientOrderId(), DenialReason.INVALID_ORDER,
        "reduce-only: pending reduce-only 0.5 > closable 0"));

    // this bot's retry interval is an hour: the stop comes again on the quick retry (200 ms), not on that
    Order again = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class, Duration.ofSeconds(3)).order();
    assertEquals(new Order(orderId(4), "paper", "BTC", Side.SELL, OrderType.STOP, bd("0.5"), null, bd("41000"),
        TimeInForce.GTC, true), again, "the stop again, with the next client order id; the target still rests");
    bot.report(new OrderReport.Accepted(again.clientOrderId(), "v-4"));
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(), "nothing missing now");
    bot.guardian.expectNoMessage(Duration.ofMillis(500));
  }

  @Test
  void aStopTheGuardianKeepsDenyingIsAskedForQuicklyOnlyAFewTimesThenOnTheRetryInterval() {
    Order stop = stopAskedForBesideItsRestingTarget();
    for (int quick = 0; quick <= 4; quick++) { // the first denial, then the four quick retries' denials
      bot.report(new OrderReport.Denied(stop.clientOrderId(), DenialReason.INVALID_ORDER, "price band"));
      if (quick == 4) break;
      stop = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class, Duration.ofSeconds(5)).order();
      assertEquals(OrderType.STOP, stop.type());
    }
    bot.guardian.expectNoMessage(Duration.ofSeconds(4)); // 200+400+800+1600 ms spent: the hour's interval is next
  }

  @Test
  void theStopFilledAtTheVenueClosesTheTradeAsACloseWouldAndCancelsTheTarget() {
    Order entry = enterLong();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    Order stop = acknowledgementsAsked(2).get(0);
    bot.report(new OrderReport.Accepted(stop.clientOrderId(), "v-2"));

    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(stop, "0.5", "40990", true)));
    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.ProtectionSettled.class, BotEvent.ClosingStarted.class,
        BotEvent.ReturnedToIdle.class, BotEvent.ProtectionCancelling.class),
        result.events().stream().map(Object::getClass).toList());
    var idle = assertInstanceOf(BotState.Idle.class, bot.state());
    // (40990 − 42000) × 0.5 − 1.00 commission on the entry − 1.00 on the stop
    assertEquals(0, bd("-507.00").compareTo(idle.data().tradeRealizedPnl()));
    assertEquals(Phase.CLOSING, idle.data().lastOutcome().phase());
    assertTrue(idle.data().lastOutcome().reason().contains("closed at the venue by stop " + stop.clientOrderId()),
        idle.data().lastOutcome().reason());
    var cancel = bot.venue.expectMessageClass(Venue.CancelOrder.class);
    assertEquals(orderId(3), cancel.clientOrderId(), "one-cancels-other: the target");
    var outcome = allocator.expectMessageClass(Allocator.RecordOutcome.class);
    assertEquals(0, bd("-507.00").compareTo(outcome.realizedPnl()));

    bot.report(new OrderReport.Cancelled(orderId(3), BigDecimal.ZERO, "cancelled"));
    assertTrue(bot.state().data().protection().isEmpty(), "nothing rests any more");
  }

  @Test
  void aClosePlacesItsExitFirstAndCancelsTheProtectionOnceFlat() {
    Order entry = enterLong();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    acknowledgementsAsked(2);
    bot.ask(r -> new Bot.ClosePosition("exit signal", r));
    Order close = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(OrderType.MARKET, close.type());
    bot.venue.expectNoMessage(Duration.ofMillis(100)); // the stop still protects while the exit is under way
    assertEquals(2, bot.state().data().protecting().size());

    bot.report(bot.filled(close, "0.5", "43000", true));
    assertEquals(Phase.IDLE, bot.phase());
    var cancelled = bot.venue.receiveSeveralMessages(2).stream()
        .map(m -> assertInstanceOf(Venue.CancelOrder.class, m).clientOrderId()).toList();
    assertEquals(List.of(orderId(2), orderId(3)), cancelled);
  }

  @Test
  void aScaledExitReplacesTheProtectionForWhatIsLeftPlacingTheNewBeforeCancellingTheOld() {
    Order reduction = scaledExitBesideItsProtection();
    bot.report(bot.filled(reduction, "0.2", "43000", true));
    List<Order> replacements = acknowledgementsAsked(2);
    assertEquals(List.of(bd("0.3"), bd("0.3")), replacements.stream().map(Order::quantity).toList());
    assertEquals(bd("41000"), replacements.get(0).stopPrice());
    assertEquals(bd("45000"), replacements.get(1).limitPrice());
    bot.venue.expectNoMessage(Duration.ofMillis(100)); // the old ones rest until the new ones do

    bot.report(new OrderReport.Accepted(replacements.get(0).clientOrderId(), "v-5"));
    assertEquals(orderId(2), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId(), "the old stop");
    bot.report(new OrderReport.Accepted(replacements.get(1).clientOrderId(), "v-6"));
    assertEquals(orderId(3), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId(), "the old target");
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));
    bot.report(new OrderReport.Cancelled(orderId(3), BigDecimal.ZERO, "cancelled"));
    assertEquals(List.of(replacements.get(0).clientOrderId(), replacements.get(1).clientOrderId()),
        bot.state().data().protection().stream().map(ProtectiveOrder::clientOrderId).toList());
  }

  @Test
  void aScaledExitRefusedForTheBalanceTheProtectionHoldsTakesItDownGoesAgainAndRestsItForWhatIsLeft() {
    Order refused = scaledExitBesideItsProtection();

    var made = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Rejected(refused.clientOrderId(),
        "Binance refused the order: -2010 Account has insufficient balance for requested action.",
        RejectionKind.BALANCE_HELD)));
    assertEquals(List.of(BotEvent.ClosingOrderFailed.class, BotEvent.ProtectionCancelling.class,
        BotEvent.ProtectionCancelling.class), made.events().stream().map(Object::getClass).toList());
    assertEquals(List.of(orderId(2), orderId(3)), bot.venue.receiveSeveralMessages(2).stream()
        .map(m -> assertInstanceOf(Venue.CancelOrder.class, m).clientOrderId()).toList(), "room is made first");
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));
    bot.guardian.expectNoMessage(Duration.ofMillis(100)); // the target still holds the balance
    bot.report(new OrderReport.Cancelled(orderId(3), BigDecimal.ZERO, "cancelled"));
    Order again = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(5), "paper", "BTC", Side.SELL, OrderType.MARKET, bd("0.2"), null, null,
        again.timeInForce(), true), again, "the reduction again, under a new id");
    assertEquals(Phase.CLOSING, bot.state().phase());

    bot.report(bot.filled(again, "0.2", "43000", true));
    List<Order> restored = acknowledgementsAsked(2);
    assertEquals(List.of(bd("0.3"), bd("0.3")), restored.stream().map(Order::quantity).toList());
    assertEquals(List.of(bd("41000"), bd("45000")), List.of(restored.get(0).stopPrice(), restored.get(1).limitPrice()));
    var monitoring = assertInstanceOf(BotState.Monitoring.class, bot.state());
    assertEquals(0, bd("0.3").compareTo(monitoring.data().position().quantity()));
    assertEquals(List.of(orderId(6), orderId(7)),
        monitoring.data().protection().stream().map(ProtectiveOrder::clientOrderId).toList());
  }

  @Test
  void aScaledExitRefusedForAnythingElseKeepsTheProtectionResting() {
    Order refused = scaledExitBesideItsProtection();

    bot.report(new OrderReport.Rejected(refused.clientOrderId(), "insufficient balance (as text only)"));
    var monitoring = assertInstanceOf(BotState.Monitoring.class, bot.state());
    assertEquals(0, bd("0.5").compareTo(monitoring.data().position().quantity()));
    assertEquals(List.of(orderId(2), orderId(3)),
        monitoring.data().protecting().stream().map(ProtectiveOrder::clientOrderId).toList());
    bot.venue.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aRestartedBotAsksTheVenueAboutItsRestingProtectionAndSettlesAStopThatFilledMeanwhile() {
    Order entry = enterLong();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    Order stop = acknowledgementsAsked(2).get(0);
    bot.report(new OrderReport.Accepted(orderId(2), "v-2"));
    bot.report(new OrderReport.Accepted(orderId(3), "v-3"));

    bot.kit.restart();
    var queried = bot.venue.receiveSeveralMessages(2).stream()
        .map(m -> assertInstanceOf(Venue.QueryOrder.class, m).clientOrderId()).toList();
    assertEquals(List.of(orderId(2), orderId(3)), queried);

    // the stop filled while the bot was down: the venue's status lists its fill
    var fill = bot.filled(stop, "0.5", "40990", true).fill();
    bot.report(new OrderReport.Status(stop.clientOrderId(), OrderStatus.FILLED, bd("0.5"), List.of(fill), null));
    var idle = assertInstanceOf(BotState.Idle.class, bot.state());
    assertEquals(0, bd("-507.00").compareTo(idle.data().tradeRealizedPnl()));
    assertEquals(orderId(3), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId());
  }

  @Test
  void withoutTheSettingTheStopStaysVirtual() {
    bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l, s -> s);
    bot.kit.clear();
    Order entry = enterLong();
    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.EnteredMonitoring.class),
        result.events().stream().map(Object::getClass).toList());
    bot.guardian.expectNoMessage(Duration.ofMillis(100));
    assertEquals(bd("41000"), bot.state().data().openTrade().stop(), "position management watches it");
  }

  @Test
  void whereTheVenueSendsANativeOcoTheStopAndTargetRestAsOneOcoThatClosesTheTradeByEitherLeg() {
    restOn(io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter.CAPABILITIES);
    Order entry = enterLong();
    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.EnteredMonitoring.class, BotEvent.ProtectionIntended.class),
        result.events().stream().map(Object::getClass).toList());
    Order oco = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(2), "paper", "BTC", Side.SELL, OrderType.OCO, bd("0.5"), bd("45000"), bd("41000"),
        TimeInForce.GTC, true), oco, "one reduce-only OCO: the target its limit, the stop its stop");
    bot.report(new OrderReport.Accepted(oco.clientOrderId(), "list-1"));
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(),
        "nothing missing: the OCO holds both the stop and the target");
    assertTrue(bot.ask(r -> new Bot.MoveStop(bd("41500"), "trail", r)).reply() instanceof Bot.Rejected,
        "a stop inside an OCO is not moved");

    bot.report(bot.filled(oco, "0.5", "45000", true));
    var idle = assertInstanceOf(BotState.Idle.class, bot.state());
    // (45000 − 42000) × 0.5 − 1.00 commission on the entry − 1.00 on the exit
    assertEquals(0, bd("1498.00").compareTo(idle.data().tradeRealizedPnl()));
    assertTrue(idle.data().lastOutcome().reason().contains("closed at the venue by OCO target " + oco.clientOrderId()),
        idle.data().lastOutcome().reason());
    assertTrue(idle.data().protection().isEmpty(), "the filled OCO is settled; nothing else to cancel");
  }

  @Test
  void whereTheVenueAmendsItsOcoAMovedStopIsAnAmendOfTheOcoAndTheOldOneGoesOnlyOnceTheVenueHoldsTheNew() {
    Order oco = ocoOnOanda();
    bot.report(new OrderReport.Accepted(oco.clientOrderId(), "sl-1"));

    assertTrue(bot.ask(r -> new Bot.MoveStop(bd("45000"), "trail", r)).reply() instanceof Bot.Rejected,
        "a stop at the OCO's target is refused: close instead");
    assertInstanceOf(Bot.Accepted.class, bot.ask(r -> new Bot.MoveStop(bd("41500"), "trail", r)).reply());
    Order amend = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(3), "paper", "BTC", Side.SELL, OrderType.OCO, bd("0.5"), bd("45000"), bd("41500"),
        TimeInForce.GTC, true).replacing(oco.clientOrderId()), amend, "the same OCO at the new stop, amending the old");
    assertTrue(bot.ask(r -> new Bot.MoveStop(bd("41600"), "trail", r)).reply() instanceof Bot.Rejected,
        "one amend at a time");

    var submitted = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Status(amend.clientOrderId(),
        OrderStatus.SUBMITTED, null, null, null)));
    assertEquals(List.of(), submitted.events(), "being sent is not resting: the old OCO is not cancelled yet");
    var rests = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Accepted(amend.clientOrderId(), "sl-2")));
    assertEquals(List.of(BotEvent.OrderAccepted.class, BotEvent.ProtectionCancelling.class),
        rests.events().stream().map(Object::getClass).toList(), "the amend rests: the old one is over");
    assertEquals(oco.clientOrderId(), ((BotEvent.ProtectionCancelling) rests.events().get(1)).clientOrderId());
    bot.report(new OrderReport.Cancelled(oco.clientOrderId(), BigDecimal.ZERO, "OANDA: cancelled (CLIENT_REQUEST_REPLACED)"));
    assertEquals(List.of(amend.clientOrderId()), bot.state().data().protection().stream()
        .map(ProtectiveOrder::clientOrderId).toList());

    // the venue refuses the next amend: the OCO it would have replaced rests on, nothing placed apart
    assertInstanceOf(Bot.Accepted.class, bot.ask(r -> new Bot.MoveStop(bd("41900"), "break-even", r)).reply());
    Order refused = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(amend.clientOrderId(), refused.replaces());
    var rejected = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Rejected(refused.clientOrderId(),
        "OANDA rejected trade 3's dependent orders: PRICE_DISTANCE_MINIMUM_NOT_MET")));
    assertEquals(List.of(BotEvent.ProtectionSettled.class), rejected.events().stream().map(Object::getClass).toList());
    assertEquals(List.of(amend.clientOrderId()), bot.state().data().protecting().stream()
        .map(ProtectiveOrder::clientOrderId).toList(), "the resting OCO still protects, at 41500");
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(), "nothing missing");
  }

  @Test
  void anOcoTheVenueRejectsIsReplacedAtOnceByTheStopAndTargetApart() {
    Order oco = ocoOnOanda();
    assertEquals(OrderType.OCO, oco.type());

    var result = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Rejected(oco.clientOrderId(),
        "2 open EUR_USD trades: a native OCO protects one trade; nothing was sent")));
    assertEquals(List.of(BotEvent.ProtectionSettled.class, BotEvent.ProtectionIntended.class,
        BotEvent.ProtectionIntended.class), result.events().stream().map(Object::getClass).toList());
    Order stop = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    Order target = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(List.of(OrderType.STOP, OrderType.LIMIT), List.of(stop.type(), target.type()), "apart, at once");
    assertEquals(List.of(bd("41000"), bd("45000")), List.of(stop.stopPrice(), target.limitPrice()));
    assertTrue(stop.reduceOnly() && target.reduceOnly());
    assertEquals(List.of(ProtectiveOrder.Role.STOP, ProtectiveOrder.Role.TARGET),
        bot.state().data().protection().stream().map(ProtectiveOrder::role).toList());
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(),
        "nothing missing: no second OCO is sent");
  }

  @Test
  void whereExitsHoldTheBalanceAnOcoTheVenueRejectsIsReplacedByTheStopAloneAndTheTargetStaysVirtual() {
    stopAloneAfterARejectedOcoOn(io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter.CAPABILITIES); // a sell locks its BTC
  }

  @Test
  void onAlpacaEquitiesTooAnOcoTheVenueRejectsIsReplacedByTheStopAlone() {
    stopAloneAfterARejectedOcoOn(io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter.capabilitiesFor("AAPL"));
  }

  /** On {@code capabilities} (a native OCO; exits hold the balance): the OCO rejected, the stop rests alone. */
  private void stopAloneAfterARejectedOcoOn(VenueCapabilities capabilities) {
    restOn(capabilities);
    Order entry = enterLong();
    bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    Order oco = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(OrderType.OCO, oco.type());

    var result = bot.kit.runCommand(new BotMessages.OrderReported(new OrderReport.Rejected(oco.clientOrderId(),
        "rejected by the venue: -1013 Filter failure: PERCENT_PRICE_BY_SIDE")));
    assertEquals(List.of(BotEvent.ProtectionSettled.class, BotEvent.ProtectionIntended.class),
        result.events().stream().map(Object::getClass).toList(), "the stop alone: a target beside it would be refused");
    Order stop = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(3), "paper", "BTC", Side.SELL, OrderType.STOP, bd("0.5"), null, bd("41000"),
        TimeInForce.GTC, true), stop);
    bot.guardian.expectNoMessage(Duration.ofMillis(100));
    bot.report(new OrderReport.Accepted(stop.clientOrderId(), "v-3"));
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(),
        "nothing missing: the target is virtual, not waiting to be placed, and no second OCO is sent");
    assertEquals(List.of(ProtectiveOrder.Role.STOP), bot.state().data().protection().stream()
        .map(ProtectiveOrder::role).toList());
    assertEquals(0, bd("45000").compareTo(bot.state().data().openTrade().target()), "the trade keeps its target");
  }

  /** A bot on OANDA's capabilities (a native OCO whose stop it amends), long 0.5 at 42000: its OCO, sent to the guardian. */
  private Order ocoOnOanda() {
    restOn(io.dorado.actors.orderpath.venue.oanda.OandaAdapter.CAPABILITIES);
    Order entry = enterLong();
    bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    return bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
  }

  @Test
  void whereEachOpenExitHoldsTheBalanceAndThereIsNoOcoOnlyTheStopRestsAndTheTargetStaysVirtual() {
    restOn(io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter.CAPABILITIES);
    Order entry = enterLong();
    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true)));
    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.EnteredMonitoring.class, BotEvent.ProtectionIntended.class),
        result.events().stream().map(Object::getClass).toList(), "the stop alone: a target beside it would be refused");
    Order stop = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(2), "paper", "BTC", Side.SELL, OrderType.STOP, bd("0.5"), null, bd("41000"),
        TimeInForce.GTC, true), stop);
    bot.report(new OrderReport.Accepted(stop.clientOrderId(), "v-2"));
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(),
        "nothing missing: the target is virtual, not waiting to be placed");
    assertEquals(0, bd("45000").compareTo(bot.state().data().openTrade().target()), "the trade keeps its target");
  }

  @Test
  void anOcoOrderIsAReduceOnlyExitWithItsTargetBeyondItsStop() {
    var sellBelow = assertThrows(IllegalArgumentException.class, () -> new Order(orderId(2), "paper", "BTC", Side.SELL,
        OrderType.OCO, bd("0.5"), bd("40000"), bd("41000"), TimeInForce.GTC, true));
    assertTrue(sellBelow.getMessage().contains("must be above its stop_price"), sellBelow.getMessage());
    var entry = assertThrows(IllegalArgumentException.class, () -> new Order(orderId(2), "paper", "BTC", Side.BUY,
        OrderType.OCO, bd("0.5"), bd("40000"), bd("41000"), TimeInForce.GTC, false));
    assertTrue(entry.getMessage().contains("reduce-only exit"), entry.getMessage());
  }
}
