package io.dorado.actors.orderpath.bot;

import static io.dorado.actors.orderpath.bot.BotFixture.orderId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
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
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Moving the stop that rests at the venue ({@code Bot.MoveStop}: a trailing stop, break-even after a scaled exit):
 * the new reduce-only stop is placed first, the old one cancelled only once the new one rests, so the venue always
 * holds a stop; a failed placement leaves the old stop in place. And which order a stop rests as on a venue without
 * stop-market orders (a STOP_LIMIT with the configured offset), with the bot's one-cancels-other on either fill.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StopMoveTest {
  private final ActorTestKit testKit = ActorTestKit.create("stop-moves", TestConfigs.eventSourced());
  private BotFixture bot;

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  private void freshBot(UnaryOperator<BotSettings> tune) {
    if (bot != null) bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l, tune);
    bot.kit.clear();
  }

  /** Long 0.5 at 42000, stop 41000 (order 2) and target 45000 (order 3) both resting at the venue. */
  private void restingLong(UnaryOperator<BotSettings> tune) {
    freshBot(s -> tune.apply(s.withProtectiveOrders(true)));
    bot.create(ApprovalMode.HUMAN_REQUIRED, Duration.ofHours(4));
    bot.send(new Signal("sig-1", BotFixture.BOT, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", bot.clock.instant()));
    var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
    bot.approveRisk(review, "0.5");
    bot.ask(r -> new Bot.Approve(review.proposal().reviewId(), "ops", r));
    Order entry = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(bot.filled(entry, "0.5", "42000", true));
    bot.guardian.receiveSeveralMessages(2);
    bot.report(new OrderReport.Accepted(orderId(2), "v-2"));
    bot.report(new OrderReport.Accepted(orderId(3), "v-3"));
  }

  private List<BigDecimal> stopsProtecting() {
    return bot.state().data().protecting().stream().filter(p -> p.role() == ProtectiveOrder.Role.STOP)
        .map(p -> p.order().stopPrice()).toList();
  }

  @Test
  void aTrailedStopIsRoundedToTheTickAwayFromTheMarketAndAMoveWithinATickChangesNothing() {
    restingLong(s -> s.withProtectionStyle(ProtectionStyle.defaults().withTicks((venue, symbol) -> bd("0.5"))));

    var moved = bot.ask(r -> new Bot.MoveStop(new BigDecimal("43000.4285714"), "trailing stop", r));

    assertInstanceOf(Bot.Accepted.class, moved.reply());
    Order fresh = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(0, bd("43000").compareTo(fresh.stopPrice()), "a long's stop rounds down to the tick: " + fresh.stopPrice());
    bot.report(new OrderReport.Accepted(fresh.clientOrderId(), "v-4"));
    bot.venue.expectMessageClass(Venue.CancelOrder.class);
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));

    var within = bot.ask(r -> new Bot.MoveStop(new BigDecimal("43000.49"), "trailing stop", r));
    assertInstanceOf(Bot.Accepted.class, within.reply());
    bot.guardian.expectNoMessage(Duration.ofMillis(200)); // 43000.49 is 43000 on the tick: it already rests there
    assertEquals(List.of(bd("43000")), stopsProtecting());
    System.out.println("stop on tick 0.5: 43000.4285714 → " + fresh.stopPrice().toPlainString()
        + "; 43000.49 → no new order");
  }

  @Test
  void aShortsStopIsRoundedUpToTheTick() {
    assertEquals(bd("41001"), StopMoves.onTick(new BigDecimal("41000.01"), bd("1"), false));
    assertEquals(bd("41000"), StopMoves.onTick(new BigDecimal("41000.99"), bd("1"), true));
    assertEquals(bd("0.0123"), StopMoves.onTick(new BigDecimal("0.01234"), new BigDecimal("0.0001"), true));
    assertEquals(bd("100"), StopMoves.onTick(bd("100"), new BigDecimal("0.01"), false), "on the grid: unchanged");
    assertEquals(new BigDecimal("41000.01"), StopMoves.onTick(new BigDecimal("41000.01"), null, true), "no tick known");
  }

  @Test
  void aTrailingMovePlacesTheNewStopFirstAndCancelsTheOldOnceItRestsLeavingExactlyOneStopAtTheNewPrice() {
    restingLong(s -> s);

    var moved = bot.ask(r -> new Bot.MoveStop(bd("43000"), "trailing stop", r));

    assertInstanceOf(Bot.Accepted.class, moved.reply());
    Order fresh = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(new Order(orderId(4), "paper", "BTC", Side.SELL, OrderType.STOP, bd("0.5"), null, bd("43000"),
        TimeInForce.GTC, true), fresh, "a reduce-only stop for the whole position, through the guardian");
    bot.venue.expectNoMessage(Duration.ofMillis(100)); // the old stop protects until the new one rests
    assertEquals(List.of(bd("41000"), bd("43000")), stopsProtecting());

    bot.report(new OrderReport.Accepted(fresh.clientOrderId(), "v-4"));
    var cancel = bot.venue.expectMessageClass(Venue.CancelOrder.class);
    assertEquals(orderId(2), cancel.clientOrderId(), "the old stop, once the new one rests");
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));

    var stops = bot.state().data().protection().stream().filter(p -> p.role() == ProtectiveOrder.Role.STOP).toList();
    assertEquals(1, stops.size(), "exactly one stop at the venue");
    assertEquals(bd("43000"), stops.get(0).order().stopPrice());
    assertTrue(stops.get(0).accepted());
    System.out.println("stop move: 41000 → 43000, stops resting after the cancel: " + stops.size());
  }

  @Test
  void breakEvenAfterAScaleOutMovesTheResizedStopToTheEntryForWhatIsLeft() {
    restingLong(s -> s);
    bot.ask(r -> new Bot.ReducePosition("t/scale-1", bd("0.2"), "1R", r));
    Order reduction = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(bot.filled(reduction, "0.2", "43000", true));
    List<Order> resized = bot.guardian.receiveSeveralMessages(2).stream()
        .map(m -> assertInstanceOf(RiskGuardian.AcknowledgeOrder.class, m).order()).toList();

    var early = bot.ask(r -> new Bot.MoveStop(bd("42000"), "break-even after scaled exit 1", r));
    var refused = assertInstanceOf(Bot.Rejected.class, early.reply(), "the resized stop does not rest yet");
    assertTrue(refused.reason().contains("not resting yet"), refused.reason());

    bot.report(new OrderReport.Accepted(resized.get(0).clientOrderId(), "v-5"));
    bot.report(new OrderReport.Accepted(resized.get(1).clientOrderId(), "v-6"));
    bot.venue.receiveSeveralMessages(2); // the 0.5 stop and target replaced by the 0.3 ones
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));
    bot.report(new OrderReport.Cancelled(orderId(3), BigDecimal.ZERO, "cancelled"));

    var moved = bot.ask(r -> new Bot.MoveStop(bd("42000"), "break-even after scaled exit 1", r));
    assertInstanceOf(Bot.Accepted.class, moved.reply());
    Order breakEven = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(bd("0.3"), breakEven.quantity(), "for what is left");
    assertEquals(bd("42000"), breakEven.stopPrice(), "at the entry");
    bot.report(new OrderReport.Accepted(breakEven.clientOrderId(), "v-7"));
    assertEquals(resized.get(0).clientOrderId(), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId());
    bot.report(new OrderReport.Cancelled(resized.get(0).clientOrderId(), BigDecimal.ZERO, "cancelled"));
    assertEquals(List.of(bd("42000")), stopsProtecting());
  }

  @Test
  void aNewStopTheGuardianDeniesOrTheVenueRejectsLeavesTheOldStopInPlace() {
    restingLong(s -> s);
    bot.ask(r -> new Bot.MoveStop(bd("43000"), "trailing stop", r));
    Order denied = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(new OrderReport.Denied(denied.clientOrderId(), DenialReason.INVALID_ORDER, "price band"));

    bot.venue.expectNoMessage(Duration.ofMillis(100)); // nothing cancelled
    assertEquals(List.of(bd("41000")), stopsProtecting(), "the old stop still protects");
    assertEquals(List.of(), bot.kit.runCommand(new BotMessages.RetryPending("test")).events(),
        "nothing is missing: the retry timer does not place another");
    bot.venue.receiveSeveralMessages(2).forEach(m -> assertInstanceOf(Venue.QueryOrder.class, m)); // it asks about both

    bot.ask(r -> new Bot.MoveStop(bd("43000"), "trailing stop", r));
    Order again = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(new OrderReport.Rejected(again.clientOrderId(), "would immediately trigger"));
    bot.venue.expectNoMessage(Duration.ofMillis(100));
    assertEquals(List.of(bd("41000")), stopsProtecting(), "a venue rejection leaves it too");
  }

  @Test
  void aStopNeverLoosensAMoveToWhereItRestsChangesNothingAndWithoutProtectionThereIsNoStopToMove() {
    restingLong(s -> s);
    var looser = assertInstanceOf(Bot.Rejected.class, bot.ask(r -> new Bot.MoveStop(bd("40000"), "x", r)).reply());
    assertTrue(looser.reason().contains("never loosens"), looser.reason());
    var same = bot.ask(r -> new Bot.MoveStop(bd("41000"), "x", r));
    assertInstanceOf(Bot.Accepted.class, same.reply());
    assertEquals(List.of(), same.events());
    bot.guardian.expectNoMessage(Duration.ofMillis(100));

    freshBot(s -> s);
    bot.toMonitoring("42000");
    var off = assertInstanceOf(Bot.Rejected.class, bot.ask(r -> new Bot.MoveStop(bd("43000"), "x", r)).reply());
    assertTrue(off.reason().contains("protective orders are off"), off.reason());
  }

  @Test
  void aSecondMoveWaitsUntilTheStopTheFirstReplacedIsCancelledSoNoThirdStopEverRests() {
    restingLong(s -> s);
    bot.ask(r -> new Bot.MoveStop(bd("43000"), "trailing stop", r));
    Order first = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(new OrderReport.Accepted(first.clientOrderId(), "v-4"));
    bot.venue.expectMessageClass(Venue.CancelOrder.class); // order 2
    var early = assertInstanceOf(Bot.Rejected.class, bot.ask(r -> new Bot.MoveStop(bd("43500"), "trailing", r)).reply());
    assertTrue(early.reason().contains("still being cancelled"), early.reason());
    bot.guardian.expectNoMessage(Duration.ofMillis(100));
    bot.report(new OrderReport.Cancelled(orderId(2), BigDecimal.ZERO, "cancelled"));
    bot.ask(r -> new Bot.MoveStop(bd("43500"), "trailing stop", r));
    Order second = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(new OrderReport.Accepted(second.clientOrderId(), "v-5"));
    assertEquals(first.clientOrderId(), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId());
    bot.report(new OrderReport.Cancelled(first.clientOrderId(), BigDecimal.ZERO, "cancelled"));
    assertEquals(List.of(bd("43500")), stopsProtecting());
  }

  @Test
  void onAVenueWithoutStopMarketOrdersTheStopRestsAsAStopLimitWithTheConfiguredOffset() {
    var noStop = new VenueCapabilities(false, true, false, false); // Alpaca crypto
    restingLong(s -> s.withProtectionStyle(new ProtectionStyle((venue, symbol) -> noStop, bd("0.005"))));
    var stops = bot.state().data().protection().stream().filter(p -> p.role() == ProtectiveOrder.Role.STOP).toList();
    assertEquals(new Order(orderId(2), "paper", "BTC", Side.SELL, OrderType.STOP_LIMIT, bd("0.5"), bd("40795"),
        bd("41000"), TimeInForce.GTC, true), stops.get(0).order(), "limit 0.5 % below the stop");

    bot.ask(r -> new Bot.MoveStop(bd("43000"), "trailing stop", r));
    Order moved = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertEquals(OrderType.STOP_LIMIT, moved.type());
    assertEquals(bd("42785"), moved.limitPrice());
  }

  @Test
  void withoutANativeOcoTheTargetsFillCancelsTheStopAsTheStopsFillCancelsTheTarget() {
    var spot = new VenueCapabilities(true, true, false, false); // Binance/Kraken spot: no reduce-only, no OCO sent
    restingLong(s -> s.withProtectionStyle(new ProtectionStyle((venue, symbol) -> spot, null)));
    Order target = bot.state().data().protective(orderId(3)).order();

    var result = bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(target, "0.5", "45000", true)));

    assertEquals(List.of(BotEvent.FillApplied.class, BotEvent.ProtectionSettled.class, BotEvent.ClosingStarted.class,
        BotEvent.ReturnedToIdle.class, BotEvent.ProtectionCancelling.class),
        result.events().stream().map(Object::getClass).toList());
    assertEquals(orderId(2), bot.venue.expectMessageClass(Venue.CancelOrder.class).clientOrderId(),
        "one-cancels-other: the stop");
    assertInstanceOf(BotState.Idle.class, bot.state());
  }
}
