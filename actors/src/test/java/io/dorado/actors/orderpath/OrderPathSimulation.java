package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.bot.BotModel;
import io.dorado.actors.orderpath.risk.GuardianDecisions;
import io.dorado.actors.orderpath.risk.GuardianState;
import io.dorado.actors.orderpath.risk.RiskBook;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueDecisions;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.WorkingOrder;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * A deterministic, single-threaded model of the order path: bots ({@link BotModel}, the real
 * transitions), the risk guardian ({@link GuardianDecisions}, the actor's decisions, with its routing and
 * write batching) and a venue account ({@link VenueDecisions}, the actor's decisions, with the real
 * {@link PaperVenue} as the exchange), each with its own journal. A seeded generator chooses
 * every step: which message is delivered next (so messages are reordered), duplicated or lost, when
 * the guardian writes, signals, approvals, the clock (timeouts, expiries), prices (breakers), the kill
 * switch and restarts (state rebuilt from the actor's journal, undecided work lost). Everything that
 * happened is in {@link #trace()}, so a failing seed can be read and replayed.
 *
 * <p>The routing mirrors {@code BotEntity}, {@code RiskGuardianActor} and {@code VenueActor}; the
 * decisions and the state folds are theirs, called, not copied: the effects they return are carried by
 * this simulation's messages.
 */
final class OrderPathSimulation {
  static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  static final String VENUE = "paper";
  static final String GUARDIAN_ID = VenueSettings.DEFAULT_GUARDIAN_ID;
  static final BigDecimal START_CASH = new BigDecimal("100000");
  static final Duration ACK_VALIDITY = Duration.ofSeconds(30);
  static final Duration RETRY = Duration.ofSeconds(5);
  static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(2);
  static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(2);
  /**
   * How long the guardian, the venue and the exchange remember a settled order (a day in production):
   * short here, so runs forget orders while later ones are still in flight, yet longer than the runs' stalls.
   */
  static final Duration SETTLED_RETENTION = Duration.ofMinutes(10);
  private static final AckSigner SIGNER = AckSigner.ofSecret("order-path-simulation-secret-0123456789");

  /** A message in flight: to "guardian", "venue" or a bot id. */
  record Msg(String to, Object body, boolean droppable, boolean duplicable) {
    @Override
    public String toString() {
      return "->" + to + " " + body;
    }
  }

  // guardian's inbox
  record Review(TradeProposal proposal) {}
  record Acknowledge(Order order) {}
  record VenueReport(OrderReport report) {}
  record Mark(String symbol, BigDecimal price) {}
  /** A bot whose working order {@code id} was forgotten asks for its position in the guardian's ledger. */
  record PositionQuery(String bot, String symbol, ClientOrderId id, String detail) {}
  // venue's inbox
  /** {@code again}: the guardian answering a repeated request with the acknowledgement it gave before. */
  record Submit(AcknowledgedOrder ack, boolean again) {}
  record Cancel(ClientOrderId id, String reason, String requester) {}
  record Query(ClientOrderId id, String requester) {}
  record Forget(Instant before, List<ClientOrderId> ids) {}
  /** RiskGuardianActor's "forgotten through" sync: per bot the highest forgotten sequence, and what it still holds below. */
  record ForgottenThrough(Instant before, Map<String, Long> through, List<ClientOrderId> kept) {}
  record AdapterReport(OrderReport report) {}
  record PlaceAnswer(ClientOrderId id, OrderReport report) {}
  record CancelAnswer(OrderReport report, String requester) {}
  // a bot's inbox
  record Reviewed(RiskGuardian.ReviewReply reply) {}
  record Report(OrderReport report) {}
  record LedgerPosition(ClientOrderId id, String detail, io.dorado.protocol.order.Position position) {}

  /** What one run did and saw. */
  static final class Stats {
    int steps, delivered, duplicates, drops, restarts, signals, approvals, killSwitches, breakerTrips, guardianWrites,
        forgettings;
    /** FORGOTTEN answers a bot heard for its working order (it then takes its position from the guardian's ledger). */
    int forgottenOrders;
    /** Settled orders the venue forgot on the guardian's sync (their {@link Forget} was lost). */
    int healedBySync;
    /** Entries the exchange received while the guardian's kill switch was engaged (acknowledged before it). */
    int entriesSentUnderKillSwitch;
    /** Of those, sent after the kill switch's cancel had found nothing at the venue (the venue must refuse them). */
    int sentAfterKillSwitchCancel;
  }

  final long seed;
  final Random random;
  final MutableClock clock = new MutableClock(T0);
  private final List<TraceLine> traceLines = new ArrayList<>();
  final Stats stats = new Stats();
  final List<Msg> network = new ArrayList<>();
  final Map<String, SimBot> bots = new LinkedHashMap<>();
  SimGuardian guardian;
  SimVenue venue;
  final RecordingExchange exchange;
  final Map<String, BigDecimal> prices = new TreeMap<>(Map.of("BTC", new BigDecimal("40000"), "ETH", new BigDecimal("2000")));
  private int signalSeq;
  private final List<Signal> pastSignals = new ArrayList<>();

  OrderPathSimulation(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.exchange = new RecordingExchange(new PaperVenue(new PaperMatchingEngine.Settings(new BigDecimal("5"),
        new BigDecimal("1"), BigDecimal.ZERO, new BigDecimal("0.5")), clock, SETTLED_RETENTION), () -> guardian.acknowledged());
    this.guardian = new SimGuardian(this);
    this.venue = new SimVenue(this);
    exchange.connect(report -> send("venue", new AdapterReport(report), false, false));
    String[][] setup = {{"b1", "BTC", "0.1"}, {"b2", "BTC", "0.05"}, {"b3", "ETH", "1"}};
    for (String[] b : setup) {
      ApprovalMode mode = random.nextInt(3) == 0 ? ApprovalMode.HUMAN_REQUIRED : ApprovalMode.AUTO_EXECUTE;
      var config = new BotConfig(b[0], "sim", b[1], VENUE, VenueMode.PAPER, "sim", SignalMode.BOTH, mode,
          Sizing.fixedQuantity(new BigDecimal(b[2])), RegimeFilter.ANY, APPROVAL_TIMEOUT);
      var bot = new SimBot(this, b[0], config);
      bots.put(b[0], bot);
      bot.persist(bot.model.create(bot.state, config));
    }
    prices.forEach(this::publishPrice);
  }

  // ---------------------------------------------------------------- the run

  /** {@code steps} random steps, then everything settles without new input or faults. */
  void run(int steps) {
    for (int i = 0; i < steps; i++) randomStep();
    settle();
    // One more forget tick once all is quiet: its sync heals every Forget lost during the run (checked afterwards).
    forget();
    settle();
  }

  private void randomStep() {
    stats.steps++;
    int r = random.nextInt(1000);
    if (r < 560 && !network.isEmpty()) deliverRandom();
    else if (r < 640) guardian.flush();
    else if (r < 720) signal();
    else if (r < 760) approveOrReject();
    else if (r < 840) tick(Duration.ofSeconds(1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40)));
    else if (r < 920) movePrice();
    else if (r < 935) restart();
    else if (r < 942) operator(TradingState.ACTIVE);
    else if (r < 946) operator(TradingState.REDUCING);
    else if (r < 952) killSwitch();
    else if (r < 960) duplicateSignal();
    else if (r < 975) forget();
    else guardian.flush();
  }

  /** No faults, no new signals: deliver everything, write, let timers fire, until nothing is left to do. */
  void settle() {
    log("settle");
    for (int i = 0; i < 50_000; i++) {
      if (!network.isEmpty()) {
        deliver(network.remove(0));
      } else if (guardian.hasPending()) {
        guardian.flush();
      } else if (bots.values().stream().anyMatch(SimBot::waiting)) {
        tick(RETRY);
        prices.forEach(this::publishPrice); // the market goes on quoting: resting remainders fill
      } else {
        return;
      }
    }
    throw new IllegalStateException("the order path did not settle");
  }

  private void deliverRandom() {
    int i = random.nextInt(Math.min(network.size(), 1 + random.nextInt(6))); // mostly near the head: reordered, not starved
    if (network.get(i).body() instanceof VenueReport) i = firstVenueReport(); // one sender to one receiver: in order
    Msg m = network.get(i);
    int fault = random.nextInt(100);
    if (fault < 4 && m.droppable()) {
      network.remove(i);
      stats.drops++;
      log("DROP", m);
      return;
    }
    if (fault >= 94 && m.duplicable()) {
      stats.duplicates++;
      log("DUPLICATE", m);
    } else {
      network.remove(i);
    }
    deliver(m);
  }

  private int firstVenueReport() {
    for (int i = 0; ; i++) if (network.get(i).body() instanceof VenueReport) return i;
  }

  private void deliver(Msg m) {
    stats.delivered++;
    log("deliver", m);
    if (m.to().equals("guardian")) guardian.receive(m.body());
    else if (m.to().equals("venue")) venue.receive(m.body());
    else bots.get(m.to()).receive(m.body());
  }

  void send(String to, Object body, boolean droppable, boolean duplicable) {
    network.add(new Msg(to, body, droppable, duplicable));
  }

  private void signal() {
    SimBot bot = pick(List.copyOf(bots.values()));
    SignalAction action;
    if (bot.state instanceof BotState.Idle) action = random.nextBoolean() ? SignalAction.ENTER_LONG : SignalAction.ENTER_SHORT;
    else if (bot.state instanceof BotState.Monitoring) action = random.nextInt(4) == 0 ? SignalAction.ADJUST : SignalAction.EXIT;
    else action = pick(List.of(SignalAction.values()));
    String symbol = bot.config.underlying();
    BigDecimal price = prices.get(symbol);
    BigDecimal stop = action == SignalAction.ENTER_SHORT ? price.multiply(new BigDecimal("1.05")) : price.multiply(new BigDecimal("0.95"));
    if (action == SignalAction.ENTER_SHORT || action == SignalAction.ENTER_LONG || action == SignalAction.ADJUST) {
      boolean shortPosition = bot.state.data().position().quantity().signum() < 0;
      if (action == SignalAction.ADJUST && shortPosition) stop = price.multiply(new BigDecimal("1.05"));
    } else {
      stop = null;
    }
    var s = new Signal("s" + (++signalSeq), bot.id, symbol, action, action == SignalAction.EXIT ? null : price, stop, null,
        "sim", clock.instant());
    pastSignals.add(s);
    stats.signals++;
    log("signal " + s.signalId() + " " + action + " to " + bot.id + " in " + bot.state.phase());
    bot.persist(bot.model.ingest(bot.state, s));
  }

  private void duplicateSignal() {
    if (pastSignals.isEmpty()) return;
    Signal s = pick(pastSignals);
    log("signal " + s.signalId() + " again");
    SimBot bot = bots.get(s.botId());
    bot.persist(bot.model.ingest(bot.state, s));
  }

  private void approveOrReject() {
    for (SimBot bot : bots.values()) {
      if (bot.state instanceof BotState.AwaitingApproval) {
        stats.approvals++;
        boolean approve = random.nextInt(4) != 0;
        log((approve ? "approve " : "reject ") + bot.id);
        bot.persist(approve ? bot.model.approve(bot.state, "sim") : bot.model.reject(bot.state, "sim"));
        return;
      }
    }
  }

  /** Time passes; each bot's timers fire (retry, approval deadline), each with some chance of being late. */
  void tick(Duration by) {
    clock.advance(by);
    log("clock +", by);
    for (SimBot bot : bots.values()) {
      bot.persist(bot.model.deadline(bot.state));
      if (bot.waiting() && (network.isEmpty() || random.nextInt(3) > 0)) bot.retry();
    }
  }

  /** The guardian's timer: orders settled longer than the retention ago are forgotten, then the venue's too. */
  private void forget() {
    guardian.forget();
  }

  private void movePrice() {
    String symbol = random.nextBoolean() ? "BTC" : "ETH";
    double pct = (random.nextDouble() - 0.5) * (random.nextInt(8) == 0 ? 0.3 : 0.06);
    BigDecimal p = prices.get(symbol).multiply(BigDecimal.valueOf(1 + pct)).setScale(2, RoundingMode.HALF_UP);
    prices.put(symbol, p);
    log("price " + symbol + " " + p);
    publishPrice(symbol, p);
  }

  private void publishPrice(String symbol, BigDecimal p) {
    BigDecimal half = p.multiply(new BigDecimal("0.0005"), MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP);
    exchange.onMarketPrice(new Venue.MarketPrice(symbol, p.subtract(half), p.add(half), clock.instant()));
    send("guardian", new Mark(symbol, p), true, true);
  }

  private void restart() {
    stats.restarts++;
    int who = random.nextInt(bots.size() + 2);
    if (who == 0) guardian.restart();
    else if (who == 1) venue.restart();
    else pick(List.copyOf(bots.values())).restart();
  }

  private void operator(TradingState state) {
    log("operator sets " + state);
    guardian.setTradingState(state);
  }

  private void killSwitch() {
    stats.killSwitches++;
    log("KILL SWITCH");
    guardian.killSwitch();
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  void log(String line) {
    log(line, null);
  }

  /** A trace line, rendered only when a run fails (rendering every message costs more than the run). */
  void log(String what, Object detail) {
    traceLines.add(new TraceLine(stats.steps, what, detail));
  }

  private record TraceLine(int step, String what, Object detail) {
    @Override
    public String toString() {
      return step + " " + what + (detail == null ? "" : " " + detail);
    }
  }

  /** Everything that happened, one line per step: what a failing seed did. */
  List<String> trace() {
    return traceLines.stream().map(TraceLine::toString).toList();
  }

  // ================================================================ the bot

  /** BotEntity's routing around the real transitions: persist, then ask the guardian or the venue. */
  static final class SimBot {
    final OrderPathSimulation sim;
    final String id;
    final BotConfig config;
    final BotModel model;
    final List<BotEvent> journal = new ArrayList<>();
    BotState state;

    SimBot(OrderPathSimulation sim, String id, BotConfig config) {
      this.sim = sim;
      this.id = id;
      this.config = config;
      this.model = new BotModel(id, sim.clock);
      this.state = new BotState.New(id);
    }

    void persist(List<BotEvent> events) {
      if (events.isEmpty()) return;
      for (BotEvent e : events) {
        journal.add(e);
        state = BotModel.apply(state, e);
      }
      for (BotEvent e : events) {
        if (e instanceof BotEvent.RiskCheckStarted rc) askReview(rc.proposal());
        else if (e instanceof BotEvent.OrderIntended oi && working(oi.order().clientOrderId()) != null) askAck(oi.order());
      }
    }

    void receive(Object body) {
      if (body instanceof Reviewed r) {
        persist(model.reviewed(state, r.reply()));
      } else if (body instanceof Report r) {
        var events = model.orderReported(state, r.report());
        if (events.isEmpty() && r.report() instanceof OrderReport.Status st && st.status() == OrderStatus.UNKNOWN
            && working(st.clientOrderId()) != null) {
          askAck(working(st.clientOrderId()).order());
        } else if (events.isEmpty() && model.asksForStatus(state, r.report())) {
          sim.send("venue", new Query(r.report().clientOrderId(), id), true, true);
        } else if (model.forgotten(state, r.report())) {
          sim.stats.forgottenOrders++;
          sim.send("guardian", new PositionQuery(id, config.underlying(), r.report().clientOrderId(),
              ((OrderReport.Status) r.report()).reason()), true, true);
        }
        persist(events);
      } else if (body instanceof LedgerPosition p) {
        persist(model.forgottenOrderFailed(state, p.id(), p.detail(), p.position()));
      }
    }

    boolean waiting() {
      return state instanceof BotState.RiskCheck || state instanceof BotState.WithOrder
          || state instanceof BotState.AwaitingApproval;
    }

    void retry() {
      if (state instanceof BotState.RiskCheck rc) {
        askReview(rc.proposal());
      } else if (state instanceof BotState.Closing c && c.working() == null) {
        persist(model.nextClosingOrder(state));
      } else if (state instanceof BotState.WithOrder w && w.working() != null) {
        ClientOrderId oid = w.working().order().clientOrderId();
        if (state instanceof BotState.Executing ex && sim.clock.instant().isAfter(ex.since().plus(EXECUTION_TIMEOUT))) {
          sim.send("venue", new Cancel(oid, "execution timeout", id), true, true);
        } else {
          sim.send("venue", new Query(oid, id), true, true);
        }
      }
    }

    void restart() {
      sim.log("RESTART bot " + id);
      state = new BotState.New(id);
      for (BotEvent e : journal) state = BotModel.apply(state, e);
      if (state instanceof BotState.RiskCheck rc) askReview(rc.proposal());
      else if (state instanceof BotState.WithOrder w && w.working() != null) {
        sim.send("venue", new Query(w.working().order().clientOrderId(), id), true, true);
      }
    }

    private void askReview(TradeProposal p) {
      sim.send("guardian", new Review(p), true, true);
    }

    private void askAck(Order o) {
      sim.send("guardian", new Acknowledge(o), true, true);
    }

    WorkingOrder working(ClientOrderId oid) {
      return state instanceof BotState.WithOrder w && w.working() != null
          && w.working().order().clientOrderId().equals(oid) ? w.working() : null;
    }

    Phase phase() {
      return state.phase();
    }
  }

  // ================================================================ the guardian

  /**
   * RiskGuardianActor's routing and batching around {@link GuardianDecisions} (the actor's own decisions, its
   * engine, throttle and state fold), with the effects carried by the simulation's messages.
   */
  static final class SimGuardian {
    final OrderPathSimulation sim;
    final RiskEngine engine;
    final GuardianDecisions decisions;
    final List<GuardianEvent> journal = new ArrayList<>();
    GuardianState written;
    private final List<GuardianEvent> pending = new ArrayList<>();
    private final List<Runnable> afterWrite = new ArrayList<>();
    private GuardianState projected;

    SimGuardian(OrderPathSimulation sim) {
      this.sim = sim;
      this.engine = OrderPathWorld.engine();
      this.decisions = new GuardianDecisions(new RiskGuardianActor.Settings(GUARDIAN_ID, START_CASH, ACK_VALIDITY, SIGNER,
          sim.clock, false, SETTLED_RETENTION), engine);
      this.written = empty();
    }

    private GuardianState empty() {
      return GuardianState.open(engine.policy(), START_CASH, sim.clock.instant());
    }

    GuardianState current() {
      return projected != null ? projected : written;
    }

    boolean hasPending() {
      return !pending.isEmpty() || !afterWrite.isEmpty();
    }

    void receive(Object body) {
      if (body instanceof Review r) {
        String bot = r.proposal().botId();
        run(decisions.review(current(), r.proposal(), now()),
            m -> sim.send(bot, new Reviewed((RiskGuardian.ReviewReply) m), true, true));
      } else if (body instanceof Acknowledge a) {
        String bot = a.order().botId();
        run(decisions.acknowledge(current(), a.order(), now()), m -> sim.send(bot, new Report((OrderReport) m), true, true));
      } else if (body instanceof VenueReport v) {
        run(decisions.venueReported(current(), v.report(), now()), m -> {});
      } else if (body instanceof PositionQuery q) {
        run(decisions.botPosition(current(), q.bot(), q.symbol(), now()), m -> sim.send(q.bot(),
            new LedgerPosition(q.id(), q.detail(), ((RiskGuardian.BotPosition) m).position()), true, true));
      } else if (body instanceof Mark m) {
        run(decisions.record(current(), List.of(new GuardianEvent.PricesMarked(Map.of(m.symbol(), m.price()), now())), now()),
            r -> {});
      }
    }

    /** RiskGuardianActor's {@code run}: effects now; events and the effects after them into the next write. */
    private void run(GuardianDecisions.Decision d, java.util.function.Consumer<Object> reply) {
      d.atOnce().forEach(e -> effect(e, reply));
      if (d.writesNothing()) return;
      for (GuardianEvent e : d.events()) {
        if (e instanceof GuardianEvent.TradingStateChanged t && t.by().equals("circuit breaker")) {
          sim.stats.breakerTrips++;
          sim.log("BREAKER " + t.reason());
        }
      }
      projected = d.after();
      pending.addAll(d.events());
      afterWrite.add(() -> d.afterWrite().forEach(e -> effect(e, reply)));
    }

    private void effect(GuardianDecisions.Effect effect, java.util.function.Consumer<Object> reply) {
      if (effect instanceof GuardianDecisions.Reply r) reply.accept(r.message());
      // a repeated request answered with the acknowledgement given before
      else if (effect instanceof GuardianDecisions.Forward f) sim.send("venue", new Submit(f.ack(), !f.fresh()), true, true);
      else if (effect instanceof GuardianDecisions.QueryVenue q) {
        sim.send("venue", new Query(q.order().clientOrderId(), "guardian"), false, true);
      } else if (effect instanceof GuardianDecisions.CancelAtVenue x) {
        sim.send("venue", new Cancel(x.order().clientOrderId(), x.reason(), "guardian"), false, true);
      } else if (effect instanceof GuardianDecisions.ForgetAtVenue f) {
        sim.send("venue", new Forget(f.before(), f.ids()), true, true);
      } else if (effect instanceof GuardianDecisions.SyncForgotten f) {
        sim.send("venue", new ForgottenThrough(f.before(), f.through(), f.kept()), true, true);
      } else if (effect instanceof GuardianDecisions.Publish p) {
        sim.log("ALERT", p.alert());
      }
    }

    void killSwitch() {
      run(decisions.killSwitch(current(), "sim", "kill switch", now()), m -> {});
    }

    /** The guardian's forget tick: the sync from the written state (a lost Forget heals), then the forgetting. */
    void forget() {
      var d = decisions.forgetSettled(written, current(), List.of(VENUE), now());
      if (!d.events().isEmpty()) {
        sim.stats.forgettings++;
        sim.log("guardian forgets settled orders", d.afterWrite());
      }
      run(d, m -> {});
    }

    void setTradingState(TradingState state) {
      run(decisions.setTradingState(current(), state, "sim", "operator", now()), m -> {});
    }

    /** One journal write of everything decided since the last one, then its effects. */
    void flush() {
      if (!hasPending()) return;
      var events = List.copyOf(pending);
      var effects = List.copyOf(afterWrite);
      pending.clear();
      afterWrite.clear();
      projected = null;
      if (!events.isEmpty()) {
        sim.stats.guardianWrites++;
        sim.log("guardian writes", events.size());
        for (GuardianEvent e : events) {
          journal.add(e);
          written = written.apply(e);
        }
      }
      effects.forEach(Runnable::run);
    }

    void restart() {
      sim.log("RESTART guardian, losing " + pending.size() + " undecided events");
      pending.clear();
      afterWrite.clear();
      projected = null;
      written = empty();
      for (GuardianEvent e : journal) written = written.apply(e);
      for (RiskBook.Working w : sortedWorking(written)) {
        sim.send("venue", new Query(w.order().clientOrderId(), "guardian"), false, true);
      }
    }

    private Instant now() {
      return sim.clock.instant();
    }

    /** In client order id order: the state's maps iterate in an order that differs from JVM to JVM. */
    private static List<RiskBook.Working> sortedWorking(GuardianState s) {
      return s.book().working().values().stream()
          .sorted((a, b) -> a.order().clientOrderId().compareTo(b.order().clientOrderId())).toList();
    }

    Set<AcknowledgedOrder> acknowledged() {
      var acks = new LinkedHashSet<AcknowledgedOrder>();
      for (GuardianEvent e : journal) if (e instanceof GuardianEvent.OrdersAcknowledged oa) acks.addAll(oa.acks());
      return acks;
    }
  }

  // ================================================================ the venue

  /**
   * VenueActor's routing around {@link VenueDecisions} (the actor's own decisions, run here without write
   * batching: each decision is written at once), with the paper venue behind it.
   */
  static final class SimVenue {
    final OrderPathSimulation sim;
    final VenueSettings settings;
    final VenueDecisions decisions;
    final List<VenueEvent> journal = new ArrayList<>();
    VenueState state = VenueState.empty(VENUE);
    private final Set<ClientOrderId> reconciling = new HashSet<>();
    private final List<Object> stash = new ArrayList<>();
    private final Set<ClientOrderId> killSwitchFoundUnknown = new HashSet<>();
    /** Sent by this incarnation, not yet answered (VenueActor's {@code placing}). */
    private final Set<ClientOrderId> placing = new HashSet<>();

    SimVenue(OrderPathSimulation sim) {
      this.sim = sim;
      this.settings = VenueSettings.of(VENUE, SIGNER, sim.clock);
      this.decisions = new VenueDecisions(settings);
    }

    void receive(Object body) {
      if (body instanceof Submit s) submit(s);
      else if (body instanceof Cancel c) cancel(c);
      else if (body instanceof Query q) reply(q.requester(), state.statusOf(q.id()));
      else if (body instanceof AdapterReport a) adapterReported(a.report());
      else if (body instanceof PlaceAnswer p) {
        placing.remove(p.id());
        adapterReported(p.report());
      }
      else if (body instanceof CancelAnswer c) run(decisions.cancelAnswered(state, c.report(), now()), c.requester());
      else if (body instanceof Forget f) forget(f);
      else if (body instanceof ForgottenThrough f) forgottenThrough(f);
    }

    private void persist(List<VenueEvent> events) {
      for (VenueEvent e : events) {
        journal.add(e);
        state = state.apply(e);
      }
    }

    /** VenueActor's {@code run}: effects now, the events written, the effects after the write. */
    private void run(VenueDecisions.Decision decision, String requester) {
      decision.atOnce().forEach(e -> effect(e, requester));
      persist(decision.events());
      decision.afterWrite().forEach(e -> effect(e, requester));
    }

    private void effect(VenueDecisions.Effect effect, String requester) {
      if (effect instanceof VenueDecisions.Send s) place(s.order());
      else if (effect instanceof VenueDecisions.SendCancel s) sendCancel(s.id(), s.reason(), requester);
      else if (effect instanceof VenueDecisions.Query q) askForFills(q.id());
      else if (effect instanceof VenueDecisions.TellBot t) reply(t.order().clientOrderId().botId(), t.report());
      else if (effect instanceof VenueDecisions.TellGuardian t) tellGuardian(t.report());
      else if (effect instanceof VenueDecisions.TellRequester t) reply(requester, t.report());
      else if (effect instanceof VenueDecisions.ReplyStatus r) reply(requester, state.statusOf(r.id()));
      else if (effect instanceof VenueDecisions.ReplyCancelOutcome o) {
        VenueDecisions.cancelOutcome(state, o, requester.equals(o.before().clientOrderId().botId()))
            .ifPresent(r -> reply(requester, r));
      }
      else if (effect instanceof VenueDecisions.Alert a) sim.log("ALERT venue: " + a.text(), a.id());
    }

    private void submit(Submit submit) {
      AcknowledgedOrder ack = submit.ack();
      if (!reconciling.isEmpty()) {
        stash.add(submit);
        return;
      }
      ClientOrderId oid = ack.clientOrderId();
      var decision = decisions.submit(state, ack, null, now());
      boolean sends = decision.afterWrite().stream().anyMatch(e -> e instanceof VenueDecisions.Send);
      if (sends) {
        persist(decision.events());
        if (sim.random.nextInt(100) < 3) { // a crash between the write and the send
          sim.stats.restarts++;
          sim.log("CRASH venue after persisting " + oid + ", before sending it");
          restart();
          return;
        }
        if (submit.again() && killSwitchFoundUnknown.contains(oid)) {
          sim.stats.sentAfterKillSwitchCancel++;
          sim.log("the kill switch's cancel found nothing; a repeated acknowledgement now sends", oid);
        }
        decision.afterWrite().forEach(e -> effect(e, oid.botId()));
        return;
      }
      run(decision, oid.botId());
    }

    private void place(Order order) {
      if (!order.reduceOnly() && sim.guardian.written.book().killSwitch()) {
        sim.stats.entriesSentUnderKillSwitch++;
        sim.log("entry sent while the kill switch is engaged", order.clientOrderId());
      }
      CompletionStage<OrderReport> answer = sim.exchange.place(order);
      placing.add(order.clientOrderId());
      sim.send("venue", new PlaceAnswer(order.clientOrderId(), answer.toCompletableFuture().join()), false, false);
    }

    private void cancel(Cancel c) {
      if (!reconciling.isEmpty()) {
        stash.add(c);
        return;
      }
      if (state.find(c.id()).isEmpty() && c.requester().equals("guardian") && c.reason().startsWith("kill switch")) {
        killSwitchFoundUnknown.add(c.id());
      }
      run(decisions.cancel(state, c.id(), c.reason(), now()), c.requester());
    }

    private void forget(Forget f) {
      if (!reconciling.isEmpty()) {
        stash.add(f);
        return;
      }
      var decision = decisions.forgetSettled(state, f.before(), f.ids(), now());
      if (decision.isEmpty()) return;
      sim.log("venue forgets settled orders the guardian forgot", decision.events());
      run(decision, "guardian");
    }

    private void forgottenThrough(ForgottenThrough f) {
      if (!reconciling.isEmpty()) {
        stash.add(f);
        return;
      }
      var decision = decisions.forgottenThrough(state, f.before(), f.through(), f.kept(), now());
      if (decision.isEmpty()) return;
      sim.stats.healedBySync += ((VenueEvent.SettledForgotten) decision.events().get(0)).ids().size();
      sim.log("venue forgets settled orders on the guardian's sync", decision.events());
      run(decision, "guardian");
    }

    private void sendCancel(ClientOrderId oid, String reason, String requester) {
      OrderReport answer = sim.exchange.cancel(oid, reason).toCompletableFuture().join();
      sim.send("venue", new CancelAnswer(answer, requester), false, false);
    }

    private void adapterReported(OrderReport report) {
      ClientOrderId oid = report.clientOrderId();
      if (state.find(oid).isEmpty()) {
        throw new AssertionError("the exchange reported on " + oid + ", "
            + (state.forgotten(oid) ? "settled and forgotten" : "never sent"));
      }
      boolean unstash = report instanceof OrderReport.Status && reconciling.remove(oid) && reconciling.isEmpty();
      run(decisions.adapterReported(state, report, placing.contains(oid), now()), oid.botId());
      if (unstash) {
        var stashed = List.copyOf(stash);
        stash.clear();
        stashed.forEach(this::receive);
      }
    }

    /** VenueActor's: a cancel counting fills not yet recorded closes the order on the venue's status instead. */
    private void askForFills(ClientOrderId oid) {
      sim.log("venue asks for the fills of " + oid + " before closing it");
      sim.send("venue", new AdapterReport(sim.exchange.query(oid).toCompletableFuture().join()), false, false);
    }

    /** To the guardian (reliable: the ledger has no other source) or to a bot (may be lost: bots ask again). */
    private void reply(String to, OrderReport report) {
      if (to.equals("guardian")) tellGuardian(report);
      else sim.send(to, new Report(report), true, true);
    }

    private void tellGuardian(OrderReport report) {
      sim.send("guardian", new VenueReport(report), false, true);
    }

    void restart() {
      sim.log("RESTART venue");
      state = VenueState.empty(VENUE);
      for (VenueEvent e : journal) state = state.apply(e);
      reconciling.clear();
      placing.clear(); // in memory only: a send of the incarnation before is answered as any report
      // the stash is kept: a restarting actor's supervisor keeps what arrived meanwhile
      for (VenueOrder o : state.unresolved()) {
        reconciling.add(o.clientOrderId());
        sim.send("venue", new AdapterReport(sim.exchange.query(o.clientOrderId()).toCompletableFuture().join()), false, false);
      }
    }

    private Instant now() {
      return sim.clock.instant();
    }
  }
}
