package io.dorado.actors.venue;

import static io.dorado.actors.venue.VenueFixtures.SECRET;
import static io.dorado.actors.venue.VenueFixtures.SIGNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VenueSettingsTest {
  private static final String SECRET_CONF = "dorado.risk.ack-secret = \"" + SECRET + "\"\n";

  @Test
  void settledOrdersAreKeptForADayUnlessConfiguredOtherwise() {
    assertEquals(Duration.ofDays(1), VenueSettings.of("paper", SIGNER, Clock.systemUTC()).settledRetention());
    assertEquals(Duration.ofDays(1), VenueSettings.fromConfig("paper", ConfigFactory.parseString(SECRET_CONF)).settledRetention());
    var configured = VenueSettings.fromConfig("paper",
        ConfigFactory.parseString(SECRET_CONF + "dorado.orders.settled-retention = 6h\n"));
    assertEquals(Duration.ofHours(6), configured.settledRetention());
  }

  @Test
  void theForgettingRunsEveryRetentionButAtLeastHourly() {
    var settings = VenueSettings.of("paper", SIGNER, Clock.systemUTC());
    assertEquals(Duration.ofHours(1), settings.forgetInterval());
    assertEquals(Duration.ofMinutes(10), settings.withSettledRetention(Duration.ofMinutes(10)).forgetInterval());
  }

  @Test
  void aRetentionThatIsNotPositiveIsRefused() {
    var settings = VenueSettings.of("paper", SIGNER, Clock.systemUTC());
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      var e = assertThrows(IllegalArgumentException.class, () -> settings.withSettledRetention(bad));
      assertTrue(e.getMessage().contains("settled_retention"), e.getMessage());
    }
  }
}
