package io.dorado.actors.fleet;

import io.dorado.protocol.bot.Bot;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * How the fleet reaches a bot by id: a sharding entity ref in a cluster, a spawned child in a test.
 * Telling a bot that is not running starts it (and it recovers from its journal).
 */
@FunctionalInterface
public interface BotDirectory {
  RecipientRef<Bot.Command> bot(String botId);
}
