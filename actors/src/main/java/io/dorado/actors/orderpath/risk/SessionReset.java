package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy.BreakerReset;
import io.dorado.protocol.risk.TradingState;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The loss breakers' reset at the session boundary the policy names ({@code circuit_breakers.breaker_reset}).
 * With {@code utc_midnight}, at each UTC day's start (noticed by the guardian's minute {@link Tick}): an account halted
 * by the daily loss breaker resumes when no breaker trips any more; if the weekly breaker still trips, the halt
 * stays and is recorded as the weekly breaker's; an account halted by the weekly breaker resumes only at the ISO
 * week's start. Drawdown halts, the kill switch and operators' halts are left alone.
 *
 * <p>Only a boundary the guardian saw pass resets: one that (re)started after midnight resets at the next one (never
 * early, never intraday because marks recovered).
 */
final class SessionReset {
  private SessionReset() {}

  /** The guardian's minute timer: has a UTC day started since the last boundary it handled? */
  record Tick() implements RiskGuardian.Internal {}

  static final String BY = "breaker reset";

  /** The start of {@code now}'s UTC day. */
  static Instant boundaryOf(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** What the boundary at {@code boundary} changes, decided at {@code now}; nothing when the policy resets manually. */
  static List<GuardianEvent> at(GuardianState s, RiskEngine engine, Instant boundary, Instant now) {
    List<GuardianEvent> events = new ArrayList<>();
    if (engine.policy().circuitBreakers().breakerReset() != BreakerReset.UTC_MIDNIGHT) return events;
    boolean weekStart = LocalDate.ofInstant(boundary, ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.MONDAY;
    for (var entry : new TreeMap<>(s.accounts()).entrySet()) {
      String account = entry.getKey();
      RiskBook book = entry.getValue().book();
      if (book.tradingState() != TradingState.HALTED || book.killSwitch() || book.stateReason() == null) continue;
      String reason = book.stateReason();
      // A loss breaker's halt: as a report's breach writes it, or as a decision's implied state does.
      boolean byBreaker = reason.startsWith("breaker implied " + TradingState.HALTED)
          || reason.startsWith(account + ": " + DenialReason.DAILY_LOSS_LIMIT + ":")
          || reason.startsWith(account + ": " + DenialReason.WEEKLY_LOSS_LIMIT + ":");
      if (!byBreaker || entry.getValue().trippedSince().containsKey(Breaker.DRAWDOWN)) continue;
      boolean weekly = reason.startsWith(account + ": " + DenialReason.WEEKLY_LOSS_LIMIT + ":");
      BreakerStatus br = engine.breakers(book, now);
      if (!br.breached()) {
        if (!weekly || weekStart) {
          events.add(new GuardianEvent.TradingStateChanged(TradingState.ACTIVE, BY, (weekly ? "weekly" : "daily")
              + " loss breaker reset at " + boundary + " (circuit_breakers.breaker_reset utc_midnight); was: " + reason,
              now, account));
        }
      } else if (!weekly && br.breach().reason() == DenialReason.WEEKLY_LOSS_LIMIT) {
        // The day's loss is measured afresh, the week's still trips: the weekly breaker's halt from now on.
        events.add(new GuardianEvent.TradingStateChanged(TradingState.HALTED, "circuit breaker",
            account + ": " + br.breach(), now, account));
      }
    }
    return events;
  }
}
