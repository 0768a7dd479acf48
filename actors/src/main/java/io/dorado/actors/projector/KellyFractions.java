package io.dorado.actors.projector;

import io.dorado.actors.strategy.scan.RiskSizing;
import io.dorado.actors.strategy.scan.TrackRecord;

/**
 * Kelly from a trade distribution, the same figures the scan's Kelly sizing reads ({@link TrackRecord}, {@link
 * RiskSizing#kellyFraction}): f* = p − (1 − p) / b for win rate p and payoff b (mean win / mean loss), clamped at 0 (no
 * edge bets nothing). Without a win and a loss there is no payoff to measure, so no basis for Kelly: f* is 0 and
 * {@code basis} says so.
 *
 * @param trades the trades measured
 * @param winRate p, the fraction above 0
 * @param payoff b, mean win / mean loss (0 without a win or a loss)
 * @param full f*
 * @param half f* / 2, what the projector's seed sizes with (most of the growth, far less drawdown)
 * @param quarter f* / 4
 * @param basis why f* is 0 when it is, or "p 0.60, b 2.00"
 */
public record KellyFractions(int trades, double winRate, double payoff, double full, double half, double quarter,
    String basis) {

  /** The fractions of these trade outcomes (returns or P&amp;Ls: Kelly reads only signs and relative sizes). */
  public static KellyFractions of(double[] outcomes) {
    TrackRecord record = TrackRecord.of(outcomes);
    if (record == null) return new KellyFractions(0, 0, 0, 0, 0, 0, "no trades");
    if (record.payoff() <= 0) {
      return new KellyFractions(record.trades(), record.winRate(), 0, 0, 0, 0,
          "no payoff without a win and a loss, so no basis for Kelly");
    }
    double full = Math.max(0, RiskSizing.kellyFraction(record.winRate(), record.payoff()));
    String basis = String.format(java.util.Locale.ROOT, "p %.2f, b %.2f%s", record.winRate(), record.payoff(),
        full == 0 ? ": no edge" : "");
    return new KellyFractions(record.trades(), record.winRate(), record.payoff(), full, full / 2, full / 4, basis);
  }
}
