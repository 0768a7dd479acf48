package io.dorado.cluster;

import com.typesafe.config.Config;
import io.dorado.actors.strategy.manage.PositionManager;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.MarketDataHubActor;
import io.dorado.actors.strategy.marketdata.PriceRelay;
import io.dorado.actors.strategy.regime.RegimeRadarActor;
import io.dorado.actors.strategy.regime.RegimeSettings;
import io.dorado.actors.strategy.scan.BotGateway;
import io.dorado.actors.strategy.scan.BotRegistry;
import io.dorado.actors.strategy.scan.ChainFeeds;
import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.actors.strategy.scan.ScanPipeline;
import io.dorado.actors.strategy.scan.ScanSettings;
import io.dorado.actors.strategy.scan.TrackRecord;
import io.dorado.actors.strategy.scan.TwinVenues;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.AssetClass;
import com.datastax.oss.driver.api.core.CqlSession;
import io.dorado.persistence.marketdata.BarStore;
import io.dorado.persistence.marketdata.ChainStore;
import io.dorado.persistence.scan.ScanStore;
import io.dorado.persistence.readside.ReadSide;
import io.dorado.persistence.readside.TradeQueries;
import io.dorado.protocol.market.BarHistory;
import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataHub;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.market.Timeframe;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.strategy.Management;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanHistory;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The strategy pipeline on a fleet node (PRD §2–3.6), each part a cluster singleton: the market-data
 * hub ({@code "market-data"}: a market-data actor and feed per underlying, and the relay that marks the
 * guardian and quotes the paper venue), the regime radar ({@code "regime-radar"}, publishing on its
 * topic), the scanner ({@code "scan"}) and the position manager ({@code "position-manager"}). The
 * scanner and the manager reach bots over sharding; the scanner's paper twins are registered through
 * the fleet supervisor, so they are listed and woken like every other bot. Option bots on a venue that quotes chains
 * (an IBKR account, {@link FleetNode#chainVenues}) take their chains from it: the scanner asks the venue's entity
 * ({@code Venue.GetOptionChain}, answered from its adapter) before each scan.
 *
 * The scanner sizes with the bots' and the templates' track records from the read side ({@link TrackRecordCache}).
 *
 * <p>Settings: {@code dorado.market-data}, {@code dorado.regime}, {@code dorado.scan}, {@code dorado.manage}.
 */
public final class StrategyNode {
  private final ActorRef<MarketDataHub.Command> hub;
  private final Map<String, ActorRef<MarketData.Command>> marketData;
  private final ActorRef<RegimeRadar.Command> radar;
  private final ActorRef<Scan.Command> scan;
  private final ActorRef<Management.Command> manager;

  private StrategyNode(ActorRef<MarketDataHub.Command> hub, Map<String, ActorRef<MarketData.Command>> marketData,
      ActorRef<RegimeRadar.Command> radar, ActorRef<Scan.Command> scan, ActorRef<Management.Command> manager) {
    this.hub = hub;
    this.marketData = marketData;
    this.radar = radar;
    this.scan = scan;
    this.manager = manager;
  }

  /**
   * Starts (or joins) the pipeline's singletons on {@code node}.
   *
   * @param fleet the configured universe, templates, bots, risk policy and scoring weights
   * @param sources where each underlying's bars come from (the universe's {@code data_config.sources})
   */
  public static StrategyNode start(FleetNode node, Config config, ScanPipeline.Fleet fleet,
      Map<String, MarketDataSource> sources) {
    ActorSystem<Void> system = node.system();
    ClusterSingleton singletons = ClusterSingleton.get(system);
    Clock clock = Clock.systemUTC();
    Config md = config.getConfig("dorado.market-data");

    var venues = quotedVenues(fleet.universe(), node::venue, node.twinVenues());
    var prices = PriceRelay.toVenues(node.guardian(), venues, BigDecimal.valueOf(md.getDouble("spread-bps")), clock);
    Map<String, Set<Duration>> timeframes = timeframes(fleet, sources);
    boolean keepsScans = config.getBoolean("dorado.scan.history.enabled");
    boolean keeps = md.getBoolean("history.enabled") || md.getBoolean("chains.enabled") || keepsScans;
    CqlSession session = keeps ? ReadSide.session(system).toCompletableFuture().join() : null;
    BarHistory history = md.getBoolean("history.enabled")
        ? new BarStore(session, BarStore.Retention.from(md.getConfig("history.retention")))
        : BarHistory.NONE;
    ChainHistory chains = md.getBoolean("chains.enabled")
        ? new ChainStore(session, md.getDuration("chains.retention"))
        : ChainHistory.NONE;
    ScanHistory scanHistory = keepsScans
        ? new ScanStore(session, config.getDuration("dorado.scan.history.retention"), clock)
        : ScanHistory.NONE;
    ActorRef<MarketDataHub.Command> hub = singletons.init(SingletonActor.of(
        MarketDataHubActor.create(sources, md.getInt("capacity"), md.getInt("preload"), prices, timeframes, history,
            md.getInt("history.warm-up")), "market-data"));
    var marketData = new LinkedHashMap<String, ActorRef<MarketData.Command>>();
    for (String symbol : sources.keySet()) {
      marketData.put(symbol, system.systemActorOf(MarketDataHubActor.forwarder(symbol, hub),
          MarketDataActor.name(symbol) + "-route", Props.empty()));
    }
    // The template timeframes: the scan reads them; the radar and the manager read the underlyings' own bars.
    var series = new LinkedHashMap<String, ActorRef<MarketData.Command>>(marketData);
    timeframes.forEach((symbol, tfs) -> tfs.forEach(tf -> {
      String key = Timeframe.seriesKey(symbol, tf);
      series.put(key, system.systemActorOf(MarketDataHubActor.forwarder(key, hub), MarketDataActor.name(key) + "-route",
          Props.empty()));
    }));

    RegimeSettings regimeSettings = RegimeSettings.from(config.getConfig("dorado.regime"), clock);
    regimeSettings = regimeSettings.withReference(referenceSymbol(regimeSettings.referenceSymbol(), fleet, sources));
    ActorRef<RegimeRadar.Command> radar = singletons.init(SingletonActor.of(
        RegimeRadarActor.create(marketData, regimeSettings, node.regimeTopic()), "regime-radar"));
    // PRD §3.4: the guardian sizes down and halts by the radar's macro regime (every node relays each publish).
    system.systemActorOf(io.dorado.actors.strategy.regime.RegimeToGuardian.create(node.regimeTopic(), node.guardian()),
        "regime-to-guardian", Props.empty());

    Duration askTimeout = config.getDuration("dorado.node.ask-timeout");
    BotGateway gateway = shardedBots(ClusterSharding.get(system), askTimeout,
        twin -> node.operations().createBot(twin, "scan"));
    ScanSettings scanSettings = ScanSettings.from(config.getConfig("dorado"), clock);
    // The registry is the fleet supervisor's (durable): a bot created or retired while the fleet runs is scanned and
    // managed (or no longer), and a scanner or manager that moved to another node reads the same bots.
    BotRegistry registry = registry(node.operations());
    Duration tick = config.getDuration("dorado.scan.tick");
    if (!scanSettings.interval().isZero() && scanSettings.interval().compareTo(tick) < 0) tick = scanSettings.interval();
    var scheduling = new ScanActor.Scheduling(tick, registry, config.getDuration("dorado.scan.registry-refresh"));
    // Kelly and the adaptive sizing read each bot's and each template's closed trades, cached and refreshed on a timer.
    Config trackRecords = config.getConfig("dorado.scan.track-records");
    Supplier<Map<String, TrackRecord>> records = Map::of;
    if (!trackRecords.getDuration("refresh").isZero()) {
      CqlSession readSide = session != null ? session : ReadSide.session(system).toCompletableFuture().join();
      TrackRecordCache cache = new TrackRecordCache(registry, TradeQueries.create(readSide),
          trackRecords.getInt("trades"), clock).start(system, trackRecords.getDuration("refresh"));
      node.attachTrackRecords(cache);
      records = cache;
    }
    ActorRef<Scan.Command> scan = singletons.init(SingletonActor.of(
        ScanActor.create(fleet, series, node.guardian(), gateway, node.regimeTopic(), records, scanSettings,
            new ScanActor.Wiring(node.twinVenues(), ChainFeeds.of(node.chainVenues(), node::venue,
                scanSettings.chainTimeout(), system.scheduler()), chains, scheduling, scanHistory)), "scan"));
    node.attachScanner(scan, scanHistory); // the operations (HTTP, Telegram) ask it for its last report and the history

    Config manage = config.getConfig("dorado.manage");
    var managed = new HashMap<String, StrategyTemplate>();
    for (BotConfig b : fleet.bots()) {
      StrategyTemplate t = fleet.templates().get(b.strategyTemplate());
      if (t == null) continue;
      managed.put(b.id(), t);
      if (b.signalMode().acceptsScan()) managed.put(b.id() + ScanActor.PAPER_SUFFIX, t);
    }
    var managerSettings = new PositionManager.Settings(managed, manage.getDuration("interval"),
        manage.getInt("history-bars"), askTimeout, fleet.templates(), registry);
    ActorRef<Management.Command> manager = singletons.init(SingletonActor.of(
        PositionManager.create(marketData, gateway, managerSettings), "position-manager"));
    return new StrategyNode(hub, Map.copyOf(marketData), radar, scan, manager);
  }

  /** The fleet registry's bots that are not retired (paper twins included), with their current configs. */
  static BotRegistry registry(io.dorado.cluster.ops.FleetOperations operations) {
    return () -> operations.bots().thenApply(list -> list.bots().stream()
        .filter(b -> !b.retired()).map(io.dorado.protocol.fleet.BotEntry::config).toList());
  }

  /**
   * Per underlying with a source, the timeframes its bots' templates read other than its source's own bar length (a
   * replay whose bar length is not stated is built to every timeframe named; the hub skips the one equal to its bars).
   */
  static Map<String, Set<Duration>> timeframes(ScanPipeline.Fleet fleet, Map<String, MarketDataSource> sources) {
    var out = new LinkedHashMap<String, Set<Duration>>();
    for (BotConfig b : fleet.bots()) {
      StrategyTemplate t = fleet.templates().get(b.strategyTemplate());
      MarketDataSource source = sources.get(b.underlying());
      if (t == null || t.barLength() == null || source == null || t.barLength().equals(source.bar())) continue;
      out.computeIfAbsent(b.underlying(), s -> new java.util.TreeSet<>()).add(t.barLength());
    }
    return out;
  }

  /**
   * The bots as the scanner and the manager reach them: the "Bot" shard region, wherever each bot runs;
   * new bots (the paper twins) through {@code register}, the fleet supervisor.
   */
  static BotGateway shardedBots(ClusterSharding sharding, Duration timeout,
      Function<BotConfig, CompletionStage<Fleet.Reply>> register) {
    return new BotGateway() {
      @Override
      public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
        return sharding.entityRefFor(FleetNode.BOT, botId).ask(command::apply, timeout);
      }

      @Override
      public CompletionStage<BotState> state(String botId) {
        return sharding.entityRefFor(FleetNode.BOT, botId).ask(Bot.GetState::new, timeout);
      }

      @Override
      public CompletionStage<Bot.Ack> register(BotConfig config) {
        return register.apply(config).thenApply(reply -> reply instanceof Fleet.Refused r
            ? new Bot.Rejected(config.id(), null, "the fleet refused the twin: " + r.reason())
            : new Bot.Accepted(config.id(), null, "registered with the fleet"));
      }
    };
  }

  /**
   * The venues each underlying's prices are quoted to: its own and, when its paper twins trade elsewhere (a real
   * venue's), the paper venue too, which fills them against these quotes. A venue this node does not run is skipped.
   */
  static <V> Map<String, List<V>> quotedVenues(Universe universe, Function<String, V> venue, TwinVenues twins) {
    var out = new LinkedHashMap<String, List<V>>();
    for (Underlying u : universe.underlyings()) {
      var refs = new ArrayList<V>();
      for (String id : new LinkedHashSet<>(List.of(u.venue(), twins.venueOf(u.venue())))) {
        V ref = venue.apply(id);
        if (ref != null) refs.add(ref);
      }
      if (!refs.isEmpty()) out.put(u.symbol(), List.copyOf(refs));
    }
    return out;
  }

  /**
   * The macro regime's reference instrument: the configured one if the universe trades it, else the
   * universe's first equity underlying with data, else its first underlying with data.
   */
  static String referenceSymbol(String configured, ScanPipeline.Fleet fleet, Map<String, MarketDataSource> sources) {
    if (sources.containsKey(configured)) return configured;
    return fleet.universe().underlyings().stream()
        .filter(u -> sources.containsKey(u.symbol()))
        .sorted((a, b) -> Boolean.compare(!isEquity(a), !isEquity(b)))
        .map(Underlying::symbol).findFirst().orElse(configured);
  }

  private static boolean isEquity(Underlying u) {
    return u.assetClass() == AssetClass.EQUITY || u.assetClass() == AssetClass.EQUITY_OPTIONS;
  }

  public ActorRef<Scan.Command> scan() {
    return scan;
  }

  public ActorRef<RegimeRadar.Command> radar() {
    return radar;
  }

  public ActorRef<Management.Command> manager() {
    return manager;
  }

  /** This node's market-data refs per symbol (they route to the hub singleton). */
  public Map<String, ActorRef<MarketData.Command>> marketData() {
    return marketData;
  }

  public ActorRef<MarketDataHub.Command> hub() {
    return hub;
  }
}
