package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A single-node fleet on the real Cassandra node: bots created through the operations layer trade
 * through the sharded bot, the guardian and allocator singletons and the sharded paper venue; a
 * restarted node finds its bots where they were.
 */
class FleetNodeTest {
  private static final Universe CORE = new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));

  @BeforeAll
  static void schema() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
  }

  static Config config() {
    return TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "fleet-node-test-secret-0123456789"
            dorado.bot.retry-interval = 1s
            pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms
            pekko.persistence.cassandra.query.refresh-interval = 200ms
            """).withFallback(ConfigFactory.parseResources("cluster.conf")));
  }

  static NodeSetup setup() {
    return new NodeSetup(List.of(CORE), List.of("paper"), Set.of("crypto_momentum"), RiskPolicy.DEFAULT,
        AllocationPolicy.defaults(ArmMode.BY_BOT, new BigDecimal("100000"), 7), new BigDecimal("100000"), false);
  }

  @Test
  void a_bot_created_through_the_operations_trades_and_is_still_there_after_a_restart() throws Exception {
    String botId = "node-btc-" + System.nanoTime() % 100000;
    try (FleetNode node = FleetNode.start(config(), setup())) {
      FleetOperations ops = node.operations();
      var created = ops.createBot(new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
          SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.1")), RegimeFilter.ANY, null),
          "test").toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertInstanceOf(Fleet.Done.class, created, created.toString());
      price(node, "42000", "42010");

      BotState open = FirstEntry.enterUntilOpen(ops, botId, "BTC", new BigDecimal("42005"), "sig", "test");
      assertEquals(0, new BigDecimal("0.1").compareTo(open.data().position().quantity()));
      RiskGuardian.GuardianStatus risk = ops.risk().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(0, new BigDecimal("0.1").compareTo(risk.positions().get("BTC")));

      // The read side (a sharded daemon process of projections) catches up within seconds.
      var orders = eventually(() -> ops.recentOrders(java.util.Optional.of(botId), 10).toCompletableFuture().get(10, TimeUnit.SECONDS),
          list -> !list.isEmpty() && list.get(0).status() == io.dorado.protocol.order.OrderStatus.FILLED);
      assertEquals(botId + "-1", orders.get(0).clientOrderId());
    }

    try (FleetNode again = FleetNode.start(config(), setup())) {
      FleetOperations ops = again.operations();
      Fleet.BotLookup lookup = eventually(() -> ops.bot(botId).toCompletableFuture().get(10, TimeUnit.SECONDS),
          l -> l instanceof Fleet.Found);
      assertTrue(((Fleet.Found) lookup).bot().holding(), "the registry remembers the bot holds a position");
      BotState state = ops.liveState(botId, false).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
      assertEquals(Phase.MONITORING, state.phase());
      var risk = ops.risk().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(0, new BigDecimal("0.1").compareTo(risk.positions().get("BTC")), "the guardian's ledger survived");
    }
  }

  private static void price(FleetNode node, String bid, String ask) {
    Instant now = Instant.now();
    BigDecimal mid = new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2));
    node.guardian().tell(new RiskGuardian.MarkPrice("BTC", mid, now));
    node.venue("paper").tell(new Venue.MarketPrice("BTC", new BigDecimal(bid), new BigDecimal(ask), now));
  }
}
