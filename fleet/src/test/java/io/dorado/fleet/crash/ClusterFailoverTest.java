package io.dorado.fleet.crash;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.PauseGuard;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Ports;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.journal.JournalRepair;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three fleet nodes in child JVMs ({@link ClusterChild}) on one Cassandra node of its own, bots spread over all
 * of them, orders flowing against the durable exchange while a node is killed (SIGKILL), frozen
 * (SIGSTOP for longer than twice the split-brain resolver's stable-after, then SIGCONT) and while every
 * node is restarted one at a time. This JVM is the seed node with the role "observer" (it runs no bot,
 * venue or singleton): it drives prices and signals through the cluster, watches, and checks. After each
 * scenario the order path's invariant holds (OrderPathInvariants) and the activation logs prove that no
 * bot, venue or singleton handled a message on two nodes at once.
 *
 * <p>The detector found one: before io.dorado.cluster.PauseGuard, a node resumed after SIGSTOP ran its
 * overdue timers (the fleet supervisor's sync) after the survivors had started its singletons, and only
 * then learnt it was downed. Now it halts first (exit 75), and the test asserts that it did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {
  private static final int NODES = 3;
  private static final List<String> BOTS = IntStream.range(0, 9).mapToObj(i -> "cl-" + i).toList();
  private static final List<String> SINGLETONS = List.of("risk-guardian", "allocator", "fleet");
  /** The production setting (cluster.conf), so the failover time printed is the real one; -Ddorado.cluster.stable-after=3s to try others. */
  private static final Duration STABLE_AFTER = Optional.ofNullable(System.getProperty("dorado.cluster.stable-after"))
      .map(v -> Duration.parse("PT" + v.toUpperCase()))
      .orElse(ConfigFactory.parseResources("cluster.conf").resolve().getDuration("pekko.cluster.split-brain-resolver.stable-after"));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Child> nodes = new ArrayList<>();
  private final AtomicBoolean trading = new AtomicBoolean(false);
  private final ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
  private Path dir;
  private Path exchange;
  private String seed;
  private FleetNode observer;
  private NodeConfig cassandraFolder;
  private CassandraNode cassandra;
  private int lives;

  /** A fleet node's JVM: its life number, process, management port and cluster address (host:port). */
  record Child(int life, Process process, int managementPort, String node) {}

  @BeforeAll
  void cluster() throws Exception {
    dir = Files.createDirectories(Path.of("target", "cluster-" + ProcessHandle.current().pid()));
    exchange = dir.resolve("exchange.jsonl");
    int port = Ports.freeLoopbackPort();
    seed = "pekko://" + FleetNode.SYSTEM_NAME + "@127.0.0.1:" + port;
    // Its own node: the guardian's and the venue's persistence ids are the same in every fleet test, and their
    // ledgers must hold only this test's fills (and leave nothing behind for the next test class).
    cassandraFolder = TestCassandra.ownNodeConfig("cluster");
    cassandra = CassandraNode.start(cassandraFolder);
    SchemaMigration.apply(cassandra.settings(), Replication.singleNode());
    observer = CrashFleet.start(CrashFleet.config(cassandra.settings(), ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = " + port + "\n"
            + "dorado.cluster.seed-nodes = \"" + seed + "\"\n"
            + "dorado.cluster.roles = observer\n"
            + "dorado.node.ask-timeout = 3s\n"
            + "pekko.cluster.split-brain-resolver.stable-after = " + STABLE_AFTER.toMillis() + "ms\n")),
        exchange, line -> {});
    List<Launched> starting = new ArrayList<>();
    for (int i = 0; i < NODES; i++) starting.add(launch());
    for (Launched launched : starting) nodes.add(awaitUp(launched));
    awaitMembers();

    FleetOperations ops = observer.operations();
    for (String botId : BOTS) {
      eventually(Duration.ofSeconds(120), () -> ops.createBot(CrashFleet.bot(botId), "cluster-test")
          .toCompletableFuture().get(10, TimeUnit.SECONDS), reply -> true);
    }
    CrashFleet.price(observer, new BigDecimal("42000"));
    for (String botId : BOTS) {
      eventually(Duration.ofSeconds(60), () -> ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS),
          state -> state.isPresent());
    }
    ActivationHistory started = ActivationHistory.read(dir);
    for (Child child : nodes) {
      assertFalse(started.runningOn("Bot", child.node(), BOTS).isEmpty(), "bots on every node; none on " + child.node());
    }
    startTrading();
  }

  @AfterAll
  void stop() throws Exception {
    driver.shutdownNow();
    for (Child child : nodes) child.process().destroyForcibly();
    if (observer != null) observer.close();
    if (cassandra != null) {
      cassandra.kill();
      TestCassandra.deleteFolder(cassandraFolder.workDir());
    }
  }

  @Test
  @Order(1)
  void a_killed_nodes_bots_and_singletons_come_back_on_the_survivors_and_trading_continues_without_loss()
      throws Exception {
    Failover failover = killTheSingletonsNode();
    System.out.println(failover);
    checkAfter("SIGKILL of " + failover.node());
  }

  /** What a SIGKILL of a node cost: the times to its bots' and the guardian's first answers on survivors. */
  record Failover(String node, int bots, Duration botsAnswering, Duration guardianAnswering) {
    @Override
    public String toString() {
      return String.format("failover after SIGKILL: %d bots of the killed node answered again on survivors after %.1f s, "
          + "the guardian singleton after %.1f s (stable-after %s, goal <= 15 s)", bots, botsAnswering.toMillis() / 1000.0,
          guardianAnswering.toMillis() / 1000.0, STABLE_AFTER);
    }
  }

  /**
   * Kills (SIGKILL) the node that runs the singletons (the oldest, with the shard coordinators too: the
   * worst case), measures until its bots and the guardian answer on survivors, starts a replacement, and
   * checks that trading continued and every singleton came back on a survivor.
   */
  Failover killTheSingletonsNode() throws Exception {
    ActivationHistory before = ActivationHistory.read(dir);
    Child victim = nodeOf(before.runningOn("singleton", "risk-guardian").orElseThrow());
    List<String> affected = before.runningOn("Bot", victim.node(), BOTS);
    int fillsBefore = fills();

    long killedAt = System.nanoTime();
    victim.process().destroyForcibly(); // SIGKILL
    Duration botsBack = awaitAnswering(affected, killedAt);
    Duration guardianBack = awaitGuardian(killedAt);
    assertTrue(victim.process().waitFor(10, TimeUnit.SECONDS));
    replace(victim);

    eventually(Duration.ofSeconds(120), this::fills, f -> f >= fillsBefore + 3);
    ActivationHistory after = ActivationHistory.read(dir);
    for (String singleton : SINGLETONS) {
      String on = after.runningOn("singleton", singleton).orElseThrow();
      assertNotEquals(victim.node(), on, singleton + " came back on a survivor");
    }
    return new Failover(victim.node(), affected.size(), botsBack, guardianBack);
  }

  @Test
  @Order(2)
  void a_frozen_node_is_downed_and_exits_when_resumed_and_nothing_ran_on_two_nodes_at_once() throws Exception {
    ActivationHistory before = ActivationHistory.read(dir);
    Child victim = nodeOf(before.runningOn("singleton", "risk-guardian").orElseThrow());
    List<String> affected = before.runningOn("Bot", victim.node(), BOTS);
    int fillsBefore = fills();

    long frozenAt = System.nanoTime();
    signal("STOP", victim);
    Duration failover = awaitAnswering(affected, frozenAt);
    Duration twice = STABLE_AFTER.multipliedBy(2);
    eventually(Duration.ofSeconds(120), () -> Duration.ofNanos(System.nanoTime() - frozenAt).compareTo(twice) > 0
        && !isMember(victim), ok -> ok);
    eventually(Duration.ofSeconds(120), this::fills, f -> f >= fillsBefore + 3); // trading went on without it
    Duration frozenFor = Duration.ofNanos(System.nanoTime() - frozenAt);
    signal("CONT", victim);
    assertTrue(victim.process().waitFor(90, TimeUnit.SECONDS), "the resumed node learns it was downed and exits");
    assertEquals(PauseGuard.EXIT_CODE, victim.process().exitValue(), "its pause guard halted it before anything acted");
    System.out.printf("SIGSTOP for %.1f s: %d bots answered on survivors after %.1f s; the node halted (code %d) "
            + "after SIGCONT%n", frozenFor.toMillis() / 1000.0, affected.size(), failover.toMillis() / 1000.0,
        victim.process().exitValue());
    replace(victim);

    int fillsNow = fills();
    eventually(Duration.ofSeconds(120), this::fills, f -> f >= fillsNow + 3);
    checkAfter("SIGSTOP/SIGCONT of " + victim.node());
  }

  @Test
  @Order(3)
  void a_rolling_restart_of_every_node_loses_nothing() throws Exception {
    long started = System.nanoTime();
    for (Child child : List.copyOf(nodes)) {
      int fillsBefore = fills();
      child.process().destroy(); // SIGTERM: coordinated shutdown leaves the cluster and hands its shards over
      assertTrue(child.process().waitFor(90, TimeUnit.SECONDS), child.node() + " left and exited");
      System.out.printf("rolling restart: %s (life %d) exited with code %d after SIGTERM%n", child.node(), child.life(),
          child.process().exitValue());
      // 143 = 128 + SIGTERM: the JVM ended through its shutdown hooks (Pekko's coordinated shutdown), not a halt.
      assertEquals(143, child.process().exitValue(), child.node() + " left through its coordinated shutdown");
      replace(child);
      eventually(Duration.ofSeconds(120), this::fills, f -> f >= fillsBefore + 2);
    }
    System.out.printf("rolling restart of %d nodes in %.1f s%n", NODES, (System.nanoTime() - started) / 1e9);
    checkAfter("rolling restart");
  }

  // --- the scenario's checks ---

  /** Pauses trading, settles, checks the order path and the activations, and resumes. */
  void checkAfter(String scenario) throws Exception {
    trading.set(false);
    try {
      OrderPathInvariants.Summary summary = OrderPathInvariants.check(observer, exchange, BOTS);
      ActivationHistory history = ActivationHistory.read(dir);
      assertEquals(List.of(), history.overlaps(), "entities or singletons active on two nodes at once");
      List<String> twoWriters = twoWriterReports();
      assertEquals(List.of(), twoWriters, "sequence numbers written by two writers after " + scenario);
      System.out.printf("after %s: %s; %d incarnations of bots, venues and singletons, none on two nodes at once; "
          + "0 two-writer events%n", scenario, summary, history.incarnations());
    } finally {
      trading.set(true);
    }
  }

  /**
   * Every persistence id's journal rows, one writer per sequence number (a frozen node's write landing after its
   * entity's next incarnation wrote is found here, in the scenario that caused it, not at the next recovery).
   */
  private List<String> twoWriterReports() {
    List<String> reports = new ArrayList<>();
    try (CqlSession session = Sessions.open(cassandra.settings())) {
      JournalRepair journal = new JournalRepair(session, "pekko");
      for (String pid : journal.persistenceIds()) {
        JournalRepair.Diagnosis diagnosis = journal.diagnose(pid);
        if (diagnosis.twoWriters()) reports.addAll(diagnosis.report());
      }
    }
    return reports;
  }

  /**
   * Asks each bot directly (no registry on the way), all at once, again and again, until all have answered;
   * answers the time from {@code from} to the last first answer.
   */
  private Duration awaitAnswering(List<String> botIds, long from) throws Exception {
    ClusterSharding sharding = ClusterSharding.get(observer.system());
    Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    long deadline = from + Duration.ofSeconds(180).toNanos();
    while (answeredAt.size() < botIds.size() && System.nanoTime() < deadline) {
      List<CompletableFuture<?>> round = new ArrayList<>();
      for (String botId : botIds) {
        if (answeredAt.containsKey(botId)) continue;
        round.add(sharding.entityRefFor(FleetNode.BOT, botId).<BotState>ask(Bot.GetState::new, Duration.ofSeconds(1))
            .thenRun(() -> answeredAt.putIfAbsent(botId, System.nanoTime())).toCompletableFuture());
      }
      try {
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
      } catch (Exception notYet) {
        // some shards are not back yet: ask those again
      }
    }
    Set<String> waiting = new HashSet<>(botIds);
    waiting.removeAll(answeredAt.keySet());
    assertEquals(Set.of(), waiting, "bots that never answered again");
    return Duration.ofNanos(answeredAt.values().stream().mapToLong(t -> t - from).max().orElse(0));
  }

  private Duration awaitGuardian(long from) throws Exception {
    eventually(Duration.ofSeconds(180), () -> observer.operations().risk().toCompletableFuture().get(5, TimeUnit.SECONDS),
        status -> true);
    return Duration.ofNanos(System.nanoTime() - from);
  }

  private int fills() throws Exception {
    return DurableExchange.History.read(exchange).fills().size();
  }

  // --- the trading driver: prices every 100 ms, a signal to a random bot every 200 ms ---

  private void startTrading() {
    Random random = new Random(20261121L);
    AtomicLong tick = new AtomicLong();
    BigDecimal[] mid = {new BigDecimal("42000")};
    FleetOperations ops = observer.operations();
    trading.set(true);
    driver.scheduleWithFixedDelay(() -> {
      if (!trading.get()) return;
      mid[0] = CrashFleet.round(mid[0].add(BigDecimal.valueOf(random.nextGaussian() * 10)));
      CrashFleet.price(observer, mid[0]);
      long n = tick.incrementAndGet();
      if (n % 2 != 0) return;
      String botId = BOTS.get(random.nextInt(BOTS.size()));
      BigDecimal at = mid[0];
      ops.liveState(botId, true).thenAccept(state -> state.map(ClusterFailoverTest::nextAction).ifPresent(action -> {
        if (trading.get()) {
          ops.ingestSignal(botId, new Signal("sig-" + n, botId, CrashFleet.SYMBOL, action, at, null, null, "cluster-test",
              Instant.now()));
        }
      }));
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  private static SignalAction nextAction(BotState state) {
    if (state.phase() == Phase.IDLE) return SignalAction.ENTER_LONG;
    if (state.phase() == Phase.MONITORING) return SignalAction.EXIT;
    return null;
  }

  // --- the child JVMs ---

  private record Launched(int life, Process process, int managementPort) {}

  private Launched launch() throws Exception {
    int life = ++lives;
    int managementPort = Ports.freeLoopbackPort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String logback = Path.of(ClusterFailoverTest.class.getResource("/cluster-child-logback.xml").toURI()).toString();
    Process process = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        ClusterChild.class.getName(), cassandra.host(), String.valueOf(cassandra.cqlPort()),
        exchange.toAbsolutePath().toString(), dir.resolve("activations-life-" + life + ".log").toAbsolutePath().toString(),
        seed, String.valueOf(managementPort), STABLE_AFTER.toMillis() + "ms")
        .redirectOutput(dir.resolve("life-" + life + ".out").toFile())
        .redirectError(dir.resolve("life-" + life + ".log").toFile())
        .start();
    return new Launched(life, process, managementPort);
  }

  /** Waits until the child says where it runs and its management's /ready answers 200 (it is Up). */
  private Child awaitUp(Launched launched) throws Exception {
    Process process = launched.process();
    int life = launched.life();
    int managementPort = launched.managementPort();
    String started = eventually(Duration.ofSeconds(180), () -> {
      assertTrue(process.isAlive(), "life " + life + " died; see " + dir);
      return Files.readAllLines(dir.resolve("life-" + life + ".out")).stream().filter(l -> l.startsWith("STARTED "))
          .findFirst().orElse(null);
    }, line -> line != null);
    eventually(Duration.ofSeconds(180), () -> get(managementPort, "/ready"), code -> code == 200);
    assertEquals(200, get(managementPort, "/alive"));
    String node = started.substring(started.indexOf('@') + 1).trim();
    return new Child(life, process, managementPort, node);
  }

  private void replace(Child gone) throws Exception {
    nodes.remove(gone);
    nodes.add(awaitUp(launch()));
    awaitMembers();
  }

  private void awaitMembers() throws Exception {
    eventually(Duration.ofSeconds(180), () -> {
      int up = 0;
      for (var m : Cluster.get(observer.system()).state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      return up;
    }, up -> up == NODES + 1);
  }

  private boolean isMember(Child child) {
    for (var m : Cluster.get(observer.system()).state().getMembers()) {
      if (m.address().toString().endsWith("@" + child.node())) return true;
    }
    return false;
  }

  private Child nodeOf(String node) {
    return nodes.stream().filter(c -> c.node().equals(node)).findFirst()
        .orElseThrow(() -> new AssertionError(node + " is not a running child: " + nodes));
  }

  private static void signal(String name, Child child) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(child.process().pid())).start().waitFor());
  }

  private int get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
