package io.dorado.fleet.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dorado.actors.CrashPoint;
import io.dorado.persistence.testing.TestCassandra;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The fleet halted at each named moment of the order path ({@link CrashPoint}), at least ten times each, on
 * the real Cassandra. Every life is a child JVM ({@link CrashPointChild}) that recovers from the previous
 * halt, settles, checks the invariants ({@link OrderPathInvariants}: nothing sent unacknowledged, no client
 * order id sent twice, no acknowledged order forgotten, the venue journal and the guardian's ledger equal to
 * the exchange's fills), then arms the next point at a varying hit (so it falls on different orders, entries
 * and exits, different bots) and trades until that point halts it. A last life checks after the last halt.
 *
 * <p>The points take turns, so each recovery starts from a different kind of crash. Cassandra stays up; only
 * the fleet's JVM dies. {@code -Ddorado.crash-points.kills=N} sets the halts per point (default 10). A life
 * costs about 8 s of CPU, most of it starting the node (the lives share a class data archive): ~9 s each on a
 * quiet 2-core machine, so the 61 lives take about 10 minutes. Each life's output and log stay in
 * {@code target/crash-points-<pid>/life-<n>.out|.log}.
 */
class CrashPointsTest {
  private static final int KILLS_PER_POINT = Integer.getInteger("dorado.crash-points.kills", 10);
  private static final int BOTS = 3;
  private static final long SEED = Long.getLong("dorado.crash-points.seed", 20261207L);
  /** A journal of the test's own: the guardian and venue ids are the same in every test of the JVM. */
  private static final String JOURNAL = "crash_points";
  private static final Duration LIFE_TIMEOUT = Duration.ofSeconds(180);

  private record Kill(CrashPoint point, int at) {}

  /** What a life printed and how it ended. */
  private record Life(List<String> lines, Integer exit, Path log) {
    String first(String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }

    String last() {
      return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }
  }

  @Test
  void halted_at_every_crash_point_the_fleet_recovers_with_no_duplicate_send_no_forgotten_order_and_a_ledger_equal_to_the_fills()
      throws Exception {
    long started = System.nanoTime();
    Path dir = Files.createDirectories(Path.of("target", "crash-points-" + ProcessHandle.current().pid()));
    Path exchange = dir.resolve("exchange.jsonl");
    Files.deleteIfExists(exchange);
    Random random = new Random(SEED);
    List<Kill> schedule = new ArrayList<>();
    for (int round = 0; round < KILLS_PER_POINT; round++) {
      for (CrashPoint point : CrashPoint.values()) schedule.add(new Kill(point, 1 + random.nextInt(4)));
    }

    String[] ledger = {"-", "-"};
    Map<CrashPoint, Integer> kills = new EnumMap<>(CrashPoint.class);
    String lastCheck = null;
    try {
      for (int life = 0; life <= schedule.size(); life++) {
        Kill next = life < schedule.size() ? schedule.get(life) : null;
        String after = life == 0 ? "the start" : "the halt at " + schedule.get(life - 1);
        Life result = live(dir, exchange, life, ledger, next);
        String where = "life " + life + " (after " + after + "; see " + result.log() + ")";
        String violation = result.first("VIOLATION ");
        if (violation != null) fail(where + ": " + violation);
        lastCheck = result.first("CHECKED ");
        assertNotNull(lastCheck, where + " never checked the invariants; its last line: " + result.last());
        if (life == 0) {
          String[] held = result.first("LEDGER ").split(" ");
          ledger = new String[] {held[1], held[2]};
        }
        if (next == null) {
          assertEquals(0, result.exit(), where + " should have ended after its check");
        } else {
          assertEquals(CrashPoint.MARKER + " " + next.point() + " " + next.at(), result.first(CrashPoint.MARKER + " "),
              where + " should have halted at " + next + "; its last line: " + result.last());
          assertEquals(CrashPoint.HALT_STATUS, result.exit(), where + " should have halted at " + next);
          kills.merge(next.point(), 1, Integer::sum);
        }
      }
    } finally {
      deleteCopies(dir);
    }

    DurableExchange.History history = DurableExchange.History.read(exchange);
    int duplicates = history.placeCalls.values().stream().mapToInt(calls -> calls - 1).sum();
    assertEquals(0, duplicates, "client order ids the exchange received more than once");
    int total = kills.values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(schedule.size(), total);
    kills.values().forEach(k -> assertTrue(k >= KILLS_PER_POINT, "kills per point " + kills));
    // Every life's check passed (else it failed above): nothing forgotten, the ledger equal to the fills.
    System.out.printf("crash points: %d kills, %d duplicate sends, %d forgotten, ledger = fills%n", total, duplicates, 0);
    System.out.printf("crash points: %s; %d lives in %d s; last check: %s%n", kills, schedule.size() + 1,
        Duration.ofNanos(System.nanoTime() - started).toSeconds(), lastCheck.substring("CHECKED ".length()));
  }

  /** A life logs INFO to its own file (the tests' logback config keeps it in memory): what it did, when. */
  private static String logback(Path dir) throws java.io.IOException {
    Path file = dir.resolve("child-logback.xml");
    Files.writeString(file, """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>${crash.life.log}</file>
            <encoder><pattern>%date{HH:mm:ss.SSS} %-5level %logger{36} %X{pekkoSource} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """);
    return file.toAbsolutePath().toString();
  }

  /**
   * The JVM options of every life: small and quick to start (C1 only, serial GC). The first life records the
   * classes it loaded in a class data sharing archive that the later ones map instead of loading them again.
   */
  private static List<String> jvm(Path dir, int life) throws java.io.IOException {
    List<String> options = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logback(dir)));
    Path archive = dir.resolve("life.jsa").toAbsolutePath();
    if (life == 0) options.add("-XX:ArchiveClassesAtExit=" + archive);
    else if (Files.exists(archive)) options.add("-XX:SharedArchiveFile=" + archive);
    options.addAll(List.of("-cp", classPath(dir)));
    return options;
  }

  /**
   * This JVM's class path with every directory packed into a jar (once): the archive holds only classes
   * loaded from jars, and cannot be written at all while a directory with classes precedes them.
   */
  private static String classPath(Path dir) throws java.io.IOException {
    Path done = dir.resolve("classpath.txt");
    if (Files.exists(done)) return Files.readString(done);
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.isDirectory(path)) {
        entries.add(entry);
        continue;
      }
      Path jar = dir.resolve("classpath-" + entries.size() + ".jar").toAbsolutePath();
      try (var out = new ZipOutputStream(Files.newOutputStream(jar)); var files = Files.walk(path)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          out.putNextEntry(new ZipEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
          Files.copy(file, out);
          out.closeEntry();
        }
      }
      entries.add(jar.toString());
    }
    String classPath = String.join(File.pathSeparator, entries);
    Files.writeString(done, classPath);
    return classPath;
  }

  /** The class path's jars and the class archive are copies (~100 MB): the lives' output and logs stay. */
  private static void deleteCopies(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".jar") || name.endsWith(".jsa") || name.equals("classpath.txt")) Files.delete(file);
      }
    }
  }

  /** Runs one life to its end: its halt at {@code kill}, or (none) its exit after the check. */
  private static Life live(Path dir, Path exchange, int life, String[] ledger, Kill kill) throws Exception {
    Path log = dir.resolve("life-" + life + ".log");
    List<String> command = jvm(dir, life);
    command.addAll(List.of("-Dcrash.life.log=" + log.toAbsolutePath(), CrashPointChild.class.getName(),
        TestCassandra.host(), String.valueOf(TestCassandra.port()), exchange.toAbsolutePath().toString(),
        String.valueOf(BOTS), String.valueOf(SEED * 1000 + life), JOURNAL, ledger[0], ledger[1],
        kill == null ? "-" : kill.point().name(), kill == null ? "-" : String.valueOf(kill.at())));
    Process child = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (Exception e) {
        // the child halted mid-line
      }
    }, "life-" + life + "-reader");
    reader.setDaemon(true);
    reader.start();
    Integer exit = null;
    try {
      if (child.waitFor(LIFE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) exit = child.exitValue();
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
      reader.join(5_000);
      Files.write(dir.resolve("life-" + life + ".out"), List.copyOf(lines));
    }
    return new Life(List.copyOf(lines), exit, log);
  }
}
