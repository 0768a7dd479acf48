package io.dorado.fleet.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.fleet.config.FleetConfigLoader;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Backtests through the order path's real actors: the same seed gives the same report to the byte, the breakout rules
 * trade the bundled history, and the guardian refuses what its policy forbids.
 */
class BacktestRunTest {
  @Test
  void the_same_seed_gives_the_same_report_and_the_guardian_refuses_what_its_policy_forbids() {
    var config = BacktestFixture.config();
    var plan = BacktestPlan.of(config, BacktestSpec.of(null, null, 7));
    BacktestReport first = BacktestRun.run(config, "backtest-fleet", plan);
    BacktestReport second = BacktestRun.run(config, "backtest-fleet", plan);
    System.out.print(Backtest.summary(first));

    assertEquals(first.toJson(), second.toJson(), "the same seed, the same report");
    assertEquals(plan.bars().size(), first.bars());
    assertEquals(first.bars(), first.equity().size(), "one equity point a bar");
    assertTrue(first.bots().get("btc-mom-bt").trades().size() >= 5, "the fixed-notional BTC bot trades: " + first.bots());
    // The bot sized at 0.5% risk on a 2-ATR stop of 15-minute bars asks for far more than 10% of equity in BTC.
    assertTrue(first.bots().get("btc-risk-bt").trades().isEmpty(), "the guardian let an oversized entry through");
    assertTrue(first.denials().getOrDefault("concentration", 0) > 0, "no concentration denial: " + first.denials());
    // An hour's re-entry cooldown in replayed time refuses an entry on the next bars after an exit.
    assertTrue(first.denials().getOrDefault("cooldown", 0) > 0, "no cooldown denial: " + first.denials());
    // The fleet's P&L (the guardian's equity) is its bots' P&L (each from its own fills), to the cent.
    BigDecimal bots = first.bots().values().stream().map(b -> b.performance().pnl()).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertTrue(bots.subtract(first.fleet().pnl()).abs().compareTo(new BigDecimal("0.02")) <= 0,
        "the fleet's P&L " + first.fleet().pnl() + " is not its bots' " + bots);
    assertTrue(EquityChart.svg(first).startsWith("<svg"));
  }

  @Test
  void the_bundled_demo_runs_its_directional_bots_and_names_the_iron_condor_it_skips() {
    var config = FleetConfigLoader.loadDemo();
    BacktestReport report = BacktestRun.run(config, "demo", BacktestSpec.of(Instant.parse("2013-11-26T00:00:00Z"),
        Instant.parse("2013-11-29T00:00:00Z"), 1));
    System.out.print(Backtest.summary(report));
    assertEquals(java.util.Set.of("btc-mom-01", "btc-mr-01", "eth-mom-01"), report.bots().keySet());
    assertTrue(report.skipped().get("aapl-ic-01").startsWith("option structures are not backtested yet"));
    assertTrue(report.from().compareTo(Instant.parse("2013-11-26T00:00:00Z")) >= 0
        && report.to().isBefore(Instant.parse("2013-11-29T00:00:00Z")), report.from() + ".." + report.to());
  }

  @Test
  void a_window_without_bars_is_refused_with_the_dates() {
    var spec = BacktestSpec.of(Instant.parse("2001-01-01T00:00:00Z"), Instant.parse("2001-02-01T00:00:00Z"), 1);
    var e = assertThrows(IllegalArgumentException.class, () -> BacktestPlan.of(BacktestFixture.config(), spec));
    assertEquals("no bar of [BTC, ETH] closes between 2001-01-01T00:00:00Z and 2001-02-01T00:00:00Z", e.getMessage());
  }
}
