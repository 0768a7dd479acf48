package io.dorado.fleet.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.cluster.FleetNode;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.testing.Eventually;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The order path's invariant, checked on a settled fleet against the durable exchange's record, the
 * venue's and the guardian's journals: only acknowledged orders were sent, no client order id was sent
 * twice, nothing acknowledged was forgotten (sent or closed), the venue journal holds exactly the
 * exchange's fills, and the guardian's ledger (position, cash) equals the fills.
 */
final class OrderPathInvariants {

  /** What was checked: counts and the guardian's ledger. */
  record Summary(int acknowledged, int sent, int fills, BigDecimal position, BigDecimal cash) {
    @Override
    public String toString() {
      return acknowledged + " orders acknowledged, " + sent + " sent, " + fills + " fills checked, 0 duplicate sends, "
          + "0 forgotten, 0 sent unacknowledged; ledger " + position + " " + CrashFleet.SYMBOL + ", cash " + cash;
    }
  }

  private OrderPathInvariants() {}

  /** Settles the fleet through {@code node} (any member), then asserts the invariant; answers what it checked. */
  static Summary check(FleetNode node, Path exchange, List<String> botIds) throws Exception {
    return check(node, exchange, botIds, BigDecimal.ZERO, CrashFleet.STARTING_CASH);
  }

  /**
   * As {@link #check(FleetNode, Path, List)} for a guardian whose ledger held {@code startPosition} and
   * {@code startCash} before the run (its journal is shared with other tests of the same JVM).
   */
  static Summary check(FleetNode node, Path exchange, List<String> botIds, BigDecimal startPosition,
      BigDecimal startCash) throws Exception {
    Settled settled = settle(node, botIds);
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
    Set<String> sent = history.orders.keySet().stream().map(ClientOrderId::value).collect(Collectors.toCollection(TreeSet::new));
    Set<String> unacknowledged = new TreeSet<>(sent);
    unacknowledged.removeAll(acknowledged);
    assertEquals(Set.of(), unacknowledged, "orders the exchange received that the guardian never acknowledged");

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

    // The guardian's ledger moved by the fills: position = start + Σ signed quantity, cash = start − Σ signed notional − commissions.
    List<Fill> fills = history.fills();
    BigDecimal position = startPosition;
    BigDecimal cash = startCash;
    for (Fill f : fills) {
      position = position.add(f.signedQuantity());
      cash = cash.subtract(f.signedQuantity().multiply(f.price())).subtract(f.commission());
    }
    RiskGuardian.GuardianStatus risk = settled.risk;
    BigDecimal held = risk.positions().getOrDefault(CrashFleet.SYMBOL, BigDecimal.ZERO);
    assertEquals(0, position.compareTo(held), "guardian position " + held + " vs fills " + position);
    assertEquals(0, cash.compareTo(risk.cash()), "guardian cash " + risk.cash() + " vs fills " + cash);
    return new Summary(acknowledged.size(), sent.size(), fills.size(), held, risk.cash());
  }

  private record Settled(VenueState venue, RiskGuardian.GuardianStatus risk, String waitingFor) {
    @Override
    public String toString() {
      return waitingFor == null ? "settled" : "waiting for: " + waitingFor;
    }
  }

  /**
   * Wakes every bot and the venue, and waits until no order is in flight anywhere. Every ask that does not
   * answer is named in what it waits for, so a failure says which actor never answered, not just "no answer".
   */
  private static Settled settle(FleetNode node, List<String> botIds) throws Exception {
    var ops = node.operations();
    BigDecimal mid = new BigDecimal("42000");
    return Eventually.eventually(Duration.ofSeconds(120), () -> {
      CrashFleet.price(node, mid);
      List<String> waiting = new ArrayList<>();
      for (String botId : botIds) {
        try {
          BotState state = ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
          if (state instanceof BotState.WithOrder || state instanceof BotState.RiskCheck) {
            waiting.add(botId + " in " + state.phase() + " (" + state + ")");
          }
        } catch (Exception e) {
          waiting.add("bot " + botId + " did not answer: " + e);
        }
      }
      VenueState venue = null;
      try {
        venue = AskPattern.<Venue.Command, VenueState>ask(node.venue(CrashFleet.VENUE), Venue.GetOrders::new,
            Duration.ofSeconds(10), node.system().scheduler()).toCompletableFuture().get(15, TimeUnit.SECONDS);
        if (!venue.unresolved().isEmpty()) waiting.add("venue unresolved " + venue.unresolved());
      } catch (Exception e) {
        waiting.add("venue did not answer: " + e);
      }
      RiskGuardian.GuardianStatus risk = null;
      try {
        risk = ops.risk().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (risk.workingOrders() != 0) waiting.add("guardian " + risk);
      } catch (Exception e) {
        waiting.add("guardian did not answer: " + e);
      }
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
