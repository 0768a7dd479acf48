package io.dorado.actors.orderpath.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.risk.AckSigner;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node's guardian reads how long an acknowledgement lives from config, and refuses one that makes no sense. */
class GuardianSettingsTest {

  private static final AckSigner SIGNER = AckSigner.ofSecret("a-test-secret-of-32-bytes-length!");

  private static RiskGuardianActor.Settings from(String conf) {
    return RiskGuardianActor.Settings.fromConfig("guardian", new BigDecimal("1000"), SIGNER, ConfigFactory.parseString(conf));
  }

  @Test
  void theAcknowledgementValidityAndRetentionComeFromConfig() {
    var settings = from("dorado.orders { ack-validity = 45s, settled-retention = 2h }");
    assertEquals(Duration.ofSeconds(45), settings.ackValidity());
    assertEquals(Duration.ofHours(2), settings.settledRetention());
    assertTrue(settings.budgetRequired(), "a node's guardian needs the allocator's budget");
  }

  @Test
  void aValidityThatIsNotPositiveIsRefusedNamingTheKey() {
    var e = assertThrows(ConfigException.BadValue.class, () -> from("dorado.orders { ack-validity = 0s, settled-retention = 1d }"));
    assertTrue(e.getMessage().contains("dorado.orders.ack-validity"), e.getMessage());
  }

  @Test
  void aValidityAsLongAsTheRetentionIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> from("dorado.orders { ack-validity = 1d, settled-retention = 1d }"));
    assertTrue(e.getMessage().contains("must be longer than the acknowledgement validity"), e.getMessage());
  }

  @Test
  void aValidityThatIsNotADurationNamesTheKey() {
    var e = assertThrows(ConfigException.class, () -> from("dorado.orders { ack-validity = soon, settled-retention = 1d }"));
    assertTrue(e.getMessage().contains("ack-validity"), e.getMessage());
  }
}
