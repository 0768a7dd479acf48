package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.alpaca.FakeAlpaca;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * The trade's stop and target resting at Alpaca as ONE native OCO exit pair ({@code order_class: "oco"}, Alpaca's
 * "OCO Orders") for an equity, on the real order path: bot, risk guardian, venue actor, {@link AlpacaAdapter} against
 * {@link FakeAlpaca}. Apart, Alpaca would refuse the second exit ("would view one of the two orders as exceeding the
 * available position quantity"); as an OCO the position's shares are held once. The bot is stopped, the price rises
 * through the target: the take-profit leg fills at the venue and Alpaca cancels the stop-loss leg; the bot comes back
 * and settles the trade (IDLE, P&amp;L to the cent, as in the guardian's ledger), nothing left working, no client order id
 * sent twice.
 */
class AlpacaOcoOrderPathTest extends OrderPathTestBase {
  private static final String SECRET = "alpaca-oco-test-secret-0123456789";
  private static final String VENUE = "alpaca-oco";

  AlpacaOcoOrderPathTest() {
    super("alpaca-oco");
  }

  @Test
  void theStopAndTargetRestAsOneOcoAtAlpacaTheTargetFillsTheStopLegIsCanceledAndTheBotSettlesToTheCent() throws Exception {
    FakeAlpaca alpaca = FakeAlpaca.equity("AAPL");
    closeAfterAll(alpaca);
    alpaca.balance("USD", bd("10000"));
    alpaca.quote(bd("189.90"), bd("190.00"));
    AlpacaAdapter adapter = alpaca.adapter(VENUE, "oco-account");
    closeAfterAll(adapter::close);
    var path = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-oco").venue(VENUE, adapter)
        .universe(OrderPathRig.universe("AAPL", AssetClass.EQUITY, VENUE)).build();
    path.mark("AAPL", "189.95");

    String id = "oco-a1";
    // the fleet gives each bot its venue's capabilities (VenueCapabilityBook): Alpaca sends a native OCO for an equity
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, path.protectedAtVenue());
    path.create(bot, id, "AAPL", VenueMode.BROKER_PAPER, "equity_momentum", "10");
    path.enterLong(bot, id, "AAPL", "190", "185", "195");
    ProtectiveOrder oco = path.awaitOco(bot, "AAPL", "10", "195", "185");
    assertEquals(0, bd("10").compareTo(oco.order().quantity()), "the whole position: " + oco.order().quantity());
    assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
    assertEquals(Optional.of("limit=new stop=new"), alpaca.ocoStatusOf(oco.clientOrderId()),
        "the take-profit (parent) and the stop-loss (its leg) rest at Alpaca");
    var body = alpaca.lastOrderBody();
    assertEquals("oco", body.path("order_class").asText());
    assertEquals("195", body.path("take_profit").path("limit_price").asText());
    assertEquals("185", body.path("stop_loss").path("stop_price").asText());

    testKit.stop(bot); // no bot runs: only the OCO at Alpaca protects
    alpaca.quote(bd("195.10"), bd("195.20"));
    path.mark("AAPL", "195.15");
    path.awaitTrue(() -> alpaca.ocoStatusOf(oco.clientOrderId()).equals(Optional.of("limit=filled stop=canceled")),
        () -> "the take-profit filled and the stop-loss was canceled at Alpaca: " + alpaca.ocoStatusOf(oco.clientOrderId()));

    // bought 10 at the ask 190.00; the take-profit (a resting limit) sold at 195.00; Alpaca charges no commission
    BigDecimal perTrade = bd("50.00");
    path.awaitClosedAtVenue(path.restartProtected(id), "OCO target " + oco.clientOrderId(), perTrade);
    assertEquals(0, alpaca.position().signum(), "flat at Alpaca: " + alpaca.position());
    List<ClientOrderId> placed = alpaca.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCO, once each");
    assertEquals(placed.size(), new HashSet<>(placed).size());
    System.out.printf("alpaca oco: entry 10 AAPL at 190.00, OCO %s (stop 185, target 195) resting as one exit pair;"
        + " target filled at 195.00 while the bot was stopped, at Alpaca %s; P&L %s%n", oco.clientOrderId(),
        alpaca.ocoStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
  }
}
