package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
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
  private static final String SECRET = "binance-oco-test-secret-0123456789";
  private static final String KEY = "oco-key";
  private static final String API_SECRET = "oco-api-secret";
  private static final String VENUE = "binance-oco";
  private FakeBinance binance;

  BinanceOcoOrderPathTest() {
    super("binance-oco");
  }

  @AfterAll
  void closeBinance() {
    if (binance != null) binance.close();
  }

  @Test
  void theStopAndTargetRestAsOneOcoAtBinanceTheTargetFillsTheStopExpiresAndTheBotSettlesToTheCent() throws Exception {
    binance = new FakeBinance(KEY, API_SECRET);
    binance.balance("USDT", bd("10000"));
    binance.quote(bd("41990"), bd("42010"));
    var adapter = new BinanceSpotAdapter(new BinanceSettings(VENUE, VenueMode.PAPER, "oco-account", binance.restUri(),
        binance.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofSeconds(2), null, Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5)), BinanceCredentials.of(KEY, API_SECRET));
    var path = OrderPathRig.builder(testKit).secret(SECRET).guardianId("guardian-oco").venue(VENUE, adapter).build();
    path.mark("BTC", "42000");
    // the fleet gives each bot its venue's capabilities: Binance spot sends a native OCO
    var style = new ProtectionStyle((v, symbol) -> BinanceSpotAdapter.CAPABILITIES, null);

    String id = "oco-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(style));
    path.create(bot, id, "crypto_momentum");
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, oco.role());
    Order o = oco.order();
    // its id: the bot's next (2), or the one after when the guardian denied it before its ledger had the entry's fill
    assertEquals(new Order(oco.clientOrderId(), VENUE, "BTC", Side.SELL, OrderType.OCO, bd("0.03"), bd("45000"),
        bd("41000"), TimeInForce.GTC, true), new Order(o.clientOrderId(), o.venue(), o.symbol(), o.side(), o.type(),
        o.quantity().stripTrailingZeros(), o.limitPrice(), o.stopPrice(), o.timeInForce(), o.reduceOnly()),
        "one reduce-only OCO for the whole position");
    assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
    assertEquals(Optional.of("LIMIT_MAKER=NEW STOP_LOSS=NEW"), binance.listStatusOf(oco.clientOrderId()),
        "both legs rest at Binance");
    assertEquals(0, bd("0.03").compareTo(binance.locked("BTC")), "the list holds the 0.03 BTC once");

    testKit.stop(bot); // no bot runs: only the order list at Binance protects
    binance.quote(bd("45100"), bd("45120"));
    path.mark("BTC", "45110");
    path.awaitTrue(() -> binance.listStatusOf(oco.clientOrderId()).equals(Optional.of("LIMIT_MAKER=FILLED STOP_LOSS=EXPIRED")),
        () -> "the target filled and the stop expired at Binance: " + binance.listStatusOf(oco.clientOrderId()));

    ActorRef<Bot.Command> again = path.addBot(id, "bot-" + id + "-again", protectedBy(style));
    BotState after = path.awaitState(again, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 0.03 at the ask 42,010; the target leg (a resting LIMIT_MAKER) sold at 45,000; the fake charges nothing
    BigDecimal perTrade = bd("89.70");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by OCO target " + oco.clientOrderId()),
        after.data().lastOutcome().reason());
    path.awaitGuardian(status -> {
      assertEquals(0, perTrade.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
    });
    List<ClientOrderId> placed = binance.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the order list, once each");
    assertEquals(placed.size(), new HashSet<>(placed).size());
    System.out.printf("binance oco: entry at 42010, OCO %s (stop 41000, target 45000) resting as one list;"
        + " target filled at 45000 while the bot was stopped, at Binance %s; P&L %s%n", oco.clientOrderId(),
        binance.listStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
    adapter.close();
  }

  /** The bot's settings: its protection resting at the venue, in {@code style}. */
  private static UnaryOperator<BotSettings> protectedBy(ProtectionStyle style) {
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }
}
