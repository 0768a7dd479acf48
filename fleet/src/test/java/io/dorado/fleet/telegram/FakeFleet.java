package io.dorado.fleet.telegram;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The fleet behind {@link FleetOperations}, played by the test: bots with phases, approvals that
 * wait with a deadline, and, like the real order path, an approved trade moves its bot to EXECUTING
 * and its fill is published as an alert on the real alert topic (then the bot is MONITORING).
 * Every call is recorded, so a test can say exactly what the bridge asked for.
 */
final class FakeFleet implements FleetOperations {
  private final ActorRef<Topic.Command<Alert>> topic;
  private final Clock clock;
  final Map<String, Phase> phases = new ConcurrentHashMap<>();
  final Map<String, List<Phase>> history = new ConcurrentHashMap<>();
  final List<PendingApproval> pending = new CopyOnWriteArrayList<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  volatile TradingState tradingState = TradingState.ACTIVE;
  volatile boolean killSwitch;
  /** The scanner's last report (null: no scan has finished). */
  volatile io.dorado.protocol.strategy.ScanReport lastScan;

  @Override
  public CompletionStage<Optional<io.dorado.protocol.strategy.ScanReport>> lastScan() {
    calls.add("lastScan");
    return done(Optional.ofNullable(lastScan));
  }

  /** As the scanner answers: a bot it knows and scans starts, a webhook-only one is refused, another is unknown. */
  @Override
  public CompletionStage<io.dorado.protocol.strategy.Scan.BotScanAnswer> scanBot(String botId, String by) {
    calls.add("scanBot " + botId + " " + by);
    var outcome = !phases.containsKey(botId) ? io.dorado.protocol.strategy.Scan.Outcome.UNKNOWN_BOT
        : botId.startsWith("hook") ? io.dorado.protocol.strategy.Scan.Outcome.NOT_SCANNED
        : io.dorado.protocol.strategy.Scan.Outcome.STARTED;
    String detail = switch (outcome) {
      case STARTED -> "scan scan-9 of " + botId + " started";
      case NOT_SCANNED -> "bot " + botId + " takes webhook signals only (signal_mode webhook): the scanner does not scan it";
      default -> "no bot '" + botId + "' for the scanner";
    };
    return done(new io.dorado.protocol.strategy.Scan.BotScanAnswer(botId, outcome, detail));
  }

  /** The regime publisher is gone: the call never answers (the bridge must time it out). */
  volatile boolean regimeHangs;
  /** Bots the guardian's execution throttle paused, with why. */
  final Map<String, RiskGuardian.PausedBot> throttled = new java.util.concurrent.ConcurrentHashMap<>();

  FakeFleet(ActorRef<Topic.Command<Alert>> topic, Clock clock) {
    this.topic = topic;
    this.clock = clock;
  }

  static BotConfig config(String botId) {
    return new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY, null);
  }

  void addBot(String botId) {
    move(botId, Phase.IDLE);
  }

  /** The bot holds a position (its entry filled). */
  void holding(String botId) {
    move(botId, Phase.MONITORING);
  }

  /** The bot's trade passed risk: it waits for a human until {@code deadline}, and the alert goes out. */
  PendingApproval requestApproval(String botId, String signalId, Instant deadline) {
    TradeProposal proposal = new TradeProposal(TradeProposal.reviewIdFor(botId, signalId), botId, signalId, "paper",
        "BTC", Side.BUY, new BigDecimal("97200"), new BigDecimal("93500"), new BigDecimal("105000"),
        Sizing.fixedQuantity(new BigDecimal("0.5")), false, clock.instant());
    PendingApproval p = new PendingApproval(botId, "crypto_momentum", proposal, new BigDecimal("0.5"),
        new BigDecimal("1850.00"), clock.instant(), deadline);
    pending.add(p);
    move(botId, Phase.AWAITING_APPROVAL);
    topic.tell(Topic.publish(new Alert.ApprovalRequested(botId, proposal, p.quantity(), p.maxLoss(), deadline,
        clock.instant())));
    return p;
  }

  List<String> calls(String prefix) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }
  }

  private void move(String botId, Phase phase) {
    phases.put(botId, phase);
    history.computeIfAbsent(botId, b -> new CopyOnWriteArrayList<>()).add(phase);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private BotEntry entry(String botId) {
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    return new BotEntry(botId, config(botId), Desired.RUNNING, true, false, phases.get(botId), t, t);
  }

  // ---- bots

  @Override
  public CompletionStage<Fleet.BotList> bots() {
    calls.add("bots");
    return done(new Fleet.BotList(false, phases.keySet().stream().sorted().map(this::entry).toList()));
  }

  @Override
  public CompletionStage<Fleet.BotLookup> bot(String botId) {
    calls.add("bot " + botId);
    return done(phases.containsKey(botId) ? new Fleet.Found(entry(botId)) : new Fleet.NotFound(botId));
  }

  @Override
  public CompletionStage<Optional<BotState>> liveState(String botId, boolean wake) {
    calls.add("liveState " + botId);
    // Woken, an idle bot shows its state (a pick asks); otherwise the bot is not in memory.
    return done(wake && phases.get(botId) == Phase.IDLE
        ? Optional.of(new BotState.Idle(io.dorado.protocol.bot.BotData.initial(config(botId)))) : Optional.empty());
  }

  @Override
  public CompletionStage<Fleet.Reply> createBot(BotConfig config, String by) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("not from Telegram"));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseBot(String botId, String by) {
    calls.add("pause " + botId + " " + by);
    return done(phases.containsKey(botId) ? new Fleet.Done("paused") : new Fleet.NotFound(botId));
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeBot(String botId, String by) {
    calls.add("resume " + botId + " " + by);
    return done(phases.containsKey(botId) ? new Fleet.Done("resumed") : new Fleet.NotFound(botId));
  }

  @Override
  public CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("not from Telegram"));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseAll(String by, String reason) {
    calls.add("pauseAll " + by);
    return done(new Fleet.Done(phases.size() + " bots paused"));
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeAll(String by) {
    calls.add("resumeAll " + by);
    return done(new Fleet.Done(phases.size() + " bots resumed"));
  }

  /** As a bot does: a holding bot starts its exit (through the guardian), any other refuses. */
  @Override
  public CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason) {
    calls.add("closePosition " + botId + " " + by + " " + reason);
    Phase phase = phases.getOrDefault(botId, Phase.NEW);
    if (phase != Phase.MONITORING) return done(new Bot.Rejected(botId, phase, "no open position to close"));
    move(botId, Phase.CLOSING);
    return done(new Bot.Accepted(botId, Phase.CLOSING, "exit order " + ClientOrderId.of(botId, 2) + " intended"));
  }

  @Override
  public CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal) {
    calls.add("ingestSignal " + botId + " " + signal.signalId() + " " + signal.source());
    move(botId, Phase.RISK_CHECK);
    return done(new Bot.Accepted(botId, Phase.RISK_CHECK, "signal " + signal.signalId()));
  }

  @Override
  public CompletionStage<Fleet.Reply> recordPick(String botId, String scanId, String candidateId, int rank, double score,
      String signalId, String scanFate, String by) {
    calls.add("recordPick " + botId + " " + scanId + " " + candidateId + " #" + rank + " " + by);
    return done(new Fleet.Done("recorded"));
  }

  // ---- approvals

  @Override
  public CompletionStage<List<PendingApproval>> pendingApprovals() {
    calls.add("pendingApprovals");
    return done(List.copyOf(pending));
  }

  @Override
  public CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by) {
    calls.add("approve " + botId + " " + reviewId + " " + by);
    Optional<PendingApproval> p = waiting(botId, reviewId);
    Phase phase = phases.getOrDefault(botId, Phase.NEW);
    if (p.isEmpty()) return done(new Bot.Rejected(botId, phase, "no trade awaits approval"));
    pending.remove(p.get());
    if (!clock.instant().isBefore(p.get().deadline())) {
      move(botId, Phase.CANCELLED);
      return done(new Bot.Rejected(botId, Phase.CANCELLED, "the approval deadline has passed"));
    }
    move(botId, Phase.EXECUTING);
    TradeProposal t = p.get().proposal();
    // The venue fills the order a moment later; the bot publishes the fill and starts monitoring.
    CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> {
      move(botId, Phase.MONITORING);
      topic.tell(Topic.publish(new Alert.OrderFilled(botId, ClientOrderId.of(botId, 1), t.symbol(), t.side(),
          p.get().quantity(), new BigDecimal("97210.5"), true, clock.instant())));
    });
    return done(new Bot.Accepted(botId, Phase.EXECUTING, "order " + ClientOrderId.of(botId, 1) + " intended"));
  }

  @Override
  public CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason) {
    calls.add("reject " + botId + " " + reviewId + " " + by);
    Optional<PendingApproval> p = waiting(botId, reviewId);
    if (p.isEmpty()) return done(new Bot.Rejected(botId, phases.getOrDefault(botId, Phase.NEW), "no trade awaits approval"));
    pending.remove(p.get());
    move(botId, Phase.CANCELLED);
    return done(new Bot.Accepted(botId, Phase.CANCELLED, reason));
  }

  private Optional<PendingApproval> waiting(String botId, String reviewId) {
    return pending.stream()
        .filter(p -> p.botId().equals(botId) && (reviewId == null || p.reviewId().equals(reviewId))).findFirst();
  }

  @Override
  public CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by) {
    calls.add("annotate " + botId + " " + reviewId + " " + tag + " " + by);
    return done(new Fleet.Done("tagged"));
  }

  // ---- risk and allocation

  /** The portfolio risk (VaR, positions, greeks) {@link #risk} reports: none until a test sets it. */
  volatile RiskGuardian.PortfolioRisk portfolioRisk;
  /** The kill switch scopes {@link #risk} reports engaged. */
  final List<io.dorado.protocol.risk.KillScope.Engaged> killScopes = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** When set, {@link #riskPolicy} fails as on a node that does not serve it. */
  volatile boolean policyMissing;

  @Override
  public CompletionStage<RiskGuardian.GuardianStatus> risk() {
    calls.add("risk");
    return done(new RiskGuardian.GuardianStatus(tradingState, killSwitch, null, new BigDecimal("90000"),
        new BigDecimal("100250.5"), new BigDecimal("250.5"), Map.of("BTC", new BigDecimal("0.5"), "ETH", BigDecimal.ZERO),
        1, 7, new BigDecimal("3.2"), new BigDecimal("0.4"), new BigDecimal("1.1"), throttled, List.of(), portfolioRisk,
        List.copyOf(killScopes)));
  }

  /** The default policy: heat 30 %, daily loss 2 %, drawdown 10 %. */
  @Override
  public CompletionStage<io.dorado.protocol.risk.RiskPolicy> riskPolicy() {
    calls.add("riskPolicy");
    return policyMissing ? io.dorado.cluster.ops.OperationNotAvailable.stage("risk policy")
        : done(io.dorado.protocol.risk.RiskPolicy.DEFAULT);
  }

  /** The guardian paused {@code botId}: it is in the status and its alert is published. */
  void throttle(String botId, String detail) {
    throttled.put(botId, new RiskGuardian.PausedBot(io.dorado.protocol.risk.DenialReason.EXECUTION_THROTTLE, detail,
        clock.instant()));
    topic.tell(Topic.publish(new Alert.BotPaused(botId, io.dorado.protocol.risk.DenialReason.EXECUTION_THROTTLE, detail,
        clock.instant())));
  }

  /** Accounts a reconciliation mismatch holds; {@link #mismatch} publishes its alert as the guardian does. */
  final java.util.Set<String> heldAccounts = java.util.concurrent.ConcurrentHashMap.newKeySet();

  void mismatch(String venue, String detail) {
    heldAccounts.add(venue);
    topic.tell(Topic.publish(new Alert.AccountMismatch(venue, venue, detail, clock.instant())));
  }

  @Override
  public CompletionStage<RiskGuardian.AccountsView> accounts() {
    calls.add("accounts");
    boolean held = heldAccounts.contains("binance");
    var account = new RiskGuardian.AccountView("binance", "binance", "live",
        held ? TradingState.REDUCING : TradingState.ACTIVE, held ? "reconciliation mismatch" : null,
        new BigDecimal("20000"), new BigDecimal("45000"), new BigDecimal("19500"), new BigDecimal("3.5"), BigDecimal.ZERO,
        Map.of("BTC", new BigDecimal("0.40")), Map.of("BTC", new BigDecimal("0.1")), List.of(),
        held ? "MISMATCH" : "OK", clock.instant(), null);
    return done(new RiskGuardian.AccountsView(List.of(account), clock.instant()));
  }

  @Override
  public CompletionStage<RiskGuardian.AccountReply> acknowledgeReconciliation(String account, String by, String reason) {
    calls.add("acknowledgeReconciliation " + account + " " + by);
    boolean was = heldAccounts.remove(account);
    return done(new RiskGuardian.AccountReply(account, true, was, was ? "account " + account + " trades again"
        : "account " + account + " is not held by a reconciliation mismatch"));
  }

  @Override
  public CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    calls.add("resumeBotTrading " + botId + " " + by);
    boolean was = throttled.remove(botId) != null;
    return done(new RiskGuardian.BotResumeReply(botId, was,
        was ? "resumed" : "bot " + botId + " is not paused by the execution throttle"));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason) {
    calls.add("setTradingState " + state + " " + by);
    tradingState = state;
    return done(new RiskGuardian.OperatorReply(state, killSwitch, "set by " + by));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> engageKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    calls.add("engageKillScope " + scope.key() + " " + by + " " + reason);
    return done(new RiskGuardian.OperatorReply(tradingState, true, "kill switch engaged for " + scope.describe()
        + "; cancelling 1 working entries, 1 reduce-only orders stay"));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason) {
    calls.add("killSwitch " + by);
    tradingState = TradingState.HALTED;
    killSwitch = true;
    return done(new RiskGuardian.OperatorReply(TradingState.HALTED, true, "1 working order cancelled"));
  }

  @Override
  public CompletionStage<Allocator.Allocation> allocation() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("not from Telegram"));
  }

  @Override
  public CompletionStage<Optional<RegimeView>> regime() {
    calls.add("regime");
    if (regimeHangs) return new CompletableFuture<>();
    return done(Optional.of(new RegimeView("goldilocks", "trending", "diversified",
        Instant.parse("2026-11-21T12:00:00Z"), false)));
  }

  // ---- read side

  @Override
  public CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    calls.add("recentOrders " + limit);
    return done(List.of(new OrderView("btc-1", "btc-1-1", "BTC", Side.BUY, new BigDecimal("0.5"),
        new BigDecimal("0.5"), new BigDecimal("97210.5"), OrderStatus.FILLED, clock.instant())));
  }

  @Override
  public CompletionStage<ProfitReport> profit(int days) {
    calls.add("profit " + days);
    LocalDate today = LocalDate.parse("2026-11-21");
    List<ProfitReport.Day> byDay = new ArrayList<>();
    for (int i = days - 1; i >= 0; i--) byDay.add(new ProfitReport.Day(today.minusDays(i), new BigDecimal("10"), 1));
    return done(new ProfitReport(days, new BigDecimal(10 * days), days, byDay));
  }

  /** Closed trades, newest first, as the read side keeps them. */
  final List<io.dorado.cluster.ops.TradeView> trades = new CopyOnWriteArrayList<>();
  /** Audit entries, newest first. */
  final List<io.dorado.cluster.ops.AuditEntry> audit = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<io.dorado.cluster.ops.Page<io.dorado.cluster.ops.TradeView>> trades(Optional<String> botId,
      io.dorado.cluster.ops.PageRequest page) {
    calls.add("trades " + page.limit());
    return done(page(trades, page.limit()));
  }

  @Override
  public CompletionStage<io.dorado.cluster.ops.Page<io.dorado.cluster.ops.AuditEntry>> audit(Optional<String> entityId,
      io.dorado.cluster.ops.PageRequest page) {
    calls.add("audit " + page.limit());
    return done(page(audit, page.limit()));
  }

  private static <T> io.dorado.cluster.ops.Page<T> page(List<T> rows, int limit) {
    return new io.dorado.cluster.ops.Page<>(rows.stream().limit(limit).toList(),
        rows.size() > limit ? Optional.of("next") : Optional.empty());
  }

  /** A deadline this far from the clock. */
  Instant in(Duration d) {
    return clock.instant().plus(d);
  }
}
