package io.dorado.fleet.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.risk.RiskGuardianActor;
import io.dorado.actors.venue.VenueSettings;
import io.dorado.cluster.FleetNode;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.testing.Eventually;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
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
      Settled settled = settle(node);
      DurableExchange.History history = DurableExchange.History.read(exchange);
      List<GuardianEvent> guardianEvents = guardianJournal(node);

      Map<ClientOrderId, Integer> duplicates = history.placeCalls.entrySet().stream().filter(e -> e.getValue() > 1)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      assertEquals(Map.of(), duplicates, "client order ids the exchange received more than once");

      Set<String> acknowledged = new TreeSet<>();
      Set<String> guardianClosed = new TreeSet<>();
      for (GuardianEvent e : guardianEvents) {
        if (e instanceof GuardianEvent.OrdersAcknowledged a) a.acks().forEach(ack -> acknowledged.add(ack.clientOrderId().value()));
        if (e instanceof GuardianEvent.OrderClosed c) guardianClosed.add(c.clientOrderId().value());
      }
      Set<String> sent = history.orders.keySet().stream().map(ClientOrderId::value).collect(Collectors.toSet());
      Set<String> forgotten = new TreeSet<>();
      for (String id : acknowledged) {
        VenueOrder atVenue = settled.venue.orders().get(id);
        boolean closed = atVenue != null && atVenue.isTerminal() || guardianClosed.contains(id);
        if (!sent.contains(id) && !closed) forgotten.add(id);
      }
      assertEquals(Set.of(), forgotten, "acknowledged orders neither sent nor closed");
      assertTrue(settled.venue.orders().keySet().containsAll(sent), "the exchange holds orders the venue journal lacks");

      // The venue journal recorded exactly the exchange's fills, order by order.
      for (var order : history.orders.values()) {
        Set<String> exchangeFills = order.fills().stream().map(Fill::fillId).collect(Collectors.toCollection(TreeSet::new));
        Set<String> journalFills = settled.venue.orders().get(order.clientOrderId().value()).fills().stream()
            .map(Fill::fillId).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(exchangeFills, journalFills, "fills of " + order.clientOrderId());
      }

      // The guardian's ledger moved by the fills: position = before + Σ signed quantity, cash = before − Σ signed notional − commissions.
      List<Fill> fills = history.fills();
      BigDecimal position = before.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO);
      BigDecimal cash = before.cash();
      for (Fill f : fills) {
        position = position.add(f.signedQuantity());
        cash = cash.subtract(f.signedQuantity().multiply(f.price())).subtract(f.commission());
      }
      RiskGuardian.GuardianStatus risk = settled.risk;
      BigDecimal held = risk.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO);
      assertEquals(0, position.compareTo(held), "guardian position " + held + " vs fills " + position);
      assertEquals(0, cash.compareTo(risk.cash()), "guardian cash " + risk.cash() + " vs fills " + cash);
      assertTrue(fills.size() > KILLS / 2, "the runs traded: " + fills.size() + " fills");

      System.out.printf("fleet crash test: %d lives, %d SIGKILLs (after %s), %d orders acknowledged, %d sent, "
              + "%d fills checked, 0 duplicate sends, 0 forgotten; ledger %s BTC, cash %s%n",
          KILLS + 1, KILLS, killsAfter, acknowledged.size(), sent.size(), fills.size(), held, risk.cash());
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

  record Settled(VenueState venue, RiskGuardian.GuardianStatus risk, String waitingFor) {}

  /** Wakes every bot and the venue, and waits until no order is in flight anywhere. */
  private static Settled settle(FleetNode node) throws Exception {
    var ops = node.operations();
    BigDecimal mid = new BigDecimal("42000");
    return Eventually.eventually(Duration.ofSeconds(120), () -> {
      CrashFleet.price(node, mid);
      List<String> waiting = new ArrayList<>();
      for (int i = 0; i < BOTS; i++) {
        BotState state = ops.liveState(CrashChild.botId(i), true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        if (state instanceof BotState.WithOrder || state instanceof BotState.RiskCheck) {
          waiting.add(CrashChild.botId(i) + " in " + state.phase() + " (" + state + ")");
        }
      }
      VenueState venue = AskPattern.<Venue.Command, VenueState>ask(node.venue(CrashFleet.VENUE), Venue.GetOrders::new,
          Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
      RiskGuardian.GuardianStatus risk = ops.risk().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (!venue.unresolved().isEmpty()) waiting.add("venue unresolved " + venue.unresolved());
      if (risk.workingOrders() != 0) waiting.add("guardian " + risk);
      return new Settled(venue, risk, waiting.isEmpty() ? null : String.join("; ", waiting));
    }, settled -> settled.waitingFor() == null);
  }

  private static List<GuardianEvent> guardianJournal(FleetNode node) throws Exception {
    CassandraReadJournal journal = PersistenceQuery.get(node.system())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    String id = RiskGuardianActor.persistenceId(VenueSettings.DEFAULT_GUARDIAN_ID).id();
    List<EventEnvelope> envelopes = journal.currentEventsByPersistenceId(id, 0L, Long.MAX_VALUE)
        .runWith(Sink.seq(), node.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<GuardianEvent> events = new ArrayList<>();
    envelopes.forEach(e -> events.add((GuardianEvent) e.event()));
    return events;
  }
}
