package io.dorado.persistence.readside;

import io.dorado.protocol.CborSerializable;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Persists given events as a real entity would: under its persistence id, with its tags, in one atomic
 * write per command (as BotEntity persists the events of one transition). Replies with the sequence
 * number of the last event. Stands in for BotEntity and RiskGuardianActor, which live in actors.
 */
final class EventWriter<E extends CborSerializable> extends EventSourcedBehavior<EventWriter.Write<E>, E, Long> {

  record Write<E>(List<E> events, ActorRef<Long> replyTo) {}

  private final Function<E, Set<String>> tags;

  private EventWriter(PersistenceId id, Function<E, Set<String>> tags) {
    super(id);
    this.tags = tags;
  }

  /** A bot: {@code Bot|<botId>}, tag {@code bot-<hash mod 4>} exactly as BotEntity.tagsFor. */
  static <E extends CborSerializable> Behavior<Write<E>> bot(String botId) {
    Set<String> botTags = Set.of(ReadSide.BOT_TAG + "-" + Math.floorMod(botId.hashCode(), ReadSide.BOT_TAG_SLICES));
    return new EventWriter<E>(PersistenceId.of("Bot", botId), e -> botTags);
  }

  /** A risk guardian: {@code RiskGuardian|<id>}, tag {@code guardian}. */
  static <E extends CborSerializable> Behavior<Write<E>> guardian(String guardianId) {
    return new EventWriter<E>(PersistenceId.of("RiskGuardian", guardianId), e -> Set.of()); // as RiskGuardianActor: untagged
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Write<E>, E, Long> commandHandler() {
    return (state, write) -> Effect().persist(write.events()).thenReply(write.replyTo(), seqNr -> seqNr);
  }

  @Override
  public EventHandler<Long, E> eventHandler() {
    return (seqNr, event) -> seqNr + 1;
  }

  @Override
  public Set<String> tagsFor(E event) {
    return tags.apply(event);
  }
}
