package io.dorado.actors.strategy.regime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.RegimeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegimeToGuardianTest {
  private final ActorTestKit testKit = ActorTestKit.create("regime-to-guardian", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  @DisplayName("every snapshot the radar publishes with a macro regime reaches the guardian as RegimeChanged")
  void publishedRegimesReachTheGuardian() {
    var topic = testKit.spawn(RegimeRadarActor.topic());
    var guardian = testKit.<RiskGuardian.Command>createTestProbe();
    testKit.spawn(RegimeToGuardian.create(topic, guardian.ref()));
    Instant at = Instant.parse("2026-01-05T10:00:00Z");
    var crisis = new RegimeSnapshot(at, at, new MacroRegime("crisis", 0.9, Map.of(), true), Map.of(), null);
    var subscriber = testKit.<RegimeSnapshot>createTestProbe(); // the relay's subscription is in place once the topic
    topic.tell(Topic.subscribe(subscriber.ref()));              // has told a later subscriber's first publish
    guardian.awaitAssert(Duration.ofSeconds(5), () -> {
      topic.tell(Topic.publish(crisis));
      subscriber.expectMessage(crisis);
      assertEquals(new RiskGuardian.RegimeChanged("crisis", 0.9, at),
          guardian.expectMessageClass(RiskGuardian.RegimeChanged.class, Duration.ofMillis(300)));
      return null;
    });
    topic.tell(Topic.publish(new RegimeSnapshot(at, at.plusSeconds(60), null, Map.of(), null)));
    guardian.expectNoMessage(Duration.ofMillis(300));
  }
}
