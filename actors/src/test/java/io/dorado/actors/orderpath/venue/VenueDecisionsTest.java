package io.dorado.actors.orderpath.venue;

import static io.dorado.actors.orderpath.venue.VenueFixtures.SIGNER;
import static io.dorado.actors.orderpath.venue.VenueFixtures.T0;
import static io.dorado.actors.orderpath.venue.VenueFixtures.VENUE;
import static io.dorado.actors.orderpath.venue.VenueFixtures.ack;
import static io.dorado.actors.orderpath.venue.VenueFixtures.d;
import static io.dorado.actors.orderpath.venue.VenueFixtures.id;
import static io.dorado.actors.orderpath.venue.VenueFixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueDecisions.Decision;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.venue.VenueEvent;
import io.dorado.protocol.venue.VenueOrder;
import io.dorado.protocol.venue.VenueState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The venue's decisions on their own: no actor, no adapter, the state and what arrived in, events and effects out. */
class VenueDecisionsTest {
  private static final Instant NOW = T0.plusSeconds(1);
  private final VenueDecisions decisions = new VenueDecisions(VenueSettings.of(VENUE, SIGNER, Clock.fixed(NOW, ZoneOffset.UTC)));
  private final AcknowledgedOrder ack = ack(market(1, Side.BUY, "2"));

  private VenueState submitted() {
    return VenueState.empty(VENUE).apply(new VenueEvent.Submitted(VENUE, ack, null, T0));
  }

  private static VenueState with(VenueState state, List<VenueEvent> events) {
    for (VenueEvent e : events) state = state.apply(e);
    return state;
  }

  private static VenueOrder order(VenueState state) {
    return state.find(id(1)).orElseThrow();
  }

  private static Fill fill(String fillId, String quantity) {
    return new Fill(fillId, id(1), "BTC-USD", Side.BUY, d(quantity), d("100"), null, T0);
  }

  @Test
  void a_valid_new_submission_is_written_then_sent() {
    Decision d = decisions.submit(VenueState.empty(VENUE), ack, null, NOW);

    assertEquals(1, d.events().size());
    assertInstanceOf(VenueEvent.Submitted.class, d.events().get(0));
    assertEquals(List.of(new VenueDecisions.Send(ack.order())), d.afterWrite());
    assertTrue(d.atOnce().isEmpty(), "nothing goes out before the write");
  }

  @Test
  void a_submission_seen_before_is_answered_with_its_status_and_never_sent_again() {
    Decision d = decisions.submit(submitted(), ack, null, NOW);

    assertTrue(d.events().isEmpty());
    assertEquals(List.of(new VenueDecisions.ReplyStatus(id(1))), d.afterWrite());
  }

  @Test
  void a_submission_whose_acknowledgement_expired_is_refused_and_alerted() {
    Decision d = decisions.submit(VenueState.empty(VENUE), ack, null, T0.plusSeconds(31));

    assertInstanceOf(VenueEvent.Refused.class, d.events().get(0));
    assertInstanceOf(VenueDecisions.Alert.class, d.afterWrite().get(0));
    assertTrue(d.afterWrite().stream().noneMatch(e -> e instanceof VenueDecisions.Send));
    var told = (VenueDecisions.TellRequester) d.afterWrite().get(2);
    assertInstanceOf(OrderReport.Rejected.class, told.report());
  }

  @Test
  void a_cancel_that_overtook_its_submission_is_remembered_so_the_submission_is_refused() {
    Decision d = decisions.cancel(VenueState.empty(VENUE), id(1), "stop", NOW);
    VenueState after = with(VenueState.empty(VENUE), d.events());

    assertInstanceOf(VenueEvent.CancelledBeforeArrival.class, d.events().get(0));
    Decision late = decisions.submit(after, ack, null, NOW);
    assertInstanceOf(VenueEvent.Refused.class, late.events().get(0));
    assertTrue(late.afterWrite().stream().noneMatch(e -> e instanceof VenueDecisions.Send));
  }

  @Test
  void a_cancel_answer_counting_unrecorded_fills_asks_for_the_status_instead_of_closing() {
    VenueState state = with(submitted(), List.of(new VenueEvent.Placed(VENUE, id(1), "v1", T0)));

    Decision d = decisions.cancelAnswered(state, new OrderReport.Cancelled(id(1), d("1"), "user"), NOW);

    assertTrue(d.events().isEmpty(), "not closed on a cancel that counts fills it has not recorded");
    assertTrue(d.atOnce().contains(new VenueDecisions.Query(id(1))));
    assertEquals(List.of(new VenueDecisions.ReplyStatus(id(1))), d.afterWrite());
  }

  @Test
  void a_cancel_answer_the_bot_asked_for_is_not_told_twice_once_it_heard_the_close() {
    VenueState state = with(submitted(), List.of(new VenueEvent.Placed(VENUE, id(1), "v1", T0)));
    Decision d = decisions.cancelAnswered(state, new OrderReport.Cancelled(id(1), d("0"), "user"), NOW);
    var outcome = (VenueDecisions.ReplyCancelOutcome) d.afterWrite().get(d.afterWrite().size() - 1);
    VenueState written = with(state, d.events());

    assertTrue(VenueDecisions.cancelOutcome(written, outcome, true).isEmpty(), "the bot heard the close already");
    assertInstanceOf(OrderReport.Cancelled.class, VenueDecisions.cancelOutcome(written, outcome, false).orElseThrow());
  }

  @Test
  void a_status_after_recovery_records_the_missed_fills_each_once_and_closes_on_a_cancel() {
    var status = new OrderReport.Status(id(1), OrderStatus.CANCELLED, d("1"),
        List.of(fill("f1", "1"), fill("f1", "1")), "user");

    Decision d = decisions.adapterReported(submitted(), status, false, NOW);

    assertEquals(List.of(VenueEvent.Placed.class, VenueEvent.FillRecorded.class, VenueEvent.Closed.class),
        d.events().stream().map(Object::getClass).toList());
    var bot = d.afterWrite().stream().filter(e -> e instanceof VenueDecisions.TellBot).map(e -> ((VenueDecisions.TellBot) e).report()).toList();
    assertEquals(3, bot.size());
    assertEquals(d("1"), ((OrderReport.Cancelled) bot.get(2)).filledQuantity());
  }

  @Test
  void an_order_the_venue_never_saw_is_sent_on_reconciliation_unless_this_incarnation_is_still_placing_it() {
    var unknown = new OrderReport.Status(id(1), OrderStatus.UNKNOWN, null, null, "never received");
    VenueOrder order = order(submitted());

    Decision resend = decisions.reconcile(order, unknown, false, NOW);
    Decision placing = decisions.reconcile(order, unknown, true, NOW);
    Decision expired = decisions.reconcile(order, unknown, false, T0.plusSeconds(31));

    assertTrue(resend.afterWrite().contains(new VenueDecisions.Send(ack.order())));
    assertTrue(placing.isEmpty(), "its own answer decides");
    assertInstanceOf(VenueEvent.Closed.class, expired.events().get(0));
    assertTrue(expired.afterWrite().stream().noneMatch(e -> e instanceof VenueDecisions.Send));
  }

  @Test
  void a_working_order_the_venue_lost_is_closed_and_alerted() {
    VenueOrder order = order(with(submitted(), List.of(new VenueEvent.Placed(VENUE, id(1), "v1", T0))));

    Decision d = decisions.reconcile(order, new OrderReport.Status(id(1), OrderStatus.UNKNOWN, null, null, null), false, NOW);

    assertEquals(OrderStatus.CANCELLED, ((VenueEvent.Closed) d.events().get(0)).status());
    assertInstanceOf(VenueDecisions.Alert.class, d.atOnce().get(0));
  }

  @Test
  void a_report_on_an_order_this_account_never_sent_is_only_alerted() {
    Decision d = decisions.adapterReported(VenueState.empty(VENUE), new OrderReport.Accepted(id(1), "v1"), false, NOW);

    assertTrue(d.events().isEmpty());
    assertInstanceOf(VenueDecisions.Alert.class, d.atOnce().get(0));
  }
}
