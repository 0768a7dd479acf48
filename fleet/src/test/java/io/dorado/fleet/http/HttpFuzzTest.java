package io.dorado.fleet.http;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.NodeSetup;
import io.dorado.http.HttpApi;
import io.dorado.http.HttpSettings;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
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
 * against one single-node fleet on the real Cassandra node (a journal keyspace of its own, so its guardian can be
 * halted without touching another test's). Every answer must come within the bound and be below 500 (a 503 "warming
 * up" that says when to come back, Retry-After, and a 501 for an operation this node does not serve, the scan report
 * on a node without the scanner, are documented answers, counted apart and printed in the fuzz line); every request
 * gets an answer (a connection closed with none is counted on its own); and the requests that carry no
 * valid credential must change nothing: the node's journal holds exactly the events it held before them.
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
  private static final int IN_FLIGHT = 8;
  private static final long MAX_BODY = 16 * 1024;
  private static final String API = "fuzz-reader-token-0123456789";
  private static final String OPERATOR = "fuzz-operator-token-0123456789";
  private static final String SECRET = "fuzz-webhook-secret-0123456789";
  private static final String VENUE = "paper";

  private final String run = "fz" + System.nanoTime() % 100000;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private FleetNode node;
  private HttpApi api;
  private ServerBinding binding;
  private String base;

  @BeforeAll
  void start() throws Exception {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "http-fuzz-test-secret-0123456789"
            """)
        .withFallback(TestCassandra.journalOfItsOwn("http_fuzz"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
    BigDecimal cash = new BigDecimal("100000");
    Universe universe = new Universe("demo", List.of(
        new Underlying("BTC", AssetClass.CRYPTO, VENUE, "USD"),
        new Underlying("ETH", AssetClass.CRYPTO, VENUE, "USD")));
    node = FleetNode.start(config, new NodeSetup(List.of(universe), List.of(VENUE), Set.of("crypto_momentum"),
        RiskPolicy.DEFAULT, AllocationPolicy.defaults(ArmMode.BY_BOT, cash, 42), cash, false));
    var settings = new HttpSettings("127.0.0.1", 0, API, OPERATOR, SECRET, MAX_BODY, ASK_TIMEOUT,
        Duration.ofSeconds(1));
    api = HttpApi.create(node.system(), node.operations(), settings);
    binding = Http.get(node.system()).newServerAt("127.0.0.1", 0).bind(api.route()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
    eventually(() -> send("GET", "/ready", null, null, null).status(), s -> s == 200);
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

  /** Created, or found created by an earlier attempt the fleet answered too late (a fresh keyspace is slow at first). */
  private String createBot(String id, String approval) throws Exception {
    byte[] config = """
        {"id": "%s", "universe": "demo", "underlying": "ETH", "venue": "paper", "strategy_template": "crypto_momentum",
         "signal_mode": "both", "approval_mode": "%s", "sizing": {"method": "fixed_quantity", "quantity": 0.05}}
        """.formatted(id, approval).getBytes();
    eventually(() -> send("POST", "/api/v1/bots", "Bearer " + OPERATOR, "application/json", config).status() == 201
        || send("GET", "/api/v1/bots/" + id, "Bearer " + API, null, null).status() == 200, created -> created);
    return id;
  }

  /** What one batch of requests did. */
  static final class Tally {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger retryAfter503 = new AtomicInteger();
    /** 501 not_available: an operation this node does not serve (the scan report, on a node without the scanner). */
    final AtomicInteger notHere = new AtomicInteger();
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
              if (answer.status() == 503 && answer.retryAfter() != null && answer.body().contains("warming up")) {
                tally.retryAfter503.incrementAndGet();
              }
              else if (answer.status() == 501 && answer.body().contains("\"not_available\"")) tally.notHere.incrementAndGet();
              else if (answer.status() >= 500) {
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

  /** Every persistence id of this node's own journal with its number of events, the watchdog's probe left out. */
  private Map<String, Long> journal() throws Exception {
    var journal = PersistenceQuery.get(node.system())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    List<String> ids = journal.currentPersistenceIds().runWith(Sink.seq(), node.system()).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    Map<String, Long> counts = new TreeMap<>();
    for (String id : ids) {
      // The journal watchdog's probe writes on its own timer, whatever the requests: not a change they made.
      if (id.startsWith("JournalProbe|")) continue;
      counts.put(id, journal.currentEventsByPersistenceId(id, 0L, Long.MAX_VALUE)
          .runWith(Sink.fold(0L, (c, e) -> c + 1), node.system()).toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    return counts;
  }

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
    Map<String, Long> before = journal();
    Tally unauthorized = new Tally();
    fire(requests, UNAUTHORIZED, false, unauthorized);
    Map<String, Long> after = journal();

    // Then everyone, the operator included (its requests may change things: they must still never fail or hang).
    Tally mixed = new Tally();
    fire(requests, MIXED, true, mixed);

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
    int warmingUp = unauthorized.retryAfter503.get() + mixed.retryAfter503.get();
    int notHere = unauthorized.notHere.get() + mixed.notHere.get();
    System.out.printf("fuzz: %d requests, %d distinct routes, %d 5xx, %d hangs (documented apart: %d x 503 warming up "
        + "with Retry-After, %d x 501 not offered by this node; %d connections closed with no answer)%n", n,
        routesHit.size(), failures.size(), hangs.size(), warmingUp, notHere, broken.size());
    broken.forEach(b -> System.out.println("fuzz no answer: " + b));
    System.out.printf("fuzz: seed %d; statuses %s; %d without a credential, journal events %d before and after%n",
        SEED, statuses, unauthorized.sent.get(),
        before.values().stream().mapToLong(Long::longValue).sum());

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
    assertEquals(before, after, "requests without a valid credential changed the node's journal");
    assertEquals(200, send("GET", "/health", null, null, null).status(), "the node still serves");
  }
}
