package io.dorado.actors.orderpath.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A guardian snapshot written under the guardian's old package name is read after the order path moved. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardianSnapshotNameTest {

  private final ActorTestKit kit = ActorTestKit.create("guardian-snapshot-name", TestConfigs.eventSourced());

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aSnapshotStoredAsIoDoradoActorsRiskGuardianStateIsReadAsTheMovedClass() throws Exception {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    GuardianState state = GuardianState.open(RiskPolicy.DEFAULT, new BigDecimal("100000.25"), Instant.parse("2026-12-01T00:00:00Z"));
    var serializer = serialization.findSerializerFor(state);
    byte[] bytes = serialization.serialize(state).get();
    String manifest = Serializers.manifestFor(serializer, state);
    // Version 2 since accounts (GuardianStateAccounts): a manifest without a version is a snapshot from before.
    assertEquals(GuardianState.class.getName() + "#2", manifest, "the manifest is the class name and its version");

    Object read = serialization.deserialize(bytes, serializer.identifier(), "io.dorado.actors.risk.GuardianState").get();

    assertEquals(state, read);
  }
}
