package io.dorado.fleet.bench;

import io.dorado.protocol.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/** The smallest event-sourced entity on the fleet's journal: measures the journal, not a domain. */
final class BenchEntity extends EventSourcedBehavior<BenchEntity.Command, BenchEntity.Event, BenchEntity.State> {

  sealed interface Command extends CborSerializable {}

  /** Persists {@code count} events in one write, then answers. */
  record Persist(int count, ActorRef<Done> replyTo) implements Command {}

  /** Answered once recovered: how many events the entity has, and how many recovery replayed. */
  record GetCount(ActorRef<Counts> replyTo) implements Command {}

  /** {@code replayed} less than {@code count}: recovery started from a snapshot. */
  record Counts(long count, long replayed) {}

  record Stop() implements Command {}

  record Event(long n) implements CborSerializable {}

  record State(long count) implements CborSerializable {}

  private final int snapshotEvery;
  /** Events the handler applied in this incarnation before the first command: the replay. */
  private long applied;
  private long replayed = -1;

  private BenchEntity(String id, int snapshotEvery) {
    super(PersistenceId.of("Bench", id));
    this.snapshotEvery = snapshotEvery;
  }

  /** {@code snapshotEvery} 0: no snapshots, recovery replays every event. */
  static Behavior<Command> create(String id, int snapshotEvery) {
    return new BenchEntity(id, snapshotEvery);
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return snapshotEvery > 0 ? RetentionCriteria.snapshotEvery(snapshotEvery, 2) : RetentionCriteria.disabled();
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Persist.class, (state, c) -> {
          List<Event> events = new ArrayList<>();
          for (int i = 1; i <= c.count(); i++) events.add(new Event(state.count() + i));
          return Effect().persist(events).thenRun(s -> c.replyTo().tell(Done.getInstance()));
        })
        .onCommand(GetCount.class, (state, c) -> Effect().none().thenRun(s -> c.replyTo().tell(new Counts(s.count(), replayed()))))
        .onCommand(Stop.class, (state, c) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> {
      applied++;
      return new State(state.count() + 1);
    });
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> replayed = applied).build();
  }

  private long replayed() {
    return replayed;
  }
}
