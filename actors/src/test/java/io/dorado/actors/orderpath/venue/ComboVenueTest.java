package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueFixtures.RecordingAdapter;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A multi-leg (combo) order at the venue: verified field for field (legs included), persisted, sent
 * once; the paper venue fills every leg together at its synthetic Black-Scholes price and reports one
 * fill per leg; a retry of the same client order id, before or after a restart, fills nothing again.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComboVenueTest {
  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(VenueActorTest.CONFIG).build();

  private static final AtomicInteger VENUES = new AtomicInteger();
  private static final LocalDate EXPIRY = LocalDate.of(2026, 12, 31);
  /** Market time of the last AAPL bar: 40 days to expiry. */
  private static final Instant MARKET = Instant.parse("2026-11-21T21:00:00Z");

  private String venue;
  private TestProbe<OrderReport> bot;
  private TestProbe<OrderReport> guardian;
  private RecordingAdapter adapter;
  private EventSourcedBehaviorTestKit<Venue.Command, VenueEvent, VenueState> kit;

  @BeforeEach
  void freshVenue() {
    venue = "combo-" + VENUES.incrementAndGet();
    bot = testKit.createTestProbe(OrderReport.class);
    guardian = testKit.createTestProbe(OrderReport.class);
    // 5 bps slippage: each leg moves against the trader, rounded to the cent that way
    adapter = new RecordingAdapter(new PaperMatchingEngine.Settings(d("5"), BigDecimal.ZERO, BigDecimal.ZERO, null));
    var settings = new VenueSettings(venue, VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, new MutableClock(T0.plusSeconds(1)),
        Duration.ofSeconds(3), Duration.ofMillis(100));
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), VenueActor.create(settings, adapter, guardian.ref()));
  }

  private static String option(OptionSymbol.Right right, String strike) {
    return OptionSymbol.of("AAPL", EXPIRY, right, d(strike)).occ();
  }

  private static final List<OrderLeg> LEGS = List.of(
      new OrderLeg(option(OptionSymbol.Right.PUT, "90"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.PUT, "85"), Side.BUY, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "110"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "115"), Side.BUY, 1));

  private Order condor(long seq, String structures, String credit) {
    return Order.combo(ClientOrderId.of("ic", seq), venue, "AAPL", Side.SELL, d(structures), d(credit), LEGS, false);
  }

  private void market() {
    kit.runCommand(new Venue.OptionInputs("AAPL", 0.30, MARKET));
    kit.runCommand(new Venue.MarketPrice("AAPL", d("99.95"), d("100.05"), T0.plusSeconds(2)));
  }

  private List<OrderReport.Filled> fills(int n) {
    var out = new ArrayList<OrderReport.Filled>();
    for (int i = 0; i < n; i++) out.add(bot.expectMessageClass(OrderReport.Filled.class));
    return out;
  }

  @Test
  void everyLegOfACondorFillsTogetherOneFillPerLegAtItsSyntheticPrice() {
    Order order = condor(1, "2", "1.00");
    kit.runCommand(new Venue.Submit(VenueFixtures.ack(order), bot.ref()));
    bot.expectMessageClass(OrderReport.Accepted.class);
    market();
    List<OrderReport.Filled> filled = fills(4);
    var inputs = new Venue.OptionInputs("AAPL", 0.30, MARKET);
    BigDecimal credit = BigDecimal.ZERO;
    for (int i = 0; i < 4; i++) {
      Fill f = filled.get(i).fill();
      OrderLeg leg = LEGS.get(i);
      assertEquals(leg.symbol(), f.symbol());
      assertEquals(leg.side(), f.side());
      assertEquals(0, d("200").compareTo(f.quantity()), "2 structures x 1 contract x 100");
      double theoretical = SyntheticOptionPrices.price(OptionSymbol.parse(leg.symbol()).orElseThrow(), 100.0, inputs).doubleValue();
      double slipped = leg.side() == Side.BUY ? theoretical * 1.0005 : theoretical * 0.9995;
      BigDecimal expected = BigDecimal.valueOf(slipped).setScale(2, leg.side() == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
      assertEquals(expected, f.price(), leg.symbol());
      credit = leg.side() == Side.SELL ? credit.add(f.price()) : credit.subtract(f.price());
      assertEquals(i == 3, filled.get(i).complete(), "only the last leg completes the combo");
    }
    assertTrue(credit.compareTo(d("1.00")) >= 0, "the net credit " + credit + " meets the limit");
    assertEquals(OrderStatus.FILLED, kit.getState().find(order.clientOrderId()).orElseThrow().status());
    for (int i = 0; i < 4; i++) assertEquals(filled.get(i), guardian.expectMessageClass(OrderReport.Filled.class));
  }

  @Test
  void aCondorAskingMoreCreditThanTheLegsGiveRestsUnfilled() {
    Order greedy = condor(1, "1", "4.00");
    kit.runCommand(new Venue.Submit(VenueFixtures.ack(greedy), bot.ref()));
    bot.expectMessageClass(OrderReport.Accepted.class);
    market();
    bot.expectNoMessage(Duration.ofMillis(200));
    assertEquals(OrderStatus.WORKING, kit.getState().find(greedy.clientOrderId()).orElseThrow().status());
  }

  @Test
  void legsChangedAfterTheAcknowledgementAreRefusedAndNothingIsSent() {
    Order order = condor(1, "1", "1.00");
    AcknowledgedOrder signed = VenueFixtures.ack(order);
    var legs = new ArrayList<>(LEGS);
    legs.set(1, new OrderLeg(option(OptionSymbol.Right.PUT, "80"), Side.BUY, 1)); // a wider wing: more risk
    Order tampered = Order.combo(order.clientOrderId(), venue, "AAPL", Side.SELL, d("1"), d("1.00"), legs, false);
    kit.runCommand(new Venue.Submit(signed.withOrder(tampered), bot.ref()));
    var rejected = bot.expectMessageClass(OrderReport.Rejected.class);
    assertTrue(rejected.reason().contains("signature"), rejected.reason());
    assertTrue(adapter.placeCalls.isEmpty(), "never sent");
  }

  @Test
  void aRetryOfTheSameComboBeforeAndAfterARestartFillsNothingTwice() {
    Order order = condor(1, "1", "1.00");
    AcknowledgedOrder ack = VenueFixtures.ack(order);
    kit.runCommand(new Venue.Submit(ack, bot.ref()));
    bot.expectMessageClass(OrderReport.Accepted.class);
    market();
    fills(4);
    kit.runCommand(new Venue.Submit(ack, bot.ref()));
    assertEquals(OrderStatus.FILLED, bot.expectMessageClass(OrderReport.Status.class).status());
    kit.restart();
    kit.runCommand(new Venue.Submit(ack, bot.ref()));
    var status = bot.expectMessageClass(OrderReport.Status.class);
    assertEquals(OrderStatus.FILLED, status.status());
    assertEquals(4, status.fills().size());
    assertEquals(0, d("400").compareTo(status.filledQuantity()), "4 legs x 100 units");
    market();
    bot.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, adapter.placeCalls.size(), "sent once");
    assertEquals(4, kit.getState().find(order.clientOrderId()).orElseThrow().fills().size());
  }
}
