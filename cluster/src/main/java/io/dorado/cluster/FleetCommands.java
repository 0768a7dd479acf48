package io.dorado.cluster;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * What operators and signal sources tell the fleet: the registry's commands (create, pause, retire,
 * promote), a bot's commands (signals, approvals, closing), and the guardian's operator commands
 * (trading state, kill switch). Each is one ask of the actor that owns the decision.
 */
final class FleetCommands {
  private final Asks asks;
  private final ClusterSharding sharding;
  private final EntityTypeKey<Bot.Command> botKey;
  private final ActorRef<Fleet.Command> fleet;
  private final ActorRef<RiskGuardian.Command> guardian;
  /** Bot ids the fleet registry answered Found for: registrations are never removed. */
  private final Set<String> knownBots = ConcurrentHashMap.newKeySet();

  FleetCommands(Asks asks, ClusterSharding sharding, EntityTypeKey<Bot.Command> botKey, ActorRef<Fleet.Command> fleet,
      ActorRef<RiskGuardian.Command> guardian) {
    this.asks = asks;
    this.sharding = sharding;
    this.botKey = botKey;
    this.fleet = fleet;
    this.guardian = guardian;
  }

  // ---- the fleet registry

  CompletionStage<Fleet.Reply> createBot(BotConfig config, String by) {
    return fleet(r -> new Fleet.CreateBot(config, by, r));
  }

  CompletionStage<Fleet.Reply> pauseBot(String botId, String by) {
    return fleet(r -> new Fleet.PauseBot(botId, by, r));
  }

  CompletionStage<Fleet.Reply> resumeBot(String botId, String by) {
    return fleet(r -> new Fleet.ResumeBot(botId, by, r));
  }

  CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason) {
    return fleet(r -> new Fleet.RetireBot(botId, by, reason, r));
  }

  CompletionStage<Fleet.Reply> promoteBot(String botId, Stage to, String reason, String by) {
    return fleet(r -> new Fleet.Promote(botId, to, reason, by, r));
  }

  CompletionStage<Fleet.Reply> reconfigureBot(String botId, String strategyTemplate, io.dorado.protocol.bot.Sizing sizing,
      io.dorado.protocol.bot.SignalSource signalSource, String by) {
    return fleet(r -> new Fleet.ReconfigureBot(botId, strategyTemplate, sizing, signalSource, by, r));
  }

  CompletionStage<Fleet.Reply> pauseAll(String by, String reason) {
    return fleet(r -> new Fleet.PauseFleet(by, reason, r));
  }

  CompletionStage<Fleet.Reply> resumeAll(String by) {
    return fleet(r -> new Fleet.ResumeFleet(by, r));
  }

  CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by) {
    return fleet(r -> new Fleet.Annotate(botId, reviewId, tag, by, r));
  }

  CompletionStage<Fleet.Reply> recordPick(String botId, String scanId, String candidateId, int rank, double score,
      String signalId, String scanFate, String by) {
    return fleet(r -> new Fleet.RecordPick(botId, scanId, candidateId, rank, score, signalId, scanFate, by, r));
  }

  // ---- one bot

  CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason) {
    return bot(botId, r -> new Bot.ClosePosition(reason + " (by " + by + ")", r));
  }

  CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal) {
    return bot(botId, r -> new Bot.IngestSignal(signal, r));
  }

  CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by) {
    return bot(botId, r -> new Bot.Approve(reviewId, by, r));
  }

  CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason) {
    return bot(botId, r -> new Bot.Reject(reviewId, by, reason, r));
  }

  // ---- the risk guardian

  CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.SetTradingState(state, by, reason, r));
  }

  CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.EngageKillSwitch(by, reason, r));
  }

  CompletionStage<RiskGuardian.OperatorReply> engageKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.EngageKillScope(scope, by, reason, r));
  }

  CompletionStage<RiskGuardian.OperatorReply> releaseKillScope(io.dorado.protocol.risk.KillScope scope, String by,
      String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.ReleaseKillScope(scope, by, reason, r));
  }

  /** Lets a bot the execution throttle paused add exposure again. */
  CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.ResumeBot(botId, by, reason, r));
  }

  /** An operator acknowledges an account's reconciliation mismatch. */
  CompletionStage<RiskGuardian.AccountReply> acknowledgeReconciliation(String account, String by, String reason) {
    return asks.ask("the risk guardian", guardian, r -> new RiskGuardian.AcknowledgeReconciliation(account, by, reason, r));
  }

  // ---- helpers

  private CompletionStage<Fleet.Reply> fleet(java.util.function.Function<ActorRef<Fleet.Reply>, Fleet.Command> command) {
    return asks.ask("the fleet supervisor", fleet, command);
  }

  /**
   * Asks a bot the fleet registry knows; an unknown id is refused without starting an entity for it. A bot
   * once registered stays in the registry (retiring keeps it), so known ids are remembered here and a signal
   * does not wait on the fleet supervisor's journal writes each time.
   */
  private CompletionStage<Bot.Ack> bot(String botId, java.util.function.Function<ActorRef<Bot.Ack>, Bot.Command> command) {
    Supplier<CompletionStage<Bot.Ack>> then = () -> asks.ask("bot " + botId, entity(botId), command);
    if (knownBots.contains(botId)) return then.get();
    return asks.<Fleet.BotLookup>ask("the fleet supervisor", fleet, r -> new Fleet.GetBot(botId, r)).thenCompose(lookup -> {
      if (!(lookup instanceof Fleet.Found)) {
        return CompletableFuture.completedFuture(new Bot.Rejected(botId, Phase.NEW, "no bot " + botId + " in the fleet"));
      }
      knownBots.add(botId);
      return then.get();
    });
  }

  private RecipientRef<Bot.Command> entity(String botId) {
    return sharding.entityRefFor(botKey, botId);
  }
}
