package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.ack;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.id;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueSerializationTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create("VenueSerializationTest");

  private Object roundTrip(Object message) {
    var serialization = SerializationExtension.get(testKit.system());
    var serializer = serialization.findSerializerFor(message);
    assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(),
        () -> message.getClass() + " must be bound to jackson-cbor");
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void everyVenueCommandEventAndStateSurvivesCborUnchanged() {
    TestProbe<OrderReport> probe = testKit.createTestProbe(OrderReport.class);
    TestProbe<VenueState> stateProbe = testKit.createTestProbe(VenueState.class);
    ActorRef<OrderReport> ref = probe.ref();
    AcknowledgedOrder ack = ack(market(1, Side.BUY, "1.50"));
    Fill fill = new Fill("bot-a-1-f1", id(1), "BTC-USD", Side.BUY, d("1.50"), d("100.15005"), d("0.2203001"), T0);
    var submitted = new VenueEvent.Submitted("paper-main", ack, ref, T0);
    VenueState state = VenueState.empty("paper-main")
        .apply(submitted)
        .apply(new VenueEvent.Placed("paper-main", id(1), "paper-bot-a-1", T0))
        .apply(new VenueEvent.FillRecorded("paper-main", id(1), fill, T0));

    List<Object> messages = List.of(
        new Venue.Submit(ack, ref),
        new Venue.QueryOrder(id(1), ref),
        new Venue.CancelOrder(id(1), "operator", ref),
        new Venue.MarketPrice("BTC-USD", d("100.00"), d("100.10"), T0),
        new Venue.GetOrders(stateProbe.ref()),
        new VenueMessages.AdapterReported(new OrderReport.Filled(id(1), fill, d("1.50"), true)),
        new VenueMessages.AdapterFailed(id(1), "place", "timeout"),
        new VenueMessages.CancelAnswered(new OrderReport.Cancelled(id(1), d("0"), "operator"), ref),
        new VenueMessages.RetryReconcile(id(1)),
        submitted,
        new VenueEvent.Refused("paper-main", id(1), "ack-1", "expired", T0),
        new VenueEvent.Placed("paper-main", id(1), null, T0),
        new VenueEvent.FillRecorded("paper-main", id(1), fill, T0),
        new VenueEvent.CancelRequested("paper-main", id(1), "operator", T0),
        new VenueEvent.Closed("paper-main", id(1), OrderStatus.CANCELLED, "operator", T0),
        new Venue.ForgetSettled(T0, java.util.List.of(id(1), id(2))),
        new Venue.ForgottenThrough(T0, java.util.Map.of("bot-a", 7L, "bot-b", 3L), java.util.List.of(id(2))),
        new VenueEvent.SettledForgotten("paper-main", T0, java.util.List.of(id(1)), T0.plusSeconds(86_400)),
        state);
    for (Object message : messages) {
      assertEquals(message, roundTrip(message), () -> "changed by CBOR: " + message.getClass());
    }
    VenueOrder order = ((VenueState) roundTrip(state)).find(id(1)).orElseThrow();
    assertEquals(OrderStatus.FILLED, order.status());
    assertEquals(1, order.fills().size());
  }

  @Test
  void aSignatureStillVerifiesAfterTheAckCrossedTheWire() {
    AcknowledgedOrder ack = ack(market(1, Side.BUY, "1.50"));
    var signer = AckSigner.ofSecret(VenueFixtures.SECRET);
    assertTrue(signer.verify((AcknowledgedOrder) roundTrip(ack)));
  }

}
