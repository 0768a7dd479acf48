package io.dorado.actors.strategy.manage;

import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management;
import io.dorado.protocol.strategy.Management.Watch;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Position management as a pure function (PRD §3.1 MONITORING, §3.6 management): one bar in, the
 * watch moved (trailing stop) and the exit that fires, if any. Checked in this order, so a bar that
 * touches both the stop and the target counts as a stop (the conservative reading of one bar):
 * stop (ATR stop or trailed), target, time exit, volatility exit (vol z-score or IV rank spike), Hurst exit.
 *
 * <p>Scaled exits (e.g. 33% at 1R, 33% at 2R, the last 34% trailing) are {@link #scaleOut}: partial
 * closes ({@code Bot.ReducePosition}) checked after the whole-position exits.
 */
public final class ExitRules {
  private ExitRules() {}

  public record Verdict(Watch watch, Optional<String> exit) {}

  /** A tranche to close now: {@code quantity} of the position, then the stop at {@code stopAfter}. */
  public record Reduction(String reductionId, BigDecimal quantity, BigDecimal stopAfter, String reason) {}

  /**
   * @param m the template's management rules as they apply now (null: none)
   * @param t indicators at this bar (null when the history is too short)
   */
  public static Verdict onBar(Watch w, Bar bar, StrategyTemplate.Management m, Technicals t) {
    boolean isLong = w.side() == Side.BUY;
    BigDecimal favourable = isLong ? bar.high() : bar.low();
    BigDecimal best = w.best() == null ? favourable : isLong ? w.best().max(favourable) : w.best().min(favourable);
    BigDecimal stop = w.stop();
    if (stop != null && (isLong ? bar.low().compareTo(stop) <= 0 : bar.high().compareTo(stop) >= 0)) {
      return exit(w, "stop " + plain(stop) + " hit (bar " + (isLong ? "low " + plain(bar.low()) : "high " + plain(bar.high())) + ")");
    }
    if (w.target() != null && (isLong ? bar.high().compareTo(w.target()) >= 0 : bar.low().compareTo(w.target()) <= 0)) {
      return exit(w, "target " + plain(w.target()) + " reached (bar " + (isLong ? "high " + plain(bar.high())
          : "low " + plain(bar.low())) + ")");
    }
    if (m != null && m.timeExitDays() != null && w.openedAt() != null
        && !Duration.between(w.openedAt(), bar.end()).minusDays(m.timeExitDays()).isNegative()) {
      return exit(w, "time exit after " + m.timeExitDays() + " days (market time)");
    }
    if (m != null && t != null && m.volExit() != null && m.volExit().trigger() == StrategyTemplate.ExitTrigger.VOL_ZSCORE_ABOVE
        && Technicals.has(t.volZScore()) && t.volZScore() > m.volExit().threshold()) {
      return exit(w, String.format(Locale.ROOT, "volatility exit: vol z-score %.2f > %.2f", t.volZScore(),
          m.volExit().threshold()));
    }
    if (m != null && t != null && m.volExit() != null && m.volExit().trigger() == StrategyTemplate.ExitTrigger.IV_RANK_SPIKE
        && Technicals.has(t.ivRank()) && t.ivRank() > m.volExit().threshold()) {
      return exit(w, String.format(Locale.ROOT, "IV rank spike: IV rank %.0f > %.0f%s", t.ivRank(), m.volExit().threshold(),
          t.ivRankSynthetic() ? " (IV rank from realized volatility: no implied-vol history)" : ""));
    }
    if (m != null && t != null && m.hurstExit() != null && m.hurstExit().trigger() == StrategyTemplate.ExitTrigger.HURST_BELOW
        && Technicals.has(t.hurst()) && t.hurst() < m.hurstExit().threshold()) {
      return exit(w, String.format(Locale.ROOT, "Hurst exit: H %.2f < %.2f", t.hurst(), m.hurstExit().threshold()));
    }
    BigDecimal nextStop = trail(w, best, m, t);
    return new Verdict(w.withStop(nextStop, best), Optional.empty());
  }

  /** The trailing stop once the move in favour reaches {@code activation_atr} ATRs; it never loosens. */
  static BigDecimal trail(Watch w, BigDecimal best, StrategyTemplate.Management m, Technicals t) {
    if (m == null || m.trailingStop() == null || !m.trailingStop().enabled() || w.entry() == null || w.stop() == null
        || t == null || !Technicals.has(t.atr14()) || t.atr14() <= 0) {
      return w.stop();
    }
    boolean isLong = w.side() == Side.BUY;
    double atr = t.atr14();
    double gain = isLong ? best.doubleValue() - w.entry().doubleValue() : w.entry().doubleValue() - best.doubleValue();
    double activation = m.trailingStop().activationAtr() == null ? 0 : m.trailingStop().activationAtr();
    if (gain < activation * atr) return w.stop();
    BigDecimal trailed = BigDecimal.valueOf(isLong ? best.doubleValue() - m.trailingStop().trailDistanceAtr() * atr
        : best.doubleValue() + m.trailingStop().trailDistanceAtr() * atr);
    return isLong ? w.stop().max(trailed) : w.stop().min(trailed);
  }

  /** The id of a trade's {@code n}th tranche (from 1): the bot remembers it, so it is closed once. */
  public static String trancheId(String tradeId, int n) {
    return tradeId + "/scale-" + n;
  }

  /**
   * The next scaled-exit tranche, once the best price since management began has reached its level
   * (entry ± {@code at_r} × R, R = |entry − initial stop|). One tranche at a time: none while one is
   * pending. Its size is its share of the position as entered, taken from what is left ({@code pct} /
   * (100 − the done tranches' pct)), rounded down to the position's decimals; nothing when that rounds
   * to zero.
   */
  public static Optional<Reduction> scaleOut(Watch w, Bar bar, StrategyTemplate.Management m) {
    Management.Scaling sc = w.scaling();
    if (m == null || m.scaledExits().isEmpty() || sc == null || sc.pending() != null || w.entry() == null
        || sc.initialStop() == null || sc.quantity() == null || sc.quantity().signum() <= 0) {
      return Optional.empty();
    }
    boolean isLong = w.side() == Side.BUY;
    BigDecimal r = w.entry().subtract(sc.initialStop()).abs();
    if (r.signum() == 0) return Optional.empty();
    BigDecimal favourable = isLong ? bar.high() : bar.low();
    BigDecimal best = w.best() == null ? favourable : isLong ? w.best().max(favourable) : w.best().min(favourable);
    double donePct = 0;
    for (int i = 0; i < m.scaledExits().size(); i++) {
      StrategyTemplate.ScaledExit tranche = m.scaledExits().get(i);
      String id = trancheId(sc.tradeId(), i + 1);
      if (sc.done().contains(id)) {
        donePct += tranche.pct();
        continue;
      }
      BigDecimal move = r.multiply(BigDecimal.valueOf(tranche.atR()));
      BigDecimal level = isLong ? w.entry().add(move) : w.entry().subtract(move);
      if (isLong ? best.compareTo(level) < 0 : best.compareTo(level) > 0) return Optional.empty();
      BigDecimal qty = sc.quantity().multiply(BigDecimal.valueOf(tranche.pct()))
          .divide(BigDecimal.valueOf(100 - donePct), Math.max(0, sc.quantity().scale()), RoundingMode.DOWN);
      if (qty.signum() <= 0) return Optional.empty();
      BigDecimal stopAfter = stopAfter(w, tranche);
      return Optional.of(new Reduction(id, qty, stopAfter, String.format(Locale.ROOT,
          "management: scaled exit %d of %d, %s%% at %sR (level %s, best %s)", i + 1, m.scaledExits().size(),
          plain(BigDecimal.valueOf(tranche.pct())), plain(BigDecimal.valueOf(tranche.atR())), plain(level), plain(best))));
    }
    return Optional.empty();
  }

  /** The stop once {@code tranche} is done: moved to break-even if it says so, never loosened. */
  public static BigDecimal stopAfter(Watch w, StrategyTemplate.ScaledExit tranche) {
    if (tranche.moveStop() != StrategyTemplate.StopMove.BREAK_EVEN || w.entry() == null) return w.stop();
    if (w.stop() == null) return w.entry();
    return w.side() == Side.BUY ? w.stop().max(w.entry()) : w.stop().min(w.entry());
  }

  private static Verdict exit(Watch w, String why) {
    return new Verdict(w, Optional.of(why));
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
