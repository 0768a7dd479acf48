package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fleet node's journal halts the process, rather than write, once the process has been paused longer than
 * the limit: a write an entity asked for just before a freeze is not written on resume (when the cluster may
 * have started the entity's next incarnation elsewhere). On a real Cassandra node, with the journal class that
 * cluster.conf configures; the pause is a guard whose ticker stopped, which is what a frozen process looks like
 * to it, and the halt is recorded instead of ending this JVM.
 */
class PauseGuardedJournalTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    kit = ActorTestKit.create("pause-guarded-journal", TestCassandra.pekkoConfig(TestCassandra.journalOfItsOwn("pauseguard")
        .withFallback(ConfigFactory.parseString("pekko.persistence.cassandra.journal.class = "
            + ConfigFactory.parseResources("cluster.conf").getString("pekko.persistence.cassandra.journal.class")))));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void a_write_asked_for_before_a_pause_longer_than_the_limit_is_never_written_the_process_halts_first()
      throws Exception {
    String id = "writer-" + System.nanoTime();
    ActorRef<Append> writer = kit.spawn(Writer.create(id));
    assertEquals(List.of("before"), append(writer, "before", Duration.ofSeconds(60))); // the journal's first use: its tables

    AtomicInteger halts = new AtomicInteger();
    PauseGuard guard = PauseGuard.start(Duration.ofMillis(200), () -> {
      halts.incrementAndGet();
      throw new IllegalStateException("halted (test): the process was paused");
    });
    try {
      guard.stopTicker();
      Thread.sleep(600); // the process, to its guard, was paused for three times the limit
      ExecutionException unanswered = assertThrows(ExecutionException.class, () -> append(writer, "after", Duration.ofSeconds(5)));
      System.out.println("write after a pause: " + halts.get() + " halt(s), the write unanswered ("
          + unanswered.getCause().getClass().getSimpleName() + ")");
      assertTrue(halts.get() >= 1, "the journal halted the process before it wrote");
    } finally {
      guard.stop();
    }
    kit.stop(writer);

    ActorRef<Append> next = kit.spawn(Writer.create(id));
    assertEquals(List.of("before", "again"), append(next, "again", Duration.ofSeconds(30)), "the next incarnation recovers only what was "
        + "written before the pause");
  }

  private static List<String> append(ActorRef<Append> writer, String event, Duration within) throws Exception {
    return AskPattern.<Append, List<String>>ask(writer, reply -> new Append(event, reply), within, kit.scheduler())
        .toCompletableFuture().get(within.toSeconds() + 5, TimeUnit.SECONDS);
  }

  record Append(String event, ActorRef<List<String>> replyTo) {}

  /** Appends strings; answers every string it holds after the write. */
  static final class Writer extends EventSourcedBehavior<Append, String, List<String>> {
    private Writer(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    static Behavior<Append> create(String id) {
      return new Writer(id);
    }

    @Override
    public List<String> emptyState() {
      return List.of();
    }

    @Override
    public CommandHandler<Append, String, List<String>> commandHandler() {
      return newCommandHandlerBuilder().forAnyState().onAnyCommand((state, append) ->
          Effect().persist(append.event()).thenRun(after -> append.replyTo().tell(after)));
    }

    @Override
    public EventHandler<List<String>, String> eventHandler() {
      return (state, event) -> {
        List<String> next = new ArrayList<>(state);
        next.add(event);
        return List.copyOf(next);
      };
    }
  }
}
