package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.PauseGuardedJournalTest.Append;
import io.dorado.cluster.PauseGuardedJournalTest.Writer;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin's session halts the process, rather than hand a statement to the driver, once the process has been
 * paused longer than the limit. The journal here is the plugin's own (no check when it receives a write), so
 * what stops the write is the session that cluster.conf configures: the last check on a write's way, after the
 * journal has serialized it and chained it behind the same persistence id's write in flight, where a write asked
 * for before a freeze used to wait and land on resume.
 */
class PauseGuardedSessionTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    kit = ActorTestKit.create("pause-guarded-session", TestCassandra.pekkoConfig(TestCassandra.journalOfItsOwn("pausesession")
        .withFallback(ConfigFactory.parseString("pekko.persistence.cassandra.session-provider = "
            + ConfigFactory.parseResources("cluster.conf").getString("pekko.persistence.cassandra.session-provider")))));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void a_statement_handed_to_the_session_after_a_pause_longer_than_the_limit_never_reaches_the_driver() throws Exception {
    assertEquals("org.apache.pekko.persistence.cassandra.journal.CassandraJournal",
        kit.system().settings().config().getString("pekko.persistence.cassandra.journal.class"), "the plugin's own journal");
    String id = "session-writer-" + System.nanoTime();
    ActorRef<Append> writer = kit.spawn(Writer.create(id));
    assertEquals(List.of("before"), append(writer, "before", Duration.ofSeconds(60)));

    AtomicInteger halts = new AtomicInteger();
    PauseGuard guard = PauseGuard.start(Duration.ofMillis(200), () -> {
      halts.incrementAndGet();
      throw new IllegalStateException("halted (test): the process was paused");
    });
    try {
      guard.stopTicker();
      Thread.sleep(600); // to its guard, the process was paused for three times the limit
      ExecutionException refused = assertThrows(ExecutionException.class, () -> append(writer, "after", Duration.ofSeconds(5)));
      System.out.println("statement after a pause: " + halts.get() + " halt(s) in the session, the write unanswered ("
          + refused.getCause().getClass().getSimpleName() + ")");
      assertTrue(halts.get() >= 1, "the session halted the process before the driver saw the write");
    } finally {
      guard.stop();
    }

    // The next incarnation runs elsewhere (here: a system of its own; this one's connections were left mid-write).
    ActorTestKit elsewhere = ActorTestKit.create("pause-guarded-session-next", kit.system().settings().config());
    try {
      ActorRef<Append> next = elsewhere.spawn(Writer.create(id));
      assertEquals(List.of("before", "again"), append(elsewhere, next, "again", Duration.ofSeconds(30)),
          "the next incarnation recovers only what was written before the pause");
    } finally {
      elsewhere.shutdownTestKit();
    }
  }

  private static List<String> append(ActorRef<Append> writer, String event, Duration within) throws Exception {
    return append(kit, writer, event, within);
  }

  private static List<String> append(ActorTestKit on, ActorRef<Append> writer, String event, Duration within)
      throws Exception {
    return AskPattern.<Append, List<String>>ask(writer, reply -> new Append(event, reply), within, on.scheduler())
        .toCompletableFuture().get(within.toSeconds() + 5, TimeUnit.SECONDS);
  }
}
