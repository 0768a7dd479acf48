package io.dorado.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraJournalRecoveryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20); // the first write prepares statements
  private final Config config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
      pekko.loglevel = WARNING
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      """));
  private ActorTestKit testKit;

  @BeforeAll
  void startSystem() {
    testKit = ActorTestKit.create("journal-test", config);
  }

  @AfterAll
  void stopSystem() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_respawned_entity_recovers_the_state_from_events_stored_in_cassandra() throws InterruptedException {
    String id = "c-" + UUID.randomUUID();
    TestProbe<Counter.State> probe = testKit.createTestProbe();

    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create(id));
    counter.tell(new Counter.Add(3, probe.ref()));
    assertEquals(new Counter.State(3, 1), probe.receiveMessage(TIMEOUT));
    counter.tell(new Counter.Add(4, probe.ref()));
    assertEquals(new Counter.State(7, 2), probe.receiveMessage(TIMEOUT));
    testKit.stop(counter, TIMEOUT);

    ActorRef<Counter.Command> respawned = testKit.spawn(Counter.create(id));
    respawned.tell(new Counter.Get(probe.ref()));
    assertEquals(new Counter.State(7, 2), probe.receiveMessage(TIMEOUT), "same state after recovery");
    testKit.stop(respawned, TIMEOUT);

    // The events really are rows in Cassandra's journal table, not in some in-memory fallback.
    try (CqlSession session = Sessions.open(TestCassandra.settings())) {
      long rows = session.execute(
          "SELECT count(*) FROM pekko.messages WHERE persistence_id = ? AND partition_nr = 0",
          "Counter|" + id).one().getLong(0);
      assertEquals(2, rows);
      // Events by tag are on: the tag writer records its progress for this entity (asynchronously).
      assertEquals(2, eventually(() -> {
        Row row = session.execute(
            "SELECT sequence_nr FROM pekko.tag_write_progress WHERE persistence_id = ? AND tag = ?",
            "Counter|" + id, Counter.TAG).one();
        return row == null ? -1L : row.getLong(0);
      }, 2L));
    }
  }

  private static long eventually(LongSupplier read, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long value = read.getAsLong();
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      value = read.getAsLong();
    }
    return value;
  }

  @Test
  void a_new_actor_system_recovers_the_entity_too() {
    String id = "c-" + UUID.randomUUID();
    TestProbe<Counter.State> probe = testKit.createTestProbe();
    ActorRef<Counter.Command> counter = testKit.spawn(Counter.create(id));
    counter.tell(new Counter.Add(5, probe.ref()));
    probe.expectMessage(TIMEOUT, new Counter.State(5, 1));
    testKit.stop(counter, TIMEOUT);

    // A second system is another writer (new writer uuid), like a restarted node.
    ActorTestKit other = ActorTestKit.create("journal-test-restarted", config);
    try {
      TestProbe<Counter.State> otherProbe = other.createTestProbe();
      ActorRef<Counter.Command> recovered = other.spawn(Counter.create(id));
      recovered.tell(new Counter.Add(1, otherProbe.ref()));
      otherProbe.expectMessage(TIMEOUT, new Counter.State(6, 2));
    } finally {
      other.shutdownTestKit();
    }
  }
}
