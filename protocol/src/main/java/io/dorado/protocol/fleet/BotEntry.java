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
    Instant registeredAt, Instant changedAt, Stage stage, Instant reconfiguredAt) implements CborSerializable {

  public BotEntry {
    stage = stage == null ? Stage.initial(config.venueMode()) : stage;
  }

  /** An entry an operator never reconfigured ({@code reconfiguredAt}: when one last did, else null). */
  public BotEntry(String botId, BotConfig config, Desired desired, boolean synced, boolean holding, Phase phase,
      Instant registeredAt, Instant changedAt, Stage stage) {
    this(botId, config, desired, synced, holding, phase, registeredAt, changedAt, stage, null);
  }

  /** An entry on the ladder step its config implies. */
  public BotEntry(String botId, BotConfig config, Desired desired, boolean synced, boolean holding, Phase phase,
      Instant registeredAt, Instant changedAt) {
    this(botId, config, desired, synced, holding, phase, registeredAt, changedAt, null);
  }

  public static BotEntry registered(BotConfig config, Instant at) {
    return new BotEntry(config.id(), config, Desired.RUNNING, false, false, Phase.NEW, at, at, null, null);
  }

  /**
   * Promoted (or set) to {@code next} at {@code at}: the step's clock starts again, and the entry is unsynced
   * (the supervisor tells the bot its step's config until it confirms).
   */
  public BotEntry withStage(Stage next, Instant at) {
    return new BotEntry(botId, config, desired, false, holding, phase, registeredAt, at, next, reconfiguredAt);
  }

  /**
   * Reconfigured: unsynced until the bot confirms (the supervisor sends it the new config). The ladder step's clock
   * ({@code changedAt}) does not start again.
   */
  public BotEntry withConfig(BotConfig next, Instant at) {
    return new BotEntry(botId, next, desired, false, holding, phase, registeredAt, changedAt, stage, at);
  }

  public BotEntry withDesired(Desired d, Instant at) {
    return new BotEntry(botId, config, d, false, holding, phase, registeredAt, at, stage, reconfiguredAt);
  }

  public BotEntry confirmed(Desired d) {
    return d == desired ? new BotEntry(botId, config, desired, true, holding, phase, registeredAt, changedAt, stage, reconfiguredAt) : this;
  }

  /** The fleet pause or resume changes what the bot must be told: it is unsynced again. */
  public BotEntry unsynced() {
    return new BotEntry(botId, config, desired, false, holding, phase, registeredAt, changedAt, stage, reconfiguredAt);
  }

  public BotEntry withStatus(Phase p, boolean h) {
    return new BotEntry(botId, config, desired, synced, h, p, registeredAt, changedAt, stage, reconfiguredAt);
  }

  public boolean retired() {
    return desired == Desired.RETIRED;
  }
}
