package io.dorado.actors.orderpath.venue;

import io.dorado.actors.CrashPoint;
import io.dorado.actors.alert.Alerts;
import io.dorado.actors.logging.OrderMdc;
import io.dorado.actors.metrics.FleetMetrics;
import io.dorado.actors.orderpath.WriteBatch;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.Venue;
import io.dorado.actors.orderpath.venue.VenueMessages.AdapterFailed;
import io.dorado.actors.orderpath.venue.VenueMessages.AdapterReported;
import io.dorado.actors.orderpath.venue.VenueMessages.CancelAnswered;
import io.dorado.protocol.venue.Venue.CancelOrder;
import io.dorado.actors.orderpath.venue.VenueMessages.Flush;
import io.dorado.protocol.venue.Venue.ForgetSettled;
import io.dorado.protocol.venue.Venue.GetOrders;
import io.dorado.protocol.venue.Venue.MarketPrice;
import io.dorado.protocol.venue.Venue.QueryOrder;
import io.dorado.actors.orderpath.venue.VenueMessages.RetryReconcile;
import io.dorado.protocol.venue.Venue.Submit;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  /**
   * Orders whose place failed ambiguously (timeout, 5xx, disconnect: the venue may have them) in this
   * incarnation: only a query resolves them. A venue that does not know such an order yet is asked again (with
   * backoff), never sent it again; once its acknowledgement has expired it is closed as never sent.
   */
  private final Set<ClientOrderId> ambiguous = new HashSet<>();
  /** Queries asked again per order since its last answer: the retry delay doubles with each (backoff). */
  private final Map<ClientOrderId, Integer> retries = new HashMap<>();
  /** Decided, not yet written: events in order, and what to do once they are written. */
  private final WriteBatch<VenueEvent, VenueState> batch = new WriteBatch<>(VenueState::apply);
  private final VenueDecisions decisions;

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
    this.decisions = new VenueDecisions(settings);
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

  /** Answers with the adapter's instrument rules, later; a failure is answered as the rules' failure. */
  public static void answerInstruments(VenueAdapter adapter, Venue.GetInstruments c) {
    java.util.concurrent.CompletionStage<List<io.dorado.protocol.venue.InstrumentRules>> rules;
    try {
      rules = adapter.instruments();
    } catch (RuntimeException e) {
      rules = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    rules.whenComplete((list, e) -> c.replyTo().tell(new io.dorado.protocol.venue.VenueInstruments(adapter.info().venue(),
        list == null ? List.of() : list, list != null ? null
            : "its rules could not be fetched: " + (e == null ? "no answer" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage())))));
  }

  /** Answers the scanner's chain request from the adapter, later; a failure is answered as the chain's failure. */
  public static void answerChain(VenueAdapter adapter, Venue.GetOptionChain c) {
    java.util.concurrent.CompletionStage<io.dorado.protocol.venue.VenueOptionChain> chain;
    try {
      chain = adapter.optionChain(c);
    } catch (RuntimeException e) {
      chain = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    chain.whenComplete((answer, e) -> c.replyTo().tell(answer != null ? answer
        : io.dorado.protocol.venue.VenueOptionChain.failed(adapter.info().venue(), c.underlying(),
            "the venue's chain failed: " + (e == null ? "no answer" : e.getClass().getSimpleName() + " " + e.getMessage()))));
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
        .onCommand(Venue.GetInfo.class, (state, c) -> Effect().reply(c.replyTo(), adapter.info()))
        .onCommand(Venue.GetInstruments.class, (state, c) -> {
          answerInstruments(adapter, c);
          return Effect().noReply();
        })
        .onCommand(Venue.GetOptionChain.class, (state, c) -> {
          answerChain(adapter, c);
          return Effect().noReply();
        })
        .onCommand(Flush.class, (state, c) -> flush(false))
        // Hand-off or shutdown: handled after the write in flight (stashed meanwhile); writes what is pending, then stops.
        .onCommand(Venue.Stop.class, (state, c) -> flush(true))
        .onCommand(AdapterReported.class, this::onAdapterReported)
        .onCommand(VenueMessages.PlaceAnswered.class, (state, c) -> {
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
    return run(written, decisions.submit(current(written), c.ack(), c.reportTo(), settings.now()), c.reportTo(), received, false);
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
        withTimeout(() -> {
          try {
            return adapter.place(order);
          } catch (RuntimeException e) { // no stage: nothing was in flight
            throw new VenueRequestNotSent("the adapter refused to send: " + describe(e), e);
          }
        }),
        (report, failure) -> {
          if (failure != null) return new AdapterFailed(id, neverLeft(failure) ? PLACE_NOT_SENT : "place", describe(failure));
          FleetMetrics.venueSent(venueId, System.nanoTime() - since);
          return new VenueMessages.PlaceAnswered(id, report);
        });
    CrashPoint.ADAPTER_CALLED.reached();
  }

  // --- cancels, prices ---------------------------------------------------------------------------

  private ReplyEffect<VenueEvent, VenueState> onCancel(VenueState written, CancelOrder c) {
    if (reconcilingNow()) return Effect().stash();
    var decision = decisions.cancel(current(written), c.clientOrderId(), c.reason(), settings.now());
    return run(written, decision, c.reportTo(), System.nanoTime(), false);
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

  /** A status reconciles the order ({@link VenueDecisions#reconcile}); the last one of a recovery ends it. */
  private ReplyEffect<VenueEvent, VenueState> onAdapterReported(VenueState written, AdapterReported c) {
    OrderReport report = c.report();
    ClientOrderId id = report.clientOrderId();
    Optional<VenueOrder> known = current(written).find(id);
    if (stillAmbiguous(known, report)) {
      retryReconcile(id, "the venue does not know it yet after an ambiguous place");
      return Effect().noReply();
    }
    ambiguous.remove(id);
    if (report instanceof OrderReport.Status) retries.remove(id);
    boolean reconciled = false;
    if (known.isPresent() && report instanceof OrderReport.Status) {
      reconciled = reconciling.remove(id) && reconciling.isEmpty();
      timers.cancel(id);
    }
    var decision = decisions.adapterReported(current(written), report, placing.contains(id), settings.now());
    // no requester: a cancel sent again while reconciling answers the order's bot
    return run(written, decision, known.map(VenueOrder::reportTo).orElse(null), System.nanoTime(), reconciled);
  }

  private ReplyEffect<VenueEvent, VenueState> onCancelAnswered(VenueState written, CancelAnswered c) {
    var decision = decisions.cancelAnswered(current(written), c.report(), settings.now());
    return run(written, decision, c.requester(), System.nanoTime(), false);
  }

  private ReplyEffect<VenueEvent, VenueState> onAdapterFailed(VenueState state, AdapterFailed c) {
    if (c.operation().equals("place") || c.operation().equals(PLACE_NOT_SENT)) {
      placing.remove(c.clientOrderId());
      // a place that never left is no ambiguity: the venue not knowing it means it may be sent
      if (c.operation().equals("place")) ambiguous.add(c.clientOrderId());
    }
    retryReconcile(c.clientOrderId(), c.operation() + " failed (" + c.error() + ")");
    return Effect().noReply();
  }

  /** Asks the venue about the order again after the retry delay, doubled for each retry since its last answer. */
  private void retryReconcile(ClientOrderId id, String why) {
    int n = retries.merge(id, 1, Integer::sum);
    Duration delay = settings.reconcileRetry().multipliedBy(1L << Math.min(n - 1, 5));
    context.getLog().warn("venue {}: {}: {}; asking the venue again in {}", settings.venueId(), id, why, delay);
    timers.startSingleTimer(id, new RetryReconcile(id), delay);
  }

  /**
   * A query found an order UNKNOWN whose place failed ambiguously: the venue may still show it (a slow write,
   * a lagging replica), so ask again rather than decide; once the acknowledgement has expired (it could not be
   * sent now anyway) the decision closes it.
   */
  private boolean stillAmbiguous(Optional<VenueOrder> known, OrderReport report) {
    return known.isPresent() && ambiguous.contains(report.clientOrderId()) && !reconciling.contains(report.clientOrderId())
        && report instanceof OrderReport.Status s && s.status() == io.dorado.protocol.order.OrderStatus.UNKNOWN
        && !known.get().isPlaced() && !known.get().isTerminal() && !known.get().ack().isExpiredAt(settings.now());
  }

  private ReplyEffect<VenueEvent, VenueState> onRetryReconcile(VenueState written, RetryReconcile c) {
    Optional<VenueOrder> known = current(written).find(c.clientOrderId());
    if (known.isEmpty() || known.get().isTerminal()) {
      ambiguous.remove(c.clientOrderId());
      retries.remove(c.clientOrderId());
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
    var decision = decisions.forgetSettled(current(written), c.before(), c.ids(), settings.now());
    if (decision.isEmpty()) return Effect().noReply();
    int going = ((VenueEvent.SettledForgotten) decision.events().get(0)).ids().size();
    return run(written, decision, null, 0, false,
        s -> context.getLog().info("venue {} forgot {} settled order(s) the guardian forgot; {} order(s) kept",
            settings.venueId(), going, s.orders().size()));
  }

  /**
   * The guardian's periodic "forgotten through" sync: forgets the settled orders at or below each bot's mark
   * that the guardian no longer holds, so a lost {@link ForgetSettled} leaves nothing behind for good.
   */
  private ReplyEffect<VenueEvent, VenueState> onForgottenThrough(VenueState written, Venue.ForgottenThrough c) {
    if (reconcilingNow()) return Effect().stash();
    var decision = decisions.forgottenThrough(current(written), c.before(), c.through(), c.kept(), settings.now());
    if (decision.isEmpty()) return Effect().noReply();
    int going = ((VenueEvent.SettledForgotten) decision.events().get(0)).ids().size();
    return run(written, decision, null, 0, false,
        s -> context.getLog().info("venue {} forgot {} settled order(s) the guardian had forgotten before (its message"
            + " lost); {} order(s) kept", settings.venueId(), going, s.orders().size()));
  }

  // --- reconciliation ----------------------------------------------------------------------------

  private void reconcileAfterRecovery(VenueState state) {
    // Before any fill: the adapter's reduce-only cap starts from the journal's. With every recorded fill's id: a fill the
    // previous incarnation wrote but stopped before telling the adapter (its write's callback never ran) would else
    // stay "unwritten" in an adapter that outlived it, and count twice (a paper bot's close then capped at zero, for ever).
    tellPositions(state, state.fillIds());
    List<VenueOrder> unresolved = state.unresolved();
    if (unresolved.isEmpty()) return;
    context.getLog().info("venue {} recovered with {} unresolved order(s); reconciling before sending anything new",
        settings.venueId(), unresolved.size());
    unresolved.forEach(o -> reconciling.add(o.clientOrderId()));
    unresolved.forEach(o -> query(o.clientOrderId()));
  }

  /** The written positions to the adapter ({@link VenueAdapter#positionsWritten}); a failure there is logged only. */
  private void tellPositions(VenueState written, Set<String> fillIds) {
    try {
      adapter.positionsWritten(written.positions(), fillIds);
    } catch (RuntimeException e) {
      context.getLog().warn("the venue adapter failed on the written positions: {}", describe(e));
    }
  }

  // --- running decisions ------------------------------------------------------------------------

  private ReplyEffect<VenueEvent, VenueState> run(VenueState written, VenueDecisions.Decision decision,
      ActorRef<OrderReport> requester, long since, boolean unstash) {
    return run(written, decision, requester, since, unstash, s -> {});
  }

  /**
   * Runs a decision: its immediate effects now, its events into the batch and its other effects (then
   * {@code also}) once they are written, at once when there is nothing to write and nothing pending.
   * {@code requester}: who answers go to; {@code since}: when a submission arrived (the send latency);
   * {@code unstash}: reconciliation is over once this is written.
   */
  private ReplyEffect<VenueEvent, VenueState> run(VenueState written, VenueDecisions.Decision decision,
      ActorRef<OrderReport> requester, long since, boolean unstash, Consumer<VenueState> also) {
    decision.atOnce().forEach(e -> runEffect(e, written, requester, since));
    Consumer<VenueState> then = s -> {
      var fills = decision.events().stream().filter(VenueEvent.FillRecorded.class::isInstance)
          .map(e -> ((VenueEvent.FillRecorded) e).fill().fillId()).collect(java.util.stream.Collectors.toSet());
      if (!fills.isEmpty()) tellPositions(s, fills);
      decision.afterWrite().forEach(e -> runEffect(e, s, requester, since));
      also.accept(s);
    };
    if (decision.events().isEmpty() && batch.isEmpty()) {
      then.accept(written);
      return unstash ? Effect().noReply().thenUnstashAll() : Effect().noReply();
    }
    if (unstash) batch.unstashAfterWrite(); // reconciliation is over once this batch is written
    return decide(written, decision.events(), then);
  }

  private void runEffect(VenueDecisions.Effect effect, VenueState written, ActorRef<OrderReport> requester, long since) {
    if (effect instanceof VenueDecisions.Send s) {
      send(s.order(), since);
    } else if (effect instanceof VenueDecisions.SendCancel s) {
      sendCancel(s.id(), s.reason(), requester);
    } else if (effect instanceof VenueDecisions.Query q) {
      query(q.id());
    } else if (effect instanceof VenueDecisions.TellBot t) {
      if (t.report() instanceof OrderReport.Filled f) fillWritten(t.order(), f);
      tellBot(t.order(), t.report());
    } else if (effect instanceof VenueDecisions.TellGuardian t) {
      tellGuardian(t.report());
    } else if (effect instanceof VenueDecisions.TellRequester t) {
      if (requester != null) requester.tell(t.report());
    } else if (effect instanceof VenueDecisions.ReplyStatus r) {
      if (requester != null) requester.tell(written.statusOf(r.id()));
    } else if (effect instanceof VenueDecisions.ReplyCancelOutcome o) {
      if (requester != null) {
        VenueDecisions.cancelOutcome(written, o, requester.equals(o.before().reportTo())).ifPresent(requester::tell);
      }
    } else if (effect instanceof VenueDecisions.Alert a) {
      alert(a.text(), a.id());
    } else if (effect instanceof VenueDecisions.Info i) {
      try (var mdc = i.id() == null ? null : OrderMdc.of(i.id())) {
        context.getLog().info(i.text());
      }
    }
  }

  private void fillWritten(VenueOrder order, OrderReport.Filled f) {
    CrashPoint.VENUE_FILL_WRITTEN.reached();
    FleetMetrics.fill(settings.venueId());
    try (var mdc = OrderMdc.of(f.clientOrderId())) {
      context.getLog().info("{} filled {} at {} ({} of {})", f.clientOrderId(), f.fill().quantity(), f.fill().price(),
          f.filledQuantity(), order.order().fillQuantity());
    }
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

  /** A failed place whose request certainly did not leave ({@link VenueRequestNotSent}). */
  private static final String PLACE_NOT_SENT = "place (not sent)";

  private static boolean neverLeft(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof VenueRequestNotSent;
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
