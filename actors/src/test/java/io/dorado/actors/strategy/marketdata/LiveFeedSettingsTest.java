package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The live feeds' settings come from {@code dorado.market-data.live}, with the defaults of reference.conf. */
class LiveFeedSettingsTest {
  @Test
  void theShippedDefaultsAreTheDocumentedOnesAndEachKeyOverridesItsSetting() {
    var shipped = LiveFeedActor.Settings.from(ConfigFactory.load());
    assertEquals(Duration.ofMillis(500), shipped.grace());
    assertEquals(Duration.ofSeconds(2), shipped.backFillDelay());
    assertEquals(Duration.ofSeconds(1), shipped.backoffMin());
    assertEquals(Duration.ofSeconds(30), shipped.backoffMax());
    assertEquals(5, shipped.backFillAttempts());
    assertEquals(Duration.ofSeconds(10), LiveFeedActor.Settings.connectTimeout(ConfigFactory.load()));

    var config = ConfigFactory.parseString("""
        dorado.market-data.live { grace = 1s, back-fill-delay = 5s, backoff-min = 2s, backoff-max = 1m,
          back-fill-attempts = 9, connect-timeout = 4s }
        """).withFallback(ConfigFactory.load());
    var set = LiveFeedActor.Settings.from(config);
    assertEquals(Duration.ofSeconds(1), set.grace());
    assertEquals(Duration.ofSeconds(5), set.backFillDelay());
    assertEquals(Duration.ofSeconds(2), set.backoffMin());
    assertEquals(Duration.ofMinutes(1), set.backoffMax());
    assertEquals(9, set.backFillAttempts());
    assertEquals(Duration.ofSeconds(4), LiveFeedActor.Settings.connectTimeout(config));
  }
}
