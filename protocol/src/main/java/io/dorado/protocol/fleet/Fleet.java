package io.dorado.protocol.fleet;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The fleet supervisor's public face (cluster singleton "fleet"): the registry of every bot and the
 * state an operator wants it in. It validates and creates bots, pauses, resumes and retires them one
 * by one or all together, and after a restart or a rebalance wakes every bot that holds a position or
 * an unresolved order, so none is left unmanaged while passivated.
 */
public final class Fleet {
  private Fleet() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(CreateBot.class),
    @JsonSubTypes.Type(PauseBot.class),
    @JsonSubTypes.Type(ResumeBot.class),
    @JsonSubTypes.Type(RetireBot.class),
    @JsonSubTypes.Type(PauseFleet.class),
    @JsonSubTypes.Type(ResumeFleet.class),
    @JsonSubTypes.Type(Annotate.class),
    @JsonSubTypes.Type(RecordPick.class),
    @JsonSubTypes.Type(ListBots.class),
    @JsonSubTypes.Type(GetBot.class),
    @JsonSubTypes.Type(BotStatusChanged.class),
    @JsonSubTypes.Type(WakeHolders.class),
    @JsonSubTypes.Type(BotAnswered.class),
    @JsonSubTypes.Type(ArmAnswered.class),
    @JsonSubTypes.Type(SyncPending.class),
    @JsonSubTypes.Type(Promote.class),
    @JsonSubTypes.Type(WriteHoldings.class),
    @JsonSubTypes.Type(Stop.class),
    @JsonSubTypes.Type(ReconfigureBot.class)
  })
  public sealed interface Command extends CborSerializable {}

  /**
   * How the cluster stops it (its hand-over to another node or the node's shutdown): handled after the write in flight (commands
   * are stashed while persisting), so its last write is in the journal before the next incarnation recovers.
   */
  public record Stop() implements Command {}

  /** Validates the config (universe, venue, template, live mode) and creates the bot. */
  public record CreateBot(BotConfig config, String by, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Changes a bot's template, sizing and/or signal source (null: unchanged), validated as a creation is; recorded in the
   * registry at once (the scanner and the position manager read it there), applied by the bot at its next IDLE (at once
   * if it is IDLE), as a promotion is.
   */
  public record ReconfigureBot(String botId, String strategyTemplate, io.dorado.protocol.bot.Sizing sizing,
      io.dorado.protocol.bot.SignalSource signalSource, String by, ActorRef<Reply> replyTo) implements Command {}

  public record PauseBot(String botId, String by, ActorRef<Reply> replyTo) implements Command {}

  public record ResumeBot(String botId, String by, ActorRef<Reply> replyTo) implements Command {}

  /** Retires a flat bot for good: it takes no more signals and leaves the allocator. */
  public record RetireBot(String botId, String by, String reason, ActorRef<Reply> replyTo) implements Command {}

  /** Pauses every bot (new entries stop; open positions stay managed and can be closed). */
  public record PauseFleet(String by, String reason, ActorRef<Reply> replyTo) implements Command {}

  /** Lifts the fleet pause; bots an operator paused one by one stay paused. */
  public record ResumeFleet(String by, ActorRef<Reply> replyTo) implements Command {}

  /** A one-tap annotation on a decided trade (PRD §3.2), kept in the journal for later learning. */
  public record Annotate(String botId, String reviewId, String tag, String by, ActorRef<Reply> replyTo)
      implements Command {}

  /**
   * A human picked a candidate from a scan's ranked list (PRD §3.2); it goes to its bot as signal {@code signalId} once
   * this is journalled. Kept as an annotation: who, when, which candidate (its rank, score, and what the scan's selection
   * had decided for it, {@code scanFate}) from which scan.
   */
  public record RecordPick(String botId, String scanId, String candidateId, int rank, double score, String signalId,
      String scanFate, String by, ActorRef<Reply> replyTo) implements Command {}

  public record ListBots(ActorRef<BotList> replyTo) implements Command {}

  /**
   * Moves a bot one step up the promotion ladder (paper → canary → full) with the reason (the criteria it
   * met). Refused for a skipped step, a retired bot, or a live step while live trading is off.
   */
  public record Promote(String botId, Stage to, String reason, String by, ActorRef<Reply> replyTo) implements Command {}

  public record GetBot(String botId, ActorRef<BotLookup> replyTo) implements Command {}

  /** From a bot: where it is now, and whether it holds a position or an unresolved order. */
  public record BotStatusChanged(String botId, Phase phase, boolean holding, Instant at) implements Command {}

  /** Wake every bot that holds something (sent on recovery, and by the node after a rebalance). */
  public record WakeHolders(String why) implements Command {}

  /** Internal: a bot's answer to the pause ({@code paused}) or resume the fleet sent for {@code desired}. */
  public record BotAnswered(String botId, Desired desired, boolean paused, Bot.Ack ack) implements Command {}

  /**
   * Internal: the allocator's answer to a bot's registration ({@code ack} null: none in time), and who waits for the
   * bot's creation to be answered ({@code replyTo} null: a registration sent again by the sync timer).
   */
  public record ArmAnswered(String botId, Allocator.Ack ack, ActorRef<Reply> replyTo) implements Command {}

  /** Internal timer: send the desired state again to bots that have not confirmed it. */
  public record SyncPending() implements Command {}

  /** Internal: write the holding flags bots reported since the last write, all in one journal write. */
  public record WriteHoldings() implements Command {}

  // ------------------------------------------------------------------ replies

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Done.class),
    @JsonSubTypes.Type(Refused.class),
    @JsonSubTypes.Type(NotFound.class)
  })
  public sealed interface Reply extends CborSerializable {}

  public record Done(String detail) implements Reply {}

  /** Not carried out; {@code reason} says why (an invalid config names the field). */
  public record Refused(String reason) implements Reply {}

  /** The id is unknown: the answer to a command and to a lookup. */
  public record NotFound(String botId) implements Reply, BotLookup {}

  public record BotList(boolean fleetPaused, List<BotEntry> bots) implements CborSerializable {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(Found.class), @JsonSubTypes.Type(NotFound.class)})
  public sealed interface BotLookup extends CborSerializable {}

  public record Found(BotEntry bot) implements BotLookup {}
}
