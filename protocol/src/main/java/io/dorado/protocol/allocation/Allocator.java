package io.dorado.protocol.allocation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The allocator's public face (cluster singleton "allocator"): Thompson sampling over bots or
 * strategy templates, PRD §6.2. Bots are registered as arms, closed trades are recorded as outcomes,
 * and a reallocation (on a cadence or on demand) turns the posteriors into budget weights.
 *
 * <p>The risk guardian asks {@link GetBudget} before acknowledging an order and denies it with
 * {@code BUDGET_EXCEEDED} when the order's notional or risk exceeds {@link Budget#capital()}, or when
 * the answer is {@link NoBudget}.
 */
public final class Allocator {
  private Allocator() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(RegisterArm.class),
    @JsonSubTypes.Type(RetireArm.class),
    @JsonSubTypes.Type(RecordOutcome.class),
    @JsonSubTypes.Type(Reallocate.class),
    @JsonSubTypes.Type(ReallocationDue.class),
    @JsonSubTypes.Type(GetBudget.class),
    @JsonSubTypes.Type(GetAllocation.class),
    @JsonSubTypes.Type(ForgetTrades.class),
    @JsonSubTypes.Type(Stop.class)
  })
  public sealed interface Command extends CborSerializable
      permits RegisterArm, RetireArm, RecordOutcome, Reallocate, ReallocationDue, GetBudget, GetAllocation, ForgetTrades, Stop {}

  /**
   * Make a bot eligible for capital. {@code template} (its strategy template) is required when arms
   * are templates and optional otherwise. Registering an active bot again is accepted and changes nothing.
   * Weights are recomputed at once so the new bot has a budget before the next scheduled reallocation.
   */
  public record RegisterArm(String botId, String template, ActorRef<Ack> replyTo) implements Command {}

  /** The bot gets no more capital; its weight goes to the others at once. Its posterior is kept. */
  public record RetireArm(String botId, String reason, ActorRef<Ack> replyTo) implements Command {}

  /**
   * A closed trade (PRD §6.2 reward: realized P&L / |max loss|, clipped to [-1, 1]; 0 when max loss is 0).
   * Idempotent by {@code tradeId}: a repeat is answered {@link AlreadyRecorded}. Paper trades count with
   * the policy's paper discount and weight. It updates the posterior; weights change at the next reallocation.
   */
  public record RecordOutcome(
      String tradeId,
      String botId,
      String template,
      BigDecimal realizedPnl,
      BigDecimal maxLoss,
      boolean paper,
      Instant closedAt,
      ActorRef<Ack> replyTo)
      implements Command {}

  /** Reallocate now (operator or scheduler); the posteriors then decay by the policy's γ. */
  public record Reallocate(String by, ActorRef<Ack> replyTo) implements Command {}

  /** Internal: the cadence timer. Its due time is persisted, so the timer survives restarts. */
  public record ReallocationDue(Instant due) implements Command {}

  /** The bot's current budget: answered {@link Budget} or {@link NoBudget}. */
  public record GetBudget(String botId, ActorRef<BudgetReply> replyTo) implements Command {}

  /** Posteriors and weights of every arm, for inspection. */
  public record GetAllocation(ActorRef<Allocation> replyTo) implements Command {}

  /** Internal, on a timer: forget the ids of trades recorded longer ago than a re-sent outcome can arrive. */
  public record ForgetTrades() implements Command {}

  /**
   * How the cluster stops it (its hand-over to another node or the node's shutdown): handled after the write in flight (commands
   * are stashed while persisting), so its last write is in the journal before the next incarnation recovers.
   */
  public record Stop() implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(Accepted.class),
    @JsonSubTypes.Type(Rejected.class),
    @JsonSubTypes.Type(AlreadyRecorded.class)
  })
  public sealed interface Ack extends CborSerializable permits Accepted, Rejected, AlreadyRecorded {}

  public record Accepted(String detail) implements Ack {}

  /** Nothing changed; {@code reason} says why. */
  public record Rejected(String reason) implements Ack {}

  /** This trade id was recorded before: nothing changed. */
  public record AlreadyRecorded(String tradeId) implements Ack {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(Budget.class), @JsonSubTypes.Type(NoBudget.class)})
  public sealed interface BudgetReply extends CborSerializable permits Budget, NoBudget {
    String botId();
  }

  /**
   * What the bot may put at risk now.
   *
   * @param weight the bot's share of the total capital (its arm's weight, split equally among the
   *     arm's active bots when arms are templates)
   * @param capital {@code weight × total capital}, rounded down to cents
   * @param asOf when the weights were last computed
   */
  public record Budget(String botId, String armId, double weight, BigDecimal capital, Instant asOf)
      implements BudgetReply {

    /** Whether an order putting {@code amount} (notional or risk, as the guardian measures it) at stake fits. */
    public boolean covers(BigDecimal amount) {
      return amount.compareTo(capital) <= 0;
    }
  }

  /** The bot has no budget (unknown, retired, or no allocation yet): the guardian must deny. */
  public record NoBudget(String botId, String reason) implements BudgetReply {}

  /** The allocator at a glance. {@code nextReallocationDue} is null until the first arm is registered. */
  public record Allocation(
      ArmMode mode,
      BigDecimal totalCapital,
      long round,
      Instant lastReallocatedAt,
      Instant nextReallocationDue,
      List<ArmView> arms)
      implements CborSerializable {

    public Allocation {
      arms = List.copyOf(arms);
    }

    /** The arm's weight, 0 when unknown. */
    public double weightOf(String armId) {
      return arms.stream().filter(a -> a.armId().equals(armId)).mapToDouble(ArmView::weight).findFirst().orElse(0);
    }
  }

  /**
   * One arm: its posteriors, its trades and its current weight and capital. {@code alpha}, {@code beta},
   * {@code meanReward} are the Beta posterior's; {@code posterior} is the kind Thompson sampling draws from, and
   * {@code posteriorMean} / {@code posteriorSd} that posterior's mean reward and the standard deviation of it (the
   * Normal-Inverse-Gamma's: the Student-t scale √(β / (ακ))); {@code rewardVariance} is the Normal-Inverse-Gamma
   * posterior's expected variance of one trade's reward; {@code normal} its parameters.
   */
  public record ArmView(
      String armId,
      String template,
      List<String> activeBots,
      double alpha,
      double beta,
      double meanReward,
      double observations,
      long liveTrades,
      long paperTrades,
      double weight,
      BigDecimal capital,
      PosteriorKind posterior,
      Double posteriorMean,
      Double posteriorSd,
      Double rewardVariance,
      NigPosterior normal)
      implements CborSerializable {

    public ArmView {
      activeBots = List.copyOf(activeBots);
    }

    /** Without the posterior kind and the Normal-Inverse-Gamma figures (as before them). */
    public ArmView(String armId, String template, List<String> activeBots, double alpha, double beta,
        double meanReward, double observations, long liveTrades, long paperTrades, double weight, BigDecimal capital) {
      this(armId, template, activeBots, alpha, beta, meanReward, observations, liveTrades, paperTrades, weight, capital,
          null, null, null, null, null);
    }
  }
}
