package io.dorado.cluster;

import com.typesafe.config.Config;
import io.dorado.actors.alert.Alerts;
import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotLinks;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.bot.ProtectionStyle;
import io.dorado.actors.fleet.BotConfigValidator;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.strategy.regime.RegimeRadarActor;
import io.dorado.actors.strategy.regime.RegimeReader;
import io.dorado.actors.strategy.scan.TwinVenues;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import org.apache.pekko.actor.typed.pubsub.Topic;
import io.dorado.actors.orderpath.risk.InstrumentRuleBook;
import io.dorado.cluster.venues.VenueAccounts;
import io.dorado.cluster.venues.VenueAdapters;
import io.dorado.cluster.venues.VenueCapabilityBook;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.readside.ReadSideQueries;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One fleet node: the ActorSystem "dorado" as a cluster member, with the bots and venues sharded
 * across the cluster and the risk guardian, allocator and fleet supervisor as cluster singletons
 * (ARCHITECTURE.md, "Actors on every node"). Bots and the guardian talk to venues through a per-node
 * router that finds the venue's shard; venues report back to the guardian singleton.
 */
public final class FleetNode implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FleetNode.class);

  public static final String SYSTEM_NAME = "dorado";
  public static final EntityTypeKey<Bot.Command> BOT = EntityTypeKey.create(Bot.Command.class, BotEntity.TYPE);
  public static final EntityTypeKey<Venue.Command> VENUE = EntityTypeKey.create(Venue.Command.class, "Venue");

  private final ActorSystem<Void> system;
  private final ActorRef<RiskGuardian.Command> guardian;
  private final Map<String, ActorRef<Venue.Command>> venues;
  private final FleetOperations operations;
  private final ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic;
  private final TwinVenues twinVenues;
  private final java.util.Set<String> chainVenues;
  private final ScanQueries scans;

  private FleetNode(ActorSystem<Void> system, ActorRef<RiskGuardian.Command> guardian,
      Map<String, ActorRef<Venue.Command>> venues, FleetOperations operations,
      ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic, TwinVenues twinVenues, java.util.Set<String> chainVenues,
      ScanQueries scans) {
    this.scans = scans;
    this.regimeTopic = regimeTopic;
    this.chainVenues = java.util.Set.copyOf(chainVenues);
    this.twinVenues = twinVenues;
    this.system = system;
    this.guardian = guardian;
    this.venues = venues;
    this.operations = operations;
  }

  /**
   * Starts the node on {@code config} (resolved; it must include persistence.conf and cluster.conf; with
   * metrics.conf and {@code dorado.metrics.enabled}, Kamon and the Prometheus endpoint start first).
   * The schema must be in place (SchemaMigration) before: the journal is used at once. Each venue account is
   * made as {@code dorado.venues.accounts} configures it, by the kinds this build ships ({@link VenueAdapters#standard});
   * an unconfigured venue id is the paper venue.
   *
   * @throws com.typesafe.config.ConfigException a venue account that is misconfigured, naming the venue and the key
   */
  public static FleetNode start(Config config, NodeSetup setup) {
    return start(config, setup, VenueAdapters.standard(config));
  }

  /** As {@link #start(Config, NodeSetup)}, with the venue kinds of {@code kinds}. */
  public static FleetNode start(Config config, NodeSetup setup, VenueAdapters kinds) {
    Duration exitDeadline = JournalWatchdog.Options.fromConfig(config).exitDeadline();
    return start(config, setup, accounts(config, setup, kinds), JournalWatchdog.processExit(exitDeadline));
  }

  /**
   * As {@link #start(Config, NodeSetup)}, with the adapter behind each venue account made by
   * {@code adapters} (called with the venue id whenever the venue's entity starts) instead of the paper venue.
   */
  public static FleetNode start(Config config, NodeSetup setup, Function<String, VenueAdapter> adapters) {
    Duration exitDeadline = JournalWatchdog.Options.fromConfig(config).exitDeadline();
    return start(config, setup, adapters, JournalWatchdog.processExit(exitDeadline));
  }

  /** As {@link #start(Config, NodeSetup, Function)}, with the journal watchdog exiting by {@code exit} (tests). */
  public static FleetNode start(Config config, NodeSetup setup, Function<String, VenueAdapter> adapters,
      JournalWatchdog.Exit exit) {
    return start(config, setup, accounts(config, setup, VenueAdapters.standard(config)).withAdapters(adapters), exit);
  }

  private static VenueAccounts accounts(Config config, NodeSetup setup, VenueAdapters kinds) {
    return kinds.accounts(config, setup.venues(), setup.universes(), setup.liveTradingEnabled(), System::getenv);
  }

  private static FleetNode start(Config config, NodeSetup setup, VenueAccounts accounts, JournalWatchdog.Exit exit) {
    Config node = ClusterJoin.withMembership(config);
    // Before the ActorSystem: Kamon instruments Pekko's classes as they load.
    Config systemConfig = NodeMetrics.start(node) ? node : NodeMetrics.withoutKamonRemoting(node);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, systemConfig);
    try {
      return wire(system, node, setup, accounts, exit);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** The node's actors, in dependency order: each sharded entity and singleton by its own init ({@link NodeInits}). */
  private static FleetNode wire(ActorSystem<Void> system, Config config, NodeSetup setup, VenueAccounts accounts,
      JournalWatchdog.Exit exit) {
    ClusterJoin.join(system);
    NodeInits inits = NodeInits.of(system, config);
    system.systemActorOf(Alerts.relay(), "alert-relay", Props.empty());

    accounts.all().forEach(a -> log.info("venue account {}", a)); // credentials masked
    Map<String, ActorRef<Venue.Command>> venues = inits.venueRouters(accounts.ids());
    VenueDirectory directory = VenueDirectory.of(venues);
    Universe[] universes = setup.universes().toArray(Universe[]::new);
    RiskEngine engine = new RiskEngine(setup.riskPolicy(), Instrument.Lookup.of(universes[0], setup.riskPolicy()))
        .withPaperVenues(accounts.paperVenues()); // a real-venue bot's paper twin trades its instrument on the paper venue
    var guardianSettings = RiskGuardianActor.Settings.fromConfig(VenueSettings.DEFAULT_GUARDIAN_ID, setup.startingCash(),
        AckSigner.ofSecret(config.getString("dorado.risk.ack-secret")), config);
    ActorRef<RiskGuardian.Command> guardian = inits.guardian(guardianSettings, engine, directory,
        InstrumentRuleBook.requiring(accounts.rulesRequired()));
    startJournalWatchdog(system, config, guardian, exit);
    inits.venues(accounts, inits.guardianReports(guardian), guardian);
    ActorRef<Allocator.Command> allocator = inits.allocator(setup.allocation(), guardian);
    // A bot asking a mode its venue account does not serve is refused at creation, never silently paper.
    var validator = BotConfigValidator.of(setup.universes(), accounts.servedModes(), setup.templates(),
        setup.liveTradingEnabled()).andThen(BotConfigValidator.sizingAndClass(setup.universes(), setup.templateClasses()));
    ActorRef<Fleet.Command> fleet = inits.fleet(validator, setup.ladder(), allocator);
    // Shards move when members leave or join: the holders are woken on their new nodes (ARCHITECTURE.md, "Cluster").
    Duration rebalance = config.getDuration("pekko.cluster.sharding.rebalance-interval");
    system.systemActorOf(HolderWaker.create(fleet, rebalance.multipliedBy(2)), "holder-waker", Props.empty());
    inits.bots(BotLinks.of(guardian, directory).withAllocator(allocator).withFleet(fleet),
        BotSettings.fromConfig(config).withValidator(validator).withProtectionStyle(new ProtectionStyle(
            VenueCapabilityBook.of(accounts), BotSettings.fromConfig(config).protectionStyle().stopLimitOffset())));
    ReadSideQueries queries = inits.readSide(RiskGuardianActor.persistenceId(guardianSettings.guardianId()).id());

    // The regime radar's topic on this node, and a reader of it that the API asks (StrategyNode starts the radar).
    ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic = system.systemActorOf(RegimeRadarActor.topic(), "regime-topic",
        Props.empty());
    ActorRef<RegimeRadar.Command> regimeReader = system.systemActorOf(RegimeReader.create(regimeTopic), "regime-reader",
        Props.empty());
    var asks = new Asks(system, config.getDuration("dorado.node.ask-timeout"));
    var live = new LiveQueries(asks, inits.sharding(), BOT, VENUE, fleet, guardian, allocator, regimeReader,
        config.getDuration("dorado.regime.max-age"), setup.riskPolicy());
    var scans = new ScanQueries(asks);
    var operations = new ActorFleetOperations(new FleetCommands(asks, inits.sharding(), BOT, fleet, guardian), live,
        new ReadSideViews(asks, queries, live), new VenueQueries(asks, accounts, venues),
        UniverseSymbols.of(setup.universes(), accounts.all()), scans);
    return new FleetNode(system, guardian, Map.copyOf(venues), operations, regimeTopic, accounts.twinVenues(),
        accounts.chainVenues(), scans);
  }

  /** A fleet node whose journal fails restricts trading, alerts, and exits if it stays broken (JournalWatchdog). */
  private static void startJournalWatchdog(ActorSystem<Void> system, Config config,
      ActorRef<RiskGuardian.Command> guardian, JournalWatchdog.Exit exit) {
    var watchdog = JournalWatchdog.Options.fromConfig(config);
    if (watchdog.enabled() && Cluster.get(system).selfMember().hasRole("fleet")) {
      system.systemActorOf(JournalWatchdog.create(watchdog.settings(), guardian, exit, Clock.systemUTC()),
          "journal-watchdog", Props.empty());
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public FleetOperations operations() {
    return operations;
  }

  public ActorRef<RiskGuardian.Command> guardian() {
    return guardian;
  }

  public ActorRef<Venue.Command> venue(String venueId) {
    return venues.get(venueId);
  }

  /** The scanner (its singleton's proxy), once the strategy pipeline has started: the operations' scan report asks it. */
  public void attachScanner(ActorRef<io.dorado.protocol.strategy.Scan.Command> scan) {
    attachScanner(scan, io.dorado.protocol.strategy.ScanHistory.NONE);
  }

  /** As above, with where the scanner keeps every scan's report (for the history of ranked lists). */
  public void attachScanner(ActorRef<io.dorado.protocol.strategy.Scan.Command> scan,
      io.dorado.protocol.strategy.ScanHistory history) {
    scans.attach(scan, history);
  }

  /**
   * Where the API reads the track records the scanner sizes with, and the trades the projector resamples (the strategy
   * pipeline's cache on this node).
   */
  public void attachTrackRecords(TrackRecordCache trackRecords) {
    if (operations instanceof ActorFleetOperations actors) actors.attachTrackRecords(trackRecords);
  }

  /** The venues whose bots' option chains the scanner asks of the venue (IBKR accounts); others' are synthetic. */
  public java.util.Set<String> chainVenues() {
    return chainVenues;
  }

  /** Where each bot's paper twin trades: its venue if that serves paper, else the paper venue the node runs. */
  public TwinVenues twinVenues() {
    return twinVenues;
  }

  /** This node's end of the regime radar's pub-sub topic. */
  public ActorRef<Topic.Command<RegimeSnapshot>> regimeTopic() {
    return regimeTopic;
  }

  /** Leaves the cluster and stops; returns when the ActorSystem has terminated. */
  public CompletionStage<Done> stop() {
    system.terminate();
    return system.getWhenTerminated();
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }
}
