package io.dorado.fleet.observability;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.logging.OrderMdc;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeMetrics;
import io.dorado.cluster.NodeSetup;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.http.HttpServer;
import io.dorado.http.HttpSettings;
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
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node with metrics on (Kamon, the Prometheus endpoint) and the application's logging switched to JSON,
 * on the real Cassandra node: a few bots each open and close a position through the guardian and the
 * paper venue, then the endpoint is scraped over HTTP and the JSON log lines are read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsAndLogsTest {
  private static final int TRADERS = 3;
  private static final int ORDERS = 2 * TRADERS; // an entry and an exit each
  private static final int BOTS = TRADERS + 1; // and one that asks for far too much and is denied
  private static final Universe CORE = new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
  private static final String API_TOKEN = "metrics-test-api-token";
  private static final Pattern METRIC = Pattern.compile("\\b(?:dorado|pekko|http|jvm|executor)_[a-z0-9_]+");

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> bots = new ArrayList<>();
  private JsonLogs logs;
  private Config config;
  private FleetNode node;
  private ServerBinding http;

  @BeforeAll
  void startANodeAndTrade() throws Exception {
    logs = JsonLogs.capture();
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            dorado.risk.ack-secret = "metrics-test-secret-0123456789"
            dorado.bot.retry-interval = 1s
            dorado.http { port = 0, api-token = "%s" }
            kamon.prometheus.embedded-server.port = %d
            kamon.metric.tick-interval = 500ms
            """.formatted(API_TOKEN, freePort()))
        .withFallback(ConfigFactory.parseResources("metrics.conf"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
    node = FleetNode.start(config, new NodeSetup(List.of(CORE), List.of("paper"), Set.of("crypto_momentum"),
        RiskPolicy.DEFAULT, AllocationPolicy.defaults(ArmMode.BY_BOT, new BigDecimal("100000"), 7),
        new BigDecimal("100000"), false));
    http = HttpServer.start(node.system(), node.operations(), HttpSettings.fromConfig(config))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);

    FleetOperations ops = node.operations();
    long run = System.nanoTime() % 100000;
    for (int i = 0; i < TRADERS; i++) {
      bots.add("metrics-" + run + "-" + i);
      create(ops, bots.get(i), "0.05");
    }
    String greedy = "metrics-" + run + "-greedy";
    create(ops, greedy, "1000"); // 42 million of notional on a 100,000 account
    price("42000", "42010");
    for (String botId : bots) enter(ops, botId);
    for (String botId : bots) signal(ops, botId, "exit", SignalAction.EXIT);
    for (String botId : bots) phase(ops, botId, Phase.IDLE);
    signal(ops, greedy, "enter", SignalAction.ENTER_LONG);
    eventually(() -> ops.liveState(greedy, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow(),
        s -> s.phase() == Phase.IDLE && s.data().lastOutcome() != null && s.data().lastOutcome().phase() == Phase.REJECTED);
  }

  private static void create(FleetOperations ops, String botId, String quantity) throws Exception {
    var created = ops.createBot(new BotConfig(botId, "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal(quantity)), RegimeFilter.ANY, null),
        "test").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertInstanceOf(Fleet.Done.class, created, created.toString());
  }

  @AfterAll
  void stop() throws Exception {
    if (http != null) http.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (node != null) node.close();
  }

  @Test
  void the_endpoint_shows_the_fleets_own_metrics_with_the_values_of_the_orders_that_went_through() throws Exception {
    RiskGuardian.GuardianStatus risk = node.operations().risk().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(ORDERS, risk.acknowledgedOrders(), "the guardian acknowledged an entry and an exit per bot");

    // Gauges follow the guardian's writes and the fleet's sync timer; the reporter snapshots every 500 ms.
    PrometheusText m = eventually(this::scrape, s -> s.sum("dorado_bots", Map.of("phase", "IDLE")).orElse(0) == BOTS
        && Math.abs(realizedPnl(s) - risk.realizedPnl().doubleValue()) < 1e-6);

    assertTrue(m.sum("dorado_orders_intended_total").orElseThrow() >= ORDERS, m.text());
    assertTrue(m.sum("dorado_orders_reviewed_total", Map.of("outcome", "approved")).orElseThrow() >= TRADERS);
    assertTrue(m.sum("dorado_orders_reviewed_total", Map.of("outcome", "denied")).orElseThrow() >= 1, "the greedy bot");
    assertTrue(m.sum("dorado_orders_denied_total", Map.of("stage", "review")).orElseThrow() >= 1, "the greedy bot");
    assertTrue(m.sum("dorado_orders_acknowledged_total").orElseThrow() >= ORDERS);
    assertTrue(m.sum("dorado_orders_acknowledgement_latency_seconds_count").orElseThrow() >= ORDERS);
    assertTrue(m.sum("dorado_orders_acknowledgement_latency_seconds_sum").orElseThrow() > 0);
    assertTrue(m.sum("dorado_venue_send_latency_seconds_count", Map.of("venue", "paper")).orElseThrow() >= ORDERS);
    assertTrue(m.sum("dorado_fills_total", Map.of("venue", "paper")).orElseThrow() >= ORDERS);

    assertEquals(1, m.sum("dorado_trading_state", Map.of("state", "ACTIVE")).orElseThrow());
    assertEquals(0, m.sum("dorado_trading_state", Map.of("state", "HALTED")).orElseThrow());
    assertEquals(0, m.sum("dorado_trading_state", Map.of("state", "REDUCING")).orElseThrow());
    assertEquals(BOTS, m.sum("dorado_bots").orElseThrow(), "bots by phase add up to the registered bots");
    assertTrue(risk.realizedPnl().signum() < 0, "bought at the ask, sold at the bid: " + risk.realizedPnl());
    assertEquals(risk.equity().doubleValue(), m.sum("dorado_equity").orElseThrow(), 0.01);
  }

  @Test
  void pekko_sharding_cluster_jvm_and_http_metrics_come_from_kamons_instrumentation() throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.localAddress().getPort() + "/api/v1/bots"))
        .header("Authorization", "Bearer " + API_TOKEN).GET().build();
    assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());

    PrometheusText m = eventually(this::scrape,
        s -> s.sum("http_server_requests_total", Map.of("http_status_code", "2xx")).orElse(0) >= 1);
    Set<String> names = m.names();
    // Range samplers and histograms are exported as _bucket, _count and _sum: a positive _sum means seen.
    assertTrue(m.sum("pekko_system_active_actors_sum").orElseThrow() > 0, names.toString());
    assertTrue(m.sum("pekko_group_members_sum", Map.of("group", "bots")).orElseThrow() > 0, "bots as an actor group");
    assertTrue(m.sum("pekko_group_processing_time_seconds_count", Map.of("group", "bots")).orElseThrow() > 0);
    assertTrue(m.sum("pekko_actor_processing_time_seconds_count",
        Map.of("path", "dorado/system/singletonManagerrisk-guardian/risk-guardian")).orElseThrow() > 0, "the guardian tracked");
    assertTrue(m.sum("pekko_cluster_sharding_region_hosted_entities_sum", Map.of("type", "Bot")).orElseThrow() > 0);
    assertTrue(m.sum("pekko_cluster_sharding_region_processed_messages_total", Map.of("type", "Venue")).orElseThrow() > 0);
    assertEquals(1, m.sum("pekko_cluster_members_up_count").orElseThrow(), "a cluster of one");
    assertTrue(m.sum("jvm_memory_used_bytes_count").orElseThrow() > 0, names.toString());
  }

  @Test
  void every_metric_the_grafana_dashboard_plots_is_on_the_endpoint() throws Exception {
    String dashboard = Files.readString(Path.of("..", "docker", "grafana", "dashboards", "dorado-fleet.json"));
    var plotted = new TreeSet<String>();
    for (JsonNode panel : new ObjectMapper().readTree(dashboard).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        // Metric names only: not the labels of "sum by (...)".
        Matcher m = METRIC.matcher(target.path("expr").asText().replaceAll("by \\([^)]*\\)", ""));
        while (m.find()) plotted.add(m.group());
      }
    }
    assertTrue(plotted.size() > 10, plotted.toString());
    // A breaker trip does not happen here; its counter (tagged by breaker) exists from the first trip on.
    plotted.remove("dorado_breaker_trips_total");
    PrometheusText m = eventually(this::scrape, s -> s.names().containsAll(plotted));
    assertTrue(m.names().containsAll(plotted), plotted.toString());
  }

  @Test
  void every_log_line_about_an_order_carries_its_client_order_id_from_the_bot_through_the_guardian_to_the_venue() {
    List<JsonNode> lines = logs.lines();
    assertFalse(lines.isEmpty(), "the JSON appender wrote nothing");
    for (String botId : bots) {
      for (String clientOrderId : List.of(botId + "-1", botId + "-2")) {
        var loggers = new TreeSet<String>();
        for (JsonNode line : lines) {
          if (clientOrderId.equals(line.path(OrderMdc.KEY).asText(null))) {
            loggers.add(line.path("logger_name").asText());
            assertTrue(line.path("message").asText().contains(clientOrderId), line.toString());
          }
        }
        assertTrue(loggers.stream().anyMatch(l -> l.endsWith("BotEntity")), clientOrderId + ": " + loggers);
        assertTrue(loggers.stream().anyMatch(l -> l.endsWith("RiskGuardianActor")), clientOrderId + ": " + loggers);
        assertTrue(loggers.stream().anyMatch(l -> l.endsWith("VenueActor")), clientOrderId + ": " + loggers);
      }
    }
    // Lines about other things carry no order id (the MDC does not leak from one message to the next).
    assertTrue(lines.stream().anyMatch(l -> !l.has(OrderMdc.KEY)));
  }

  /** Kamon gauges hold no negative values: realized P&L is exported as profit and loss. */
  private static double realizedPnl(PrometheusText m) {
    return m.sum("dorado_pnl_realized_profit").orElseThrow() - m.sum("dorado_pnl_realized_loss").orElseThrow();
  }

  private PrometheusText scrape() throws IOException, InterruptedException {
    var response = client.send(HttpRequest.newBuilder(URI.create(NodeMetrics.endpoint(config))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return PrometheusText.parse(response.body());
  }

  private void price(String bid, String ask) {
    Instant now = Instant.now();
    BigDecimal mid = new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2));
    node.guardian().tell(new RiskGuardian.MarkPrice("BTC", mid, now));
    node.venue("paper").tell(new Venue.MarketPrice("BTC", new BigDecimal(bid), new BigDecimal(ask), now));
  }

  private static void signal(FleetOperations ops, String botId, String id, SignalAction action) throws Exception {
    Bot.Ack ack = eventually(() -> ops.ingestSignal(botId, new Signal(id, botId, "BTC", action, new BigDecimal("42005"),
            null, null, "test", Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS),
        a -> a instanceof Bot.Accepted || a instanceof Bot.AlreadyProcessed);
    assertTrue(ack instanceof Bot.Accepted || ack instanceof Bot.AlreadyProcessed, ack.toString());
  }

  /**
   * Until the allocator's first budgets reach the guardian (a moment after the bots register) an entry is
   * denied (BUDGET_EXCEEDED) and the bot goes back to IDLE: it gets another signal until it holds a position.
   */
  private static void enter(FleetOperations ops, String botId) throws Exception {
    var attempt = new AtomicInteger();
    eventually(() -> {
      BotState s = ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
      if (s.phase() == Phase.IDLE) signal(ops, botId, "enter-" + attempt.incrementAndGet(), SignalAction.ENTER_LONG);
      return s;
    }, s -> s.phase() == Phase.MONITORING);
  }

  private static BotState phase(FleetOperations ops, String botId, Phase phase) throws Exception {
    return eventually(() -> ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow(),
        s -> s.phase() == phase);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
