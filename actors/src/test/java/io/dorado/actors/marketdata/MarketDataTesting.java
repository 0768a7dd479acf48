package io.dorado.actors.marketdata;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Every protocol message serialized as on the wire; local-only actor commands are exempt by type. */
final class MarketDataTesting {
  private MarketDataTesting() {}

  static Config config() {
    return ConfigFactory.parseString("""
            pekko.loglevel = WARNING
            pekko.actor.serialize-messages = on
            pekko.actor.no-serialization-verification-needed-class-prefix = [
              "io.dorado.actors.", "org.apache.pekko."]
            """)
        .withFallback(ConfigFactory.load());
  }
}
