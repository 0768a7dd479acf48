package io.dorado.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import java.time.Clock;
import java.time.Instant;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The journal watchdog's probe: an event-sourced entity per node ({@code JournalProbe|<host:port>}) that the
 * watchdog starts afresh for every probe, so one probe is a recovery (snapshot and events read back) and one
 * write through the node's own journal plugin. Untagged: a probe neither waits for nor feeds the tag writer.
 * A snapshot every 100 probes deletes the events before it: the probe's history stays small.
 */
final class JournalProbe
    extends EventSourcedBehaviorWithEnforcedReplies<JournalProbe.Command, JournalProbe.Event, JournalProbe.State> {

  /** Local only (the watchdog is its parent): never serialized. */
  record Command(ActorRef<Done> replyTo) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(Probed.class)})
  sealed interface Event extends CborSerializable {}

  record Probed(String node, Instant at) implements Event {}

  record State(long probes, Instant last) implements CborSerializable {}

  private final String node;
  private final Clock clock;

  private JournalProbe(String node, String incarnation, Clock clock) {
    super(persistenceId(node, incarnation));
    this.node = node;
    this.clock = clock;
  }

  /**
   * @param incarnation which of the node's probe journals: a probe stopped with a write in flight may still land
   *     that write later, so the watchdog moves its successors to a new one (else they would be a second writer of
   *     the same persistence id, and recovery with {@code replay-filter.mode = fail} would fail for good)
   */
  static Behavior<Command> create(String node, String incarnation, Clock clock) {
    return new JournalProbe(node, incarnation, clock);
  }

  static PersistenceId persistenceId(String node, String incarnation) {
    return PersistenceId.of("JournalProbe", node + "/" + incarnation);
  }

  @Override
  public State emptyState() {
    return new State(0, null);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 1).withDeleteEventsOnSnapshot();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Command.class, c -> Effect().persist(new Probed(node, clock.instant()))
            .thenReply(c.replyTo(), s -> Done.getInstance()))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Probed.class, (s, e) -> new State(s.probes() + 1, e.at()))
        .build();
  }
}
