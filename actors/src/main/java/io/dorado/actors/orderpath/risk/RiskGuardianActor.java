package io.dorado.actors.orderpath.risk;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
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
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk guardian: the one gate every order passes (steps 2–5 of the order path). It reviews
 * trades, acknowledges orders just before they are sent, signs each acknowledgement, and forwards it
 * to the venue only after the acknowledgement is in the journal.
 *
 * <p>Writes are batched: decisions are made against the state plus everything decided but not yet
 * written, kept in a {@link WriteBatch}; a {@link RiskGuardian.Flush} writes them all in one journal write
 * and only then replies and forwards. While a write is under way Pekko stashes new commands, so
 * under load each write carries everything that arrived during the previous one.
 */
public final class RiskGuardianActor
    extends EventSourcedBehaviorWithEnforcedReplies<RiskGuardian.Command, GuardianEvent, GuardianState> {

  public static final String ALERT_LOGGER = "dorado.alert.risk";
  /**
   * The reason of the cancel the guardian asks for when a venue answered UNKNOWN after the acknowledgement
   * expired; the order closes on the venue's answer (before, the guardian closed it with this reason itself).
   */
  public static final String EXPIRED_UNSENT = "expired: the venue never received it before its acknowledgement expired";
  private static final Logger ALERTS = LoggerFactory.getLogger(ALERT_LOGGER);
  /** Client order ids per message to a venue: ~1,000 × 30 bytes, far below a remote frame. */
  static final int FORGET_CHUNK = 1_000;

  /**
   * Settings of one guardian (one per account). {@code budgetRequired}: a bot without a budget from
   * the allocator may not add exposure (the node sets it; a guardian without an allocator does not).
   * {@code settledRetention}: how long a settled order is remembered (so a repeated request gets the same
   * answer) before it is forgotten; far longer than any retry or reconciliation, and than {@code ackValidity}.
   */
  public record Settings(String guardianId, BigDecimal startingCash, Duration ackValidity, AckSigner signer, Clock clock,
      boolean budgetRequired, Duration settledRetention) {
    public static final Duration DEFAULT_SETTLED_RETENTION = Duration.ofDays(1);

    public Settings {
      settledRetention = settledRetention == null ? DEFAULT_SETTLED_RETENTION : settledRetention;
      if (settledRetention.compareTo(ackValidity) <= 0) {
        throw new IllegalArgumentException("settled-retention (" + settledRetention
            + ") must be longer than the acknowledgement validity (" + ackValidity + ")");
      }
    }

    public Settings(String guardianId, BigDecimal startingCash, Duration ackValidity, AckSigner signer, Clock clock,
        boolean budgetRequired) {
      this(guardianId, startingCash, ackValidity, signer, clock, budgetRequired, null);
    }

    public Settings(String guardianId, BigDecimal startingCash, Duration ackValidity, AckSigner signer, Clock clock) {
      this(guardianId, startingCash, ackValidity, signer, clock, false);
    }

    /**
     * The node's guardian from config: {@code dorado.orders.ack-validity} (how long a venue may still send an
     * acknowledged order) and {@code dorado.orders.settled-retention}; a budget from the allocator is required.
     */
    public static Settings fromConfig(String guardianId, BigDecimal startingCash, AckSigner signer, Config config) {
      Duration validity = config.getDuration("dorado.orders.ack-validity");
      if (validity.isZero() || validity.isNegative()) {
        throw new ConfigException.BadValue(config.origin(), "dorado.orders.ack-validity",
            "must be positive (was " + validity + ")");
      }
      return new Settings(guardianId, startingCash, validity, signer, Clock.systemUTC(), true,
          config.getDuration("dorado.orders.settled-retention"));
    }

    public Settings withSettledRetention(Duration retention) {
      return new Settings(guardianId, startingCash, ackValidity, signer, clock, budgetRequired, retention);
    }

    /** How often forgetting runs: hourly, or at each retention period when that is shorter. */
    Duration forgetEvery() {
      Duration hour = Duration.ofHours(1);
      return settledRetention.compareTo(hour) < 0 ? settledRetention : hour;
    }
  }

  private final ActorContext<RiskGuardian.Command> context;
  private final Settings settings;
  private final RiskEngine engine;
  private final ExecutionThrottle throttle;
  private final VenueDirectory venues;
  private final ActorRef<OrderReport> venueReports;

  /** Decided, not yet written: events in order, the state they make, and what to do once they are written. */
  private final WriteBatch<GuardianEvent, GuardianState> batch = new WriteBatch<>(GuardianState::apply);
  /** Alerts about decided state changes: published once those are written, after the batch's other effects. */
  private final List<Alert> alertsAfterWrite = new ArrayList<>();

  public static Behavior<RiskGuardian.Command> create(Settings settings, RiskEngine engine, VenueDirectory venues) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      // As often as an acknowledgement lives: a missed report is found within one validity period.
      timers.startTimerWithFixedDelay(new RiskGuardian.ReconcileWorking(), settings.ackValidity());
      timers.startTimerWithFixedDelay(new RiskGuardian.ForgetSettled(), settings.forgetEvery());
      return new RiskGuardianActor(context, settings, engine, venues);
    }));
  }

  public static PersistenceId persistenceId(String guardianId) {
    return PersistenceId.of("RiskGuardian", guardianId);
  }

  private RiskGuardianActor(
      ActorContext<RiskGuardian.Command> context, Settings settings, RiskEngine engine, VenueDirectory venues) {
    super(persistenceId(settings.guardianId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.settings = settings;
    this.engine = engine;
    this.throttle = new ExecutionThrottle(engine.policy().orders().botThrottle());
    this.venues = venues;
    this.venueReports = context.messageAdapter(OrderReport.class, RiskGuardian.VenueReported::new);
  }

  @Override
  public GuardianState emptyState() {
    return GuardianState.open(engine.policy(), settings.startingCash(), settings.clock().instant());
  }

  /**
   * A snapshot holds the working orders and those settled within the retention (see
   * {@link GuardianState}): every 1,000 events (was 500, when it held every order ever).
   */
  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1_000, 2);
  }

  /**
   * No tags: the read side's audit projection reads the guardian by persistence id. A tag would make every
   * guardian write also wait for its tag_views row, and the guardian's writes are on every order's path.
   */
  @Override
  public Set<String> tagsFor(GuardianEvent event) {
    return Set.of();
  }

  @Override
  public SignalHandler<GuardianState> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::reconcileAfterRecovery).build();
  }

  /**
   * Reports decided but not yet written when the guardian stopped are lost with it, and the venue
   * sends each only once: ask the venue of every working order for its status (with all its fills).
   */
  private void reconcileAfterRecovery(GuardianState s) {
    publishAccount(s);
    queryWorkingOrders(s);
  }

  private void queryWorkingOrders(GuardianState s) {
    s.book().working().values().forEach(w -> queryVenue(w.order()));
  }

  private void queryVenue(Order order) {
    venues.venue(order.venue()).ifPresent(v -> v.tell(new Venue.QueryOrder(order.clientOrderId(), venueReports)));
  }

  @Override
  public EventHandler<GuardianState, GuardianEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(GuardianState::apply);
  }

  @Override
  public CommandHandlerWithReply<RiskGuardian.Command, GuardianEvent, GuardianState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(RiskGuardian.ReviewTrade.class, this::review)
        .onCommand(RiskGuardian.AcknowledgeOrder.class, this::acknowledge)
        .onCommand(RiskGuardian.VenueReported.class, (s, c) -> venueReported(s, c.report()))
        .onCommand(RiskGuardian.MarkPrice.class, (s, c) -> decide(s, List.of(
            new GuardianEvent.PricesMarked(Map.of(c.symbol(), c.price()), c.at())), () -> {}))
        .onCommand(RiskGuardian.BudgetsUpdated.class, (s, c) -> decide(s, List.of(
            new GuardianEvent.BudgetsSet(c.budgets(), c.asOf())), () -> {}))
        .onCommand(RiskGuardian.EngageKillSwitch.class, this::killSwitch)
        .onCommand(RiskGuardian.SetTradingState.class, this::setTradingState)
        .onCommand(RiskGuardian.RestrictTrading.class, this::restrictTrading)
        .onCommand(RiskGuardian.ResumeBot.class, this::resumeBot)
        .onCommand(RiskGuardian.GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), status(current(s))))
        .onCommand(RiskGuardian.GetBreakers.class, (s, c) -> Effect().reply(c.replyTo(),
            engine.breakerReport(current(s).book(), current(s).trippedSince(), instant())))
        .onCommand(RiskGuardian.Flush.class, (s, c) -> flush(s, false))
        // Hand-over or shutdown: handled after the write in flight (stashed meanwhile); writes what is pending, then stops.
        .onCommand(RiskGuardian.Stop.class, (s, c) -> flush(s, true))
        .onCommand(RiskGuardian.ReconcileWorking.class, (s, c) -> {
          queryWorkingOrders(current(s));
          return Effect().noReply();
        })
        .onCommand(RiskGuardian.ForgetSettled.class, this::forgetSettled)
        .onCommand(RiskGuardian.GetBotPosition.class, (s, c) -> {
          // Told once everything decided so far is written: the position no restart can take back.
          var answer = new RiskGuardian.BotPosition(c.botId(), current(s).book().ledger().botPosition(c.botId(), c.symbol()),
              instant());
          return decide(s, List.of(), () -> c.replyTo().tell(answer));
        })
        .build();
  }

  // ---------------------------------------------------------------- decisions

  private ReplyEffect<GuardianEvent, GuardianState> review(GuardianState s, RiskGuardian.ReviewTrade c) {
    var p = c.proposal();
    GuardianState now = current(s);
    var result = engine.review(p, now.book(), budgetFor(now, p.botId()));
    var verdict = throttle.review(now.throttles(), p.botId(), ExecutionThrottle.exitUnseen(p, now.book()), instant());
    if (verdict.decides(result instanceof RiskEngine.Approved)) {
      result = new RiskEngine.Rejected(verdict.denial(), result.impliedState());
    }
    var events = new ArrayList<GuardianEvent>(impliedStateEvents(now, result.impliedState()));
    Runnable reply;
    if (result instanceof RiskEngine.Approved a) {
      events.add(new GuardianEvent.ReviewApproved(p, a.quantity(), a.maxLoss(), instant()));
      reply = () -> {
        FleetMetrics.tradeReviewed(true);
        c.replyTo().tell(new RiskGuardian.TradeApproved(p.reviewId(), a.quantity(), a.maxLoss(), a.note()));
      };
    } else {
      RiskDenial d = ((RiskEngine.Rejected) result).denial();
      events.add(new GuardianEvent.ReviewDenied(p.reviewId(), p.botId(), d, instant()));
      events.addAll(paused(p.botId(), verdict));
      reply = () -> {
        FleetMetrics.tradeReviewed(false);
        FleetMetrics.orderDenied("review", d.reason());
        c.replyTo().tell(new RiskGuardian.TradeDenied(p.reviewId(), d.reason(), d.detail()));
      };
    }
    return decide(s, events, reply);
  }

  private ReplyEffect<GuardianEvent, GuardianState> acknowledge(GuardianState s, RiskGuardian.AcknowledgeOrder c) {
    long received = System.nanoTime();
    var order = c.order();
    GuardianState now = current(s);
    AcknowledgedOrder earlier = now.signed().get(order.clientOrderId().value());
    if (earlier != null) {
      // Idempotent: the same acknowledgement again (the venue deduplicates by client order id).
      if (!earlier.order().equals(order)) {
        return decide(s, List.of(denied(order.clientOrderId(), RiskDenial.of(DenialReason.DUPLICATE_ORDER,
            "client order id " + order.clientOrderId() + " was acknowledged for a different order"))),
            () -> {
              FleetMetrics.orderDenied("acknowledgement", DenialReason.DUPLICATE_ORDER);
              c.reportTo().tell(new OrderReport.Denied(order.clientOrderId(), DenialReason.DUPLICATE_ORDER,
                  "client order id already acknowledged for a different order"));
            });
      }
      // Forwarded after the pending write: the earlier acknowledgement may be decided but not yet written.
      return decide(s, List.of(), () -> forward(earlier, c.reportTo()));
    }
    RiskDenial deniedBefore = now.denied().get(order.clientOrderId().value());
    if (deniedBefore != null) { // the bot abandoned it when it heard the denial: answer the same again
      return decide(s, List.of(), () -> c.reportTo().tell(
          new OrderReport.Denied(order.clientOrderId(), deniedBefore.reason(), deniedBefore.detail())));
    }
    if (now.forgotten(order.clientOrderId())) {
      // Never acknowledged again; FORGOTTEN, not a denial: the order may have filled before it was forgotten.
      var forgotten = new OrderReport.Status(order.clientOrderId(), OrderStatus.FORGOTTEN, null, null, "client order id "
          + order.clientOrderId() + " settled more than " + settings.settledRetention() + " ago and was forgotten by the"
          + " risk guardian: it is never acknowledged again");
      return decide(s, List.of(), () -> c.reportTo().tell(forgotten));
    }
    var result = engine.acknowledge(order, now.book(), budgetFor(now, order.botId()), instant());
    var verdict = result instanceof RiskEngine.AlreadyAcknowledged ? ExecutionThrottle.Verdict.PASS
        : throttle.order(now.throttles(), order, instant());
    if (verdict.decides(result instanceof RiskEngine.Allowed)) result = new RiskEngine.Denied(verdict.denial(), result.impliedState());
    var events = new ArrayList<GuardianEvent>(impliedStateEvents(now, result.impliedState()));
    if (result instanceof RiskEngine.Allowed) {
      Instant issued = instant();
      AcknowledgedOrder ack = settings.signer().sign(order, "ack-" + order.clientOrderId().value(),
          settings.guardianId(), issued, issued.plus(settings.ackValidity()));
      events.add(new GuardianEvent.OrdersAcknowledged(List.of(ack), issued));
      events.addAll(paused(order.botId(), verdict)); // a reduce-only order that tripped the throttle
      return decide(s, events, () -> {
        CrashPoint.ACKNOWLEDGED.reached();
        FleetMetrics.orderAcknowledged(System.nanoTime() - received);
        try (var mdc = OrderMdc.of(ack.clientOrderId())) {
          context.getLog().info("Order {} acknowledged ({}): sending it to venue {}", ack.clientOrderId(), ack.ackId(),
              ack.order().venue());
        }
        forward(ack, c.reportTo());
      });
    }
    RiskDenial d = result instanceof RiskEngine.Denied denied ? denied.denial()
        : RiskDenial.of(DenialReason.DUPLICATE_ORDER, "client order id " + order.clientOrderId() + " was acknowledged before and is closed");
    events.add(denied(order.clientOrderId(), d));
    events.addAll(paused(order.botId(), verdict));
    return decide(s, events, () -> {
      FleetMetrics.orderDenied("acknowledgement", d.reason());
      c.reportTo().tell(new OrderReport.Denied(order.clientOrderId(), d.reason(), d.detail()));
      // A paused bot's denials are not alerted one by one: its pause was, once.
      if (d.reason() != DenialReason.BOT_PAUSED) {
        alert(new Alert.OrderDenied(order.botId(), order.clientOrderId(), d.reason(), d.detail(), instant()));
      }
    });
  }

  /** The pause a verdict asks for (none, or one event), its alert published once it is written. */
  private List<GuardianEvent> paused(String botId, ExecutionThrottle.Verdict verdict) {
    if (verdict.pause() == null) return List.of();
    RiskDenial why = verdict.pause();
    ALERTS.error("Bot {} PAUSED by the execution throttle: {}", botId, why);
    alertsAfterWrite.add(new Alert.BotPaused(botId, why.reason(), why.detail(), instant()));
    return List.of(new GuardianEvent.BotPaused(botId, why, instant()));
  }

  private GuardianEvent denied(ClientOrderId id, RiskDenial d) {
    try (var mdc = OrderMdc.of(id)) {
      context.getLog().info("Order {} denied: {}", id, d);
    }
    return new GuardianEvent.OrderDenied(id, d, instant());
  }

  private void alert(Alert alert) {
    if (alert instanceof Alert.BreakerTripped b) FleetMetrics.breakerTripped(b.breaker());
    Alerts.publish(context.getSystem(), alert);
  }

  private void forward(AcknowledgedOrder ack, ActorRef<OrderReport> reportTo) {
    var venue = venues.venue(ack.order().venue());
    if (venue.isEmpty()) {
      ALERTS.error("No venue {} for acknowledged order {}", ack.order().venue(), ack.clientOrderId());
      reportTo.tell(new OrderReport.Rejected(ack.clientOrderId(), "unknown venue " + ack.order().venue()));
      return;
    }
    venue.get().tell(new Venue.Submit(ack, reportTo));
  }

  private ReplyEffect<GuardianEvent, GuardianState> venueReported(GuardianState s, OrderReport report) {
    GuardianState now = current(s);
    var events = new ArrayList<GuardianEvent>();
    GuardianState next = now;
    for (Fill fill : report.fills()) {
      if (next.forgotten(fill.clientOrderId())) {
        // A settled order's report again, after it was forgotten: its fills were counted when it settled.
        context.getLog().warn("Fill {} of forgotten order {} ignored: counted before it was forgotten", fill.fillId(),
            fill.clientOrderId());
        continue;
      }
      if (!next.book().ledger().hasFill(fill)) {
        var e = new GuardianEvent.FillRecorded(fill, instant());
        events.add(e);
        next = next.apply(e);
      }
    }
    boolean missed = report instanceof OrderReport.Filled f && missedAFill(now, f);
    if (missed) {
      queryVenue(now.book().working().get(report.clientOrderId().value()).order()); // its status lists every fill
    }
    if (unknownAfterExpiry(next, report)) cancelUnsent(next, report.clientOrderId());
    // A "complete" fill that leaves this book short of a fill does not close the order: it stays working
    // until the venue's status brings the missing fill, so a crash before that is written asks again (the
    // order-path simulation lost a fill when the order was closed at once and the answer's write was lost).
    if (report.closesOrder() && !missed && next.book().working().containsKey(report.clientOrderId().value())) {
      var e = new GuardianEvent.OrderClosed(report.clientOrderId(), closeReason(report), instant());
      events.add(e);
      next = next.apply(e);
    }
    BreakerStatus breakers = engine.breakers(next.book(), instant());
    Runnable then = () -> {};
    if (breakers.breached() && next.book().tradingState() != TradingState.HALTED) {
      ALERTS.error("Circuit breaker tripped: {} — trading HALTED", breakers.breach());
      TradingState from = next.book().tradingState();
      events.add(new GuardianEvent.TradingStateChanged(TradingState.HALTED, "circuit breaker", breakers.breach().toString(), instant()));
      then = () -> {
        alert(new Alert.BreakerTripped(breakers.breach().reason().name(), breakers.breach().detail(), TradingState.HALTED, instant()));
        alert(new Alert.TradingStateChanged(from, TradingState.HALTED, "circuit breaker", breakers.breach().detail(), instant()));
      };
    }
    return events.isEmpty() ? Effect().noReply() : decide(s, events, then);
  }

  /** The venue's cumulative quantity counts a fill this guardian never heard of (its report was lost). */
  private static boolean missedAFill(GuardianState s, OrderReport.Filled f) {
    RiskBook.Working w = s.book().working().get(f.clientOrderId().value());
    if (w == null || s.book().ledger().hasFill(f.fill())) return false;
    BigDecimal known = w.order().fillQuantity().subtract(w.remaining()).add(f.fill().quantity());
    return f.filledQuantity().compareTo(known) > 0;
  }

  /**
   * Forgets the orders settled and last active longer than the retention ago: written only when there is
   * at least one, so an idle guardian writes nothing. Once written, each venue is told which of its orders
   * went (in chunks, to stay well under a remote message's size): a venue forgets an order only after the
   * guardian did, so it never answers "forgotten" to a guardian still waiting for that order's last fill.
   */
  private ReplyEffect<GuardianEvent, GuardianState> forgetSettled(GuardianState s, RiskGuardian.ForgetSettled c) {
    syncForgotten(s);
    Instant before = instant().minus(settings.settledRetention());
    GuardianState now = current(s);
    List<String> ids = now.settledBefore(before);
    if (ids.isEmpty()) return Effect().noReply();
    var byVenue = new TreeMap<String, List<ClientOrderId>>();
    for (String id : ids) {
      Order order = now.book().acknowledged().get(id);
      if (order != null) byVenue.computeIfAbsent(order.venue(), v -> new ArrayList<>()).add(order.clientOrderId());
    }
    return decide(s, List.of(new GuardianEvent.SettledForgotten(before, instant())), () -> {
      context.getLog().info("Forgot {} orders settled and last active before {}", ids.size(), before);
      byVenue.forEach((venueId, venueIds) -> venues.venue(venueId).ifPresent(venue -> {
        for (int from = 0; from < venueIds.size(); from += FORGET_CHUNK) {
          venue.tell(new Venue.ForgetSettled(before, venueIds.subList(from, Math.min(venueIds.size(), from + FORGET_CHUNK))));
        }
      }));
    });
  }

  /**
   * On every forget tick, heals a lost {@link Venue.ForgetSettled}: tells each venue, per bot, the highest sequence
   * forgotten and which of its orders at or below it this guardian still holds; the venue forgets its other settled
   * orders at or below the mark. From the written state {@code written} (what it says forgotten is in the journal
   * and stays forgotten: a forgotten id is never acknowledged again), and never an order held here, so a venue
   * never answers "forgotten" to a guardian still owed a fill.
   */
  private void syncForgotten(GuardianState written) {
    if (written.forgottenThrough().isEmpty()) return;
    Instant before = instant().minus(settings.settledRetention());
    for (String venueId : venues.ids()) {
      venues.venue(venueId).ifPresent(venue -> venue.tell(
          new Venue.ForgottenThrough(before, written.forgottenThrough(), written.heldAtOrBelowMarks(venueId))));
    }
  }

  private ReplyEffect<GuardianEvent, GuardianState> killSwitch(GuardianState s, RiskGuardian.EngageKillSwitch c) {
    GuardianState now = current(s);
    var working = List.copyOf(now.book().working().values());
    return decide(s, List.of(new GuardianEvent.KillSwitchEngaged(c.by(), c.reason(), instant())), () -> {
      ALERTS.error("KILL SWITCH engaged by {}: {} — cancelling {} working orders", c.by(), c.reason(), working.size());
      for (RiskBook.Working w : working) {
        venues.venue(w.order().venue()).ifPresent(v ->
            v.tell(new Venue.CancelOrder(w.order().clientOrderId(), "kill switch: " + c.reason(), venueReports)));
      }
      c.replyTo().tell(new RiskGuardian.OperatorReply(TradingState.HALTED, true,
          "HALTED; cancelling " + working.size() + " working orders"));
      alert(new Alert.KillSwitchEngaged(c.by(), c.reason(), working.size(), instant()));
    });
  }

  private ReplyEffect<GuardianEvent, GuardianState> setTradingState(GuardianState s, RiskGuardian.SetTradingState c) {
    TradingState from = current(s).book().tradingState();
    return decide(s, List.of(new GuardianEvent.TradingStateChanged(c.state(), c.by(), c.reason(), instant())), () -> {
      ALERTS.warn("Trading state set to {} by {}: {}", c.state(), c.by(), c.reason());
      alert(new Alert.TradingStateChanged(from, c.state(), c.by(), c.reason(), instant()));
      c.replyTo().tell(new RiskGuardian.OperatorReply(c.state(), false, "trading state " + c.state()));
    });
  }

  /** As setTradingState, but only ever stricter: a state at least as strict (or the kill switch) stays. */
  private ReplyEffect<GuardianEvent, GuardianState> restrictTrading(GuardianState s, RiskGuardian.RestrictTrading c) {
    RiskBook b = current(s).book();
    if (b.killSwitch() || b.tradingState().severity() >= c.atLeast().severity()) {
      return Effect().reply(c.replyTo(), new RiskGuardian.OperatorReply(b.tradingState(), b.killSwitch(),
          "trading state stays " + b.tradingState()));
    }
    return setTradingState(s, new RiskGuardian.SetTradingState(c.atLeast(), c.by(), c.reason(), c.replyTo()));
  }

  private ReplyEffect<GuardianEvent, GuardianState> resumeBot(GuardianState s, RiskGuardian.ResumeBot c) {
    if (!current(s).throttles().isPaused(c.botId())) {
      return decide(s, List.of(), () -> c.replyTo().tell(new RiskGuardian.BotResumeReply(c.botId(), false,
          "bot " + c.botId() + " is not paused by the execution throttle")));
    }
    return decide(s, List.of(new GuardianEvent.BotResumed(c.botId(), c.by(), c.reason(), instant())), () -> {
      ALERTS.warn("Bot {} resumed by {}: {}", c.botId(), c.by(), c.reason());
      alert(new Alert.BotResumed(c.botId(), c.by(), c.reason(), instant()));
      c.replyTo().tell(new RiskGuardian.BotResumeReply(c.botId(), true, "bot " + c.botId()
          + " may add exposure again; its throttle counts start afresh"));
    });
  }

  private List<GuardianEvent> impliedStateEvents(GuardianState s, TradingState implied) {
    if (implied == null || implied == s.book().tradingState()) return List.of();
    ALERTS.error("Circuit breaker implies {}: trading state changes from {}", implied, s.book().tradingState());
    alertsAfterWrite.add(new Alert.BreakerTripped("breaker", "breaker implies " + implied, implied, instant()));
    alertsAfterWrite.add(new Alert.TradingStateChanged(s.book().tradingState(), implied, "circuit breaker",
        "breaker implied " + implied, instant()));
    return List.of(new GuardianEvent.TradingStateChanged(implied, "circuit breaker", "breaker implied " + implied, instant()));
  }

  // ---------------------------------------------------------------- batching

  /** The state as it will be once everything pending is written: decisions are made on it. */
  private GuardianState current(GuardianState written) {
    return batch.current(written);
  }

  private ReplyEffect<GuardianEvent, GuardianState> decide(GuardianState s, List<GuardianEvent> events, Runnable then) {
    GuardianState next = current(s);
    for (GuardianEvent e : events) next = next.apply(e);
    if (!events.isEmpty()) {
      // Whatever moved the books may have tripped or reset a breaker: record when, for inspection.
      Set<Breaker> tripped = engine.breakers(next.book(), instant()).tripped();
      if (!tripped.equals(next.trippedSince().keySet())) {
        var changed = new GuardianEvent.BreakersChanged(tripped, instant());
        events = new ArrayList<>(events);
        events.add(changed);
        next = next.apply(changed);
      }
    }
    if (batch.addFolded(events, next, written -> then.run())) context.getSelf().tell(new RiskGuardian.Flush(0));
    return Effect().noReply();
  }

  private ReplyEffect<GuardianEvent, GuardianState> flush(GuardianState written, boolean thenStop) {
    if (batch.isEmpty()) return thenStop ? Effect().stop().thenNoReply() : Effect().noReply();
    WriteBatch.Batch<GuardianEvent, GuardianState> taken = batch.take();
    List<GuardianEvent> events = mergeAcknowledgements(taken.events());
    List<Alert> alerts = List.copyOf(alertsAfterWrite);
    alertsAfterWrite.clear();
    Consumer<GuardianState> effects = s -> {
      taken.runEffects(s);
      alerts.forEach(this::alert);
    };
    if (events.isEmpty()) {
      effects.accept(written);
      return thenStop ? Effect().stop().thenNoReply() : Effect().noReply();
    }
    var write = Effect().persist(events).thenRun(s -> {
      effects.accept(s);
      publishAccount(s);
    });
    return (thenStop ? write.thenStop() : write).thenNoReply();
  }

  /** Acknowledgements decided in one batch become one event: the journal write is one row for many orders. */
  private static List<GuardianEvent> mergeAcknowledgements(List<GuardianEvent> events) {
    var out = new ArrayList<GuardianEvent>();
    var acks = new ArrayList<AcknowledgedOrder>();
    Instant at = null;
    for (GuardianEvent e : events) {
      if (e instanceof GuardianEvent.OrdersAcknowledged oa) {
        acks.addAll(oa.acks());
        at = at == null ? oa.at() : at;
      } else {
        if (!acks.isEmpty()) {
          out.add(new GuardianEvent.OrdersAcknowledged(acks, at));
          acks = new ArrayList<>();
          at = null;
        }
        out.add(e);
      }
    }
    if (!acks.isEmpty()) out.add(new GuardianEvent.OrdersAcknowledged(acks, at));
    return out;
  }

  // ---------------------------------------------------------------- helpers

  /** The allocator's budget for the bot; zero when one is required and the allocator gave none. */
  private BigDecimal budgetFor(GuardianState s, String botId) {
    BigDecimal budget = s.budgetFor(botId);
    return budget == null && settings.budgetRequired() ? BigDecimal.ZERO : budget;
  }

  private Instant instant() {
    return settings.clock().instant();
  }

  /**
   * A working order's venue answered UNKNOWN and its acknowledgement has expired. Not proof it was never
   * sent: the answer may predate the submission's arrival (the order-path simulation, seed 20276913: a
   * query answered before the venue received a valid submission reached the guardian after the expiry; the
   * order was closed as never sent, filled, and its fill was skipped once the order was forgotten).
   */
  private boolean unknownAfterExpiry(GuardianState s, OrderReport r) {
    AcknowledgedOrder ack = s.signed().get(r.clientOrderId().value());
    return r instanceof OrderReport.Status st && st.status() == OrderStatus.UNKNOWN && ack != null
        && ack.isExpiredAt(instant()) && s.book().working().containsKey(r.clientOrderId().value());
  }

  /**
   * So the venue decides, in one write: an id it never received is closed there for good ("cancelled before
   * it arrived": a later submission is refused), one it has is answered with its real status and fills (and
   * cancelled if still working). The order closes on that answer, else a lost close (a refusal reported while
   * the guardian restarted) would leave it working for good; a lost answer is asked for again by
   * {@link RiskGuardian.ReconcileWorking}, whose UNKNOWN comes back here.
   */
  private void cancelUnsent(GuardianState s, ClientOrderId id) {
    Order order = s.book().working().get(id.value()).order();
    try (var mdc = OrderMdc.of(id)) {
      context.getLog().info("{}: venue {} answered UNKNOWN after the acknowledgement expired; asking it to cancel", id,
          order.venue());
    }
    venues.venue(order.venue()).ifPresent(v -> v.tell(new Venue.CancelOrder(id, EXPIRED_UNSENT, venueReports)));
  }

  private static String closeReason(OrderReport r) {
    if (r instanceof OrderReport.Rejected rj) return "rejected: " + rj.reason();
    if (r instanceof OrderReport.Cancelled c) return "cancelled: " + c.reason();
    if (r instanceof OrderReport.Status st) return st.status() == OrderStatus.FILLED ? "filled" : st.status() + ": " + st.reason();
    return "filled";
  }

  private static void publishAccount(GuardianState s) {
    FleetMetrics.account(s.book().tradingState(), s.book().ledger().realizedPnl(), s.book().ledger().equity());
  }

  private RiskGuardian.GuardianStatus status(GuardianState s) {
    RiskBook b = s.book();
    Ledger l = b.ledger();
    var positions = new TreeMap<String, BigDecimal>();
    l.positions().forEach((sym, p) -> { if (!p.isFlat()) positions.put(sym, p.quantity()); });
    return new RiskGuardian.GuardianStatus(b.tradingState(), b.killSwitch(), b.stateReason(), l.cash(), l.equity(),
        l.realizedPnl(), positions, b.working().size(), s.acknowledgedCount(), RiskEngine.heatPct(b, BigDecimal.ZERO),
        l.dailyLossPct(), l.drawdownPct(), s.throttles().paused());
  }
}
