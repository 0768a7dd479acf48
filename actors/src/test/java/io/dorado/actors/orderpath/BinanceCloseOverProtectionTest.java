package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.binance.FakeBinance;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.ProtectiveOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * Closing a position whose protection rests at Binance spot. Spot has no reduce-only: a resting sell holds the BTC it
 * would sell (rest-api.md: "Account has insufficient balance for requested action", -2010), so the close's own market
 * sell is refused while the stop/target OCO holds the balance. The bot then cancels its protection and sends the close
 * again: the position is closed, not left CLOSING forever beside a stop that would never let it go.
 */
class BinanceCloseOverProtectionTest extends OrderPathTestBase {
  BinanceCloseOverProtectionTest() {
    super("binance-close");
  }

  @Test
  void aCloseRefusedForTheBalanceItsOwnProtectionHoldsCancelsTheProtectionAndClosesThePosition() throws Exception {
    try (var spot = new BinanceSpotPath(testKit, "close")) {
      FakeBinance binance = spot.binance;
      OrderPathRig path = spot.path;

      String id = "close-b1";
      ActorRef<Bot.Command> bot = spot.enter(id);
      BotState held = path.awaitProtected(bot, 1);
      ProtectiveOrder oco = held.data().protection().get(0);
      assertEquals(0, bd("0.03").compareTo(binance.locked("BTC")), "the OCO holds the whole 0.03 BTC");

      binance.quote(bd("42990"), bd("43010"));
      path.mark("BTC", "43000");
      TestProbe<Bot.Ack> asked = testKit.createTestProbe();
      bot.tell(new Bot.ClosePosition("operator close", asked.ref()));
      assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

      BotState after = path.awaitIdle(bot);
      assertTrue(after.data().isFlat(), "flat: " + after.data().position());
      assertEquals(Optional.of("LIMIT_MAKER=CANCELED STOP_LOSS=CANCELED"), binance.listStatusOf(oco.clientOrderId()),
          "the OCO was cancelled at Binance");
      assertEquals(0, BigDecimal.ZERO.compareTo(binance.locked("BTC")), "nothing holds BTC any more");
      // bought 0.03 at the ask 42,010, sold at the bid 42,990: +29.40; the fake charges nothing
      assertEquals(0, bd("29.40").compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
      path.awaitLedger(bd("29.40"));
      var placed = binance.placements();
      assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
      System.out.printf("binance close over protection: %s placed %s; OCO %s cancelled first, P&L %s%n", id, placed,
          oco.clientOrderId(), after.data().tradeRealizedPnl().toPlainString());
    }
  }
}
