package io.dorado.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests run the journal with {@code replay-filter.mode = fail} (TestCassandra.pekkoConfig): two writers
 * of one persistence id (a split brain, a duplicate entity) must fail recovery loudly, where the
 * plugin's default would quietly drop the older writer's events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayFilterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String QUIET = """
      pekko.loglevel = WARNING
      pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
      pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
      """;
  private final Config config = TestCassandra.pekkoConfig(ConfigFactory.parseString(QUIET));
  private ActorTestKit first;
  private ActorTestKit second;

  @BeforeAll
  void startSystems() {
    first = ActorTestKit.create("replay-filter-first", config);
    second = ActorTestKit.create("replay-filter-second", config);
  }

  @AfterAll
  void stopSystems() {
    first.shutdownTestKit();
    second.shutdownTestKit();
  }

  @Test
  void the_test_config_sets_the_replay_filter_to_fail() {
    assertEquals("fail", config.getString("pekko.persistence.cassandra.journal.replay-filter.mode"));
  }

  /**
   * Both systems run the same entity: the new writer writes sequence number 2, then the old one writes
   * 2 and 3. (Replay stops at the first row of the highest sequence number: had the old writer stopped
   * at 2 as well, its row would never be read. Seen with pekko-persistence-cassandra 1.1.0.)
   */
  private String twoWritersOfOneEntity() {
    String id = "c-" + UUID.randomUUID();
    TestProbe<Counter.State> a = first.createTestProbe();
    ActorRef<Counter.Command> oldWriter = first.spawn(Counter.create(id));
    oldWriter.tell(new Counter.Add(1, a.ref()));
    a.expectMessage(TIMEOUT, new Counter.State(1, 1));

    TestProbe<Counter.State> b = second.createTestProbe();
    ActorRef<Counter.Command> newWriter = second.spawn(Counter.create(id));
    newWriter.tell(new Counter.Add(10, b.ref()));
    b.expectMessage(TIMEOUT, new Counter.State(11, 2));

    oldWriter.tell(new Counter.Add(100, a.ref())); // still believes it is at 1: writes another sequence number 2
    a.expectMessage(TIMEOUT, new Counter.State(101, 2));
    oldWriter.tell(new Counter.Add(1000, a.ref()));
    a.expectMessage(TIMEOUT, new Counter.State(1101, 3));
    first.stop(oldWriter, TIMEOUT);
    second.stop(newWriter, TIMEOUT);
    return id;
  }

  @Test
  void a_second_writer_of_the_same_entity_fails_recovery_instead_of_being_silently_repaired() {
    String id = twoWritersOfOneEntity();

    ActorTestKit third = ActorTestKit.create("replay-filter-third", config);
    try {
      TestProbe<Throwable> failures = third.createTestProbe();
      TestProbe<Counter.State> probe = third.createTestProbe();
      ActorRef<Counter.Command> recovering = third.spawn(Counter.create(id, failures.ref()));
      Throwable failure = failures.receiveMessage(TIMEOUT);
      assertTrue(chain(failure).contains("Invalid replayed event"), chain(failure));
      probe.expectTerminated(recovering, TIMEOUT);
    } finally {
      third.shutdownTestKit();
    }
  }

  @Test
  void with_the_plugins_default_repair_mode_the_same_journal_recovers_without_a_word() {
    String id = twoWritersOfOneEntity();

    Config repairing = TestCassandra.pekkoConfig(ConfigFactory.parseString(QUIET
        + "pekko.persistence.cassandra.journal.replay-filter.mode = repair-by-discard-old"));
    ActorTestKit third = ActorTestKit.create("replay-filter-repairing", repairing);
    try {
      TestProbe<Counter.State> probe = third.createTestProbe();
      ActorRef<Counter.Command> recovered = third.spawn(Counter.create(id));
      recovered.tell(new Counter.Get(probe.ref()));
      // The old writer's events are dropped without a trace: the corruption the fail mode makes visible.
      probe.expectMessage(TIMEOUT, new Counter.State(11, 2));
    } finally {
      third.shutdownTestKit();
    }
  }

  private static String chain(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) s.append(c).append(" / ");
    return s.toString();
  }
}
