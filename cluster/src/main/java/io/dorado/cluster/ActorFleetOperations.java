package io.dorado.cluster;

import io.dorado.actors.bot.BotEntity;
import io.dorado.actors.venue.VenueSettings;
import io.dorado.cluster.ops.AuditEntry;
import io.dorado.cluster.ops.ClusterView;
import io.dorado.cluster.ops.EquityPoint;
import io.dorado.cluster.ops.FillView;
import io.dorado.cluster.ops.FleetEventView;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.ops.JournalEntry;
import io.dorado.cluster.ops.OperationNotAvailable;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.Readiness;
import io.dorado.cluster.ops.TradeView;
import io.dorado.persistence.readside.ClosedTrade;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.risk.RiskPolicy;
import org.apache.pekko.NotUsed;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import io.dorado.cluster.ops.OperationTimeout;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.TrendState;
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
  private final EntityTypeKey<?> venueKey;
  private final RiskPolicy policy;
  private final Duration timeout;
  /** Bot ids the fleet registry answered Found for: registrations are never removed. */
  private final java.util.Set<String> knownBots = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ActorRef<RegimeRadar.Command> regime;
  private final Duration regimeMaxAge;

  ActorFleetOperations(ActorSystem<?> system, ClusterSharding sharding, EntityTypeKey<Bot.Command> botKey,
      ActorRef<Fleet.Command> fleet, ActorRef<RiskGuardian.Command> guardian, ActorRef<Allocator.Command> allocator,
      ReadSideQueries readSide, EntityTypeKey<?> venueKey, RiskPolicy policy, Duration timeout,
      ActorRef<RegimeRadar.Command> regime, Duration regimeMaxAge) {
    this.regime = regime;
    this.regimeMaxAge = regimeMaxAge;
    this.system = system;
    this.sharding = sharding;
    this.botKey = botKey;
    this.fleet = fleet;
    this.guardian = guardian;
    this.allocator = allocator;
    this.readSide = readSide;
    this.venueKey = venueKey;
    this.policy = policy;
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
  public CompletionStage<Fleet.Reply> promoteBot(String botId, io.dorado.protocol.fleet.Stage to, String reason, String by) {
    return ask("the fleet supervisor", fleet, r -> new Fleet.Promote(botId, to, reason, by, r));
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
  public CompletionStage<RiskGuardian.BreakerReport> breakers() {
    return ask("the risk guardian", guardian, RiskGuardian.GetBreakers::new);
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
  public CompletionStage<RiskGuardian.BotResumeReply> resumeBotTrading(String botId, String by, String reason) {
    return ask("the risk guardian", guardian, r -> new RiskGuardian.ResumeBot(botId, by, reason, r));
  }

  @Override
  public CompletionStage<Allocator.Allocation> allocation() {
    return ask("the allocator", allocator, Allocator.GetAllocation::new);
  }

  @Override
  public CompletionStage<Optional<RegimeView>> regime() {
    // The node's reader keeps what the radar singleton last published on its topic.
    return this.<RegimeRadar.Latest>ask("the regime reader", regime, RegimeRadar.GetLatest::new)
        .thenApply(latest -> Optional.ofNullable(latest.snapshot()).map(this::regimeView));
  }

  private RegimeView regimeView(RegimeSnapshot s) {
    String macro = s.macro() == null ? null
        : s.macro().label() + String.format(java.util.Locale.ROOT, " (%.0f%%)", s.macro().confidence() * 100);
    String trends = s.trends().isEmpty() ? null : s.trends().values().stream()
        .sorted(java.util.Comparator.comparing(TrendState::symbol))
        .map(t -> t.symbol() + " " + t.kind().name().toLowerCase()
            + String.format(java.util.Locale.ROOT, " (H %.2f)", (t.hurstRs() + t.hurstDfa()) / 2))
        .collect(java.util.stream.Collectors.joining(", "));
    String correlation = s.correlation() == null ? null : s.correlation().kind().name().toLowerCase()
        + String.format(java.util.Locale.ROOT, " (%d components for %.0f%%)", s.correlation().componentsForThreshold(),
            s.correlation().threshold() * 100);
    return new RegimeView(macro, trends, correlation, s.asOf(), !s.freshAt(java.time.Instant.now(), regimeMaxAge));
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

  // ---- read side, paginated (cursors are the read side's own opaque paging states)

  @Override
  public CompletionStage<Page<OrderView>> orders(Optional<String> botId, PageRequest page) {
    if (botId.isEmpty() && page.cursor().isPresent()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "the whole fleet's orders are one page: page further per bot with ?bot=<id>"));
    }
    if (botId.isEmpty()) return FleetOperations.super.orders(botId, page);
    return readSide.orders().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        .thenApply(p -> page(p, ActorFleetOperations::orderView));
  }

  @Override
  public CompletionStage<Page<FillView>> fills(Optional<String> botId, PageRequest page) {
    if (botId.isEmpty()) return fleetFills(page);
    return readSide.fills().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        .thenApply(p -> page(p, ActorFleetOperations::fillView));
  }

  /**
   * The fleet's latest fills (the dashboard's panel): each bot's first page, merged newest first, as one
   * page. The read side keeps fills per bot, so only a bot's own fills page further.
   */
  private CompletionStage<Page<FillView>> fleetFills(PageRequest page) {
    if (page.cursor().isPresent()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "the whole fleet's fills are one page: page further per bot with ?bot=<id>"));
    }
    return bots().thenCompose(list -> {
      List<CompletableFuture<List<FillView>>> pages = list.bots().stream()
          .map(b -> readSide.fills().byBot(b.botId(), page.limit(), null)
              .thenApply(p -> p.items().stream().map(ActorFleetOperations::fillView).toList())
              .toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> Page.last(pages.stream()
          .flatMap(p -> p.join().stream())
          .sorted(java.util.Comparator.comparing(FillView::at).reversed())
          .limit(page.limit())
          .toList()));
    });
  }

  private static FillView fillView(io.dorado.persistence.readside.FillView f) {
    return new FillView(f.botId(), f.fillId(), f.clientOrderId(), f.symbol(), Side.valueOf(f.side()), f.quantity(),
        f.price(), f.commission(), f.filledAt());
  }

  @Override
  public CompletionStage<Page<TradeView>> trades(Optional<String> botId, PageRequest page) {
    CompletionStage<io.dorado.persistence.readside.Page<ClosedTrade>> trades = botId.isPresent()
        ? readSide.trades().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        : readSide.trades().byDay(LocalDate.now(ZoneOffset.UTC), page.limit(), page.cursor().orElse(null));
    return trades.thenApply(p -> page(p, t -> new TradeView(t.botId(), t.tradeId(), t.symbol(), t.quantity(),
        t.entryPrice(), t.exitPrice(), t.realizedPnl(), null, t.direction().name().toLowerCase(), t.openedAt(), t.closedAt())));
  }

  @Override
  public CompletionStage<Page<AuditEntry>> audit(Optional<String> entityId, PageRequest page) {
    String cursor = page.cursor().orElse(null);
    var entries = entityId.isEmpty() || entityId.get().equals(VenueSettings.DEFAULT_GUARDIAN_ID)
        ? readSide.audit().forGuardian(VenueSettings.DEFAULT_GUARDIAN_ID, page.limit(), cursor)
        : readSide.audit().forBot(entityId.get(), page.limit(), cursor);
    return entries.thenApply(p -> page(p, a -> new AuditEntry(a.entityId(), a.seqNr(), a.at(), a.eventType(),
        phase(a.fromState()), phase(a.toState()), null,
        a.reason() == null ? a.detail() : a.detail() == null ? a.reason() : a.reason() + ": " + a.detail())));
  }

  /** Straight from the journal, oldest first; the cursor is the next sequence number. */
  @Override
  public CompletionStage<Page<JournalEntry>> botHistory(String botId, PageRequest page) {
    long from;
    try {
      from = page.cursor().map(Long::parseLong).orElse(1L);
    } catch (NumberFormatException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("cursor must be a sequence number"));
    }
    long to = from + page.limit() - 1;
    CassandraReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return journal.currentEventsByPersistenceId(BotEntity.persistenceId(botId).id(), from, to)
        .filter(env -> env.event() instanceof BotEvent)
        .map(env -> JournalEntry.of(env.sequenceNr(), (BotEvent) env.event()))
        .runWith(Sink.seq(), system)
        .thenApply(list -> new Page<>(list, list.size() < page.limit() ? Optional.empty() : Optional.of(Long.toString(to + 1))));
  }

  /** End-of-day points: equity now minus the realized P&L still to come, then today's live equity. */
  @Override
  public CompletionStage<List<EquityPoint>> equityCurve(int days) {
    return profit(days).thenCombine(risk(), (report, status) -> {
      List<EquityPoint> points = new ArrayList<>();
      BigDecimal before = status.equity().subtract(report.total());
      BigDecimal realized = BigDecimal.ZERO;
      for (ProfitReport.Day d : report.byDay()) {
        realized = realized.add(d.realizedPnl());
        points.add(new EquityPoint(d.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), before.add(realized), realized));
      }
      points.add(new EquityPoint(java.time.Instant.now(), status.equity(), report.total()));
      return points;
    });
  }

  @Override
  public CompletionStage<RiskPolicy> riskPolicy() {
    return CompletableFuture.completedFuture(policy);
  }

  @Override
  public CompletionStage<ClusterView> cluster() {
    var cluster = Cluster.get(system);
    var state = cluster.state();
    List<ClusterView.Member> members = new ArrayList<>();
    for (Member m : state.getMembers()) {
      members.add(new ClusterView.Member(m.address().toString(), m.status().toString(), m.getRoles(),
          !state.getUnreachable().contains(m)));
    }
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    String self = cluster.selfMember().address().toString();
    var bots = shardStats(botKey);
    var venues = shardStats(venueKey);
    return bots.thenCombine(venues, (b, v) -> {
      List<ClusterView.ShardRegion> regions = new ArrayList<>(b);
      regions.addAll(v);
      return new ClusterView(self, leader, members, regions);
    });
  }

  private CompletionStage<List<ClusterView.ShardRegion>> shardStats(EntityTypeKey<?> key) {
    CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(sharding.shardState(),
        replyTo -> new GetClusterShardingStats(key, timeout, replyTo), timeout.plusSeconds(1), system.scheduler());
    return stats.thenApply(s -> {
      List<ClusterView.ShardRegion> regions = new ArrayList<>();
      s.getRegions().forEach((address, region) -> regions.add(new ClusterView.ShardRegion(key.name(), address.toString(),
          region.getStats().keySet().stream().sorted().toList(),
          region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum())));
      return regions;
    });
  }

  /** Ready when this node is Up and the guardian and the fleet supervisor answer. */
  @Override
  public CompletionStage<Readiness> readiness() {
    List<String> waiting = new ArrayList<>();
    if (Cluster.get(system).selfMember().status() != MemberStatus.up()) waiting.add("cluster membership (Up)");
    var guardianUp = risk().handle((r, e) -> e == null);
    var fleetUp = bots().handle((r, e) -> e == null);
    return guardianUp.thenCombine(fleetUp, (g, f) -> {
      if (!g) waiting.add("the risk guardian");
      if (!f) waiting.add("the fleet supervisor");
      return new Readiness(waiting.isEmpty(), waiting);
    });
  }

  /**
   * Live bot events from the journal's tag streams (a few seconds behind, like the read side): one bot's
   * slice, or every slice merged.
   */
  @Override
  public Source<FleetEventView, NotUsed> events(Optional<String> botId) {
    CassandraReadJournal journal = PersistenceQuery.get(system)
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    var from = journal.timeBasedUUIDFrom(System.currentTimeMillis());
    List<String> tags = botId.map(id -> List.of(BotEntity.sliceTag(id))).orElseGet(BotEntity::sliceTags);
    Source<org.apache.pekko.persistence.query.EventEnvelope, NotUsed> all = Source.empty();
    for (String tag : tags) all = all.merge(journal.eventsByTag(tag, from));
    return all
        .filter(env -> env.event() instanceof BotEvent)
        .map(env -> FleetEventView.of((BotEvent) env.event()))
        .filter(v -> botId.isEmpty() || v.concerns(botId.get()));
  }

  private static <A, B> Page<B> page(io.dorado.persistence.readside.Page<A> p, Function<A, B> f) {
    return new Page<>(p.items().stream().map(f).toList(), Optional.ofNullable(p.nextCursor()));
  }

  private static Phase phase(String name) {
    if (name == null) return null;
    try {
      return Phase.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null; // a guardian trading state, not a bot phase
    }
  }

  // ---- helpers

  private RecipientRef<Bot.Command> entity(String botId) {
    return sharding.entityRefFor(botKey, botId);
  }

  /** Commands go only to bots the registry knows: an unknown id is answered, not turned into an entity. */
  /**
   * Runs {@code then} for a bot the fleet registry knows; an unknown id is refused without starting an
   * entity for it. A bot once registered stays in the registry (retiring keeps it), so known ids are
   * remembered here and a signal does not wait on the fleet supervisor's journal writes each time.
   */
  private CompletionStage<Bot.Ack> knownBot(String botId, java.util.function.Supplier<CompletionStage<Bot.Ack>> then) {
    if (knownBots.contains(botId)) return then.get();
    return bot(botId).thenCompose(lookup -> {
      if (!(lookup instanceof Fleet.Found)) {
        return CompletableFuture.completedFuture(new Bot.Rejected(botId, Phase.NEW, "no bot " + botId + " in the fleet"));
      }
      knownBots.add(botId);
      return then.get();
    });
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
