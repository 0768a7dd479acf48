package io.dorado.fleet.backtest;

import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The backtests' fleet folder (test resources, backtest-fleet): BTC and ETH from the bundled history, two bots with a
 * fixed notional the guardian lets through, one sized by risk that it refuses on concentration, and a one-hour
 * re-entry cooldown counted in replayed time.
 */
final class BacktestFixture {
  private BacktestFixture() {}

  static Path folder() {
    try {
      return Path.of(BacktestFixture.class.getResource("/backtest-fleet").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static FleetConfig config() {
    return FleetConfigLoader.load(folder());
  }
}
