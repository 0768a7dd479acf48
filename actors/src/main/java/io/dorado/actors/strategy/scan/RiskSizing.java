package io.dorado.actors.strategy.scan;

import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizing;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizingMethod;
import java.util.Locale;

/**
 * How much of equity a candidate would put at risk, in percent (PRD §3.4): the bot's fixed risk %,
 * the adaptive rules, or half/quarter Kelly from the template's track record, always under the
 * template's hard cap. The guardian still sizes the order itself; this number drives the selection
 * loop's portfolio simulation and is shown with the candidate.
 */
public final class RiskSizing {
  private RiskSizing() {}

  /** The result and how it was reached. */
  public record Sized(double riskPct, String how) {}

  /**
   * What the adaptive rules read. {@code regimeConfidence} and {@code ivRank} are NaN when unknown
   * (their rules are then skipped); {@code record} may be null.
   */
  public record Inputs(
      double regimeConfidence, double ivRank, TrackRecord record, double portfolioHeatPct, double drawdownPct,
      double equity) {}

  public static Sized size(Sizing bot, TemplateSizing template, RiskPolicy policy, Inputs in,
      double riskPerUnit, double price) {
    Sized base = switch (template.method()) {
      case FROM_BOT_CONFIG -> fromBot(bot, policy, in, riskPerUnit);
      case HALF_KELLY, QUARTER_KELLY -> kelly(template.method(), in.record(), bot, policy, in, riskPerUnit);
    };
    if (template.hardCapPct() != null && base.riskPct > template.hardCapPct()) {
      return new Sized(template.hardCapPct(), base.how + ", capped at the template's " + template.hardCapPct() + "%");
    }
    return base;
  }

  static Sized fromBot(Sizing bot, RiskPolicy policy, Inputs in, double riskPerUnit) {
    return switch (bot.method()) {
      case FIXED_RISK_PCT -> new Sized(bot.riskPct().doubleValue(), "fixed " + bot.riskPct().toPlainString() + "% risk");
      case ADAPTIVE_RULES -> adaptive(bot.riskPct().doubleValue(), policy, in);
      case FIXED_QUANTITY -> new Sized(in.equity() > 0 ? bot.quantity().doubleValue() * riskPerUnit / in.equity() * 100 : 0,
          "fixed quantity " + bot.quantity().toPlainString());
      case FIXED_NOTIONAL -> new Sized(0, "fixed notional " + bot.notional().toPlainString() + " (risk set by the guardian)");
    };
  }

  /** The rules-based adaptive sizing of PRD §3.4, verbatim, clamped to the policy's bounds. */
  public static Sized adaptive(double base, RiskPolicy policy, Inputs in) {
    double size = base;
    var why = new StringBuilder("adaptive from " + fmt(base) + "%");
    if (!Double.isNaN(in.regimeConfidence()) && in.regimeConfidence() < 0.60) {
      size *= 0.5;
      why.append(", x0.5 regime confidence ").append(fmt(in.regimeConfidence()));
    }
    if (!Double.isNaN(in.ivRank())) {
      if (in.ivRank() > 60) {
        size *= 0.75;
        why.append(", x0.75 IV rank ").append(fmt(in.ivRank()));
      } else if (in.ivRank() < 25) {
        size *= 0.5;
        why.append(", x0.5 IV rank ").append(fmt(in.ivRank()));
      }
    }
    if (in.record() != null && in.record().recentWinRate() < 0.45) {
      size *= 0.5;
      why.append(", x0.5 recent win rate ").append(fmt(in.record().recentWinRate()));
    }
    if (in.drawdownPct() > 10) {
      size *= 0.5;
      why.append(", x0.5 drawdown ").append(fmt(in.drawdownPct())).append('%');
    }
    double remainingHeat = policy.portfolio().maxHeatPct().doubleValue() - in.portfolioHeatPct();
    if (size > remainingHeat * 0.5) {
      size = remainingHeat * 0.5;
      why.append(", half the remaining heat ").append(fmt(remainingHeat)).append('%');
    }
    double min = policy.sizing().adaptiveMinRiskPct().doubleValue(), max = policy.sizing().adaptiveMaxRiskPct().doubleValue();
    double clamped = Math.max(min, Math.min(size, max));
    if (clamped != size) why.append(", clamped to [").append(fmt(min)).append(", ").append(fmt(max)).append(']');
    return new Sized(clamped, why.toString());
  }

  /**
   * Kelly: f* = p − (1 − p) / b for win rate p and payoff b, times ½ or ¼. Without a track record of
   * {@link TrackRecord#MIN_TRADES_FOR_KELLY} trades the bot's own sizing applies; no edge sizes 0.
   */
  static Sized kelly(TemplateSizingMethod method, TrackRecord record, Sizing bot, RiskPolicy policy, Inputs in,
      double riskPerUnit) {
    String name = method == TemplateSizingMethod.HALF_KELLY ? "half" : "quarter";
    if (record == null || record.trades() < TrackRecord.MIN_TRADES_FOR_KELLY || record.payoff() <= 0) {
      Sized fallback = fromBot(bot, policy, in, riskPerUnit);
      String why = record != null && record.trades() >= TrackRecord.MIN_TRADES_FOR_KELLY
          ? name + " Kelly needs a win and a loss to measure the payoff, " + record.trades() + " closed trades have not both"
          : name + " Kelly needs " + TrackRecord.MIN_TRADES_FOR_KELLY + " closed trades, has "
              + (record == null ? 0 : record.trades());
      return new Sized(fallback.riskPct, fallback.how + " (" + why + ")");
    }
    double full = kellyFraction(record.winRate(), record.payoff());
    double fraction = method == TemplateSizingMethod.HALF_KELLY ? 0.5 : 0.25;
    double pct = Math.max(0, full * fraction * 100);
    return new Sized(pct, String.format(Locale.ROOT, "%s Kelly: p %.2f, b %.2f, f* %.3f -> %.2f%%", name,
        record.winRate(), record.payoff(), full, pct));
  }

  public static double kellyFraction(double winRate, double payoff) {
    return winRate - (1 - winRate) / payoff;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
