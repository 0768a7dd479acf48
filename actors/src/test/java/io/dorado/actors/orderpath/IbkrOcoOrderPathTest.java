package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.ibkr.FakeIbkr;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrClientOrderIds;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.venue.InstrumentRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * The trade's stop and target resting at Interactive Brokers as ONE OCA group (Web API "Submit A New Order(s)
 * Ticket, Bracket, Or OCA Group", {@code isSingleGroup}), on the real order path: bot, risk guardian, venue actor,
 * {@link IbkrAdapter} against {@link FakeIbkr}. The bot is stopped, the price rises through the target: its leg fills
 * at IBKR and IBKR cancels the stop leg; the bot comes back and settles the trade (IDLE, P&amp;L to the cent, as in
 * the guardian's ledger), nothing left working, every client order id (and every leg's cOID) sent once.
 */
class IbkrOcoOrderPathTest extends OrderPathTestBase {
  private static final String SECRET = "ibkr-oco-test-secret-0123456789ab";
  private static final String VENUE = "ibkr-oco";

  IbkrOcoOrderPathTest() {
    super("ibkr-oco");
  }

  @Test
  void theStopAndTargetRestAsOneOcaGroupAtIbkrTheTargetFillsIbkrCancelsTheStopAndTheBotSettlesToTheCent()
      throws Exception {
    FakeIbkr ibkr = new FakeIbkr();
    closeAfterAll(ibkr);
    ibkr.balance("USD", bd("100000"));
    ibkr.quote(bd("189.99"), bd("190.01"));
    ibkr.rules(new InstrumentRules(FakeIbkr.SYMBOL, null, bd("0.01"), bd("1"), bd("1"), null));
    IbkrAdapter adapter = ibkr.adapter(VENUE);
    closeAfterAll(adapter::close);
    var path = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-oco").venue(VENUE, adapter)
        .universe(OrderPathRig.universe(FakeIbkr.SYMBOL, AssetClass.EQUITY, VENUE))
        .patience(Duration.ofSeconds(30), Duration.ofSeconds(15)).build();
    path.mark(FakeIbkr.SYMBOL, "190");

    String id = "oca-i1";
    // the fleet gives each bot its venue's capabilities: IBKR rests a stop and a target as one OCA group
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, path.protectedAtVenue());
    path.create(bot, id, FakeIbkr.SYMBOL, VenueMode.PAPER, "equity_momentum", "10");
    path.enterLong(bot, id, FakeIbkr.SYMBOL, "190", "185", "195");
    ProtectiveOrder oco = path.awaitOco(bot, FakeIbkr.SYMBOL, "10", "195", "185");
    assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
    assertEquals(Optional.of("STP=Submitted/0/10 LMT=Submitted/0/10"), ibkr.ocaStatusOf(oco.clientOrderId()),
        "both legs rest at IBKR in one OCA group");

    testKit.stop(bot); // no bot runs: only the OCA group at IBKR protects
    ibkr.quote(bd("195.10"), bd("195.12"));
    path.mark(FakeIbkr.SYMBOL, "195.11");
    path.awaitTrue(() -> ibkr.ocaStatusOf(oco.clientOrderId()).equals(Optional.of("STP=Cancelled/0/10 LMT=Filled/10/10")),
        () -> "the target filled and IBKR cancelled the stop: " + ibkr.ocaStatusOf(oco.clientOrderId()));

    // bought 10 at the ask 190.01; the target leg (a resting LMT) sold at 195.00; the fake charges nothing
    BigDecimal perTrade = bd("49.90");
    path.awaitClosedAtVenue(path.restartProtected(id), "OCO target " + oco.clientOrderId(), perTrade);
    List<ClientOrderId> placed = ibkr.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCA group, once each");
    assertEquals(List.of(IbkrClientOrderIds.toVenue(ClientOrderId.of(id, 1)),
        IbkrClientOrderIds.leg(oco.clientOrderId(), IbkrClientOrderIds.STOP_LEG),
        IbkrClientOrderIds.leg(oco.clientOrderId(), IbkrClientOrderIds.TARGET_LEG)), ibkr.placedCoids(),
        "every cOID sent once");
    System.out.printf("ibkr oca: entry at 190.01, OCO %s (stop 185, target 195) resting as one OCA group;"
        + " target filled at 195 while the bot was stopped, at IBKR %s; P&L %s%n", oco.clientOrderId(),
        ibkr.ocaStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
  }
}
