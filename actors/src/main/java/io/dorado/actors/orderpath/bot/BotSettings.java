package io.dorado.actors.orderpath.bot;

import com.typesafe.config.Config;
import io.dorado.actors.fleet.BotConfigValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How a bot behaves while it waits on others (not part of its persisted config).
 *
 * @param retryInterval how often a bot in RISK_CHECK, EXECUTING or CLOSING asks again for what it waits on
 * @param executionTimeout how long an order may work before the bot cancels what is left (then FAILED)
 * @param clock the time source for event times and the approval deadline
 * @param validator what a {@code Bot.Reconfigure}'s config is checked against (the fleet's; by default none)
 * @param protectiveOrders whether the entry's stop and target rest at the venue as reduce-only orders
 *     ({@code dorado.bot.protective-orders}, on by default; off: they stay virtual)
 * @param protectionStyle which order a protective stop rests as on each venue (STOP, else STOP_LIMIT with
 *     {@code dorado.bot.stop-limit-offset})
 */
public record BotSettings(Duration retryInterval, Duration executionTimeout, Clock clock, BotConfigValidator validator,
    boolean protectiveOrders, ProtectionStyle protectionStyle) {

  public BotSettings {
    validator = validator == null ? config -> Optional.empty() : validator;
    protectionStyle = protectionStyle == null ? ProtectionStyle.defaults() : protectionStyle;
  }

  public BotSettings(Duration retryInterval, Duration executionTimeout, Clock clock, BotConfigValidator validator,
      boolean protectiveOrders) {
    this(retryInterval, executionTimeout, clock, validator, protectiveOrders, null);
  }

  public BotSettings(Duration retryInterval, Duration executionTimeout, Clock clock, BotConfigValidator validator) {
    this(retryInterval, executionTimeout, clock, validator, false);
  }

  public BotSettings(Duration retryInterval, Duration executionTimeout, Clock clock) {
    this(retryInterval, executionTimeout, clock, null);
  }

  public static BotSettings fromConfig(Config config) {
    Config c = config.getConfig("dorado.bot");
    return new BotSettings(c.getDuration("retry-interval"), c.getDuration("execution-timeout"), Clock.systemUTC(), null,
        c.hasPath("protective-orders") && c.getBoolean("protective-orders"),
        new ProtectionStyle(null, c.hasPath("stop-limit-offset") ? new java.math.BigDecimal(c.getString("stop-limit-offset")) : null));
  }

  public static BotSettings defaults() {
    return new BotSettings(Duration.ofSeconds(5), Duration.ofMinutes(10), Clock.systemUTC());
  }

  public BotSettings withClock(Clock value) {
    return new BotSettings(retryInterval, executionTimeout, value, validator, protectiveOrders, protectionStyle);
  }

  public BotSettings withRetryInterval(Duration value) {
    return new BotSettings(value, executionTimeout, clock, validator, protectiveOrders, protectionStyle);
  }

  public BotSettings withExecutionTimeout(Duration value) {
    return new BotSettings(retryInterval, value, clock, validator, protectiveOrders, protectionStyle);
  }

  public BotSettings withValidator(BotConfigValidator value) {
    return new BotSettings(retryInterval, executionTimeout, clock, value, protectiveOrders, protectionStyle);
  }

  public BotSettings withProtectiveOrders(boolean value) {
    return new BotSettings(retryInterval, executionTimeout, clock, validator, value, protectionStyle);
  }

  /** Which venue rests which stop ({@link ProtectionStyle}); the fleet gives its venue accounts' capabilities. */
  public BotSettings withProtectionStyle(ProtectionStyle value) {
    return new BotSettings(retryInterval, executionTimeout, clock, validator, protectiveOrders, value);
  }
}
