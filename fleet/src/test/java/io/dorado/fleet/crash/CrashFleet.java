package io.dorado.fleet.crash;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.persistence.cassandra.CassandraSettings;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The fleet the crash tests run: one node on a given Cassandra, paper bots on BTC, the durable exchange as venue. */
final class CrashFleet {
  static final String VENUE = "paper";
  static final String SYMBOL = "BTC";
  static final BigDecimal STARTING_CASH = new BigDecimal("100000");
  static final BigDecimal QUANTITY = new BigDecimal("0.05");
  private static final Universe CORE = new Universe("core", List.of(new Underlying(SYMBOL, AssetClass.CRYPTO, VENUE, "USD")));

  private CrashFleet() {}

  /** A resolved node config on {@code cassandra}, built like TestCassandra.pekkoConfig (which would start its own node). */
  static Config config(CassandraSettings cassandra) {
    return config(cassandra, ConfigFactory.empty());
  }

  static Config config(CassandraSettings cassandra, Config extra) {
    Config overrides = extra.withFallback(ConfigFactory.parseString("""
        pekko.remote.artery.canonical.port = 0
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.loglevel = WARNING
        dorado.persistence.dev-mode = false
        pekko.persistence.cassandra.journal.replay-filter.mode = fail
        dorado.risk.ack-secret = "crash-test-secret-0123456789abcdef"
        dorado.bot.retry-interval = 1s
        # The invariant checks ask a venue on another node for its whole state (every order it holds, with its
        # fills): minutes of trading outgrow Artery's 256 KiB frame ("Failed to serialize oversized message"),
        # so answers to asks take the large-message lane. Nothing in production asks for the whole state remotely.
        pekko.remote.artery.large-message-destinations = ["/temp/*"]
        pekko.remote.artery.advanced.maximum-large-frame-size = 16MiB
        pekko.remote.artery.advanced.large-buffer-pool-size = 4
        """));
    return ConfigFactory.load(overrides
        .withFallback(cassandra.driverConfig())
        .withFallback(ConfigFactory.parseResources("persistence.conf"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
  }

  static NodeSetup setup() {
    // The default policy, but re-entry at once and no per-bot execution throttle: the crash tests trade each bot
    // as fast as it can for minutes (the throttle pauses such a bot, as RunawayBotFloodTest shows).
    RiskPolicy policy = new RiskPolicy(null, null, null,
        new RiskPolicy.Orders(null, null, null, null, Duration.ZERO, null, null,
            new RiskPolicy.BotThrottle(0, null, 0, null, Duration.ZERO)), null);
    return new NodeSetup(List.of(CORE), List.of(VENUE), Set.of("crypto_momentum"), policy,
        AllocationPolicy.defaults(ArmMode.BY_BOT, STARTING_CASH, 7), STARTING_CASH, false);
  }

  static FleetNode start(CassandraSettings cassandra, Path exchangeFile, Consumer<String> markers) {
    return start(config(cassandra), exchangeFile, markers);
  }

  static FleetNode start(Config config, Path exchangeFile, Consumer<String> markers) {
    return FleetNode.start(config, setup(),
        venueId -> DurableExchange.open(exchangeFile, PaperVenue.settingsFrom(config), markers));
  }

  static BotConfig bot(String botId) {
    return new BotConfig(botId, "core", SYMBOL, VENUE, VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(QUANTITY), RegimeFilter.ANY, null);
  }

  /** One quote to the venue (it fills against it) and its mid to the guardian (it marks against it). */
  static void price(FleetNode node, BigDecimal mid) {
    Instant now = Instant.now();
    BigDecimal half = new BigDecimal("5");
    node.guardian().tell(new RiskGuardian.MarkPrice(SYMBOL, mid, now));
    node.venue(VENUE).tell(new Venue.MarketPrice(SYMBOL, mid.subtract(half), mid.add(half), now));
  }

  static BigDecimal round(BigDecimal price) {
    return price.setScale(2, RoundingMode.HALF_EVEN);
  }
}
