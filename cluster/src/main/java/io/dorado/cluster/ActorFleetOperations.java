package io.dorado.cluster;

import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.OperationTimeout;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * {@link FleetOperations} on the live actors: the fleet, guardian and allocator singletons and the
 * sharded bots, wherever they run in the cluster. Every ask has the node's timeout; a timeout fails
 * the stage with {@link OperationTimeout}, which front ends answer as "unavailable", never a hang.
 */
final class ActorFleetOperations implements FleetOperations {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final EntityTypeKey<Bot.Command> botKey;
  private final ActorRef<Fleet.Command> fleet;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final ActorRef<Allocator.Command> allocator;
  private final Duration timeout;

  ActorFleetOperations(ActorSystem<?> system, ClusterSharding sharding, EntityTypeKey<Bot.Command> botKey,
      ActorRef<Fleet.Command> fleet, ActorRef<RiskGuardian.Command> guardian, ActorRef<Allocator.Command> allocator,
      Duration timeout) {
    this.system = system;
    this.sharding = sharding;
    this.botKey = botKey;
    this.fleet = fleet;
    this.guardian = guardian;
    this.allocator = allocator;
    this.timeout = timeout;
  }

  // ---- bots

  @Override
  public CompletionStage<Fleet.BotList> bots() {
    return ask("the fleet supervisor", fleet, Fleet.ListBots::new);
  }

  @Override
  public CompletionStage<Fleet.BotLookup> bot(String botId) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.GetBot(botId, r));
  }

  @Override
  public CompletionStage<Optional<BotState>> liveState(String botId, boolean wake) {
    // Only bots the registry knows are asked, so a typo never creates an entity.
    return bot(botId).thenCompose(lookup -> {
      if (!(lookup instanceof Fleet.Found found)) return CompletableFuture.completedFuture(Optional.<BotState>empty());
      if (!wake && !found.bot().holding()) {
        // A flat idle bot may be passivated: asking would start it. Bots that hold something are kept awake.
        return CompletableFuture.completedFuture(Optional.<BotState>empty());
      }
      return this.<BotState>ask("bot " + botId, entity(botId), Bot.GetState::new).thenApply(Optional::of);
    });
  }

  @Override
  public CompletionStage<Fleet.Reply> createBot(BotConfig config, String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.CreateBot(config, by, r));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseBot(String botId, String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.PauseBot(botId, by, r));
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeBot(String botId, String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.ResumeBot(botId, by, r));
  }

  @Override
  public CompletionStage<Fleet.Reply> retireBot(String botId, String by, String reason) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.RetireBot(botId, by, reason, r));
  }

  @Override
  public CompletionStage<Fleet.Reply> pauseAll(String by, String reason) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.PauseFleet(by, reason, r));
  }

  @Override
  public CompletionStage<Fleet.Reply> resumeAll(String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.ResumeFleet(by, r));
  }

  @Override
  public CompletionStage<Bot.Ack> closePosition(String botId, String by, String reason) {
    return knownBot(botId, () -> ask("bot " + botId, entity(botId), r -> new Bot.ClosePosition(reason + " (by " + by + ")", r)));
  }

  @Override
  public CompletionStage<Bot.Ack> ingestSignal(String botId, Signal signal) {
    return knownBot(botId, () -> ask("bot " + botId, entity(botId), r -> new Bot.IngestSignal(signal, r)));
  }

  // ---- approvals

  @Override
  public CompletionStage<List<PendingApproval>> pendingApprovals() {
    return bots().thenCompose(list -> {
      List<CompletableFuture<Optional<PendingApproval>>> asks = new ArrayList<>();
      for (BotEntry b : list.bots()) {
        if (b.phase() != Phase.AWAITING_APPROVAL) continue;
        asks.add(this.<BotState>ask("bot " + b.botId(), entity(b.botId()), Bot.GetState::new)
            .thenApply(s -> s instanceof BotState.AwaitingApproval a
                ? Optional.of(new PendingApproval(b.botId(), b.config().strategyTemplate(), a.proposal(), a.quantity(),
                    a.maxLoss(), a.requestedAt(), a.deadline()))
                : Optional.<PendingApproval>empty())
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
          .thenApply(v -> asks.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    });
  }

  @Override
  public CompletionStage<Bot.Ack> approve(String botId, String reviewId, String by) {
    return knownBot(botId, () -> ask("bot " + botId, entity(botId), r -> new Bot.Approve(reviewId, by, r)));
  }

  @Override
  public CompletionStage<Bot.Ack> reject(String botId, String reviewId, String by, String reason) {
    return knownBot(botId, () -> ask("bot " + botId, entity(botId), r -> new Bot.Reject(reviewId, by, reason, r)));
  }

  @Override
  public CompletionStage<Fleet.Reply> annotate(String botId, String reviewId, String tag, String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.Annotate(botId, reviewId, tag, by, r));
  }

  // ---- risk and allocation

  @Override
  public CompletionStage<RiskGuardian.GuardianStatus> risk() {
    return ask("the risk guardian", guardian, RiskGuardian.GetStatus::new);
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> setTradingState(TradingState state, String by, String reason) {
    return ask("the risk guardian", guardian, r -> new RiskGuardian.SetTradingState(state, by, reason, r));
  }

  @Override
  public CompletionStage<RiskGuardian.OperatorReply> killSwitch(String by, String reason) {
    return ask("the risk guardian", guardian, r -> new RiskGuardian.EngageKillSwitch(by, reason, r));
  }

  @Override
  public CompletionStage<Allocator.Allocation> allocation() {
    return ask("the allocator", allocator, Allocator.GetAllocation::new);
  }

  @Override
  public CompletionStage<Optional<RegimeView>> regime() {
    return CompletableFuture.completedFuture(Optional.empty()); // no regime radar on this node yet
  }

  // ---- read side

  @Override
  public CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("the read side is not running on this node"));
  }

  @Override
  public CompletionStage<ProfitReport> profit(int days) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("the read side is not running on this node"));
  }

  // ---- helpers

  private RecipientRef<Bot.Command> entity(String botId) {
    return sharding.entityRefFor(botKey, botId);
  }

  /** Commands go only to bots the registry knows: an unknown id is answered, not turned into an entity. */
  private CompletionStage<Bot.Ack> knownBot(String botId, java.util.function.Supplier<CompletionStage<Bot.Ack>> then) {
    return bot(botId).thenCompose(lookup -> lookup instanceof Fleet.Found
        ? then.get()
        : CompletableFuture.completedFuture(new Bot.Rejected(botId, Phase.NEW, "no bot " + botId + " in the fleet")));
  }

  private <T> CompletableFuture<T> ask(String who, RecipientRef<?> target, Function<ActorRef<T>, ?> message) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletionStage<T> stage = AskPattern.ask((RecipientRef) target, (org.apache.pekko.japi.function.Function<ActorRef<T>, Object>) message::apply,
        timeout, system.scheduler());
    return stage.toCompletableFuture().handle((value, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(value);
      Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
      return CompletableFuture.<T>failedFuture(cause instanceof TimeoutException
          ? new OperationTimeout(who, timeout) : cause);
    }).thenCompose(Function.identity());
  }
}
