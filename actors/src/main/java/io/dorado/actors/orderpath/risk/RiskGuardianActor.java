package io.dorado.actors.orderpath.risk;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.dorado.actors.CrashPoint;
import io.dorado.actors.alert.Alerts;
import io.dorado.actors.logging.OrderMdc;
import io.dorado.actors.metrics.FleetMetrics;
import io.dorado.actors.orderpath.WriteBatch;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
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
 * written, kept in a {@link WriteBatch}; a {@link GuardianMessages.Flush} writes them all in one journal write
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
  private final GuardianDecisions decisions;
  private final KillScopeDecisions kills;
  private final VenueDirectory venues;
  private final ActorRef<OrderReport> venueReports;
  /** The venues' instrument rules, as last reported: in memory (InstrumentRuleBook says why that is safe). */
  private InstrumentRuleBook rules;

  /** Decided, not yet written: events in order, the state they make, and what to do once they are written. */
  private final WriteBatch<GuardianEvent, GuardianState> batch = new WriteBatch<>(GuardianState::apply);
  /** Alerts about decided state changes: published once those are written, after the batch's other effects. */
  private final List<Alert> alertsAfterWrite = new ArrayList<>();

  public static Behavior<RiskGuardian.Command> create(Settings settings, RiskEngine engine, VenueDirectory venues) {
    return create(settings, engine, venues, AccountReconciliation.DEFAULT, InstrumentRuleBook.NONE);
  }

  /** {@code reconciliation}: how far a venue account may drift from its venue before it is held. */
  public static Behavior<RiskGuardian.Command> create(Settings settings, RiskEngine engine, VenueDirectory venues,
      AccountReconciliation reconciliation) {
    return create(settings, engine, venues, reconciliation, InstrumentRuleBook.NONE);
  }

  /** {@code rules}: which venues must report their instrument rules before their orders are signed (InstrumentRuleBook). */
  public static Behavior<RiskGuardian.Command> create(Settings settings, RiskEngine engine, VenueDirectory venues,
      InstrumentRuleBook rules) {
    return create(settings, engine, venues, AccountReconciliation.DEFAULT, rules);
  }

  /** With both: the accounts' reconciliation tolerance and the venues' instrument rules. */
  public static Behavior<RiskGuardian.Command> create(Settings settings, RiskEngine engine, VenueDirectory venues,
      AccountReconciliation reconciliation, InstrumentRuleBook rules) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      // As often as an acknowledgement lives: a missed report is found within one validity period.
      timers.startTimerWithFixedDelay(new GuardianMessages.ReconcileWorking(), settings.ackValidity());
      timers.startTimerWithFixedDelay(new GuardianMessages.ForgetSettled(), settings.forgetEvery());
      // circuit_breakers.breaker_reset utc_midnight or session_close: a minute's tick notices the boundary (SessionReset).
      timers.startTimerWithFixedDelay(new SessionReset.Tick(), Duration.ofMinutes(1));
      return new RiskGuardianActor(context, settings, engine, venues, reconciliation, rules);
    }));
  }

  public static PersistenceId persistenceId(String guardianId) {
    return PersistenceId.of("RiskGuardian", guardianId);
  }

  private RiskGuardianActor(ActorContext<RiskGuardian.Command> context, Settings settings, RiskEngine engine,
      VenueDirectory venues, AccountReconciliation reconciliation, InstrumentRuleBook rules) {
    super(persistenceId(settings.guardianId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.context = context;
    this.settings = settings;
    this.engine = engine;
    this.decisions = new GuardianDecisions(settings, engine, reconciliation);
    this.kills = new KillScopeDecisions(decisions);
    this.venues = venues;
    this.venueReports = context.messageAdapter(OrderReport.class, RiskGuardian.VenueReported::new);
    this.rules = rules;
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
    lastTick = instant(); // a session boundary that passed while down is not reset (SessionReset)
    publishAccount(s);
    queryWorkingOrders(s);
    cancelLeftoverProtection(s);
  }

  /** One-cancels-other again for protection left working by a bot the ledger holds flat (GuardianDecisions#leftoverProtection). */
  private void cancelLeftoverProtection(GuardianState s) {
    decisions.leftoverProtection(s).forEach(e -> runEffect(e, m -> {}, null, 0));
  }

  private void queryWorkingOrders(GuardianState s) {
    s.accounts().values().forEach(a -> a.book().working().values().forEach(w -> queryVenue(w.order())));
  }

  private void queryVenue(Order order) {
    venues.venue(order.venue()).ifPresent(v -> v.tell(new Venue.QueryOrder(order.clientOrderId(), venueReports)));
  }

  @Override
  public EventHandler<GuardianState, GuardianEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> opened(s).apply(e));
  }

  /** A snapshot from before accounts has no opening book: new accounts open with the configured cash. */
  private GuardianState opened(GuardianState s) {
    return s.opening() != null ? s : s.withOpeningIfAbsent(emptyState().opening());
  }

  @Override
  public CommandHandlerWithReply<RiskGuardian.Command, GuardianEvent, GuardianState> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(RiskGuardian.ReviewTrade.class, this::review)
        .onCommand(RiskGuardian.AcknowledgeOrder.class, this::acknowledge)
        .onCommand(RiskGuardian.VenueReported.class, (s, c) -> venueReported(s, c.report()))
        .onCommand(RiskGuardian.InstrumentRulesReported.class, (s, c) -> {
          rules = rules.with(c.venue(), c.rules());
          return Effect().noReply();
        })
        .onCommand(RiskGuardian.MarkPrice.class, (s, c) -> run(s, decisions.record(current(s), List.of(
            new GuardianEvent.PricesMarked(decisions.marks(current(s), c.symbol(), c.price(), c.at()), c.at())), instant()),
            m -> {}))
        .onCommand(RiskGuardian.BudgetsUpdated.class, (s, c) -> run(s, decisions.record(current(s), List.of(
            new GuardianEvent.BudgetsSet(c.budgets(), c.asOf())), instant()), m -> {}))
        .onCommand(RiskGuardian.RegimeChanged.class, (s, c) -> {
          decisions.regimeChanged(c);
          return Effect().noReply();
        })
        .onCommand(SessionReset.Tick.class, this::sessionTick)
        .onCommand(RiskGuardian.EngageKillSwitch.class, this::killSwitch)
        .onCommand(RiskGuardian.EngageKillScope.class, (s, c) -> run(s,
            kills.engage(current(s), c.scope(), c.by(), c.reason(), instant()),
            m -> c.replyTo().tell((RiskGuardian.OperatorReply) m)))
        .onCommand(RiskGuardian.ReleaseKillScope.class, (s, c) -> run(s,
            kills.release(current(s), c.scope(), c.by(), c.reason(), instant()),
            m -> c.replyTo().tell((RiskGuardian.OperatorReply) m)))
        .onCommand(RiskGuardian.SetTradingState.class, this::setTradingState)
        .onCommand(RiskGuardian.RestrictTrading.class, this::restrictTrading)
        .onCommand(RiskGuardian.ResumeBot.class, this::resumeBot)
        .onCommand(RiskGuardian.GetStatus.class, (s, c) -> Effect().reply(c.replyTo(), status(current(s))))
        .onCommand(RiskGuardian.GetAccounts.class, (s, c) -> Effect().reply(c.replyTo(),
            AccountViews.view(current(s), instant())))
        .onCommand(RiskGuardian.AccountReported.class, (s, c) -> run(s,
            decisions.accountReported(current(s), c, instant()), m -> {}))
        .onCommand(RiskGuardian.AcknowledgeReconciliation.class, (s, c) -> run(s,
            decisions.acknowledgeReconciliation(current(s), c.account(), c.by(), c.reason(), instant()),
            m -> c.replyTo().tell((RiskGuardian.AccountReply) m)))
        .onCommand(RiskGuardian.GetBreakers.class, (s, c) -> Effect().reply(c.replyTo(),
            decisions.breakerReport(current(s), instant())))
        .onCommand(GuardianMessages.Flush.class, (s, c) -> flush(s, false))
        // Hand-over or shutdown: handled after the write in flight (stashed meanwhile); writes what is pending, then stops.
        .onCommand(RiskGuardian.Stop.class, (s, c) -> flush(s, true))
        .onCommand(GuardianMessages.ReconcileWorking.class, (s, c) -> {
          queryWorkingOrders(current(s));
          cancelLeftoverProtection(s);
          return Effect().noReply();
        })
        .onCommand(GuardianMessages.ForgetSettled.class, this::forgetSettled)
        .onCommand(RiskGuardian.GetBotPosition.class, (s, c) -> run(s,
            decisions.botPosition(current(s), c.botId(), c.symbol(), instant()),
            m -> c.replyTo().tell((RiskGuardian.BotPosition) m)))
        .build();
  }

  // ---------------------------------------------------------------- decisions (GuardianDecisions), run here

  private ReplyEffect<GuardianEvent, GuardianState> review(GuardianState s, RiskGuardian.ReviewTrade c) {
    return run(s, decisions.review(current(s), c.proposal(), instant()), m -> c.replyTo().tell((RiskGuardian.ReviewReply) m));
  }

  private ReplyEffect<GuardianEvent, GuardianState> acknowledge(GuardianState s, RiskGuardian.AcknowledgeOrder c) {
    long received = System.nanoTime();
    return run(s, decisions.acknowledge(current(s), c.order(), rules, instant()), m -> c.reportTo().tell((OrderReport) m),
        c.reportTo(), received);
  }

  private ReplyEffect<GuardianEvent, GuardianState> venueReported(GuardianState s, OrderReport report) {
    return run(s, decisions.venueReported(current(s), report, instant()), m -> {});
  }

  /** See {@link GuardianDecisions#forgetSettled}: the sync from the written state, the forgetting from the projection. */
  private ReplyEffect<GuardianEvent, GuardianState> forgetSettled(GuardianState s, GuardianMessages.ForgetSettled c) {
    return run(s, decisions.forgetSettled(s, current(s), venues.ids(), instant()), m -> {});
  }

  /** When this guardian last looked for session boundaries (its start at first: a restart never resets early). */
  private Instant lastTick;

  private ReplyEffect<GuardianEvent, GuardianState> sessionTick(GuardianState s, SessionReset.Tick c) {
    Instant now = instant();
    if (lastTick == null) lastTick = now;
    Instant since = lastTick;
    if (!now.isAfter(since)) return Effect().noReply();
    lastTick = now;
    return run(s, decisions.sessionBoundary(current(s), since, now), m -> {});
  }

  private ReplyEffect<GuardianEvent, GuardianState> killSwitch(GuardianState s, RiskGuardian.EngageKillSwitch c) {
    return run(s, decisions.killSwitch(current(s), c.by(), c.reason(), instant()),
        m -> c.replyTo().tell((RiskGuardian.OperatorReply) m));
  }

  private ReplyEffect<GuardianEvent, GuardianState> setTradingState(GuardianState s, RiskGuardian.SetTradingState c) {
    return run(s, decisions.setTradingState(current(s), c.state(), c.by(), c.reason(), instant()),
        m -> c.replyTo().tell((RiskGuardian.OperatorReply) m));
  }

  private ReplyEffect<GuardianEvent, GuardianState> restrictTrading(GuardianState s, RiskGuardian.RestrictTrading c) {
    return run(s, decisions.restrictTrading(current(s), c.atLeast(), c.by(), c.reason(), instant()),
        m -> c.replyTo().tell((RiskGuardian.OperatorReply) m));
  }

  private ReplyEffect<GuardianEvent, GuardianState> resumeBot(GuardianState s, RiskGuardian.ResumeBot c) {
    return run(s, decisions.resumeBot(current(s), c.botId(), c.by(), c.reason(), instant()),
        m -> c.replyTo().tell((RiskGuardian.BotResumeReply) m));
  }

  private ReplyEffect<GuardianEvent, GuardianState> run(GuardianState s, GuardianDecisions.Decision d, Consumer<Object> reply) {
    return run(s, d, reply, null, 0);
  }

  /**
   * Runs a decision: its immediate effects now; its events (folded into {@code d.after()}) into the batch with its
   * other effects for after the write; nothing queued when it writes nothing and has nothing to do afterwards.
   * {@code reply}: the command's answer; {@code reportTo}, {@code received}: an acknowledgement's requester and arrival.
   */
  private ReplyEffect<GuardianEvent, GuardianState> run(GuardianState s, GuardianDecisions.Decision d, Consumer<Object> reply,
      ActorRef<OrderReport> reportTo, long received) {
    d.atOnce().forEach(e -> runEffect(e, reply, reportTo, received));
    alertsAfterWrite.addAll(d.alertsAfterBatch());
    if (d.writesNothing()) return Effect().noReply();
    Consumer<GuardianState> then = written -> d.afterWrite().forEach(e -> runEffect(e, reply, reportTo, received));
    if (batch.addFolded(d.events(), d.after(), then)) context.getSelf().tell(new GuardianMessages.Flush(0));
    return Effect().noReply();
  }

  private void runEffect(GuardianDecisions.Effect effect, Consumer<Object> reply, ActorRef<OrderReport> reportTo, long received) {
    if (effect instanceof GuardianDecisions.Reply r) {
      reply.accept(r.message());
    } else if (effect instanceof GuardianDecisions.Forward f) {
      if (f.fresh()) {
        CrashPoint.ACKNOWLEDGED.reached();
        FleetMetrics.orderAcknowledged(System.nanoTime() - received);
        try (var mdc = OrderMdc.of(f.ack().clientOrderId())) {
          context.getLog().info("Order {} acknowledged ({}): sending it to venue {}", f.ack().clientOrderId(), f.ack().ackId(),
              f.ack().order().venue());
        }
      }
      forward(f.ack(), reportTo);
    } else if (effect instanceof GuardianDecisions.QueryVenue q) {
      queryVenue(q.order());
    } else if (effect instanceof GuardianDecisions.CancelAtVenue x) {
      venues.venue(x.order().venue()).ifPresent(v ->
          v.tell(new Venue.CancelOrder(x.order().clientOrderId(), x.reason(), venueReports)));
    } else if (effect instanceof GuardianDecisions.ForgetAtVenue f) {
      venues.venue(f.venueId()).ifPresent(venue -> {
        for (int from = 0; from < f.ids().size(); from += FORGET_CHUNK) {
          venue.tell(new Venue.ForgetSettled(f.before(), f.ids().subList(from, Math.min(f.ids().size(), from + FORGET_CHUNK))));
        }
      });
    } else if (effect instanceof GuardianDecisions.SyncForgotten f) {
      venues.venue(f.venueId()).ifPresent(venue -> venue.tell(new Venue.ForgottenThrough(f.before(), f.through(), f.kept())));
    } else if (effect instanceof GuardianDecisions.Publish p) {
      alert(p.alert());
    } else if (effect instanceof GuardianDecisions.Count c) {
      if (c.stage().equals("review")) FleetMetrics.tradeReviewed(c.denial() == null);
      if (c.denial() != null) FleetMetrics.orderDenied(c.stage(), c.denial());
    } else if (effect instanceof GuardianDecisions.Log l) {
      try (var mdc = l.id() == null ? null : OrderMdc.of(l.id())) {
        switch (l.as()) {
          case INFO -> context.getLog().info(l.text());
          case WARN -> context.getLog().warn(l.text());
          case ALERT_WARN -> ALERTS.warn(l.text());
          case ALERT_ERROR -> ALERTS.error(l.text());
        }
      }
    }
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

  // ---------------------------------------------------------------- batching

  /** The state as it will be once everything pending is written: decisions are made on it. */
  private GuardianState current(GuardianState written) {
    return batch.current(opened(written));
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

  private Instant instant() {
    return settings.clock().instant();
  }

  private static void publishAccount(GuardianState s) {
    FleetMetrics.account(s.book().tradingState(), s.book().ledger().realizedPnl(), s.book().ledger().equity());
  }

  private RiskGuardian.GuardianStatus status(GuardianState s) {
    RiskBook b = s.book();
    Ledger l = b.ledger();
    var positions = new TreeMap<String, BigDecimal>();
    l.positions().forEach((sym, p) -> { if (!p.isFlat()) positions.put(sym, p.quantity()); });
    // The top-level figures are the first account's (one venue: the account); every account is in {@code accounts}.
    return new RiskGuardian.GuardianStatus(b.tradingState(), b.killSwitch(), b.stateReason(), l.cash(), l.equity(),
        l.realizedPnl(), positions, s.accounts().values().stream().mapToInt(a -> a.book().working().size()).sum(),
        s.acknowledgedCount(), RiskEngine.heatPct(b, BigDecimal.ZERO), l.dailyLossPct(), l.drawdownPct(),
        s.throttles().paused(), AccountViews.of(s), decisions.portfolioRisk(s, instant()), s.kills().list());
  }
}
