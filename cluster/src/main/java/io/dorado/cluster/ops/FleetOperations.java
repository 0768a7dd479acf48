package io.dorado.cluster.ops;

import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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

  CompletionStage<Allocator.Allocation> allocation();

  CompletionStage<Optional<RegimeView>> regime();

  // ---- read side (orders, fills, trades, P&L)

  CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit);

  CompletionStage<ProfitReport> profit(int days);
}
