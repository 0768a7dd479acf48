package io.dorado.actors.fleet;

import io.dorado.actors.metrics.FleetMetrics;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.FleetEvent;
import io.dorado.protocol.fleet.FleetState;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.fleet.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * The fleet supervisor (cluster singleton "fleet"): the registry of bots and the state operators want
 * them in. It persists the wish first, then tells the bot, and keeps telling it (a timer) until the bot
 * confirms, so a lost message or a crash in between leaves no bot in the wrong state. Bots report their
 * phase; the registry remembers which hold something, and wakes those after a restart or rebalance.
 */
public final class FleetSupervisor
    extends EventSourcedBehaviorWithEnforcedReplies<Fleet.Command, FleetEvent, FleetState> {

  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("fleet");
  private static final String SYNC_TIMER = "sync";
  private static final String BY_FLEET = "fleet";

  /** @param ladder the promotion ladder's policy: the size a promoted bot runs at (canary_size_pct) */
  public record Settings(BotConfigValidator validator, Duration syncInterval, Clock clock, LadderPolicy ladder) {
    public Settings {
      ladder = ladder == null ? LadderPolicy.DEFAULT : ladder;
    }

    public Settings(BotConfigValidator validator, Duration syncInterval, Clock clock) {
      this(validator, syncInterval, clock, null);
    }

    public static Settings of(BotConfigValidator validator) {
      return new Settings(validator, Duration.ofSeconds(5), Clock.systemUTC());
    }

    public Settings withLadder(LadderPolicy value) {
      return new Settings(validator, syncInterval, clock, value);
    }
  }

  private final ActorContext<Fleet.Command> context;
  private final TimerScheduler<Fleet.Command> timers;
  private final Settings settings;
  private final BotDirectory bots;
  private final Optional<ActorRef<Allocator.Command>> allocator;
  /** The last phase each bot reported; not persisted (bots report again when they wake). */
  private final Map<String, Phase> livePhases = new HashMap<>();
  /**
   * Holding flags reported and not yet written, by bot: written together on {@link Fleet.WriteHoldings}, so
   * a hundred bots changing at once cost one journal write, not a hundred in a row with every lookup
   * ({@code GetBot}) waiting behind them.
   */
  private final Map<String, Fleet.BotStatusChanged> unwrittenHoldings = new LinkedHashMap<>();
  private boolean holdingsWriteAsked;
  /**
   * Bots whose arm the allocator has answered for since this incarnation started, and those it is being asked
   * for; not persisted: after a recovery every bot is registered again on the sync timer (the allocator answers
   * "already registered"), so a registration lost in a hand-over is sent again.
   */
  private final Set<String> armsRegistered = new HashSet<>();
  private final Set<String> armsAsked = new HashSet<>();

  public static Behavior<Fleet.Command> create(Settings settings, BotDirectory bots,
      Optional<ActorRef<Allocator.Command>> allocator) {
    return create(PERSISTENCE_ID, settings, bots, allocator);
  }

  public static Behavior<Fleet.Command> create(PersistenceId id, Settings settings, BotDirectory bots,
      Optional<ActorRef<Allocator.Command>> allocator) {
    return Behaviors.withTimers(timers -> Behaviors.setup(
        context -> new FleetSupervisor(id, context, timers, settings, bots, allocator)));
  }

  private FleetSupervisor(PersistenceId id, ActorContext<Fleet.Command> context, TimerScheduler<Fleet.Command> timers,
      Settings settings, BotDirectory bots, Optional<ActorRef<Allocator.Command>> allocator) {
    super(id, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.bots = bots;
    this.allocator = allocator;
  }

  @Override
  public FleetState emptyState() {
    return FleetState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public SignalHandler<FleetState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
      timers.startTimerWithFixedDelay(SYNC_TIMER, new Fleet.SyncPending(), settings.syncInterval());
      context.getSelf().tell(new Fleet.WakeHolders("recovered"));
      publishPhases(state);
    }).build();
  }

  // ---------------------------------------------------------------- commands

  @Override
  public CommandHandlerWithReply<Fleet.Command, FleetEvent, FleetState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Fleet.CreateBot.class, this::createBot)
        .onCommand(Fleet.PauseBot.class, (s, c) -> setDesired(s, c.botId(), Desired.PAUSED, c.by(), "paused by " + c.by(), c.replyTo()))
        .onCommand(Fleet.ResumeBot.class, (s, c) -> setDesired(s, c.botId(), Desired.RUNNING, c.by(), "resumed by " + c.by(), c.replyTo()))
        .onCommand(Fleet.RetireBot.class, this::retire)
        .onCommand(Fleet.PauseFleet.class, this::pauseFleet)
        .onCommand(Fleet.ResumeFleet.class, this::resumeFleet)
        .onCommand(Fleet.Annotate.class, this::annotate)
        .onCommand(Fleet.RecordPick.class, this::recordPick)
        .onCommand(Fleet.Promote.class, this::promote)
        .onCommand(Fleet.ReconfigureBot.class, this::reconfigure)
        .onCommand(Fleet.ListBots.class, (s, c) -> Effect().reply(c.replyTo(),
            new Fleet.BotList(s.paused(), s.bots().values().stream().map(this::live).toList())))
        .onCommand(Fleet.GetBot.class, (s, c) -> Effect().reply(c.replyTo(), s.bots().containsKey(c.botId())
            ? new Fleet.Found(live(s.bots().get(c.botId()))) : new Fleet.NotFound(c.botId())))
        .onCommand(Fleet.BotStatusChanged.class, this::statusChanged)
        .onCommand(Fleet.WriteHoldings.class, (s, c) -> writeHoldings(s))
        .onCommand(Fleet.WakeHolders.class, this::wakeHolders)
        .onCommand(Fleet.BotAnswered.class, this::answered)
        .onCommand(Fleet.ArmAnswered.class, this::armAnswered)
        .onCommand(Fleet.SyncPending.class, (s, c) -> {
          s.unsynced().forEach(b -> sync(s, b));
          registerArmsNotConfirmed(s);
          publishPhases(s);
          return Effect().noReply();
        })
        // Hand-over or shutdown: handled only after the write in flight (commands are stashed meanwhile).
        .onCommand(Fleet.Stop.class, (s, c) -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<FleetEvent, FleetState> promote(FleetState s, Fleet.Promote c) {
    BotEntry b = s.bots().get(c.botId());
    if (b == null) return Effect().reply(c.replyTo(), new Fleet.NotFound(c.botId()));
    if (b.retired()) return Effect().reply(c.replyTo(), new Fleet.Refused("bot " + c.botId() + " is retired"));
    if (b.stage() == c.to()) return Effect().reply(c.replyTo(), new Fleet.Done("bot " + c.botId() + " is already " + stageName(c.to())));
    if (b.stage().next() != c.to()) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("a bot climbs one step at a time (paper → canary → full): "
          + c.botId() + " is " + stageName(b.stage())));
    }
    // Canary and full trade live: the step's config (live, at the step's size) must be valid on this fleet.
    BotConfig stepConfig = Ladder.configFor(b.config(), c.to(), settings.ladder());
    Optional<String> live = settings.validator().problemWith(stepConfig);
    if (live.isPresent()) {
      return Effect().reply(c.replyTo(), new Fleet.Refused(stageName(c.to()) + " trades live: " + live.get()));
    }
    // The promotion leaves the bot unsynced: sync reconfigures it (and keeps trying until it confirms).
    return Effect().persist(new FleetEvent.BotPromoted(c.botId(), b.stage(), c.to(), c.reason(), c.by(), now()))
        .thenRun(ns -> {
          context.getLog().info("Bot {} promoted to {}: it runs {} from its next IDLE", c.botId(), stageName(c.to()),
              describe(stepConfig));
          sync(ns, ns.bots().get(c.botId()));
        })
        .thenReply(c.replyTo(), ns -> new Fleet.Done("bot " + c.botId() + " promoted to " + stageName(c.to())));
  }

  /**
   * A new template, sizing or signal source, validated as a creation is and recorded first; then the bot is told (it
   * applies it at its next IDLE, at once if IDLE), and told again by the sync timer until it confirms.
   */
  private ReplyEffect<FleetEvent, FleetState> reconfigure(FleetState s, Fleet.ReconfigureBot c) {
    BotEntry b = s.bots().get(c.botId());
    if (b == null) return Effect().reply(c.replyTo(), new Fleet.NotFound(c.botId()));
    if (b.retired()) return Effect().reply(c.replyTo(), new Fleet.Refused("bot " + c.botId() + " is retired"));
    if (c.strategyTemplate() == null && c.sizing() == null && c.signalSource() == null) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("nothing to change: give strategy_template, sizing or signal_source"));
    }
    BotConfig old = b.config();
    BotConfig next;
    try {
      next = old.with(c.strategyTemplate() == null ? old.strategyTemplate() : c.strategyTemplate(),
          c.sizing() == null ? old.sizing() : c.sizing(), c.signalSource() == null ? old.signalSource() : c.signalSource());
    } catch (IllegalArgumentException e) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("invalid bot config: " + e.getMessage()));
    }
    if (next.equals(old)) return Effect().reply(c.replyTo(), new Fleet.Done("bot " + c.botId() + ": config unchanged"));
    Optional<String> problem = settings.validator().problemWith(Ladder.configFor(next, b.stage(), settings.ladder()));
    if (problem.isPresent()) return Effect().reply(c.replyTo(), new Fleet.Refused("invalid bot config: " + problem.get()));
    Phase phase = livePhases.getOrDefault(c.botId(), b.phase());
    return Effect().persist(new FleetEvent.BotReconfigured(c.botId(), next, c.by(), now()))
        .thenRun(ns -> {
          context.getLog().info("Bot {} reconfigured by {}: {} {}, {}", c.botId(), c.by(), next.strategyTemplate(),
              describe(next), next.signalSource());
          sync(ns, ns.bots().get(c.botId()));
        })
        .thenReply(c.replyTo(), ns -> new Fleet.Done("bot " + c.botId() + " reconfigured: " + next.strategyTemplate()
            + ", " + describe(next) + (phase == Phase.IDLE || phase == Phase.NEW ? ""
            : "; applies when the bot is next IDLE (now " + phase + ")")));
  }

  private static String describe(BotConfig k) {
    var z = k.sizing();
    String size = z.quantity() != null ? "quantity " + z.quantity().toPlainString()
        : z.notional() != null ? "notional " + z.notional().toPlainString() : "risk " + z.riskPct().toPlainString() + "%";
    return k.venueMode().name().toLowerCase() + ", " + size;
  }

  private static String stageName(Stage stage) {
    return stage.name().toLowerCase();
  }

  private ReplyEffect<FleetEvent, FleetState> createBot(FleetState s, Fleet.CreateBot c) {
    BotConfig config = c.config();
    BotEntry existing = s.bots().get(config.id());
    if (existing != null) {
      return existing.config().equals(config) && !existing.retired()
          ? Effect().reply(c.replyTo(), new Fleet.Done("bot " + config.id() + " is already registered"))
          : Effect().reply(c.replyTo(), new Fleet.Refused("bot id " + config.id()
              + (existing.retired() ? " belonged to a retired bot; ids are never reused" : " is taken by a bot with another config")));
    }
    Optional<String> problem = settings.validator().problemWith(config);
    if (problem.isPresent()) return Effect().reply(c.replyTo(), new Fleet.Refused("invalid bot config: " + problem.get()));
    // Answered once the allocator has registered the arm (and so pushed the bot's budget to the guardian): a bot
    // whose creation was answered gets its first entry checked against a budget, not refused for want of one.
    return Effect().persist(new FleetEvent.BotRegistered(config.id(), config, c.by(), now()))
        .thenRun(ns -> {
          registerArm(config, c.replyTo());
          sync(ns, ns.bots().get(config.id()));
        })
        .thenNoReply();
  }

  /** Registers the bot's arm with the allocator; {@code replyTo} (if any) is answered when the allocator has. */
  private void registerArm(BotConfig config, ActorRef<Fleet.Reply> replyTo) {
    if (allocator.isEmpty()) {
      if (replyTo != null) replyTo.tell(new Fleet.Done("bot " + config.id() + " created"));
      return;
    }
    armsAsked.add(config.id());
    context.ask(Allocator.Ack.class, allocator.get(), settings.syncInterval(),
        r -> new Allocator.RegisterArm(config.id(), config.strategyTemplate(), r),
        (ack, failure) -> new Fleet.ArmAnswered(config.id(), ack, replyTo));
  }

  private ReplyEffect<FleetEvent, FleetState> armAnswered(FleetState s, Fleet.ArmAnswered c) {
    armsAsked.remove(c.botId());
    if (c.ack() instanceof Allocator.Rejected r) {
      context.getLog().error("The allocator refused bot {}'s arm: {}", c.botId(), r.reason());
    }
    if (c.ack() != null) armsRegistered.add(c.botId()); // a refusal is final: asking again would not change it
    if (c.replyTo() == null) return Effect().noReply();
    String created = "bot " + c.botId() + " created";
    if (c.ack() == null) {
      created += "; the allocator has not answered its registration yet (the fleet asks again every "
          + settings.syncInterval().toSeconds() + " s): until it does, its entries are refused for want of a budget";
    } else if (c.ack() instanceof Allocator.Rejected r) {
      created += "; the allocator refused its arm (" + r.reason() + "): it gets no budget";
    }
    return Effect().reply(c.replyTo(), new Fleet.Done(created));
  }

  private ReplyEffect<FleetEvent, FleetState> setDesired(FleetState s, String botId, Desired desired, String by,
      String reason, ActorRef<Fleet.Reply> replyTo) {
    BotEntry b = s.bots().get(botId);
    if (b == null) return Effect().reply(replyTo, new Fleet.NotFound(botId));
    if (b.retired()) return Effect().reply(replyTo, new Fleet.Refused("bot " + botId + " is retired"));
    if (b.desired() == desired) return Effect().reply(replyTo, new Fleet.Done("bot " + botId + " is already " + desired));
    return Effect().persist(new FleetEvent.DesiredStateSet(botId, desired, by, reason, now()))
        .thenRun(ns -> sync(ns, ns.bots().get(botId)))
        .thenReply(replyTo, ns -> new Fleet.Done("bot " + botId + " " + desired
            + (ns.paused() && desired == Desired.RUNNING ? " (the fleet is paused: it resumes with the fleet)" : "")));
  }

  private ReplyEffect<FleetEvent, FleetState> retire(FleetState s, Fleet.RetireBot c) {
    BotEntry b = s.bots().get(c.botId());
    if (b == null) return Effect().reply(c.replyTo(), new Fleet.NotFound(c.botId()));
    if (b.retired()) return Effect().reply(c.replyTo(), new Fleet.Done("bot " + c.botId() + " is already retired"));
    Phase phase = livePhases.getOrDefault(c.botId(), b.phase());
    if (b.holding()) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("bot " + c.botId() + " is in " + phase
          + " with a position, an order or a decision under way: close it and let it settle first"));
    }
    return Effect().persist(new FleetEvent.DesiredStateSet(c.botId(), Desired.RETIRED, c.by(), c.reason(), now()))
        .thenRun(ns -> {
          allocator.ifPresent(a -> a.tell(new Allocator.RetireArm(c.botId(), c.reason(), context.getSystem().ignoreRef())));
          sync(ns, ns.bots().get(c.botId()));
        })
        .thenReply(c.replyTo(), ns -> new Fleet.Done("bot " + c.botId() + " retired"));
  }

  private ReplyEffect<FleetEvent, FleetState> pauseFleet(FleetState s, Fleet.PauseFleet c) {
    if (s.paused()) return Effect().reply(c.replyTo(), new Fleet.Done("the fleet is already paused"));
    return Effect().persist(new FleetEvent.FleetPaused(c.by(), c.reason(), now()))
        .thenRun(ns -> ns.unsynced().forEach(b -> sync(ns, b)))
        .thenReply(c.replyTo(), ns -> new Fleet.Done("fleet paused: " + ns.unsynced().size() + " bots told"));
  }

  private ReplyEffect<FleetEvent, FleetState> resumeFleet(FleetState s, Fleet.ResumeFleet c) {
    if (!s.paused()) return Effect().reply(c.replyTo(), new Fleet.Done("the fleet is not paused"));
    return Effect().persist(new FleetEvent.FleetResumed(c.by(), now()))
        .thenRun(ns -> ns.unsynced().forEach(b -> sync(ns, b)))
        .thenReply(c.replyTo(), ns -> new Fleet.Done("fleet resumed (bots paused one by one stay paused)"));
  }

  private ReplyEffect<FleetEvent, FleetState> annotate(FleetState s, Fleet.Annotate c) {
    if (!s.bots().containsKey(c.botId())) return Effect().reply(c.replyTo(), new Fleet.NotFound(c.botId()));
    if (c.tag() == null || c.tag().isBlank() || c.reviewId() == null || c.reviewId().isBlank()) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("an annotation needs a review id and a tag"));
    }
    return Effect().persist(new FleetEvent.TradeAnnotated(c.botId(), c.reviewId(), c.tag(), c.by(), now()))
        .thenReply(c.replyTo(), ns -> new Fleet.Done("review " + c.reviewId() + " tagged " + c.tag()));
  }

  private ReplyEffect<FleetEvent, FleetState> recordPick(FleetState s, Fleet.RecordPick c) {
    if (!s.bots().containsKey(c.botId())) return Effect().reply(c.replyTo(), new Fleet.NotFound(c.botId()));
    if (c.scanId() == null || c.scanId().isBlank() || c.candidateId() == null || c.candidateId().isBlank()) {
      return Effect().reply(c.replyTo(), new Fleet.Refused("a pick needs a scan id and a candidate id"));
    }
    return Effect().persist(new FleetEvent.CandidatePicked(c.botId(), c.scanId(), c.candidateId(), c.rank(), c.score(),
            c.signalId(), c.scanFate(), c.by(), now()))
        .thenReply(c.replyTo(), ns -> new Fleet.Done("pick of " + c.candidateId() + " from " + c.scanId() + " recorded"));
  }

  private ReplyEffect<FleetEvent, FleetState> statusChanged(FleetState s, Fleet.BotStatusChanged c) {
    BotEntry b = s.bots().get(c.botId());
    if (b == null) return Effect().noReply(); // a bot the registry does not manage (created directly)
    livePhases.put(c.botId(), c.phase());
    if (b.holding() == c.holding()) {
      unwrittenHoldings.remove(c.botId()); // flipped back before it was written
    } else {
      unwrittenHoldings.put(c.botId(), c);
      if (!holdingsWriteAsked) {
        holdingsWriteAsked = true;
        context.getSelf().tell(new Fleet.WriteHoldings());
      }
    }
    return Effect().noReply();
  }

  private ReplyEffect<FleetEvent, FleetState> writeHoldings(FleetState s) {
    holdingsWriteAsked = false;
    List<FleetEvent> changes = new ArrayList<>();
    for (Fleet.BotStatusChanged c : unwrittenHoldings.values()) {
      BotEntry b = s.bots().get(c.botId());
      if (b != null && b.holding() != c.holding()) {
        changes.add(new FleetEvent.HoldingChanged(c.botId(), c.holding(), c.phase(), c.at()));
      }
    }
    unwrittenHoldings.clear();
    return changes.isEmpty() ? Effect().noReply() : Effect().persist(changes).thenNoReply();
  }

  private ReplyEffect<FleetEvent, FleetState> wakeHolders(FleetState s, Fleet.WakeHolders c) {
    List<BotEntry> holders = s.holders();
    if (!holders.isEmpty()) context.getLog().info("Waking {} bots that hold something ({})", holders.size(), c.why());
    ActorRef<BotState> ignore = context.getSystem().ignoreRef();
    holders.forEach(b -> bots.bot(b.botId()).tell(new Bot.GetState(ignore)));
    s.unsynced().forEach(b -> sync(s, b));
    return Effect().noReply();
  }

  private ReplyEffect<FleetEvent, FleetState> answered(FleetState s, Fleet.BotAnswered c) {
    BotEntry b = s.bots().get(c.botId());
    if (c.ack() == null) return Effect().noReply(); // timed out: the sync timer asks again
    if (c.ack() instanceof Bot.Rejected r) {
      context.getLog().error("Bot {} refused the fleet's {}: {}", c.botId(),
          c.desired() == null ? "config" : c.paused() ? "pause" : "resume", r.reason());
      return Effect().noReply();
    }
    livePhases.put(c.botId(), c.ack().phase());
    // Confirm only what is still wanted: an answer to an older wish leaves the bot unsynced.
    if (b == null || b.synced() || b.desired() != c.desired() || s.shouldBePaused(b) != c.paused()) {
      return Effect().noReply();
    }
    return Effect().persist(new FleetEvent.BotConfirmed(c.botId(), c.desired(), now())).thenNoReply();
  }

  // ---------------------------------------------------------------- effects

  /**
   * Tells the bot its config (creating it if new; idempotent) and then whether to be paused. Both go
   * to the same entity in order, so the pause never overtakes the creation.
   */
  private void sync(FleetState s, BotEntry b) {
    if (b == null) return;
    var bot = bots.bot(b.botId());
    boolean pause = s.shouldBePaused(b);
    Desired desired = b.desired();
    String by = b.retired() ? "retired" : s.paused() ? BY_FLEET : "operator";
    // No answer in time is no answer: the sync timer asks again. A promoted bot is first reconfigured to its
    // step's config (kept pending by the bot while a trade is open), so the creation that follows is the same
    // config; a bot that does not exist yet refuses the reconfiguration and is created with it.
    BotConfig config = Ladder.configFor(b.config(), b.stage(), settings.ladder());
    if (!config.equals(b.config()) || b.reconfiguredAt() != null) {
      // A promotion's or an operator's reconfiguration (BotReconfigured) reaches the bot, even after a crash.
      String source = config.equals(b.config()) ? "fleet registry" : "ladder (" + stageName(b.stage()) + ")";
      context.ask(Bot.Ack.class, bot, settings.syncInterval(),
          replyTo -> new Bot.Reconfigure(config, source, replyTo),
          (ack, failure) -> new Fleet.BotAnswered(b.botId(), null, pause,
              ack instanceof Bot.Rejected r && r.phase() == Phase.NEW ? null : ack));
    }
    context.ask(Bot.Ack.class, bot, settings.syncInterval(), replyTo -> new Bot.Create(config, replyTo),
        (ack, failure) -> new Fleet.BotAnswered(b.botId(), null, pause, ack));
    context.ask(Bot.Ack.class, bot, settings.syncInterval(),
        replyTo -> pause ? new Bot.Pause(by, replyTo) : new Bot.Resume(by, replyTo),
        (ack, failure) -> new Fleet.BotAnswered(b.botId(), desired, pause, ack));
  }

  private void registerArmsNotConfirmed(FleetState s) {
    for (BotEntry b : s.bots().values()) {
      if (!b.retired() && !armsRegistered.contains(b.botId()) && !armsAsked.contains(b.botId())) {
        registerArm(b.config(), null);
      }
    }
  }

  /** Bots by phase for the metrics, on the sync timer: a pass over the registry every few seconds, not per report. */
  private void publishPhases(FleetState s) {
    var counts = new EnumMap<Phase, Long>(Phase.class);
    for (BotEntry b : s.bots().values()) {
      if (!b.retired()) counts.merge(live(b).phase(), 1L, Long::sum);
    }
    FleetMetrics.botsByPhase(counts);
  }

  private BotEntry live(BotEntry b) {
    Phase phase = livePhases.get(b.botId());
    return phase == null ? b : b.withStatus(phase, b.holding());
  }

  private Instant now() {
    return settings.clock().instant();
  }

  @Override
  public EventHandler<FleetState, FleetEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(FleetState::apply);
  }
}
