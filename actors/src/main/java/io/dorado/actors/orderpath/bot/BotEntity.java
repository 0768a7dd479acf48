package io.dorado.actors.orderpath.bot;

import io.dorado.actors.CrashPoint;
import io.dorado.actors.alert.Alerts;
import io.dorado.actors.logging.OrderMdc;
import io.dorado.actors.metrics.FleetMetrics;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.Bot.Ack;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.TradeMark;
import io.dorado.protocol.bot.WorkingOrder;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.util.List;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trading bot as an event-sourced actor running the lifecycle of PRD §3.1; see the state table in
 * the module README. The transitions themselves live in {@link BotTransitions}; this class routes
 * commands and events and owns the side effects: asking the guardian, asking the venue, timers.
 *
 * <p>Nothing here sends an order to a venue: the bot persists the intent, then asks the risk guardian
 * to acknowledge it, and only the guardian forwards it. Every wait (review, acknowledgement, fills) is
 * retried by a timer and reconciled with the venue on recovery, so a lost message or a crash leaves
 * no order forgotten.
 */
public final class BotEntity extends EventSourcedBehaviorWithEnforcedReplies<Bot.Command, BotEvent, BotState> {

  /** Entity type name: persistence ids are {@code Bot|<botId>}. */
  public static final String TYPE = "Bot";
  /**
   * Every bot event carries one slice tag, {@code bot-0} .. {@code bot-3} ({@link #sliceTag}), for the read
   * side's projections and the live event stream. One tag, not a fleet-wide one besides: each tag costs the
   * journal a tag_views row and a tag_write_progress row per write (P1 measured ~7 progress writes per order
   * with two tags).
   */
  public static final String TAG = "bot";
  public static final int TAG_SLICES = 4;

  public static final String ALERT_LOGGER = "dorado.alert.bot";
  private static final Logger ALERTS = LoggerFactory.getLogger(ALERT_LOGGER);
  private static final String RETRY_TIMER = "retry";
  private static final String DEADLINE_TIMER = "approval-deadline";
  private static final String ENTRY_TIMEOUT_TIMER = "limit-entry-timeout";
  private static final String PROTECTION_RETRY_TIMER = "protection-retry";
  /**
   * The first protection placed again this soon after the guardian denied it, then twice as late each time, at most
   * {@value #QUICK_PROTECTION_RETRIES} times before the retry interval takes over. The guardian hears of the entry's
   * fill from the venue, the bot too, each on its own path: a stop asked for first can find the guardian's ledger
   * still flat ("reduce-only … would not only reduce position 0"), and the position would then wait unprotected for
   * the retry interval (5 s by default).
   */
  private static final Duration QUICK_PROTECTION_RETRY = Duration.ofMillis(200);
  private static final int QUICK_PROTECTION_RETRIES = 4;

  private final String botId;
  private final ActorContext<Bot.Command> context;
  private final TimerScheduler<Bot.Command> timers;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final BotLinks links;
  private final ActorRef<Allocator.Ack> allocatorAcks;
  private final BotSettings settings;
  private final BotTransitions transitions;
  private final ActorRef<RiskGuardian.ReviewReply> reviewReplies;
  private final ActorRef<OrderReport> orderReports;
  /** Quick protection retries since the protection last rested (not persisted: a restart places it at once anyway). */
  private int quickProtectionRetries;

  public static Behavior<Bot.Command> create(
      String botId, ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue, BotSettings settings) {
    return create(botId, BotLinks.of(guardian, venue), settings);
  }

  public static Behavior<Bot.Command> create(String botId, BotLinks links, BotSettings settings) {
    return Behaviors.withTimers(
        timers -> Behaviors.setup(context -> new BotEntity(botId, context, timers, links, settings)));
  }

  public static PersistenceId persistenceId(String botId) {
    return PersistenceId.of(TYPE, botId);
  }

  private BotEntity(
      String botId,
      ActorContext<Bot.Command> context,
      TimerScheduler<Bot.Command> timers,
      BotLinks links,
      BotSettings settings) {
    super(persistenceId(botId), SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.botId = botId;
    this.context = context;
    this.timers = timers;
    this.guardian = links.guardian();
    this.links = links;
    this.allocatorAcks = context.getSystem().ignoreRef();
    this.settings = settings;
    this.transitions = new BotTransitions(botId, settings.clock(), settings.protectiveOrders(),
        settings.protectionStyle());
    this.reviewReplies = context.messageAdapter(RiskGuardian.ReviewReply.class, BotMessages.RiskReviewed::new);
    this.orderReports = context.messageAdapter(OrderReport.class, BotMessages.OrderReported::new);
  }

  @Override
  public BotState emptyState() {
    return new BotState.New(botId);
  }

  @Override
  public Set<String> tagsFor(BotEvent event) {
    return Set.of(sliceTag(botId));
  }

  public static String sliceTag(String botId) {
    return TAG + "-" + Math.floorMod(botId.hashCode(), TAG_SLICES);
  }

  /** Every slice tag: together they carry every bot event. */
  public static List<String> sliceTags() {
    return java.util.stream.IntStream.range(0, TAG_SLICES).mapToObj(i -> TAG + "-" + i).toList();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  // ---------------------------------------------------------------- commands

  @Override
  public CommandHandlerWithReply<Bot.Command, BotEvent, BotState> commandHandler() {
    CommandHandlerWithReplyBuilder<Bot.Command, BotEvent, BotState> b = newCommandHandlerWithReplyBuilder();

    // Hand-off, passivation or shutdown: handled only after the write in flight (commands are stashed meanwhile).
    // First, so that no phase's catch-all swallows it.
    b.forAnyState().onCommand(Bot.Stop.class, (s, c) -> Effect().stop().thenNoReply());

    b.forStateType(BotState.New.class)
        .onCommand(Bot.Create.class, this::create)
        .onCommand(Bot.GetState.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .onCommand(this::needsReply, (s, c) -> rejectCommand(s, c, "bot " + botId + " does not exist"))
        .onAnyCommand((s, c) -> Effect().noReply());

    b.forStateType(BotState.RiskCheck.class)
        .onCommand(BotMessages.RiskReviewed.class, (s, c) -> persistQuietly(transitions.reviewed(s, c.reply())));

    b.forStateType(BotState.AwaitingApproval.class)
        .onCommand(Bot.Approve.class, this::approve)
        .onCommand(Bot.Reject.class, this::rejectTrade)
        .onCommand(BotMessages.ApprovalDeadline.class, this::deadlineReached);

    b.forStateType(BotState.Executing.class)
        .onCommand(BotMessages.EntryTimeout.class, this::entryTimeout);

    b.forStateType(BotState.Monitoring.class)
        .onCommand(Bot.ClosePosition.class, (s, c) -> persistThenReply(transitions.close(s, null, c.reason()), c.replyTo(), "closing: " + c.reason()))
        .onCommand(Bot.ReducePosition.class, this::reducePosition)
        .onCommand(Bot.MoveStop.class, (s, c) -> decided(s, transitions.moveStop(s, c.stop(), c.reason()), c.replyTo()));

    b.forStateType(BotState.Reducing.class)
        .onCommand(Bot.ClosePosition.class, (s, c) -> reject(s, c.replyTo(),
            "a partial close (" + s.reductionId() + ") is under way: close again once it has settled"));

    b.forAnyState()
        .onCommand(Bot.GetState.class, (s, c) -> Effect().reply(c.replyTo(), s))
        .onCommand(Bot.Create.class, this::createAgain)
        .onCommand(Bot.IngestSignal.class, this::ingest)
        .onCommand(Bot.Pause.class, this::pause)
        .onCommand(Bot.Resume.class, this::resume)
        .onCommand(BotMessages.OrderReported.class, (s, c) -> onOrderReport(s, c.report()))
        .onCommand(BotMessages.RetryPending.class, (s, c) -> retry(s))
        .onCommand(BotMessages.LedgerPositionReported.class, this::onLedgerPosition)
        .onCommand(Bot.Approve.class, (s, c) -> reject(s, c.replyTo(), "nothing is awaiting approval"))
        .onCommand(Bot.Reject.class, (s, c) -> reject(s, c.replyTo(), "nothing is awaiting approval"))
        .onCommand(Bot.ClosePosition.class, (s, c) -> reject(s, c.replyTo(), "no open position to close"))
        .onCommand(Bot.ReducePosition.class, (s, c) -> s.data().hasSeenReduction(c.reductionId())
            ? Effect().reply(c.replyTo(), new Bot.AlreadyProcessed(botId, c.reductionId(), s.phase()))
            : reject(s, c.replyTo(), "a position is reduced only in MONITORING"))
        .onCommand(Bot.Reconfigure.class, this::reconfigure)
        .onCommand(Bot.MoveStop.class, (s, c) -> reject(s, c.replyTo(), "a stop is moved only in MONITORING"))
        // Stale internal messages (a review or deadline for a trade already settled) change nothing.
        .onAnyCommand((s, c) -> Effect().noReply());

    return b.build();
  }

  private ReplyEffect<BotEvent, BotState> create(BotState.New s, Bot.Create c) {
    var decision = transitions.create(s, c.config());
    return decision.isRejected()
        ? reject(s, c.replyTo(), decision.rejection())
        : persistThenReply(decision.events(), c.replyTo(), decision.detail());
  }

  private ReplyEffect<BotEvent, BotState> reducePosition(BotState.Monitoring s, Bot.ReducePosition c) {
    if (s.data().hasSeenReduction(c.reductionId())) {
      return Effect().reply(c.replyTo(), new Bot.AlreadyProcessed(botId, c.reductionId(), s.phase()));
    }
    var decision = transitions.reduce(s, c.reductionId(), c.quantity(), c.reason());
    return decision.isRejected()
        ? reject(s, c.replyTo(), decision.rejection())
        : persistThenReply(decision.events(), c.replyTo(), decision.detail());
  }

  /** A decision carried out: rejected, answered without a write when it changes nothing, else persisted then answered. */
  private ReplyEffect<BotEvent, BotState> decided(BotState s, BotTransitions.Decision decision, ActorRef<Bot.Ack> replyTo) {
    if (decision.isRejected()) return reject(s, replyTo, decision.rejection());
    if (decision.events().isEmpty()) return Effect().reply(replyTo, new Bot.Accepted(botId, s.phase(), decision.detail()));
    return persistThenReply(decision.events(), replyTo, decision.detail());
  }

  private ReplyEffect<BotEvent, BotState> reconfigure(BotState s, Bot.Reconfigure c) {
    var problem = c.config() == null ? Optional.<String>empty() : settings.validator().problemWith(c.config());
    var decision = transitions.reconfigure(s, c.config(), c.by(), problem);
    if (decision.isRejected()) return reject(s, c.replyTo(), decision.rejection());
    if (decision.events().isEmpty()) return Effect().reply(c.replyTo(), new Bot.Accepted(botId, s.phase(), decision.detail()));
    return persistThenReply(decision.events(), c.replyTo(), decision.detail());
  }

  private ReplyEffect<BotEvent, BotState> createAgain(BotState s, Bot.Create c) {
    // A config waiting for IDLE (a promotion) is the one the fleet now sends: it is not another config.
    return s.data().config().equals(c.config()) || c.config().equals(s.data().pendingConfig())
        ? Effect().reply(c.replyTo(), new Bot.Accepted(botId, s.phase(), "already exists"))
        : reject(s, c.replyTo(), "already exists with another config");
  }

  private ReplyEffect<BotEvent, BotState> ingest(BotState s, Bot.IngestSignal c) {
    var signal = c.signal();
    if (s.data().hasSeenSignal(signal.signalId())) {
      return Effect().reply(c.replyTo(), new Bot.AlreadyProcessed(botId, signal.signalId(), s.phase()));
    }
    var decision = transitions.ingest(s, signal);
    return decision.isRejected()
        ? reject(s, c.replyTo(), decision.rejection())
        : persistThenReply(decision.events(), c.replyTo(), decision.detail());
  }

  private ReplyEffect<BotEvent, BotState> approve(BotState.AwaitingApproval s, Bot.Approve c) {
    if (c.reviewId() != null && !c.reviewId().equals(s.proposal().reviewId())) {
      return reject(s, c.replyTo(), "review " + c.reviewId() + " is not the one awaiting approval (" + s.proposal().reviewId() + ")");
    }
    if (s.isExpiredAt(transitions.now())) {
      var events = transitions.timeout(s);
      return persist(events)
          .thenRun(ns -> afterTransition(events, ns))
          .thenReply(c.replyTo(), ns -> new Bot.Rejected(botId, ns.phase(), "approval expired at " + s.deadline() + "; the trade is cancelled"));
    }
    return persistThenReply(transitions.approve(s, c.by()), c.replyTo(), "approved by " + c.by());
  }

  private ReplyEffect<BotEvent, BotState> rejectTrade(BotState.AwaitingApproval s, Bot.Reject c) {
    if (c.reviewId() != null && !c.reviewId().equals(s.proposal().reviewId())) {
      return reject(s, c.replyTo(), "review " + c.reviewId() + " is not the one awaiting approval (" + s.proposal().reviewId() + ")");
    }
    return persistThenReply(transitions.rejectByHuman(s, c.by(), c.reason()), c.replyTo(), "rejected by " + c.by());
  }

  private ReplyEffect<BotEvent, BotState> deadlineReached(BotState.AwaitingApproval s, BotMessages.ApprovalDeadline c) {
    if (!c.reviewId().equals(s.proposal().reviewId())) return Effect().noReply();
    if (!s.isExpiredAt(transitions.now())) {
      syncTimers(s); // fired early (clock adjustment): wait for the real deadline
      return Effect().noReply();
    }
    return persistQuietly(transitions.timeout(s));
  }

  /** A limit entry's timer: past its time-out, what rests is cancelled (persisted first); early, the timer is set again. */
  private ReplyEffect<BotEvent, BotState> entryTimeout(BotState.Executing s, BotMessages.EntryTimeout c) {
    if (s.working() == null || !s.working().order().clientOrderId().equals(c.clientOrderId())) return Effect().noReply();
    var events = transitions.entryTimedOut(s);
    if (events.isEmpty()) {
      syncTimers(s);
      return Effect().noReply();
    }
    return persistQuietly(events);
  }

  private ReplyEffect<BotEvent, BotState> pause(BotState s, Bot.Pause c) {
    if (s.data().paused()) return Effect().reply(c.replyTo(), new Bot.Accepted(botId, s.phase(), "already paused"));
    return persistThenReply(List.of(new BotEvent.Paused(botId, c.by(), transitions.now())), c.replyTo(), "paused");
  }

  private ReplyEffect<BotEvent, BotState> resume(BotState s, Bot.Resume c) {
    if (!s.data().paused()) return Effect().reply(c.replyTo(), new Bot.Accepted(botId, s.phase(), "not paused"));
    return persistThenReply(List.of(new BotEvent.Resumed(botId, c.by(), transitions.now())), c.replyTo(), "resumed");
  }

  private ReplyEffect<BotEvent, BotState> onOrderReport(BotState s, OrderReport report) {
    var events = transitions.orderReported(s, report);
    ProtectiveOrder protection = s.data() == null ? null : s.data().protective(report.clientOrderId());
    if (report instanceof OrderReport.Denied && protection != null && !events.isEmpty()) {
      return persist(events).thenRun(ns -> {
        afterTransition(events, ns);
        retryDeniedProtectionSoon(ns);
      }).thenNoReply();
    }
    if (events.isEmpty() && protection != null) {
      if (report instanceof OrderReport.Status st && st.status() == OrderStatus.UNKNOWN) {
        // The venue never received it: ask the guardian again (it answers a repeated id with the same acknowledgement),
        // or, for one being cancelled, cancel it there (so it is refused should the acknowledgement still arrive).
        if (protection.protects()) requestAcknowledgement(protection.order());
        else tellVenue(protection.order(), new Venue.CancelOrder(protection.clientOrderId(), protection.cancelling(), orderReports));
      } else if (transitions.asksForProtectionStatus(s, report)) {
        tellVenue(protection.order(), new Venue.QueryOrder(protection.clientOrderId(), orderReports));
      }
      return Effect().noReply();
    }
    if (events.isEmpty()) {
      if (report instanceof OrderReport.Status st && st.status() == OrderStatus.UNKNOWN
          && workingFor(s, report.clientOrderId()) != null) {
        // The venue never received it: the acknowledgement was lost before reaching it. Ask again;
        // the guardian answers a repeated client order id with the same acknowledgement.
        requestAcknowledgement(workingFor(s, report.clientOrderId()).order());
      } else if (transitions.asksForStatus(s, report)) {
        Order order = workingFor(s, report.clientOrderId()).order(); // closed with fills not yet seen
        tellVenue(order, new Venue.QueryOrder(order.clientOrderId(), orderReports));
      } else if (transitions.forgotten(s, report)) {
        askLedgerPosition(s, (OrderReport.Status) report);
      }
      return Effect().noReply();
    }
    return persistQuietly(events);
  }

  /**
   * The working order was forgotten: its fills are known only to the guardian's ledger, so the bot asks the
   * guardian for its position there and settles on the answer ({@link BotMessages.LedgerPositionReported}). No answer
   * in time: the retry timer asks the venue again, which says FORGOTTEN again, which asks the guardian again.
   */
  private void askLedgerPosition(BotState s, OrderReport.Status forgotten) {
    var id = forgotten.clientOrderId();
    try (var mdc = OrderMdc.of(id)) {
      context.getLog().warn("Order {} was forgotten ({}): asking the risk guardian for the position its ledger holds",
          id, forgotten.reason());
    }
    String symbol = s.data().config().underlying();
    context.ask(RiskGuardian.BotPosition.class, guardian, settings.retryInterval(),
        replyTo -> new RiskGuardian.GetBotPosition(botId, symbol, replyTo),
        (answer, failure) -> new BotMessages.LedgerPositionReported(id, forgotten.reason(), answer == null ? null : answer.position()));
  }

  private ReplyEffect<BotEvent, BotState> onLedgerPosition(BotState s, BotMessages.LedgerPositionReported c) {
    if (c.position() == null) return Effect().noReply(); // not answered in time: the retry timer asks again
    return persistQuietly(transitions.forgottenOrderFailed(s, c.clientOrderId(), c.detail(), c.position()));
  }

  /** The retry timer: ask again for whatever the bot is waiting on. */
  private ReplyEffect<BotEvent, BotState> retry(BotState s) {
    askAboutProtection(s);
    if (transitions.protectionMissing(s)) {
      context.getLog().warn("Bot {} holds {} without its protection resting at the venue: placing it again", botId,
          s.data().position().quantity());
      return persistQuietly(transitions.replaceMissingProtection(s));
    }
    if (s instanceof BotState.RiskCheck rc) {
      guardian.tell(new RiskGuardian.ReviewTrade(rc.proposal(), reviewReplies));
    } else if (s instanceof BotState.Closing cl && cl.working() == null) {
      return persistQuietly(transitions.nextClosingOrder(cl));
    } else if (s instanceof BotState.Reducing r && r.working() == null) {
      return persistQuietly(transitions.reductionAfterRoom(r)); // once the protection taken down is off the venue
    } else if (s instanceof BotState.WithOrder w && w.working() != null) {
      var id = w.working().order().clientOrderId();
      if (s instanceof BotState.Executing ex && ex.cancelling() != null) {
        tellVenue(w.working().order(), new Venue.CancelOrder(id, ex.cancelling(), orderReports)); // until it settles
      } else if (s instanceof BotState.Executing ex && ex.limitDeadline() != null) {
        tellVenue(w.working().order(), new Venue.QueryOrder(id, orderReports)); // its own time-out cancels it
      } else if (s instanceof BotState.Executing ex && transitions.now().isAfter(ex.since().plus(settings.executionTimeout()))) {
        try (var mdc = OrderMdc.of(id)) {
          context.getLog().warn("Order {} still not filled after {}: cancelling the rest", id, settings.executionTimeout());
        }
        tellVenue(w.working().order(), new Venue.CancelOrder(id, "execution timeout", orderReports));
      } else {
        tellVenue(w.working().order(), new Venue.QueryOrder(id, orderReports));
      }
    } else {
      syncTimers(s);
    }
    return Effect().noReply();
  }

  // ---------------------------------------------------------------- effects

  private ReplyEffect<BotEvent, BotState> persistThenReply(List<BotEvent> events, ActorRef<Ack> replyTo, String detail) {
    return persist(events)
        .thenRun(ns -> afterTransition(events, ns))
        .thenReply(replyTo, ns -> new Bot.Accepted(botId, ns.phase(), detail));
  }

  private ReplyEffect<BotEvent, BotState> persistQuietly(List<BotEvent> events) {
    if (events.isEmpty()) return Effect().noReply();
    return persist(events).thenRun(ns -> afterTransition(events, ns)).thenNoReply();
  }

  /**
   * Persists {@code events}; a review they start is asked for while they are written, not after: the
   * guardian's write and the bot's then overlap (one journal write less on the signal's way to the venue).
   * Safe because a review commits nothing: the guardian's answer waits in the stash until the RISK_CHECK
   * is written; if the write fails, the signal was never accepted, and its sender's retry asks again
   * (the guardian keeps one approval per bot, the latest). Orders are different: an order is sent to the
   * guardian only after its intent is written.
   */
  private EffectBuilder<BotEvent, BotState> persist(List<BotEvent> events) {
    for (BotEvent e : events) {
      if (e instanceof BotEvent.RiskCheckStarted rc) guardian.tell(new RiskGuardian.ReviewTrade(rc.proposal(), reviewReplies));
    }
    return Effect().persist(events);
  }

  private ReplyEffect<BotEvent, BotState> reject(BotState s, ActorRef<Ack> replyTo, String reason) {
    return Effect().reply(replyTo, new Bot.Rejected(botId, s.phase(), reason));
  }

  private ReplyEffect<BotEvent, BotState> rejectCommand(BotState s, Bot.Command c, String reason) {
    return reject(s, replyToOf(c), reason);
  }

  /**
   * Side effects of persisted events: a newly intended order goes to the guardian for acknowledgement
   * (the intent is in the journal first, so it is never lost). The review is asked for in {@link #persist}.
   */
  private void afterTransition(List<BotEvent> events, BotState state) {
    for (BotEvent e : events) {
      if (e instanceof BotEvent.OrderIntended oi && workingFor(state, oi.order().clientOrderId()) != null) {
        CrashPoint.INTENT_JOURNALLED.reached();
        FleetMetrics.orderIntended();
        requestAcknowledgement(workingFor(state, oi.order().clientOrderId()).order());
      }
      if (e instanceof BotEvent.ProtectionIntended pi && state.data().protective(pi.order().clientOrderId()) != null) {
        FleetMetrics.orderIntended();
        requestAcknowledgement(pi.order());
      }
      if (e instanceof BotEvent.ProtectionCancelling pc && state.data().protective(pc.clientOrderId()) != null) {
        ProtectiveOrder p = state.data().protective(pc.clientOrderId());
        tellVenue(p.order(), new Venue.CancelOrder(p.clientOrderId(), pc.reason(), orderReports));
      }
      if (e instanceof BotEvent.EntryCancelling ec && workingFor(state, ec.clientOrderId()) != null) {
        try (var mdc = OrderMdc.of(ec.clientOrderId())) {
          context.getLog().info("Order {}: {}", ec.clientOrderId(), ec.reason());
        }
        tellVenue(workingFor(state, ec.clientOrderId()).order(), new Venue.CancelOrder(ec.clientOrderId(), ec.reason(), orderReports));
      }
      if (e instanceof BotEvent.FillApplied) CrashPoint.BOT_FILL_WRITTEN.reached();
      if (e instanceof BotEvent.OrderAccepted oa && state.data().protective(oa.clientOrderId()) != null) {
        quickProtectionRetries = 0;
      }
      tellObservers(e, state);
    }
    reportStatus(state);
    syncTimers(state);
  }

  /** See {@link #QUICK_PROTECTION_RETRY}: a protection the guardian denied, still missing, is asked for again soon. */
  private void retryDeniedProtectionSoon(BotState state) {
    if (quickProtectionRetries >= QUICK_PROTECTION_RETRIES || !transitions.protectionMissing(state)) return;
    Duration delay = QUICK_PROTECTION_RETRY.multipliedBy(1L << quickProtectionRetries++);
    if (delay.compareTo(settings.retryInterval()) >= 0) return;
    timers.startSingleTimer(PROTECTION_RETRY_TIMER, new BotMessages.RetryPending("protection denied: asking again"), delay);
  }

  /** Alerts and the allocator hear about what was persisted; neither can hold the bot up. */
  private void tellObservers(BotEvent e, BotState state) {
    BotAlerts.of(e, state).forEach(alert -> Alerts.publish(context.getSystem(), alert));
    if (e instanceof BotEvent.ReturnedToIdle r && r.from() == Phase.CLOSING) recordOutcome(state);
  }

  /** The closed trade's outcome for the allocator's posterior; idempotent there by trade id, so re-sent on recovery. */
  private void recordOutcome(BotState state) {
    TradeMark mark = state.data().openTrade();
    if (mark == null) return;
    links.allocator().ifPresent(allocator -> allocator.tell(new Allocator.RecordOutcome(mark.tradeId(), botId,
        state.data().config().strategyTemplate(), state.data().tradeRealizedPnl(), mark.maxLoss(), mark.paper(),
        state.data().lastOutcome() == null ? transitions.now() : state.data().lastOutcome().at(), allocatorAcks)));
  }

  /**
   * Tells the fleet where the bot is. A bot that is anywhere but IDLE holds something the fleet must
   * wake it for after a restart: a position, an order, a review or an approval deadline.
   */
  private void reportStatus(BotState state) {
    links.fleet().ifPresent(fleet -> fleet.tell(new Fleet.BotStatusChanged(botId, state.phase(),
        holds(state), transitions.now())));
  }

  private static boolean holds(BotState state) {
    return !(state instanceof BotState.New) && !(state instanceof BotState.Idle && state.data().isFlat());
  }

  private void requestAcknowledgement(Order order) {
    try (var mdc = OrderMdc.of(order.clientOrderId())) {
      context.getLog().info("Order {} intended: asking the risk guardian to acknowledge it", order.clientOrderId());
    }
    guardian.tell(new RiskGuardian.AcknowledgeOrder(order, orderReports));
  }

  /**
   * The protective orders resting at the venue, on the retry timer and on recovery: one not yet acknowledged is asked
   * for again (the guardian answers a repeated id with the same acknowledgement), one being cancelled is cancelled
   * again, and one resting is queried: its venue reports go to the bot that placed it, which may be an earlier
   * incarnation (a restart, a hand-off), so a stop that filled meanwhile is learnt here.
   */
  private void askAboutProtection(BotState s) {
    if (s.data() == null) return;
    for (ProtectiveOrder p : s.data().protection()) {
      if (!p.protects()) {
        tellVenue(p.order(), new Venue.CancelOrder(p.clientOrderId(), p.cancelling(), orderReports));
      } else if (!p.accepted()) {
        requestAcknowledgement(p.order());
      } else {
        tellVenue(p.order(), new Venue.QueryOrder(p.clientOrderId(), orderReports));
      }
    }
  }

  /**
   * A query or cancel goes to the venue {@code order} names. A venue this node does not know is an explicit
   * failure, never silence: logged on the alert logger, published as a venue refusal, and reported to the bot
   * itself as a rejection (the guardian, with the same directory, rejects such an order before any venue sees
   * it), so the bot settles the order as failed instead of waiting on it for good.
   */
  private void tellVenue(Order order, Venue.Command command) {
    var venue = links.venues().venue(order.venue());
    if (venue.isPresent()) {
      venue.get().tell(command);
      return;
    }
    String reason = "unknown venue " + order.venue() + ": no venue of that name on this node, so the order can be"
        + " neither queried nor cancelled";
    try (var mdc = OrderMdc.of(order.clientOrderId())) {
      ALERTS.error("Order {}: {}", order.clientOrderId(), reason);
    }
    Alerts.publish(context.getSystem(), new Alert.VenueRefused(order.venue(),
        order.clientOrderId(), reason, transitions.now()));
    orderReports.tell(new OrderReport.Rejected(order.clientOrderId(), reason));
  }

  private static WorkingOrder workingFor(BotState s, ClientOrderId id) {
    if (s instanceof BotState.WithOrder w && w.working() != null && w.working().order().clientOrderId().equals(id)) {
      return w.working();
    }
    return null;
  }

  /** Timers follow the state, so they are recomputed from persisted time after any restart. */
  private void syncTimers(BotState state) {
    boolean waiting = state instanceof BotState.RiskCheck || state instanceof BotState.WithOrder
        || state.data() != null && !state.data().protection().isEmpty() || transitions.protectionMissing(state);
    if (waiting && !timers.isTimerActive(RETRY_TIMER)) {
      timers.startTimerWithFixedDelay(RETRY_TIMER, new BotMessages.RetryPending("waiting in " + state.phase()), settings.retryInterval());
    } else if (!waiting) {
      timers.cancel(RETRY_TIMER);
    }
    if (state instanceof BotState.AwaitingApproval a) {
      Duration left = Duration.between(transitions.now(), a.deadline());
      timers.startSingleTimer(DEADLINE_TIMER, new BotMessages.ApprovalDeadline(a.proposal().reviewId()),
          left.isNegative() ? Duration.ZERO : left);
    } else {
      timers.cancel(DEADLINE_TIMER);
    }
    if (state instanceof BotState.Executing ex && ex.limitDeadline() != null && ex.cancelling() == null && ex.working() != null) {
      Duration left = Duration.between(transitions.now(), ex.limitDeadline());
      timers.startSingleTimer(ENTRY_TIMEOUT_TIMER, new BotMessages.EntryTimeout(ex.working().order().clientOrderId()),
          left.isNegative() ? Duration.ZERO : left);
    } else {
      timers.cancel(ENTRY_TIMEOUT_TIMER);
    }
  }

  // ---------------------------------------------------------------- events

  @Override
  public EventHandler<BotState, BotEvent> eventHandler() {
    EventHandlerBuilder<BotState, BotEvent> b = newEventHandlerBuilder();
    b.forStateType(BotState.New.class).onEvent(BotEvent.BotCreated.class, BotState.New::create);
    b.forStateType(BotState.Idle.class).onEvent(BotEvent.SignalIngested.class, (s, e) -> s.receive(e.signal()));
    b.forStateType(BotState.Monitoring.class).onEvent(BotEvent.SignalIngested.class, (s, e) -> s.adjust(e.signal()));
    b.forStateType(BotState.SignalReceived.class)
        .onEvent(BotEvent.RiskCheckStarted.class, (s, e) -> s.startRiskCheck(e.proposal(), e.at()));
    b.forStateType(BotState.RiskCheck.class)
        .onEvent(BotEvent.RiskRejected.class, BotState.RiskCheck::reject)
        .onEvent(BotEvent.ApprovalRequested.class, BotState.RiskCheck::awaitApproval)
        .onEvent(BotEvent.ExecutionApproved.class, BotState.RiskCheck::execute);
    b.forStateType(BotState.AwaitingApproval.class)
        .onEvent(BotEvent.ExecutionApproved.class, BotState.AwaitingApproval::execute)
        .onEvent(BotEvent.TradeCancelled.class, BotState.AwaitingApproval::cancel);
    b.forStateType(BotState.Executing.class)
        .onEvent(BotEvent.OrderFailed.class, (s, e) -> s.fail(e.reason()))
        .onEvent(BotEvent.EntryCancelling.class, BotState.Executing::cancelEntry);
    b.forStateType(BotState.Closing.class).onEvent(BotEvent.ClosingOrderFailed.class, (s, e) -> s.orderFailed());
    b.forStateType(BotState.Reducing.class).onEvent(BotEvent.ClosingOrderFailed.class, (s, e) -> s.makeRoom());
    b.forStateType(BotState.Monitoring.class).onEvent(BotEvent.ReductionStarted.class, BotState.Monitoring::reduce);
    b.forAnyState()
        .onEvent(BotEvent.OrderIntended.class, (s, e) -> s.intend(e.order()))
        .onEvent(BotEvent.OrderAccepted.class, (s, e) -> s.data().protective(e.clientOrderId()) != null
            ? s.withData(s.data().withProtectiveUpdated(e.clientOrderId(), ProtectiveOrder::asAccepted))
            : s.markAccepted())
        .onEvent(BotEvent.ProtectionIntended.class,
            (s, e) -> s.withData(s.data().withProtective(ProtectiveOrder.intended(e.order(), e.role()))))
        .onEvent(BotEvent.ProtectionCancelling.class,
            (s, e) -> s.withData(s.data().withProtectiveUpdated(e.clientOrderId(), p -> p.asCancelling(e.reason()))))
        .onEvent(BotEvent.ProtectionSettled.class, (s, e) -> s.withData(s.data().withoutProtective(e.clientOrderId())))
        .onEvent(BotEvent.FillApplied.class, (s, e) -> s.applyFill(e.fill()))
        .onEvent(BotEvent.PositionReconciled.class, (s, e) -> s.withData(s.data().withPosition(e.after())))
        .onEvent(BotEvent.EnteredMonitoring.class, BotState::toMonitoring)
        .onEvent(BotEvent.ClosingStarted.class, BotState::toClosing)
        .onEvent(BotEvent.ReturnedToIdle.class, BotState::toIdle)
        .onEvent(BotEvent.Paused.class, (s, e) -> s.withData(s.data().withPaused(true)))
        .onEvent(BotEvent.Resumed.class, (s, e) -> s.withData(s.data().withPaused(false)))
        .onEvent(BotEvent.Reconfigured.class, (s, e) -> s.withData(s.data().reconfigured(e.config(), e.deferred())));
    return b.build();
  }

  // ---------------------------------------------------------------- recovery

  @Override
  public SignalHandler<BotState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
  }

  /** Before anything new: re-ask the guardian for a pending review, and the venue about a pending order. */
  private void onRecovered(BotState state) {
    if (state instanceof BotState.RiskCheck rc) {
      guardian.tell(new RiskGuardian.ReviewTrade(rc.proposal(), reviewReplies));
    } else if (state instanceof BotState.WithOrder w && w.working() != null) {
      try (var mdc = OrderMdc.of(w.working().order().clientOrderId())) {
        context.getLog().info("Recovered with order {} unresolved: reconciling with the venue", w.working().order().clientOrderId());
      }
      var id = w.working().order().clientOrderId();
      tellVenue(w.working().order(), state instanceof BotState.Executing ex && ex.cancelling() != null
          ? new Venue.CancelOrder(id, ex.cancelling(), orderReports) // the time-out passed before the crash
          : new Venue.QueryOrder(id, orderReports));
    }
    askAboutProtection(state);
    if (state instanceof BotState.Idle idle && idle.data().lastOutcome() != null
        && idle.data().lastOutcome().phase() == Phase.CLOSING) {
      recordOutcome(state); // in case the crash came between the close and telling the allocator
    }
    reportStatus(state);
    syncTimers(state);
  }

  private boolean needsReply(Bot.Command c) {
    return replyToOf(c) != null;
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Ack> replyToOf(Bot.Command c) {
    if (c instanceof Bot.IngestSignal x) return x.replyTo();
    if (c instanceof Bot.Approve x) return x.replyTo();
    if (c instanceof Bot.Reject x) return x.replyTo();
    if (c instanceof Bot.ClosePosition x) return x.replyTo();
    if (c instanceof Bot.Pause x) return x.replyTo();
    if (c instanceof Bot.Resume x) return x.replyTo();
    if (c instanceof Bot.Create x) return x.replyTo();
    if (c instanceof Bot.ReducePosition x) return x.replyTo();
    if (c instanceof Bot.Reconfigure x) return x.replyTo();
    return null;
  }

}
