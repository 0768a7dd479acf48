package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.bot.ProtectionStyle;
import io.dorado.actors.orderpath.venue.binance.BinanceCredentials;
import io.dorado.actors.orderpath.venue.binance.BinanceSettings;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.binance.FakeBinance;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Closing a position whose protection rests at Binance spot. Spot has no reduce-only: a resting sell holds the BTC it
 * would sell (rest-api.md: "Account has insufficient balance for requested action", -2010), so the close's own market
 * sell is refused while the stop/target OCO holds the balance. The bot then cancels its protection and sends the close
 * again: the position is closed, not left CLOSING forever beside a stop that would never let it go.
 */
class BinanceCloseOverProtectionTest extends OrderPathTestBase {
  private static final String KEY = "close-key";
  private static final String API_SECRET = "close-api-secret";
  private static final String VENUE = "binance-close";
  private FakeBinance binance;

  BinanceCloseOverProtectionTest() {
    super("binance-close");
  }

  @AfterAll
  void closeBinance() {
    if (binance != null) binance.close();
  }

  @Test
  void aCloseRefusedForTheBalanceItsOwnProtectionHoldsCancelsTheProtectionAndClosesThePosition() throws Exception {
    binance = new FakeBinance(KEY, API_SECRET);
    binance.balance("USDT", bd("10000"));
    binance.quote(bd("41990"), bd("42010"));
    var adapter = new BinanceSpotAdapter(new BinanceSettings(VENUE, VenueMode.PAPER, "close-account", binance.restUri(),
        binance.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofSeconds(2), null, Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5)), BinanceCredentials.of(KEY, API_SECRET));
    var path = OrderPathRig.builder(testKit).secret("binance-close-test-secret-0123456789").guardianId("guardian-close")
        .venue(VENUE, adapter).build();
    path.mark("BTC", "42000");
    var style = new ProtectionStyle((v, symbol) -> BinanceSpotAdapter.CAPABILITIES, null);

    String id = "close-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(style));
    path.create(bot, id, "crypto_momentum");
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    assertEquals(0, bd("0.03").compareTo(binance.locked("BTC")), "the OCO holds the whole 0.03 BTC");

    binance.quote(bd("42990"), bd("43010"));
    path.mark("BTC", "43000");
    TestProbe<Bot.Ack> asked = testKit.createTestProbe();
    bot.tell(new Bot.ClosePosition("operator close", asked.ref()));
    assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

    BotState after = path.awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    assertTrue(after.data().isFlat(), "flat: " + after.data().position());
    assertEquals(Optional.of("LIMIT_MAKER=CANCELED STOP_LOSS=CANCELED"), binance.listStatusOf(oco.clientOrderId()),
        "the OCO was cancelled at Binance");
    assertEquals(0, BigDecimal.ZERO.compareTo(binance.locked("BTC")), "nothing holds BTC any more");
    // bought 0.03 at the ask 42,010, sold at the bid 42,990: +29.40; the fake charges nothing
    assertEquals(0, bd("29.40").compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    path.awaitGuardian(status -> {
      assertEquals(0, bd("29.40").compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
    });
    var placed = binance.placements();
    assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
    System.out.printf("binance close over protection: %s placed %s; OCO %s cancelled first, P&L %s%n", id, placed,
        oco.clientOrderId(), after.data().tradeRealizedPnl().toPlainString());
    adapter.close();
  }

  private static UnaryOperator<BotSettings> protectedBy(ProtectionStyle style) {
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }
}
