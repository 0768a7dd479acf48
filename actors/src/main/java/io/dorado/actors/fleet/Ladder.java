package io.dorado.actors.fleet;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.market.VenueMode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The promotion ladder's decision as a pure function (PRD §3.3): does a bot, with the trades it closed
 * on its current step, meet the criteria of the next one? The answer always says why.
 */
public final class Ladder {
  private Ladder() {}

  /** @param promoteTo empty: stay, for {@code reason} */
  public record Verdict(Optional<Stage> promoteTo, String reason) {}

  /**
   * @param pnls realized P&L of the trades the bot (and its paper twin) closed since it reached its step
   */
  public static Verdict evaluate(BotEntry bot, List<BigDecimal> pnls, LadderPolicy policy, Instant now) {
    Stage next = bot.stage().next();
    if (next == null) return new Verdict(Optional.empty(), "on the top step (full)");
    if (bot.retired()) return new Verdict(Optional.empty(), "retired");
    LadderPolicy.Step step = policy.step(next);
    Instant since = bot.stage() == Stage.initial(bot.config().venueMode()) ? bot.registeredAt() : bot.changedAt();
    long wins = pnls.stream().filter(p -> p.signum() > 0).count();
    BigDecimal pnl = pnls.stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_EVEN);
    double winRate = pnls.isEmpty() ? 0 : 100.0 * wins / pnls.size();
    long days = Duration.between(since, now).toDays();
    var missing = new ArrayList<String>();
    if (pnls.size() < step.minClosedTrades()) missing.add(pnls.size() + "/" + step.minClosedTrades() + " closed trades");
    if (step.minWinRatePct() != null && winRate < step.minWinRatePct().doubleValue()) {
      missing.add(String.format(java.util.Locale.ROOT, "win rate %.0f%% < %s%%", winRate, step.minWinRatePct().toPlainString()));
    }
    if (days < step.minDays()) missing.add(days + "/" + step.minDays() + " days on the step");
    if (step.minPnl() != null && pnl.compareTo(step.minPnl()) < 0) missing.add("P&L " + pnl.toPlainString() + " < " + step.minPnl());
    String record = String.format(java.util.Locale.ROOT, "%d closed trades, win rate %.0f%%, P&L %s, %d days on %s",
        pnls.size(), winRate, pnl.toPlainString(), days, bot.stage().name().toLowerCase());
    if (!missing.isEmpty()) {
      return new Verdict(Optional.empty(), "not yet " + next.name().toLowerCase() + ": " + String.join(", ", missing));
    }
    return new Verdict(Optional.of(next), "met the " + next.name().toLowerCase() + " criteria: " + record);
  }

  /**
   * The config a bot runs with on {@code stage}, from the config it was registered with (its target):
   * paper as registered; canary live at {@code canary_size_pct} of the target size; full live at the
   * target size. A bot registered live starts on full and keeps its config. Whether live trading is
   * enabled at all is the fleet's check, not this function's.
   */
  public static BotConfig configFor(BotConfig registered, Stage stage, LadderPolicy policy) {
    if (stage == Stage.initial(registered.venueMode())) return registered;
    Sizing sizing = stage == Stage.CANARY ? scaled(registered.sizing(), policy.canarySizePct()) : registered.sizing();
    return new BotConfig(registered.id(), registered.universe(), registered.underlying(), registered.venue(),
        VenueMode.LIVE, registered.strategyTemplate(), registered.signalMode(), registered.approvalMode(), sizing,
        registered.regimeFilter(), registered.approvalTimeout(), registered.signalSource());
  }

  /** {@code pct} % of a sizing: the quantity, the notional or the risk %, whichever the method uses. */
  static Sizing scaled(Sizing s, BigDecimal pct) {
    BigDecimal f = pct.divide(BigDecimal.valueOf(100), MathContext.DECIMAL64);
    return new Sizing(s.method(), times(s.quantity(), f), times(s.notional(), f), times(s.riskPct(), f));
  }

  private static BigDecimal times(BigDecimal v, BigDecimal f) {
    return v == null ? null : v.multiply(f).stripTrailingZeros();
  }
}
