package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.BreakerReset;
import io.dorado.protocol.risk.RiskPolicy.CircuitBreakers;
import io.dorado.protocol.risk.TradingState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session boundaries the breaker reset happens at, and what it does with the breaker recorded in the halt. */
class SessionResetTest {
  private static final CircuitBreakers SESSION = new CircuitBreakers(d("2"), d("5"), null, null, null, null)
      .withSessionCalendars("us-equities", Map.of("kraken", "crypto", "oanda", "fx"));

  private static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void session_close_boundaries_are_the_calendars_closes_and_the_weeks_last_close_ends_the_week() {
    // Monday 2026-01-05: NYSE closes 16:00 New York = 21:00 UTC; the last close before Monday's is Friday's.
    assertEquals(new SessionReset.Boundary(t("2026-01-02T21:00:00Z"), true),
        SessionReset.lastBoundary(SESSION, "paper", t("2026-01-05T20:59:00Z")));
    assertEquals(new SessionReset.Boundary(t("2026-01-05T21:00:00Z"), false),
        SessionReset.lastBoundary(SESSION, "paper/paper", t("2026-01-05T21:00:00Z")), "a paper account: its venue's");
    // The day after Thanksgiving 2026 closes early, 13:00 New York = 18:00 UTC; it is the week's last session.
    assertEquals(new SessionReset.Boundary(t("2026-11-27T18:00:00Z"), true),
        SessionReset.lastBoundary(SESSION, "paper", t("2026-11-27T18:01:00Z")));
    // A venue's own calendar: crypto's day ends at UTC midnight (Sunday's, at Monday 00:00, ends the week), FX's at
    // 17:00 New York (22:00 UTC in January).
    assertEquals(new SessionReset.Boundary(t("2026-01-05T00:00:00Z"), true),
        SessionReset.lastBoundary(SESSION, "kraken", t("2026-01-05T10:00:00Z")));
    assertEquals(new SessionReset.Boundary(t("2026-01-05T22:00:00Z"), false),
        SessionReset.lastBoundary(SESSION, "oanda", t("2026-01-05T22:30:00Z")));
    // utc_midnight: the UTC day's start, the week's on Monday; manual: none.
    var midnight = SESSION.withBreakerReset(BreakerReset.UTC_MIDNIGHT);
    assertEquals(new SessionReset.Boundary(t("2026-01-05T00:00:00Z"), true),
        SessionReset.lastBoundary(midnight, "paper", t("2026-01-05T10:00:00Z")));
    assertNull(SessionReset.lastBoundary(SESSION.withBreakerReset(BreakerReset.MANUAL), "paper", t("2026-01-05T10:00:00Z")));
  }

  @Test
  void the_breaker_of_a_breach_is_recorded_daily_weekly_or_drawdown() {
    assertEquals(Breaker.DAILY_LOSS, SessionReset.breakerOf(RiskDenial.of(DenialReason.DAILY_LOSS_LIMIT, "x")));
    assertEquals(Breaker.WEEKLY_LOSS, SessionReset.breakerOf(RiskDenial.of(DenialReason.WEEKLY_LOSS_LIMIT, "x")));
    assertEquals(Breaker.DRAWDOWN, SessionReset.breakerOf(RiskDenial.of(DenialReason.DRAWDOWN_LIMIT, "x")));
    assertNull(SessionReset.breakerOf(RiskDenial.of(DenialReason.HEAT_LIMIT, "x")));
    assertNull(SessionReset.breakerOf(null));
  }

  /**
   * A state halted by {@code breaker} with {@code reason} (as a decision writes it) while 500 AAPL bought at 100 are
   * marked at {@code mark}: the breakers measure whatever that makes.
   */
  private static GuardianState halted(RiskPolicy policy, Breaker breaker, String reason, String mark, Instant at) {
    var s = GuardianState.open(policy, d("100000"), Fixtures.T0);
    var o = Fixtures.market("b1", "AAPL", Side.BUY, "500");
    s = s.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), Fixtures.T0));
    s = s.apply(new GuardianEvent.FillRecorded(new io.dorado.protocol.order.Fill("f1", o.clientOrderId(), "AAPL",
        Side.BUY, d("500"), d("100"), java.math.BigDecimal.ZERO, Fixtures.T0), Fixtures.T0, "paper"));
    s = s.apply(new GuardianEvent.TradingStateChanged(TradingState.HALTED, "circuit breaker", reason, at, "paper", breaker));
    return s.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d(mark)), at));
  }

  @Test
  void a_weekly_halt_recorded_by_a_decision_lifts_only_at_the_weeks_boundary_however_the_marks_recovered() {
    var policy = new RiskPolicy(null, Fixtures.loosePortfolio(), SESSION.withBreakerReset(BreakerReset.UTC_MIDNIGHT),
        null, null);
    var engine = Fixtures.engine(policy);
    // Recovered to 100 before Wednesday's midnight: no breaker trips, yet the halt was the weekly breaker's.
    var s = halted(policy, Breaker.WEEKLY_LOSS, "breaker implied HALTED (WEEKLY_LOSS_LIMIT)", "100",
        t("2026-01-07T12:00:00Z"));
    assertEquals(Breaker.WEEKLY_LOSS, s.account("paper").haltedBy());
    assertEquals(List.of(), SessionReset.at(s, engine, t("2026-01-07T23:59:00Z"), t("2026-01-08T00:00:30Z")));
    var monday = SessionReset.at(s, engine, t("2026-01-11T23:59:00Z"), t("2026-01-12T00:00:30Z"));
    assertEquals(1, monday.size());
    var lifted = (GuardianEvent.TradingStateChanged) monday.get(0);
    assertEquals(TradingState.ACTIVE, lifted.state());
    assertTrue(lifted.reason().startsWith("weekly loss breaker reset at 2026-01-12T00:00:00Z"), lifted.reason());

    // The same halt written before the breaker was recorded (an older journal): read as the daily breaker's, as before.
    var older = halted(policy, null, "breaker implied HALTED", "100", t("2026-01-07T12:00:00Z"));
    assertEquals(TradingState.ACTIVE, ((GuardianEvent.TradingStateChanged) SessionReset.at(older, engine,
        t("2026-01-07T23:59:00Z"), t("2026-01-08T00:00:30Z")).get(0)).state());
  }

  @Test
  void at_a_session_close_the_daily_loss_is_measured_afresh_and_a_daily_halt_lifts() {
    var policy = new RiskPolicy(null, Fixtures.loosePortfolio(), SESSION, null, null);
    var engine = Fixtures.engine(policy);
    // 500 AAPL 100 -> 95: 2.5 % lost today (2,500 of 100,000), halted by the daily breaker at 15:00 UTC.
    var s = halted(policy, Breaker.DAILY_LOSS, "paper: DAILY_LOSS_LIMIT: daily loss 2.50% >= halt 2.00%", "95",
        t("2026-01-05T15:00:00Z"));
    assertEquals(List.of(), SessionReset.at(s, engine, t("2026-01-05T20:58:00Z"), t("2026-01-05T20:59:00Z")));
    var close = SessionReset.at(s, engine, t("2026-01-05T20:59:00Z"), t("2026-01-05T21:00:30Z"));
    assertEquals(new GuardianEvent.SessionClosed("paper", t("2026-01-05T21:00:00Z"), false, t("2026-01-05T21:00:30Z")),
        close.get(0));
    var lifted = (GuardianEvent.TradingStateChanged) close.get(1);
    assertEquals(TradingState.ACTIVE, lifted.state());
    assertEquals("daily loss breaker reset at 2026-01-05T21:00:00Z (circuit_breakers.breaker_reset session_close,"
        + " us-equities); was: paper: DAILY_LOSS_LIMIT: daily loss 2.50% >= halt 2.00%", lifted.reason());
    var after = s;
    for (var e : close) after = after.apply(e);
    assertEquals(0, engine.breakers(after.account("paper").book(), t("2026-01-05T21:00:30Z")).dailyLossPct().signum(),
        "the day's loss from the close: none");
  }
}
