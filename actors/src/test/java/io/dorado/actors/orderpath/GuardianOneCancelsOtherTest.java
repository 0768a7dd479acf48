package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.GuardianDecisions;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * One-cancels-other held by the risk guardian, on the real order path (guardian, venue actor, paper venue: a venue
 * without a native OCO, so the stop and the target rest as two reduce-only orders): the bot is stopped, the price
 * rises through the target, and the guardian, seeing the target's fill leave the bot flat in its ledger, cancels the
 * stop at the venue itself. The price then falls through the stop's level and nothing fills; the bot comes back and
 * settles the trade (IDLE, P&amp;L to the cent, as in the guardian's ledger).
 */
class GuardianOneCancelsOtherTest extends OrderPathTestBase {
  private static final String SECRET = "guardian-oco-test-secret-0123456789";

  GuardianOneCancelsOtherTest() {
    super("guardian-oco");
  }

  @Test
  void theGuardianCancelsTheStopWhenTheTargetFillsWhileTheBotIsStopped() throws Exception {
    var path = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-oco").name("oco-p0").build();
    String id = "oco-p1";
    path.price("BTC", "41990", "42010");
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, s -> s.withProtectiveOrders(true));
    path.create(bot, id, "crypto_momentum");
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 2
        && s.data().protection().stream().allMatch(ProtectiveOrder::accepted));
    ClientOrderId stop = held.data().protection().stream().filter(p -> p.role() == ProtectiveOrder.Role.STOP)
        .findFirst().orElseThrow().clientOrderId();

    testKit.stop(bot); // no bot runs: the guardian alone sees the target's fill
    path.price("BTC", "45100", "45120");
    path.awaitFills(2); // the entry and the target

    TestProbe<OrderReport> venueAnswers = testKit.createTestProbe();
    OrderReport.Status cancelled = venueAnswers.awaitAssert(Duration.ofSeconds(10), () -> {
      path.venue.tell(new Venue.QueryOrder(stop, venueAnswers.getRef()));
      var status = (OrderReport.Status) venueAnswers.expectMessageClass(OrderReport.Status.class);
      assertEquals(OrderStatus.CANCELLED, status.status(), "the stop at the venue: " + status);
      return status;
    });
    assertTrue(cancelled.reason().startsWith(GuardianDecisions.ONE_CANCELS_OTHER), cancelled.reason());

    path.price("BTC", "40000", "40020"); // through the stop's level: a stop still resting would sell 0.03 more
    path.price("BTC", "45100", "45120");
    path.awaitFills(2);

    ActorRef<Bot.Command> again = path.addBot(id, "bot-" + id + "-again", s -> s.withProtectiveOrders(true));
    BotState after = path.awaitState(again, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 0.03 at 42010 × 1.0005 = 42031.005; the target sold at the bid 45100 less 5 bps = 45077.45
    BigDecimal perTrade = bd("91.39335");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by target"),
        after.data().lastOutcome().reason());
    path.awaitGuardian(status -> {
      assertEquals(0, perTrade.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
    });
    System.out.printf("guardian oco: target filled while the bot was stopped, stop %s cancelled by the guardian (%s);"
        + " P&L %s%n", stop, cancelled.reason(), perTrade.toPlainString());
  }
}
