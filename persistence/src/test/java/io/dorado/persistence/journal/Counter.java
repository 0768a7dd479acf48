package io.dorado.persistence.journal;

import io.dorado.protocol.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.util.Set;

/** A tiny event-sourced entity: enough to prove events go to Cassandra and come back on recovery. */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.State> {

  sealed interface Command extends CborSerializable permits Add, Get { }
  record Add(int amount, ActorRef<State> replyTo) implements Command { }
  record Get(ActorRef<State> replyTo) implements Command { }

  record Added(String counterId, int amount) implements CborSerializable { }

  record State(int total, int events) implements CborSerializable {
    State apply(Added e) { return new State(total + e.amount(), events + 1); }
  }

  static final String TAG = "counter";
  private final String id;
  private final ActorRef<Throwable> recoveryFailures;

  private Counter(String id, ActorRef<Throwable> recoveryFailures) {
    super(PersistenceId.of("Counter", id));
    this.id = id;
    this.recoveryFailures = recoveryFailures;
  }

  static Behavior<Command> create(String id) {
    return new Counter(id, null);
  }

  /** Reports why recovery failed (the actor stops then) to {@code recoveryFailures}. */
  static Behavior<Command> create(String id, ActorRef<Throwable> recoveryFailures) {
    return new Counter(id, recoveryFailures);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryFailed.class, (state, failed) -> {
      if (recoveryFailures != null) recoveryFailures.tell(failed.getFailure());
    }).build();
  }

  @Override
  public State emptyState() {
    return new State(0, 0);
  }

  @Override
  public CommandHandler<Command, Added, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Add.class, (state, add) -> Effect().persist(new Added(id, add.amount()))
            .thenReply(add.replyTo(), newState -> newState))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<State, Added> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Added.class, State::apply).build();
  }

  @Override
  public Set<String> tagsFor(Added event) {
    return Set.of(TAG); // exercises the events-by-tag writes (tag_views) as well
  }
}
