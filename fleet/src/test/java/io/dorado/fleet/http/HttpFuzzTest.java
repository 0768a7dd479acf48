package io.dorado.fleet.http;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.PromotionLadder;
import io.dorado.cluster.StrategyNode;
import io.dorado.fleet.FleetSetup;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.http.HttpApi;
import io.dorado.http.HttpSettings;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.fleet.Fleet;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API fuzzed on a real node: ≥ 10,000 seeded requests generated from the route table ({@link FuzzRequests})
 * against the single-node fleet the run command starts (the bundled demo's bots, its market data replayed, the regime
 * radar, the scanner, the position manager and the promotion ladder) on the real Cassandra node, with a journal keyspace
 * of its own (so its guardian can be halted without touching another test's). The requests start once the node has
 * warmed up, seen through the API: the first regime published, the first scheduled scan finished. Every answer must
 * come within the bound and be below 500, with no status counted apart; every request gets an answer (a connection
 * closed with none is counted on its own); and the requests that carry no valid credential must change nothing: the
 * fuzz's own bots (on webhook signals only, so the scanner never writes to them) and every id named with this run keep
 * their journal, and of the events the node writes meanwhile by itself (scans, twins, orders) none records the API as
 * its origin (the operator's requests afterwards do, which shows that check sees them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFuzzTest {
  private static final long SEED = Long.getLong("dorado.fuzz.seed", 20261207L);
  private static final int UNAUTHORIZED = Integer.getInteger("dorado.fuzz.unauthorized", 4_000);
  private static final int MIXED = Integer.getInteger("dorado.fuzz.mixed", 6_000);
  /** A request with no answer within this is a hang (the routes wait at most the ask timeout). */
  private static final Duration BOUND = Duration.ofSeconds(30);
  /** Generous: the fuzz looks for errors, not for a slow machine's timeouts (503, which it would count). */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);
  /** The first regime and the first scan, on a loaded machine. */
  private static final Duration WARM_UP = Duration.ofSeconds(60);
  private static final int IN_FLIGHT = 8;
  private static final long MAX_BODY = 16 * 1024;
  private static final String API = "fuzz-reader-token-0123456789";
  private static final String OPERATOR = "fuzz-operator-token-0123456789";
  private static final String SECRET = "fuzz-webhook-secret-0123456789";

  private final String run = "fz" + System.nanoTime() % 100000;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private FleetNode node;
  private HttpApi api;
  private ServerBinding binding;
  private String base;
  private Duration upIn;
  private Duration warmUp;

  @BeforeAll
  void start() throws Exception {
    long started = System.nanoTime();
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "http-fuzz-test-secret-0123456789"
            # The run command's own (dorado.conf): a scan every 15 s, the regime every 30 s.
            dorado.scan.interval = 15s
            dorado.regime.refresh-interval = 30s
            """)
        .withFallback(TestCassandra.journalOfItsOwn("http_fuzz"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
    // The node the run command starts: the bundled demo's bots, market data replayed, regime radar, scanner, position
    // manager, promotion ladder (Main.run, less Cassandra's start-up and the Telegram bridge).
    FleetConfig demo = FleetConfigLoader.loadDemo();
    BigDecimal cash = new BigDecimal("100000");
    node = FleetNode.start(config, FleetSetup.node(demo, cash, false));
    for (BotConfig bot : demo.bots()) { // created, or found from an earlier run of this test (as on a restart)
      eventually(() -> node.operations().createBot(bot, "config").toCompletableFuture().get(10, TimeUnit.SECONDS)
          instanceof Fleet.Done || !(node.operations().bot(bot.id()).toCompletableFuture().get(10, TimeUnit.SECONDS)
          instanceof Fleet.NotFound), created -> created);
    }
    StrategyNode.start(node, config, FleetSetup.pipeline(demo), demo.dataConfig().sources());
    PromotionLadder.init(node.system(), node.operations(), demo.ladder(), config.getDuration("dorado.ladder.interval"));
    var settings = new HttpSettings("127.0.0.1", 0, API, OPERATOR, SECRET, MAX_BODY, ASK_TIMEOUT,
        Duration.ofSeconds(1));
    api = HttpApi.create(node.system(), node.operations(), settings);
    binding = Http.get(node.system()).newServerAt("127.0.0.1", 0).bind(api.route()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    eventually(() -> send("GET", "/ready", null, null, null).status(), s -> s == 200);
    upIn = Duration.ofNanos(System.nanoTime() - started);
    // Warmed up, polled through the API: the radar's first regime is published and the first scheduled scan finished.
    eventually(WARM_UP, () -> send("GET", "/api/v1/regime", "Bearer " + API, null, null).status(), s -> s == 200);
    eventually(WARM_UP, () -> send("GET", "/api/v1/scan/last", "Bearer " + API, null, null).status(), s -> s == 200);
    warmUp = Duration.ofNanos(System.nanoTime() - started);
  }

  @AfterAll
  void stop() throws Exception {
    if (binding != null) binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (node != null) node.close();
  }

  record Answer(int status, String body, String retryAfter) {}

  private Answer send(String method, String path, String token, String contentType, byte[] body) throws Exception {
    return sendAsync(method, path, token, contentType, body).get(BOUND.toSeconds() + 5, TimeUnit.SECONDS);
  }

  private CompletableFuture<Answer> sendAsync(String method, String path, String token, String contentType, byte[] body) {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(BOUND)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) request.header("Authorization", token);
    if (contentType != null) request.header("Content-Type", contentType);
    // The event stream never ends: its answer is the status and headers.
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
      String text = "";
      try (InputStream in = r.body()) {
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
          text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      } catch (java.io.IOException e) {
        text = "(body unreadable: " + e + ")";
      }
      return new Answer(r.statusCode(), text, r.headers().firstValue("Retry-After").orElse(null));
    });
  }

  private String header(FuzzRequests.Token token) {
    return switch (token) {
      case NONE -> null;
      case BAD -> "Bearer not-the-token";
      case EMPTY_BEARER -> "Bearer ";
      case BASIC -> "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + OPERATOR).getBytes());
      case LONG -> "Bearer " + "t".repeat(6000);
      case READER -> "Bearer " + API;
      case OPERATOR -> "Bearer " + OPERATOR;
    };
  }

  /**
   * A bot of the fuzz's own, on signals from the webhook only: the scanner never sends it one, so its journal changes
   * only by requests. Created, or found created by an earlier attempt the fleet answered too late (a fresh keyspace is slow at first). */
  private String createBot(String id, String approval) throws Exception {
    byte[] config = """
        {"id": "%s", "universe": "demo", "underlying": "ETH", "venue": "paper", "strategy_template": "crypto_momentum",
         "signal_mode": "webhook", "approval_mode": "%s", "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(id, approval).getBytes();
    eventually(() -> send("POST", "/api/v1/bots", "Bearer " + OPERATOR, "application/json", config).status() == 201
        || send("GET", "/api/v1/bots/" + id, "Bearer " + API, null, null).status() == 200, created -> created);
    return id;
  }

  /** What one batch of requests did. */
  static final class Tally {
    final AtomicInteger sent = new AtomicInteger();
    final Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    final Set<String> routes = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> hangs = new ConcurrentLinkedQueue<>();
    /** The connection closed with no answer at all (neither a status nor a hang): counted and printed on their own. */
    final ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
    final Map<String, AtomicInteger> groups = new ConcurrentHashMap<>();
    final Map<String, String> examples = new ConcurrentHashMap<>();
  }

  private void fire(FuzzRequests requests, int n, boolean authorized, Tally tally) throws Exception {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FuzzRequests.Request r = requests.next(authorized);
      slots.acquire();
      tally.sent.incrementAndGet();
      if (r.route() != null) tally.routes.add(r.route());
      CompletableFuture<Void> done;
      try {
        done = sendAsync(r.method(), r.path(), header(r.token()), r.contentType(), r.body())
            .handle((answer, error) -> {
              if (error != null) {
                Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
                if (e instanceof HttpTimeoutException) tally.hangs.add(r.describe());
                else tally.broken.add(r.describe() + " -> " + e);
                return null;
              }
              tally.byStatus.computeIfAbsent(Integer.toString(answer.status()), s -> new AtomicInteger()).incrementAndGet();
              if (answer.status() >= 500) { // every one: warming up is over, and this node serves every route

                tally.failures.add(r.describe() + " -> " + answer.status() + " " + FuzzRequests.abbreviate(answer.body()));
                String reason = answer.body().length() > 100 ? answer.body().substring(0, 100) : answer.body();
                tally.groups.computeIfAbsent((r.route() == null ? r.method() + " " + r.path() : r.route()) + " -> "
                    + answer.status() + " " + reason, k -> new AtomicInteger()).incrementAndGet();
                tally.examples.putIfAbsent((r.route() == null ? r.path() : r.route()) + answer.status(), r.describe());
              }
              return null;
            });
      } catch (IllegalArgumentException e) { // the client refused to build it: a generator bug, never the server's
        throw new AssertionError("the client cannot send " + r.describe(), e);
      }
      all.add(done.whenComplete((v, e) -> slots.release()).thenApply(v -> null));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds() * 3, TimeUnit.SECONDS);
  }

  /** Every persistence id of this node's own journal with its highest sequence number, the watchdog's probe left out. */
  private Map<String, Long> journal() throws Exception {
    List<String> ids = readJournal().currentPersistenceIds().runWith(Sink.seq(), node.system()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Map<String, Long> highest = new TreeMap<>();
    for (String id : ids) {
      // The journal watchdog's probe writes on its own timer, whatever the requests: not a change they made.
      if (id.startsWith("JournalProbe|")) continue;
      highest.put(id, readJournal().currentEventsByPersistenceId(id, 0L, Long.MAX_VALUE)
          .runWith(Sink.fold(0L, (n, e) -> Math.max(n, e.sequenceNr())), node.system()).toCompletableFuture()
          .get(30, TimeUnit.SECONDS));
    }
    return highest;
  }

  private CassandraReadJournal readJournal() {
    return PersistenceQuery.get(node.system())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
  }

  /** The events each persistence id gained from {@code before} to {@code after}, as text ({@code "id: event"}). */
  private List<String> gained(Map<String, Long> before, Map<String, Long> after) throws Exception {
    List<String> events = new ArrayList<>();
    for (var e : after.entrySet()) {
      long from = before.getOrDefault(e.getKey(), 0L);
      if (e.getValue() <= from) continue;
      for (var envelope : readJournal().currentEventsByPersistenceId(e.getKey(), from + 1, e.getValue())
          .runWith(Sink.seq(), node.system()).toCompletableFuture().get(30, TimeUnit.SECONDS)) {
        events.add(e.getKey() + ": " + envelope.event());
      }
    }
    return events;
  }

  /**
   * An event that records the HTTP API as its origin: every route that changes something passes who asked,
   * {@code "http"} or {@code "http:<name>"} ({@code Auth.by}), and the event keeps it (a record's text: {@code by=http}).
   */
  static final java.util.regex.Pattern FROM_HTTP = java.util.regex.Pattern.compile("=http(:[^,\\])]*)?[,\\])]");

  /** What the node logged at ERROR while the fuzz ran (a 500's cause is logged there, not sent to the client). */
  private ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captureErrors() {
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var captured = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    captured.addFilter(new ch.qos.logback.core.filter.Filter<>() {
      @Override
      public ch.qos.logback.core.spi.FilterReply decide(ch.qos.logback.classic.spi.ILoggingEvent event) {
        return event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)
            ? ch.qos.logback.core.spi.FilterReply.NEUTRAL : ch.qos.logback.core.spi.FilterReply.DENY;
      }
    });
    captured.start();
    root.addAppender(captured);
    return captured;
  }

  private static String describe(ch.qos.logback.classic.spi.ILoggingEvent event) {
    var thrown = event.getThrowableProxy();
    StringBuilder text = new StringBuilder(event.getLoggerName() + ": " + event.getFormattedMessage());
    for (var t = thrown; t != null; t = t.getCause()) text.append(" <- ").append(t.getClassName()).append(": ")
        .append(FuzzRequests.abbreviate(String.valueOf(t.getMessage())));
    return text.toString();
  }

  @Test
  void ten_thousand_generated_requests_get_no_5xx_no_hang_and_none_without_a_credential_changes_anything()
      throws Exception {
    String auto = createBot(run + "-a", "auto_execute");
    String human = createBot(run + "-h", "human_required");
    // Every reading route answers once before the fuzz starts (singletons up, read side sessions open).
    for (String path : List.of("/api/v1/bots", "/api/v1/risk", "/api/v1/allocator", "/api/v1/orders", "/api/v1/fills",
        "/api/v1/trades", "/api/v1/audit", "/api/v1/pnl", "/api/v1/accounts", "/api/v1/bots/" + auto + "/history")) {
      eventually(() -> send("GET", path, "Bearer " + API, null, null).status(), s -> s == 200);
    }
    List<String> routes = api.operations();
    FuzzRequests requests = new FuzzRequests(SEED, routes,
        List.of(auto, human, run + "-nobody"), SECRET, run, MAX_BODY);

    // Without a credential (none, wrong, malformed, or the reader's on a route that changes something): nothing changes.
    var errors = captureErrors();
    long fuzzing = System.nanoTime();
    Map<String, Long> before = journal();
    Tally unauthorized = new Tally();
    fire(requests, UNAUTHORIZED, false, unauthorized);
    Map<String, Long> after = journal();

    // Then everyone, the operator included (its requests may change things: they must still never fail or hang).
    Tally mixed = new Tally();
    fire(requests, MIXED, true, mixed);
    Duration took = Duration.ofNanos(System.nanoTime() - fuzzing);
    Map<String, Long> end = journal();

    int n = unauthorized.sent.get() + mixed.sent.get();
    Set<String> routesHit = new java.util.TreeSet<>(unauthorized.routes);
    routesHit.addAll(mixed.routes);
    List<String> failures = new ArrayList<>(unauthorized.failures);
    failures.addAll(mixed.failures);
    List<String> hangs = new ArrayList<>(unauthorized.hangs);
    hangs.addAll(mixed.hangs);
    List<String> broken = new ArrayList<>(unauthorized.broken);
    broken.addAll(mixed.broken);
    Map<String, Integer> statuses = new TreeMap<>();
    for (Tally t : List.of(unauthorized, mixed)) t.byStatus.forEach((s, c) -> statuses.merge(s, c.get(), Integer::sum));
    // The node works on while the requests come (scans, twins, the regime, orders): what it wrote by itself is not the
    // requests' doing. What they could change is: the fuzz's own bots and every id named with this run (only requests
    // name them), and any event that records the HTTP API as its origin.
    List<String> whileUnauthorized = gained(before, after);
    Map<String, Long> ours = new TreeMap<>(before);
    ours.keySet().removeIf(id -> !id.contains(run));
    Map<String, Long> oursAfter = new TreeMap<>(after);
    oursAfter.keySet().removeIf(id -> !id.contains(run));
    List<String> fromHttpUnauthorized = whileUnauthorized.stream().filter(e -> FROM_HTTP.matcher(e).find()).toList();
    List<String> fromHttpMixed = gained(after, end).stream().filter(e -> FROM_HTTP.matcher(e).find()).toList();

    System.out.printf("fuzz: %d requests, %d distinct routes, %d 5xx, %d hangs%n", n, routesHit.size(), failures.size(),
        hangs.size());
    broken.forEach(b -> System.out.println("fuzz no answer: " + b));
    System.out.printf("fuzz: node ready in %d s, warmed up (first regime, first scan) in %d s; the requests took %d s%n",
        upIn.toSeconds(), warmUp.toSeconds(), took.toSeconds());
    System.out.printf("fuzz: seed %d; statuses %s; %d connections closed with no answer; %d without a credential: "
            + "%d events the node wrote meanwhile by itself, %d from the API; %d events from the API after them%n",
        SEED, statuses, broken.size(), unauthorized.sent.get(), whileUnauthorized.size(), fromHttpUnauthorized.size(),
        fromHttpMixed.size());

    for (Tally t : List.of(unauthorized, mixed)) {
      new TreeMap<>(t.groups).forEach((g, c) -> System.out.println("fuzz 5xx: " + c + " x " + g));
      t.examples.values().forEach(e -> System.out.println("fuzz 5xx example: " + e));
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .detachAppender(errors);
    Map<String, Integer> logged = new TreeMap<>();
    for (var event : List.copyOf(errors.list)) logged.merge(describe(event), 1, Integer::sum);
    logged.forEach((what, count) -> System.out.println("fuzz node error: " + count + " x " + what));
    assertTrue(n >= 10_000, "at least 10,000 requests: " + n);
    assertEquals(new java.util.TreeSet<>(routes), routesHit, "every route of the table was fuzzed");
    assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " answers were 5xx");
    assertEquals(List.of(), hangs.stream().limit(20).toList(), hangs.size() + " requests got no answer within " + BOUND);
    assertEquals(List.of(), broken.stream().limit(20).toList(), broken.size() + " connections closed with no answer");
    assertEquals(ours, oursAfter, "requests without a valid credential changed the fuzz's bots or made one");
    assertEquals(List.of(), fromHttpUnauthorized, "requests without a valid credential changed the node's journal");
    assertTrue(!fromHttpMixed.isEmpty(), "the operator's requests changed things, and the check above sees such events");
    assertEquals(200, send("GET", "/health", null, null, null).status(), "the node still serves");
  }
}
