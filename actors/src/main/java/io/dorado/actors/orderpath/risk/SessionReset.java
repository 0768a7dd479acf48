package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.BreakerReset;
import io.dorado.protocol.risk.TradingState;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The loss breakers' reset at the session boundary the policy names ({@code circuit_breakers.breaker_reset}), noticed
 * by the guardian's minute {@link Tick}:
 *
 * <ul>
 *   <li>{@code utc_midnight}: each UTC day's start; the week's is Monday 00:00 UTC.
 *   <li>{@code session_close}: each close of the account's venue's exchange calendar
 *       ({@code circuit_breakers.session_calendars}, else {@code session_calendar}); the account's daily loss is then
 *       measured afresh from its equity at the close ({@link GuardianEvent.SessionClosed}), and its weekly loss too at
 *       the week's last close (the next session is in a later ISO week), which is the week's boundary.
 * </ul>
 * At a boundary an account halted by the daily loss breaker resumes when no breaker trips any more; if the weekly
 * breaker still trips, the halt stays and is recorded as the weekly breaker's; an account halted by the weekly breaker
 * resumes only at the week's boundary. Drawdown halts, the kill switch and operators' halts are left alone. Which
 * breaker halted the account is recorded with the halt ({@link GuardianAccount#haltedBy()}); a halt written before it
 * was recorded is read from its reason.
 *
 * <p>Only a boundary the guardian saw pass resets: one that passed while it was down resets at the next one (never
 * early, never intraday because marks recovered).
 */
final class SessionReset {
  private SessionReset() {}

  /** The guardian's minute timer: has a session boundary passed since the last tick it handled? */
  record Tick() implements RiskGuardian.Internal {}

  static final String BY = "breaker reset";

  /** The loss breaker a breach is of (null: none, or not a loss breaker's). */
  static Breaker breakerOf(RiskDenial breach) {
    if (breach == null) return null;
    return switch (breach.reason()) {
      case DAILY_LOSS_LIMIT -> Breaker.DAILY_LOSS;
      case WEEKLY_LOSS_LIMIT -> Breaker.WEEKLY_LOSS;
      case DRAWDOWN_LIMIT -> Breaker.DRAWDOWN;
      default -> null;
    };
  }

  /** A boundary and whether it is the week's. */
  record Boundary(Instant at, boolean weekEnd) {}

  /** The last boundary at or before {@code now} for {@code account}; null when the policy resets manually. */
  static Boundary lastBoundary(RiskPolicy.CircuitBreakers cb, String account, Instant now) {
    if (cb.breakerReset() == BreakerReset.UTC_MIDNIGHT) {
      LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
      return new Boundary(day.atStartOfDay(ZoneOffset.UTC).toInstant(), day.getDayOfWeek() == DayOfWeek.MONDAY);
    }
    if (cb.breakerReset() != BreakerReset.SESSION_CLOSE) return null;
    TradingCalendar calendar = cb.sessionCalendarOf(GuardianAccount.venueOf(account));
    LocalDate d = now.atZone(calendar.zone()).toLocalDate().plusDays(1);
    for (int i = 0; i < 30; i++, d = d.minusDays(1)) {
      var session = calendar.session(d);
      if (session.isEmpty() || session.get().close().toInstant().isAfter(now)) continue;
      Instant close = session.get().close().toInstant();
      LocalDate next = calendar.nextSession(close).day();
      return new Boundary(close, week(next) != week(d));
    }
    return null;
  }

  private static long week(LocalDate d) {
    return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
  }

  /**
   * What the boundaries passed after {@code since} up to {@code now} change, account by account; nothing when the
   * policy resets manually.
   */
  static List<GuardianEvent> at(GuardianState s, RiskEngine engine, Instant since, Instant now) {
    List<GuardianEvent> events = new ArrayList<>();
    RiskPolicy.CircuitBreakers cb = engine.policy().circuitBreakers();
    if (cb.breakerReset() == BreakerReset.MANUAL) return events;
    GuardianState next = s;
    for (String account : new TreeMap<>(s.accounts()).keySet()) {
      Boundary boundary = lastBoundary(cb, account, now);
      if (boundary == null || !boundary.at().isAfter(since)) continue;
      if (cb.breakerReset() == BreakerReset.SESSION_CLOSE) {
        var closed = new GuardianEvent.SessionClosed(account, boundary.at(), boundary.weekEnd(), now);
        events.add(closed);
        next = next.apply(closed);
      }
      GuardianAccount a = next.accounts().get(account);
      RiskBook book = a.book();
      if (book.tradingState() != TradingState.HALTED || book.killSwitch() || book.stateReason() == null) continue;
      Breaker by = a.haltedBy() != null ? a.haltedBy() : fromReason(account, book.stateReason());
      if (by == null || by == Breaker.DRAWDOWN || a.trippedSince().containsKey(Breaker.DRAWDOWN)) continue;
      boolean weekly = by == Breaker.WEEKLY_LOSS;
      String how = "(circuit_breakers.breaker_reset " + (cb.breakerReset() == BreakerReset.UTC_MIDNIGHT ? "utc_midnight"
          : "session_close, " + cb.sessionCalendarOf(GuardianAccount.venueOf(account)).id()) + ")";
      BreakerStatus br = engine.breakers(book, now);
      if (!br.breached()) {
        if (!weekly || boundary.weekEnd()) {
          events.add(new GuardianEvent.TradingStateChanged(TradingState.ACTIVE, BY, (weekly ? "weekly" : "daily")
              + " loss breaker reset at " + boundary.at() + " " + how + "; was: " + book.stateReason(), now, account));
        }
      } else if (!weekly && br.breach().reason() == DenialReason.WEEKLY_LOSS_LIMIT) {
        // The day's loss is measured afresh, the week's still trips: the weekly breaker's halt from now on.
        events.add(new GuardianEvent.TradingStateChanged(TradingState.HALTED, "circuit breaker",
            account + ": " + br.breach(), now, account, Breaker.WEEKLY_LOSS));
      }
    }
    return events;
  }

  /** The breaker of a halt written before the breaker was recorded with it, from its reason (null: no breaker's). */
  private static Breaker fromReason(String account, String reason) {
    if (reason.startsWith(account + ": " + DenialReason.WEEKLY_LOSS_LIMIT + ":")) return Breaker.WEEKLY_LOSS;
    if (reason.startsWith(account + ": " + DenialReason.DAILY_LOSS_LIMIT + ":")) return Breaker.DAILY_LOSS;
    if (reason.startsWith("breaker implied " + TradingState.HALTED)) return Breaker.DAILY_LOSS; // as it was read before
    return null;
  }
}
