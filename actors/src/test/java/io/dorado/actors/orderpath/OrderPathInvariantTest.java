package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.fail;

import io.dorado.actors.orderpath.risk.Ledger;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.venue.VenueEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import io.dorado.actors.testing.TestConfigs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The order path's promise, checked after every one of thousands of seeded random runs (issue 3):
 * the venue sent only acknowledged orders; each client order id at most once; every acknowledged
 * order was sent, cancelled or expired explicitly; the ledger equals the sum of the fills.
 * {@code -Ddorado.invariants.runs=N} sets the number of simulated runs, {@code -Ddorado.invariants.seed=S}
 * replays one, {@code -Ddorado.invariants.actorFirst=S} starts the real-actor runs at seed S,
 * {@code -Ddorado.invariants.actorActions=N} sets the actions of each real-actor run,
 * {@code -Ddorado.invariants.first=S} starts the runs at seed S (to sweep past a known failure).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPathInvariantTest {
  private static final int RUNS = Integer.getInteger("dorado.invariants.runs", 2000);
  private static final int ACTOR_RUNS = Integer.getInteger("dorado.invariants.actorRuns", 50);
  private static final int ACTOR_ACTIONS = Integer.getInteger("dorado.invariants.actorActions", 30);
  private static final int STEPS = Integer.getInteger("dorado.invariants.steps", 250);
  private static final Long SEED = Long.getLong("dorado.invariants.seed");
  private static final long FIRST = Long.getLong("dorado.invariants.first", 20261121L);
  private final ActorTestKit kit = ActorTestKit.create("order-path-invariants", TestConfigs.eventSourced());
  private final PersistenceTestKit journal = PersistenceTestKit.create(kit.system());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void theRealActorsKeepThePromiseThroughRestartsDuplicatesAndReordering() throws InterruptedException {
    long first = SEED != null ? SEED : Long.getLong("dorado.invariants.actorFirst", 1121L);
    int runs = SEED != null ? 1 : ACTOR_RUNS;
    var summary = ActorRuns.run(kit, StoredEvents.inMemory(journal), first, runs, ACTOR_ACTIONS);
    System.out.println("order path invariants, real actors: " + summary.describe());
  }

  @Test
  void theOrderPathKeepsItsPromiseInThousandsOfSimulatedRuns() {
    long first = SEED != null ? SEED : FIRST;
    int runs = SEED != null ? 1 : RUNS;
    var totals = new Totals();
    for (int run = 0; run < runs; run++) {
      long seed = first + run;
      var sim = new OrderPathSimulation(seed);
      List<String> violations;
      try {
        sim.run(STEPS);
        violations = violations(sim);
      } catch (RuntimeException | AssertionError e) {
        violations = List.of("the run failed: " + e);
        e.printStackTrace();
      }
      if (!violations.isEmpty()) {
        List<String> all = sim.trace();
        writeTrace(seed, all);
        var trace = all.subList(Math.max(0, all.size() - 400), all.size());
        fail("seed " + seed + " (replay with -Ddorado.invariants.seed=" + seed + "):\n  " + String.join("\n  ", violations)
            + "\ntrace (last " + trace.size() + " of " + all.size() + " lines, all in target/order-path-traces):\n" + String.join("\n", trace));
      }
      totals.add(sim);
    }
    System.out.printf("order path invariants, simulated: %d runs, %d steps, %d orders checked (%d acknowledged, %d sent),"
            + " %d fills, %d restarts, %d duplicates injected, %d messages lost, %d kill switches, %d breaker trips,"
            + " %d signals, %d guardian writes for %d guardian events; %d entries acknowledged before a kill switch reached"
            + " the exchange after it, %d of them sent after its cancel had found nothing; %d forgettings of settled orders,"
            + " %d settled orders forgotten by the venue on the guardian's sync (their message lost);"
            + " %d FORGOTTEN answers to a bot's working order%n",
        runs, totals.steps, totals.acks + totals.sent, totals.acks, totals.sent, totals.fills, totals.restarts,
        totals.duplicates, totals.drops, totals.killSwitches, totals.breakerTrips, totals.signals, totals.writes,
        totals.guardianEvents, totals.underKillSwitch, totals.afterKillSwitchCancel, totals.forgettings, totals.healedBySync,
        totals.forgottenOrders);
  }

  /** The whole trace of a failed run, next to the build's other reports. */
  private static void writeTrace(long seed, List<String> trace) {
    try {
      var dir = java.nio.file.Path.of("target", "order-path-traces");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.write(dir.resolve(seed + ".trace"), trace);
    } catch (java.io.IOException e) {
      System.err.println("could not write the trace of seed " + seed + ": " + e);
    }
  }

  private static final class Totals {
    long steps, acks, sent, fills, restarts, duplicates, drops, killSwitches, breakerTrips, signals, writes, guardianEvents;
    long underKillSwitch, afterKillSwitchCancel, forgettings, healedBySync, forgottenOrders;

    void add(OrderPathSimulation sim) {
      var s = sim.stats;
      steps += s.steps;
      acks += sim.guardian.acknowledged().size();
      sent += sim.exchange.sends().size();
      fills += sim.exchange.fills().size();
      restarts += s.restarts;
      duplicates += s.duplicates;
      drops += s.drops;
      killSwitches += s.killSwitches;
      breakerTrips += s.breakerTrips;
      signals += s.signals;
      writes += s.guardianWrites;
      guardianEvents += sim.guardian.journal.size();
      underKillSwitch += s.entriesSentUnderKillSwitch;
      afterKillSwitchCancel += s.sentAfterKillSwitchCancel;
      forgettings += s.forgettings;
      healedBySync += s.healedBySync;
      forgottenOrders += s.forgottenOrders;
    }
  }

  // ---- the four invariants ------------------------------------------------------------------------

  static List<String> violations(OrderPathSimulation sim) {
    var positions = new HashMap<String, BigDecimal>();
    sim.bots.values().forEach(b -> positions.put(b.id, b.state.data().position().quantity()));
    var v = new ArrayList<>(check(sim.exchange, sim.guardian.journal, sim.venue.journal,
        sim.guardian.written.book().ledger(), OrderPathSimulation.START_CASH, positions,
        b -> sim.bots.get(b).config.underlying()));
    // 5: after the last forget tick, the venue holds no order the guardian forgot (a lost Forget does not leak)
    var leaked = sim.venue.state.orders().keySet().stream().map(ClientOrderId::parse)
        .filter(sim.guardian.written::forgotten).sorted().toList();
    if (!leaked.isEmpty()) v.add("the venue still holds " + leaked + ", which the guardian forgot");
    if (sim.stats.sentAfterKillSwitchCancel > 0) { // the venue refuses what a cancel overtook
      v.add(sim.stats.sentAfterKillSwitchCancel + " entries sent after the kill switch's cancel had found nothing");
    }
    return v;
  }

  /**
   * The four invariants over what the exchange saw, the guardian's and the venue's journals, the
   * guardian's ledger and each bot's position (bot id to its position in {@code symbolOf} of it).
   */
  static List<String> check(RecordingExchange exchange, List<?> guardianJournal, List<VenueEvent> venueJournal, Ledger ledger, BigDecimal startCash, Map<String, BigDecimal> botPositions,
      Function<String, String> symbolOf) {
    var v = new ArrayList<String>(exchange.violations()); // 1: only acknowledged orders were sent
    Map<ClientOrderId, Integer> sends = exchange.sends();
    sends.forEach((id, n) -> {
      if (n > 1) v.add(id + " was sent " + n + " times"); // 2: at most once
    });
    var explicitEnd = new HashSet<ClientOrderId>();
    for (VenueEvent e : venueJournal) {
      if (e instanceof VenueEvent.Refused r) explicitEnd.add(r.clientOrderId());
      if (e instanceof VenueEvent.Closed c) explicitEnd.add(c.clientOrderId());
      if (e instanceof VenueEvent.CancelledBeforeArrival x) explicitEnd.add(x.clientOrderId());
    }
    var acknowledged = new ArrayList<AcknowledgedOrder>();
    for (Object e : guardianJournal) {
      if (e instanceof GuardianEvent.OrdersAcknowledged oa) acknowledged.addAll(oa.acks());
      if (e instanceof GuardianEvent.OrderClosed c && c.reason().equals(RiskGuardianActor.EXPIRED_UNSENT)) {
        explicitEnd.add(c.clientOrderId());
      }
    }
    for (AcknowledgedOrder ack : acknowledged) { // 3: sent, cancelled or expired explicitly
      if (!sends.containsKey(ack.clientOrderId()) && !explicitEnd.contains(ack.clientOrderId())) {
        v.add("acknowledged " + ack.clientOrderId() + " was neither sent nor explicitly cancelled or expired");
      }
    }
    // 4: the ledger equals the sum of the fills
    List<Fill> fills = exchange.fills();
    var byId = new HashSet<String>();
    fills.forEach(f -> byId.add(f.fillId()));
    // The guardian's journal, not its ledger's fill ids: a settled order's go when it is forgotten.
    var recorded = new HashSet<String>();
    for (Object e : guardianJournal) if (e instanceof GuardianEvent.FillRecorded f) recorded.add(f.fill().fillId());
    if (!recorded.equals(byId)) v.add("guardian journal fills " + recorded + " != exchange fills " + byId);
    var venueFills = new HashSet<String>();
    for (VenueEvent e : venueJournal) if (e instanceof VenueEvent.FillRecorded f) venueFills.add(f.fill().fillId());
    if (!venueFills.equals(byId)) v.add("venue journal fills " + venueFills + " != exchange fills " + byId);
    BigDecimal cash = startCash;
    var bySymbol = new HashMap<String, BigDecimal>();
    var byBot = new HashMap<String, BigDecimal>();
    for (Fill f : fills) {
      cash = cash.subtract(f.signedQuantity().multiply(f.price())).subtract(f.commission());
      bySymbol.merge(f.symbol(), f.signedQuantity(), BigDecimal::add);
      byBot.merge(f.clientOrderId().botId(), f.signedQuantity(), BigDecimal::add);
    }
    if (cash.compareTo(ledger.cash()) != 0) v.add("ledger cash " + ledger.cash() + " != start less fills " + cash);
    Set<String> symbols = new HashSet<>(bySymbol.keySet());
    symbols.addAll(ledger.positions().keySet());
    for (String symbol : symbols) {
      BigDecimal expected = bySymbol.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal actual = ledger.position(symbol).quantity();
      if (expected.compareTo(actual) != 0) v.add("ledger position " + symbol + " " + actual + " != fills " + expected);
    }
    botPositions.forEach((bot, qty) -> {
      BigDecimal expected = byBot.getOrDefault(bot, BigDecimal.ZERO);
      if (expected.compareTo(qty) != 0) v.add("bot " + bot + " holds " + qty + " " + symbolOf.apply(bot) + " != its fills " + expected);
    });
    return v;
  }
}
