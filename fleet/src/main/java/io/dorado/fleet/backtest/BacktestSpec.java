package io.dorado.fleet.backtest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What to backtest besides the fleet configuration: the bars closing in [{@code from}, {@code to}) (null: from the
 * start, to the end of the history), the seed, the fleet's starting cash and the signal rules.
 */
public record BacktestSpec(Instant from, Instant to, long seed, BigDecimal startingCash, BreakoutRules rules) {
  public static final BigDecimal DEFAULT_CASH = new BigDecimal("100000");

  public BacktestSpec {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + ")");
    }
    startingCash = startingCash == null ? DEFAULT_CASH : startingCash;
    rules = rules == null ? BreakoutRules.DEFAULT : rules;
  }

  public static BacktestSpec of(Instant from, Instant to, long seed) {
    return new BacktestSpec(from, to, seed, null, null);
  }

  public BacktestSpec withRules(BreakoutRules value) {
    return new BacktestSpec(from, to, seed, startingCash, value);
  }

  public BacktestSpec window(Instant start, Instant end) {
    return new BacktestSpec(start, end, seed, startingCash, rules);
  }

  boolean includes(Instant barEnd) {
    return (from == null || !barEnd.isBefore(from)) && (to == null || barEnd.isBefore(to));
  }
}
