package io.dorado.cluster;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.cluster.ops.ClusterView;
import io.dorado.cluster.ops.FleetEventView;
import io.dorado.cluster.ops.PendingApproval;
import io.dorado.cluster.ops.Readiness;
import io.dorado.cluster.ops.RegimeView;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.TrendState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What the live actors know now, asked of them directly: the fleet registry, a bot's state, the guardian's
 * status and breakers, the allocation, the regime radar's latest picture, the cluster's members and shards,
 * and live bot events.
 */
final class LiveQueries {
  private final Asks asks;
  private final ClusterSharding sharding;
  private final EntityTypeKey<Bot.Command> botKey;
  private final EntityTypeKey<?> venueKey;
  private final ActorRef<Fleet.Command> fleet;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final ActorRef<Allocator.Command> allocator;
  private final ActorRef<RegimeRadar.Command> regime;
  private final Duration regimeMaxAge;
  private final RiskPolicy policy;

  LiveQueries(Asks asks, ClusterSharding sharding, EntityTypeKey<Bot.Command> botKey, EntityTypeKey<?> venueKey,
      ActorRef<Fleet.Command> fleet, ActorRef<RiskGuardian.Command> guardian, ActorRef<Allocator.Command> allocator,
      ActorRef<RegimeRadar.Command> regime, Duration regimeMaxAge, RiskPolicy policy) {
    this.asks = asks;
    this.sharding = sharding;
    this.botKey = botKey;
    this.venueKey = venueKey;
    this.fleet = fleet;
    this.guardian = guardian;
    this.allocator = allocator;
    this.regime = regime;
    this.regimeMaxAge = regimeMaxAge;
    this.policy = policy;
  }

  // ---- bots

  CompletionStage<Fleet.BotList> bots() {
    return asks.ask("the fleet supervisor", fleet, Fleet.ListBots::new);
  }

  CompletionStage<Fleet.BotLookup> bot(String botId) {
    return asks.ask("the fleet supervisor", fleet, r -> new Fleet.GetBot(botId, r));
  }

  CompletionStage<Optional<BotState>> liveState(String botId, boolean wake) {
    // Only bots the registry knows are asked, so a typo never creates an entity.
    return bot(botId).thenCompose(lookup -> {
      if (!(lookup instanceof Fleet.Found found)) return CompletableFuture.completedFuture(Optional.<BotState>empty());
      if (!wake && !found.bot().holding()) {
        // A flat idle bot may be passivated: asking would start it. Bots that hold something are kept awake.
        return CompletableFuture.completedFuture(Optional.<BotState>empty());
      }
      return state(botId).thenApply(Optional::of);
    });
  }

  CompletionStage<List<PendingApproval>> pendingApprovals() {
    return bots().thenCompose(list -> {
      List<CompletableFuture<Optional<PendingApproval>>> asked = new ArrayList<>();
      for (BotEntry b : list.bots()) {
        if (b.phase() != Phase.AWAITING_APPROVAL) continue;
        asked.add(state(b.botId())
            .thenApply(s -> s instanceof BotState.AwaitingApproval a
                ? Optional.of(new PendingApproval(b.botId(), b.config().strategyTemplate(), a.proposal(), a.quantity(),
                    a.maxLoss(), a.requestedAt(), a.deadline()))
                : Optional.<PendingApproval>empty()));
      }
      return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
          .thenApply(v -> asked.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
    });
  }

  private CompletableFuture<BotState> state(String botId) {
    return asks.ask("bot " + botId, sharding.entityRefFor(botKey, botId), Bot.GetState::new);
  }

  // ---- risk, allocation, regime

  CompletionStage<RiskGuardian.GuardianStatus> risk() {
    return asks.ask("the risk guardian", guardian, RiskGuardian.GetStatus::new);
  }

  CompletionStage<RiskGuardian.AccountsView> accounts() {
    return asks.ask("the risk guardian", guardian, RiskGuardian.GetAccounts::new);
  }

  CompletionStage<RiskGuardian.BreakerReport> breakers() {
    return asks.ask("the risk guardian", guardian, RiskGuardian.GetBreakers::new);
  }

  CompletionStage<RiskPolicy> riskPolicy() {
    return CompletableFuture.completedFuture(policy);
  }

  CompletionStage<Allocator.Allocation> allocation() {
    return asks.ask("the allocator", allocator, Allocator.GetAllocation::new);
  }

  CompletionStage<Optional<RegimeView>> regime() {
    // The node's reader keeps what the radar singleton last published on its topic.
    return asks.<RegimeRadar.Latest>ask("the regime reader", regime, RegimeRadar.GetLatest::new)
        .thenApply(latest -> Optional.ofNullable(latest.snapshot()).map(this::regimeView));
  }

  private RegimeView regimeView(RegimeSnapshot s) {
    String macro = s.macro() == null ? null
        : s.macro().label() + String.format(Locale.ROOT, " (%.0f%%)", s.macro().confidence() * 100);
    String trends = s.trends().isEmpty() ? null : s.trends().values().stream()
        .sorted(Comparator.comparing(TrendState::symbol))
        .map(t -> t.symbol() + " " + t.kind().name().toLowerCase()
            + String.format(Locale.ROOT, " (H %.2f)", (t.hurstRs() + t.hurstDfa()) / 2))
        .collect(Collectors.joining(", "));
    String correlation = s.correlation() == null ? null : s.correlation().kind().name().toLowerCase()
        + String.format(Locale.ROOT, " (%d components for %.0f%%)", s.correlation().componentsForThreshold(),
            s.correlation().threshold() * 100);
    return new RegimeView(macro, trends, correlation, s.asOf(), !s.freshAt(Instant.now(), regimeMaxAge));
  }

  // ---- the cluster

  CompletionStage<ClusterView> cluster() {
    var cluster = Cluster.get(asks.system());
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
    Duration timeout = asks.timeout();
    CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(sharding.shardState(),
        replyTo -> new GetClusterShardingStats(key, timeout, replyTo), timeout.plusSeconds(1), asks.system().scheduler());
    return stats.thenApply(s -> {
      List<ClusterView.ShardRegion> regions = new ArrayList<>();
      s.getRegions().forEach((address, region) -> regions.add(new ClusterView.ShardRegion(key.name(), address.toString(),
          region.getStats().keySet().stream().sorted().toList(),
          region.getStats().values().stream().mapToInt(n -> ((Number) n).intValue()).sum())));
      return regions;
    });
  }

  /** Ready when this node is Up and the guardian and the fleet supervisor answer. */
  CompletionStage<Readiness> readiness() {
    List<String> waiting = new ArrayList<>();
    if (Cluster.get(asks.system()).selfMember().status() != MemberStatus.up()) waiting.add("cluster membership (Up)");
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
  Source<FleetEventView, NotUsed> events(Optional<String> botId) {
    CassandraReadJournal journal = PersistenceQuery.get(asks.system())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    var from = journal.timeBasedUUIDFrom(System.currentTimeMillis());
    List<String> tags = botId.map(id -> List.of(BotEntity.sliceTag(id))).orElseGet(BotEntity::sliceTags);
    Source<EventEnvelope, NotUsed> all = Source.empty();
    for (String tag : tags) all = all.merge(journal.eventsByTag(tag, from));
    return all
        .filter(env -> env.event() instanceof BotEvent)
        .map(env -> FleetEventView.of((BotEvent) env.event()))
        .filter(v -> botId.isEmpty() || v.concerns(botId.get()));
  }
}
