package io.dorado.actors.strategy.scan;

import io.dorado.protocol.bot.BotConfig;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The fleet's bots as the scanner and the position manager learn them: the fleet supervisor's durable registry
 * ({@code Fleet.ListBots}), asked again on their own ticks, so a bot created or retired while the fleet runs is picked
 * up (or dropped) without a restart, and a singleton that moved to another node reads the same registry.
 */
@FunctionalInterface
public interface BotRegistry {
  /** Every bot that is not retired, with its current (desired) config; paper twins included. */
  CompletionStage<List<BotConfig>> bots();
}
