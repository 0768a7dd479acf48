package io.dorado.fleet.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A rolling walk-forward of the backtest fixture through the order path: 400 training bars, 200 test bars, three seeded draws of
 * the breakout's lookback per window; the out-of-sample result is the test windows' chained equity.
 */
class WalkForwardTest {
  @Test
  void each_window_picks_its_lookback_on_training_bars_and_is_judged_on_the_next_bars() {
    var config = BacktestFixture.config();
    var plan = BacktestPlan.of(config, BacktestSpec.of(null, null, 11));
    var settings = new WalkForward.Settings(400, 200, 3, 10, 40);
    WalkForward.Report report = WalkForward.run(config, plan, settings);
    report.windows().forEach(w -> System.out.printf("  window from %s: lookback %d (train Sharpe %.2f), test %s..%s: "
        + "Sharpe %.2f, P&L %s, %d trades%n", w.trainFrom(), w.lookback(), w.trainSharpe(), w.testFrom(), w.testTo(),
        w.testSharpe(), w.testPnl(), w.testTrades()));
    System.out.printf("walk-forward: %d windows, out-of-sample Sharpe %.2f%n", report.windows().size(),
        report.outOfSample().sharpe());

    assertEquals((plan.bars().size() - 400) / 200, report.windows().size());
    report.windows().forEach(w -> assertTrue(w.lookback() >= 10 && w.lookback() <= 40, w.toString()));
    for (int i = 1; i < report.windows().size(); i++) {
      assertTrue(report.windows().get(i).testFrom().isAfter(report.windows().get(i - 1).testTo()),
          "test windows follow one another without overlap");
    }
    assertTrue(report.outOfSample().trades() > 0, "no out-of-sample trade: " + report);
  }
}
