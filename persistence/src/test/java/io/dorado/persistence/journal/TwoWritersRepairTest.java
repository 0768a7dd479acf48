package io.dorado.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator's procedure for a persistence id with two writers (persistence/README.md, "Two writers of one
 * persistence id"), on a real Cassandra: an incarnation's write lands after the next incarnation recovered, both
 * write sequence number 4; recovery with replay-filter mode fail refuses the journal; {@link JournalRepair} finds
 * the stale row, deletes it, and the entity recovers with the events its newest incarnation built on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoWritersRepairTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String QUIET = """
      pekko.loglevel = WARNING
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      """;
  private final Config config = TestCassandra.pekkoConfig(ConfigFactory.parseString(QUIET));
  private final CqlSession session = Sessions.open(TestCassandra.settings());

  @AfterAll
  void close() {
    session.close();
  }

  /**
   * The hand-over race: the old incarnation wrote 1..3; the next one (another node) recovered them; then the old
   * one's write of 4 (amount 100) landed; then the new one wrote 4 and 5 (10, 20). Answers the persistence id.
   */
  private String lateWriteAfterTheNextIncarnationRecovered() {
    String id = "h-" + UUID.randomUUID();
    ActorTestKit oldNode = ActorTestKit.create("two-writers-old", config);
    ActorTestKit newNode = ActorTestKit.create("two-writers-new", config);
    try {
      TestProbe<Counter.State> a = oldNode.createTestProbe();
      ActorRef<Counter.Command> old = oldNode.spawn(Counter.create(id));
      for (int amount = 1; amount <= 3; amount++) old.tell(new Counter.Add(amount, a.ref()));
      a.expectMessage(TIMEOUT, new Counter.State(1, 1));
      a.expectMessage(TIMEOUT, new Counter.State(3, 2));
      a.expectMessage(TIMEOUT, new Counter.State(6, 3));

      TestProbe<Counter.State> b = newNode.createTestProbe();
      ActorRef<Counter.Command> next = newNode.spawn(Counter.create(id));
      next.tell(new Counter.Get(b.ref()));
      b.expectMessage(TIMEOUT, new Counter.State(6, 3)); // recovered: the old incarnation's 1..3

      old.tell(new Counter.Add(100, a.ref())); // its late write: sequence number 4 of the old writer
      a.expectMessage(TIMEOUT, new Counter.State(106, 4));
      next.tell(new Counter.Add(10, b.ref()));
      b.expectMessage(TIMEOUT, new Counter.State(16, 4));
      next.tell(new Counter.Add(20, b.ref()));
      b.expectMessage(TIMEOUT, new Counter.State(36, 5));
    } finally {
      oldNode.shutdownTestKit();
      newNode.shutdownTestKit();
    }
    return "Counter|" + id;
  }

  @Test
  void a_journal_with_two_writers_fails_recovery_and_the_documented_repair_recovers_the_newest_incarnations_events()
      throws Exception {
    String pid = lateWriteAfterTheNextIncarnationRecovered();
    String id = pid.substring("Counter|".length());

    // 1. What the operator sees: recovery fails (the entity restarts in a loop with its backoff).
    ActorTestKit node = ActorTestKit.create("two-writers-recovery", config);
    try {
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> JournalReplay.replay(node.system(), pid).toCompletableFuture().get(20, TimeUnit.SECONDS));
      assertTrue(chain(refused).contains("Invalid replayed event"), chain(refused));
      TestProbe<Throwable> failures = node.createTestProbe();
      node.spawn(Counter.create(id, failures.ref()));
      assertTrue(chain(failures.receiveMessage(TIMEOUT)).contains("Invalid replayed event"));
    } finally {
      node.shutdownTestKit();
    }

    // 2. Diagnose: one conflict at 4; the old writer's 4 is stale; the newest incarnation's writer is kept.
    JournalRepair repair = new JournalRepair(session, "pekko");
    assertTrue(repair.persistenceIds().contains(pid));
    JournalRepair.Diagnosis diagnosis = repair.diagnose(pid);
    diagnosis.report().forEach(System.out::println);
    assertTrue(diagnosis.twoWriters());
    assertEquals(List.of(4L), diagnosis.conflicts().stream().map(JournalRepair.Conflict::sequenceNr).toList());
    assertEquals(1, diagnosis.stale().size());
    JournalRepair.Event stale = diagnosis.stale().get(0);
    assertEquals(4, stale.sequenceNr());
    String oldWriter = diagnosis.rows().get(0).writerUuid();
    assertEquals(oldWriter, stale.writerUuid(), "the stale row is the old incarnation's late write");
    assertEquals(Set.of(diagnosis.rows().get(diagnosis.rows().size() - 1).writerUuid()), diagnosis.kept());

    // 3. (Stopgap, documented) a one-off recovery with repair-by-discard-old gives the same state, rows left in place.
    Config discarding = TestCassandra.pekkoConfig(ConfigFactory.parseString(QUIET
        + "pekko.persistence.cassandra.journal.replay-filter.mode = repair-by-discard-old"));
    ActorTestKit stopgap = ActorTestKit.create("two-writers-stopgap", discarding);
    try {
      TestProbe<Counter.State> probe = stopgap.createTestProbe();
      stopgap.spawn(Counter.create(id)).tell(new Counter.Get(probe.ref()));
      probe.expectMessage(TIMEOUT, new Counter.State(36, 5));
    } finally {
      stopgap.shutdownTestKit();
    }

    // 4. Repair: the stale row is deleted; the journal has one writer per sequence number again.
    assertEquals(List.of(stale), repair.deleteStale(diagnosis));
    assertFalse(repair.diagnose(pid).twoWriters());

    // 5. Recovery with the filter on fail: the newest incarnation's history, 1 + 2 + 3 + 10 + 20 in 5 events.
    ActorTestKit after = ActorTestKit.create("two-writers-repaired", config);
    try {
      assertEquals(5L, JournalReplay.replay(after.system(), pid).toCompletableFuture().get(20, TimeUnit.SECONDS));
      TestProbe<Counter.State> probe = after.createTestProbe();
      ActorRef<Counter.Command> recovered = after.spawn(Counter.create(id));
      recovered.tell(new Counter.Get(probe.ref()));
      probe.expectMessage(TIMEOUT, new Counter.State(36, 5));
      recovered.tell(new Counter.Add(1, probe.ref())); // and it writes on from there
      probe.expectMessage(TIMEOUT, new Counter.State(37, 6));
    } finally {
      after.shutdownTestKit();
    }
  }

  @Test
  void when_the_old_writer_wrote_past_the_new_one_all_its_rows_from_the_new_writers_first_are_stale() {
    // ReplayFilterTest's shape: A wrote 1; B recovered and wrote 2; A wrote 2 and 3 later.
    UUID t1 = UUID.randomUUID();
    var a1 = new JournalRepair.Event("p", 0, 1, t1, "A", "m");
    var b2 = new JournalRepair.Event("p", 0, 2, t1, "B", "m");
    var a2 = new JournalRepair.Event("p", 0, 2, t1, "A", "m");
    var a3 = new JournalRepair.Event("p", 0, 3, t1, "A", "m");
    JournalRepair.Diagnosis d = JournalRepair.diagnose("p", List.of(a1, b2, a2, a3));
    assertEquals(List.of(a2, a3), d.stale(), "what repair-by-discard-old drops: the state is 1 + 10 in 2 events");
    assertEquals(Set.of("B"), d.kept());
    assertFalse(JournalRepair.diagnose("p", List.of(a1, b2)).twoWriters(), "a normal hand-over is one writer per seq");
  }

  private static String chain(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) s.append(c).append(" / ");
    return s.toString();
  }
}
