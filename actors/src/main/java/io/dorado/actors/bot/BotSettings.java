package io.dorado.actors.bot;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;

/**
 * How a bot behaves while it waits on others (not part of its persisted config).
 *
 * @param retryInterval how often a bot in RISK_CHECK, EXECUTING or CLOSING asks again for what it waits on
 * @param executionTimeout how long an order may work before the bot cancels what is left (then FAILED)
 * @param clock the time source for event times and the approval deadline
 */
public record BotSettings(Duration retryInterval, Duration executionTimeout, Clock clock) {

  public static BotSettings fromConfig(Config config) {
    Config c = config.getConfig("dorado.bot");
    return new BotSettings(c.getDuration("retry-interval"), c.getDuration("execution-timeout"), Clock.systemUTC());
  }

  public static BotSettings defaults() {
    return new BotSettings(Duration.ofSeconds(5), Duration.ofMinutes(10), Clock.systemUTC());
  }

  public BotSettings withClock(Clock value) {
    return new BotSettings(retryInterval, executionTimeout, value);
  }

  public BotSettings withRetryInterval(Duration value) {
    return new BotSettings(value, executionTimeout, clock);
  }

  public BotSettings withExecutionTimeout(Duration value) {
    return new BotSettings(retryInterval, value, clock);
  }
}
