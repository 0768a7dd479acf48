package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TelegramBridge#init}: the bridge as the cluster singleton "telegram", on a one-node cluster. */
@ExtendWith({TestKitJUnit5Extension.class, LogCapturingExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelegramSingletonTest {
  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ConfigFactory.parseString("""
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical.hostname = 127.0.0.1
              pekko.remote.artery.canonical.port = 0
              pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
              """).withFallback(TestSettings.system()))
      .withName("telegram-singleton-test")
      .build();

  private final FakeBotApi server = new FakeBotApi();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));

  TelegramSingletonTest() throws Exception {}

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName("without a token init starts nothing; with one the singleton polls and answers")
  void singleton() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    var fleet = new FakeFleet(testKit.spawn(Topic.create(Alert.class, Alert.TOPIC)), clock);

    TelegramSettings noToken = TestSettings.of(server, clock, "token = \"\"");
    assertTrue(TelegramBridge.init(testKit.system(), noToken, fleet).isEmpty());

    TelegramSettings settings = TestSettings.of(server, clock, "allowed-chat-ids = [1001]");
    var proxy = TelegramBridge.init(testKit.system(), settings, fleet).orElseThrow();
    server.typed(1001, "/help");
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
      assertEquals(1, server.messagesTo(1001).size());
      return null;
    });
    // The fake server holds the message once Telegram's request arrived; the outbox counts it sent once the
    // response is back in the bridge, a moment later: asked at once, it may still say 0.
    TestProbe<OutboxStats> stats = testKit.createTestProbe(OutboxStats.class);
    stats.awaitAssert(Duration.ofSeconds(20), () -> {
      proxy.tell(new TelegramBridge.GetStats(stats.getRef()));
      assertEquals(1, stats.receiveMessage(Duration.ofSeconds(1)).sent());
      return null;
    });
  }
}
