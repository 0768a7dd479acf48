package io.dorado.fleet.crash;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Ports;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.journal.JournalRepair;
import io.dorado.persistence.journal.JournalReplay;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Rolling restarts with writes in flight (issue 17, item 2: a guardian journal with two writers after a rolling
 * restart). Fleet nodes in this JVM, each its own ActorSystem and cluster member; this JVM's observer node (role
 * "observer", no entities) is the seed and drives prices and signals. Each round starts a node and then makes the
 * oldest fleet node leave gracefully (its coordinated shutdown, as SIGTERM runs it): the guardian, allocator and
 * fleet singletons move to the next oldest, its shards are handed off, and the joining node pulls shards over
 * (rebalance every 2 s). Every journal write is issued {@link #WRITE_DELAY} late ({@link SlowCassandraJournal}: a
 * loaded Cassandra), so the guardian, the venue and the busy bots have writes in flight at each hand-over.
 *
 * <p>Then every persistence id written is checked three ways: no sequence number has rows of two writers (a scan
 * of pekko.messages), each replays from its first event with replay-filter mode fail, and no node logged a replay
 * filter failure. The activation logs count the hand-overs and those with a write in flight (a journal write that
 * completed after the cluster's stop message arrived, before the incarnation stopped).
 *
 * <p>Without the stop messages (FleetNode without {@code withStopMessage}) it passes too, with 150 ms and with 1 s
 * write delays: Pekko's default PoisonPill also waits for an event-sourced actor's write in flight
 * ({@code Running.PersistingEvents}). It guards the hand-over path as a whole (stop messages, shutdown phase timeouts,
 * the hand-off's order), not the PoisonPill alone.
 *
 * <p>Several ActorSystems in one JVM, not child JVMs: a graceful leave is the same coordinated shutdown, and 20
 * JVM starts would take minutes on two cores (ClusterFailoverTest restarts child JVMs, three times).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoverTest {
  private static final int ROUNDS = Integer.getInteger("dorado.handover.rounds", 20);
  private static final Duration WRITE_DELAY = Duration.ofMillis(Long.getLong("dorado.handover.write-delay-ms", 150));
  private static final List<String> BOTS = IntStream.range(0, 8).mapToObj(i -> "ho-" + i).toList();
  private static final String GUARDIAN = "risk-guardian";

  private final List<FleetNode> fleet = new ArrayList<>(); // in the order they started: the first is the oldest
  private final AtomicBoolean trading = new AtomicBoolean(false);
  private final ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
  private final List<String> replayFailures = new CopyOnWriteArrayList<>();
  private Watch watch;
  private Path dir;
  private Path exchange;
  private String seed;
  private FleetNode observer;
  private NodeConfig cassandraFolder;
  private CassandraNode cassandra;
  private int lives;

  @BeforeAll
  void cluster() throws Exception {
    dir = Files.createDirectories(Path.of("target", "handover-" + ProcessHandle.current().pid()));
    exchange = dir.resolve("exchange.jsonl");
    watch = new Watch(replayFailures);
    watch.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(watch);
    int port = Ports.freeLoopbackPort();
    seed = "pekko://" + FleetNode.SYSTEM_NAME + "@127.0.0.1:" + port;
    // Its own node: the guardian's and the venue's persistence ids are the same in every fleet test.
    cassandraFolder = TestCassandra.ownNodeConfig("handover");
    cassandra = CassandraNode.start(cassandraFolder);
    SchemaMigration.apply(cassandra.settings(), Replication.singleNode());
    observer = CrashFleet.start(CrashFleet.config(cassandra.settings(), ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = " + port + "\n"
            + "dorado.cluster.seed-nodes = \"" + seed + "\"\n"
            + "dorado.cluster.roles = observer\n"
            + "dorado.cluster.pause-limit = 0s\n"
            + "dorado.node.ask-timeout = 3s\n").withFallback(logToSlf4j())), exchange, line -> {});
    for (int i = 0; i < 2; i++) fleet.add(startNode());
    awaitUp(fleet.size());

    FleetOperations ops = observer.operations();
    for (String botId : BOTS) {
      eventually(Duration.ofSeconds(120), () -> ops.createBot(CrashFleet.bot(botId), "handover-test")
          .toCompletableFuture().get(10, TimeUnit.SECONDS), reply -> true);
    }
    CrashFleet.price(observer, new BigDecimal("42000"));
    startTrading();
  }

  @AfterAll
  void stop() throws Exception {
    driver.shutdownNow();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(watch);
    for (FleetNode node : fleet) node.system().terminate();
    for (FleetNode node : fleet) node.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (observer != null) observer.close();
    if (cassandra != null) {
      cassandra.kill();
      TestCassandra.deleteFolder(cassandraFolder.workDir());
    }
  }

  @Test
  void rolling_restarts_and_rebalances_with_writes_in_flight_leave_every_journal_with_one_writer() throws Exception {
    long started = System.nanoTime();
    for (int round = 1; round <= ROUNDS; round++) {
      fleet.add(startNode());
      awaitUp(fleet.size());
      FleetNode oldest = oldest();
      oldest.stop().toCompletableFuture().get(90, TimeUnit.SECONDS); // a graceful leave: its coordinated shutdown
      fleet.remove(oldest);
      // The guardian answers from its next incarnation: it recovered (a refused journal would never answer).
      eventually(Duration.ofSeconds(60), () -> observer.operations().risk().toCompletableFuture().get(5, TimeUnit.SECONDS),
          status -> true);
    }
    long rounds = System.nanoTime() - started;
    trading.set(false);
    Thread.sleep(2_000); // the last answers of the fleet's own retries
    Handovers handovers = Handovers.read(dir);
    for (FleetNode node : fleet) node.stop().toCompletableFuture().get(90, TimeUnit.SECONDS);
    fleet.clear();

    // Every persistence id written: one writer per sequence number, and it replays with the filter on fail.
    int twoWriterEvents = 0;
    int replayed = 0;
    List<String> refused = new ArrayList<>();
    Config check = CrashFleet.config(cassandra.settings(), ConfigFactory.parseString("pekko.actor.provider = local")
        .withFallback(logToSlf4j()));
    assertEquals("fail", check.getString("pekko.persistence.cassandra.journal.replay-filter.mode"));
    ActorTestKit checker = ActorTestKit.create("handover-check", check);
    try (CqlSession session = Sessions.open(cassandra.settings())) {
      JournalRepair journal = new JournalRepair(session, "pekko");
      for (String pid : journal.persistenceIds()) {
        JournalRepair.Diagnosis d = journal.diagnose(pid);
        twoWriterEvents += d.conflicts().size();
        if (d.twoWriters()) d.report().forEach(System.out::println);
        try {
          JournalReplay.replay(checker.system(), pid).toCompletableFuture().get(60, TimeUnit.SECONDS);
          replayed++;
        } catch (Exception e) {
          refused.add(pid + ": " + e.getMessage());
        }
      }
    } finally {
      checker.shutdownTestKit();
    }
    System.out.printf("handover: %d rounds in %.1f s; guardian %d hand-overs (%d with a write in flight), bots %d "
            + "hand-overs (%d with a write in flight), other singletons and venues %d; %d persistence ids replayed "
            + "with replay-filter fail%n", ROUNDS, rounds / 1e9, handovers.guardian(), handovers.guardianInFlight(),
        handovers.bots(), handovers.botsInFlight(), handovers.others(), replayed);
    System.out.printf("handover: %d handovers, %d writes in flight, %d two-writer events%n",
        handovers.guardian() + handovers.bots(), handovers.guardianInFlight() + handovers.botsInFlight(),
        twoWriterEvents + refused.size() + replayFailures.size());

    assertEquals(0, twoWriterEvents, "sequence numbers written by two writers");
    assertEquals(List.of(), refused, "journals that fail recovery with replay-filter mode fail");
    assertEquals(List.of(), replayFailures, "replay filter failures logged by the nodes");
    assertTrue(handovers.guardian() >= 20, "guardian hand-overs: " + handovers.guardian());
    assertTrue(handovers.bots() >= 20, "bot hand-overs: " + handovers.bots());
    assertTrue(handovers.guardianInFlight() + handovers.botsInFlight() >= 20,
        "hand-overs with a write in flight: " + handovers);
  }

  // --- the nodes ---

  private FleetNode startNode() {
    int life = ++lives;
    Config config = CrashFleet.config(cassandra.settings(), ConfigFactory.parseString("""
        pekko.remote.artery.canonical.port = 0
        dorado.cluster.roles = fleet
        # One JVM of several nodes: a stall of the whole JVM is no reason to halt it (and there is no other process).
        dorado.cluster.pause-limit = 0s
        # The joining node pulls shards over soon: rebalances with writes in flight.
        pekko.cluster.sharding.rebalance-interval = 2s
        # A loaded Cassandra: every journal write is issued late (its replay filter as configured: fail).
        dorado.test.slow-cassandra = ${pekko.persistence.cassandra}
        dorado.test.slow-cassandra.journal.class = "io.dorado.fleet.crash.SlowCassandraJournal"
        pekko.persistence.journal.plugin = "dorado.test.slow-cassandra.journal"
        """
        + "dorado.test.slow-cassandra.journal.write-delay = " + WRITE_DELAY.toMillis() + "ms\n"
        + "dorado.cluster.seed-nodes = \"" + seed + "\"\n"
        + "dorado.cluster.activation-log = \"" + dir.resolve("activations-life-" + life + ".log").toAbsolutePath() + "\"\n")
        .withFallback(logToSlf4j()));
    assertEquals("fail", config.getString("dorado.test.slow-cassandra.journal.replay-filter.mode"));
    return CrashFleet.start(config, exchange, line -> {});
  }

  private static Config logToSlf4j() {
    return ConfigFactory.parseString("""
        pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
        pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
        pekko.loglevel = WARNING
        """);
  }

  /** The fleet node that is the oldest Up member with the role "fleet": it runs the singletons. */
  private FleetNode oldest() {
    Member oldest = java.util.stream.StreamSupport.stream(Cluster.get(observer.system()).state().getMembers().spliterator(),
            false)
        .filter(m -> m.hasRole("fleet") && m.status() == MemberStatus.up())
        .min((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0).orElseThrow();
    return fleet.stream().filter(n -> n.system().address().equals(oldest.address())).findFirst()
        .orElseThrow(() -> new AssertionError(oldest + " is not one of " + fleet.size() + " fleet nodes"));
  }

  private void awaitUp(int fleetNodes) throws Exception {
    eventually(Duration.ofSeconds(120), () -> {
      int up = 0;
      for (Member m : Cluster.get(observer.system()).state().getMembers()) {
        if (m.hasRole("fleet") && m.status() == MemberStatus.up()) up++;
      }
      return up;
    }, up -> up == fleetNodes);
  }

  // --- the trading driver: a price every 100 ms, a signal to every bot ready for one every 200 ms ---

  private void startTrading() {
    Random random = new Random(20261206L);
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
      for (String botId : BOTS) { // every bot that can take a signal gets one: busy bots, writes in flight
        BigDecimal at = mid[0];
        String signalId = "sig-" + n + "-" + botId;
        ops.liveState(botId, true).thenAccept(state -> state.map(HandoverTest::nextAction).ifPresent(action -> {
          if (trading.get()) {
            ops.ingestSignal(botId, new Signal(signalId, botId, CrashFleet.SYMBOL, action, at, null, null, "handover-test",
                Instant.now()));
          }
        }));
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
  }

  private static SignalAction nextAction(BotState state) {
    if (state.phase() == Phase.IDLE) return SignalAction.ENTER_LONG;
    if (state.phase() == Phase.MONITORING) return SignalAction.EXIT;
    return null;
  }

  // --- what the activation logs say ---

  /**
   * Incarnations stopped by the cluster ("stop"), and those of them with a journal write completing between the
   * stop message ("stopping") and the stop: in flight when it arrived, or the pending batch the stop wrote.
   */
  record Handovers(int guardian, int guardianInFlight, int bots, int botsInFlight, int others) {
    static Handovers read(Path dir) throws IOException {
      record Life(String kind, String id, boolean stopping, boolean inFlight, boolean stopped) {}
      Map<String, Life> lives = new LinkedHashMap<>();
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(f -> f.getFileName().toString().startsWith("activations-")).sorted(Comparator.naturalOrder())
            .toList();
      }
      for (Path file : files) {
        for (String line : Files.readAllLines(file)) {
          String[] f = line.split(" ");
          if (f.length < 6) continue;
          String key = f[1] + " " + f[2] + " " + f[3] + " " + f[4];
          Life life = lives.getOrDefault(key, new Life(f[2], f[3], false, false, false));
          boolean write = f.length > 6 && f[6].contains("JournalProtocol$WriteMessage");
          lives.put(key, new Life(life.kind(), life.id(), life.stopping() || f[5].equals("stopping"),
              life.inFlight() || (life.stopping() && write), life.stopped() || f[5].equals("stop")));
        }
      }
      int guardian = 0, guardianInFlight = 0, bots = 0, botsInFlight = 0, others = 0;
      for (Life l : lives.values()) {
        if (!l.stopped()) continue; // a graceful stop (by its stop message, or without one)
        if (l.kind().equals("singleton") && l.id().equals(GUARDIAN)) {
          guardian++;
          if (l.inFlight()) guardianInFlight++;
        } else if (l.kind().equals("Bot")) {
          bots++;
          if (l.inFlight()) botsInFlight++;
        } else {
          others++;
        }
      }
      return new Handovers(guardian, guardianInFlight, bots, botsInFlight, others);
    }
  }

  /** Log events of a replay filter refusing a journal, from any node of this JVM. */
  private static final class Watch extends AppenderBase<ILoggingEvent> {
    private final List<String> found;

    Watch(List<String> found) {
      this.found = found;
    }

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) text.append(" / ").append(t.getMessage());
      String s = text.toString();
      if (s.contains("Invalid replayed event") || s.contains("replay-filter") || s.contains("two writers")) {
        found.add(event.getLoggerName() + ": " + s);
      }
    }
  }
}
