package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The venue's snapshot is its whole state in CBOR. Once settled orders are forgotten its size depends
 * on the orders still kept, not on how many the account was ever given. Prints the byte counts.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueStateSizeTest {
  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create("VenueStateSizeTest");

  private static final String VENUE = "paper-main";
  private static final Instant CUTOFF = T0.plus(Duration.ofDays(1));
  /** Well under Cassandra's largest mutation here (half a 4 MiB commitlog segment) and under a kilobyte per bot. */
  private static final int BOUND = 1_024;

  /** {@code settled} filled market orders spread over three bots, plus one working limit order. */
  private VenueState account(int settled, ActorRef<OrderReport> bot) {
    VenueState s = VenueState.empty(VENUE);
    Instant at = T0.plusSeconds(1);
    for (int n = 1; n <= settled; n++) {
      ClientOrderId id = ClientOrderId.of("bot-" + (n % 3), n);
      Order order = Order.market(id, VENUE, "BTC-USD", Side.BUY, d("0.125"), false);
      var fill = new Fill(id + "-f1", id, "BTC-USD", Side.BUY, d("0.125"), d("42001.25"), d("0.52"), at);
      s = s.apply(new VenueEvent.Submitted(VENUE, VenueFixtures.ack(order), bot, at))
          .apply(new VenueEvent.Placed(VENUE, id, "paper-" + id, at))
          .apply(new VenueEvent.FillRecorded(VENUE, id, fill, at));
    }
    Order working = Order.limit(ClientOrderId.of("bot-0", settled + 3L), VENUE, "BTC-USD", Side.BUY, d("1"), d("90"));
    return s.apply(new VenueEvent.Submitted(VENUE, VenueFixtures.ack(working), bot, at));
  }

  private int bytes(VenueState state) {
    return SerializationExtension.get(testKit.system()).serialize(state).get().length;
  }

  @Test
  void aStateThatForgotItsSettledOrdersIsSmallAndTheSameSizeWhateverTheirNumber() {
    ActorRef<OrderReport> bot = testKit.createTestProbe(OrderReport.class).ref();
    int[] sizes = {1_000, 5_000};
    int[] forgotten = new int[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      VenueState all = account(sizes[i], bot);
      var named = all.orders().values().stream().filter(VenueOrder::isTerminal).map(VenueOrder::clientOrderId).toList();
      VenueState kept = all.apply(new VenueEvent.SettledForgotten(VENUE, CUTOFF, named, CUTOFF));
      forgotten[i] = bytes(kept);
      System.out.printf("venue state with %,d settled orders: %,d bytes kept, %,d bytes once forgotten (%d order kept)%n",
          sizes[i], bytes(all), forgotten[i], kept.orders().size());
      assertEquals(1, kept.orders().size(), "the working order stays");
      assertTrue(forgotten[i] < BOUND, forgotten[i] + " bytes once forgotten");
    }
    assertTrue(Math.abs(forgotten[1] - forgotten[0]) <= 8,
        "independent of how many were forgotten (only the digits of the marks differ): " + forgotten[0] + " vs " + forgotten[1]);
  }
}
