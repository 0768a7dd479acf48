package io.dorado.fleet.telegram;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Bridge settings for tests: the fake server, short timeouts, and rates small tests can check. */
final class TestSettings {
  private TestSettings() {}

  /** The actor system: in-memory journal and snapshots. */
  static Config system() {
    return ConfigFactory.parseString("pekko.loglevel = WARNING")
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.load());
  }

  /** {@code overrides} is HOCON inside {@code dorado.telegram}. */
  static TelegramSettings of(FakeBotApi server, Clock clock, String overrides) {
    Config c = ConfigFactory.parseString("dorado.telegram {\n"
            + "token = \"" + FakeBotApi.TOKEN + "\"\n"
            + "base-url = \"" + server.baseUrl() + "\"\n"
            + "poll-timeout = 1s\n"
            + "request-timeout = 2s\n"
            + "min-backoff = 100ms\n"
            + "max-backoff = 1s\n"
            + "operation-timeout = 3s\n"
            + "per-chat-rate = 50\n"
            + "global-rate = 200\n"
            + "daily-summary-at = \"\"\n"
            + overrides + "\n}")
        .withFallback(ConfigFactory.defaultReference());
    return TelegramSettings.fromConfig(c).withClock(clock);
  }
}
