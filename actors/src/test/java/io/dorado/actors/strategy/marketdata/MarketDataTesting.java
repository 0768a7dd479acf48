package io.dorado.actors.strategy.marketdata;

import com.typesafe.config.Config;
import io.dorado.actors.testing.TestConfigs;

/** Every protocol message serialized as on the wire; local-only actor commands are exempt by type. */
final class MarketDataTesting {
  private MarketDataTesting() {}

  static Config config() {
    return TestConfigs.serialized("io.dorado.actors.");
  }
}
