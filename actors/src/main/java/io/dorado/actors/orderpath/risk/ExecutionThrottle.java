package io.dorado.actors.orderpath.risk;

import static io.dorado.protocol.risk.DenialReason.BOT_PAUSED;
import static io.dorado.protocol.risk.DenialReason.COOLDOWN;
import static io.dorado.protocol.risk.DenialReason.EXECUTION_THROTTLE;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Each bot's own limits, beside the account-wide {@link RiskEngine} (pure: the state is {@link BotThrottles},
 * time is passed in). The fleet-wide token bucket and the account's cooldown do not stop one bot that trades in
 * a loop while another bot holds the symbol; this does, in this order:
 *
 * <ol>
 *   <li>a paused bot may add no exposure ({@code BOT_PAUSED}); its reduce-only orders pass, as under the kill
 *       switch, so it can still close its position;
 *   <li>a bot that already asked for {@code max_requests} trades and orders within {@code window} trips the
 *       execution throttle ({@code EXECUTION_THROTTLE}): this request is denied and the bot paused. A reduce-only
 *       order that trips it still passes (closing is always allowed), but pauses the bot;
 *   <li>a bot asking to enter after {@code max_round_trips} round trips within {@code round_trip_window} trips it
 *       the same way;
 *   <li>a bot may not enter again within its own {@code reentry_cooldown} of going flat ({@code COOLDOWN}), whoever
 *       else holds the symbol. Not a trip: a plain denial.
 * </ol>
 */
public final class ExecutionThrottle {

  /** Every reason this throttle can deny with. */
  public static final Set<DenialReason> REASONS =
      Collections.unmodifiableSet(EnumSet.of(BOT_PAUSED, EXECUTION_THROTTLE, COOLDOWN));

  /**
   * The throttle's answer: {@code denial} (null: no objection) and {@code pause} (not null: persist
   * {@code GuardianEvent.BotPaused} with it). A reduce-only order that trips the throttle has a pause and no denial.
   */
  public record Verdict(RiskDenial denial, RiskDenial pause) {
    public static final Verdict PASS = new Verdict(null, null);

    public boolean denied() {
      return denial != null;
    }

    /**
     * Whether this verdict's denial is the answer, given what the engine said: a trip and a pause always are (they
     * are what the operator must see); a cooldown only where the engine found nothing else.
     */
    public boolean decides(boolean engineAllowed) {
      return denial != null && (engineAllowed || pause != null || denial.reason() == BOT_PAUSED);
    }
  }

  private final RiskPolicy.BotThrottle limits;

  public ExecutionThrottle(RiskPolicy.BotThrottle limits) {
    this.limits = limits;
  }

  /**
   * A trade review: it always asks to add exposure. {@code exitUnseen}: the bot asks to enter from flat while the
   * guardian's book still has it holding. The venue reports a fill to the bot and to the guardian separately, so
   * the bot can be back before the guardian hears of its exit: that exit is counted as made now (a round trip,
   * and the cooldown from now), or a looping bot would slip one entry past each limit.
   */
  public Verdict review(BotThrottles t, String botId, boolean exitUnseen, Instant now) {
    return check(t, botId, true, exitUnseen, now);
  }

  /**
   * The bot asks to enter from flat ({@code p} is no adjustment) while the guardian's book still has it holding or
   * still has its exit working: the bot has heard of its exit's fills, the guardian not yet.
   */
  public static boolean exitUnseen(TradeProposal p, RiskBook book) {
    if (p.adjustment()) return false;
    if (BotThrottles.holds(book.ledger(), p.botId())) return true;
    for (RiskBook.Working w : book.working().values()) {
      if (w.order().reduceOnly() && w.order().botId().equals(p.botId())) return true;
    }
    return false;
  }

  /** An order about to be acknowledged. */
  public Verdict order(BotThrottles t, Order order, Instant now) {
    return check(t, order.botId(), !order.reduceOnly(), false, now);
  }

  private Verdict check(BotThrottles t, String botId, boolean addsExposure, boolean exitUnseen, Instant now) {
    RiskGuardian.PausedBot paused = t.paused().get(botId);
    if (paused != null) {
      return addsExposure ? new Verdict(RiskDenial.of(BOT_PAUSED, "bot " + botId + " is paused by the execution"
          + " throttle since " + paused.since() + " (" + paused.reason() + ": " + paused.detail() + "): only reduce-only"
          + " orders pass until an operator resumes it"), null) : Verdict.PASS;
    }
    BotThrottles.Activity a = t.of(botId);
    int max = limits.maxRequests();
    if (max > 0) {
      int asked = BotThrottles.Activity.after(a.requests(), now.minus(limits.window()));
      if (asked >= max) {
        return trip(addsExposure, RiskDenial.of(EXECUTION_THROTTLE, "bot " + botId + " asked for " + (asked + 1)
            + " trades and orders within " + human(limits.window()) + " > max " + max
            + ": paused until an operator resumes it"));
      }
    }
    if (!addsExposure) return Verdict.PASS;
    int maxTrips = limits.maxRoundTrips();
    if (maxTrips > 0) {
      int trips = BotThrottles.Activity.after(a.roundTrips(), now.minus(limits.roundTripWindow())) + (exitUnseen ? 1 : 0);
      if (trips >= maxTrips) {
        return trip(true, RiskDenial.of(EXECUTION_THROTTLE, "bot " + botId + " asked to enter again after " + trips
            + " round trips within " + human(limits.roundTripWindow()) + " (max " + maxTrips
            + "): paused until an operator resumes it"));
      }
    }
    Duration cooldown = limits.reentryCooldown();
    Instant exit = exitUnseen ? now : a.lastExit();
    if (exit != null && now.isBefore(exit.plus(cooldown))) {
      return new Verdict(RiskDenial.of(COOLDOWN, "bot " + botId + " re-entry " + human(Duration.between(exit, now))
          + " after its exit at " + exit + " < its cooldown " + human(cooldown)), null);
    }
    return Verdict.PASS;
  }

  private static Verdict trip(boolean addsExposure, RiskDenial why) {
    return new Verdict(addsExposure ? why : null, why);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) return ms + "ms";
    long s = ms / 1000;
    if (s < 60 || s % 60 != 0) return s + "s";
    return s % 3600 == 0 ? (s / 3600) + "h" : (s / 60) + "m";
  }
}
