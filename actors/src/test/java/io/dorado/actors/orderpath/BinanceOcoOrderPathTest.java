package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.binance.FakeBinance;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.order.ClientOrderId;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * The trade's stop and target resting at Binance spot as ONE native OCO order list (rest-api.md "New Order list -
 * OCO"), on the real order path: bot, risk guardian, venue actor, {@link BinanceSpotAdapter} against
 * {@link FakeBinance}. Apart, a stop and a target could not both rest on spot (each would hold the whole BTC
 * balance); as an order list they hold it once. The bot is stopped, the price rises through the target: its leg
 * fills at the venue and the stop leg EXPIRES there; the bot comes back and settles the trade (IDLE, P&amp;L to the
 * cent, as in the guardian's ledger), nothing left working, no client order id sent twice.
 */
class BinanceOcoOrderPathTest extends OrderPathTestBase {
  BinanceOcoOrderPathTest() {
    super("binance-oco");
  }

  @Test
  void theStopAndTargetRestAsOneOcoAtBinanceTheTargetFillsTheStopExpiresAndTheBotSettlesToTheCent() throws Exception {
    try (var spot = new BinanceSpotPath(testKit, "oco")) {
      FakeBinance binance = spot.binance;
      OrderPathRig path = spot.path;

      String id = "oco-b1";
      ActorRef<Bot.Command> bot = spot.enter(id);
      ProtectiveOrder oco = path.awaitOco(bot, "BTC", "0.03", "45000", "41000");
      // its id: the bot's next (2), or the one after when the guardian denied it before its ledger had the entry's fill
      assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
      assertEquals(Optional.of("LIMIT_MAKER=NEW STOP_LOSS=NEW"), binance.listStatusOf(oco.clientOrderId()),
          "both legs rest at Binance");
      assertEquals(0, bd("0.03").compareTo(binance.locked("BTC")), "the list holds the 0.03 BTC once");

      testKit.stop(bot); // no bot runs: only the order list at Binance protects
      binance.quote(bd("45100"), bd("45120"));
      path.mark("BTC", "45110");
      path.awaitTrue(() -> binance.listStatusOf(oco.clientOrderId()).equals(Optional.of("LIMIT_MAKER=FILLED STOP_LOSS=EXPIRED")),
          () -> "the target filled and the stop expired at Binance: " + binance.listStatusOf(oco.clientOrderId()));

      // bought 0.03 at the ask 42,010; the target leg (a resting LIMIT_MAKER) sold at 45,000; the fake charges nothing
      BigDecimal perTrade = bd("89.70");
      path.awaitClosedAtVenue(path.restartProtected(id), "OCO target " + oco.clientOrderId(), perTrade);
      List<ClientOrderId> placed = binance.placements();
      assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the order list, once each");
      assertEquals(placed.size(), new HashSet<>(placed).size());
      System.out.printf("binance oco: entry at 42010, OCO %s (stop 41000, target 45000) resting as one list;"
          + " target filled at 45000 while the bot was stopped, at Binance %s; P&L %s%n", oco.clientOrderId(),
          binance.listStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
    }
  }
}
