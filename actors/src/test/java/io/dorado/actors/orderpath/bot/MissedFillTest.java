package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by the order-path invariants: a fill report to the bot was lost (the bot had restarted), then
 * the cancel arrived saying half the order was filled. The bot settled on the cancel and never learned
 * of the fill, so its position disagreed with the venue and the guardian's ledger.
 */
class MissedFillTest {
  private final MutableClock clock = new MutableClock(BotFixture.T0);
  private final BotModel model = new BotModel(BotFixture.BOT, clock);

  @Test
  void aCancelShowingFillsTheBotNeverHeardOfWaitsForTheVenuesStatusWithEveryFill() {
    BotState s = executing();
    Order o = ((BotState.Executing) s).working().order();

    assertEquals(List.of(), model.orderReported(s, new OrderReport.Cancelled(o.clientOrderId(), d("0.5"), "kill switch")),
        "the bot does not settle on a cancel that reports fills it has not seen");

    Fill missed = new Fill("f1", o.clientOrderId(), "BTC", Side.BUY, d("0.5"), d("40000"), null, clock.instant());
    s = apply(s, model.orderReported(s, new OrderReport.Status(o.clientOrderId(), OrderStatus.CANCELLED, d("0.5"),
        List.of(missed), "kill switch")));
    assertEquals(0, d("0.5").compareTo(s.data().position().quantity()));
    assertEquals(Phase.CLOSING, s.phase(), "the partial entry is closed, not forgotten");
  }

  @Test
  void aCancelWithNothingUnseenSettlesAtOnce() {
    BotState s = executing();
    Order o = ((BotState.Executing) s).working().order();
    s = apply(s, model.orderReported(s, new OrderReport.Cancelled(o.clientOrderId(), BigDecimal.ZERO, "timeout")));
    assertEquals(Phase.IDLE, s.phase());
  }

  private BotState executing() {
    BotState s = new BotState.New(BotFixture.BOT);
    s = apply(s, model.create(s, BotFixture.config(ApprovalMode.AUTO_EXECUTE, null)));
    s = apply(s, model.ingest(s, new Signal("s1", BotFixture.BOT, "BTC", SignalAction.ENTER_LONG, d("40000"), d("39000"),
        null, "test", clock.instant())));
    var review = assertInstanceOf(BotState.RiskCheck.class, s);
    s = apply(s, model.reviewed(s, new RiskGuardian.TradeApproved(review.proposal().reviewId(), d("1"), d("1000"), "ok")));
    return assertInstanceOf(BotState.Executing.class, s);
  }

  private static BotState apply(BotState s, List<BotEvent> events) {
    for (BotEvent e : events) s = BotModel.apply(s, e);
    return s;
  }

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }
}
