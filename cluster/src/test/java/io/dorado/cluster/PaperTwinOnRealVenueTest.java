package io.dorado.cluster;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.strategy.scan.ScanActor;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.cluster.venues.VenueAdapters;
import io.dorado.cluster.venues.VenueKind;
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
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scanner's paper twin of a bot on a live venue account, on a node on the real Cassandra node: the live account
 * serves live only, so the twin is made on the paper venue the node runs beside it; it is accepted, its order reaches
 * the paper venue and never the live account's adapter, and its fill lands in the guardian's paper account.
 */
class PaperTwinOnRealVenueTest {
  private static final String LIVE = "live-x";
  private static final String SYMBOL = "LTC";
  private static final Universe CORE = new Universe("core", List.of(
      new Underlying(SYMBOL, AssetClass.CRYPTO, LIVE, "USDT", "LTCUSDT")));
  /** Every order the live account's adapter was asked to place or cancel: must stay empty. */
  private static final ConcurrentLinkedQueue<String> LIVE_CALLS = new ConcurrentLinkedQueue<>();

  /** Stands in for a real exchange's adapter (kind "recording", live): records every call that would trade. */
  static final class RecordingLiveAdapter implements VenueAdapter {
    @Override
    public CompletionStage<OrderReport> place(Order order) {
      LIVE_CALLS.add("place " + order.clientOrderId().value());
      return CompletableFuture.failedFuture(new IllegalStateException("a test's live account never trades"));
    }

    @Override
    public CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
      LIVE_CALLS.add("cancel " + clientOrderId.value());
      return CompletableFuture.failedFuture(new IllegalStateException("a test's live account never trades"));
    }

    @Override
    public CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
      return CompletableFuture.failedFuture(new IllegalStateException("nothing placed here"));
    }

    @Override
    public void connect(Consumer<OrderReport> listener) {}

    @Override
    public VenueInfo info() {
      return new VenueInfo(LIVE, "recording", VenueMode.LIVE, "live-account-1", true, VenueInfo.Connection.CONNECTED);
    }
  }

  @BeforeAll
  static void schema() {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
  }

  private static Config config() throws Exception {
    Path secrets = Files.createTempDirectory("twin-secrets");
    Files.writeString(secrets.resolve("key"), "twin-test-key");
    Files.writeString(secrets.resolve("secret"), "twin-test-secret");
    return ConfigFactory.parseString("""
        dorado.venues.live-trading-enabled = true
        dorado.venues.accounts.%s {
          kind = recording
          mode = live
          account = "live-account-1"
          credentials { api-key-file = "%s", secret-file = "%s" }
        }
        """.formatted(LIVE, secrets.resolve("key"), secrets.resolve("secret"))).withFallback(FleetNodeTest.config());
  }

  private static NodeSetup setup() {
    BigDecimal cash = new BigDecimal("100000");
    return new NodeSetup(List.of(CORE), List.of(LIVE), Set.of("crypto_momentum"), RiskPolicy.DEFAULT,
        AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 7), cash, true);
  }

  @Test
  void the_twin_of_a_bot_on_a_live_account_is_accepted_trades_on_the_paper_venue_and_books_in_a_paper_account()
      throws Exception {
    String botId = "live-ltc-" + System.nanoTime() % 100000;
    Config config = config();
    var kinds = VenueAdapters.standard(config).register(VenueKind.real("recording", account -> new RecordingLiveAdapter()));
    try (FleetNode node = FleetNode.start(config, setup(), kinds)) {
      FleetOperations ops = node.operations();
      BotConfig live = new BotConfig(botId, "core", SYMBOL, LIVE, VenueMode.LIVE, "crypto_momentum", SignalMode.SCAN,
          ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("0.1")), RegimeFilter.ANY, null);
      // The singletons come up with the cluster: ask until the fleet supervisor answers (a repeat is "already registered").
      Fleet.Reply made = eventually(() -> ops.createBot(live, "test").toCompletableFuture().get(10, TimeUnit.SECONDS),
          r -> r instanceof Fleet.Done);
      assertInstanceOf(Fleet.Done.class, made, made.toString());

      // The twin as the scanner makes it on this node, registered as the scanner registers it.
      BotConfig twin = ScanActor.twinOf(live, node.twinVenues());
      assertEquals("paper", twin.venue(), "a live account serves live only: the twin trades on the paper venue");
      Fleet.Reply created = eventually(() -> ops.createBot(twin, "scan").toCompletableFuture().get(10, TimeUnit.SECONDS),
          r -> r != null);
      assertInstanceOf(Fleet.Done.class, created, "the twin is accepted: " + created);

      assertNotNull(node.venue("paper"), "the node runs the paper venue beside the live account");
      Instant now = Instant.now();
      node.guardian().tell(new RiskGuardian.MarkPrice(SYMBOL, new BigDecimal("100.05"), now));
      node.venue("paper").tell(new Venue.MarketPrice(SYMBOL, new BigDecimal("100.00"), new BigDecimal("100.10"), now));

      String twinId = twin.id();
      BotState open = FirstEntry.enterUntilOpen(ops, twinId, SYMBOL, new BigDecimal("100.05"), "twin-sig", "scan");
      assertEquals(0, new BigDecimal("0.1").compareTo(open.data().position().quantity()), "filled by the paper venue");
      assertEquals(List.of(), List.copyOf(LIVE_CALLS), "the live account's adapter was never asked to trade");

      var accounts = eventually(() -> ops.accounts().toCompletableFuture().get(10, TimeUnit.SECONDS),
          v -> v.accounts().stream().anyMatch(a -> a.account().equals("paper/paper") && a.positions().containsKey(SYMBOL)));
      var paper = accounts.accounts().stream().filter(a -> a.account().equals("paper/paper")).findFirst().orElseThrow();
      assertEquals("paper", paper.mode(), "the twin's fills are booked in a paper account");
      assertTrue(paper.positions().get(SYMBOL).compareTo(new BigDecimal("0.1")) >= 0, paper.toString());
      var liveAccount = accounts.accounts().stream().filter(a -> a.account().equals(LIVE)).findFirst().orElse(null);
      assertNull(liveAccount == null ? null : liveAccount.positions().get(SYMBOL), "nothing in the live account");
    }
  }
}
