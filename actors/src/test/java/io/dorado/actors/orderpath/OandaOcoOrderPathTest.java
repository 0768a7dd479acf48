package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.oanda.FakeOanda;
import io.dorado.actors.orderpath.venue.oanda.OandaAdapter;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * The trade's stop and target resting at OANDA as the open trade's dependent TAKE_PROFIT and STOP_LOSS orders (trade-ep
 * "Set Dependent Orders"), on the real order path: bot, risk guardian, venue actor, {@link OandaAdapter} against
 * {@link FakeOanda}. The bot is stopped, the bid rises through the target: OANDA fills the take-profit, closing the
 * trade, and cancels the stop-loss (LINKED_TRADE_CLOSED); the bot comes back and settles the trade (IDLE, P&amp;L to the
 * cent, as in the guardian's ledger), nothing left working, no client order id sent twice. And when OANDA refuses
 * the dependent orders, the bot rests its stop and target apart at once instead (the guardian's one-cancels-other).
 */
class OandaOcoOrderPathTest extends OrderPathTestBase {
  private static final String SECRET = "oanda-oco-test-secret-0123456789";
  private static final String VENUE = "oanda-oco";

  OandaOcoOrderPathTest() {
    super("oanda-oco");
  }

  /** An order path named {@code name} on an OANDA adapter against {@code oanda}, EUR marked at 1.08010. */
  private OrderPathRig path(String name, FakeOanda oanda) throws Exception {
    OandaAdapter adapter = oanda.adapter(VENUE);
    closeAfterAll(adapter::close);
    var p = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-" + name).venue(VENUE, adapter)
        .universe(OrderPathRig.universe("EUR", AssetClass.FX, VENUE)).name(name).build();
    p.mark("EUR", "1.08010");
    return p;
  }

  /** Bot {@code id}, its protection resting at the venue, entering long 1,000 EUR (stop 1.07500, target 1.08500). */
  private ActorRef<Bot.Command> enterLong(String id, OrderPathRig p) {
    // the fleet gives each bot its venue's capabilities: OANDA rests a native OCO as the trade's dependent orders
    ActorRef<Bot.Command> bot = p.addBot(id, "bot-" + id, p.protectedAtVenue());
    p.create(bot, id, "EUR", VenueMode.BROKER_PAPER, "fx_momentum", "1000");
    p.enterLong(bot, id, "EUR", "1.08010", "1.07500", "1.08500");
    return bot;
  }

  @Test
  void theStopAndTargetRestAsTheTradesDependentOrdersTheTargetFillsOandaCancelsTheStopAndTheBotSettlesToTheCent()
      throws Exception {
    FakeOanda oanda = restingQuotes();
    OrderPathRig p = path("native", oanda);

    String id = "oanda-o1";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    ProtectiveOrder oco = p.awaitOco(bot, "EUR", "1000", "1.08500", "1.07500");
    p.awaitTrue(() -> oanda.dependentsOf(oco.clientOrderId()).equals(Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING")),
        () -> "both rest at OANDA as the trade's dependent orders: " + oanda.dependentsOf(oco.clientOrderId()));
    Map<String, BigDecimal> trades = oanda.openTradeUnits();
    assertEquals(1, trades.size(), "the entry's fill opened one trade: " + trades);

    testKit.stop(bot); // no bot runs: only the trade's dependent orders at OANDA protect it
    oanda.quote(bd("1.08510"), bd("1.08530"));
    p.mark("EUR", "1.08520");
    assertEquals(Optional.of("TAKE_PROFIT=FILLED STOP_LOSS=CANCELLED(LINKED_TRADE_CLOSED)"),
        oanda.dependentsOf(oco.clientOrderId()), "the take-profit closed the trade and OANDA cancelled the stop-loss");
    assertTrue(oanda.openTradeUnits().isEmpty());

    // bought 1000 EUR at the ask 1.08020; the take-profit sold them at 1.08500; the fake charges no commission
    BigDecimal perTrade = bd("4.80");
    p.awaitClosedAtVenue(p.restartProtected(id), "OCO target " + oco.clientOrderId(), perTrade);
    List<ClientOrderId> placed = oanda.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCO, once each");
    assertEquals(placed.size(), new HashSet<>(placed).size());
    assertEquals(1, oanda.dependentOrderRequests().size(), "one Set Dependent Orders request");
    System.out.printf("oanda oco: entry at 1.08020, OCO %s (stop 1.07500, target 1.08500) resting as trade %s's"
        + " dependent orders; target filled while the bot was stopped, at OANDA %s; P&L %s%n", oco.clientOrderId(),
        trades.keySet(), oanda.dependentsOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
  }

  @Test
  void whenOandaRejectsTheDependentOrdersTheBotRestsItsStopAndTargetApartAndTheGuardiansOcoCancelsTheStop()
      throws Exception {
    FakeOanda oanda = restingQuotes();
    oanda.rejectNextDependentOrders("TAKE_PROFIT_ON_FILL_LOSS");
    OrderPathRig p = path("fallback", oanda);

    String id = "oanda-f1";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    BotState held = p.awaitProtected(bot, 2);
    ProtectiveOrder stop = held.data().protection().stream().filter(x -> x.role() == ProtectiveOrder.Role.STOP)
        .findFirst().orElseThrow();
    ProtectiveOrder target = held.data().protection().stream().filter(x -> x.role() == ProtectiveOrder.Role.TARGET)
        .findFirst().orElseThrow();
    assertEquals(0, bd("1.07500").compareTo(stop.order().stopPrice()));
    assertEquals(0, bd("1.08500").compareTo(target.order().limitPrice()));
    p.awaitTrue(() -> oanda.placements().containsAll(List.of(stop.clientOrderId(), target.clientOrderId())),
        () -> "the stop and the target rest at OANDA: " + oanda.placements());
    assertEquals(1, oanda.dependentOrderRequests().size(), "the OCO was sent once, rejected, and not sent again");
    ClientOrderId rejectedOco = ClientOrderId.of(id, stop.clientOrderId().sequence() - 1);
    assertEquals(Optional.empty(), oanda.dependentsOf(rejectedOco), "nothing of the rejected OCO rests");

    oanda.fill(target.clientOrderId(), bd("1000"), bd("1.08500")); // a counterparty takes the resting target
    p.mark("EUR", "1.08500");
    BotState after = p.awaitIdle(bot);
    BigDecimal perTrade = bd("4.80");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    p.awaitLedger(perTrade);
    List<ClientOrderId> placed = oanda.placements();
    assertEquals(placed.size(), new HashSet<>(placed).size(), "no client id sent twice: " + placed);
    System.out.printf("oanda oco fallback: dependent orders rejected (TAKE_PROFIT_ON_FILL_LOSS); stop %s and target %s"
        + " rested apart; target filled at 1.08500, stop cancelled; P&L %s%n", stop.clientOrderId(),
        target.clientOrderId(), perTrade.toPlainString());
  }

  @Test
  void aMovedStopAmendsTheTradesStopLossAtOandaNeverLeavingItWithoutOneAndTheNewStopClosesTheTrade() throws Exception {
    FakeOanda oanda = restingQuotes();
    OrderPathRig p = path("amend", oanda);
    ActorRef<Bot.Command> bot = enterLong("oanda-m1", p);
    ProtectiveOrder oco = awaitOcoAt(p, oanda, bot);

    oanda.quote(bd("1.08200"), bd("1.08220")); // the trade runs: the trailing stop tightens
    p.mark("EUR", "1.08210");
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.MoveStop(bd("1.07800"), "trailing stop", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    ProtectiveOrder amended = awaitOcoWithStop(p, bot, bd("1.07800"));
    assertEquals(oco.clientOrderId(), amended.order().replaces(), "the new OCO amends the resting one");
    assertEquals(0, oco.order().limitPrice().compareTo(amended.order().limitPrice()), "the target is unchanged");
    p.awaitTrue(() -> oanda.stopLossPrice(amended.clientOrderId()).map(bd("1.07800")::compareTo).orElse(1) == 0,
        () -> "OANDA holds the new stop: " + oanda.dependentsOf(amended.clientOrderId()));
    assertEquals(Optional.of("TAKE_PROFIT=CANCELLED(CLIENT_REQUEST_REPLACED) STOP_LOSS=CANCELLED(CLIENT_REQUEST_REPLACED)"),
        oanda.dependentsOf(oco.clientOrderId()), "OANDA replaced the old legs");
    Map<String, BigDecimal> trades = oanda.openTradeUnits();
    assertEquals(1, trades.size(), "the same trade: " + trades);
    assertEquals(2, oanda.dependentOrderRequests().size(), "the OCO, then its amend on the same trade");

    oanda.quote(bd("1.07790"), bd("1.07810")); // through the new stop, far above the old one
    p.mark("EUR", "1.07800");
    // bought 1000 at the ask 1.08020; the amended stop-loss sold them at the bid 1.07790
    BigDecimal pnl = bd("-2.30");
    p.awaitClosedAtVenue(bot, "OCO stop " + amended.clientOrderId(), pnl);
    assertEquals(List.of(), oanda.tradesLeftWithoutStopLoss(), "the trade always had a stop-loss at OANDA");
    assertTrue(oanda.openTradeUnits().isEmpty());
    System.out.printf("oanda stop amend: stop 1.07500 -> 1.07800 at the venue (OCO %s amended as %s on trade %s),"
        + " closed at 1.07790; P&L %s%n", oco.clientOrderId(), amended.clientOrderId(), trades.keySet(),
        pnl.toPlainString());
  }

  @Test
  void whenOandaRefusesTheAmendTheOldStopStaysRestingAndStillClosesTheTrade() throws Exception {
    FakeOanda oanda = restingQuotes();
    OrderPathRig p = path("amend-refused", oanda);
    String id = "oanda-m2";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    ProtectiveOrder oco = awaitOcoAt(p, oanda, bot);

    oanda.rejectNextStopLoss("PRICE_DISTANCE_MINIMUM_NOT_MET");
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.MoveStop(bd("1.07990"), "break-even", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    p.awaitTrue(() -> oanda.dependentOrderRequests().size() == 2, () -> "the amend was sent");
    BotState kept = p.awaitState(bot, s -> s.data().protection().size() == 1
        && s.data().protection().get(0).isFor(oco.clientOrderId()) && s.data().protection().get(0).protects());
    assertEquals(Phase.MONITORING, kept.phase());
    assertEquals(Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING"), oanda.dependentsOf(oco.clientOrderId()),
        "the old OCO rests on at OANDA");
    assertEquals(0, bd("1.07500").compareTo(oanda.stopLossPrice(oco.clientOrderId()).orElseThrow()));
    ClientOrderId refused = ClientOrderId.of(id, oco.clientOrderId().sequence() + 1);
    assertEquals(Optional.empty(), oanda.dependentsOf(refused), "nothing of the refused amend rests");

    oanda.quote(bd("1.07490"), bd("1.07510")); // the old stop still protects the trade
    p.mark("EUR", "1.07500");
    BotState after = p.awaitIdle(bot);
    BigDecimal pnl = bd("-5.30"); // bought at 1.08020, the old stop-loss sold at the bid 1.07490
    assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    p.awaitLedger(pnl);
    assertEquals(List.of(), oanda.tradesLeftWithoutStopLoss(), "the trade always had a stop-loss at OANDA");
    System.out.printf("oanda stop amend refused (PRICE_DISTANCE_MINIMUM_NOT_MET): stop 1.07990 not taken, OCO %s kept"
        + " its stop 1.07500 and closed at 1.07490; P&L %s%n", oco.clientOrderId(), pnl.toPlainString());
  }

  /** A fake OANDA quoting EUR_USD 1.08000 / 1.08020. */
  private FakeOanda restingQuotes() throws Exception {
    FakeOanda oanda = FakeOanda.eurUsd();
    closeAfterAll(oanda);
    oanda.quote(bd("1.08000"), bd("1.08020"));
    return oanda;
  }

  /** The bot's OCO (stop 1.07500) once the bot and OANDA both hold it. */
  private ProtectiveOrder awaitOcoAt(OrderPathRig p, FakeOanda oanda, ActorRef<Bot.Command> bot) {
    ProtectiveOrder oco = awaitOcoWithStop(p, bot, bd("1.07500"));
    p.awaitTrue(() -> oanda.stopLossPrice(oco.clientOrderId()).isPresent(), () -> "the OCO's stop-loss rests at OANDA");
    return oco;
  }

  /** The bot's one OCO once it rests with its stop at {@code stop}. */
  private ProtectiveOrder awaitOcoWithStop(OrderPathRig p, ActorRef<Bot.Command> bot, BigDecimal stop) {
    BotState s = p.awaitState(bot, x -> x.phase() == Phase.MONITORING && x.data().protection().size() == 1
        && x.data().protection().get(0).accepted() && x.data().protection().get(0).role() == ProtectiveOrder.Role.OCO
        && x.data().protection().get(0).order().stopPrice().compareTo(stop) == 0);
    return s.data().protection().get(0);
  }
}
