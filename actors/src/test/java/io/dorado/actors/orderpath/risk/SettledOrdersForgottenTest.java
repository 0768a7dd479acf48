package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.GuardianRig.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guardian remembers a settled order for the retention period (a repeated request gets the same
 * answer), then forgets it: its state, and so its snapshots, are bounded by the retention period rather than
 * the account's life. A forgotten client order id is never acknowledged again and its fills never counted
 * again, so forgetting cannot let an order be sent twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SettledOrdersForgottenTest {
  private static final Duration RETENTION = RiskGuardianActor.Settings.DEFAULT_SETTLED_RETENTION;
  private static final ObjectMapper CBOR = CBORMapper.builder().addModule(new JavaTimeModule()).build();

  private final ActorTestKit kit = ActorTestKit.create("settled-forgotten", TestConfigs.eventSourced());
  private final PersistenceTestKit journal = PersistenceTestKit.create(kit.system());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private static Fill fillOf(Order o, String fillId) {
    return Fixtures.fill(o, fillId, o.quantity().toPlainString(), "100");
  }

  private static void report(GuardianRig rig, ActorRef<RiskGuardian.Command> guardian, Fill f) {
    guardian.tell(new RiskGuardian.VenueReported(new OrderReport.Filled(f.clientOrderId(), f, f.quantity(), true)));
    rig.status(); // written before the next step
  }

  private static void forgetSettled(GuardianRig rig) {
    rig.guardian.tell(new GuardianMessages.ForgetSettled());
    rig.status();
  }

  @Test
  void aSettledOrderIsRememberedForTheRetentionPeriodThenForgottenAndNeverAcknowledgedAgain() {
    var rig = new GuardianRig(kit, Fixtures.noReview());
    Order filled = market("b1", "AAPL", Side.BUY, "3");
    AcknowledgedOrder ack = rig.submitted(filled).ack();
    Fill fill = fillOf(filled, "f-filled");
    report(rig, rig.guardian, fill);
    Order cancelled = market("b1", "AAPL", Side.BUY, "1");
    rig.submitted(cancelled);
    rig.cancelled(cancelled.clientOrderId());
    Order working = market("b1", "AAPL", Side.BUY, "2");
    AcknowledgedOrder workingAck = rig.submitted(working).ack();

    // Within the retention period: a repeat of the filled order gets the very same acknowledgement.
    rig.clock.advance(RETENTION.minusMinutes(1));
    forgetSettled(rig);
    assertEquals(ack, rig.submitted(filled).ack(), "remembered: the venue answers the repeat with its fill");

    rig.clock.advance(Duration.ofMinutes(2));
    forgetSettled(rig);
    // Once that is written, the venue is told which of its orders went: it forgets them only then.
    var told = assertInstanceOf(Venue.ForgetSettled.class, rig.venue().receiveMessage());
    assertEquals(java.util.Set.of(filled.clientOrderId(), cancelled.clientOrderId()), java.util.Set.copyOf(told.ids()));
    // FORGOTTEN, not a denial: the order may have filled before it was forgotten (issue 17, item 4).
    var forgotten = forgotten(rig, filled);
    assertTrue(forgotten.reason().contains("forgotten"), forgotten.reason());
    forgotten(rig, cancelled);
    rig.venue().expectNoMessage(Duration.ofMillis(200));

    // The same fill reported again is not counted again, though its id is no longer kept.
    report(rig, rig.guardian, fill);
    assertEquals(0, d("3").compareTo(rig.status().positions().get("AAPL")), rig.status()::toString);

    // A working order is never forgotten, however old; the bot's next order goes through.
    assertEquals(workingAck, rig.submitted(working).ack());
    assertEquals(1, rig.status().workingOrders());
    rig.submitted(market("b1", "AAPL", Side.BUY, "1"));
  }

  private static OrderReport.Status forgotten(GuardianRig rig, Order order) {
    rig.acknowledge(order);
    var status = assertInstanceOf(OrderReport.Status.class, rig.reports.receiveMessage());
    assertEquals(OrderStatus.FORGOTTEN, status.status());
    assertEquals(order.clientOrderId(), status.clientOrderId());
    return status;
  }

  /** What a bot whose order was forgotten settles on: its position in the guardian's ledger, forgotten orders' fills included. */
  @Test
  void aBotsPositionInTheLedgerCountsTheFillsOfItsForgottenOrders() {
    var rig = new GuardianRig(kit, Fixtures.noReview());
    Order first = market("b7", "AAPL", Side.BUY, "3");
    rig.submitted(first);
    report(rig, rig.guardian, fillOf(first, "f-b7-1"));
    Order other = market("b8", "AAPL", Side.BUY, "5"); // another bot's position in the same symbol
    rig.submitted(other);
    report(rig, rig.guardian, fillOf(other, "f-b8-1"));
    rig.clock.advance(RETENTION.plusMinutes(1));
    forgetSettled(rig);
    forgotten(rig, first);

    TestProbe<RiskGuardian.BotPosition> probe = kit.createTestProbe();
    rig.guardian.tell(new RiskGuardian.GetBotPosition("b7", "AAPL", probe.ref()));
    var position = probe.receiveMessage();
    assertEquals("b7", position.botId());
    assertEquals("AAPL", position.position().symbol());
    assertEquals(0, d("3").compareTo(position.position().quantity()), position::toString);
    rig.guardian.tell(new RiskGuardian.GetBotPosition("b9", "AAPL", probe.ref()));
    assertEquals(0, probe.receiveMessage().position().quantity().signum(), "a bot the ledger holds nothing for is flat");
  }

  @Test
  void forgottenOrdersStayForgottenAfterARestart() {
    var rig = new GuardianRig(kit, Fixtures.noReview());
    Order filled = market("b2", "MSFT", Side.BUY, "1");
    rig.submitted(filled);
    report(rig, rig.guardian, fillOf(filled, "f-restart"));
    rig.clock.advance(RETENTION.plusMinutes(1));
    forgetSettled(rig);
    // Stopped only once the forgetting is written (a status answers from the decided state, maybe before).
    kit.createTestProbe().awaitAssert(() -> {
      assertTrue(journal.persistedInStorage(rig.persistenceId()).stream()
          .anyMatch(e -> e instanceof GuardianEvent.SettledForgotten));
      return null;
    });
    assertInstanceOf(Venue.ForgetSettled.class, rig.venue().receiveMessage());
    kit.stop(rig.guardian);

    var restarted = rig.respawn();
    restarted.tell(new RiskGuardian.AcknowledgeOrder(filled, rig.reports.ref()));
    var forgotten = assertInstanceOf(OrderReport.Status.class, rig.reports.receiveMessage());
    assertEquals(OrderStatus.FORGOTTEN, forgotten.status());
    rig.venue().expectNoMessage(Duration.ofMillis(200));
    kit.stop(restarted);
  }

  @Test
  void forgettingTakesOnlyOrdersAcknowledgedBeforeTheCutoffAndNoLongerWorking() {
    var s = GuardianState.open(RiskPolicy.DEFAULT, d("1000000"), T0);
    Order old = Fixtures.market("b3", "AAPL", Side.BUY, "1");
    Order filledLate = Fixtures.market("b3", "AAPL", Side.BUY, "1");
    Order oldWorking = Fixtures.market("b3", "AAPL", Side.BUY, "1");
    ClientOrderId refused = Fixtures.id("b3");
    Order recent = Fixtures.market("b3", "AAPL", Side.BUY, "1");
    s = s.apply(acknowledged(old, T0)).apply(acknowledged(oldWorking, T0)).apply(acknowledged(recent, T0.plusSeconds(60)))
        .apply(acknowledged(filledLate, T0));
    // acknowledged before the cutoff, filled after it: a retention after its fill, not its acknowledgement
    s = s.apply(new GuardianEvent.FillRecorded(fillOf(filledLate, "f-late"), T0.plusSeconds(45)));
    s = s.apply(new GuardianEvent.FillRecorded(fillOf(old, "f-old"), T0)).apply(new GuardianEvent.FillRecorded(fillOf(recent, "f-recent"), T0.plusSeconds(60)));
    s = s.apply(new GuardianEvent.OrderDenied(refused, RiskDenial.of(DenialReason.KILL_SWITCH, "test"), T0.plusSeconds(60)));

    assertEquals(List.of(old.clientOrderId().value()), s.settledBefore(T0.plusSeconds(30)));
    var after = s.apply(new GuardianEvent.SettledForgotten(T0.plusSeconds(30), T0.plusSeconds(90)));
    assertTrue(after.forgotten(old.clientOrderId()));
    assertFalse(after.forgotten(oldWorking.clientOrderId()), "still working");
    assertFalse(after.forgotten(recent.clientOrderId()), "acknowledged after the cutoff");
    assertFalse(after.forgotten(filledLate.clientOrderId()), "filled after the cutoff");
    assertFalse(after.book().ledger().hasFill(fillOf(old, "f-old")));
    assertTrue(after.book().ledger().hasFill(fillOf(recent, "f-recent")));
    assertFalse(after.forgotten(refused), "denied after the cutoff, above every forgotten sequence: it stays");
    assertEquals(1, after.denied().size());

    // A bot whose orders are only ever denied (a long halt) has nothing else forgotten: its denials go by time.
    ClientOrderId onlyDenied = Fixtures.id("b9");
    var denials = after.apply(new GuardianEvent.OrderDenied(onlyDenied, RiskDenial.of(DenialReason.KILL_SWITCH, "t"), T0))
        .apply(new GuardianEvent.SettledForgotten(T0.plusSeconds(30), T0.plusSeconds(95)));
    assertFalse(denials.denied().containsKey(onlyDenied.value()));
    assertTrue(denials.forgotten(onlyDenied), "still refused once forgotten");

    var later = after.apply(new GuardianEvent.SettledForgotten(T0.plusSeconds(120), T0.plusSeconds(150)));
    assertTrue(later.forgotten(recent.clientOrderId()));
    assertTrue(later.denied().isEmpty(), "a denial at or below a forgotten sequence goes too");
    assertTrue(later.forgotten(refused), "and is still refused");
    assertFalse(later.forgotten(oldWorking.clientOrderId()));
    kit.serializationTestKit().verifySerialization(later, true);
  }

  @Test
  void theStateAndSoTheSnapshotStayBoundedByTheRetentionPeriodNotTheAccountsLife() throws Exception {
    var s = GuardianState.open(RiskPolicy.DEFAULT, d("1000000000"), T0);
    Instant now = T0;
    int perDay = 864; // one every 100 s
    int days = 5;
    var remembering = s;
    for (int day = 1; day <= days; day++) {
      for (int i = 0; i < perDay; i++) {
        now = now.plusSeconds(86_400 / perDay);
        Order o = Fixtures.market("bot-" + (i % 100), "AAPL", i % 2 == 0 ? Side.BUY : Side.SELL, "1");
        for (GuardianEvent e : List.of(acknowledged(o, now), new GuardianEvent.FillRecorded(fillOf(o, o.clientOrderId() + "-f1"), now))) {
          s = s.apply(e);
          remembering = remembering.apply(e);
        }
      }
      s = s.apply(new GuardianEvent.SettledForgotten(now.minus(RETENTION), now));
    }
    int bounded = CBOR.writeValueAsBytes(s).length;
    long withoutForgetting = CBOR.writeValueAsBytes(remembering).length;
    System.out.printf("guardian state after %,d orders over %d days: %,d bytes forgetting after %s, %,d bytes remembering all%n",
        perDay * days, days, bounded, RETENTION, withoutForgetting);
    assertTrue(bounded * 3 < withoutForgetting, () -> bounded + " bytes is not bounded by one day of " + perDay + " orders");
    int remembered = s.lastActiveAt().size();
    assertTrue(remembered <= perDay + 1, () -> remembered + " orders remembered"); // + 1: one exactly at the cutoff
  }

  @Test
  void theRetentionMustOutlastAnAcknowledgementsValidity() {
    var e = assertThrows(IllegalArgumentException.class, () -> new RiskGuardianActor.Settings("g", d("1"),
        Duration.ofSeconds(30), GuardianRig.SIGNER, java.time.Clock.systemUTC(), false, Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("settled-retention"), e.getMessage());
  }

  private static GuardianEvent acknowledged(Order o, Instant at) {
    var ack = GuardianRig.SIGNER.sign(o, "ack-" + o.clientOrderId(), "g", at, at.plusSeconds(30));
    return new GuardianEvent.OrdersAcknowledged(List.of(ack), at);
  }
}
