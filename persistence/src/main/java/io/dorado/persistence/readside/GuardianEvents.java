package io.dorado.persistence.readside;

import io.dorado.protocol.risk.GuardianEvent;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One risk guardian's events in journal order, for its audit projection: a live events-by-persistence-id
 * query, resumed after the sequence number saved as the projection's offset. Not a tag query, because a
 * tag would cost every guardian write a tag_views row and wait for it (a journal write is acknowledged
 * only once its tags are written), and the guardian is on every order's path twice.
 */
final class GuardianEvents extends SourceProvider<Offset, EventEnvelope<GuardianEvent>> {

  private final CassandraReadJournal journal;
  private final String persistenceId;

  GuardianEvents(ActorSystem<?> system, String persistenceId) {
    this.journal = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.persistenceId = persistenceId;
  }

  @Override
  public CompletionStage<Source<EventEnvelope<GuardianEvent>, NotUsed>> source(
      Supplier<CompletionStage<Optional<Offset>>> offset) {
    return offset.get().thenApply(saved -> {
      long from = saved.map(o -> ((Sequence) o).value() + 1).orElse(1L);
      return journal.eventsByPersistenceId(persistenceId, from, Long.MAX_VALUE)
          .filter(e -> e.event() instanceof GuardianEvent)
          .map(e -> EventEnvelope.create(Offset.sequence(e.sequenceNr()), e.persistenceId(), e.sequenceNr(),
              (GuardianEvent) e.event(), e.timestamp()));
    });
  }

  @Override
  public Offset extractOffset(EventEnvelope<GuardianEvent> envelope) {
    return envelope.offset();
  }

  @Override
  public long extractCreationTime(EventEnvelope<GuardianEvent> envelope) {
    return envelope.timestamp();
  }
}
