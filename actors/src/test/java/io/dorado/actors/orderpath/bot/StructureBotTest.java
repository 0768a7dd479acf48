package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bot trading an iron condor: the signal's legs become one combo order (persisted, then acknowledged by
 * the guardian), the leg fills build one position per leg, MONITORING holds the structures, and the close
 * buys every leg back with one reduce-only combo; the realized P&amp;L is the sum of the legs' P&amp;L to
 * the cent, split into the put side and the call side, and all of it survives a restart (events only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StructureBotTest {
  private static final String BOT = "aapl-ic-01";
  private static final Instant T0 = Instant.parse("2013-05-01T20:00:00Z");
  private static final LocalDate EXPIRY = LocalDate.of(2013, 6, 21);
  private final ActorTestKit testKit = ActorTestKit.create("structure-bot", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static String option(OptionSymbol.Right right, String strike) {
    return OptionSymbol.of("AAPL", EXPIRY, right, new BigDecimal(strike)).occ();
  }

  private static final List<OrderLeg> LEGS = List.of(
      new OrderLeg(option(OptionSymbol.Right.PUT, "400"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.PUT, "395"), Side.BUY, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "460"), Side.SELL, 1),
      new OrderLeg(option(OptionSymbol.Right.CALL, "465"), Side.BUY, 1));

  private static BigDecimal d(String v) {
    return new BigDecimal(v);
  }

  private static OrderReport.Filled fill(Order order, int leg, String price, String commission, BigDecimal cumulative) {
    OrderLeg l = order.legs().get(leg);
    var f = new Fill(order.clientOrderId() + "-f" + (leg + 1), order.clientOrderId(), l.symbol(), l.side(),
        order.legQuantity(l), d(price), d(commission), T0);
    return new OrderReport.Filled(order.clientOrderId(), f, cumulative, cumulative.compareTo(order.fillQuantity()) >= 0);
  }

  private static void fillAll(EventSourcedBehaviorTestKit<Bot.Command, BotEvent, BotState> kit, Order order,
      String... prices) {
    BigDecimal cumulative = BigDecimal.ZERO;
    for (int i = 0; i < prices.length; i++) {
      cumulative = cumulative.add(order.legQuantity(order.legs().get(i)));
      kit.runCommand(new BotMessages.OrderReported(fill(order, i, prices[i], "0.65", cumulative)));
    }
  }

  @Test
  void aCondorOpensAsOneComboIsMonitoredAndClosesWithItsPerSideProfitAndLossToTheCent() {
    var guardian = testKit.createTestProbe(RiskGuardian.Command.class);
    TestProbe<Venue.Command> venue = testKit.createTestProbe(Venue.Command.class);
    var settings = BotSettings.defaults().withClock(new MutableClock(T0)).withRetryInterval(Duration.ofHours(1));
    var kit = EventSourcedBehaviorTestKit.<Bot.Command, BotEvent, BotState>create(testKit.system(),
        BotEntity.create(BOT, guardian.getRef(), venue.getRef(), settings));
    var config = new BotConfig(BOT, "demo", "AAPL", "paper", VenueMode.PAPER, "iron_condor", SignalMode.SCAN,
        ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(d("2")), RegimeFilter.ANY, Duration.ofHours(4));
    kit.<Bot.Ack>runCommand(r -> new Bot.Create(config, r));

    var signal = new Signal("scan-1", BOT, "AAPL", SignalAction.ENTER_SHORT, d("1.10"), null, null, "scan", T0, null, LEGS);
    kit.<Bot.Ack>runCommand(r -> new Bot.IngestSignal(signal, r));
    var review = guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
    assertEquals(LEGS, review.proposal().legs(), "the guardian reviews the structure with its legs");
    assertEquals(Side.SELL, review.proposal().side());
    kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeApproved(review.proposal().reviewId(), d("2"), d("780"), "ok")));

    Order entry = guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertTrue(entry.isCombo());
    assertEquals(LEGS, entry.legs());
    assertEquals(d("2"), entry.quantity());
    assertEquals(d("1.10"), entry.limitPrice(), "sold for at least the signal's net credit");
    assertEquals(Phase.EXECUTING, kit.getState().phase());

    // entry: 2.40 - 0.95 + 1.10 - 0.45 = 2.10 credit per share, on 200 units a leg
    fillAll(kit, entry, "2.40", "0.95", "1.10", "0.45");
    var monitoring = assertInstanceOf(BotState.Monitoring.class, kit.getState());
    var structure = monitoring.data().structure();
    assertEquals(d("2"), structure.openStructures());
    assertEquals(0, d("2.10").compareTo(structure.filledCredit()));
    assertEquals(d("2.40"), structure.position(LEGS.get(0).symbol()).averagePrice().setScale(2));
    assertTrue(monitoring.data().position().isFlat(), "nothing in the underlying itself");

    kit.restart(); // the structure is rebuilt from the journal
    assertEquals(structure, kit.getState().data().structure());
    var roll = new Signal("roll-1", BOT, "AAPL", SignalAction.ADJUST, d("430"), null, null, "ops", T0);
    var refused = kit.<Bot.Ack>runCommand(r -> new Bot.IngestSignal(roll, r)).reply();
    assertTrue(assertInstanceOf(Bot.Rejected.class, refused).reason().contains("not adjusted"), refused.toString());

    kit.<Bot.Ack>runCommand(r -> new Bot.ClosePosition("management: take profit", r));
    Order close = guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    assertTrue(close.reduceOnly() && close.isCombo());
    assertEquals(Side.BUY, close.side());
    assertEquals(d("2"), close.quantity());
    for (int i = 0; i < 4; i++) assertEquals(LEGS.get(i).reversed(), close.legs().get(i));
    assertEquals(Phase.CLOSING, kit.getState().phase());

    // buy back: short put 1.20, long put 0.40, short call 0.35, long call 0.10
    fillAll(kit, close, "1.20", "0.40", "0.35", "0.10");
    var idle = assertInstanceOf(BotState.Idle.class, kit.getState());
    var done = idle.data().structure();
    assertTrue(done.isFlat());
    // put side: (2.40 - 1.20) x 200 - (0.95 - 0.40) x 200 = 240 - 110 = 130, less 4 commissions of 0.65
    assertEquals(d("127.40"), done.putSidePnl().setScale(2));
    // call side: (1.10 - 0.35) x 200 - (0.45 - 0.10) x 200 = 150 - 70 = 80, less 2.60
    assertEquals(d("77.40"), done.callSidePnl().setScale(2));
    assertEquals(d("204.80"), idle.data().realizedPnl().setScale(2), "the sum of the legs' P&L");
    assertEquals(d("204.80"), idle.data().tradeRealizedPnl().setScale(2));
    // the same from the fills' cash: sells in, buys out, commissions out
    BigDecimal cash = d("200").multiply(d("2.40").subtract(d("0.95")).add(d("1.10")).subtract(d("0.45"))
        .subtract(d("1.20")).add(d("0.40")).subtract(d("0.35")).add(d("0.10"))).subtract(d("0.65").multiply(d("8")));
    assertEquals(cash.setScale(2), idle.data().realizedPnl().setScale(2));
    assertTrue(idle.data().lastOutcome().reason().contains("put side 127.40"), idle.data().lastOutcome().reason());

    kit.restart();
    assertEquals(idle, kit.getState(), "IDLE with the closed structure, from events only");
  }
}
