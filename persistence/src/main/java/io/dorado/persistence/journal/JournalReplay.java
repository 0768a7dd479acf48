package io.dorado.persistence.journal;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Replays one persistence id's whole journal (from its first event, snapshots ignored) through the system's journal
 * plugin, as the entity's recovery does, with the system's replay filter: with {@code replay-filter.mode = fail} the
 * answer fails on a second writer ("Invalid replayed event"). Checks a journal without starting the entity.
 */
public final class JournalReplay extends EventSourcedBehavior<Object, Object, Long> {
  private final CompletableFuture<Long> events;

  private JournalReplay(String persistenceId, CompletableFuture<Long> events) {
    super(PersistenceId.ofUniqueId(persistenceId));
    this.events = events;
  }

  /** Answers how many events the persistence id replays, or fails as its recovery would. */
  public static CompletionStage<Long> replay(ActorSystem<?> system, String persistenceId) {
    CompletableFuture<Long> events = new CompletableFuture<>();
    system.systemActorOf(new JournalReplay(persistenceId, events), "journal-replay-" + UUID.randomUUID(), Props.empty());
    return events;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandler<Object, Object, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onAnyCommand(c -> Effect().none());
  }

  @Override
  public EventHandler<Long, Object> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, e) -> count + 1);
  }

  @Override
  public SignalHandler<Long> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), count -> events.complete(count))
        .onSignal(RecoveryFailed.class, (count, failed) -> events.completeExceptionally(failed.getFailure()))
        .build();
  }
}
