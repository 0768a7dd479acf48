package io.dorado.protocol.fleet;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import java.time.Instant;

/**
 * One bot in the registry. {@code synced}: the bot confirmed the desired state (until then the
 * supervisor keeps sending it). {@code holding}: the bot last reported a position or an unresolved
 * order, so it must be woken after a restart. {@code phase} is the last one the bot reported.
 */
public record BotEntry(String botId, BotConfig config, Desired desired, boolean synced, boolean holding, Phase phase,
    Instant registeredAt, Instant changedAt) implements CborSerializable {

  public static BotEntry registered(BotConfig config, Instant at) {
    return new BotEntry(config.id(), config, Desired.RUNNING, false, false, Phase.NEW, at, at);
  }

  public BotEntry withDesired(Desired d, Instant at) {
    return new BotEntry(botId, config, d, false, holding, phase, registeredAt, at);
  }

  public BotEntry confirmed(Desired d) {
    return d == desired ? new BotEntry(botId, config, desired, true, holding, phase, registeredAt, changedAt) : this;
  }

  /** The fleet pause or resume changes what the bot must be told: it is unsynced again. */
  public BotEntry unsynced() {
    return new BotEntry(botId, config, desired, false, holding, phase, registeredAt, changedAt);
  }

  public BotEntry withStatus(Phase p, boolean h) {
    return new BotEntry(botId, config, desired, synced, h, p, registeredAt, changedAt);
  }

  public boolean retired() {
    return desired == Desired.RETIRED;
  }
}
