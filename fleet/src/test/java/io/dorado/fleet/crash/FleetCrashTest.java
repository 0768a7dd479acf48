package io.dorado.fleet.crash;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.cluster.FleetNode;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.testing.Eventually;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The fleet killed with SIGKILL at random points of the order path, many times, on the real Cassandra:
 * each life runs in a child JVM ({@link CrashChild}) trading against the durable exchange, and is killed
 * right after a seeded choice of marker (an accepted signal: intent and acknowledgement under way; an
 * order the exchange received; a fill), after a seeded short delay. After the last kill a node in this
 * JVM recovers and settles, and the exchange's record, the journals and the guardian's ledger must
 * agree: no client order id sent twice, no acknowledged order forgotten, a ledger equal to the fills.
 */
class FleetCrashTest {
  private static final int KILLS = Integer.getInteger("dorado.crash.kills", 8);
  private static final int BOTS = 3;
  private static final long SEED = Long.getLong("dorado.crash.seed", 20261121L);
  private static final List<String> MARKERS = List.of("SIGNAL", "SENT", "FILLED");

  @Test
  void after_every_kill_reconciliation_leaves_no_duplicate_send_no_forgotten_order_and_a_ledger_equal_to_the_fills()
      throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "crash-" + ProcessHandle.current().pid()));
    Path exchange = dir.resolve("exchange.jsonl");
    Files.deleteIfExists(exchange);
    Random random = new Random(SEED);
    Map<String, Integer> killsAfter = new TreeMap<>();
    // The guardian's journal is shared with the other tests of this JVM (one Cassandra node, one guardian id):
    // its ledger may already hold their trades, so the fills are checked against what it held before.
    RiskGuardian.GuardianStatus before;
    try (FleetNode node = CrashFleet.start(TestCassandra.settings(), exchange, line -> {})) {
      before = Eventually.eventually(() -> node.operations().risk().toCompletableFuture().get(10, TimeUnit.SECONDS),
          r -> true);
    }

    for (int life = 1; life <= KILLS; life++) {
      String marker = MARKERS.get(random.nextInt(MARKERS.size()));
      int occurrence = 1 + random.nextInt(3);
      int delayMs = random.nextInt(150);
      String seen = runAndKill(dir, exchange, life, marker, occurrence, delayMs);
      killsAfter.merge(seen, 1, Integer::sum);
    }

    try (FleetNode node = CrashFleet.start(TestCassandra.settings(), exchange, line -> {})) {
      List<String> bots = IntStream.range(0, BOTS).mapToObj(CrashChild::botId).toList();
      OrderPathInvariants.Summary checked = OrderPathInvariants.check(node, exchange, bots,
          before.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO), before.cash());
      assertTrue(checked.fills() > KILLS / 2, "the runs traded: " + checked.fills() + " fills");
      System.out.printf("fleet crash test: %d lives, %d SIGKILLs (after %s), %s%n", KILLS + 1, KILLS, killsAfter, checked);
    }
  }

  /** Runs one life and kills it after the {@code occurrence}-th {@code marker}; answers what it was killed after. */
  private static String runAndKill(Path dir, Path exchange, int life, String marker, int occurrence, int delayMs)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), TestCassandra.host(), String.valueOf(TestCassandra.port()),
        exchange.toAbsolutePath().toString(), String.valueOf(BOTS), String.valueOf(SEED * 100 + life))
        .redirectError(dir.resolve("life-" + life + ".log").toFile());
    Process child = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (Exception e) {
        // the child was killed mid-line
      }
    }, "life-" + life + "-reader");
    reader.setDaemon(true);
    reader.start();
    String killedAfter = "timeout";
    try (var copy = Files.newBufferedWriter(dir.resolve("life-" + life + ".out"))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      int seen = 0;
      boolean ready = false;
      while (System.nanoTime() < deadline && (child.isAlive() || !lines.isEmpty())) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line == null) continue;
        copy.write(line + "\n");
        if (line.equals("READY")) {
          ready = true;
          deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos(); // then kill it anyway
        }
        if (ready && line.startsWith(marker + " ") && ++seen == occurrence) {
          Thread.sleep(delayMs);
          killedAfter = marker;
          break;
        }
      }
      assertTrue(ready, "life " + life + " never became ready; see " + dir);
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return killedAfter;
  }
}
