package io.dorado.fleet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeMetrics;
import io.dorado.cluster.PromotionLadder;
import io.dorado.cluster.StrategyNode;
import io.dorado.cluster.venues.VenueAccount;
import io.dorado.cluster.venues.VenueAccounts;
import io.dorado.cluster.venues.VenueAdapters;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.fleet.telegram.TelegramBridge;
import io.dorado.fleet.telegram.TelegramSettings;
import io.dorado.http.HttpServer;
import io.dorado.http.HttpSettings;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.persistence.cassandra.NodeClasspath;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.venue.VenueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run command: loads the fleet's YAML configuration (the bundled demo, or the folder given with
 * {@code --config DIR} or {@code DORADO_CONFIG_DIR}), starts (or finds) Cassandra, applies the schema,
 * starts a single-node fleet with the configured bots and the strategy pipeline (market data replayed
 * on an accelerated clock, regime radar, scheduled scans, position management), and prints what runs
 * where. Ctrl-C stops everything, Cassandra included; running it again reuses the data, so bots resume
 * where they were. A configuration error names the file, line and field and stops the run (exit 2).
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (io.dorado.fleet.config.ConfigException e) {
      System.err.println("dorado: bad fleet configuration: " + e.getMessage());
      System.exit(2);
    } catch (ConfigException e) {
      // Typesafe Config names the file, line and key: that is the message the operator needs.
      System.err.println("dorado: bad configuration: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      log.error("dorado: could not start", e);
      System.err.println("dorado: could not start: " + e);
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    Path root = NodeClasspath.projectRoot();
    Path var = root.resolve("var");
    Files.createDirectories(var);
    Config loaded = ConfigFactory.load("dorado"); // dorado.conf, not application.conf: tests on this classpath keep their own
    NodeMetrics.start(loaded); // first: Kamon instruments Pekko's classes as they load
    String configDir = configDir(args, loaded.getString("dorado.config-dir"));
    Config base = withVenues(loaded, configDir);
    // Before anything starts: a bad venue account (dorado.venues.accounts) or file stops the run here, naming the
    // file, line and key or field; a bot asking a mode its venue account does not serve is such an error.
    boolean live = base.getBoolean("dorado.venues.live-trading-enabled");
    VenueAccounts configured = VenueAdapters.standard(base).accounts(base, List.of(), List.of(), live, System::getenv);
    java.util.function.Function<String, java.util.Set<io.dorado.protocol.market.VenueMode>> served =
        id -> configured.account(id).orElseGet(() -> VenueAccount.paper(id)).servedModes();
    FleetConfig fleetConfig = configDir.isEmpty() ? FleetConfigLoader.loadDemo(served)
        : FleetConfigLoader.load(Path.of(configDir), served);
    System.out.println("Fleet configuration: " + (configDir.isEmpty() ? "the bundled demo (fleet/src/main/resources/demo)"
        : configDir) + ": universe '" + fleetConfig.universe().id() + "', " + fleetConfig.templates().size()
        + " templates, " + fleetConfig.bots().size() + " bots");
    CassandraSettings cassandra = CassandraSettings.fromConfig(base);

    CassandraNode node = null;
    if (cassandra.startsLocalNode()) {
      NodeConfig nodeConfig = NodeConfig.fromEnv(System.getenv(), root);
      System.out.println("Starting the embedded Cassandra node in " + nodeConfig.workDir() + " ...");
      node = CassandraNode.start(nodeConfig);
      cassandra = node.settings();
      System.out.printf("Cassandra up on %s:%d after %d ms%n", node.host(), node.cqlPort(), node.startupTime().toMillis());
    } else {
      System.out.println("Using the external Cassandra cluster " + cassandra);
    }
    final CassandraNode cassandraNode = node;
    SchemaMigration.apply(cassandra, Replication.singleNode());

    Config config = ConfigFactory.parseString("dorado.risk.ack-secret = \"" + secret(base, "dorado.risk.ack-secret", var, "ack-secret") + "\"\n"
            + "dorado.http.api-token = \"" + secret(base, "dorado.http.api-token", var, "http-api-token") + "\"\n"
            + "dorado.http.operator-token = \"" + secret(base, "dorado.http.operator-token", var, "http-operator-token") + "\"\n"
            + "dorado.http.webhook-secret = \"" + secret(base, "dorado.http.webhook-secret", var, "webhook-secret") + "\"")
        .withFallback(cassandra.driverConfig())
        .withFallback(base)
        .resolve();
    var setup = FleetSetup.node(fleetConfig, new java.math.BigDecimal(config.getString("dorado.node.starting-cash")),
        config.getBoolean("dorado.venues.live-trading-enabled"),
        io.dorado.protocol.allocation.AllocationMethod.parse(config.getString("dorado.allocator.method")),
        io.dorado.protocol.allocation.PosteriorKind.parse(config.getString("dorado.allocator.posterior")));
    FleetNode fleet = FleetNode.start(config, setup);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the fleet ...");
      try {
        fleet.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("the fleet did not stop cleanly", e);
      }
      if (cassandraNode != null) {
        System.out.println("Stopping Cassandra (it drains first) ...");
        cassandraNode.stop();
      }
      System.out.println("Stopped.");
    }, "dorado-stop"));

    List<BotConfig> bots = fleetConfig.bots();
    for (BotConfig bot : bots) {
      Fleet.Reply reply = retry(() -> fleet.operations().createBot(bot, "config").toCompletableFuture().get(10, TimeUnit.SECONDS));
      System.out.println("  bot " + bot.id() + " (" + bot.underlying() + ", " + bot.strategyTemplate() + ", "
          + bot.venueMode() + ", " + bot.approvalMode() + "): " + reply);
    }
    StrategyNode strategy = StrategyNode.start(fleet, config, FleetSetup.pipeline(fleetConfig),
        fleetConfig.dataConfig().sources());
    PromotionLadder.init(fleet.system(), fleet.operations(), fleetConfig.ladder(), config.getDuration("dorado.ladder.interval"));
    var http = HttpServer.start(fleet.system(), fleet.operations(), HttpSettings.fromConfig(config))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    var telegram = TelegramBridge.init(fleet.system(), TelegramSettings.fromConfig(config), fleet.operations());
    System.out.println();
    System.out.println("Telegram bridge: " + (telegram.isPresent() ? "on" : "off (set DORADO_TELEGRAM_TOKEN to turn it on)"));
    for (VenueInfo venue : venues(fleet)) System.out.println(VenueAccounts.describe(venue));
    System.out.println("Dorado Fleet is running: 1 node (" + fleet.system().address() + "), " + bots.size()
        + " bots on venues " + setup.venues() + "; market data for " + strategy.marketData().keySet()
        + " replayed on an accelerated clock; a scan every " + config.getDuration("dorado.scan.interval").toSeconds()
        + " s (non-selected candidates trade on paper twins '<bot>.paper').");
    String url = "http://" + http.localAddress().getHostString() + ":" + http.localAddress().getPort();
    System.out.println("HTTP API and dashboard: " + url + "/  (tokens in " + var + ": http-api-token reads, "
        + "http-operator-token also acts; e.g. curl -H \"Authorization: Bearer $(cat var/http-operator-token)\" "
        + url + "/api/v1/bots)");
    if (NodeMetrics.enabled(config)) System.out.println("Metrics (Prometheus): " + NodeMetrics.endpoint(config));
    System.out.println("Cassandra: " + cassandra + "; data in " + var + ". Ctrl-C stops everything.");
    fleet.system().getWhenTerminated().toCompletableFuture().join();
  }

  /**
   * A secret from config, else a random one kept in {@code var/<file>} (owner-only), so a restart
   * keeps it: the acknowledgement key, the HTTP tokens and the webhook secret.
   */
  static String secret(Config config, String path, Path var, String file) throws IOException {
    if (config.hasPath(path) && !config.getString(path).isBlank()) return config.getString(path);
    Path f = var.resolve(file);
    if (!Files.exists(f)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(f, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
    return Files.readString(f).trim();
  }

  /**
   * The venue accounts file layered over the config: {@code dorado.venues.config-file} ({@code DORADO_VENUES_CONFIG}),
   * else {@code venues.conf} in the fleet's config folder when there is one; neither: unchanged (paper venues).
   */
  static Config withVenues(Config config, String configDir) {
    String named = config.getString("dorado.venues.config-file").trim();
    Path file = !named.isEmpty() ? Path.of(named) : configDir.isEmpty() ? null : Path.of(configDir, "venues.conf");
    if (file == null || (named.isEmpty() && !Files.exists(file))) return config;
    if (!Files.exists(file)) throw new IllegalArgumentException("dorado.venues.config-file: " + file + " does not exist");
    System.out.println("Venue accounts: " + file);
    return ConfigFactory.parseFile(file.toFile()).withFallback(config).resolve();
  }

  /** Each venue account's kind, mode, account and connection, as its entity reports it (never a credential). */
  private static List<VenueInfo> venues(FleetNode fleet) {
    try {
      return fleet.operations().venues().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("the venues did not answer for the banner", e);
      return List.of();
    }
  }

  /** {@code --config DIR} wins over {@code dorado.config-dir} ({@code DORADO_CONFIG_DIR}); empty: the bundled demo. */
  static String configDir(String[] args, String configured) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) throw new IllegalArgumentException("--config needs a folder");
        return args[i + 1];
      }
      if (args[i].startsWith("--config=")) return args[i].substring("--config=".length());
    }
    return configured == null ? "" : configured.trim();
  }

  interface Attempt<T> {
    T get() throws Exception;
  }

  /** The singletons take a few seconds to come up on a fresh node. */
  private static <T> T retry(Attempt<T> attempt) throws Exception {
    Exception last = null;
    for (int i = 0; i < 30; i++) {
      try {
        return attempt.get();
      } catch (Exception e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    throw last;
  }
}
