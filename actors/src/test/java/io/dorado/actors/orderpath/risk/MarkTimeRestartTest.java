package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The staleness rule judges a price by when it was marked: that time is in the guardian's journal and snapshots, so
 * it survives a restart; a snapshot written before mark times were kept loads, its prices of unknown age (stale).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarkTimeRestartTest {
  private static final RiskPolicy POLICY = new RiskPolicy(null, null, null,
      new RiskPolicy.Orders(null, null, null, null, null, null, false, null, Duration.ofMinutes(5), null), null);
  /**
   * How long a probe waits for what must come. This class's first guardian is the first persistent actor of its
   * actor system: its first write starts the journal plugin and its first messages build the CBOR serializers
   * (serialize-messages is on). On a loaded box (load 30-40 on 2 cores) its spawn-to-stop took 23.5 s, so the old
   * 5 s bound failed 3 runs in 3; the restarted guardian's first submission then took 2.5 s. Only a failing run
   * waits the whole bound.
   */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ActorTestKit kit = ActorTestKit.create("mark-time-restart", TestConfigs.eventSourced());
  private final MutableClock clock = new MutableClock(T0);
  private final TestProbe<Venue.Command> venue = kit.createTestProbe();
  private final RiskGuardianActor.Settings settings = new RiskGuardianActor.Settings("guardian-mark-time", d("100000"),
      Duration.ofSeconds(30), AckSigner.ofSecret("mark-time-restart-secret-0123456789"), clock, false);

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  private ActorRef<RiskGuardian.Command> spawn() {
    return kit.spawn(RiskGuardianActor.create(settings, Fixtures.engine(POLICY), VenueDirectory.of(Map.of(VENUE, venue.ref())),
        new AccountReconciliation(d("10"), d("0.001"))));
  }

  private TestProbe<OrderReport> order(ActorRef<RiskGuardian.Command> guardian) {
    TestProbe<OrderReport> bot = kit.createTestProbe();
    guardian.tell(new RiskGuardian.AcknowledgeOrder(market("bot-m", "AAPL", Side.BUY, "1"), bot.ref()));
    return bot;
  }

  @Test
  void a_marks_time_survives_a_restart_and_the_price_goes_stale_by_it() {
    var guardian = spawn();
    guardian.tell(new RiskGuardian.MarkPrice("AAPL", d("100"), T0.plus(Duration.ofMinutes(1))));
    TestProbe<Object> watcher = kit.createTestProbe();
    guardian.tell(new RiskGuardian.Stop());
    watcher.expectTerminated(guardian, WAIT);

    clock.advance(Duration.ofMinutes(3)); // 2 minutes after the mark
    var restarted = spawn();
    order(restarted); // a 2-minute-old mark is fresh: the order goes to the venue
    assertInstanceOf(Venue.Submit.class, venue.fishForMessage(WAIT, m -> m instanceof Venue.Submit
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0));

    clock.advance(Duration.ofMinutes(4)); // 6 minutes after the mark
    var stale = assertInstanceOf(OrderReport.Denied.class, order(restarted).receiveMessage(WAIT));
    assertEquals(DenialReason.STALE_PRICE, stale.reason());
    assertEquals("last mark of AAPL is 6m old > limit 5m (marked 2026-01-05T10:01:00Z)", stale.detail());
  }

  @Test
  void a_snapshot_keeps_mark_times_and_one_written_before_them_loads_with_prices_of_unknown_age() throws Exception {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    ObjectMapper cbor = JacksonObjectMapperProvider.get(kit.system().classicSystem()).getOrCreate("jackson-cbor",
        Optional.empty());
    GuardianDecisions decisions = new GuardianDecisions(settings, Fixtures.engine(POLICY));
    GuardianState state = decisions.record(GuardianState.open(POLICY, d("100000"), T0),
        List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), T0.plus(Duration.ofMinutes(1)))), T0).after();
    state = decisions.acknowledge(state, market("bot-s", "AAPL", Side.BUY, "1"), T0.plus(Duration.ofMinutes(2))).after();
    var serializer = serialization.findSerializerFor(state);
    byte[] written = serialization.serialize(state).get();

    var read = (GuardianState) serialization.deserialize(written, serializer.identifier(), GuardianState.class.getName()).get();
    assertEquals(T0.plus(Duration.ofMinutes(1)), read.account(VENUE).book().ledger().markTime("AAPL"));
    assertEquals(T0.plus(Duration.ofMinutes(1)), read.opening().ledger().markTime("AAPL"));

    JsonNode tree = cbor.readTree(written);
    assertTrue(tree.findParents("markTimes").size() >= 2, "the snapshot holds the mark times: " + tree);
    for (JsonNode parent : tree.findParents("markTimes")) ((ObjectNode) parent).remove("markTimes");
    var old = (GuardianState) serialization.deserialize(cbor.writeValueAsBytes(tree), serializer.identifier(),
        GuardianState.class.getName()).get();
    RiskBook book = old.account(VENUE).book();
    assertEquals(0, d("100").compareTo(book.ledger().lastPrice("AAPL")));
    assertNull(book.ledger().markTime("AAPL"));
    var denied = assertInstanceOf(RiskEngine.Denied.class, Fixtures.engine(POLICY).acknowledge(
        market("bot-s", "AAPL", Side.BUY, "1"), book, null, T0.plus(Duration.ofMinutes(2))));
    assertEquals(DenialReason.STALE_PRICE, denied.denial().reason());
    assertTrue(denied.denial().detail().contains("has no mark time"), denied.denial().detail());
  }
}
