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
import io.dorado.persistence.readside.DailyPnl;
import io.dorado.persistence.readside.ReadSideQueries;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
  private final ReadSideQueries readSide;
  private final Duration timeout;

  ActorFleetOperations(ActorSystem<?> system, ClusterSharding sharding, EntityTypeKey<Bot.Command> botKey,
      ActorRef<Fleet.Command> fleet, ActorRef<RiskGuardian.Command> guardian, ActorRef<Allocator.Command> allocator,
      ReadSideQueries readSide, Duration timeout) {
    this.system = system;
    this.sharding = sharding;
    this.botKey = botKey;
    this.fleet = fleet;
    this.guardian = guardian;
    this.allocator = allocator;
    this.readSide = readSide;
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

  /** Newest first across the bots asked; the read side trails the journal by a few seconds. */
  @Override
  public CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    CompletionStage<List<String>> ids = botId.isPresent()
        ? CompletableFuture.completedFuture(List.of(botId.get()))
        : bots().thenApply(list -> list.bots().stream().map(BotEntry::botId).toList());
    return ids.thenCompose(botIds -> {
      List<CompletableFuture<List<OrderView>>> pages = botIds.stream()
          .map(id -> readSide.orders().byBot(id, limit, null)
              .thenApply(page -> page.items().stream().map(ActorFleetOperations::orderView).toList())
              .toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> pages.stream()
          .flatMap(p -> p.join().stream())
          .sorted(java.util.Comparator.comparing(OrderView::updatedAt, java.util.Comparator.nullsLast(
              java.util.Comparator.<java.time.Instant>naturalOrder())).reversed())
          .limit(limit)
          .toList());
    });
  }

  @Override
  public CompletionStage<ProfitReport> profit(int days) {
    if (days < 1 || days > 366) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("days must be within 1..366, was " + days));
    }
    LocalDate to = LocalDate.now(ZoneOffset.UTC);
    LocalDate from = to.minusDays(days - 1L);
    return readSide.trades().daily(from, to).thenApply(daily -> {
      BigDecimal total = BigDecimal.ZERO;
      int trades = 0;
      List<ProfitReport.Day> byDay = new ArrayList<>();
      for (DailyPnl d : daily) {
        total = total.add(d.realizedPnl());
        trades += d.trades();
        byDay.add(new ProfitReport.Day(d.day(), d.realizedPnl(), d.trades()));
      }
      return new ProfitReport(days, total, trades, byDay);
    });
  }

  static OrderView orderView(io.dorado.persistence.readside.OrderView o) {
    return new OrderView(o.botId(), o.clientOrderId(), o.symbol(), Side.valueOf(o.side()), o.quantity(),
        o.filledQuantity(), o.averagePrice(), status(o.status()), o.updatedAt());
  }

  /** The read side's order lifecycle in the venue's terms (a failed order ended without a full fill). */
  private static OrderStatus status(io.dorado.persistence.readside.OrderView.Status s) {
    return switch (s) {
      case INTENDED -> OrderStatus.SUBMITTED;
      case ACCEPTED -> OrderStatus.WORKING;
      case PARTIALLY_FILLED -> OrderStatus.PARTIALLY_FILLED;
      case FILLED -> OrderStatus.FILLED;
      case FAILED -> OrderStatus.CANCELLED;
    };
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
