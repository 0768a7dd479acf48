package io.dorado.actors.orderpath.venue;

import io.dorado.actors.CrashPoint;
import io.dorado.actors.alert.Alerts;
import io.dorado.actors.logging.OrderMdc;
import io.dorado.actors.metrics.FleetMetrics;
import io.dorado.actors.orderpath.WriteBatch;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.Venue.AdapterFailed;
import io.dorado.protocol.venue.Venue.AdapterReported;
import io.dorado.protocol.venue.Venue.CancelAnswered;
import io.dorado.protocol.venue.Venue.CancelOrder;
import io.dorado.protocol.venue.Venue.Flush;
import io.dorado.protocol.venue.Venue.ForgetSettled;
import io.dorado.protocol.venue.Venue.GetOrders;
import io.dorado.protocol.venue.Venue.MarketPrice;
import io.dorado.protocol.venue.Venue.QueryOrder;
import io.dorado.protocol.venue.Venue.RetryReconcile;
import io.dorado.protocol.venue.Venue.Submit;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One venue account (step 6 of the order path). Sends only acknowledged orders whose guardian
 * signature, expiry and venue check out; deduplicates by client order id; persists {@code Submitted}
 * before it calls the adapter; reports fills, cancels and rejections to the submitting bot and to the
 * guardian. After a restart it reconciles every unresolved order with the adapter (by client order id)
 * before it sends anything new: an order the venue has is only caught up on, never sent again; an
 * order the venue never saw is sent then (if its acknowledgement is still valid).
 *
 * <p>Settled orders are forgotten when the risk guardian says it forgot them ({@link ForgetSettled}; see
 * {@link VenueState}), not while reconciling.
 *
 * <p>Writes are batched as in the risk guardian: decisions are made against the state plus everything
 * decided but not yet written ({@link #current}); a {@link Flush} writes them in one journal write and
 * only then sends, reports and replies. One account serves every bot, so under load each write carries
 * everything that arrived during the previous one instead of one order per write.
 *
 * <pre>{@code
 * var settings = VenueSettings.fromConfig("paper-main", system.settings().config());
 * var venue = system.systemActorOf(
 *     VenueActor.create(settings, PaperVenue.fromConfig(config), guardianReports), "venue-paper-main", Props.empty());
 * venue.tell(new Venue.Submit(signedAck, botReports));
 * }</pre>
 */
public final class VenueActor extends EventSourcedBehaviorWithEnforcedReplies<Venue.Command, VenueEvent, VenueState> {

  /** Alerts go to this logger (at ERROR) as well as to the guardian. */
  public static final String ALERT_LOGGER = "dorado.alert.venue";

  private static final Logger ALERTS = LoggerFactory.getLogger(ALERT_LOGGER);

  private final ActorContext<Venue.Command> context;
  private final TimerScheduler<Venue.Command> timers;
  private final VenueSettings settings;
  private final VenueAdapter adapter;
  private final ActorRef<OrderReport> guardian;
  /** Orders being reconciled after recovery; new submissions and cancels wait until it is empty. */
  private final Set<ClientOrderId> reconciling = new HashSet<>();
  /**
   * Orders this incarnation has asked the adapter to place and not yet heard back about. A query may find
   * such an order UNKNOWN (an answer overtaken by the send, or an earlier incarnation's query answered
   * late): that is no reason to send it again, the place's own answer will say.
   */
  private final Set<ClientOrderId> placing = new HashSet<>();
  /** Decided, not yet written: events in order, and what to do once they are written. */
  private final WriteBatch<VenueEvent, VenueState> batch = new WriteBatch<>(VenueState::apply);

  private VenueActor(
      ActorContext<Venue.Command> context,
      TimerScheduler<Venue.Command> timers,
      VenueSettings settings,
      VenueAdapter adapter,
      ActorRef<OrderReport> guardian) {
    super(
        persistenceId(settings.venueId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.adapter = adapter;
    this.guardian = guardian;
    ActorRef<Venue.Command> self = context.getSelf();
    adapter.connect(report -> self.tell(new AdapterReported(report)));
  }

  /**
   * @param adapter the venue behind this account ({@link PaperVenue} by default)
   * @param guardian receives every fill, rejection and cancel (and refusal alerts) of this account
   */
  public static Behavior<Venue.Command> create(
      VenueSettings settings, VenueAdapter adapter, ActorRef<OrderReport> guardian) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new VenueActor(context, timers, settings, adapter, guardian)));
  }

  public static PersistenceId persistenceId(String venueId) {
    return PersistenceId.of("Venue", venueId);
  }

  @Override
  public VenueState emptyState() {
    return VenueState.empty(settings.venueId());
  }

  /**
   * A snapshot holds the orders of the last settled retention (one day by default) and the working ones,
   * plus a sequence per bot below which every id is closed for good: settled orders are forgotten once
   * the guardian has forgotten them ({@link VenueEvent.SettledForgotten}), so its size follows the account's
   * recent activity, not its whole life. A forgotten id is still never sent twice: the state refuses any id at
   * or below its bot's forgotten sequence. Every 1,000 events, not 100 (P1's profile showed snapshot
   * serialization at about a tenth of the node's CPU with 100); a recovery replays at most 1,000 small events.
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1_000, 2);
  }

  @Override
  public SignalHandler<VenueState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::reconcileAfterRecovery).build();
  }

  @Override
  public EventHandler<VenueState, VenueEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(VenueState::apply);
  }

  @Override
  public CommandHandlerWithReply<Venue.Command, VenueEvent, VenueState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        // Answered from the written state: an order decided but not yet written is not there yet.
        .onCommand(QueryOrder.class, (state, c) -> afterPending(state, s -> c.reportTo().tell(s.statusOf(c.clientOrderId()))))
        .onCommand(CancelOrder.class, this::onCancel)
        .onCommand(MarketPrice.class, this::onMarketPrice)
        .onCommand(GetOrders.class, (state, c) -> afterPending(state, s -> c.replyTo().tell(s)))
        .onCommand(Flush.class, (state, c) -> flush(false))
        // Hand-off or shutdown: handled after the write in flight (stashed meanwhile); writes what is pending, then stops.
        .onCommand(Venue.Stop.class, (state, c) -> flush(true))
        .onCommand(AdapterReported.class, this::onAdapterReported)
        .onCommand(Venue.PlaceAnswered.class, (state, c) -> {
          placing.remove(c.clientOrderId());
          return onAdapterReported(state, new AdapterReported(c.report()));
        })
        .onCommand(AdapterFailed.class, this::onAdapterFailed)
        .onCommand(CancelAnswered.class, this::onCancelAnswered)
        .onCommand(RetryReconcile.class, this::onRetryReconcile)
        .onCommand(ForgetSettled.class, this::onForgetSettled)
        .onCommand(Venue.ForgottenThrough.class, this::onForgottenThrough)
        .onCommand(Venue.OptionInputs.class, (state, c) -> {
          try {
            adapter.onOptionInputs(c);
          } catch (RuntimeException e) {
            context.getLog().warn("the venue adapter failed on option inputs of {}: {}", c.underlying(), describe(e));
          }
          return Effect().noReply();
        })
        .build();
  }

  // --- submissions -------------------------------------------------------------------------------

  private ReplyEffect<VenueEvent, VenueState> onSubmit(VenueState written, Submit c) {
    if (reconcilingNow()) return Effect().stash(); // nothing new goes out before reconciliation ends
    long received = System.nanoTime();
    VenueState state = current(written);
    Instant now = settings.now();
    if (c.ack() == null) {
      alert("a submission without an acknowledgement was refused", null);
      return Effect().noReply(); // no client order id to report on; the alert is all there is
    }
    ClientOrderId id = c.ack().clientOrderId();
    Optional<VenueOrder> known = state.find(id);
    if (known.isPresent()) {
      if (!known.get().order().equals(c.ack().order())) {
        alert("client order id " + id + " was submitted again with different fields; nothing was sent", id);
      }
      try (var mdc = OrderMdc.of(id)) {
        context.getLog().info("{} was submitted before ({}): answering its status, sending nothing",
            id, known.get().status());
      }
      return decide(written, List.of(), s -> c.reportTo().tell(s.find(id).orElse(known.get()).toStatus()));
    }
    Optional<String> cancelled = state.cancelledBeforeArrival(id);
    if (cancelled.isPresent()) {
      String reason = "cancelled before it arrived (" + cancelled.get() + "); not sent";
      try (var mdc = OrderMdc.of(id)) {
        context.getLog().info("{} was cancelled before its submission arrived: refusing it", id);
      }
      return decide(written, List.of(new VenueEvent.Refused(settings.venueId(), id, c.ack().ackId(), reason, now)), s -> {
        tellGuardian(new OrderReport.Rejected(id, reason));
        c.reportTo().tell(new OrderReport.Rejected(id, reason));
      });
    }
    // An id settled and forgotten is closed for good, even under a fresh, valid acknowledgement.
    Optional<String> problem = state.forgotten(id)
        ? Optional.of(state.forgottenReason(id))
        : settings.problemWith(c.ack(), now);
    if (problem.isPresent()) {
      String reason = "refused by venue " + settings.venueId() + ": " + problem.get();
      var refused = new VenueEvent.Refused(settings.venueId(), id, c.ack().ackId(), problem.get(), now);
      // A forgotten id may well have filled: FORGOTTEN, not "rejected" (which says nothing filled).
      OrderReport report = state.forgotten(id) ? state.statusOf(id) : new OrderReport.Rejected(id, reason);
      return decide(written, List.of(refused), s -> {
        alert(reason + " (ack " + c.ack().ackId() + ")", id);
        tellGuardian(report);
        c.reportTo().tell(report);
      });
    }
    return decide(written, List.of(new VenueEvent.Submitted(settings.venueId(), c.ack(), c.reportTo(), now)),
        s -> send(c.ack().order(), received));
  }

  /**
   * Calls the adapter; only ever after {@code Submitted} is in the journal. The send latency runs from
   * {@code since} (the submission's arrival, {@link System#nanoTime()}) to the venue's answer.
   */
  private void send(Order order, long since) {
    CrashPoint.SUBMITTED.reached();
    ClientOrderId id = order.clientOrderId();
    try (var mdc = OrderMdc.of(id)) {
      context.getLog().info("sending {} {} {} {} to {}", id, order.side(), order.quantity(), order.symbol(),
          settings.venueId());
    }
    String venueId = settings.venueId();
    placing.add(id);
    context.pipeToSelf(
        withTimeout(() -> adapter.place(order)),
        (report, failure) -> {
          if (failure != null) return new AdapterFailed(id, "place", describe(failure));
          FleetMetrics.venueSent(venueId, System.nanoTime() - since);
          return new Venue.PlaceAnswered(id, report);
        });
    CrashPoint.ADAPTER_CALLED.reached();
  }

  // --- cancels, prices ---------------------------------------------------------------------------

  private ReplyEffect<VenueEvent, VenueState> onCancel(VenueState written, CancelOrder c) {
    if (reconcilingNow()) return Effect().stash();
    VenueState state = current(written);
    Optional<VenueOrder> known = state.find(c.clientOrderId());
    String reason = c.reason() == null || c.reason().isBlank() ? "cancel requested" : c.reason();
    if (known.isEmpty() && state.cancelledBeforeArrival(c.clientOrderId()).isEmpty() && !state.forgotten(c.clientOrderId())) {
      // The cancel overtook its submission (or the submission was lost): remember it, so the submission is refused.
      return decide(written,
          List.of(new VenueEvent.CancelledBeforeArrival(settings.venueId(), c.clientOrderId(), reason, settings.now())),
          s -> c.reportTo().tell(s.statusOf(c.clientOrderId())));
    }
    if (known.isEmpty() || known.get().isTerminal()) {
      return afterPending(written, s -> c.reportTo().tell(s.statusOf(c.clientOrderId())));
    }
    return decide(written, List.of(new VenueEvent.CancelRequested(settings.venueId(), c.clientOrderId(), reason, settings.now())),
        s -> sendCancel(c.clientOrderId(), reason, c.reportTo()));
  }

  private void sendCancel(ClientOrderId id, String reason, ActorRef<OrderReport> requester) {
    context.pipeToSelf(
        withTimeout(() -> adapter.cancel(id, reason)),
        (report, failure) -> failure == null ? new CancelAnswered(report, requester) : new AdapterFailed(id, "cancel", describe(failure)));
  }

  private ReplyEffect<VenueEvent, VenueState> onMarketPrice(VenueState state, MarketPrice c) {
    try {
      adapter.onMarketPrice(c);
    } catch (RuntimeException e) {
      context.getLog().warn("the venue adapter failed on a price of {}: {}", c.symbol(), describe(e));
    }
    return Effect().noReply();
  }

  // --- what the adapter tells us ----------------------------------------------------------------

  private ReplyEffect<VenueEvent, VenueState> onAdapterReported(VenueState written, AdapterReported c) {
    OrderReport report = c.report();
    Optional<VenueOrder> known = current(written).find(report.clientOrderId());
    if (known.isEmpty()) {
      boolean forgotten = current(written).forgotten(report.clientOrderId());
      alert("the venue reported on " + report.clientOrderId() + ", which this account "
          + (forgotten ? "settled and forgot" : "never sent") + ": " + report, report.clientOrderId());
      return Effect().noReply();
    }
    VenueOrder order = known.get();
    boolean reconciled = report instanceof OrderReport.Status && reconciling.remove(order.clientOrderId());
    if (report instanceof OrderReport.Status status) {
      timers.cancel(order.clientOrderId());
      return reconcile(written, order, status, reconciled && reconciling.isEmpty());
    }
    if (report instanceof OrderReport.Cancelled x && !order.isTerminal() && order.missesFillsOf(x)) {
      askForFills(order, x);
      return Effect().noReply();
    }
    return persistAndReport(written, order, eventsFor(order, report), s -> {}, false);
  }

  /**
   * A cancel counted fills this account has not recorded (their reports are still queued): the order is
   * not closed on it but on the venue's status, which lists every fill ({@link #reconcile}).
   */
  private void askForFills(VenueOrder order, OrderReport.Cancelled cancelled) {
    try (var mdc = OrderMdc.of(order.clientOrderId())) {
      context.getLog().info("{} cancelled with {} filled, {} recorded: asking the venue for its fills before closing it",
          order.clientOrderId(), cancelled.filledQuantity(), order.filledQuantity());
    }
    query(order.clientOrderId());
  }

  private ReplyEffect<VenueEvent, VenueState> onCancelAnswered(VenueState written, CancelAnswered c) {
    Optional<VenueOrder> known = current(written).find(c.report().clientOrderId());
    if (known.isEmpty()) return afterPending(written, s -> c.requester().tell(s.statusOf(c.report().clientOrderId())));
    VenueOrder order = known.get();
    if (c.report() instanceof OrderReport.Cancelled x && !order.isTerminal() && order.missesFillsOf(x)) {
      askForFills(order, x); // the close goes to the bot and the guardian once the fills are in
      return afterPending(written, s -> c.requester().tell(s.find(order.clientOrderId()).orElse(order).toStatus()));
    }
    List<VenueEvent> events = eventsFor(order, c.report());
    return persistAndReport(written, order, events, s -> {
          VenueOrder after = s.find(order.clientOrderId()).orElse(order);
          boolean botHeardCancel = !events.isEmpty() && after.status() == OrderStatus.CANCELLED
              && c.requester().equals(order.reportTo());
          if (botHeardCancel) return;
          if (after.status() == OrderStatus.CANCELLED && c.report() instanceof OrderReport.Cancelled cancelled) {
            c.requester().tell(new OrderReport.Cancelled(order.clientOrderId(), after.filledQuantity(), cancelled.reason()));
          } else {
            c.requester().tell(after.toStatus());
          }
        }, false);
  }

  private ReplyEffect<VenueEvent, VenueState> onAdapterFailed(VenueState state, AdapterFailed c) {
    if (c.operation().equals("place")) placing.remove(c.clientOrderId());
    context.getLog().warn("venue {}: {} of {} failed ({}); asking the venue again in {}", settings.venueId(),
        c.operation(), c.clientOrderId(), c.error(), settings.reconcileRetry());
    timers.startSingleTimer(c.clientOrderId(), new RetryReconcile(c.clientOrderId()), settings.reconcileRetry());
    return Effect().noReply();
  }

  private ReplyEffect<VenueEvent, VenueState> onRetryReconcile(VenueState written, RetryReconcile c) {
    Optional<VenueOrder> known = current(written).find(c.clientOrderId());
    if (known.isEmpty() || known.get().isTerminal()) {
      boolean last = reconciling.remove(c.clientOrderId()) && reconciling.isEmpty();
      return last ? Effect().noReply().thenUnstashAll() : Effect().noReply();
    }
    query(c.clientOrderId());
    return Effect().noReply();
  }

  private void query(ClientOrderId id) {
    context.pipeToSelf(
        withTimeout(() -> adapter.query(id)),
        (status, failure) -> failure == null ? new AdapterReported(status) : new AdapterFailed(id, "query", describe(failure)));
  }

  // --- forgetting settled orders -----------------------------------------------------------------

  /**
   * Forgets those of the guardian's forgotten orders this account holds as settled, through the batch
   * like any other decision; written only when something would go. Waits while orders are reconciled
   * after recovery.
   */
  private ReplyEffect<VenueEvent, VenueState> onForgetSettled(VenueState written, ForgetSettled c) {
    if (reconcilingNow()) return Effect().stash();
    List<ClientOrderId> going = current(written).forgettable(c.ids());
    if (going.isEmpty()) return Effect().noReply();
    return decide(written, List.of(new VenueEvent.SettledForgotten(settings.venueId(), c.before(), going, settings.now())),
        s -> context.getLog().info("venue {} forgot {} settled order(s) the guardian forgot; {} order(s) kept",
            settings.venueId(), going.size(), s.orders().size()));
  }

  /**
   * The guardian's periodic "forgotten through" sync: forgets the settled orders at or below each bot's mark
   * that the guardian no longer holds, so a lost {@link ForgetSettled} leaves nothing behind for good.
   */
  private ReplyEffect<VenueEvent, VenueState> onForgottenThrough(VenueState written, Venue.ForgottenThrough c) {
    if (reconcilingNow()) return Effect().stash();
    List<ClientOrderId> going = current(written).forgettableThrough(c.through(), c.kept());
    if (going.isEmpty()) return Effect().noReply();
    return decide(written, List.of(new VenueEvent.SettledForgotten(settings.venueId(), c.before(), going, settings.now())),
        s -> context.getLog().info("venue {} forgot {} settled order(s) the guardian had forgotten before (its message"
            + " lost); {} order(s) kept", settings.venueId(), going.size(), s.orders().size()));
  }

  // --- reconciliation ----------------------------------------------------------------------------

  private void reconcileAfterRecovery(VenueState state) {
    List<VenueOrder> unresolved = state.unresolved();
    if (unresolved.isEmpty()) return;
    context.getLog().info("venue {} recovered with {} unresolved order(s); reconciling before sending anything new",
        settings.venueId(), unresolved.size());
    unresolved.forEach(o -> reconciling.add(o.clientOrderId()));
    unresolved.forEach(o -> query(o.clientOrderId()));
  }

  /**
   * Brings one order in line with what the venue says. UNKNOWN means the venue never received it:
   * an order we never saw placed is sent now (first arrival, not a repeat) unless its ack expired or
   * a cancel was asked for; a placed order the venue has lost is closed and alerted. Otherwise fills
   * we missed are recorded and a terminal status adopted. A pending cancel is sent again.
   */
  private ReplyEffect<VenueEvent, VenueState> reconcile(
      VenueState written, VenueOrder order, OrderReport.Status status, boolean unstash) {
    ClientOrderId id = order.clientOrderId();
    Instant now = settings.now();
    List<VenueEvent> events = new ArrayList<>();
    boolean resend = false;
    boolean recancel = false;
    if (order.isTerminal()) {
      events.addAll(missedFills(order, status.fills(), now));
    } else if (status.status() == OrderStatus.UNKNOWN) {
      if (order.isPlaced()) {
        alert("venue " + settings.venueId() + " has no record of working order " + id + "; closing it as lost", id);
        events.add(closed(id, OrderStatus.CANCELLED, "the venue has no record of this working order", now));
      } else if (order.cancelRequested()) {
        events.add(closed(id, OrderStatus.CANCELLED, "cancelled before it reached the venue", now));
      } else if (placing.contains(id)) {
        // Sent by this incarnation, not yet answered: its answer decides, not this older view of the venue.
      } else if (order.ack().isExpiredAt(now)) {
        events.add(closed(id, OrderStatus.REJECTED,
            "the acknowledgement expired (" + order.ack().expiresAt() + ") before the order reached the venue; not sent",
            now));
      } else {
        resend = true;
      }
    } else {
      if (!order.isPlaced() && status.status() != OrderStatus.REJECTED) {
        events.add(new VenueEvent.Placed(settings.venueId(), id, null, now));
      }
      events.addAll(missedFills(order, status.fills(), now));
      if (status.status() == OrderStatus.CANCELLED || status.status() == OrderStatus.REJECTED) {
        events.add(closed(id, status.status(), status.reason() == null ? "reported by the venue" : status.reason(), now));
      } else if (order.cancelRequested()) {
        recancel = status.status() != OrderStatus.FILLED;
      }
    }
    boolean send = resend;
    boolean cancelAgain = recancel;
    if (send) {
      try (var mdc = OrderMdc.of(id)) {
        context.getLog().info("venue {} never received {}: sending it now", settings.venueId(), id);
      }
    }
    long since = System.nanoTime();
    return persistAndReport(written, order, events, s -> {
      if (send) send(order.order(), since);
      if (cancelAgain) sendCancel(id, order.reason(), order.reportTo());
    }, unstash);
  }

  private List<VenueEvent> missedFills(VenueOrder order, List<Fill> fills, Instant now) {
    List<VenueEvent> events = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Fill fill : fills) {
      if (order.hasFill(fill.fillId()) || !seen.add(fill.fillId())) continue;
      events.add(new VenueEvent.FillRecorded(settings.venueId(), order.clientOrderId(), fill, now));
    }
    return events;
  }

  /** The events an execution report means for {@code order}: nothing twice, nothing backwards. */
  private List<VenueEvent> eventsFor(VenueOrder order, OrderReport report) {
    Instant now = settings.now();
    ClientOrderId id = order.clientOrderId();
    List<VenueEvent> events = new ArrayList<>();
    if (report instanceof OrderReport.Accepted a) {
      if (!order.isPlaced()) events.add(new VenueEvent.Placed(settings.venueId(), id, a.venueOrderId(), now));
    } else if (report instanceof OrderReport.Filled f) {
      if (!order.hasFill(f.fill().fillId())) {
        if (!order.isPlaced()) events.add(new VenueEvent.Placed(settings.venueId(), id, null, now));
        events.add(new VenueEvent.FillRecorded(settings.venueId(), id, f.fill(), now));
      }
    } else if (report instanceof OrderReport.Rejected r) {
      if (!order.isTerminal()) events.add(closed(id, OrderStatus.REJECTED, r.reason(), now));
    } else if (report instanceof OrderReport.Cancelled x) {
      if (!order.isTerminal()) events.add(closed(id, OrderStatus.CANCELLED, x.reason(), now));
    } else if (report instanceof OrderReport.Status s) {
      // a cancel answered with a status: the order could not be cancelled; catch up with it
      if (!order.isPlaced() && s.status() != OrderStatus.UNKNOWN && s.status() != OrderStatus.REJECTED) {
        events.add(new VenueEvent.Placed(settings.venueId(), id, null, now));
      }
      events.addAll(missedFills(order, s.fills(), now));
      if ((s.status() == OrderStatus.CANCELLED || s.status() == OrderStatus.REJECTED) && !order.isTerminal()) {
        events.add(closed(id, s.status(), s.reason(), now));
      }
    } else {
      context.getLog().warn("venue {} ignores an unexpected report from its adapter: {}", settings.venueId(), report);
    }
    return events;
  }

  private VenueEvent.Closed closed(ClientOrderId id, OrderStatus status, String reason, Instant now) {
    return new VenueEvent.Closed(settings.venueId(), id, status, reason, now);
  }

  /**
   * Persists {@code events} (if any), then tells the bot and the guardian what they mean, then runs
   * {@code after}; {@code unstash}: reconciliation is over once they are written.
   */
  private ReplyEffect<VenueEvent, VenueState> persistAndReport(
      VenueState written, VenueOrder before, List<VenueEvent> events, Consumer<VenueState> after, boolean unstash) {
    if (events.isEmpty() && batch.isEmpty()) {
      after.accept(written);
      return unstash ? Effect().noReply().thenUnstashAll() : Effect().noReply();
    }
    if (unstash) batch.unstashAfterWrite(); // reconciliation is over once this batch is written
    return decide(written, events, s -> {
      reportAll(before, events);
      after.accept(s);
    });
  }

  // --- batching ----------------------------------------------------------------------------------

  /** The state as it will be once everything pending is written: decisions are made on it. */
  private VenueState current(VenueState written) {
    return batch.current(written);
  }

  /** New submissions and cancels wait while orders are reconciled, and until the end of it is written. */
  private boolean reconcilingNow() {
    return !reconciling.isEmpty() || batch.unstashPending();
  }

  /** Queues {@code events} for the next write and {@code then} for after it; the first one asks for the write. */
  private ReplyEffect<VenueEvent, VenueState> decide(VenueState written, List<VenueEvent> events, Consumer<VenueState> then) {
    if (batch.add(written, events, then)) context.getSelf().tell(new Flush(0));
    return Effect().noReply();
  }

  /** Runs {@code then} on the written state once everything decided before it is written. */
  private ReplyEffect<VenueEvent, VenueState> afterPending(VenueState written, Consumer<VenueState> then) {
    if (!batch.isEmpty()) return decide(written, List.of(), then);
    then.accept(written);
    return Effect().noReply();
  }

  private ReplyEffect<VenueEvent, VenueState> flush(boolean thenStop) {
    if (batch.isEmpty()) return thenStop ? Effect().stop().thenNoReply() : Effect().noReply();
    WriteBatch.Batch<VenueEvent, VenueState> taken = batch.take();
    EffectBuilder<VenueEvent, VenueState> effect = taken.events().isEmpty() ? Effect().none() : Effect().persist(taken.events());
    effect = effect.thenRun(taken::runEffects);
    if (thenStop) return effect.thenStop().thenNoReply();
    ReplyEffect<VenueEvent, VenueState> reply = effect.thenNoReply();
    return taken.unstash() ? reply.thenUnstashAll() : reply;
  }

  private void reportAll(VenueOrder before, List<VenueEvent> events) {
    ClientOrderId id = before.clientOrderId();
    BigDecimal cumulative = before.filledQuantity();
    BigDecimal quantity = before.order().fillQuantity(); // a combo: every leg's units
    for (VenueEvent event : events) {
      if (event instanceof VenueEvent.Placed p) {
        tellBot(before, new OrderReport.Accepted(id, p.venueOrderId()));
      } else if (event instanceof VenueEvent.FillRecorded f) {
        CrashPoint.VENUE_FILL_WRITTEN.reached();
        cumulative = cumulative.add(f.fill().quantity());
        FleetMetrics.fill(settings.venueId());
        try (var mdc = OrderMdc.of(id)) {
          context.getLog().info("{} filled {} at {} ({} of {})", id, f.fill().quantity(), f.fill().price(), cumulative, quantity);
        }
        var filled = new OrderReport.Filled(id, f.fill(), cumulative, cumulative.compareTo(quantity) >= 0);
        tellBot(before, filled);
        tellGuardian(filled);
      } else if (event instanceof VenueEvent.Closed c) {
        OrderReport report = c.status() == OrderStatus.REJECTED
            ? new OrderReport.Rejected(id, c.reason())
            : new OrderReport.Cancelled(id, cumulative, c.reason());
        tellBot(before, report);
        tellGuardian(report);
      }
    }
  }

  // --- small helpers -----------------------------------------------------------------------------

  private void tellBot(VenueOrder order, OrderReport report) {
    if (order.reportTo() != null) order.reportTo().tell(report);
  }

  private void tellGuardian(OrderReport report) {
    if (guardian != null) guardian.tell(report);
  }

  private void alert(String message, ClientOrderId id) {
    if (id == null) {
      ALERTS.error("ALERT venue {}: {}", settings.venueId(), message);
    } else {
      try (var mdc = OrderMdc.of(id)) {
        ALERTS.error("ALERT venue {} order {}: {}", settings.venueId(), id, message);
      }
    }
    Alerts.publish(context.getSystem(), new Alert.VenueRefused(settings.venueId(), id, message, settings.now()));
  }

  /** Runs an adapter call: a synchronous throw or a slow answer becomes a failed stage. */
  private <T> CompletionStage<T> withTimeout(Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (stage == null) return CompletableFuture.failedFuture(new IllegalStateException("the adapter returned no answer"));
    var copy = new CompletableFuture<T>();
    stage.whenComplete((value, failure) -> {
      if (failure != null) copy.completeExceptionally(failure);
      else copy.complete(value);
    });
    return copy.orTimeout(settings.adapterTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
