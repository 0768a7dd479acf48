package io.dorado.fleet.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.fleet.config.FleetConfigLoader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * A backtest of the bundled demo through the order path's real actors: the same seed gives the same report to the
 * byte, the breakout rules trade the bundled history, and the guardian refuses the entries its policy forbids (the
 * demo caps one underlying at 10% of equity; a 1%-risk entry on a 2-ATR stop of 15-minute bars is far above it).
 */
class BacktestRunTest {
  @Test
  void the_same_seed_gives_the_same_report_and_the_demo_trades_through_the_guardian() {
    var config = FleetConfigLoader.loadDemo();
    var plan = BacktestPlan.of(config, BacktestSpec.of(null, null, 7));
    BacktestReport first = BacktestRun.run(config, "demo", plan);
    BacktestReport second = BacktestRun.run(config, "demo", plan);
    System.out.print(Backtest.summary(first));

    assertEquals(first.toJson(), second.toJson(), "the same seed, the same report");
    assertEquals(plan.bars().size(), first.bars());
    assertEquals(first.bars(), first.equity().size(), "one equity point a bar");
    assertTrue(first.totalTrades() > 0, "the demo closed no trade: " + first.fleet());
    assertTrue(first.denials().getOrDefault("concentration", 0) > 0, "the guardian refused no entry: " + first.denials());
    assertEquals(java.util.Set.of("aapl-ic-01"), first.skipped().keySet(), "the iron condor is skipped, with why");
    // The fleet's P&L (the guardian's equity) is the sum of the bots' closed trades: every bot ends flat or marked.
    BigDecimal trades = first.bots().values().stream().flatMap(b -> b.trades().stream())
        .map(BacktestReport.Trade::pnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal open = first.bots().values().stream().map(b -> b.performance().pnl()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertTrue(open.subtract(first.fleet().pnl()).abs().compareTo(new BigDecimal("0.05")) <= 0,
        "the fleet's P&L " + first.fleet().pnl() + " is its bots' P&L " + open);
    assertTrue(trades.signum() != 0, "closed trades with no P&L at all");
  }

  @Test
  void a_window_without_bars_is_refused_with_the_dates() {
    var config = FleetConfigLoader.loadDemo();
    var spec = BacktestSpec.of(java.time.Instant.parse("2001-01-01T00:00:00Z"), java.time.Instant.parse("2001-02-01T00:00:00Z"), 1);
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> BacktestPlan.of(config, spec));
    assertTrue(e.getMessage().contains("2001-01-01T00:00:00Z"), e.getMessage());
  }
}
