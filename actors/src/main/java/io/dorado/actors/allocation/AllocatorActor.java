package io.dorado.actors.allocation;

import io.dorado.protocol.allocation.AllocationMethod;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.Allocator.Accepted;
import io.dorado.protocol.allocation.Allocator.AlreadyRecorded;
import io.dorado.protocol.allocation.Allocator.ArmView;
import io.dorado.protocol.allocation.Allocator.Command;
import io.dorado.protocol.allocation.Allocator.GetAllocation;
import io.dorado.protocol.allocation.Allocator.GetBudget;
import io.dorado.protocol.allocation.Allocator.Reallocate;
import io.dorado.protocol.allocation.Allocator.ReallocationDue;
import io.dorado.protocol.allocation.Allocator.RecordOutcome;
import io.dorado.protocol.allocation.Allocator.RegisterArm;
import io.dorado.protocol.allocation.Allocator.Rejected;
import io.dorado.protocol.allocation.Allocator.RetireArm;
import io.dorado.protocol.allocation.AllocatorEvent;
import io.dorado.protocol.allocation.AllocatorEvent.ArmRegistered;
import io.dorado.protocol.allocation.AllocatorEvent.ArmRetired;
import io.dorado.protocol.allocation.AllocatorEvent.OutcomeRecorded;
import io.dorado.protocol.allocation.AllocatorEvent.Reallocated;
import io.dorado.protocol.allocation.AllocatorEvent.Trigger;
import io.dorado.protocol.allocation.AllocatorState;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.BetaPosterior;
import io.dorado.protocol.allocation.NigPosterior;
import io.dorado.protocol.allocation.PosteriorKind;
import io.dorado.protocol.risk.RiskGuardian;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The allocator (cluster singleton "allocator"): Thompson sampling of budget weights across bots or
 * strategy templates (PRD §6.2), or hierarchical risk parity with fractional-Kelly caps ({@link HrpAllocator}). Each reallocation is persisted with the weights it produced, so
 * replay is deterministic without re-sampling; sampling itself is seeded by {@code (policy seed, round)}.
 * The cadence timer is recomputed from the persisted due time on recovery.
 */
public final class AllocatorActor
    extends EventSourcedBehaviorWithEnforcedReplies<Command, AllocatorEvent, AllocatorState> {

  /** The singleton's persistence id. */
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("allocator");

  private static final String CADENCE_TIMER = "reallocation-cadence";
  /**
   * How long a recorded trade id is kept to refuse a re-sent outcome: a bot re-sends until it hears an
   * answer, within seconds or minutes; a week is far beyond that, and bounds the state (and snapshot), which
   * otherwise held every trade id ever (~40 bytes each: a 16 MiB snapshot row at ~400,000 trades).
   */
  public static final Duration TRADE_ID_RETENTION = Duration.ofDays(7);

  private final AllocationPolicy policy;
  private final Clock clock;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Optional<ActorRef<RiskGuardian.Command>> guardian;

  private AllocatorActor(
      PersistenceId id,
      AllocationPolicy policy,
      Clock clock,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Optional<ActorRef<RiskGuardian.Command>> guardian) {
    super(id, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.policy = policy;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.guardian = guardian;
  }

  public static Behavior<Command> create(AllocationPolicy policy) {
    return create(PERSISTENCE_ID, policy, Clock.systemUTC());
  }

  public static Behavior<Command> create(PersistenceId id, AllocationPolicy policy, Clock clock) {
    return create(id, policy, clock, Optional.empty());
  }

  /** With {@code guardian}: every allocation is pushed to the risk guardian, which enforces it per order. */
  public static Behavior<Command> create(PersistenceId id, AllocationPolicy policy, Clock clock,
      Optional<ActorRef<RiskGuardian.Command>> guardian) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Allocator.ForgetTrades(), Duration.ofHours(1));
      return new AllocatorActor(id, policy, clock, context, timers, guardian);
    }));
  }

  @Override
  public AllocatorState emptyState() {
    return AllocatorState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<AllocatorState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      scheduleNext(state);
      pushBudgets(state);
    }).build();
  }

  // ---- commands ----

  @Override
  public CommandHandlerWithReply<Command, AllocatorEvent, AllocatorState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(RegisterArm.class, this::onRegister)
        .onCommand(RetireArm.class, this::onRetire)
        .onCommand(RecordOutcome.class, this::onOutcome)
        .onCommand(Reallocate.class, this::onReallocate)
        .onCommand(ReallocationDue.class, this::onDue)
        .onCommand(GetBudget.class, (state, c) -> Effect().reply(c.replyTo(), state.budgetOf(c.botId(), policy.totalCapital())))
        .onCommand(GetAllocation.class, (state, c) -> Effect().reply(c.replyTo(), view(state)))
        .onCommand(Allocator.ForgetTrades.class, (state, c) -> {
          Instant before = clock.instant().minus(TRADE_ID_RETENTION);
          if (state.tradesRecordedBefore(before).isEmpty()) return Effect().noReply();
          return Effect().persist(new AllocatorEvent.TradesForgotten(before, clock.instant())).thenNoReply();
        })
        // Hand-over or shutdown: handled only after the write in flight (commands are stashed meanwhile).
        .onCommand(Allocator.Stop.class, (state, c) -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<AllocatorEvent, AllocatorState> onRegister(AllocatorState state, RegisterArm c) {
    if (blank(c.botId())) return Effect().reply(c.replyTo(), new Rejected("bot id is required"));
    if (policy.mode() == ArmMode.BY_TEMPLATE && blank(c.template())) {
      return Effect().reply(c.replyTo(), new Rejected("arms are strategy templates: bot " + c.botId() + " needs a template"));
    }
    String armId = policy.armOf(c.botId(), c.template());
    AllocatorState.Seat seat = state.bots().get(c.botId());
    if (seat != null && seat.active()) {
      if (seat.armId().equals(armId)) {
        return Effect().reply(c.replyTo(), new Accepted("bot " + c.botId() + " is already registered on arm " + armId));
      }
      return Effect().reply(c.replyTo(),
          new Rejected("bot " + c.botId() + " is registered on arm " + seat.armId() + "; retire it before moving it"));
    }
    Instant now = clock.instant();
    ArmRegistered registered =
        new ArmRegistered(c.botId(), armId, c.template(), policy.priorAlpha(), policy.priorBeta(), now);
    Reallocated reallocated = reallocation(state.registered(registered), Trigger.ARMS_CHANGED, "register " + c.botId(), now);
    return Effect()
        .persist(List.of(registered, reallocated))
        .thenRun(this::afterReallocation)
        .thenReply(c.replyTo(), s -> new Accepted("bot " + c.botId() + " registered on arm " + armId
            + " with weight " + s.weights().getOrDefault(armId, 0.0)));
  }

  private ReplyEffect<AllocatorEvent, AllocatorState> onRetire(AllocatorState state, RetireArm c) {
    AllocatorState.Seat seat = state.bots().get(c.botId());
    if (seat == null) return Effect().reply(c.replyTo(), new Rejected("bot " + c.botId() + " is not registered"));
    if (!seat.active()) return Effect().reply(c.replyTo(), new Accepted("bot " + c.botId() + " is already retired"));
    Instant now = clock.instant();
    ArmRetired retired = new ArmRetired(c.botId(), seat.armId(), c.reason(), now);
    Reallocated reallocated = reallocation(state.retired(retired), Trigger.ARMS_CHANGED, "retire " + c.botId(), now);
    return Effect()
        .persist(List.of(retired, reallocated))
        .thenRun(this::afterReallocation)
        .thenReply(c.replyTo(), s -> new Accepted("bot " + c.botId() + " retired"));
  }

  private ReplyEffect<AllocatorEvent, AllocatorState> onOutcome(AllocatorState state, RecordOutcome c) {
    if (blank(c.tradeId())) return Effect().reply(c.replyTo(), new Rejected("trade id is required"));
    if (state.hasRecorded(c.tradeId())) return Effect().reply(c.replyTo(), new AlreadyRecorded(c.tradeId()));
    if (blank(c.botId())) return Effect().reply(c.replyTo(), new Rejected("bot id is required"));
    if (c.realizedPnl() == null) return Effect().reply(c.replyTo(), new Rejected("realized P&L is required"));
    AllocatorState.Seat seat = state.bots().get(c.botId());
    String armId = seat != null ? seat.armId() : policy.mode() == ArmMode.BY_TEMPLATE ? c.template() : null;
    if (armId == null || !state.arms().containsKey(armId)) {
      return Effect().reply(c.replyTo(), new Rejected(
          "no arm for bot " + c.botId() + (c.template() == null ? "" : " / template " + c.template())
              + ": register the bot first"));
    }
    double reward = Reward.of(c.realizedPnl(), c.maxLoss());
    Reward.Applied applied = Reward.applied(reward, c.paper(), policy);
    Instant now = clock.instant();
    OutcomeRecorded recorded = new OutcomeRecorded(
        c.tradeId(), c.botId(), armId, c.realizedPnl(), c.maxLoss(), c.paper(), applied.reward(), applied.weight(),
        c.closedAt() == null ? now : c.closedAt(), now);
    return Effect()
        .persist(recorded)
        .thenReply(c.replyTo(), s -> new Accepted(String.format(java.util.Locale.ROOT,
            "trade %s: reward %.4f counted with weight %.2f on arm %s", c.tradeId(), applied.reward(),
            applied.weight(), armId)));
  }

  private ReplyEffect<AllocatorEvent, AllocatorState> onReallocate(AllocatorState state, Reallocate c) {
    if (state.activeArms().isEmpty()) return Effect().reply(c.replyTo(), new Rejected("no active arms to allocate to"));
    Reallocated reallocated = reallocation(state, Trigger.ON_DEMAND, c.by(), clock.instant());
    return Effect()
        .persist(reallocated)
        .thenRun(this::afterReallocation)
        .thenReply(c.replyTo(), s -> new Accepted("reallocation " + s.round() + ": " + s.weights()));
  }

  private ReplyEffect<AllocatorEvent, AllocatorState> onDue(AllocatorState state, ReallocationDue c) {
    Instant now = clock.instant();
    if (state.activeArms().isEmpty() || state.nextDue() == null) return Effect().none().thenNoReply();
    if (now.isBefore(state.nextDue())) {
      // A timer from before an on-demand reallocation moved the cadence: wait for the new due time.
      scheduleNext(state);
      return Effect().none().thenNoReply();
    }
    Reallocated reallocated = reallocation(state, Trigger.SCHEDULED, "cadence", now);
    context.getLog().info("scheduled reallocation {} due {}: {}", reallocated.round(), c.due(), reallocated.weights());
    return Effect().persist(reallocated).thenRun(this::afterReallocation).thenNoReply();
  }

  /**
   * Samples new weights for the active arms of {@code state}. Scheduled and on-demand reallocations
   * move the cadence and decay the posteriors; a change of arms does neither (the cadence starts with
   * the first arm).
   */
  private Reallocated reallocation(AllocatorState state, Trigger trigger, String by, Instant now) {
    long round = state.round() + 1;
    boolean cadence = trigger != Trigger.ARMS_CHANGED;
    Instant nextDue = cadence || state.nextDue() == null ? now.plus(policy.cadence()) : state.nextDue();
    if (policy.method() == AllocationMethod.HRP) {
      // The event's "probability best" holds the HRP weights before bounds and Kelly caps in this mode.
      var arms = new TreeMap<String, AllocatorState.Arm>();
      for (String armId : state.activeArms()) arms.put(armId, state.arms().get(armId));
      HrpAllocator.Allocation hrp = HrpAllocator.allocate(arms, policy, now);
      context.getLog().info("reallocation {} ({}): {}", round, hrp.note(), hrp.weights());
      return new Reallocated(round, trigger, by, hrp.raw(), hrp.weights(), cadence ? policy.decay() : 1.0, nextDue, now);
    }
    ThompsonAllocator.Sample sample = policy.posterior() == PosteriorKind.NIG
        ? ThompsonAllocator.sampleNormal(state.activeNormalPosteriors(), policy, round)
        : ThompsonAllocator.sample(state.activePosteriors(), policy, round);
    return new Reallocated(
        round, trigger, by, sample.probabilityBest(), sample.weights(), cadence ? policy.decay() : 1.0, nextDue, now);
  }

  private void afterReallocation(AllocatorState state) {
    scheduleNext(state);
    pushBudgets(state);
  }

  /**
   * The guardian gets every active bot's budget after each reallocation (and on recovery), so it
   * checks budgets per order without asking: the allocator is off the hot path.
   */
  private void pushBudgets(AllocatorState state) {
    if (guardian.isEmpty() || state.lastReallocatedAt() == null) return;
    Map<String, BigDecimal> budgets = new TreeMap<>();
    for (AllocatorState.Seat seat : state.bots().values()) {
      if (state.budgetOf(seat.botId(), policy.totalCapital()) instanceof Allocator.Budget b) {
        budgets.put(seat.botId(), b.capital());
      }
    }
    guardian.get().tell(new RiskGuardian.BudgetsUpdated(budgets, state.lastReallocatedAt()));
  }

  private void scheduleNext(AllocatorState state) {
    if (state.nextDue() == null || state.activeArms().isEmpty()) {
      timers.cancel(CADENCE_TIMER);
      return;
    }
    Duration delay = Duration.between(clock.instant(), state.nextDue());
    if (delay.isNegative()) delay = Duration.ZERO;
    timers.startSingleTimer(CADENCE_TIMER, new ReallocationDue(state.nextDue()), delay);
  }

  // ---- events ----

  @Override
  public EventHandler<AllocatorState, AllocatorEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(ArmRegistered.class, AllocatorState::registered)
        .onEvent(ArmRetired.class, AllocatorState::retired)
        .onEvent(OutcomeRecorded.class, AllocatorState::recorded)
        .onEvent(Reallocated.class, AllocatorState::reallocated)
        .onEvent(AllocatorEvent.TradesForgotten.class, AllocatorState::tradesForgotten)
        .build();
  }

  // ---- inspection ----

  private Allocator.Allocation view(AllocatorState state) {
    List<ArmView> arms = state.arms().values().stream()
        .map(a -> {
          double weight = state.weights().getOrDefault(a.armId(), 0.0);
          BetaPosterior b = a.posterior();
          NigPosterior n = a.normalPosterior();
          boolean nig = policy.posterior() == PosteriorKind.NIG;
          return new ArmView(
              a.armId(), a.template(), state.activeBotsOf(a.armId()), b.alpha(), b.beta(),
              b.meanReward(), b.observations(), a.liveTrades(), a.paperTrades(), weight,
              AllocatorState.capitalOf(weight, policy.totalCapital()), policy.posterior(),
              nig ? n.meanReward() : b.meanReward(), Math.sqrt(nig ? n.meanVariance() : b.meanRewardVariance()),
              n.rewardVariance(), n);
        })
        .toList();
    return new Allocator.Allocation(
        policy.mode(), policy.totalCapital(), state.round(), state.lastReallocatedAt(), state.nextDue(), arms);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
