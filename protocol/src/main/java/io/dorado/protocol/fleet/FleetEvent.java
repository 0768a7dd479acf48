package io.dorado.protocol.fleet;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import java.time.Instant;

/** What happens to the registry; each carries who and why, so the journal is the operators' audit trail. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(FleetEvent.BotRegistered.class),
  @JsonSubTypes.Type(FleetEvent.DesiredStateSet.class),
  @JsonSubTypes.Type(FleetEvent.BotConfirmed.class),
  @JsonSubTypes.Type(FleetEvent.HoldingChanged.class),
  @JsonSubTypes.Type(FleetEvent.TradeAnnotated.class),
  @JsonSubTypes.Type(FleetEvent.CandidatePicked.class),
  @JsonSubTypes.Type(FleetEvent.FleetPaused.class),
  @JsonSubTypes.Type(FleetEvent.FleetResumed.class),
  @JsonSubTypes.Type(FleetEvent.BotPromoted.class),
  @JsonSubTypes.Type(FleetEvent.BotReconfigured.class)
})
public sealed interface FleetEvent extends CborSerializable {
  Instant at();

  record BotRegistered(String botId, BotConfig config, String by, Instant at) implements FleetEvent {}

  record DesiredStateSet(String botId, Desired desired, String by, String reason, Instant at) implements FleetEvent {}

  /** The bot answered the desired state it was sent. */
  record BotConfirmed(String botId, Desired desired, Instant at) implements FleetEvent {}

  /** The bot started or stopped holding a position or an unresolved order. */
  record HoldingChanged(String botId, boolean holding, Phase phase, Instant at) implements FleetEvent {}

  record TradeAnnotated(String botId, String reviewId, String tag, String by, Instant at) implements FleetEvent {}

  /**
   * A human picked candidate {@code candidateId} (rank, score; {@code scanFate}: what the scan's selection had decided for
   * it, e.g. "paper: correlated cluster ...") of scan {@code scanId}, to be sent to its bot as {@code signalId}.
   */
  record CandidatePicked(String botId, String scanId, String candidateId, int rank, double score, String signalId,
      String scanFate, String by, Instant at) implements FleetEvent {}

  record FleetPaused(String by, String reason, Instant at) implements FleetEvent {}

  record FleetResumed(String by, Instant at) implements FleetEvent {}

  /** An operator changed the bot's template, sizing or signal source: {@code config} is its new registered config. */
  record BotReconfigured(String botId, BotConfig config, String by, Instant at) implements FleetEvent {}

  /** The bot moved up the promotion ladder (PRD §3.3); {@code reason} says which criteria it met. */
  record BotPromoted(String botId, Stage from, Stage to, String reason, String by, Instant at) implements FleetEvent {}
}
