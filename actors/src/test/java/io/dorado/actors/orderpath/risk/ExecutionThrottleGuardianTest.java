package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.GuardianRig.market;
import static io.dorado.actors.orderpath.risk.GuardianRig.reduceOnly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The execution throttle in the real guardian: a bot over its limits is denied and paused, the pause is in the
 * journal (a restarted guardian keeps it), shows in the status, is alerted, lets the bot's exits out, and lasts
 * until an operator resumes the bot. ({@link ExecutionThrottleTest} covers the decisions.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionThrottleGuardianTest {
  private final ActorTestKit kit = ActorTestKit.create("execution-throttle", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /** No review needed, 3 requests a minute, no round-trip limit, no cooldown. */
  private static RiskPolicy policy() {
    return new RiskPolicy(null, Fixtures.loosePortfolio(), null, new RiskPolicy.Orders(null, null, null, null,
        Duration.ZERO, null, false, new RiskPolicy.BotThrottle(3, Duration.ofMinutes(1), 0, null, null)), null);
  }

  /** A snapshot holds the throttle as it is: each bot's times and the paused bots. */
  @Test
  void theThrottleStateRoundTripsThroughTheSnapshotSerializer() {
    var t0 = Fixtures.T0;
    var state = GuardianState.open(RiskPolicy.DEFAULT, Fixtures.d("100000"), t0)
        .apply(new io.dorado.protocol.risk.GuardianEvent.ReviewDenied("b1/s1", "b1",
            io.dorado.protocol.risk.RiskDenial.of(DenialReason.COOLDOWN, "x"), t0))
        .apply(new io.dorado.protocol.risk.GuardianEvent.BotPaused("b1",
            io.dorado.protocol.risk.RiskDenial.of(DenialReason.EXECUTION_THROTTLE, "too many"), t0));
    var back = (GuardianState) new io.dorado.protocol.testing.RoundTrip(kit.system()).through(state);
    assertEquals(state.throttles(), back.throttles());
    assertTrue(back.throttles().isPaused("b1"));
  }

  @Test
  void aBotOverItsRateIsPausedThroughARestartUntilAnOperatorResumesItAndMayStillExit() {
    TestProbe<Alert> alerts = kit.createTestProbe();
    kit.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, alerts.ref()));
    var rig = new GuardianRig(kit, policy());
    Order held = market("b1", "AAPL", Side.BUY, "3");
    rig.submitted(held);
    rig.fill(held, "3", "100", rig.clock.instant());
    rig.submitted(market("b1", "AAPL", Side.BUY, "1"));
    rig.submitted(market("b1", "AAPL", Side.BUY, "1"));
    rig.submitted(market("b2", "AAPL", Side.BUY, "1")); // another bot's orders are its own

    var tripped = rig.denied(market("b1", "AAPL", Side.BUY, "1"));
    assertEquals(DenialReason.EXECUTION_THROTTLE, tripped.reason());
    assertEquals("bot b1 asked for 4 trades and orders within 1m > max 3: paused until an operator resumes it",
        tripped.detail());
    var alert = (Alert.BotPaused) alerts.fishForMessage(Duration.ofSeconds(3), a -> a instanceof Alert.BotPaused
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0);
    assertEquals("b1", alert.botId());
    assertEquals(DenialReason.EXECUTION_THROTTLE, alert.reason());

    rig.clock.advance(Duration.ofHours(1)); // the window is long past: the pause is not a rate
    kit.stop(rig.guardian);
    ActorRef<RiskGuardian.Command> restarted = rig.respawn();
    TestProbe<RiskGuardian.GuardianStatus> status = kit.createTestProbe();
    restarted.tell(new RiskGuardian.GetStatus(status.ref()));
    var paused = status.receiveMessage().pausedBots();
    assertEquals(java.util.Set.of("b1"), paused.keySet(), "the pause is in the journal");
    assertEquals(DenialReason.EXECUTION_THROTTLE, paused.get("b1").reason());

    TestProbe<io.dorado.protocol.order.OrderReport> reports = kit.createTestProbe();
    restarted.tell(new RiskGuardian.AcknowledgeOrder(market("b1", "AAPL", Side.BUY, "1"), reports.ref()));
    var denied = assertInstanceOf(io.dorado.protocol.order.OrderReport.Denied.class, reports.receiveMessage());
    assertEquals(DenialReason.BOT_PAUSED, denied.reason());
    TestProbe<RiskGuardian.ReviewReply> reviews = kit.createTestProbe();
    restarted.tell(new RiskGuardian.ReviewTrade(rig.proposal("b1", "AAPL", Side.BUY, "1", "100", "95"), reviews.ref()));
    assertEquals(DenialReason.BOT_PAUSED, assertInstanceOf(RiskGuardian.TradeDenied.class, reviews.receiveMessage()).reason());

    Order exit = reduceOnly("b1", "AAPL", Side.SELL, "3");
    restarted.tell(new RiskGuardian.AcknowledgeOrder(exit, reports.ref()));
    var sent = assertInstanceOf(io.dorado.protocol.venue.Venue.Submit.class,
        rig.venue().fishForMessage(Duration.ofSeconds(3), m -> m instanceof io.dorado.protocol.venue.Venue.Submit
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0));
    assertEquals(exit, sent.ack().order(), "a paused bot may close its position");

    TestProbe<RiskGuardian.BotResumeReply> operator = kit.createTestProbe();
    restarted.tell(new RiskGuardian.ResumeBot("b2", "ops", "not paused", operator.ref()));
    assertFalse(operator.receiveMessage().resumed(), "b2 was never paused");
    restarted.tell(new RiskGuardian.ResumeBot("b1", "ops", "loop fixed", operator.ref()));
    var resumed = operator.receiveMessage();
    assertTrue(resumed.resumed(), resumed.detail());
    alerts.fishForMessage(Duration.ofSeconds(3), a -> a instanceof Alert.BotResumed r && r.botId().equals("b1")
        && r.by().equals("ops") ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    restarted.tell(new RiskGuardian.GetStatus(status.ref()));
    assertTrue(status.receiveMessage().pausedBots().isEmpty());

    Order again = market("b1", "AAPL", Side.BUY, "1");
    restarted.tell(new RiskGuardian.AcknowledgeOrder(again, reports.ref()));
    rig.venue().fishForMessage(Duration.ofSeconds(3), m -> m instanceof io.dorado.protocol.venue.Venue.Submit s
        && s.ack().order().equals(again) ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
  }
}
