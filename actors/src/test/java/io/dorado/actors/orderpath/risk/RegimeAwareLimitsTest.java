package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.loosePortfolio;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.BreakerReset;
import io.dorado.protocol.risk.RiskPolicy.CircuitBreakers;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PRD §3.4 through the guardian actor: the regime radar's macro regime sizes new trades down (high volatility) or
 * halts them (crisis, {@code REGIME_HALT} naming the regime); the loss breakers' halts lift at the UTC day's start
 * when {@code circuit_breakers.breaker_reset} is {@code utc_midnight}, the weekly one only at the week's start.
 * The clock is the rig's {@code MutableClock}; T0 is Monday 2026-01-05 10:00 UTC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegimeAwareLimitsTest {
  private final ActorTestKit kit = ActorTestKit.create("regime-aware-limits", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private static RiskPolicy breakers(CircuitBreakers cb) {
    return new RiskPolicy(null, loosePortfolio(), cb, null, null);
  }

  private static void regime(GuardianRig g, String label, double confidence, Instant publishedAt) {
    g.guardian.tell(new RiskGuardian.RegimeChanged(label, confidence, publishedAt));
  }

  @Test
  @DisplayName("in a crisis regime new trades and orders are denied REGIME_HALT naming the regime; exits still pass; a stale regime halts nothing")
  void crisisHaltsNewExposure() {
    var g = new GuardianRig(kit, breakers(CircuitBreakers.DEFAULT));
    g.hold("b1", "AAPL", Side.BUY, "10", "100", "95");
    assertInstanceOf(RiskGuardian.TradeApproved.class, g.reviewed("b2", "MSFT", Side.BUY, "1", "200", "190"));
    regime(g, "crisis", 0.91, g.clock.instant());

    var review = assertInstanceOf(RiskGuardian.TradeDenied.class, g.reviewed("b3", "MSFT", Side.BUY, "1", "200", "190"));
    assertEquals(DenialReason.REGIME_HALT, review.reason());
    assertTrue(review.detail().startsWith("macro regime crisis (confidence 0.91, published 2026-01-05T10:00:00Z)"),
        review.detail());
    OrderReport.Denied order = g.denied(GuardianRig.market("b2", "MSFT", Side.BUY, "1")); // reviewed before the crisis
    assertEquals(DenialReason.REGIME_HALT, order.reason());
    g.submitted(GuardianRig.reduceOnly("b1", "AAPL", Side.SELL, "10")); // the exit is let out
    System.out.println("regime-aware limits: " + order.reason() + " " + order.detail());

    g.clock.advance(Duration.ofHours(27)); // older than max_age 26h: the radar is never load-bearing
    g.mark("MSFT", "200");
    assertInstanceOf(RiskGuardian.TradeApproved.class, g.reviewed("b3", "MSFT", Side.BUY, "1", "200", "190"));
  }

  @Test
  @DisplayName("in a high-volatility regime a reviewed trade is sized by the multiplier, and the note says why")
  void highVolatilityHalvesTheSize() {
    var g = new GuardianRig(kit, breakers(CircuitBreakers.DEFAULT));
    var calm = assertInstanceOf(RiskGuardian.TradeApproved.class, g.reviewed("b1", "AAPL", Side.BUY, "10", "100", "95"));
    assertEquals(d("10"), calm.quantity());
    regime(g, "risk_off", 0.8, g.clock.instant());
    var sized = assertInstanceOf(RiskGuardian.TradeApproved.class, g.reviewed("b2", "MSFT", Side.BUY, "10", "200", "190"));
    assertEquals(0, d("5").compareTo(sized.quantity()), "10 x 0.5");
    assertEquals(0, d("50").compareTo(sized.maxLoss()), "5 x |200 - 190|");
    assertTrue(sized.note().contains("regime risk_off (confidence 0.80"), sized.note());
    regime(g, "goldilocks", 0.7, g.clock.instant()); // a newer publish: full size again
    var full = assertInstanceOf(RiskGuardian.TradeApproved.class, g.reviewed("b3", "MSFT", Side.BUY, "10", "200", "190"));
    assertEquals(d("10"), full.quantity());
  }

  @Test
  @DisplayName("with breaker_reset utc_midnight a daily halt lifts at the next UTC midnight, not before; with manual it stays")
  void dailyHaltResetsAtMidnight() {
    var reset = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)
        .withBreakerReset(BreakerReset.UTC_MIDNIGHT)));
    var manual = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)));
    for (GuardianRig g : new GuardianRig[] {reset, manual}) {
      g.hold("b1", "AAPL", Side.BUY, "100", "100", "95");
      g.mark("AAPL", "75"); // daily loss 2.5 %, weekly 2.5 %
      assertEquals(DenialReason.DAILY_LOSS_LIMIT, g.denied(GuardianRig.market("b2", "MSFT", Side.BUY, "1")).reason());
      assertEquals(TradingState.HALTED, g.status().tradingState());
      g.clock.advance(Duration.ofHours(13)); // 23:00: the same UTC day
      g.guardian.tell(new SessionReset.Tick());
      assertEquals(TradingState.HALTED, g.status().tradingState(), "no reset within the day");
      g.clock.advance(Duration.ofHours(1).plusSeconds(30)); // Tuesday 00:00:30
      g.guardian.tell(new SessionReset.Tick());
    }
    RiskGuardian.GuardianStatus after = reset.status();
    assertEquals(TradingState.ACTIVE, after.tradingState());
    assertTrue(after.reason().contains("daily loss breaker reset at 2026-01-06T00:00:00Z"), after.reason());
    reset.mark("MSFT", "200");
    assertInstanceOf(RiskGuardian.TradeApproved.class, reset.reviewed("b2", "MSFT", Side.BUY, "1", "200", "190"));
    assertEquals(TradingState.HALTED, manual.status().tradingState(), "manual: an operator resumes");
    System.out.println("breaker reset: " + after.reason());
  }

  @Test
  @DisplayName("the weekly breaker is distinct: a loss past both limits stays halted at midnight as the weekly breaker's, and lifts at Monday 00:00")
  void weeklyHaltOutlastsTheDay() {
    var g = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)
        .withBreakerReset(BreakerReset.UTC_MIDNIGHT)));
    g.hold("b1", "AAPL", Side.BUY, "500", "100", "95");
    g.mark("AAPL", "88"); // 6 % lost today and this week
    assertEquals(DenialReason.DAILY_LOSS_LIMIT, g.denied(GuardianRig.market("b2", "MSFT", Side.BUY, "1")).reason());
    g.clock.advance(Duration.ofHours(14).plusSeconds(30)); // Tuesday 00:00:30
    g.guardian.tell(new SessionReset.Tick());
    var tuesday = g.status();
    assertEquals(TradingState.HALTED, tuesday.tradingState());
    assertTrue(tuesday.reason().contains("WEEKLY_LOSS_LIMIT: weekly loss 6.00% >= halt 5.00%"), tuesday.reason());
    g.clock.advance(Duration.ofDays(1)); // Wednesday: still the same week
    g.guardian.tell(new SessionReset.Tick());
    assertEquals(TradingState.HALTED, g.status().tradingState());
    g.clock.advance(Duration.ofDays(5)); // Monday 2026-01-12 00:00:30: a new week
    g.guardian.tell(new SessionReset.Tick());
    var monday = g.status();
    assertEquals(TradingState.ACTIVE, monday.tradingState());
    assertTrue(monday.reason().contains("weekly loss breaker reset at 2026-01-12T00:00:00Z"), monday.reason());
  }

  @Test
  @DisplayName("with breaker_reset session_close a daily halt lifts at the venue calendar's close, the day's loss measured afresh; utc_midnight waits")
  void dailyHaltResetsAtTheSessionClose() {
    var session = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)
        .withSessionCalendars("us-equities", Map.of())));
    var midnight = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)
        .withBreakerReset(BreakerReset.UTC_MIDNIGHT)));
    for (GuardianRig g : new GuardianRig[] {session, midnight}) {
      g.hold("b1", "AAPL", Side.BUY, "100", "100", "95");
      g.mark("AAPL", "75"); // daily loss 2.5 % at Monday 10:00 UTC
      assertEquals(DenialReason.DAILY_LOSS_LIMIT, g.denied(GuardianRig.market("b2", "MSFT", Side.BUY, "1")).reason());
      g.clock.advance(Duration.ofHours(10).plusMinutes(59)); // 20:59 UTC = 15:59 New York: the session is open
      g.guardian.tell(new SessionReset.Tick());
      assertEquals(TradingState.HALTED, g.status().tradingState(), "no reset before the close");
      g.clock.advance(Duration.ofSeconds(90)); // 21:00:30 UTC: NYSE closed at 16:00 New York
      g.guardian.tell(new SessionReset.Tick());
    }
    var after = session.status();
    assertEquals(TradingState.ACTIVE, after.tradingState());
    assertTrue(after.reason().startsWith("daily loss breaker reset at 2026-01-05T21:00:00Z"
        + " (circuit_breakers.breaker_reset session_close, us-equities)"), after.reason());
    session.mark("MSFT", "200");
    assertInstanceOf(RiskGuardian.TradeApproved.class, session.reviewed("b2", "MSFT", Side.BUY, "1", "200", "190"),
        "the day's loss is measured from the close: the breaker does not trip again");
    assertEquals(TradingState.HALTED, midnight.status().tradingState(), "utc_midnight: not before 00:00 UTC");
    System.out.println("session close reset: " + after.reason());
  }

  @Test
  @DisplayName("a halt by the weekly breaker alone is recorded as the weekly breaker's: marks recovering before midnight do not lift it, Monday does")
  void weeklyOnlyHaltWaitsForTheWeek() {
    var g = new GuardianRig(kit, breakers(new CircuitBreakers(d("2"), d("5"), null, null, null, null)
        .withBreakerReset(BreakerReset.UTC_MIDNIGHT)));
    g.hold("b1", "AAPL", Side.BUY, "500", "100", "95"); // 50,000 of 100,000
    g.mark("AAPL", "96.2"); // Monday: −1,900 (1.90 %)
    g.clock.advance(Duration.ofDays(1));
    g.mark("AAPL", "92.4"); // Tuesday: −1,900 of 98,100 (1.94 %); the week −3.80 %
    g.clock.advance(Duration.ofDays(1));
    g.mark("AAPL", "88.6"); // Wednesday: −1,900 of 96,200 (1.98 %): under the daily limit; the week −5.70 %
    var denied = g.denied(GuardianRig.market("b2", "MSFT", Side.BUY, "1"));
    assertEquals(DenialReason.WEEKLY_LOSS_LIMIT, denied.reason());
    assertEquals(TradingState.HALTED, g.status().tradingState());
    g.mark("AAPL", "100"); // recovered before midnight: no breaker trips any more
    g.clock.advance(Duration.ofHours(14).plusSeconds(30)); // Thursday 00:00:30
    g.guardian.tell(new SessionReset.Tick());
    var thursday = g.status();
    assertEquals(TradingState.HALTED, thursday.tradingState(), "the weekly breaker's halt lifts only at the week's start");
    g.clock.advance(Duration.ofDays(4)); // Monday 2026-01-12 00:00:30
    g.guardian.tell(new SessionReset.Tick());
    var monday = g.status();
    assertEquals(TradingState.ACTIVE, monday.tradingState());
    assertTrue(monday.reason().startsWith("weekly loss breaker reset at 2026-01-12T00:00:00Z"), monday.reason());
    System.out.println("weekly-only halt: " + thursday.reason() + " | " + monday.reason());
  }

  /** No review needed: orders arrive as a webhook's bot sends them, straight to the acknowledgement. */
  private static RiskPolicy unreviewed() {
    return new RiskPolicy(null, loosePortfolio(), CircuitBreakers.DEFAULT,
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, false), null);
  }

  private static Order acknowledgedAs(GuardianRig g, Order asked) {
    g.acknowledge(asked);
    return assertInstanceOf(Venue.Submit.class, g.venue().receiveMessage()).ack().order();
  }

  @Test
  @DisplayName("the regime sizes a trade at its review; its acknowledgement never resizes the order the bot persisted and sent")
  void theAcknowledgementNeverResizesWhatTheBotPersisted() {
    var g = new GuardianRig(kit, unreviewed());
    regime(g, "transition", 0.7, g.clock.instant());
    Order asked = GuardianRig.market("w2", "AAPL", Side.BUY, "10");
    Order sized = acknowledgedAs(g, asked);
    assertEquals(d("10"), sized.quantity(), "the bot persisted 10 and waits for 10: the review sizes, not the ack");

    // A reviewed trade was sized at its review: its order is not sized again.
    var reviewed = new GuardianRig(kit, breakers(CircuitBreakers.DEFAULT));
    regime(reviewed, "risk_off", 0.8, reviewed.clock.instant());
    var approved = assertInstanceOf(RiskGuardian.TradeApproved.class,
        reviewed.reviewed("r1", "MSFT", Side.BUY, "10", "200", "190"));
    assertEquals(0, d("5").compareTo(approved.quantity()));
    assertEquals(0, d("5").compareTo(acknowledgedAs(reviewed, GuardianRig.market("r1", "MSFT", Side.BUY, "5")).quantity()));
    System.out.println("regime sizing at the review: risk_off reviewed 10 -> 5, acknowledged 5; an unreviewed order in "
        + "transition acknowledged as asked: 10 -> " + sized.quantity());
  }
}
