package io.dorado.fleet.backtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.Bar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;

/**
 * Issue 21's benchmark: bars per second of a backtest (BacktestFixture's fleet) through the order path (signals, bots, guardian,
 * paper venue, a settle per bar) next to ta4j's own {@link BarSeriesManager} backtest of the same rules on the same
 * bars, in this JVM, each after a warm-up run. Printed, never asserted on: the order path does far more per bar.
 */
class BacktestBenchmarkTest {
  @Test
  void prints_bars_per_second_through_the_order_path_next_to_ta4j() {
    var config = BacktestFixture.config();
    var plan = BacktestPlan.of(config, BacktestSpec.of(null, null, 1));
    BacktestRun.run(config, "backtest-fleet", plan); // warm-up
    long t0 = System.nanoTime();
    BacktestReport report = BacktestRun.run(config, "backtest-fleet", plan);
    double fleetSeconds = (System.nanoTime() - t0) / 1e9;

    ta4j(plan); // warm-up
    long t1 = System.nanoTime();
    int ta4jPositions = ta4j(plan);
    double ta4jSeconds = (System.nanoTime() - t1) / 1e9;
    int bars = plan.bars().size();
    System.out.printf("backtest: %d bars, %d trades, %.0f bars/s through the order path, ta4j %.0f bars/s "
        + "(ta4j: %d positions on the same rules, without sizing, fees or the guardian)%n", bars, report.totalTrades(),
        bars / fleetSeconds, bars / ta4jSeconds, ta4jPositions);
    assertTrue(report.totalTrades() > 0 && ta4jPositions > 0);
  }

  /** ta4j's own backtest: one series per symbol of the plan's bars, run once per bot trading it. */
  private static int ta4j(BacktestPlan plan) {
    var series = new LinkedHashMap<String, BarSeries>();
    for (Bar b : plan.bars()) BreakoutRules.add(series.computeIfAbsent(b.symbol(), BreakoutRules::series), b);
    int positions = 0;
    List<String> symbols = new ArrayList<>();
    plan.bots().forEach(b -> symbols.add(b.underlying()));
    for (String symbol : symbols) {
      BarSeries s = series.get(symbol);
      positions += new BarSeriesManager(s, new TradeOnCurrentCloseModel()).run(plan.spec().rules().strategy(s))
          .getPositionCount();
    }
    return positions;
  }
}
