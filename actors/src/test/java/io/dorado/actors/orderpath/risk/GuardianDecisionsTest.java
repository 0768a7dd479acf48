package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.GuardianDecisions.Decision;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guardian's decisions on their own: no actor, no venue, the state and what arrived in, events and effects out. */
class GuardianDecisionsTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("guardian-decisions-test-secret-0123456789");
  private final RiskEngine engine = Fixtures.engine(Fixtures.noReview());
  private final GuardianDecisions decisions = new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"),
      Duration.ofSeconds(30), SIGNER, Clock.fixed(T0, ZoneOffset.UTC), false), engine);
  private final GuardianState open = decisions.record(GuardianState.open(engine.policy(), d("100000"), T0),
      List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), T0)), T0).after();

  private GuardianState acknowledged(Order order) {
    return decisions.acknowledge(open, order, T0).after();
  }

  @Test
  void an_allowed_order_is_signed_and_forwarded_only_once_its_acknowledgement_is_written() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");

    Decision d = decisions.acknowledge(open, order, T0);

    var acked = (GuardianEvent.OrdersAcknowledged) d.events().get(0);
    assertTrue(SIGNER.verify(acked.acks().get(0)), "signed with the guardian's secret");
    assertTrue(d.atOnce().stream().noneMatch(e -> e instanceof GuardianDecisions.Forward));
    assertEquals(List.of(new GuardianDecisions.Forward(acked.acks().get(0), true)), d.afterWrite());
    assertTrue(d.after().book().working().containsKey(order.clientOrderId().value()));
  }

  @Test
  void a_repeated_request_gets_the_same_acknowledgement_again_and_writes_nothing() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");
    GuardianState state = acknowledged(order);

    Decision again = decisions.acknowledge(state, order, T0.plusSeconds(1));

    assertTrue(again.events().isEmpty());
    assertEquals(List.of(new GuardianDecisions.Forward(state.signed().get(order.clientOrderId().value()), false)),
        again.afterWrite());
  }

  @Test
  void a_fill_counting_one_the_guardian_never_heard_of_asks_the_venue_instead_of_closing() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");
    GuardianState state = acknowledged(order);

    Decision d = decisions.venueReported(state,
        new OrderReport.Filled(order.clientOrderId(), fill(order, "f2", "5", "100"), d("10"), true), T0);

    assertTrue(d.atOnce().contains(new GuardianDecisions.QueryVenue(order)));
    assertTrue(d.events().stream().noneMatch(e -> e instanceof GuardianEvent.OrderClosed), "stays working");
    assertTrue(d.after().book().working().containsKey(order.clientOrderId().value()));
  }

  @Test
  void an_unknown_heard_after_the_acknowledgement_expired_asks_the_venue_to_cancel_and_closes_nothing_yet() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");
    GuardianState state = acknowledged(order);
    var unknown = new OrderReport.Status(order.clientOrderId(), OrderStatus.UNKNOWN, null, null, "never received");

    Decision expired = decisions.venueReported(state, unknown, T0.plusSeconds(31));
    Decision valid = decisions.venueReported(state, unknown, T0.plusSeconds(5));

    assertTrue(expired.atOnce().contains(new GuardianDecisions.CancelAtVenue(order, RiskGuardianActor.EXPIRED_UNSENT)));
    assertTrue(expired.events().isEmpty());
    assertTrue(valid.atOnce().isEmpty(), "still valid: the venue may yet receive it");
  }

  @Test
  void the_kill_switch_cancels_every_working_order_at_its_venue_once_written_and_answers_halted() {
    Order first = market("bot-a", "AAPL", Side.BUY, "10");
    Order second = market("bot-b", "AAPL", Side.BUY, "5");
    GuardianState state = decisions.acknowledge(acknowledged(first), second, T0).after();

    Decision d = decisions.killSwitch(state, "ops", "test", T0);

    assertInstanceOf(GuardianEvent.KillSwitchEngaged.class, d.events().get(0));
    assertTrue(d.atOnce().isEmpty(), "nothing is cancelled before the kill switch is written");
    var cancels = d.afterWrite().stream().filter(e -> e instanceof GuardianDecisions.CancelAtVenue).toList();
    assertEquals(2, cancels.size());
    assertTrue(d.afterWrite().contains(new GuardianDecisions.Reply(
        new RiskGuardian.OperatorReply(TradingState.HALTED, true, "HALTED; cancelling 2 working orders"))));
  }

  @Test
  void restricting_trading_to_a_state_no_stricter_answers_at_once_and_writes_nothing() {
    GuardianState halted = decisions.setTradingState(open, TradingState.HALTED, "ops", "test", T0).after();

    Decision d = decisions.restrictTrading(halted, TradingState.REDUCING, "breaker", "test", T0);

    assertTrue(d.writesNothing());
    assertInstanceOf(GuardianDecisions.Reply.class, d.atOnce().get(0));
  }

  @Test
  void a_forget_tick_with_nothing_settled_long_enough_writes_nothing() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");
    GuardianState state = acknowledged(order);

    Decision d = decisions.forgetSettled(state, state, List.of("paper"), T0.plus(Duration.ofDays(2)));

    assertTrue(d.writesNothing(), "a working order is never forgotten");
    assertTrue(d.atOnce().isEmpty(), "nothing was forgotten before: nothing to sync");
  }

  @Test
  void an_order_settled_longer_than_the_retention_ago_is_forgotten_and_its_venue_told_after_the_write() {
    Order order = market("bot-a", "AAPL", Side.BUY, "10");
    GuardianState state = decisions.venueReported(acknowledged(order),
        new OrderReport.Filled(order.clientOrderId(), fill(order, "f1", "10", "100"), d("10"), true), T0).after();

    Instant later = T0.plus(Duration.ofDays(2));
    Decision d = decisions.forgetSettled(state, state, List.of("paper"), later);

    assertInstanceOf(GuardianEvent.SettledForgotten.class, d.events().get(0));
    assertTrue(d.afterWrite().contains(new GuardianDecisions.ForgetAtVenue("paper", later.minus(Duration.ofDays(1)),
        List.of(order.clientOrderId()))));
  }
}
