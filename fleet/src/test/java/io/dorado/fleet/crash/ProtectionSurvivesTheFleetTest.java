package io.dorado.fleet.crash;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.binance.FakeBinance;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.cassandra.CassandraNode;
import io.dorado.persistence.cassandra.NodeConfig;
import io.dorado.persistence.cassandra.Ports;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.order.ClientOrderId;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Protection that survives the fleet: two fleet nodes in child JVMs ({@link ProtectionChild}) trade on a Binance spot
 * account (FakeBinance, in this JVM: the venue outlives every node) with protective orders on. Four bots enter long,
 * each with its stop resting at Binance as a STOP_LOSS; then every fleet node is killed (SIGKILL), the price falls
 * through two of the four stops at Binance while no node runs, and the nodes are started again. The two stopped-out
 * positions were closed at the venue and the bots learn it by reconciling with it (IDLE, the trade's P&amp;L to the
 * cent, as in the guardian's ledger); the other two are still held with their stops resting; no client order id was
 * sent to Binance twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectionSurvivesTheFleetTest {
  private static final int NODES = 2;
  private static final BigDecimal BID = new BigDecimal("41990");
  private static final BigDecimal ASK = new BigDecimal("42010");
  /** The price while the fleet is down: through the stops at 41,500 and 41,000, above those at 40,500 and 40,000. */
  private static final BigDecimal CRASH_BID = new BigDecimal("40900");
  private static final BigDecimal CRASH_ASK = new BigDecimal("40920");

  private final List<Process> nodes = new ArrayList<>();
  private Path dir;
  private Path prices;
  private NodeConfig cassandraFolder;
  private CassandraNode cassandra;
  private FakeBinance binance;
  private int lives;

  @BeforeAll
  void venueAndCassandra() throws Exception {
    dir = Files.createDirectories(Path.of("target", "protection-" + ProcessHandle.current().pid()));
    prices = dir.resolve("prices.txt");
    cassandraFolder = TestCassandra.ownNodeConfig("protection");
    cassandra = CassandraNode.start(cassandraFolder);
    SchemaMigration.apply(cassandra.settings(), Replication.singleNode());
    binance = new FakeBinance(ProtectionChild.KEY, ProtectionChild.SECRET);
    binance.balance("USDT", ProtectionChild.STARTING_CASH);
    quote(BID, ASK);
  }

  @AfterAll
  void stop() throws Exception {
    for (Process node : nodes) node.destroyForcibly();
    if (binance != null) binance.close();
    if (cassandra != null) {
      cassandra.kill();
      TestCassandra.deleteFolder(cassandraFolder.workDir());
    }
  }

  @Test
  void theStopsRestingAtTheVenueCloseThePositionsWhileEveryNodeIsDeadAndTheFleetReconcilesThemOnRestart()
      throws Exception {
    long started = System.nanoTime();
    List<String> bots = ProtectionChild.BOTS;
    Path firstLife = startFleet("open");
    Map<String, List<String>> opened = eventually(Duration.ofSeconds(300), () -> states(firstLife),
        s -> bots.stream().allMatch(b -> s.containsKey(b) && s.get(b).get(1).equals("MONITORING") && s.get(b).get(4).equals("1")));
    System.out.println("protection: opened " + describe(opened));
    int placedBefore = binance.placements().size();
    assertEquals(bots.size() * 2, placedBefore, "an entry and a stop per bot at Binance: " + binance.placements());

    for (Process node : nodes) node.destroyForcibly(); // SIGKILL: every fleet node at once
    for (Process node : nodes) assertTrue(node.waitFor(30, TimeUnit.SECONDS));
    nodes.clear();
    quote(CRASH_BID, CRASH_ASK); // at Binance, while no node runs: the stops at 41,500 and 41,000 fill
    Set<String> stoppedOut = Set.of("prot-0", "prot-1");
    BigDecimal held = ProtectionChild.QUANTITY.multiply(BigDecimal.valueOf(bots.size() - stoppedOut.size()));
    assertEquals(0, BigDecimal.ZERO.compareTo(binance.free("BTC")), "the rest of the BTC is held by the stops");
    assertEquals(0, held.compareTo(binance.locked("BTC")), "two positions left at Binance, under their stops");

    Path secondLife = startFleet("watch");
    // bought 0.03 at the ask 42,010; the STOP_LOSS sold at the bid 40,900 (Binance's fake charges no commission)
    BigDecimal perTrade = ProtectionChild.QUANTITY.multiply(CRASH_BID.subtract(ASK));
    assertEquals(0, new BigDecimal("-33.30").compareTo(perTrade));
    Map<String, List<String>> after = eventually(Duration.ofSeconds(300), () -> states(secondLife), s -> bots.stream()
        .allMatch(b -> s.containsKey(b) && s.get(b).get(1).equals(stoppedOut.contains(b) ? "IDLE" : "MONITORING")));
    String[] guardian = eventually(Duration.ofSeconds(120), () -> guardian(secondLife),
        g -> g != null && new BigDecimal(g[1]).compareTo(perTrade.multiply(BigDecimal.valueOf(2))) == 0);
    System.out.println("protection: after restart " + describe(after) + "; guardian " + String.join(" ", guardian));

    int unprotected = 0;
    for (String botId : bots) {
      List<String> s = after.get(botId);
      if (stoppedOut.contains(botId)) {
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(s.get(2))), botId + " is flat");
        assertEquals(0, perTrade.compareTo(new BigDecimal(s.get(3))), botId + "'s P&L to the cent: " + String.join(" ", s));
        assertTrue(s.get(5).contains("closed at the venue by stop"), botId + ": " + s.get(5));
      } else {
        assertEquals(0, ProtectionChild.QUANTITY.compareTo(new BigDecimal(s.get(2))), botId + " still holds its position");
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(s.get(3))), botId + " realized nothing");
        if (!s.get(4).equals("1")) unprotected++;
      }
    }
    assertEquals(0, unprotected, "positions without a stop resting at the venue");
    assertEquals(0, held.compareTo(new BigDecimal(guardian[2])), "the guardian's BTC position");

    List<ClientOrderId> placements = binance.placements();
    assertEquals(placements.size(), new HashSet<>(placements).size(), "a client order id sent twice: " + placements);
    assertEquals(placedBefore, placements.size(), "nothing placed after the restart (the stops still rest): "
        + placements);
    System.out.printf("protection: %d positions, %d closed at venue while down, %d unprotected (%.0f s)%n",
        bots.size(), stoppedOut.size(), unprotected, (System.nanoTime() - started) / 1e9);
  }

  // --- the venue's price, at Binance and in the file the nodes read ---

  private void quote(BigDecimal bid, BigDecimal ask) throws Exception {
    binance.quote(bid, ask);
    Path next = dir.resolve("prices.next");
    Files.writeString(next, bid.toPlainString() + " " + ask.toPlainString());
    Files.move(next, prices, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  // --- what the driver node prints ---

  /** Each bot's latest {@code STATE} line, split: bot, phase, position, realized P&L, resting stops, reason. */
  private static Map<String, List<String>> states(Path out) throws Exception {
    Map<String, List<String>> latest = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      if (!line.startsWith("STATE ")) continue;
      String[] f = line.substring(6).split(" ", 6);
      latest.put(f[0], List.of(f));
    }
    return latest;
  }

  /** The latest {@code GUARDIAN} line: "GUARDIAN", realized P&L, BTC position, all positions. */
  private static String[] guardian(Path out) throws Exception {
    String last = null;
    for (String line : Files.readAllLines(out)) if (line.startsWith("GUARDIAN ")) last = line;
    return last == null ? null : last.split(" ");
  }

  private static String describe(Map<String, List<String>> states) {
    List<String> parts = new ArrayList<>();
    states.values().stream().sorted((a, b) -> a.get(0).compareTo(b.get(0)))
        .forEach(s -> parts.add(s.get(0) + " " + s.get(1) + " " + s.get(2) + " pnl " + s.get(3) + " stops " + s.get(4)));
    return String.join(", ", parts);
  }

  // --- the fleet's JVMs ---

  /** Starts every node (the first is the seed and the driver); answers the driver's output file. */
  private Path startFleet(String mode) throws Exception {
    int seedPort = Ports.freeLoopbackPort();
    String seed = "pekko://" + FleetNode.SYSTEM_NAME + "@127.0.0.1:" + seedPort;
    Path driverOut = null;
    for (int i = 0; i < NODES; i++) {
      int life = ++lives;
      int port = i == 0 ? seedPort : Ports.freeLoopbackPort();
      Path out = dir.resolve("life-" + life + ".out");
      if (i == 0) driverOut = out;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String logback = Path.of(getClass().getResource("/cluster-child-logback.xml").toURI()).toString();
      nodes.add(new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
          ProtectionChild.class.getName(), cassandra.host(), String.valueOf(cassandra.cqlPort()), seed,
          String.valueOf(port), binance.restUri().toString(), binance.webSocketApiUri().toString(),
          prices.toAbsolutePath().toString(), i == 0 ? "driver" : "member", mode)
          .redirectOutput(out.toFile())
          .redirectError(dir.resolve("life-" + life + ".log").toFile())
          .start());
    }
    for (int i = 0; i < nodes.size(); i++) {
      Process node = nodes.get(i);
      Path out = dir.resolve("life-" + (lives - NODES + 1 + i) + ".out");
      eventually(Duration.ofSeconds(300), () -> {
        assertTrue(node.isAlive(), "a fleet node died; see " + dir);
        return Files.readAllLines(out).stream().anyMatch(l -> l.startsWith("STARTED "));
      }, up -> up);
    }
    return Optional.ofNullable(driverOut).orElseThrow();
  }
}
