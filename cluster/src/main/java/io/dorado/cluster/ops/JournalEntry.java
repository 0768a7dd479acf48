package io.dorado.cluster.ops;

import io.dorado.protocol.bot.BotEvent;
import java.time.Instant;

/** One event of a bot's history, straight from its journal, with its sequence number. */
public record JournalEntry(long sequenceNr, Instant at, String type, BotEvent event) {
  public static JournalEntry of(long sequenceNr, BotEvent event) {
    return new JournalEntry(sequenceNr, event.at(), event.getClass().getSimpleName(), event);
  }
}
