package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.alert.Alert.JournalHealth.Condition;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.actors.orderpath.venue.PaperVenue;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.cassandra.Hour$;
import org.apache.pekko.persistence.cassandra.journal.CassandraJournal;
import org.apache.pekko.persistence.cassandra.journal.TagWriters;
import org.apache.pekko.persistence.cassandra.journal.TimeBucket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin's real failure on a real Cassandra node, in a fleet of two: node B's tag writer gets events of one
 * persistence id out of sequence order, throws "Expected events to be ordered by seqNr" and the plugin stops
 * B's journal actor for good. B's watchdog restricts the fleet to REDUCING (recorded by the guardian on A,
 * whose journal works), alerts RESTARTING and exits; A's watchdog, on B's alert, asks for the same REDUCING (the
 * first request to arrive names the reason); A stays.
 */
class JournalWatchdogOnCassandraTest {

  @BeforeAll
  static void schema() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
  }

  private static Config config(String seed) {
    return TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.cluster.pause-limit = 0s
            dorado.cluster.seed-nodes = "%s"
            dorado.risk.ack-secret = "journal-watchdog-test-secret-0123456789"
            dorado.journal-watchdog { interval = 500ms, probe-timeout = 2s, failures-to-alarm = 2, restart-after = 0s, startup-grace = 120s }
            """.formatted(seed)).withFallback(TestCassandra.journalOfItsOwn("watchdog"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
  }

  @Test
  void a_node_whose_tag_writer_fails_restricts_the_fleet_to_reducing_alerts_and_exits() throws Exception {
    var exitsA = new CopyOnWriteArrayList<String>();
    var exitsB = new CopyOnWriteArrayList<String>();
    try (FleetNode a = FleetNode.start(config(""), FleetNodeTest.setup(), v -> PaperVenue.fromConfig(config("")),
        (s, reason) -> exitsA.add(reason))) {
      String seed = a.system().address().toString();
      try (FleetNode b = FleetNode.start(config(seed), FleetNodeTest.setup(), v -> PaperVenue.fromConfig(config(seed)),
          (s, reason) -> exitsB.add(reason))) {
        eventually(Duration.ofSeconds(60), () -> Cluster.get(b.system()).selfMember().status(), st -> st == MemberStatus.up());
        // The guardian (on A, the oldest) starts ACTIVE, whatever an earlier run left in this keyspace.
        eventually(Duration.ofSeconds(60), () -> a.operations().setTradingState(TradingState.ACTIVE, "test", "start")
            .toCompletableFuture().get(10, TimeUnit.SECONDS), r -> r.tradingState() == TradingState.ACTIVE);
        ActorTestKit onB = ActorTestKit.create(b.system());
        TestProbe<Alert> alerts = onB.createTestProbe();
        b.system().eventStream().tell(new EventStream.Subscribe<>(Alert.class, alerts.ref()));
        Thread.sleep(2_000); // a few probes on both nodes first
        assertEquals(TradingState.ACTIVE, a.operations().risk().toCompletableFuture().get(10, TimeUnit.SECONDS)
            .tradingState(), "nothing restricted trading before the failure");

        long failedAt = System.nanoTime();
        failTagWriter(b.system());

        var seen = alerts.fishForMessage(Duration.ofSeconds(30), al -> al instanceof Alert.JournalHealth
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        var restarting = (Alert.JournalHealth) seen.get(seen.size() - 1);
        long alertMs = Duration.ofNanos(System.nanoTime() - failedAt).toMillis();
        assertEquals(Condition.RESTARTING, restarting.condition(), restarting.toString());
        assertTrue(restarting.detail().contains("journal"), restarting.detail());
        eventually(Duration.ofSeconds(10), () -> List.copyOf(exitsB), e -> e.size() == 1);

        RiskGuardian.GuardianStatus risk = eventually(Duration.ofSeconds(30),
            () -> a.operations().risk().toCompletableFuture().get(10, TimeUnit.SECONDS),
            r -> r.tradingState() == TradingState.REDUCING);
        long reducingMs = Duration.ofNanos(System.nanoTime() - failedAt).toMillis();
        // Whichever reaches the guardian first: B's own request (its journal stopped) or A's, on B's alert.
        String nodeB = JournalWatchdog.node(b.system());
        assertTrue(risk.reason().contains("journal failed on " + nodeB) && risk.reason().contains("stopped")
            || risk.reason().equals("journal failing on " + nodeB), "REDUCING for B's stopped journal: " + risk.reason());
        Thread.sleep(2_000);
        assertEquals(List.of(), exitsA, "the node with a working journal stays");
        System.out.printf("journal watchdog on Cassandra: tag writer failed; RESTARTING alert after %d ms, "
            + "fleet REDUCING after %d ms (%s), node B exited once%n", alertMs, reducingMs, risk.reason());
        a.operations().setTradingState(TradingState.ACTIVE, "test", "done").toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Makes the plugin's tag writer meet what the race produces: one persistence id's events out of sequence
   * order in one tag write. With flush-interval 0 it writes at once, throws "Expected events to be ordered by
   * seqNr", and the plugin's supervision stops the journal actor (INTERNAL API of the plugin, test only).
   */
  static void failTagWriter(ActorSystem<?> system) {
    var classic = Adapter.toClassic(system);
    var journal = Persistence.get(classic).journalFor("", ConfigFactory.empty());
    UUID first = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
    UUID second = com.datastax.oss.driver.api.core.uuid.Uuids.timeBased();
    var events = List.of(event(2, first), event(1, second)); // seqNr 2 before 1
    var write = new TagWriters.TagWrite("watchdog-test", scala.jdk.javaapi.CollectionConverters.asScala(events).toList(),
        false);
    classic.actorSelection(journal.path().child("tagWrites")).tell(write, org.apache.pekko.actor.ActorRef.noSender());
  }

  @SuppressWarnings("unchecked")
  private static CassandraJournal.Serialized event(long seqNr, UUID timeUuid) {
    return new CassandraJournal.Serialized("watchdog-test-victim", seqNr, ByteBuffer.wrap(new byte[] {1}),
        (scala.collection.immutable.Set<String>) (Object) scala.collection.immutable.Set$.MODULE$.empty(), "", "", 1,
        "writer", scala.Option.empty(), timeUuid, TimeBucket.apply(timeUuid, Hour$.MODULE$));
  }
}
