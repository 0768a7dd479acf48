package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static io.dorado.actors.orderpath.risk.Fixtures.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The execution throttle's decisions, on a {@link GuardianState} built by folding the guardian's own events (the
 * way the actor builds it), so the counting is tested with the decisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionThrottleTest {
  private static final Set<DenialReason> PRODUCED = EnumSet.noneOf(DenialReason.class);

  private static RiskPolicy policy(Integer maxRequests, Integer maxRoundTrips, Duration cooldown) {
    return new RiskPolicy(null, null, null, new RiskPolicy.Orders(null, null, null, null, Duration.ofMinutes(30), null,
        false, new RiskPolicy.BotThrottle(maxRequests, Duration.ofMinutes(1), maxRoundTrips, Duration.ofMinutes(10),
            cooldown)), null);
  }

  private GuardianState state;

  @BeforeEach
  void open() {
    state = GuardianState.open(RiskPolicy.DEFAULT, d("100000"), T0);
  }

  private void fold(GuardianEvent e) {
    state = state.apply(e);
  }

  private ExecutionThrottle.Verdict produced(ExecutionThrottle.Verdict v) {
    if (v.denial() != null) PRODUCED.add(v.denial().reason());
    if (v.pause() != null) PRODUCED.add(v.pause().reason());
    return v;
  }

  /** The bot's order was acknowledged at {@code at} and filled completely. */
  private void traded(Order o, Instant at) {
    fold(new GuardianEvent.OrdersAcknowledged(List.of(GuardianRig.SIGNER.sign(o, "ack-" + o.clientOrderId(), "g", at,
        at.plusSeconds(30))), at));
    fold(new GuardianEvent.FillRecorded(new Fill("f-" + o.clientOrderId(), o.clientOrderId(), o.symbol(), o.side(),
        o.quantity(), d("100"), BigDecimal.ZERO, at), at));
  }

  /** One round trip of {@code bot} in AAPL: bought and sold back at {@code at}. */
  private void roundTrip(String bot, Instant at) {
    traded(market(bot, "AAPL", Side.BUY, "1"), at);
    traded(reduceOnly(bot, "AAPL", Side.SELL, "1"), at);
  }

  @AfterAll
  void everyReasonTheThrottleDeclaresWasProduced() {
    assertEquals(ExecutionThrottle.REASONS, PRODUCED);
  }

  @Test
  void aBotOverItsRequestRateIsDeniedAndPausedThenDeniedAsPausedUntilResumed() {
    var throttle = new ExecutionThrottle(policy(4, 0, Duration.ZERO).orders().botThrottle());
    for (int i = 0; i < 4; i++) {
      assertSame(ExecutionThrottle.Verdict.PASS, throttle.review(state.throttles(), "b1", false, T0));
      fold(new GuardianEvent.ReviewDenied("b1/s" + i, "b1", RiskDenial.of(DenialReason.MAX_NOTIONAL, "x"), T0));
    }
    var fifth = produced(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(10)));
    assertEquals(DenialReason.EXECUTION_THROTTLE, fifth.denial().reason());
    assertEquals("bot b1 asked for 5 trades and orders within 1m > max 4: paused until an operator resumes it",
        fifth.denial().detail());
    assertEquals(fifth.denial(), fifth.pause());
    assertTrue(throttle.review(state.throttles(), "b2", false, T0).equals(ExecutionThrottle.Verdict.PASS), "another bot is not counted");

    fold(new GuardianEvent.BotPaused("b1", fifth.pause(), T0.plusSeconds(10)));
    var paused = produced(throttle.order(state.throttles(), market("b1", "AAPL", Side.BUY, "1"), T0.plusSeconds(3600)));
    assertEquals(DenialReason.BOT_PAUSED, paused.denial().reason(), "an hour later it is still paused");
    assertNull(paused.pause(), "paused once");
    assertTrue(paused.denial().detail().contains("until an operator resumes it"), paused.denial().detail());
    assertSame(ExecutionThrottle.Verdict.PASS, throttle.order(state.throttles(), reduceOnly("b1", "AAPL", Side.SELL, "1"),
        T0.plusSeconds(3600)), "a paused bot may still close its position");

    fold(new GuardianEvent.BotResumed("b1", "ops", "checked", T0.plusSeconds(3601)));
    assertFalse(state.throttles().isPaused("b1"));
    assertSame(ExecutionThrottle.Verdict.PASS, throttle.review(state.throttles(), "b1", false, T0.plusSeconds(3601)),
        "resumed: its counts start afresh");
  }

  @Test
  void requestsOlderThanTheWindowNoLongerCount() {
    var throttle = new ExecutionThrottle(policy(2, 0, Duration.ZERO).orders().botThrottle());
    fold(new GuardianEvent.ReviewDenied("b1/a", "b1", RiskDenial.of(DenialReason.MAX_NOTIONAL, "x"), T0));
    fold(new GuardianEvent.ReviewDenied("b1/b", "b1", RiskDenial.of(DenialReason.MAX_NOTIONAL, "x"), T0.plusSeconds(30)));
    assertTrue(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(59)).denied(), "two within the minute");
    assertFalse(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(60)).denied(), "the first is a minute old");
  }

  @Test
  void aReduceOnlyOrderOverTheRatePassesButPausesTheBot() {
    var throttle = new ExecutionThrottle(policy(2, 0, Duration.ZERO).orders().botThrottle());
    traded(market("b1", "AAPL", Side.BUY, "1"), T0);
    traded(market("b1", "AAPL", Side.BUY, "1"), T0);
    var exit = throttle.order(state.throttles(), reduceOnly("b1", "AAPL", Side.SELL, "2"), T0);
    assertFalse(exit.denied(), "closing is always allowed");
    assertEquals(DenialReason.EXECUTION_THROTTLE, exit.pause().reason());
  }

  @Test
  void aBotAskingToEnterAfterItsRoundTripsWithinTheWindowIsPaused() {
    var throttle = new ExecutionThrottle(policy(0, 3, Duration.ZERO).orders().botThrottle());
    for (int i = 0; i < 3; i++) {
      assertFalse(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(i)).denied());
      roundTrip("b1", T0.plusSeconds(i));
    }
    assertEquals(3, state.throttles().of("b1").roundTrips().size());
    var fourth = produced(throttle.order(state.throttles(), market("b1", "AAPL", Side.BUY, "1"), T0.plusSeconds(5)));
    assertEquals(DenialReason.EXECUTION_THROTTLE, fourth.denial().reason());
    assertEquals("bot b1 asked to enter again after 3 round trips within 10m (max 3): paused until an operator resumes it",
        fourth.denial().detail());
    assertNotNull(fourth.pause());
    assertFalse(throttle.order(state.throttles(), reduceOnly("b1", "AAPL", Side.SELL, "1"), T0.plusSeconds(5)).denied(),
        "round trips never stop an exit");
    assertFalse(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(601)).denied(), "ten minutes on, the window is clear");
  }

  /** The incident: the account is not flat (b2 holds AAPL), so only the bot's own cooldown stops b1 re-entering. */
  @Test
  void aBotMayNotReEnterWithinItsOwnCooldownWhileAnotherBotHoldsTheSymbol() {
    var throttle = new ExecutionThrottle(policy(0, 0, Duration.ofMinutes(5)).orders().botThrottle());
    traded(market("b2", "AAPL", Side.BUY, "10"), T0);
    roundTrip("b1", T0);
    assertEquals(T0, state.throttles().of("b1").lastExit());
    assertFalse(state.book().ledger().position("AAPL").isFlat(), "b2 still holds AAPL");
    var again = produced(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(60)));
    assertEquals(DenialReason.COOLDOWN, again.denial().reason());
    assertEquals("bot b1 re-entry 1m after its exit at " + T0 + " < its cooldown 5m", again.denial().detail());
    assertNull(again.pause(), "a cooldown is a plain denial");
    assertFalse(throttle.review(state.throttles(), "b1", false, T0.plusSeconds(300)).denied());
    assertFalse(throttle.review(state.throttles(), "b2", false, T0.plusSeconds(60)).denied(), "b2 never exited");
  }

  /** The venue told the bot of its exit fill before it told the guardian: the bot is back before the book knows. */
  @Test
  void anEntryFromFlatWhileTheGuardianStillSeesTheBotHoldingCountsTheUnseenExitAsMadeNow() {
    var cooldown = new ExecutionThrottle(policy(0, 0, Duration.ofMinutes(5)).orders().botThrottle());
    assertEquals(DenialReason.COOLDOWN, cooldown.review(state.throttles(), "b1", true, T0).denial().reason());
    assertFalse(cooldown.review(state.throttles(), "b1", false, T0).denied());
    var entry = Fixtures.proposal("b1", "AAPL", Side.BUY, "100", null, io.dorado.protocol.bot.Sizing.fixedQuantity(d("1")), T0);
    assertFalse(ExecutionThrottle.exitUnseen(entry, state.book()), "flat, nothing working");
    Order exit = reduceOnly("b1", "AAPL", Side.SELL, "1");
    var exitWorking = state.book().acknowledged(market("b1", "AAPL", Side.BUY, "1"), T0).acknowledged(exit, T0);
    assertTrue(ExecutionThrottle.exitUnseen(entry, exitWorking), "neither fill heard of, its exit still working");
    traded(market("b1", "AAPL", Side.BUY, "1"), T0);
    assertTrue(ExecutionThrottle.exitUnseen(entry, state.book()), "the book has it holding");
    var adjustment = new io.dorado.protocol.risk.TradeProposal("b1/adj", "b1", "adj", Fixtures.VENUE, "AAPL", Side.BUY,
        d("100"), null, null, io.dorado.protocol.bot.Sizing.fixedQuantity(d("1")), true, T0);
    assertFalse(ExecutionThrottle.exitUnseen(adjustment, state.book()), "an adjustment adds to what it holds");
    open();
    var trips = new ExecutionThrottle(policy(0, 3, Duration.ZERO).orders().botThrottle());
    roundTrip("b1", T0);
    roundTrip("b1", T0);
    assertFalse(trips.review(state.throttles(), "b1", false, T0).denied(), "2 round trips");
    var third = trips.review(state.throttles(), "b1", true, T0);
    assertEquals("bot b1 asked to enter again after 3 round trips within 10m (max 3): paused until an operator resumes it",
        third.denial().detail(), "2 seen + the one the bot made and the guardian has not heard of yet");
  }

  @Test
  void aPartialExitIsNoRoundTripAndAStructureClosedLegByLegIsOne() {
    Order entry = market("b1", "AAPL", Side.BUY, "2");
    traded(entry, T0);
    traded(reduceOnly("b1", "AAPL", Side.SELL, "1"), T0);
    assertNull(state.throttles().of("b1").lastExit(), "still holds 1");
    traded(market("b1", "MSFT", Side.BUY, "1"), T0);
    traded(reduceOnly("b1", "AAPL", Side.SELL, "1"), T0);
    assertNull(state.throttles().of("b1").lastExit(), "flat in AAPL but still holds MSFT");
    traded(reduceOnly("b1", "MSFT", Side.SELL, "1"), T0.plusSeconds(1));
    assertEquals(List.of(T0.plusSeconds(1)), state.throttles().of("b1").roundTrips());
  }

  @Test
  void theDefaultsFollowTheAccountCooldownAndAreValidated() {
    var dflt = RiskPolicy.DEFAULT.orders().botThrottle();
    assertEquals(20, dflt.maxRequests());
    assertEquals(Duration.ofMinutes(1), dflt.window());
    assertEquals(20, dflt.maxRoundTrips());
    assertEquals(Duration.ofMinutes(10), dflt.roundTripWindow());
    assertEquals(Duration.ofMinutes(30), dflt.reentryCooldown(), "the account's cooldown");
    var demo = new RiskPolicy.Orders(null, null, null, null, Duration.ofMinutes(1), null, null);
    assertEquals(Duration.ofMinutes(1), demo.botThrottle().reentryCooldown());
    var bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RiskPolicy.BotThrottle(null, Duration.ofDays(2), null, null, null));
    assertEquals("orders.bot_throttle.window must be within (0, 1 day], was PT48H", bad.getMessage());
    bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RiskPolicy.BotThrottle(-1, null, null, null, null));
    assertEquals("orders.bot_throttle.max_requests must be within [0, 1000] (0 = off), was -1", bad.getMessage());
  }

  @Test
  void aFloodingBotKeepsAtMostTheLastThousandRequests() {
    for (int i = 0; i < 1_200; i++) {
      fold(new GuardianEvent.ReviewDenied("b1/" + i, "b1", RiskDenial.of(DenialReason.BOT_PAUSED, "x"),
          T0.plusMillis(i)));
    }
    assertEquals(RiskPolicy.BotThrottle.MAX_COUNT, state.throttles().of("b1").requests().size());
    fold(new GuardianEvent.ReviewDenied("b1/late", "b1", RiskDenial.of(DenialReason.BOT_PAUSED, "x"),
        T0.plus(Duration.ofDays(2))));
    assertEquals(1, state.throttles().of("b1").requests().size(), "a day-old request is forgotten");
  }
}
