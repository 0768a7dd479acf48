package io.dorado.actors.strategy.scan;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * How the scanner reaches bots by id, including the paper twins it creates. In a cluster this is the
 * "Bot" shard region ({@code EntityRef.ask}); locally, a map of actor refs.
 */
public interface BotGateway {
  CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command);

  CompletionStage<BotState> state(String botId);

  /**
   * Makes sure the bot exists with {@code config} (the scanner's paper twins). By default the bot is
   * created directly; a fleet registers it through its supervisor, so it is listed and managed like any other.
   */
  default CompletionStage<Bot.Ack> register(BotConfig config) {
    return ask(config.id(), r -> new Bot.Create(config, r));
  }

  /** Local refs; an id not in the map fails its ask. */
  static BotGateway of(Map<String, ActorRef<Bot.Command>> bots, Duration timeout, Scheduler scheduler) {
    return new BotGateway() {
      @Override
      public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
        ActorRef<Bot.Command> ref = bots.get(botId);
        if (ref == null) return CompletableFuture.failedFuture(new IllegalArgumentException("no bot " + botId));
        return AskPattern.ask(ref, command::apply, timeout, scheduler);
      }

      @Override
      public CompletionStage<BotState> state(String botId) {
        ActorRef<Bot.Command> ref = bots.get(botId);
        if (ref == null) return CompletableFuture.failedFuture(new IllegalArgumentException("no bot " + botId));
        return AskPattern.ask(ref, Bot.GetState::new, timeout, scheduler);
      }
    };
  }
}
