package io.dorado.protocol.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.testing.RoundTrip;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A venue account forgets the orders the guardian names (it forgot them) that it holds as settled, never
 * one it still works; what it forgot stays closed for good through a per-bot sequence mark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VenueStateTest {
  private static final String VENUE = "paper";
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant CUTOFF = T0.plus(Duration.ofHours(1));
  private static final AckSigner SIGNER = AckSigner.ofSecret("a-secret-of-sixteen-bytes");

  private final ActorTestKit testKit = ActorTestKit.create("venue-state");

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ClientOrderId id(String bot, long sequence) {
    return ClientOrderId.of(bot, sequence);
  }

  /** {@code id} submitted at {@code T0} with an acknowledgement valid until {@code ackExpiry}. */
  private static VenueState submitted(VenueState s, ClientOrderId id, Instant ackExpiry) {
    Order order = Order.market(id, VENUE, "BTC-USD", Side.BUY, BigDecimal.ONE, false);
    var ack = SIGNER.sign(order, "ack-" + id, "g", T0, ackExpiry);
    return s.apply(new VenueEvent.Submitted(VENUE, ack, null, T0))
        .apply(new VenueEvent.Placed(VENUE, id, "v-" + id, T0));
  }

  private static VenueState filled(VenueState s, ClientOrderId id, Instant at) {
    var fill = new Fill(id + "-f1", id, "BTC-USD", Side.BUY, BigDecimal.ONE, new BigDecimal("100"), BigDecimal.ZERO, at);
    return s.apply(new VenueEvent.FillRecorded(VENUE, id, fill, at));
  }

  private static VenueState closed(VenueState s, ClientOrderId id, OrderStatus status, Instant at) {
    return s.apply(new VenueEvent.Closed(VENUE, id, status, "test", at));
  }

  /** What the guardian forgot in {@link #account}: bot-a 1 to 4 (4 still works here) and bot-b 1. */
  private static final List<ClientOrderId> NAMED =
      List.of(id("bot-a", 1), id("bot-a", 2), id("bot-a", 3), id("bot-a", 4), id("bot-b", 1));

  private static VenueEvent.SettledForgotten forgetting(List<ClientOrderId> ids) {
    return new VenueEvent.SettledForgotten(VENUE, CUTOFF, ids, CUTOFF.plus(Duration.ofDays(1)));
  }

  /** bot-a: 1 filled, 2 cancelled, 3 rejected, 4 working, 5 and 6 filled; bot-b: 1 filled. */
  private VenueState account() {
    Instant early = T0.plusSeconds(60);
    Instant ackExpired = T0.plusSeconds(30);
    VenueState s = VenueState.empty(VENUE);
    for (long seq = 1; seq <= 5; seq++) s = submitted(s, id("bot-a", seq), ackExpired);
    s = submitted(s, id("bot-a", 6), CUTOFF.plusSeconds(1));
    s = submitted(s, id("bot-b", 1), ackExpired);
    s = filled(s, id("bot-a", 1), early);
    s = closed(s, id("bot-a", 2), OrderStatus.CANCELLED, early);
    s = closed(s, id("bot-a", 3), OrderStatus.REJECTED, early);
    s = filled(s, id("bot-a", 5), CUTOFF.plusSeconds(1));
    s = filled(s, id("bot-a", 6), early);
    s = filled(s, id("bot-b", 1), early);
    return s;
  }

  @Test
  void forgettingRemovesExactlyTheNamedOrdersThatSettled() {
    VenueState before = account();
    assertEquals(List.of(id("bot-a", 1), id("bot-a", 2), id("bot-a", 3), id("bot-b", 1)), before.forgettable(NAMED));

    VenueState after = before.apply(forgetting(NAMED));

    assertEquals(Set.of("bot-a-4", "bot-a-5", "bot-a-6"), after.orders().keySet(),
        "the working one and those the guardian did not name are kept");
    assertEquals(Map.of("bot-a", 3L, "bot-b", 1L), after.forgottenThrough());
    assertEquals(CUTOFF, after.forgottenBefore());
    assertEquals(OrderStatus.WORKING, after.find(id("bot-a", 4)).orElseThrow().status());
    assertEquals(java.util.List.of(after.find(id("bot-a", 4)).orElseThrow()), after.unresolved());
    assertTrue(after.forgettable(NAMED).isEmpty(), "a second forgetting of the same ids has nothing to do");
  }

  @Test
  void aForgettingThatWouldRemoveNothingLeavesTheStateAsItWas() {
    VenueState before = account();
    var working = List.of(id("bot-a", 4), id("bot-c", 1));
    assertTrue(before.forgettable(working).isEmpty(), "one still working, one never received");
    assertSame(before, before.apply(forgetting(working)));
    assertTrue(before.forgottenThrough().isEmpty());
    assertNull(before.forgottenBefore());
  }

  @Test
  void theForgottenMarkOfABotOnlyEverMovesUp() {
    Instant early = T0.plusSeconds(60);
    VenueState s = VenueState.empty(VENUE);
    s = submitted(s, id("bot-a", 2), CUTOFF.plus(Duration.ofHours(1))); // its ack outlives the first cutoff
    s = submitted(s, id("bot-a", 5), T0.plusSeconds(30));
    s = filled(filled(s, id("bot-a", 2), early), id("bot-a", 5), early);

    s = s.apply(forgetting(List.of(id("bot-a", 5))));
    assertEquals(Set.of("bot-a-2"), s.orders().keySet());
    assertEquals(5L, s.forgottenThrough().get("bot-a"));

    s = s.apply(forgetting(List.of(id("bot-a", 2))));
    assertTrue(s.orders().isEmpty());
    assertEquals(5L, s.forgottenThrough().get("bot-a"), "forgetting bot-a-2 later does not lower the mark");
  }

  @Test
  void cancelledBeforeArrivalIdsAtOrBelowTheirBotsMarkAreDroppedOthersStay() {
    VenueState s = account();
    for (ClientOrderId id : new ClientOrderId[] {id("bot-a", 2), id("bot-a", 9), id("bot-b", 1), id("bot-c", 1)}) {
      // bot-a-2 and bot-b-1 exist as orders too: the map only cares about ids
      s = s.apply(new VenueEvent.CancelledBeforeArrival(VENUE, id, "kill switch", T0));
    }

    VenueState after = s.apply(forgetting(NAMED));

    assertEquals(Set.of("bot-a-9", "bot-c-1"), after.cancelledBeforeArrival().keySet());
  }

  @Test
  void aForgottenIdIsClosedForGoodAndAnsweredForgottenNotCancelled() {
    VenueState after = account().apply(forgetting(NAMED));

    assertTrue(after.forgotten(id("bot-a", 1)));
    assertTrue(after.forgotten(id("bot-a", 3)));
    assertFalse(after.forgotten(id("bot-a", 4)), "known: a working order is not forgotten");
    assertFalse(after.forgotten(id("bot-a", 7)), "above the mark: a new order of the bot");
    assertFalse(after.forgotten(id("bot-c", 1)), "a bot with nothing forgotten");

    var status = after.statusOf(id("bot-a", 2));
    // FORGOTTEN: "cancelled" read as "nothing filled" lost fills it may have had (issue 17, item 4).
    assertEquals(OrderStatus.FORGOTTEN, status.status());
    assertTrue(status.status().isTerminal());
    assertTrue(status.reason().contains("forgotten") && status.reason().contains(CUTOFF.toString()), status.reason());
    assertEquals(OrderStatus.UNKNOWN, after.statusOf(id("bot-a", 7)).status());
    assertEquals(OrderStatus.WORKING, after.statusOf(id("bot-a", 4)).status());
  }

  @Test
  void aStateThatForgotSurvivesCborUnchanged() {
    VenueState after = account().apply(forgetting(NAMED));
    VenueState back = (VenueState) new RoundTrip(testKit.system()).through(after);
    assertEquals(after, back);
    assertTrue(back.forgotten(id("bot-b", 1)));
  }

  @Test
  void aSnapshotWrittenBeforeAccountsForgotReadsAsHavingForgottenNothing() throws Exception {
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system()).getOrCreate("jackson-cbor", Optional.empty());
    ObjectNode tree = cbor.valueToTree(account());
    assertTrue(tree.has("forgotten_through"), "the field name the journal holds: " + tree.fieldNames());
    tree.remove("forgotten_through");
    tree.remove("forgotten_before");

    VenueState old = cbor.treeToValue(tree, VenueState.class);

    assertTrue(old.forgottenThrough().isEmpty());
    assertEquals(account().orders().keySet(), old.orders().keySet());
    assertEquals(4, old.forgettable(NAMED).size());
  }
}
