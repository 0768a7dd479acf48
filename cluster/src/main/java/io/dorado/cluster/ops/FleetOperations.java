package io.dorado.cluster.ops;

import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.fleet.Fleet;
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
 * Everything an operator can do or see, in one place: the HTTP API and the Telegram bridge are two
 * front ends over this one service layer. Every call answers (a timeout fails the stage with
 * {@link OperationTimeout}); refusals are values ({@link Fleet.Refused}, {@link Bot.Rejected}), never
 * exceptions, so a front end can show the reason. {@code by} names the operator for the audit trail.
 */
public interface FleetOperations {

  // ---- bots

  CompletionStage<Fleet.BotList> bots();

  CompletionStage<Fleet.BotLookup> bot(String botId);

  /** The bot's live in-memory state; {@code wake=false} answers empty for a bot that is not running. */
  CompletionStage<Optional<BotState>> liveState(String botId, boolean wake);

  CompletionStage<Fleet.Reply> createBot(BotConfig config, String by);

  CompletionStage<Fleet.Reply> pauseBot(String botId, String by);

  CompletionStage<Fleet.Reply> resumeBot(String botId, String by);

  CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason);

  /** One step up the promotion ladder (paper → canary → full), recorded as a fleet event with its reason. */
  default CompletionStage<Fleet.Reply> promoteBot(String botId, io.dorado.protocol.fleet.Stage to, String reason, String by) {
    return OperationNotAvailable.stage("promote");
  }

  /**
   * Changes a bot's template, sizing and/or signal source (null: unchanged): validated, recorded in the registry, applied
   * by the bot at its next IDLE. The default: not available on this node.
   */
  default CompletionStage<Fleet.Reply> reconfigureBot(String botId, String strategyTemplate,
      io.dorado.protocol.bot.Sizing sizing, io.dorado.protocol.bot.SignalSource signalSource, String by) {
    return OperationNotAvailable.stage("reconfigure");
  }

  /**
   * Starts a scan of one bot now ({@code on_demand} bots are scanned only so); answered at once, the report is the next
   * {@link #lastScan}. The default: not available on this node (no scanner).
   */
  default CompletionStage<io.dorado.protocol.strategy.Scan.BotScanAnswer> scanBot(String botId, String by) {
    return OperationNotAvailable.stage("scan");
  }

  CompletionStage<Fleet.Reply> pauseAll(String by, String reason);

  CompletionStage<Fleet.Reply> resumeAll(String by);

  CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason);

  /** Idempotent by signal id: a repeated delivery answers {@link Bot.AlreadyProcessed}. */
  CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal);

  // ---- approvals

  CompletionStage<List<PendingApproval>> pendingApprovals();

  /** {@code reviewId} may be null (approve whatever awaits); with one, a newer trade is not approved by mistake. */
  CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by);

  CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason);

  /** A one-tap annotation tag on a decided trade (PRD §3.2), kept for later learning. */
  CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by);

  // ---- risk and allocation

  CompletionStage<RiskGuardian.GuardianStatus> risk();

  CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason);

  CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason);

  /**
   * The kill switch of one scope: {@code all} (as {@link #killSwitch}), a venue, an account or a bot (new exposure
   * there denied, its working entries cancelled, its reduce-only orders kept).
   */
  default CompletionStage<RiskGuardian.OperatorReply> engageKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return OperationNotAvailable.stage("kill switch by scope");
  }

  /** Releases one scope's kill switch ({@code all}: trading ACTIVE); {@code killSwitch=false} and why when not engaged. */
  default CompletionStage<RiskGuardian.OperatorReply> releaseKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return OperationNotAvailable.stage("kill switch release");
  }

  /**
   * Lets a bot the guardian's execution throttle paused add exposure again ({@code resumed=false}: it was not
   * paused). Not the fleet's pause ({@link #resumeBot}): that one stops a bot's signals, this one its orders.
   */
  default CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    return OperationNotAvailable.stage("resume bot trading");
  }

  /** Every venue account the guardian keeps: balances, positions, EXTERNAL orders and positions, reconciliation. */
  default CompletionStage<RiskGuardian.AccountsView> accounts() {
    return OperationNotAvailable.stage("accounts");
  }

  /**
   * An operator acknowledges an account's reconciliation mismatch: it takes the venue's snapshot and leaves REDUCING
   * ({@code done=false}: nothing was held).
   */
  default CompletionStage<RiskGuardian.AccountReply> acknowledgeReconciliation(String account, String by, String reason) {
    return OperationNotAvailable.stage("acknowledge reconciliation");
  }

  CompletionStage<Allocator.Allocation> allocation();

  /**
   * The bots' and templates' track records the scanner sizes with (Kelly, the adaptive rules), as last read from the
   * read side. The default: not available on this node (no strategy pipeline).
   */
  default CompletionStage<TrackRecordsView> trackRecords() {
    return OperationNotAvailable.stage("the track records (the strategy pipeline has not started)");
  }

  /**
   * Every bot's newest closed trades as returns on their notional, as the track records last read them: what the
   * projector resamples. The default: not available on this node (no strategy pipeline).
   */
  default CompletionStage<TradeReturns> tradeReturns() {
    return OperationNotAvailable.stage("the trade returns (the strategy pipeline has not started)");
  }

  CompletionStage<Optional<RegimeView>> regime();

  /**
   * The scanner's last report (per bot: the gates, the candidates, the structures refused on their chain and why; the
   * selection with a reason per candidate; the signals sent); empty when no scan has finished yet. The default: not
   * available on this node (no scanner).
   */
  default CompletionStage<Optional<io.dorado.protocol.strategy.ScanReport>> lastScan() {
    return OperationNotAvailable.stage("the scan report");
  }

  /**
   * The newest {@code limit} scans kept (each with its ranked candidates, gate values, sizing and the selection's
   * reasons), newest first. The default: not available on this node (no scan history).
   */
  default CompletionStage<List<io.dorado.protocol.strategy.ScanReport>> scans(int limit) {
    return OperationNotAvailable.stage("the scan history");
  }

  /** Journals a human's pick from a scan's ranked list as an annotation (the fleet's {@code Fleet.RecordPick}). */
  default CompletionStage<Fleet.Reply> recordPick(String botId, String scanId, String candidateId, int rank, double score,
      String signalId, String scanFate, String by) {
    return OperationNotAvailable.stage("recording a pick");
  }

  /**
   * A human picks candidate {@code candidate} (its id, or its symbol when that names one candidate) of the latest scan
   * {@code scanId}: journalled, then sent to its bot on the normal path ({@link CandidatePicks}); refusals are values.
   */
  default CompletionStage<CandidatePick> pickCandidate(String scanId, String candidate, String by) {
    return CandidatePicks.pick(this, scanId, candidate, by, java.time.Clock.systemUTC());
  }

  // ---- read side (orders, fills, trades, P&L)

  CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit);

  CompletionStage<ProfitReport> profit(int days);

  // ---- added for the HTTP API (issue 6). Defaults answer "not available" (HTTP 501) until a node
  // implements them; none of them is required by the Telegram bridge.

  /** Orders, newest first. The default serves the first page from {@link #recentOrders} (no next cursor). */
  default CompletionStage<Page<OrderView>> orders(Optional<String> botId, PageRequest page) {
    if (page.cursor().isPresent()) return OperationNotAvailable.stage("order pagination");
    return recentOrders(botId, page.limit()).thenApply(Page::last);
  }

  /** Fills, newest first. */
  default CompletionStage<Page<FillView>> fills(Optional<String> botId, PageRequest page) {
    return OperationNotAvailable.stage("fills");
  }

  /** Closed trades with realized P&amp;L, newest first. */
  default CompletionStage<Page<TradeView>> trades(Optional<String> botId, PageRequest page) {
    return OperationNotAvailable.stage("trades");
  }

  /** The audit log (every transition with its reason, operators' actions, guardian decisions), newest first. */
  default CompletionStage<Page<AuditEntry>> audit(Optional<String> entityId, PageRequest page) {
    return OperationNotAvailable.stage("audit log");
  }

  /** One bot's events straight from its journal, oldest first; the cursor is the next sequence number. */
  default CompletionStage<Page<JournalEntry>> botHistory(String botId, PageRequest page) {
    return OperationNotAvailable.stage("bot history");
  }

  /**
   * Fill quality by venue and order type: each filled order's slippage in bps against its decision price and its
   * arrival price (see {@link io.dorado.persistence.readside.FillQuality}), on {@code venue} and of {@code botId} when
   * given. The default: not available on this node (no read side).
   */
  default CompletionStage<List<io.dorado.persistence.readside.FillQuality.Group>> fillQuality(Optional<String> venue,
      Optional<String> botId) {
    return OperationNotAvailable.stage("fill quality");
  }

  /** Equity and cumulative realized P&amp;L over the last {@code days} days, oldest first (for the dashboard plot). */
  default CompletionStage<List<EquityPoint>> equityCurve(int days) {
    return OperationNotAvailable.stage("equity curve");
  }

  /** The risk policy the guardian enforces. */
  default CompletionStage<RiskPolicy> riskPolicy() {
    return OperationNotAvailable.stage("risk policy");
  }

  /** The guardian's circuit breakers now: each measure against its limit, which tripped and since when. */
  default CompletionStage<RiskGuardian.BreakerReport> breakers() {
    return OperationNotAvailable.stage("circuit breakers");
  }

  /** Cluster members and the shard distribution per node. */
  default CompletionStage<ClusterView> cluster() {
    return OperationNotAvailable.stage("cluster view");
  }

  /**
   * Each venue account: id, kind, mode (paper, broker_paper, live), account and connection state, from its
   * adapter. Never a credential. The default: not available on this node.
   */
  default CompletionStage<List<io.dorado.protocol.venue.VenueInfo>> venues() {
    return OperationNotAvailable.stage("venues");
  }

  /**
   * A venue account's instrument rules (tick size, lot size, minimum quantity and notional, OANDA's pip) as its adapter
   * reports them now; empty when there is no such venue account. The default: not available on this node.
   */
  default CompletionStage<Optional<io.dorado.protocol.venue.VenueInstruments>> instruments(String venue) {
    return OperationNotAvailable.stage("instrument rules");
  }

  /**
   * What {@code symbol} of {@code universe} is called outside the fleet (its quote currency, the venues' symbols for
   * it), for mapping a charting tool's ticker onto a bot's underlying. The node knows it from its configuration, so
   * it answers at once; the default knows no venue names and a USD quote.
   */
  default SymbolNames symbolNames(String universe, String symbol) {
    return SymbolNames.plain(symbol);
  }

  /**
   * The trading calendar of {@code symbol} of {@code universe} (the signal webhook refuses entries while its market is
   * closed); empty when the node does not know it (the default), and then nothing is refused for the calendar.
   */
  default Optional<io.dorado.protocol.market.TradingCalendar> calendarOf(String universe, String symbol) {
    return Optional.empty();
  }

  /** Whether this node can serve (HTTP {@code /ready}); the default says not, so a node that has not wired it gets no traffic. */
  default CompletionStage<Readiness> readiness() {
    return OperationNotAvailable.stage("readiness");
  }

  /**
   * Live bot events (transitions, orders, fills), for one bot or all; an endless source that each
   * subscriber materializes. Alerts are NOT expected here: front ends take those from the {@code Alert.TOPIC}
   * topic themselves. The default fails, and the HTTP stream then carries alerts only, with a notice.
   */
  default Source<FleetEventView, NotUsed> events(Optional<String> botId) {
    return Source.failed(new OperationNotAvailable("live bot events"));
  }
}
