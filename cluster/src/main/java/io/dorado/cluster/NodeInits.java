package io.dorado.cluster;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import io.dorado.actors.allocation.AllocatorActor;
import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotLinks;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.fleet.BotConfigValidator;
import io.dorado.actors.fleet.FleetSupervisor;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.VenueAccountWatcher;
import io.dorado.actors.orderpath.risk.AccountReconciliation;
import io.dorado.actors.orderpath.risk.InstrumentRuleBook;
import io.dorado.cluster.venues.VenueAccount;
import io.dorado.cluster.venues.VenueAccounts;
import io.dorado.cluster.venues.VenueEntity;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.persistence.readside.ReadSide;
import io.dorado.persistence.readside.ReadSideQueries;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;

/**
 * One init per sharded entity and cluster singleton of a fleet node: each owns its setup, its activation
 * tracking and its stop message. Every event-sourced singleton and entity is stopped with its own {@code Stop},
 * handled after the write in flight; the guardian and venues write their pending batch first (Pekko's default
 * PoisonPill waits for the write in flight too, but drops the batch). The node's shutdown phases leave them the
 * time (cluster.conf).
 */
record NodeInits(ActorSystem<Void> system, Config config, ClusterSharding sharding, ClusterSingleton singletons,
    Activations activations) {

  static NodeInits of(ActorSystem<Void> system, Config config) {
    return new NodeInits(system, config, ClusterSharding.get(system), ClusterSingleton.get(system),
        Activations.fromConfig(system));
  }

  /** A router per venue account on this node, finding the venue's shard: bots and the guardian send through it. */
  Map<String, ActorRef<Venue.Command>> venueRouters(List<String> venueIds) {
    Map<String, ActorRef<Venue.Command>> venues = new HashMap<>();
    for (String venueId : venueIds) {
      venues.put(venueId, system.systemActorOf(Behaviors.<Venue.Command>receiveMessage(command -> {
        sharding.entityRefFor(FleetNode.VENUE, venueId).tell(command);
        return Behaviors.same();
      }), "venue-router-" + venueId, Props.empty()));
    }
    return venues;
  }

  /** Venues report every fill, cancel and rejection to the guardian singleton through this node-local relay. */
  ActorRef<OrderReport> guardianReports(ActorRef<RiskGuardian.Command> guardian) {
    return system.systemActorOf(Behaviors.<OrderReport>receiveMessage(r -> {
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports", Props.empty());
  }

  /**
   * One sharded venue actor per venue account, with the adapter its account makes ({@link VenueAccounts}), the
   * node's additions beside it ({@link VenueEntity}: its info, its instrument rules reported to the guardian, and
   * the watcher that reports the venue's account to the guardian for reconciliation).
   */
  void venues(VenueAccounts accounts, ActorRef<OrderReport> guardianReports, ActorRef<RiskGuardian.Command> guardian) {
    Duration refresh = config.hasPath("dorado.venues.instrument-rules-refresh")
        ? config.getDuration("dorado.venues.instrument-rules-refresh") : Duration.ofMinutes(1);
    Duration reconcileEvery = VenueAccountWatcher.interval(config);
    var required = accounts.rulesRequired();
    sharding.init(Entity.of(FleetNode.VENUE, ctx -> activations.track(FleetNode.VENUE.name(), ctx.getEntityId(),
            VenueEntity.create(accounts.account(ctx.getEntityId()).orElseGet(() -> VenueAccount.paper(ctx.getEntityId())),
                accounts.adapter(ctx.getEntityId()), VenueSettings.fromConfig(ctx.getEntityId(), config), guardianReports,
                guardian, required.contains(ctx.getEntityId()), refresh, reconcileEvery), new Venue.Stop()))
        .withStopMessage(new Venue.Stop())
        // The paper book lives in the venue actor's memory: never passivate it.
        .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /**
   * The risk guardian singleton, the one gate every order passes: it signs a venue's orders only once that venue
   * reported the instrument rules {@code rules} requires, and holds a venue account whose ledger drifts from the venue.
   */
  ActorRef<RiskGuardian.Command> guardian(RiskGuardianActor.Settings settings, RiskEngine engine, VenueDirectory venues,
      InstrumentRuleBook rules) {
    return singletons.init(SingletonActor.of(activations.track("singleton", "risk-guardian",
        RiskGuardianActor.create(settings, engine, venues, AccountReconciliation.fromConfig(config), rules),
        new RiskGuardian.Stop()), "risk-guardian")
        .withStopMessage(new RiskGuardian.Stop()));
  }

  /** The allocator singleton: Thompson-sampling budgets, pushed to the guardian. */
  ActorRef<Allocator.Command> allocator(AllocationPolicy policy, ActorRef<RiskGuardian.Command> guardian) {
    return singletons.init(SingletonActor.of(activations.track("singleton", "allocator",
        AllocatorActor.create(AllocatorActor.PERSISTENCE_ID, policy, Clock.systemUTC(), Optional.of(guardian)),
        new Allocator.Stop()), "allocator").withStopMessage(new Allocator.Stop()));
  }

  /** The fleet supervisor singleton: the registry and desired state of every bot. */
  ActorRef<Fleet.Command> fleet(BotConfigValidator validator, LadderPolicy ladder, ActorRef<Allocator.Command> allocator) {
    return singletons.init(SingletonActor.of(activations.track("singleton", "fleet",
        FleetSupervisor.create(FleetSupervisor.Settings.of(validator).withLadder(ladder),
            id -> sharding.entityRefFor(FleetNode.BOT, id), Optional.of(allocator)), new Fleet.Stop()), "fleet")
        .withStopMessage(new Fleet.Stop()));
  }

  /** The sharded bots; each reaches the venue its order names through {@code links}. */
  void bots(BotLinks links, BotSettings settings) {
    sharding.init(Entity.of(FleetNode.BOT, ctx -> activations.track(FleetNode.BOT.name(), ctx.getEntityId(),
        BotEntity.create(ctx.getEntityId(), links, settings), new Bot.Stop())).withStopMessage(new Bot.Stop()));
  }

  /** The read side: each projection runs once in the cluster (a sharded daemon process), on whichever node. */
  ReadSideQueries readSide(String guardianPersistenceId) {
    CqlSession session = ReadSide.session(system).toCompletableFuture().join();
    List<Projection<?>> projections = ReadSide.projections(system, session, List.of(guardianPersistenceId));
    ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, "read-side", projections.size(),
        i -> activations.guard(ProjectionBehavior.create(projections.get(i))), ShardedDaemonProcessSettings.create(system),
        Optional.of(ProjectionBehavior.stopMessage()));
    return ReadSideQueries.create(session);
  }
}
