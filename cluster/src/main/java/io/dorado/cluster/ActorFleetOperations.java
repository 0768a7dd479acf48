package io.dorado.cluster;

import io.dorado.cluster.ops.AuditEntry;
import io.dorado.cluster.ops.ClusterView;
import io.dorado.cluster.ops.EquityPoint;
import io.dorado.cluster.ops.FillView;
import io.dorado.cluster.ops.FleetEventView;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.JournalEntry;
import io.dorado.cluster.ops.OperationTimeout;
import io.dorado.cluster.ops.TrackRecordsView;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.Readiness;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.cluster.ops.TradeView;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@link FleetOperations} on the live actors, wherever they run in the cluster, in three parts:
 * {@link FleetCommands} (what operators and signal sources tell the fleet), {@link LiveQueries} (what the
 * actors know now) and {@link ReadSideViews} (history from the read side and the journals). Every ask has
 * the node's timeout ({@link Asks}); a timeout fails the stage with {@link OperationTimeout}.
 */
final class ActorFleetOperations implements FleetOperations {
  private final FleetCommands commands;
  private final LiveQueries live;
  private final ReadSideViews history;
  private final VenueQueries venues;
  private final UniverseSymbols symbols;
  private final ScanQueries scans;
  private final java.util.concurrent.atomic.AtomicReference<TrackRecordCache> trackRecords =
      new java.util.concurrent.atomic.AtomicReference<>();

  ActorFleetOperations(FleetCommands commands, LiveQueries live, ReadSideViews history) {
    this(commands, live, history, null, null, null);
  }

  ActorFleetOperations(FleetCommands commands, LiveQueries live, ReadSideViews history, VenueQueries venues,
      UniverseSymbols symbols, ScanQueries scans) {
    this.scans = scans;
    this.commands = commands;
    this.live = live;
    this.history = history;
    this.venues = venues;
    this.symbols = symbols;
  }

  @Override
  public io.dorado.cluster.ops.SymbolNames symbolNames(String universe, String symbol) {
    return symbols == null ? FleetOperations.super.symbolNames(universe, symbol) : symbols.namesOf(universe, symbol);
  }

  @Override
  public Optional<io.dorado.protocol.market.TradingCalendar> calendarOf(String universe, String symbol) {
    return symbols == null ? FleetOperations.super.calendarOf(universe, symbol) : symbols.calendarOf(universe, symbol);
  }

  @Override
  public CompletionStage<List<io.dorado.protocol.venue.VenueInfo>> venues() {
    return venues == null ? FleetOperations.super.venues() : venues.venues();
  }

  @Override
  public CompletionStage<Optional<io.dorado.protocol.venue.VenueInstruments>> instruments(String venue) {
    return venues == null ? FleetOperations.super.instruments(venue) : venues.instruments(venue);
  }

  @Override
  public CompletionStage<Optional<io.dorado.protocol.strategy.ScanReport>> lastScan() {
    return scans == null ? FleetOperations.super.lastScan() : scans.last();
  }

  @Override
  public CompletionStage<io.dorado.protocol.strategy.Scan.BotScanAnswer> scanBot(String botId, String by) {
    return scans == null ? FleetOperations.super.scanBot(botId, by) : scans.scanBot(botId, by);
  }

  /** The strategy pipeline's track records on this node, once it has started. */
  void attachTrackRecords(TrackRecordCache cache) {
    trackRecords.set(cache);
  }

  @Override
  public CompletionStage<TrackRecordsView> trackRecords() {
    var cache = trackRecords.get();
    return cache == null ? FleetOperations.super.trackRecords()
        : java.util.concurrent.CompletableFuture.completedFuture(cache.view());
  }

  @Override
  public CompletionStage<io.dorado.cluster.ops.TradeReturns> tradeReturns() {
    var cache = trackRecords.get();
    return cache == null ? FleetOperations.super.tradeReturns()
        : java.util.concurrent.CompletableFuture.completedFuture(cache.returns());
  }

  @Override
  public CompletionStage<List<io.dorado.protocol.strategy.ScanReport>> scans(int limit) {
    return scans == null ? FleetOperations.super.scans(limit) : scans.recent(limit);
  }

  @Override
  public CompletionStage<Fleet.Reply> recordPick(String botId, String scanId, String candidateId, int rank, double score,
      String signalId, String scanFate, String by) {
    return commands.recordPick(botId, scanId, candidateId, rank, score, signalId, scanFate, by);
  }

  // ---- commands

  @Override
  public CompletionStage<Fleet.Reply> reconfigureBot(String botId, String strategyTemplate,
      io.dorado.protocol.bot.Sizing sizing, io.dorado.protocol.bot.SignalSource signalSource, String by) {
    return commands.reconfigureBot(botId, strategyTemplate, sizing, signalSource, by);
  }

  @Override public CompletionStage<Fleet.Reply> createBot(BotConfig config, String by) { return commands.createBot(config, by); }

  @Override public CompletionStage<Fleet.Reply> pauseBot(String botId, String by) { return commands.pauseBot(botId, by); }

  @Override public CompletionStage<Fleet.Reply> resumeBot(String botId, String by) { return commands.resumeBot(botId, by); }

  @Override
  public CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason) {
    return commands.retireBot(botId, by, reason);
  }

  @Override
  public CompletionStage<Fleet.Reply> promoteBot(String botId, Stage to, String reason, String by) {
    return commands.promoteBot(botId, to, reason, by);
  }

  @Override public CompletionStage<Fleet.Reply> pauseAll(String by, String reason) { return commands.pauseAll(by, reason); }

  @Override public CompletionStage<Fleet.Reply> resumeAll(String by) { return commands.resumeAll(by); }

  @Override
  public CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason) {
    return commands.closePosition(botId, by, reason);
  }

  @Override public CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal) { return commands.ingestSignal(botId, signal); }

  @Override
  public CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by) {
    return commands.approve(botId, reviewId, by);
  }

  @Override
  public CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason) {
    return commands.reject(botId, reviewId, by, reason);
  }

  @Override
  public CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by) {
    return commands.annotate(botId, reviewId, tag, by);
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason) {
    return commands.setTradingState(state, by, reason);
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason) {
    return commands.killSwitch(by, reason);
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> engageKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return commands.engageKillScope(scope, by, reason);
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> releaseKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return commands.releaseKillScope(scope, by, reason);
  }

  @Override
  public CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    return commands.resumeBotTrading(botId, by, reason);
  }

  // ---- live queries

  @Override public CompletionStage<Fleet.BotList> bots() { return live.bots(); }

  @Override public CompletionStage<Fleet.BotLookup> bot(String botId) { return live.bot(botId); }

  @Override
  public CompletionStage<Optional<BotState>> liveState(String botId, boolean wake) {
    return live.liveState(botId, wake);
  }

  @Override public CompletionStage<List<PendingApproval>> pendingApprovals() { return live.pendingApprovals(); }

  @Override public CompletionStage<RiskGuardian.GuardianStatus> risk() { return live.risk(); }

  @Override public CompletionStage<RiskGuardian.BreakerReport> breakers() { return live.breakers(); }

  @Override public CompletionStage<RiskGuardian.AccountsView> accounts() { return live.accounts(); }

  @Override
  public CompletionStage<RiskGuardian.AccountReply> acknowledgeReconciliation(String account, String by, String reason) {
    return commands.acknowledgeReconciliation(account, by, reason);
  }

  @Override public CompletionStage<RiskPolicy> riskPolicy() { return live.riskPolicy(); }

  @Override public CompletionStage<Allocator.Allocation> allocation() { return live.allocation(); }

  @Override public CompletionStage<Optional<RegimeView>> regime() { return live.regime(); }

  @Override public CompletionStage<ClusterView> cluster() { return live.cluster(); }

  @Override public CompletionStage<Readiness> readiness() { return live.readiness(); }

  @Override public Source<FleetEventView, NotUsed> events(Optional<String> botId) { return live.events(botId); }

  // ---- history

  @Override
  public CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    return history.recentOrders(botId, limit);
  }

  @Override public CompletionStage<ProfitReport> profit(int days) { return history.profit(days); }

  @Override
  public CompletionStage<Page<OrderView>> orders(Optional<String> botId, PageRequest page) {
    return history.orders(botId, page);
  }

  @Override
  public CompletionStage<Page<FillView>> fills(Optional<String> botId, PageRequest page) {
    return history.fills(botId, page);
  }

  @Override
  public CompletionStage<Page<TradeView>> trades(Optional<String> botId, PageRequest page) {
    return history.trades(botId, page);
  }

  @Override
  public CompletionStage<Page<AuditEntry>> audit(Optional<String> entityId, PageRequest page) {
    return history.audit(entityId, page);
  }

  @Override
  public CompletionStage<Page<JournalEntry>> botHistory(String botId, PageRequest page) {
    return history.botHistory(botId, page);
  }

  @Override public CompletionStage<List<EquityPoint>> equityCurve(int days) { return history.equityCurve(days); }

  @Override
  public CompletionStage<List<io.dorado.persistence.readside.FillQuality.Group>> fillQuality(Optional<String> venue,
      Optional<String> botId) {
    return history.fillQuality(venue, botId);
  }
}
