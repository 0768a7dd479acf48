package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import java.time.Clock;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A venue actor says what its adapter is: the start-up banner and GET /api/v1/venues ask it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueInfoTest {
  private final ActorTestKit kit = ActorTestKit.create("venue-info", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void a_venue_actor_answers_its_adapters_info() {
    var adapter = new ForwardingVenueAdapter(new VenueFixtures.RecordingAdapter(PaperMatchingEngine.Settings.FRICTIONLESS)) {
      @Override
      public VenueInfo info() {
        return new VenueInfo("kraken-1", "kraken", VenueMode.LIVE, "main", false, VenueInfo.Connection.DISCONNECTED);
      }
    };
    var venue = kit.spawn(VenueActor.create(VenueSettings.of("kraken-1", SIGNER, Clock.systemUTC()), adapter,
        kit.<OrderReport>createTestProbe().ref()));
    TestProbe<VenueInfo> info = kit.createTestProbe();
    venue.tell(new Venue.GetInfo(info.ref()));
    assertEquals(new VenueInfo("kraken-1", "kraken", VenueMode.LIVE, "main", false, VenueInfo.Connection.DISCONNECTED),
        info.receiveMessage());
  }
}
