package io.dorado.fleet.http;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.cluster.venues.VenueAdapters;
import io.dorado.cluster.venues.VenueKind;
import io.dorado.http.HttpServer;
import io.dorado.http.HttpSettings;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.Venue;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API on a real node: one single-node fleet on the real Cassandra node with the HTTP server
 * on a free port, driven by the JDK's HTTP client the way an operator's script or TradingView would.
 * The other HTTP tests run over a fake fleet; this one proves the routes against the sharded bots, the
 * guardian and allocator singletons, the paper venue and the read side. The read side is eventually
 * consistent, so those checks poll until the projection has caught up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpOnNodeTest {
  private static final String VENUE = "paper";
  private static final Universe UNIVERSE = new Universe("demo", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, VENUE, "USD"),
      new Underlying("ETH", AssetClass.CRYPTO, VENUE, "USD"),
      new Underlying("SOL", AssetClass.CRYPTO, VENUE, "USD"),
      // On a broker_paper account of a registered test kind (as Binance's testnet would be): only its mode trades there.
      new Underlying("XRP", AssetClass.CRYPTO, "testex", "USDT", "XRPUSDT")));
  /** Planted in the testex account's secret files: never in a log line or an API answer. */
  private static final String PLANTED_KEY = "planted-node-api-key-71c2";
  private static final String PLANTED_SECRET = "planted-node-secret-3e9f";
  /** Every log event of the node's start and of these tests, formatted. */
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private static final String API = "node-reader-token-0123456789";
  private static final String OPERATOR = "node-operator-token-0123456789";
  private static final String SECRET = "node-webhook-secret-0123456789";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private final String run = "h" + System.nanoTime() % 100000;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private FleetNode node;
  private String base;

  @BeforeAll
  void start() throws Exception {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "http-node-test-secret-0123456789"
            dorado.bot.retry-interval = 1s
            pekko.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms
            pekko.persistence.cassandra.query.refresh-interval = 200ms
            """).withFallback(ConfigFactory.parseResources("cluster.conf")));
    captureLogs();
    java.nio.file.Path secrets = java.nio.file.Files.createTempDirectory("venue-secrets");
    java.nio.file.Files.writeString(secrets.resolve("key"), PLANTED_KEY);
    java.nio.file.Files.writeString(secrets.resolve("secret"), PLANTED_SECRET);
    config = ConfigFactory.parseString("""
        dorado.venues.accounts.testex {
          kind = testex
          mode = broker_paper
          account = "testnet-7"
          rest-url = "http://127.0.0.1:9/api"
          credentials { api-key-file = "%s", secret-file = "%s" }
        }
        """.formatted(secrets.resolve("key"), secrets.resolve("secret"))).withFallback(config);
    var paperConfig = config;
    node = FleetNode.start(config, setup(), VenueAdapters.standard(config)
        .register(VenueKind.real("testex", account -> PaperVenue.fromConfig(paperConfig))));
    var settings = new HttpSettings("127.0.0.1", 0, API, OPERATOR, SECRET, 16 * 1024, Duration.ofSeconds(10),
        Duration.ofSeconds(1));
    ServerBinding binding = HttpServer.start(node.system(), node.operations(), settings).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    // The guardian's journal is shared with other tests on this Cassandra node: start from ACTIVE.
    eventually(() -> call("PUT", "/api/v1/risk/trading-state", OPERATOR,
        "{\"state\": \"ACTIVE\", \"reason\": \"http node test\"}"), r -> r.status() == 200);
    // The guardian (and its journal) is shared with the other tests of this JVM, and its limits are
    // account-wide: these tests trade ETH and SOL only, never the BTC the crash and Telegram tests trade,
    // and only the trade test exits (SOL), so no re-entry cooldown hits another test.
    price("BTC", "42000", "42010");
    price("ETH", "2500", "2501");
    price("SOL", "150", "150.2");
  }

  @AfterAll
  void stop() {
    if (node != null) node.close();
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender("planted-secret-watch");
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.dorado")).setLevel(null);
  }

  /** Every log event from INFO up, formatted, into {@link #logs}: what an operator's log file would hold. */
  private void captureLogs() {
    var appender = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
      @Override
      protected void append(ch.qos.logback.classic.spi.ILoggingEvent e) {
        logs.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
      }
    };
    appender.setName("planted-secret-watch");
    appender.start();
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.dorado")).setLevel(ch.qos.logback.classic.Level.INFO);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
  }

  // ---- the HTTP client

  record Reply(int status, String body, String contentType) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String reason() {
      return json().path("reason").asText();
    }
  }

  private Reply call(String method, String path, String token, String body) throws IOException, InterruptedException {
    return call(method, path, token, body, "application/json");
  }

  private Reply call(String method, String path, String token, String body, String contentType)
      throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (body != null) request.header("Content-Type", contentType);
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
  }

  private JsonNode ok(String path) throws Exception {
    Reply reply = call("GET", path, API, null);
    assertEquals(200, reply.status(), path + ": " + reply.body());
    return reply.json();
  }

  /** Three crypto underlyings on one paper venue, the default risk policy. */
  private static NodeSetup setup() {
    BigDecimal cash = new BigDecimal("100000");
    return new NodeSetup(List.of(UNIVERSE), List.of(VENUE), Set.of("crypto_momentum", "fx_momentum"), RiskPolicy.DEFAULT,
        AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 42), cash, false, null,
        java.util.Map.of("crypto_momentum", io.dorado.protocol.market.AssetClass.CRYPTO,
            "fx_momentum", io.dorado.protocol.market.AssetClass.FX));
  }

  private void price(String symbol, String bid, String ask) {
    Instant now = Instant.now();
    BigDecimal mid = new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2));
    node.guardian().tell(new RiskGuardian.MarkPrice(symbol, mid, now));
    node.venue(VENUE).tell(new Venue.MarketPrice(symbol, new BigDecimal(bid), new BigDecimal(ask), now));
  }

  private String createBot(String id, String approvalMode) throws Exception {
    return createBot(id, "BTC", approvalMode);
  }

  private String createBot(String id, String underlying, String approvalMode) throws Exception {
    Reply created = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s", "universe": "demo", "underlying": "%s", "venue": "paper", "strategy_template": "crypto_momentum",
         "signal_mode": "both", "approval_mode": "%s", "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(id, underlying, approvalMode));
    assertEquals(201, created.status(), created.body());
    return id;
  }

  private Reply signal(String botId, String ticker, String price, String signalId, String action) throws Exception {
    return call("POST", "/api/v1/signals", null, """
        {"secret": "%s", "signal_id": "%s", "bot_id": "%s", "ticker": "%s", "action": "%s", "price": "%s"}
        """.formatted(SECRET, signalId, botId, ticker, action, price));
  }

  private static String alert(String secret, String botId, String action) {
    return """
        {"secret": "%s", "signal_id": "x", "bot_id": "%s", "ticker": "BTC", "action": "%s", "price": "42005"}
        """.formatted(secret, botId, action);
  }

  private String livePhase(String botId) throws Exception {
    return ok("/api/v1/bots/" + botId + "/live?wake=true").path("phase").asText();
  }

  // ---- bots

  @Test
  void bots_are_created_from_json_and_yaml_listed_fetched_paused_resumed_and_retired() throws Exception {
    String json = createBot(run + "-json", "auto_execute");
    String yamlId = run + "-yaml";
    Reply yaml = call("POST", "/api/v1/bots", OPERATOR, """
        id: %s
        universe: demo
        underlying: ETH
        venue: paper
        strategy_template: crypto_momentum
        signal_mode: webhook
        sizing:
          method: fixed_quantity
          quantity: 0.5
        """.formatted(yamlId), "application/yaml");
    assertEquals(201, yaml.status(), yaml.body());

    JsonNode list = ok("/api/v1/bots");
    List<String> ids = new ArrayList<>();
    list.path("bots").forEach(b -> ids.add(b.path("bot_id").asText()));
    assertTrue(ids.containsAll(List.of(json, yamlId)), ids::toString);

    JsonNode one = ok("/api/v1/bots/" + yamlId);
    assertEquals("ETH", one.path("config").path("underlying").asText());
    assertEquals("webhook", one.path("config").path("signal_mode").asText());
    assertEquals("RUNNING", one.path("desired").asText());

    JsonNode live = ok("/api/v1/bots/" + json + "/live?wake=true");
    assertTrue(live.path("running").asBoolean(), live::toString);
    assertEquals("IDLE", live.path("phase").asText());

    Reply paused = call("POST", "/api/v1/bots/" + json + "/pause", OPERATOR, null);
    assertEquals(200, paused.status(), paused.body());
    assertEquals("PAUSED", eventually(() -> ok("/api/v1/bots/" + json).path("desired").asText(), "PAUSED"::equals));
    Reply resumed = call("POST", "/api/v1/bots/" + json + "/resume", OPERATOR, null);
    assertEquals(200, resumed.status(), resumed.body());
    assertEquals("RUNNING", ok("/api/v1/bots/" + json).path("desired").asText());

    Reply retired = call("POST", "/api/v1/bots/" + yamlId + "/retire", OPERATOR, "{\"reason\": \"test over\"}");
    assertEquals(200, retired.status(), retired.body());
    Reply again = call("POST", "/api/v1/bots/" + yamlId + "/pause", OPERATOR, null);
    assertEquals(409, again.status(), "a retired bot cannot be paused: " + again.body());
    assertTrue(again.reason().contains("retired"), again.body());
  }

  // ---- signals, live state and the read side

  @Test
  void a_webhook_signal_trades_the_real_bot_a_repeat_says_so_and_the_read_side_pages_what_happened() throws Exception {
    String bot = createBot(run + "-trade", "SOL", "auto_execute");
    Reply first = eventually(() -> signal(bot, "SOL", "150.1", run + "-s1", "buy"), r -> r.status() == 202);
    assertEquals("accepted", first.json().path("outcome").asText(), first.body());
    Reply repeat = signal(bot, "SOL", "150.1", run + "-s1", "buy");
    assertEquals(200, repeat.status(), repeat.body());
    assertEquals("already_processed", repeat.json().path("outcome").asText());

    assertEquals("MONITORING", eventually(() -> livePhase(bot), "MONITORING"::equals));
    JsonNode risk = ok("/api/v1/risk");
    assertTrue(risk.path("positions").has("SOL"), risk::toString);

    price("SOL", "151", "151.2");
    Reply exit = signal(bot, "SOL", "151.1", run + "-s2", "exit");
    assertEquals(202, exit.status(), exit.body());
    assertEquals("IDLE", eventually(() -> livePhase(bot), "IDLE"::equals));

    // Orders: two, newest first, one per page with a cursor to the next.
    JsonNode orders = eventually(() -> ok("/api/v1/orders?bot=" + bot),
        o -> o.path("items").size() == 2 && o.path("items").get(0).path("status").asText().equals("FILLED")
            && o.path("items").get(1).path("status").asText().equals("FILLED"));
    assertEquals(bot + "-2", orders.path("items").get(0).path("client_order_id").asText(), orders::toString);
    for (JsonNode o : orders.path("items")) { // an auto_execute bot's entry and exit: its template, no approver
      assertEquals("crypto_momentum", o.path("template").asText(), o::toString);
      assertTrue(o.path("approved_by").isNull(), o::toString);
    }
    JsonNode page1 = ok("/api/v1/orders?bot=" + bot + "&limit=1");
    assertEquals(1, page1.path("items").size());
    String cursor = page1.path("next_cursor").asText();
    assertFalse(cursor.isBlank(), page1::toString);
    JsonNode page2 = ok("/api/v1/orders?bot=" + bot + "&limit=1&cursor=" + cursor);
    assertEquals(bot + "-1", page2.path("items").get(0).path("client_order_id").asText(), page2::toString);

    JsonNode fills = eventually(() -> ok("/api/v1/fills?bot=" + bot), f -> f.path("items").size() == 2);
    assertEquals("sell", fills.path("items").get(0).path("side").asText(), fills::toString);
    JsonNode fleetFills = ok("/api/v1/fills?limit=100"); // the dashboard's panel: every bot's latest
    assertTrue(fleetFills.toString().contains(bot + "-2-f1"), fleetFills::toString);
    // The whole fleet's orders and fills, one row a page across every bot of this node: each row once, this bot's all.
    for (String listing : List.of("orders", "fills")) {
      List<String> rows = new ArrayList<>();
      String next = "/api/v1/" + listing + "?limit=1";
      while (next != null) {
        JsonNode page = ok(next);
        assertEquals(1, page.path("items").size(), page::toString);
        page.path("items").forEach(o -> rows.add(o.path("bot_id").asText() + "/" + o.path(
            listing.equals("orders") ? "client_order_id" : "fill_id").asText()));
        next = page.path("next_cursor").isNull() ? null
            : "/api/v1/" + listing + "?limit=1&cursor=" + page.path("next_cursor").asText();
        assertTrue(rows.size() < 100_000, "the cursor never ends");
      }
      assertEquals(rows.size(), new java.util.HashSet<>(rows).size(), listing + " listed twice: " + rows);
      assertEquals(2, rows.stream().filter(r -> r.startsWith(bot + "/")).count(), listing + ": " + rows);
    }
    JsonNode trades = eventually(() -> ok("/api/v1/trades?bot=" + bot), t -> t.path("items").size() == 1);
    assertTrue(trades.path("items").get(0).has("realized_pnl"), trades::toString);
    JsonNode audit = eventually(() -> ok("/api/v1/audit?bot=" + bot), a -> a.path("items").size() >= 4);
    assertTrue(audit.toString().contains("SIGNAL_RECEIVED") || audit.toString().contains("MONITORING"), audit::toString);
    JsonNode pnl = ok("/api/v1/pnl?days=1");
    assertTrue(pnl.isObject(), pnl::toString);

    // The bot's own journal, oldest first, paged by sequence number.
    JsonNode history = ok("/api/v1/bots/" + bot + "/history?limit=3");
    assertEquals(3, history.path("items").size(), history::toString);
    assertEquals(1, history.path("items").get(0).path("sequence_nr").asLong(), history::toString);
    JsonNode more = ok("/api/v1/bots/" + bot + "/history?limit=3&cursor=" + history.path("next_cursor").asText());
    assertEquals(4, more.path("items").get(0).path("sequence_nr").asLong(), more::toString);
  }

  // ---- approvals

  @Test
  void a_pending_approval_is_listed_approved_and_another_rejected_on_the_real_bots() throws Exception {
    String approved = createBot(run + "-appr", "ETH", "human_required");
    String rejected = createBot(run + "-rej", "ETH", "human_required");
    eventually(() -> signal(approved, "ETH", "2500.5", run + "-a1", "buy"), r -> r.status() == 202);
    eventually(() -> signal(rejected, "ETH", "2500.5", run + "-r1", "buy"), r -> r.status() == 202);
    assertEquals("AWAITING_APPROVAL", eventually(() -> livePhase(approved), "AWAITING_APPROVAL"::equals));
    assertEquals("AWAITING_APPROVAL", eventually(() -> livePhase(rejected), "AWAITING_APPROVAL"::equals));

    JsonNode pending = eventually(() -> ok("/api/v1/approvals"), p -> p.toString().contains(approved)
        && p.toString().contains(rejected));
    String reviewId = null;
    for (JsonNode p : pending) if (p.path("bot_id").asText().equals(approved)) reviewId = p.path("proposal").path("review_id").asText();
    assertFalse(reviewId == null || reviewId.isBlank(), pending::toString);

    var approve = HttpRequest.newBuilder(URI.create(base + "/api/v1/approvals/" + approved + "/approve"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + OPERATOR)
        .header("Content-Type", "application/json").header("X-Dorado-Operator", "alice")
        .POST(HttpRequest.BodyPublishers.ofString("{\"review_id\": \"" + reviewId + "\", \"tag\": \"Strong trend\"}"))
        .build();
    HttpResponse<String> answer = client.send(approve, HttpResponse.BodyHandlers.ofString());
    Reply yes = new Reply(answer.statusCode(), answer.body(), "");
    assertEquals(200, yes.status(), yes.body());
    assertEquals("accepted", yes.json().path("outcome").asText(), yes.body());
    assertEquals("tagged", yes.json().path("annotation").asText(), yes.body());
    assertEquals("MONITORING", eventually(() -> livePhase(approved), "MONITORING"::equals));
    // The order the real bot intended, in the read side on Cassandra: its bot, template and approving operator.
    JsonNode order = eventually(() -> ok("/api/v1/orders?bot=" + approved), o -> o.path("items").size() == 1
        && o.path("items").get(0).path("status").asText().equals("FILLED")).path("items").get(0);
    assertEquals(approved, order.path("bot_id").asText(), order::toString);
    assertEquals("crypto_momentum", order.path("template").asText(), order::toString);
    assertEquals("http:alice", order.path("approved_by").asText(), order::toString);

    Reply no = call("POST", "/api/v1/approvals/" + rejected + "/reject", OPERATOR, "{\"reason\": \"not today\"}");
    assertEquals(200, no.status(), no.body());
    assertEquals("IDLE", eventually(() -> livePhase(rejected), "IDLE"::equals));

    Reply nothingPending = call("POST", "/api/v1/approvals/" + rejected + "/approve", OPERATOR, null);
    assertEquals(409, nothingPending.status(), nothingPending.body());
  }

  // ---- risk, allocator, cluster, probes

  @Test
  void the_guardian_shows_its_state_policy_and_breakers_and_obeys_the_trading_state_and_kill_switch() throws Exception {
    try {
      JsonNode risk = ok("/api/v1/risk");
      assertEquals("ACTIVE", risk.path("trading_state").asText(), risk::toString);
      assertTrue(risk.has("equity") && risk.has("heat_pct"), risk::toString);
      assertEquals("2", ok("/api/v1/risk/policy").path("circuit_breakers").path("daily_loss_halt_pct").asText());

      JsonNode breakers = ok("/api/v1/risk/breakers");
      List<String> names = new ArrayList<>();
      breakers.path("breakers").forEach(b -> names.add(b.path("breaker").asText()));
      assertEquals(List.of("DAILY_LOSS", "WEEKLY_LOSS", "DRAWDOWN", "CONSECUTIVE_LOSSES"), names, breakers::toString);
      assertEquals("2", breakers.path("breakers").get(0).path("limit").asText());
      assertEquals("ACTIVE", breakers.path("trading_state").asText());

      Reply reducing = call("PUT", "/api/v1/risk/trading-state", OPERATOR, "{\"state\": \"REDUCING\", \"reason\": \"CPI\"}");
      assertEquals(200, reducing.status(), reducing.body());
      assertEquals("REDUCING", ok("/api/v1/risk").path("trading_state").asText());

      Reply kill = call("POST", "/api/v1/risk/kill-switch", OPERATOR, "{\"reason\": \"drill\"}");
      assertEquals(200, kill.status(), kill.body());
      assertTrue(kill.json().path("kill_switch").asBoolean(), kill.body());
      JsonNode halted = ok("/api/v1/risk");
      assertEquals("HALTED", halted.path("trading_state").asText());
      assertTrue(halted.path("kill_switch").asBoolean());
      assertTrue(ok("/api/v1/risk/breakers").path("kill_switch").asBoolean());
      JsonNode audit = eventually(() -> ok("/api/v1/audit"), a -> a.toString().contains("kill switch: drill"));
      assertTrue(audit.path("items").size() >= 1);
    } finally {
      Reply active = call("PUT", "/api/v1/risk/trading-state", OPERATOR, "{\"state\": \"ACTIVE\", \"reason\": \"drill over\"}");
      assertEquals(200, active.status(), active.body());
    }
    assertEquals("ACTIVE", ok("/api/v1/risk").path("trading_state").asText());
  }

  @Test
  void the_allocator_cluster_and_probes_answer_from_the_live_node() throws Exception {
    createBot(run + "-alloc", "auto_execute");
    JsonNode allocation = eventually(() -> ok("/api/v1/allocator"), a -> a.path("arms").size() > 0);
    assertTrue(allocation.path("arms").get(0).has("weight"), allocation::toString);

    JsonNode cluster = ok("/api/v1/cluster");
    assertEquals(1, cluster.path("members").size(), cluster::toString);
    assertEquals("Up", cluster.path("members").get(0).path("status").asText());
    JsonNode withBots = eventually(() -> ok("/api/v1/cluster"), c -> c.path("regions").toString().contains("\"Bot\""));
    assertTrue(withBots.path("regions").get(0).has("shards"), withBots::toString);

    Reply health = call("GET", "/health", null, null);
    assertEquals(200, health.status());
    assertEquals("up", health.json().path("status").asText());
    Reply ready = eventually(() -> call("GET", "/ready", null, null), r -> r.status() == 200);
    assertTrue(ready.json().path("ready").asBoolean(), ready.body());

    Reply openApi = call("GET", "/api/v1/openapi.json", API, null);
    assertEquals(200, openApi.status());
    assertTrue(openApi.json().path("paths").has("/api/v1/risk/breakers"));
  }

  // ---- the live event stream

  @Test
  void the_event_stream_carries_the_real_bots_transitions_filtered_by_bot() throws Exception {
    String bot = createBot(run + "-sse", "ETH", "auto_execute");
    String other = createBot(run + "-quiet", "ETH", "auto_execute");
    var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events?bot=" + bot))
        .header("Authorization", "Bearer " + API).build();
    HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (Stream<String> body = response.body()) {
        body.forEach(lines::add);
      } catch (RuntimeException ignored) {
        // the stream is cut when the test ends
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      // The subscription to the journal's live tail settles asynchronously: signal until its events show.
      int[] n = {0};
      eventually(() -> {
        signal(other, "ETH", "2500.5", run + "-q" + n[0], "buy");
        signal(bot, "ETH", "2500.5", run + "-e" + n[0]++, "buy");
        return lines.stream().filter(l -> l.startsWith("data:") && l.contains(bot)).count();
      }, count -> count > 0);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("event:")), lines::toString);
      assertTrue(lines.stream().filter(l -> l.startsWith("data:") && !l.contains("notice"))
          .noneMatch(l -> l.contains(other)), "filtered by bot: " + lines);
    } finally {
      reader.interrupt();
    }
  }

  // ---- bad input on the real node

  @Test
  void bad_input_is_answered_4xx_with_a_json_reason_never_5xx() throws Exception {
    String bot = createBot(run + "-bad", "auto_execute");
    record Bad(String method, String path, String token, String body, int status) {}
    List<Bad> cases = List.of(
        new Bad("POST", "/api/v1/bots", OPERATOR, "{\"id\": ", 400),
        new Bad("POST", "/api/v1/bots", OPERATOR, "{\"id\": \"x1\", \"colour\": \"red\"}", 400),
        new Bad("POST", "/api/v1/bots", OPERATOR, """
            {"id": "%s-types", "universe": "demo", "underlying": "BTC", "venue": "paper",
             "strategy_template": "crypto_momentum", "sizing": {"method": "fixed_quantity", "quantity": "lots"}}
            """.formatted(run), 400),
        new Bad("POST", "/api/v1/bots", OPERATOR, """
            {"id": "%s-nowhere", "universe": "nowhere", "underlying": "BTC", "venue": "paper",
             "strategy_template": "crypto_momentum", "sizing": {"method": "fixed_quantity", "quantity": 1}}
            """.formatted(run), 422),
        new Bad("POST", "/api/v1/bots", OPERATOR, "{\"id\": \"" + "x".repeat(20_000) + "\"}", 413),
        new Bad("GET", "/api/v1/bots/" + run + "-nobody", API, null, 404),
        new Bad("GET", "/api/v1/bots/" + run + "-nobody/live", API, null, 404),
        new Bad("GET", "/api/v1/bots/bad%20id!", API, null, 400),
        new Bad("POST", "/api/v1/bots/" + run + "-nobody/pause", OPERATOR, null, 404),
        new Bad("POST", "/api/v1/approvals/" + bot + "/approve", OPERATOR, null, 409),
        new Bad("POST", "/api/v1/approvals/" + bot + "/approve", OPERATOR, "{\"tag\": \"<script>\"}", 400),
        new Bad("PUT", "/api/v1/risk/trading-state", OPERATOR, "{\"state\": \"PANIC\"}", 400),
        new Bad("GET", "/api/v1/orders?limit=0", API, null, 400),
        new Bad("GET", "/api/v1/orders?bot=" + bot + "&cursor=not-a-cursor!", API, null, 400),
        new Bad("GET", "/api/v1/bots/" + bot + "/history?cursor=seven", API, null, 400),
        new Bad("GET", "/api/v1/orders?cursor=abc", API, null, 400), // not a cursor of the fleet's orders
        new Bad("GET", "/api/v1/fills?cursor=abc", API, null, 400),
        new Bad("GET", "/api/v1/bots", null, null, 401),
        new Bad("GET", "/api/v1/bots", "wrong-token", null, 401),
        new Bad("POST", "/api/v1/bots/" + bot + "/pause", API, null, 403),
        new Bad("DELETE", "/api/v1/bots", OPERATOR, null, 405),
        new Bad("POST", "/api/v1/signals", null, alert("wrong", bot, "buy"), 401),
        new Bad("POST", "/api/v1/signals", null, alert(SECRET, run + "-nobody", "buy"), 404),
        new Bad("POST", "/api/v1/signals", null, alert(SECRET, bot, "moon"), 400));
    List<String> wrong = new ArrayList<>();
    for (Bad c : cases) {
      Reply reply = call(c.method(), c.path(), c.token(), c.body());
      String name = c.method() + " " + (c.path().length() > 60 ? c.path().substring(0, 60) : c.path());
      if (reply.status() != c.status()) wrong.add(name + " -> " + reply.status() + " " + reply.body());
      else if (!reply.contentType().startsWith("application/json") || reply.reason().isBlank()) {
        wrong.add(name + " -> no JSON reason: " + reply.body());
      }
      assertNotEquals(5, reply.status() / 100, name + " -> " + reply.body());
    }
    assertEquals(List.of(), wrong);
    assertEquals(200, call("GET", "/health", null, null).status(), "the node still serves");
    assertEquals("RUNNING", ok("/api/v1/bots/" + bot).path("desired").asText(), "nothing changed the bot");
  }

  // ---- venues: modes, the venue list, credentials never shown

  @Test
  void the_venues_show_each_accounts_kind_mode_account_and_connection_and_never_a_credential() throws Exception {
    Reply reply = call("GET", "/api/v1/venues", API, null);
    assertEquals(200, reply.status(), reply.body());
    JsonNode venues = reply.json();
    assertEquals(2, venues.size(), reply.body());
    assertEquals("paper", venues.get(0).path("venue").asText());
    assertEquals("paper", venues.get(0).path("kind").asText());
    assertEquals("paper", venues.get(0).path("mode").asText());
    assertEquals("paper", venues.get(0).path("account").asText());
    assertEquals("connected", venues.get(0).path("connection").asText());
    assertEquals("testex", venues.get(1).path("venue").asText());
    assertEquals("testex", venues.get(1).path("kind").asText());
    assertEquals("broker_paper", venues.get(1).path("mode").asText());
    assertEquals("testnet-7", venues.get(1).path("account").asText());

    // The planted credentials: in no API answer and no log line, though the node logged its venue accounts.
    StringBuilder seen = new StringBuilder(reply.body());
    for (String path : List.of("/api/v1/bots", "/api/v1/risk", "/api/v1/cluster", "/api/v1/openapi.json")) {
      seen.append(call("GET", path, API, null).body());
    }
    seen.append(String.join("\n", logs));
    assertTrue(logs.stream().anyMatch(l -> l.startsWith("venue account VenueAccount[testex: kind testex, mode broker_paper")),
        () -> "the node logs its venue accounts: " + logs);
    assertFalse(seen.toString().contains(PLANTED_KEY), "the api key leaked");
    assertFalse(seen.toString().contains(PLANTED_SECRET), "the secret leaked");
  }

  @Test
  void a_bot_asking_a_mode_its_venue_cannot_serve_is_refused_at_creation_with_the_reason() throws Exception {
    Reply livePaper = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-live", "universe": "demo", "underlying": "ETH", "venue": "paper", "venue_mode": "live",
         "strategy_template": "crypto_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(run));
    assertEquals(422, livePaper.status(), livePaper.body());
    assertTrue(livePaper.reason().contains("venue_mode: live trading is not enabled"), livePaper.body());

    Reply paperOnTestnet = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-xrp-paper", "universe": "demo", "underlying": "XRP", "venue": "testex", "venue_mode": "paper",
         "strategy_template": "crypto_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_quantity", "quantity": 10}}
        """.formatted(run));
    assertEquals(422, paperOnTestnet.status(), paperOnTestnet.body());
    assertTrue(paperOnTestnet.reason().contains("venue_mode: venue 'testex' cannot serve paper (it serves [broker_paper];"),
        paperOnTestnet.body());

    Reply testnet = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-xrp", "universe": "demo", "underlying": "XRP", "venue": "testex", "venue_mode": "broker_paper",
         "strategy_template": "crypto_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_quantity", "quantity": 10}}
        """.formatted(run));
    assertEquals(201, testnet.status(), testnet.body());
    assertEquals("broker_paper", ok("/api/v1/bots/" + run + "-xrp").path("config").path("venue_mode").asText());
  }

  @Test
  void a_bot_created_or_reconfigured_at_runtime_meets_the_loaders_rules_risk_pct_and_the_templates_asset_class()
      throws Exception {
    Reply tooRisky = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-risky", "universe": "demo", "underlying": "ETH", "venue": "paper", "venue_mode": "paper",
         "strategy_template": "crypto_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_risk_pct", "risk_pct": 9}}
        """.formatted(run));
    assertEquals(422, tooRisky.status(), tooRisky.body());
    assertTrue(tooRisky.reason().contains("sizing.risk_pct: must be between 0 and 5 (was 9)"), tooRisky.body());

    Reply fxOnCrypto = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-fx", "universe": "demo", "underlying": "ETH", "venue": "paper", "venue_mode": "paper",
         "strategy_template": "fx_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(run));
    assertEquals(422, fxOnCrypto.status(), fxOnCrypto.body());
    assertTrue(fxOnCrypto.reason().contains("strategy_template: template fx_momentum trades fx but ETH is crypto"),
        fxOnCrypto.body());

    Reply created = call("POST", "/api/v1/bots", OPERATOR, """
        {"id": "%s-sized", "universe": "demo", "underlying": "ETH", "venue": "paper", "venue_mode": "paper",
         "strategy_template": "crypto_momentum", "signal_mode": "both", "approval_mode": "human_required",
         "sizing": {"method": "fixed_risk_pct", "risk_pct": 1}}
        """.formatted(run));
    assertEquals(201, created.status(), created.body());
    Reply raised = call("PUT", "/api/v1/bots/" + run + "-sized/config", OPERATOR,
        "{\"sizing\": {\"method\": \"fixed_risk_pct\", \"risk_pct\": 7.5}}");
    assertEquals(422, raised.status(), raised.body());
    assertTrue(raised.reason().contains("sizing.risk_pct: must be between 0 and 5 (was 7.5)"), raised.body());
    Reply retemplated = call("PUT", "/api/v1/bots/" + run + "-sized/config", OPERATOR, "{\"strategy_template\": \"fx_momentum\"}");
    assertEquals(422, retemplated.status(), retemplated.body());
    assertEquals("1", ok("/api/v1/bots/" + run + "-sized").path("config").path("sizing").path("risk_pct").asText());
  }
}
