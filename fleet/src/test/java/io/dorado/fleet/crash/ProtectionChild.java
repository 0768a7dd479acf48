package io.dorado.fleet.crash;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.binance.BinanceCredentials;
import io.dorado.actors.orderpath.venue.binance.BinanceSettings;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.testing.Eventually;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One fleet node of {@link ProtectionSurvivesTheFleetTest} in its own JVM, so it can be killed with SIGKILL: joins
 * the cluster through the given seed with the "fleet" role, trades on a Binance spot account (the test's
 * FakeBinance on 127.0.0.1, which outlives every node) with protective orders on, and passes the test's prices
 * (a file holding "bid ask") to the guardian and the venue every 200 ms.
 *
 * <p>The driver node also creates the bots and sends each its entry (with its stop) when told to ({@code open}),
 * and prints, every second, one {@code STATE} line per bot and one {@code GUARDIAN} line: what the test checks.
 *
 * <p>Arguments: cassandra host, cassandra port, seed node address, own cluster port, Binance REST URL, Binance
 * WebSocket API URL, price file, role ({@code driver} or {@code member}), {@code open} or {@code watch}.
 */
public final class ProtectionChild {
  static final String VENUE = "binance";
  static final String SYMBOL = "BTC";
  static final String KEY = "protection-test-api-key";
  static final String SECRET = "protection-test-secret-key-0123456789abcdef0123456789abcdef";
  static final BigDecimal QUANTITY = new BigDecimal("0.03");
  static final BigDecimal STARTING_CASH = new BigDecimal("100000");
  /** The bots and their stops, below the entry at 42,010. */
  static final Map<String, BigDecimal> STOPS = Map.of(
      "prot-0", new BigDecimal("41500"),
      "prot-1", new BigDecimal("41000"),
      "prot-2", new BigDecimal("40500"),
      "prot-3", new BigDecimal("40000"));
  static final List<String> BOTS = STOPS.keySet().stream().sorted().toList();

  public static void main(String[] args) throws Exception {
    CrashChild.dieWithParent();
    var cassandra = CassandraSettings.local(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
    String seed = args[2];
    int port = Integer.parseInt(args[3]);
    URI rest = URI.create(args[4]);
    URI webSocketApi = URI.create(args[5]);
    Path prices = Path.of(args[6]);
    boolean driver = args[7].equals("driver");
    boolean open = args[8].equals("open");

    Config config = CrashFleet.config(cassandra, ConfigFactory.parseString("""
        pekko.coordinated-shutdown.exit-jvm = on
        dorado.bot.protective-orders = on
        # Not a failover test: on a machine at load 40 (seen) a starving node must not be downed, halted by its
        # pause guard, or set REDUCING by the journal watchdog while Cassandra answers slowly.
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 20s
        pekko.cluster.split-brain-resolver.stable-after = 20s
        dorado.cluster.pause-limit = 20s
        dorado.cluster.journal-watchdog.enabled = off
        datastax-java-driver.basic.request.timeout = 10s
        """
        + "pekko.remote.artery.canonical.port = " + port + "\n"
        + "dorado.cluster.seed-nodes = \"" + seed + "\"\n"));
    var settings = new BinanceSettings(VENUE, VenueMode.PAPER, "protection-test", rest, webSocketApi,
        Map.of(SYMBOL, "BTCUSDT"), "USDT", Duration.ofSeconds(5), null, Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
    FleetNode node = FleetNode.start(config, setup(),
        venueId -> new BinanceSpotAdapter(settings, BinanceCredentials.of(KEY, SECRET)));
    System.out.println("STARTED " + node.system().address());
    System.out.flush();

    Thread feed = new Thread(() -> feedPrices(node, prices), "price-feed");
    feed.setDaemon(true);
    feed.start();
    if (!driver) {
      node.system().getWhenTerminated().toCompletableFuture().join();
      System.exit(0);
    }
    FleetOperations ops = node.operations();
    if (open) {
      for (String botId : BOTS) {
        Eventually.eventually(Duration.ofSeconds(240),
            () -> ops.createBot(bot(botId), "protection-test").toCompletableFuture().get(10, TimeUnit.SECONDS),
            reply -> true);
      }
      for (String botId : BOTS) {
        // the entry carries its stop and no target: a spot sell holds its base, so one resting sell per position
        Signal entry = new Signal("entry-" + botId, botId, SYMBOL, SignalAction.ENTER_LONG, new BigDecimal("42000"),
            STOPS.get(botId), null, "protection-test", Instant.now());
        Eventually.eventually(Duration.ofSeconds(240),
            () -> ops.ingestSignal(botId, entry).toCompletableFuture().get(10, TimeUnit.SECONDS), ack -> true);
      }
    }
    while (true) {
      report(ops);
      Thread.sleep(1000);
    }
  }

  static NodeSetup setup() {
    Universe core = new Universe("core", List.of(new Underlying(SYMBOL, AssetClass.CRYPTO, VENUE, "USDT", "BTCUSDT")));
    RiskPolicy policy = new RiskPolicy(null, null, null,
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, null,
            new RiskPolicy.BotThrottle(0, null, 0, null, Duration.ZERO)), null);
    return new NodeSetup(List.of(core), List.of(VENUE), Set.of("crypto_momentum"), policy,
        AllocationPolicy.defaults(ArmMode.BY_BOT, STARTING_CASH, 7), STARTING_CASH, false);
  }

  static BotConfig bot(String botId) {
    return new BotConfig(botId, "core", SYMBOL, VENUE, VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(QUANTITY), RegimeFilter.ANY, null);
  }

  /** The test's latest quote, to the guardian (it marks against it) and the venue, every 200 ms. */
  private static void feedPrices(FleetNode node, Path prices) {
    while (true) {
      try {
        String[] quote = Files.readString(prices).trim().split(" ");
        BigDecimal bid = new BigDecimal(quote[0]);
        BigDecimal ask = new BigDecimal(quote[1]);
        Instant now = Instant.now();
        node.guardian().tell(new RiskGuardian.MarkPrice(SYMBOL, bid.add(ask).divide(BigDecimal.valueOf(2)), now));
        node.venue(VENUE).tell(new Venue.MarketPrice(SYMBOL, bid, ask, now));
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (Exception torn) {
        // the test is rewriting the file: read it again next time
      }
    }
  }

  /**
   * {@code STATE <bot> <phase> <position> <realized P&L> <resting stops> <reason>} per bot and
   * {@code GUARDIAN <realized P&L> <BTC position>}; a bot or guardian that does not answer in time is left out.
   */
  private static void report(FleetOperations ops) {
    for (String botId : BOTS) {
      try {
        BotState s = ops.liveState(botId, true).toCompletableFuture().get(5, TimeUnit.SECONDS).orElse(null);
        if (s == null) continue;
        long stops = s.data().protecting().stream()
            .filter(p -> p.role() == ProtectiveOrder.Role.STOP && p.accepted()).count();
        String why = s.data().lastOutcome() == null ? "-" : s.data().lastOutcome().reason();
        mark("STATE " + botId + " " + s.phase() + " " + s.data().position().quantity().toPlainString() + " "
            + s.data().realizedPnl().toPlainString() + " " + stops + " " + why.replace('\n', ' '));
      } catch (Exception notYet) {
        // asked again next second
      }
    }
    try {
      RiskGuardian.GuardianStatus g = ops.risk().toCompletableFuture().get(5, TimeUnit.SECONDS);
      BigDecimal position = g.positions().getOrDefault(SYMBOL, BigDecimal.ZERO);
      mark("GUARDIAN " + g.realizedPnl().toPlainString() + " " + position.toPlainString() + " "
          + g.positions().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().toPlainString())
          .collect(Collectors.joining(",")));
    } catch (Exception notYet) {
      // asked again next second
    }
  }

  private static synchronized void mark(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
