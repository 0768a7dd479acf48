package io.dorado.fleet.telegram;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The bridge's memory of Telegram's update stream: the next offset to ask for, and the updates
 * received but not yet handled. The poller journals what it received before handling any of it, and
 * marks each update handled when its handling is done. After a restart or a failover the bridge
 * first finishes the received updates, then asks Telegram from the journalled offset, which confirms
 * everything before it: no update is received twice and none is skipped. (An update whose handling
 * was cut short by the crash itself is handled again; the operations it calls are idempotent.)
 */
public final class UpdateLog
    extends EventSourcedBehaviorWithEnforcedReplies<UpdateLog.Command, UpdateLog.Event, UpdateLog.State> {

  /** One per cluster, like the bridge. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("TelegramBridge|offset");

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Receive.class),
    @JsonSubTypes.Type(MarkHandled.class),
    @JsonSubTypes.Type(Get.class),
    @JsonSubTypes.Type(Stop.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Stops it once the write in flight is done (commands are stashed while persisting): the bridge's hand-over. */
  public record Stop() implements Command {}

  /** Journals the updates not seen before (update id at or past the offset); answers the new state. */
  public record Receive(List<Inbound> updates, ActorRef<State> replyTo) implements Command {}

  /** The update's handling is done; answers the new state. Marking an unknown id changes nothing. */
  public record MarkHandled(long updateId, ActorRef<State> replyTo) implements Command {}

  public record Get(ActorRef<State> replyTo) implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(UpdatesReceived.class),
    @JsonSubTypes.Type(UpdateHandled.class)
  })
  public sealed interface Event extends CborSerializable {}

  public record UpdatesReceived(List<Inbound> updates, Instant at) implements Event {}

  public record UpdateHandled(long updateId, Instant at) implements Event {}

  /**
   * @param nextOffset the offset of the next getUpdates: one past the last update received
   * @param pending received and not yet handled, oldest first
   */
  public record State(long nextOffset, List<Inbound> pending) implements CborSerializable {
    public State {
      pending = List.copyOf(pending);
    }

    static State empty() {
      return new State(0, List.of());
    }

    /** Only updates at or past the offset are new; Telegram may repeat a batch it sent before. */
    List<Inbound> unseen(List<Inbound> updates) {
      return updates.stream().filter(u -> u.updateId() >= nextOffset).sorted(
          java.util.Comparator.comparingLong(Inbound::updateId)).toList();
    }

    State received(List<Inbound> updates) {
      List<Inbound> all = new ArrayList<>(pending);
      long next = nextOffset;
      for (Inbound u : updates) {
        if (u.updateId() < next) continue;
        all.add(u);
        next = u.updateId() + 1;
      }
      return new State(next, all);
    }

    State handled(long updateId) {
      return new State(nextOffset, pending.stream().filter(u -> u.updateId() != updateId).toList());
    }

    boolean isPending(long updateId) {
      return pending.stream().anyMatch(u -> u.updateId() == updateId);
    }
  }

  private final Clock clock;

  public static Behavior<Command> create(PersistenceId id, Clock clock) {
    return new UpdateLog(id, clock);
  }

  private UpdateLog(PersistenceId id, Clock clock) {
    // A journal write that fails restarts the log with backoff; the bridge asks again meanwhile.
    super(id, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Receive.class, this::onReceive)
        .onCommand(MarkHandled.class, this::onMarkHandled)
        .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), state))
        .onCommand(Stop.class, (state, c) -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onReceive(State state, Receive c) {
    List<Inbound> unseen = state.unseen(c.updates());
    if (unseen.isEmpty()) return Effect().reply(c.replyTo(), state);
    return Effect().persist(new UpdatesReceived(unseen, clock.instant())).thenReply(c.replyTo(), s -> s);
  }

  private ReplyEffect<Event, State> onMarkHandled(State state, MarkHandled c) {
    if (!state.isPending(c.updateId())) return Effect().reply(c.replyTo(), state);
    return Effect().persist(new UpdateHandled(c.updateId(), clock.instant())).thenReply(c.replyTo(), s -> s);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(UpdatesReceived.class, (state, e) -> state.received(e.updates()))
        .onEvent(UpdateHandled.class, (state, e) -> state.handled(e.updateId()))
        .build();
  }
}
