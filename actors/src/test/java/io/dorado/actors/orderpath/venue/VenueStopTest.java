package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.SlowWrites;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueState;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The venue's {@link Venue.Stop}, the message sharding stops it with on a hand-off: handled after the write in
 * flight, and a submission decided but not yet written is written before the venue stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueStopTest {
  private static final Duration SLOW_WRITE = Duration.ofSeconds(1);
  private final ActorTestKit kit = ActorTestKit.create("venue-stop", TestConfigs.eventSourced());
  /** Persistence ids whose journal writes take {@link #SLOW_WRITE}. */
  private final Set<String> slowWrites = SlowWrites.install(kit.system(), SLOW_WRITE);

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private Behavior<Venue.Command> venue(String id, TestProbe<OrderReport> guardian) {
    var settings = new VenueSettings(id, VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, new MutableClock(T0.plusSeconds(1)),
        Duration.ofSeconds(3), Duration.ofMillis(100));
    return VenueActor.create(settings, new VenueFixtures.RecordingAdapter(PaperMatchingEngine.Settings.FRICTIONLESS),
        guardian.ref());
  }

  @Test
  void a_stop_during_a_write_waits_for_it_and_writes_the_submission_decided_meanwhile_before_stopping() throws Exception {
    String id = "paper-stop";
    TestProbe<OrderReport> guardian = kit.createTestProbe();
    TestProbe<OrderReport> bot = kit.createTestProbe();
    ActorRef<Venue.Command> venue = kit.spawn(venue(id, guardian));
    venue.tell(new Venue.MarketPrice("BTC-USD", d("100"), d("101"), T0));
    Order first = VenueFixtures.market(id, 1, Side.BUY, "1");
    Order second = VenueFixtures.market(id, 2, Side.BUY, "1");
    slowWrites.add(VenueActor.persistenceId(id).id());

    venue.tell(new Venue.Submit(VenueFixtures.ack(first), bot.ref()));
    Thread.sleep(SLOW_WRITE.toMillis() / 3); // its write is under way: what follows is stashed behind it
    venue.tell(new Venue.Submit(VenueFixtures.ack(second), bot.ref()));
    venue.tell(new Venue.Stop());
    bot.expectTerminated(venue, Duration.ofSeconds(10));

    slowWrites.clear();
    ActorRef<Venue.Command> next = kit.spawn(venue(id, guardian));
    TestProbe<VenueState> state = kit.createTestProbe();
    next.tell(new Venue.GetOrders(state.ref()));
    VenueState recovered = state.receiveMessage(Duration.ofSeconds(10));
    assertTrue(recovered.find(first.clientOrderId()).isPresent(), "the write in flight at the stop completed");
    assertTrue(recovered.find(second.clientOrderId()).isPresent(),
        "the submission pending at the stop was written before the venue stopped");
  }
}
