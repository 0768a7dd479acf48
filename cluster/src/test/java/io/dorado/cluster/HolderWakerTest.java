package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.fleet.Fleet;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** After a member comes up (shards rebalance towards it), the fleet is told to wake the bots that hold something. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderWakerTest {
  private final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.coordinated-shutdown.exit-jvm = off
      """).withFallback(ConfigFactory.load()));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_member_coming_up_wakes_the_holders_once_the_rebalance_had_time() {
    TestProbe<Fleet.Command> fleet = testKit.createTestProbe();
    testKit.spawn(HolderWaker.create(fleet.ref(), Duration.ofMillis(300)));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    Fleet.WakeHolders wake = fleet.expectMessageClass(Fleet.WakeHolders.class, Duration.ofSeconds(30));
    assertTrue(wake.why().startsWith("member up: "), wake.why());
  }
}
