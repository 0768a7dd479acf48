package io.dorado.http;

import io.dorado.cluster.ops.ClusterView;
import io.dorado.cluster.ops.EquityPoint;
import io.dorado.cluster.ops.FillView;
import io.dorado.cluster.ops.FleetEventView;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.JournalEntry;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.Readiness;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.cluster.ops.SymbolNames;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.PortfolioGreeks;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * A small fleet in memory behind {@link FleetOperations}: bots with phases, approvals that move a bot
 * to EXECUTING, signal ids remembered per bot, a guardian and an allocator with fixed numbers, a read
 * side of orders to page through, and a live stream of the bot events it produces. Operations named in
 * {@link #silent} never answer, to show the API answering 503 instead of hanging.
 */
final class FakeFleet implements FleetOperations {
  static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");
  static final String UNIVERSE = "core";
  static final Set<String> TEMPLATES = Set.of("trend_following", "iron_condor");

  final Map<String, BotEntry> bots = new ConcurrentHashMap<>();
  final Map<String, BotState> live = new ConcurrentHashMap<>();
  final Map<String, PendingApproval> pending = new ConcurrentHashMap<>();
  final Map<String, List<String>> signalIds = new ConcurrentHashMap<>();
  final List<Signal> ingested = new CopyOnWriteArrayList<>();
  final List<String> annotations = new CopyOnWriteArrayList<>();
  final List<String> actions = new CopyOnWriteArrayList<>();
  final List<OrderView> orderLog = new CopyOnWriteArrayList<>();
  final Set<String> silent = ConcurrentHashMap.newKeySet();
  /** Operations that fail with the given error (the storage timing out, say). */
  final Map<String, Throwable> failing = new ConcurrentHashMap<>();
  volatile TradingState tradingState = TradingState.ACTIVE;
  volatile boolean killSwitch;
  /** Bots the guardian's execution throttle paused. */
  final Set<String> throttled = ConcurrentHashMap.newKeySet();

  private final SourceQueueWithComplete<FleetEventView> queue;
  private final Source<FleetEventView, NotUsed> hub;

  FakeFleet(ActorSystem<?> system) {
    Pair<SourceQueueWithComplete<FleetEventView>, Source<FleetEventView, NotUsed>> pair =
        Source.<FleetEventView>queue(256, OverflowStrategy.dropHead())
            .toMat(BroadcastHub.of(FleetEventView.class, 256), Keep.both())
            .run(system);
    queue = pair.first();
    hub = pair.second();
    hub.runWith(Sink.ignore(), system); // drains when no client listens
  }

  static BotConfig config(String id) {
    return new BotConfig(id, UNIVERSE, "BTC-USD", "paper", null, "trend_following", null, null,
        Sizing.fixedQuantity(new BigDecimal("0.5")), null, null);
  }

  /**
   * The universe's names for its symbols, as a node knows them from universe.yaml and its venue accounts: ETH on
   * Binance (ETHUSDT), BTC on Kraken (XBT/USD) and Binance, AAPL an equity, SOL quoted in USDT.
   */
  static final Map<String, SymbolNames> NAMES = Map.of(
      "ETH", new SymbolNames("ETH", AssetClass.CRYPTO, "USD", Set.of("ETHUSDT")),
      "BTC", new SymbolNames("BTC", AssetClass.CRYPTO, "USD", Set.of("XBT/USD", "BTCUSDT")),
      "AAPL", new SymbolNames("AAPL", AssetClass.EQUITY_OPTIONS, "USD", Set.of()),
      "SOL", new SymbolNames("SOL", AssetClass.CRYPTO, "USDT", Set.of("SOLUSDT")));

  @Override
  public SymbolNames symbolNames(String universe, String symbol) {
    return NAMES.getOrDefault(symbol, SymbolNames.plain(symbol));
  }

  /** Each symbol's market calendar, as universe.yaml gives it: AAPL's options trade on US hours, the coins 24/7. */
  @Override
  public java.util.Optional<io.dorado.protocol.market.TradingCalendar> calendarOf(String universe, String symbol) {
    return java.util.Optional.ofNullable(NAMES.get(symbol)).map(n -> n.assetClass() == AssetClass.CRYPTO
        ? io.dorado.protocol.market.TradingCalendars.CRYPTO : io.dorado.protocol.market.TradingCalendars.US_OPTIONS);
  }

  /** A webhook bot on {@code underlying}. */
  FakeFleet withBot(String id, String underlying, String venue) {
    BotConfig base = config(id);
    BotConfig config = new BotConfig(id, UNIVERSE, underlying, venue, null, base.strategyTemplate(), null, null,
        base.sizing(), null, null);
    bots.put(id, BotEntry.registered(config, T0).withStatus(Phase.IDLE, false));
    live.put(id, new BotState.Idle(BotData.initial(config)));
    return this;
  }

  FakeFleet withBot(String id) {
    BotConfig config = config(id);
    bots.put(id, BotEntry.registered(config, T0).withStatus(Phase.IDLE, false));
    live.put(id, new BotState.Idle(BotData.initial(config)));
    return this;
  }

  /** Puts the bot in AWAITING_APPROVAL on a long BTC trade from signal {@code signalId}. */
  PendingApproval awaitApproval(String botId, String signalId) {
    BotConfig config = bots.get(botId).config();
    var proposal = new TradeProposal(TradeProposal.reviewIdFor(botId, signalId), botId, signalId, "paper", "BTC-USD",
        Side.BUY, new BigDecimal("64000"), new BigDecimal("62000"), null, config.sizing(), false, T0);
    var approval = new PendingApproval(botId, config.strategyTemplate(), proposal, new BigDecimal("0.5"),
        new BigDecimal("1000"), T0, T0.plus(Duration.ofHours(4)));
    pending.put(botId, approval);
    setPhase(botId, Phase.AWAITING_APPROVAL, new BotState.AwaitingApproval(BotData.initial(config), proposal,
        approval.quantity(), approval.maxLoss(), T0, approval.deadline()));
    emit(new BotEvent.ApprovalRequested(botId, proposal.reviewId(), approval.quantity(), approval.maxLoss(),
        approval.deadline(), T0));
    return approval;
  }

  void emit(BotEvent e) {
    queue.offer(FleetEventView.of(e));
  }

  private void setPhase(String botId, Phase phase, BotState state) {
    bots.computeIfPresent(botId, (id, b) -> b.withStatus(phase, b.holding()));
    live.put(botId, state);
  }

  private <T> CompletionStage<T> answer(String op, T value) {
    actions.add(op);
    if (failing.containsKey(op)) return CompletableFuture.failedFuture(failing.get(op));
    return silent.contains(op) ? new CompletableFuture<>() : CompletableFuture.completedFuture(value);
  }

  private Phase phaseOf(String botId) {
    BotEntry b = bots.get(botId);
    return b == null ? Phase.NEW : b.phase();
  }

  // ---- bots

  @Override
  public CompletionStage<Fleet.BotList> bots() {
    return answer("bots", new Fleet.BotList(false, List.copyOf(new java.util.TreeMap<>(bots).values())));
  }

  @Override
  public CompletionStage<Fleet.BotLookup> bot(String botId) {
    BotEntry b = bots.get(botId);
    return answer("bot", b == null ? new Fleet.NotFound(botId) : new Fleet.Found(b));
  }

  @Override
  public CompletionStage<Optional<BotState>> liveState(String botId, boolean wake) {
    // Bots whose id starts with "sleepy" are passivated: only waking them shows their state.
    boolean running = !botId.startsWith("sleepy") || wake;
    return answer("liveState", running ? Optional.ofNullable(live.get(botId)) : Optional.empty());
  }

  @Override
  public CompletionStage<Fleet.Reply> createBot(BotConfig config, String by) {
    if (!UNIVERSE.equals(config.universe())) {
      return answer("createBot", new Fleet.Refused("universe '" + config.universe() + "' is not configured"));
    }
    if (!TEMPLATES.contains(config.strategyTemplate())) {
      return answer("createBot", new Fleet.Refused("strategy_template '" + config.strategyTemplate() + "' is unknown"));
    }
    if (bots.containsKey(config.id())) return answer("createBot", new Fleet.Refused("bot " + config.id() + " exists"));
    bots.put(config.id(), BotEntry.registered(config, T0));
    live.put(config.id(), new BotState.Idle(BotData.initial(config)));
    return answer("createBot by " + by, new Fleet.Done("bot " + config.id() + " created"));
  }

  private CompletionStage<Fleet.Reply> desire(String op, String botId, Desired desired, String by) {
    BotEntry b = bots.get(botId);
    if (b == null) return answer(op, new Fleet.NotFound(botId));
    if (b.retired()) return answer(op, new Fleet.Refused("bot " + botId + " is retired"));
    bots.put(botId, b.withDesired(desired, T0));
    return answer(op + " by " + by, new Fleet.Done(botId + " " + desired));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseBot(String botId, String by) {
    return desire("pauseBot", botId, Desired.PAUSED, by);
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeBot(String botId, String by) {
    return desire("resumeBot", botId, Desired.RUNNING, by);
  }

  @Override
  public CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason) {
    return desire("retireBot(" + reason + ")", botId, Desired.RETIRED, by);
  }

  /** A bot the scanner scans only when asked ({@code signal_source: on_demand}). */
  FakeFleet withOnDemandBot(String id) {
    BotConfig base = config(id);
    BotConfig config = new BotConfig(id, UNIVERSE, base.underlying(), base.venue(), null, base.strategyTemplate(),
        io.dorado.protocol.bot.SignalMode.SCAN, null, base.sizing(), null, null, io.dorado.protocol.bot.SignalSource.ON_DEMAND);
    bots.put(id, BotEntry.registered(config, T0).withStatus(Phase.IDLE, false));
    live.put(id, new BotState.Idle(BotData.initial(config)));
    return this;
  }

  /** As the fleet supervisor: unknown bot, retired bot, unknown template refused; else the registry's entry changes. */
  @Override
  public CompletionStage<Fleet.Reply> reconfigureBot(String botId, String strategyTemplate,
      io.dorado.protocol.bot.Sizing sizing, io.dorado.protocol.bot.SignalSource signalSource, String by) {
    BotEntry b = bots.get(botId);
    if (b == null) return answer("reconfigureBot", new Fleet.NotFound(botId));
    if (b.retired()) return answer("reconfigureBot", new Fleet.Refused("bot " + botId + " is retired"));
    if (strategyTemplate != null && !TEMPLATES.contains(strategyTemplate)) {
      return answer("reconfigureBot", new Fleet.Refused("invalid bot config: strategy_template: unknown template '"
          + strategyTemplate + "'"));
    }
    BotConfig old = b.config();
    BotConfig next = old.with(strategyTemplate == null ? old.strategyTemplate() : strategyTemplate,
        sizing == null ? old.sizing() : sizing, signalSource == null ? old.signalSource() : signalSource);
    bots.put(botId, b.withConfig(next, T0));
    return answer("reconfigureBot(" + next.strategyTemplate() + ", " + next.sizing().method() + ", "
        + next.signalSource().type() + ") by " + by, new Fleet.Done("bot " + botId + " reconfigured"));
  }

  /** As the scanner: unknown bot 404, a webhook-only bot refused, else started. */
  @Override
  public CompletionStage<io.dorado.protocol.strategy.Scan.BotScanAnswer> scanBot(String botId, String by) {
    BotEntry b = bots.get(botId);
    if (b == null) {
      return answer("scanBot", new io.dorado.protocol.strategy.Scan.BotScanAnswer(botId,
          io.dorado.protocol.strategy.Scan.Outcome.UNKNOWN_BOT, "no bot '" + botId + "' for the scanner"));
    }
    if (!b.config().signalMode().acceptsScan()) {
      return answer("scanBot", new io.dorado.protocol.strategy.Scan.BotScanAnswer(botId,
          io.dorado.protocol.strategy.Scan.Outcome.NOT_SCANNED, "bot " + botId + " takes webhook signals only"));
    }
    return answer("scanBot(" + botId + ") by " + by, new io.dorado.protocol.strategy.Scan.BotScanAnswer(botId,
        io.dorado.protocol.strategy.Scan.Outcome.STARTED, "scan of " + botId + " started"));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseAll(String by, String reason) {
    return answer("pauseAll(" + reason + ") by " + by, new Fleet.Done("fleet paused"));
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeAll(String by) {
    return answer("resumeAll by " + by, new Fleet.Done("fleet resumed"));
  }

  @Override
  public CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason) {
    Phase phase = phaseOf(botId);
    if (phase != Phase.MONITORING) {
      return answer("closePosition", new Bot.Rejected(botId, phase, "close is not valid in " + phase));
    }
    return answer("closePosition", new Bot.Accepted(botId, Phase.CLOSING, reason));
  }

  @Override
  public CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal) {
    BotEntry bot = bots.get(botId);
    if (bot != null && !signal.symbol().equals(bot.config().underlying())) { // as the bot refuses it (BotTransitions)
      return answer("ingestSignal", new Bot.Rejected(botId, phaseOf(botId), "signal symbol " + signal.symbol()
          + " is not this bot's underlying " + bot.config().underlying()));
    }
    List<String> seen = signalIds.computeIfAbsent(botId, id -> new CopyOnWriteArrayList<>());
    if (seen.contains(signal.signalId())) {
      return answer("ingestSignal", new Bot.AlreadyProcessed(botId, signal.signalId(), phaseOf(botId)));
    }
    seen.add(signal.signalId());
    ingested.add(signal);
    return answer("ingestSignal", new Bot.Accepted(botId, Phase.SIGNAL_RECEIVED, "signal " + signal.signalId()));
  }

  // ---- approvals

  @Override
  public CompletionStage<List<PendingApproval>> pendingApprovals() {
    return answer("pendingApprovals", List.copyOf(pending.values()));
  }

  @Override
  public CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by) {
    PendingApproval p = pending.get(botId);
    if (p == null) {
      return answer("approve", new Bot.Rejected(botId, phaseOf(botId), "nothing awaits approval in " + phaseOf(botId)));
    }
    if (reviewId != null && !reviewId.equals(p.reviewId())) {
      return answer("approve", new Bot.Rejected(botId, Phase.AWAITING_APPROVAL, "review " + reviewId + " is not the one awaiting"));
    }
    pending.remove(botId);
    setPhase(botId, Phase.EXECUTING, new BotState.Executing(live.get(botId).data(), p.proposal(), p.quantity(), null, T0));
    emit(new BotEvent.ExecutionApproved(botId, p.reviewId(), p.quantity(), p.maxLoss(), by, false, T0));
    return answer("approve by " + by, new Bot.Accepted(botId, Phase.EXECUTING, "approved " + p.reviewId()));
  }

  @Override
  public CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason) {
    PendingApproval p = pending.remove(botId);
    if (p == null) return answer("reject", new Bot.Rejected(botId, phaseOf(botId), "nothing awaits approval"));
    setPhase(botId, Phase.IDLE, new BotState.Idle(live.get(botId).data()));
    emit(new BotEvent.TradeCancelled(botId, p.reviewId(), reason, by, T0));
    return answer("reject(" + reason + ") by " + by, new Bot.Accepted(botId, Phase.CANCELLED, reason));
  }

  @Override
  public CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by) {
    if (!bots.containsKey(botId)) return answer("annotate", new Fleet.NotFound(botId));
    annotations.add(botId + " " + reviewId + " " + tag + " by " + by);
    return answer("annotate", new Fleet.Done("tagged " + tag));
  }

  // ---- risk and allocation

  @Override
  public CompletionStage<RiskGuardian.GuardianStatus> risk() {
    return answer("risk", new RiskGuardian.GuardianStatus(tradingState, killSwitch, killSwitch ? "kill switch" : null,
        new BigDecimal("80000.00"), new BigDecimal("100250.50"), new BigDecimal("250.50"),
        Map.of("BTC-USD", new BigDecimal("0.5")), 1, 12, new BigDecimal("12.5"), new BigDecimal("0.4"),
        new BigDecimal("1.2"), throttled.stream().collect(java.util.stream.Collectors.toMap(id -> id,
            id -> new RiskGuardian.PausedBot(io.dorado.protocol.risk.DenialReason.EXECUTION_THROTTLE,
                "bot " + id + " asked for 21 trades and orders within 1m > max 20", T0))), List.of(), portfolioRisk(),
        List.copyOf(killScopes.values())));
  }

  /** The crypto account long 0.5 BTC-USD: its VaR against a 1 % limit, 1 of 10 positions; the fleet's 1 of 25. */
  private static RiskGuardian.PortfolioRisk portfolioRisk() {
    var historical = new RiskGuardian.VarFigures(new BigDecimal("812.40"), new BigDecimal("1104.75"),
        new BigDecimal("1290.10"), new BigDecimal("1420.00"));
    var parametric = new RiskGuardian.VarFigures(new BigDecimal("760.12"), new BigDecimal("953.20"),
        new BigDecimal("1075.33"), new BigDecimal("1232.08"));
    var crypto = new RiskGuardian.ScopeRisk("crypto", new BigDecimal("100250.50"), Map.of("BTC-USD", new BigDecimal("25000")),
        250, historical, parametric, new BigDecimal("0.8104"), new BigDecimal("1"), 1, 10, List.of());
    var fleet = new RiskGuardian.ScopeRisk("fleet", new BigDecimal("100250.50"), Map.of("BTC-USD", new BigDecimal("25000")),
        250, historical, parametric, new BigDecimal("0.8104"), new BigDecimal("1"), 1, 25, List.of());
    // Greeks: BTC spot (delta 1 a unit) and an AAPL option book (10 calls long, 5 puts short, 200 shares); the fleet's
    // delta (25000.00) is past its 20000 limit.
    var btc = new PortfolioGreeks.Underlying("BTC", new BigDecimal("50000"), new BigDecimal("0.5"), new BigDecimal("25000.00"),
        BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("0.00"));
    var aapl = new PortfolioGreeks.Underlying("AAPL", new BigDecimal("100"), new BigDecimal("959.970000"),
        new BigDecimal("95997.00"), new BigDecimal("19.922200"), new BigDecimal("99.61"), new BigDecimal("-10.92"));
    var book = new PortfolioGreeks.Scope("crypto", List.of(aapl, btc), new BigDecimal("120997.00"), new BigDecimal("99.61"),
        new BigDecimal("-10.92"), List.of());
    var greeks = new PortfolioGreeks(List.of(book), new PortfolioGreeks.Scope("fleet", List.of(btc), new BigDecimal("25000.00"),
        new BigDecimal("0.00"), new BigDecimal("0.00"), List.of()), new BigDecimal("100000"), new BigDecimal("20000"),
        new BigDecimal("150"), null);
    return new RiskGuardian.PortfolioRisk("historical", List.of(crypto), fleet, T0, greeks);
  }

  /** Accounts held by a reconciliation mismatch (REDUCING until acknowledged). */
  final java.util.Set<String> heldAccounts = new java.util.concurrent.CopyOnWriteArraySet<>();
  /** The accounts {@link #accounts()} lists. */
  final java.util.Set<String> knownAccounts = java.util.Set.of("crypto");

  RiskGuardian.AccountView account(String id) {
    boolean held = heldAccounts.contains(id);
    var external = new io.dorado.protocol.venue.VenueOrderView("v-9", null, "web-1", "BTC-USD",
        io.dorado.protocol.order.Side.SELL, io.dorado.protocol.order.OrderType.LIMIT, new BigDecimal("0.1"),
        new BigDecimal("70000"), null, null, io.dorado.protocol.order.OrderStatus.WORKING, T0);
    return new RiskGuardian.AccountView(id, id, "live", held ? TradingState.REDUCING : TradingState.ACTIVE,
        held ? "reconciliation mismatch: cash: ledger 20000.00, venue 19000.00" : null, new BigDecimal("20000"),
        new BigDecimal("45000"), new BigDecimal("19500"), new BigDecimal("3.5"), BigDecimal.ZERO,
        Map.of("BTC-USD", new BigDecimal("0.4")), Map.of("BTC-USD", new BigDecimal("0.1")), List.of(external),
        held ? "MISMATCH" : "OK", T0, held ? "cash: ledger 20000.00, venue 19000.00" : null,
        Map.of("BTC-USD", new BigDecimal("-1.35")));
  }

  @Override
  public CompletionStage<RiskGuardian.AccountsView> accounts() {
    return answer("accounts", new RiskGuardian.AccountsView(List.of(account("crypto")), T0));
  }

  @Override
  public CompletionStage<RiskGuardian.AccountReply> acknowledgeReconciliation(String account, String by, String reason) {
    boolean was = heldAccounts.remove(account);
    if (!knownAccounts.contains(account)) {
      return answer("acknowledgeReconciliation(" + account + ", " + reason + ") by " + by,
          new RiskGuardian.AccountReply(account, false, false, "no account " + account));
    }
    return answer("acknowledgeReconciliation(" + account + ", " + reason + ") by " + by, new RiskGuardian.AccountReply(
        account, true, was, was ? "account " + account + " takes the venue's last snapshot and trades again"
            : "account " + account + " is not held by a reconciliation mismatch"));
  }

  @Override
  public CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    boolean was = throttled.remove(botId);
    return answer("resumeBotTrading(" + botId + ", " + reason + ") by " + by, new RiskGuardian.BotResumeReply(botId, was,
        was ? "bot " + botId + " may add exposure again" : "bot " + botId + " is not paused by the execution throttle"));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason) {
    tradingState = state;
    if (state == TradingState.ACTIVE) killSwitch = false;
    return answer("setTradingState(" + state + ", " + reason + ") by " + by, new RiskGuardian.OperatorReply(state, killSwitch, reason));
  }

  /** Engaged kill switch scopes (venue, account, bot), by key. */
  final Map<String, io.dorado.protocol.risk.KillScope.Engaged> killScopes = new java.util.concurrent.ConcurrentSkipListMap<>();

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> engageKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    if (scope.kind() == io.dorado.protocol.risk.KillScope.Kind.ALL) return killSwitch(by, reason);
    killScopes.putIfAbsent(scope.key(), new io.dorado.protocol.risk.KillScope.Engaged(scope, by, reason, T0));
    return answer("engageKillScope(" + scope.key() + ", " + reason + ") by " + by,
        new RiskGuardian.OperatorReply(tradingState, true, "kill switch engaged for " + scope.describe()));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> releaseKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    if (scope.kind() == io.dorado.protocol.risk.KillScope.Kind.ALL) return setTradingState(TradingState.ACTIVE, by, reason);
    boolean was = killScopes.remove(scope.key()) != null;
    return answer("releaseKillScope(" + scope.key() + ", " + reason + ") by " + by, new RiskGuardian.OperatorReply(
        tradingState, false, was ? "kill switch released for " + scope.describe() : "no kill switch engaged for " + scope.describe()));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason) {
    tradingState = TradingState.HALTED;
    killSwitch = true;
    return answer("killSwitch(" + reason + ") by " + by, new RiskGuardian.OperatorReply(TradingState.HALTED, true, "1 order cancelled"));
  }

  @Override
  public CompletionStage<Allocator.Allocation> allocation() {
    return answer("allocation", new Allocator.Allocation(ArmMode.BY_BOT, new BigDecimal("100000"), 3, T0, T0.plusSeconds(3600),
        List.of(new Allocator.ArmView("btc-trend", "trend_following", List.of("btc-trend"), 3.5, 2.5, 0.166, 4, 0, 4,
            0.6, new BigDecimal("60000.00"), io.dorado.protocol.allocation.PosteriorKind.NIG, 0.2, 0.15, 0.09,
            new io.dorado.protocol.allocation.NigPosterior(0.2, 5, 3, 0.18, 0, 1, 1, 0.25, 4)))));
  }

  @Override
  public CompletionStage<io.dorado.cluster.ops.TrackRecordsView> trackRecords() {
    return answer("trackRecords", new io.dorado.cluster.ops.TrackRecordsView(T0, 200, 20,
        List.of(new io.dorado.cluster.ops.TrackRecordsView.Entry("btc-trend", "trend_following", 25, 0.6, 2.0, 0.55, true)),
        List.of(new io.dorado.cluster.ops.TrackRecordsView.Entry("trend_following", null, 31, 0.58, 1.9, 0.55, true))));
  }

  /** Trades as returns on notional, per bot: what the projector resamples (GET /api/v1/projections). */
  volatile io.dorado.cluster.ops.TradeReturns tradeReturns = new io.dorado.cluster.ops.TradeReturns(T0, 200, List.of(
      returns("btc-trend", "trend_following", 24, 0.03, 16, 0.02), // p 0.6, b 1.5: f* 1/3
      returns("eth-trend", "trend_following", 22, 0.02, 18, 0.02), // p 0.55, b 1: f* 0.1
      returns("sol-revert", "mean_reversion", 9, 0.01, 21, 0.01), // p 0.3: no edge
      returns("new-bot", "breakout", 5, 0.01, 0, 0)));

  /** {@code wins} returns of +{@code win} then {@code losses} of −{@code loss}. */
  static io.dorado.cluster.ops.TradeReturns.Bot returns(String bot, String template, int wins, double win, int losses,
      double loss) {
    var r = new ArrayList<Double>();
    for (int i = 0; i < wins + losses; i++) r.add(i < wins ? win : -loss);
    return new io.dorado.cluster.ops.TradeReturns.Bot(bot, template, r);
  }

  @Override
  public CompletionStage<io.dorado.cluster.ops.TradeReturns> tradeReturns() {
    return answer("tradeReturns", tradeReturns);
  }

  /**
   * Orders as the read side measures them (GET /api/v1/fill-quality): on crypto, a market buy decided at 100 filled at
   * 100.16 (arrival mark 100.05) and a market sell decided at 110 filled at 109.89 (mark 109.78); an unfilled limit.
   */
  volatile List<io.dorado.persistence.readside.FillQuality.Measured> measuredOrders = List.of(
      measured("crypto", "MARKET", "btc-trend", 1, "BUY", "10", "100.16", "100", "100.05"),
      measured("crypto", "MARKET", "eth-trend", 1, "SELL", "5", "109.89", "110", "109.78"),
      measured("crypto", "LIMIT", "btc-trend", 2, "BUY", "0", null, "99", null),
      measured("paper", "MARKET", "sol-revert", 1, "BUY", "2", "20.02", "20", null));

  static io.dorado.persistence.readside.FillQuality.Measured measured(String venue, String type, String bot, int seq,
      String side, String qty, String avg, String decision, String arrival) {
    return new io.dorado.persistence.readside.FillQuality.Measured(venue, type, bot, bot + "-" + seq, "X", side,
        new BigDecimal(qty), avg == null ? null : new BigDecimal(avg), new BigDecimal(decision),
        arrival == null ? null : new BigDecimal(arrival));
  }

  @Override
  public CompletionStage<List<io.dorado.persistence.readside.FillQuality.Group>> fillQuality(Optional<String> venue,
      Optional<String> botId) {
    return answer("fillQuality", io.dorado.persistence.readside.FillQuality.summarize(measuredOrders.stream()
        .filter(m -> venue.map(m.venue()::equals).orElse(true) && botId.map(m.botId()::equals).orElse(true))
        .toList()));
  }

  @Override
  public CompletionStage<Optional<RegimeView>> regime() {
    return answer("regime", Optional.empty());
  }

  /** The scanner's last report (null: no scan has finished). */
  volatile io.dorado.protocol.strategy.ScanReport lastScan;
  /** Venue id → what its adapter reports. */
  final java.util.Map<String, io.dorado.protocol.venue.VenueInstruments> instruments = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Optional<io.dorado.protocol.strategy.ScanReport>> lastScan() {
    return answer("lastScan", Optional.ofNullable(lastScan));
  }

  /** The scans kept, newest first (the scan history). */
  final List<io.dorado.protocol.strategy.ScanReport> scanHistory = new CopyOnWriteArrayList<>();
  /** Picks journalled: "botId scanId candidateId #rank fate by". */
  final List<String> picks = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<List<io.dorado.protocol.strategy.ScanReport>> scans(int limit) {
    return answer("scans", scanHistory.stream().limit(limit).toList());
  }

  @Override
  public CompletionStage<Fleet.Reply> recordPick(String botId, String scanId, String candidateId, int rank, double score,
      String signalId, String scanFate, String by) {
    if (!bots.containsKey(botId)) return answer("recordPick", new Fleet.NotFound(botId));
    picks.add(botId + " " + scanId + " " + candidateId + " #" + rank + " " + scanFate + " by " + by);
    return answer("recordPick", new Fleet.Done("recorded"));
  }

  @Override
  public CompletionStage<Optional<io.dorado.protocol.venue.VenueInstruments>> instruments(String venue) {
    return answer("instruments", Optional.ofNullable(instruments.get(venue)));
  }

  // ---- read side

  @Override
  public CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    return answer("recentOrders", orderLog.stream().filter(o -> botId.map(o.botId()::equals).orElse(true)).limit(limit).toList());
  }

  /** Pages through the order log; the cursor is the index of the next row. */
  @Override
  public CompletionStage<Page<OrderView>> orders(Optional<String> botId, PageRequest page) {
    List<OrderView> all = orderLog.stream().filter(o -> botId.map(o.botId()::equals).orElse(true)).toList();
    int from = page.cursor().map(Integer::parseInt).orElse(0);
    int to = Math.min(all.size(), from + page.limit());
    Optional<String> next = to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty();
    return answer("orders", new Page<>(all.subList(from, to), next));
  }

  @Override
  public CompletionStage<Page<FillView>> fills(Optional<String> botId, PageRequest page) {
    return answer("fills", Page.last(List.of(new FillView("btc-trend", "f-1", "btc-trend-1", "BTC-USD", Side.BUY,
        new BigDecimal("0.5"), new BigDecimal("64010.5"), new BigDecimal("1.20"), T0))));
  }

  /** btc-trend's closed trades, newest first: +300, -120.25, +70.75 (cumulative 300, 179.75, 250.50). */
  @Override
  public CompletionStage<Page<io.dorado.cluster.ops.TradeView>> trades(Optional<String> botId, PageRequest page) {
    List<io.dorado.cluster.ops.TradeView> all = List.of(
        trade("t-3", "70.75", T0.minusSeconds(600)), trade("t-2", "-120.25", T0.minusSeconds(3000)),
        trade("t-1", "300", T0.minusSeconds(5400)));
    return answer("trades", Page.last(botId.map("btc-trend"::equals).orElse(true) ? all : List.of()));
  }

  private static io.dorado.cluster.ops.TradeView trade(String id, String pnl, java.time.Instant closed) {
    return new io.dorado.cluster.ops.TradeView("btc-trend", id, "BTC-USD", new BigDecimal("0.5"), new BigDecimal("64000"),
        null, new BigDecimal(pnl), null, "long", closed.minusSeconds(900), closed);
  }

  @Override
  public CompletionStage<Page<JournalEntry>> botHistory(String botId, PageRequest page) {
    if (!bots.containsKey(botId)) return answer("botHistory", Page.last(List.of()));
    return answer("botHistory", Page.last(List.of(JournalEntry.of(1, new BotEvent.BotCreated(botId, bots.get(botId).config(), T0)))));
  }

  @Override
  public CompletionStage<ProfitReport> profit(int days) {
    return answer("profit", new ProfitReport(days, new BigDecimal("250.50"), 2,
        List.of(new ProfitReport.Day(LocalDate.of(2026, 11, 20), new BigDecimal("250.50"), 2))));
  }

  @Override
  public CompletionStage<List<EquityPoint>> equityCurve(int days) {
    return answer("equityCurve", List.of(new EquityPoint(T0.minusSeconds(7200), new BigDecimal("100000"), BigDecimal.ZERO),
        new EquityPoint(T0.minusSeconds(3600), new BigDecimal("99800"), new BigDecimal("-200")),
        new EquityPoint(T0, new BigDecimal("100250.50"), new BigDecimal("250.50"))));
  }

  @Override
  public CompletionStage<RiskPolicy> riskPolicy() {
    return answer("riskPolicy", RiskPolicy.DEFAULT);
  }

  @Override
  public CompletionStage<RiskGuardian.BreakerReport> breakers() {
    var gauges = List.of(
        new RiskGuardian.BreakerGauge(Breaker.DAILY_LOSS, new BigDecimal("2.4"), new BigDecimal("2"), true, T0, "halt"),
        new RiskGuardian.BreakerGauge(Breaker.WEEKLY_LOSS, new BigDecimal("2.4"), new BigDecimal("5"), false, null, "halt"),
        new RiskGuardian.BreakerGauge(Breaker.DRAWDOWN, new BigDecimal("3.1"), new BigDecimal("10"), false, null,
            "reduce sizing"),
        new RiskGuardian.BreakerGauge(Breaker.CONSECUTIVE_LOSSES, new BigDecimal("1"), new BigDecimal("3"), false, null,
            "reduce sizing"));
    var calm = List.of(
        new RiskGuardian.BreakerGauge(Breaker.DAILY_LOSS, new BigDecimal("0.3"), new BigDecimal("2"), false, null, "halt"));
    return answer("breakers", new RiskGuardian.BreakerReport(gauges,
        BigDecimal.ONE, TradingState.HALTED, TradingState.HALTED, false, T0.plusSeconds(60), List.of(
            new RiskGuardian.AccountBreakers("binance", "binance", "live", true, gauges, BigDecimal.ONE,
                TradingState.HALTED, TradingState.HALTED, false),
            new RiskGuardian.AccountBreakers("binance/paper", "binance", "paper", false, calm, BigDecimal.ONE,
                TradingState.ACTIVE, TradingState.ACTIVE, false),
            new RiskGuardian.AccountBreakers("kraken", "kraken", "live", true, calm, BigDecimal.ONE,
                TradingState.ACTIVE, TradingState.ACTIVE, false)),
        new RiskGuardian.FleetWideReport(List.of("binance", "kraken"), new BigDecimal("195000"), new BigDecimal("31000"),
            List.of(new RiskGuardian.FleetGauge("heat", new BigDecimal("15.9"), new BigDecimal("30"), false),
                new RiskGuardian.FleetGauge("daily_loss", new BigDecimal("2.5"), new BigDecimal("2"), true)))));
  }

  @Override
  public CompletionStage<List<io.dorado.protocol.venue.VenueInfo>> venues() {
    return answer("venues", List.of(
        new io.dorado.protocol.venue.VenueInfo("paper", "paper", io.dorado.protocol.market.VenueMode.PAPER, "paper", true,
            io.dorado.protocol.venue.VenueInfo.Connection.CONNECTED),
        new io.dorado.protocol.venue.VenueInfo("binance-testnet", "binance", io.dorado.protocol.market.VenueMode.BROKER_PAPER,
            "testnet-1", true, io.dorado.protocol.venue.VenueInfo.Connection.CONNECTING)));
  }

  @Override
  public CompletionStage<ClusterView> cluster() {
    return answer("cluster", new ClusterView("pekko://dorado@127.0.0.1:25520", "pekko://dorado@127.0.0.1:25520",
        List.of(new ClusterView.Member("pekko://dorado@127.0.0.1:25520", "Up", Set.of("dc-default"), true),
            new ClusterView.Member("pekko://dorado@127.0.0.1:25521", "Up", Set.of("dc-default"), true)),
        List.of(new ClusterView.ShardRegion("Bot", "pekko://dorado@127.0.0.1:25520", List.of("3", "17"), 2),
            new ClusterView.ShardRegion("Bot", "pekko://dorado@127.0.0.1:25521", List.of("5"), 1))));
  }

  @Override
  public CompletionStage<Readiness> readiness() {
    return answer("readiness", new Readiness(true, List.of()));
  }

  @Override
  public Source<FleetEventView, NotUsed> events(Optional<String> botId) {
    return hub.filter(e -> botId.map(b -> b.equals(e.botId())).orElse(true));
  }

  /**
   * Ten orders of two bots, newest first: btc-trend's approved by telegram @alice, eth-trend's automatically, and
   * eth-trend-1 intended before orders named their template and approver.
   */
  FakeFleet withOrders() {
    for (int i = 10; i >= 1; i--) {
      String bot = i % 2 == 0 ? "btc-trend" : "eth-trend";
      orderLog.add(new OrderView(bot, bot + "-" + i, "BTC-USD", Side.BUY, BigDecimal.ONE, BigDecimal.ONE,
          new BigDecimal("64000"), OrderStatus.FILLED, T0.plusSeconds(i), i == 1 ? null : "crypto_momentum",
          i % 2 == 0 ? "telegram @alice" : null));
    }
    return this;
  }
}
