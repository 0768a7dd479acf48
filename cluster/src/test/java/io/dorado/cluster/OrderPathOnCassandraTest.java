package io.dorado.cluster;

import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.ActorRuns;
import io.dorado.actors.orderpath.StoredEvents;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The order path's randomized invariant runs (actors' {@code OrderPathInvariantTest}) repeated on the
 * real Cassandra node: the same bots, guardian and venue, the same injected duplicates, reorderings and
 * restarts, but every event written to and replayed from Cassandra with the replay filter set to fail.
 * Fewer runs than in memory; {@code -Ddorado.invariants.cassandraRuns=N} sets how many,
 * {@code -Ddorado.invariants.seed=S} runs seed S alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPathOnCassandraTest {
  private static final int RUNS = Integer.getInteger("dorado.invariants.cassandraRuns", 10);
  private static final Long SEED = Long.getLong("dorado.invariants.seed");
  private ActorTestKit kit;
  private CassandraReadJournal journal;

  @BeforeAll
  void start() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    kit = ActorTestKit.create("order-path-on-cassandra", TestCassandra.pekkoConfig(ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        pekko.actor.serialize-creators = off
        pekko.loglevel = WARNING
        """)));
    journal = PersistenceQuery.get(Adapter.toClassic(kit.system()))
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  @AfterAll
  void stop() {
    if (kit != null) kit.shutdownTestKit();
  }

  @Test
  void theRealActorsKeepThePromiseOnCassandraThroughRestartsDuplicatesAndReordering() throws InterruptedException {
    var summary = ActorRuns.run(kit, this::eventsOf, SEED != null ? SEED : 7001L, SEED != null ? 1 : RUNS, 80);
    System.out.println("order path invariants, real actors on Cassandra: " + summary.describe());
  }

  /** Everything Cassandra holds for {@code persistenceId}, read back through the query side. */
  private List<Object> eventsOf(String persistenceId) {
    try {
      List<EventEnvelope> envelopes = journal.currentEventsByPersistenceId(persistenceId, 0L, Long.MAX_VALUE)
          .runWith(Sink.seq(), kit.system())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      var events = new ArrayList<>();
      envelopes.forEach(e -> events.add(e.event()));
      return events;
    } catch (Exception e) {
      throw new IllegalStateException("could not read the journal of " + persistenceId, e);
    }
  }
}
