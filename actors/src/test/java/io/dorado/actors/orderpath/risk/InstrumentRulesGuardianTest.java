package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.noReview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guardian applies the instrument rules its venues report before it signs: the venue receives the rounded
 * order under a signature over exactly that order, or the bot hears a denial with the rule's reason code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstrumentRulesGuardianTest {
  private final ActorTestKit kit = ActorTestKit.create("instrument-rules-guardian", TestConfigs.eventSourced());
  /** BTC-USD at 50,000 in the rig; Binance-like filters: tick 0.01, lot 0.00001, min notional 5. */
  private static final InstrumentRules RULES = new InstrumentRules("BTC-USD", "BTCUSDT", d("0.01"), d("0.00001"),
      d("0.00001"), d("5"));

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private GuardianRig rigWithRules() {
    var rig = new GuardianRig(kit, noReview());
    rig.guardian.tell(new RiskGuardian.InstrumentRulesReported(VENUE, List.of(RULES), Fixtures.T0));
    return rig;
  }

  @Test
  void the_venue_receives_the_order_rounded_to_lot_and_tick_and_signed_as_rounded() {
    var rig = rigWithRules();
    Order asked = Fixtures.limit("b1", "BTC-USD", Side.BUY, "0.123456789", "50000.129");
    rig.acknowledge(asked);
    var submit = assertInstanceOf(Venue.Submit.class, rig.venue().receiveMessage());
    Order sent = submit.ack().order();
    assertEquals(0, d("0.12345").compareTo(sent.quantity()), sent.quantity().toPlainString());
    assertEquals(0, d("50000.12").compareTo(sent.limitPrice()), sent.limitPrice().toPlainString());
    assertEquals(asked.clientOrderId(), sent.clientOrderId());
    // The venue verifies the signature field for field: it covers the rounded order.
    assertTrue(GuardianRig.SIGNER.verify(submit.ack()), "signature over the rounded order");

    // The bot asks again with its own (unrounded) order: the same acknowledgement, not a duplicate denial.
    rig.acknowledge(asked);
    var again = assertInstanceOf(Venue.Submit.class, rig.venue().receiveMessage());
    assertEquals(submit.ack(), again.ack());
    rig.reports.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void an_order_below_the_venues_minimum_notional_is_denied_before_it_is_signed() {
    var rig = rigWithRules();
    OrderReport.Denied denied = rig.denied(Fixtures.market("b1", "BTC-USD", Side.BUY, "0.00009"));
    assertEquals(DenialReason.BELOW_MIN_NOTIONAL, denied.reason());
    assertEquals("notional 0.00009 x 50000 = 4.5 < min notional 5 (BTCUSDT)", denied.detail());
    rig.venue().expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void a_quantity_that_rounds_down_to_nothing_is_denied_below_min_quantity() {
    var rig = rigWithRules();
    OrderReport.Denied denied = rig.denied(Fixtures.market("b1", "BTC-USD", Side.BUY, "0.000004"));
    assertEquals(DenialReason.BELOW_MIN_QUANTITY, denied.reason());
    rig.venue().expectNoMessage(Duration.ofMillis(100));
  }
}
