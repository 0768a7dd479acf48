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
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Binance spot rejects a trade's OCO order list (here the symbol does not take OCO: -2010 "OCO orders are not supported
 * for this symbol", errors.md). The bot falls back to its stop and target apart, but on Binance an open sell locks the BTC it would
 * sell ({@code free} → {@code locked}): a target beside the stop would be refused -2010 "Account has insufficient balance
 * for requested action.". So only the stop goes, the target stays virtual; a cross of it closes the trade flat (the
 * close refused once for the stop's locked BTC, the stop cancelled, the close sent again), the bot's P&amp;L the guardian's.
 */
class BinanceOcoRejectedProtectionTest extends OrderPathTestBase {
  private static final String KEY = "oco-rejected-key";
  private static final String API_SECRET = "oco-rejected-api-secret";
  private static final String VENUE = "binance-oco-rejected";
  private FakeBinance binance;

  BinanceOcoRejectedProtectionTest() {
    super("binance-oco-rejected");
  }

  @AfterAll
  void closeBinance() {
    if (binance != null) binance.close();
  }

  @Test
  void anOcoBinanceRejectsLeavesTheStopRestingAloneAndTheTargetVirtualAndACrossOfItClosesFlat() throws Exception {
    binance = new FakeBinance(KEY, API_SECRET);
    binance.balance("USDT", bd("10000"));
    binance.quote(bd("41990"), bd("42010"));
    binance.ocoAllowed(false); // exchangeInfo "ocoAllowed": false
    var adapter = new BinanceSpotAdapter(new BinanceSettings(VENUE, VenueMode.PAPER, "oco-rejected-account",
        binance.restUri(), binance.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofSeconds(2), null,
        Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5)), BinanceCredentials.of(KEY, API_SECRET));
    var path = OrderPathRig.builder(testKit).secret("binance-oco-rejected-secret-0123456789")
        .guardianId("guardian-oco-rejected").venue(VENUE, adapter).build();
    path.mark("BTC", "42000");
    var style = new ProtectionStyle((v, symbol) -> BinanceSpotAdapter.CAPABILITIES, null);

    String id = "ocorej-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(style));
    path.create(bot, id, "crypto_momentum");
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45500"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted() && s.data().protection().get(0).role() == ProtectiveOrder.Role.STOP);
    ProtectiveOrder stop = held.data().protection().get(0);
    assertEquals(OrderType.STOP, stop.order().type());
    assertEquals(List.of("/api/v3/orderList/oco -2010 OCO orders are not supported for this symbol"), binance.refusedOrders(),
        "the OCO was rejected");
    path.awaitTrue(() -> bd("0.03").compareTo(binance.locked("BTC")) == 0 && binance.free("BTC").signum() == 0,
        () -> "the stop locks the whole 0.03 BTC: locked " + binance.locked("BTC") + ", free " + binance.free("BTC"));
    // the retry timer (every 500 ms) would place a target it counted as missing, or the OCO again: neither goes
    Thread.sleep(1_500);
    assertEquals(1, binance.refusedOrders().size(), "nothing refused but the OCO: " + binance.refusedOrders());
    assertEquals(List.of(ClientOrderId.of(id, 1), stop.clientOrderId()), binance.placements(), "the entry and the stop");
    BotState still = path.awaitState(bot, s -> true);
    assertEquals(List.of(stop), still.data().protection(), "still the stop alone");
    assertEquals(0, bd("45500").compareTo(still.data().openTrade().target()), "the target is the trade's, virtual");

    binance.quote(bd("45600"), bd("45620"));
    path.mark("BTC", "45610");
    // what position management does on a bar through a target that does not rest at the venue (VenueStops)
    TestProbe<Bot.Ack> asked = testKit.createTestProbe();
    bot.tell(new Bot.ClosePosition("target 45500 hit (position management)", asked.ref()));
    assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

    BotState after = path.awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    assertTrue(after.data().isFlat(), "flat: " + after.data().position());
    assertTrue(binance.refusedOrders().stream().skip(1).allMatch(r -> r.equals(
        "/api/v3/order -2010 Account has insufficient balance for requested action.")),
        "the close refused only for the stop's locked BTC: " + binance.refusedOrders());
    assertEquals(0, BigDecimal.ZERO.compareTo(binance.locked("BTC")), "nothing locks BTC any more");
    assertEquals(0, BigDecimal.ZERO.compareTo(binance.free("BTC")), "no bitcoin left");
    // bought 0.03 at the ask 42,010, sold at the bid 45,600: +107.70; the fake charges nothing
    BigDecimal pnl = bd("107.70");
    assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    path.awaitGuardian(status -> {
      assertEquals(0, pnl.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
    });
    var placed = binance.placements();
    assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
    var closing = path.fills.get(path.fills.size() - 1);
    System.out.printf("binance oco rejected: stop resting alone, target virtual; closed at %s by target; P&L %s%n",
        closing.price().stripTrailingZeros().toPlainString(),
        after.data().tradeRealizedPnl().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
    adapter.close();
  }

  private static UnaryOperator<BotSettings> protectedBy(ProtectionStyle style) {
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }
}
