package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import java.math.BigDecimal;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A trading bot's public face: the commands it takes and the replies it gives. Its events are in
 * {@link BotEvent}, its states in {@link BotState}. Every command is answered; a command that is not
 * valid in the current phase gets a {@link Rejected} that names the phase.
 */
public final class Bot {
  private Bot() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Create.class),
    @JsonSubTypes.Type(IngestSignal.class),
    @JsonSubTypes.Type(Approve.class),
    @JsonSubTypes.Type(Reject.class),
    @JsonSubTypes.Type(ClosePosition.class),
    @JsonSubTypes.Type(Pause.class),
    @JsonSubTypes.Type(Resume.class),
    @JsonSubTypes.Type(GetState.class),
    @JsonSubTypes.Type(ReducePosition.class),
    @JsonSubTypes.Type(Reconfigure.class),
    @JsonSubTypes.Type(MoveStop.class),
    @JsonSubTypes.Type(Stop.class)
  })
  public sealed interface Command extends CborSerializable {}

  /**
   * What the actor tells itself (adapter answers, timers, the flush of its write batch): declared in the actor's
   * package, package-private there, so only the actor can create them; never sent to another node.
   */
  public non-sealed interface Internal extends Command {}

  /** Creates the bot with its config: NEW → IDLE. Repeating it with the same config is harmless. */
  public record Create(BotConfig config, ActorRef<Ack> replyTo) implements Command {}

  /** A signal for this bot (scan, webhook or operator). Idempotent by signal id. */
  public record IngestSignal(Signal signal, ActorRef<Ack> replyTo) implements Command {}

  /** A human approves the trade awaiting approval; {@code reviewId} guards against approving a newer one. */
  public record Approve(String reviewId, String by, ActorRef<Ack> replyTo) implements Command {}

  /** A human rejects the trade awaiting approval. */
  public record Reject(String reviewId, String by, String reason, ActorRef<Ack> replyTo) implements Command {}

  /** Close the open position now (operator, expiry or a management trigger). */
  public record ClosePosition(String reason, ActorRef<Ack> replyTo) implements Command {}

  /** Stop taking new signals; everything under way continues. */
  public record Pause(String by, ActorRef<Ack> replyTo) implements Command {}

  public record Resume(String by, ActorRef<Ack> replyTo) implements Command {}

  public record GetState(ActorRef<BotState> replyTo) implements Command {}

  /**
   * Close part of the open position (a scaled exit): valid in MONITORING, never more than the position.
   * A reduce-only order through the guardian like a close; afterwards the bot is back in MONITORING with
   * the rest (or IDLE when nothing is left). Idempotent by {@code reductionId}: a repeat is answered
   * {@link AlreadyProcessed} and reduces nothing.
   */
  public record ReducePosition(String reductionId, BigDecimal quantity, String reason, ActorRef<Ack> replyTo)
      implements Command {}

  /**
   * Move the stop resting at the venue (protective orders on): a trailing stop or break-even after a scaled exit.
   * Valid in MONITORING while a stop rests; the new reduce-only stop is placed first and the old one cancelled once the
   * new one rests, so the position is never without a stop. A stop never loosens; a move to where it already rests is
   * accepted and changes nothing.
   */
  public record MoveStop(BigDecimal stop, String reason, ActorRef<Ack> replyTo) implements Command {}

  /**
   * Replace the bot's config (a promotion, an operator). Applied at once in IDLE; in any other phase it
   * waits until the bot is next IDLE, so an open trade keeps the sizing it was opened with. Refused for
   * another bot's id or a config the fleet would not accept.
   */
  public record Reconfigure(BotConfig config, String by, ActorRef<Ack> replyTo) implements Command {}

  /**
   * How the cluster stops it (a shard hand-off, a passivation or the node's shutdown): handled after the write in flight (commands
   * are stashed while persisting), so its last write is in the journal before the next incarnation recovers.
   */
  public record Stop() implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Accepted.class),
    @JsonSubTypes.Type(Rejected.class),
    @JsonSubTypes.Type(AlreadyProcessed.class)
  })
  public sealed interface Ack extends CborSerializable {
    String botId();

    /** The phase the bot is in after handling the command. */
    Phase phase();
  }

  public record Accepted(String botId, Phase phase, String detail) implements Ack {}

  /** The command was not carried out; {@code reason} says why and {@code phase} where the bot is. */
  public record Rejected(String botId, Phase phase, String reason) implements Ack {}

  /** This signal id (or reduction id) was delivered before: nothing changed. */
  public record AlreadyProcessed(String botId, String signalId, Phase phase) implements Ack {}
}
