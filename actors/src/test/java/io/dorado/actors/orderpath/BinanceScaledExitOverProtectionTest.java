package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A scaled exit of a position whose protection rests at Binance spot. The OCO holds the whole position's BTC
 * (rest-api.md: a resting sell locks its quantity), so the reduction's market sell is refused with -2010 "Account has
 * insufficient balance for requested action." The bot makes room (Binance can neither shrink an order list nor rest a
 * second one beside it on the same BTC): it cancels the OCO, sends the reduction again once the OCO is off the venue,
 * and rests the same stop and target again for what is left. Without it the scale-out was lost: the position stayed
 * whole beside its OCO.
 */
class BinanceScaledExitOverProtectionTest extends OrderPathTestBase {
  private static final String KEY = "scale-key";
  private static final String API_SECRET = "scale-api-secret";
  private static final String VENUE = "binance-scale";
  private FakeBinance binance;

  BinanceScaledExitOverProtectionTest() {
    super("binance-scale");
  }

  @AfterAll
  void closeBinance() {
    if (binance != null) binance.close();
  }

  @Test
  void aReductionRefusedForTheBalanceItsProtectionHoldsMakesRoomReducesAndRestsTheProtectionForTheRest() throws Exception {
    binance = new FakeBinance(KEY, API_SECRET);
    binance.balance("USDT", bd("100000"));
    binance.quote(bd("4199"), bd("4201"));
    var adapter = new BinanceSpotAdapter(new BinanceSettings(VENUE, VenueMode.PAPER, "scale-account", binance.restUri(),
        binance.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofSeconds(2), null, Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5)), BinanceCredentials.of(KEY, API_SECRET));
    var path = OrderPathRig.builder(testKit).secret("binance-scale-test-secret-0123456789").guardianId("guardian-scale")
        .venue(VENUE, adapter).build();
    path.mark("BTC", "4200"); // a whole BTC at 4,200 is 4.2% of the guardian's 100,000: inside its concentration limit
    var style = new ProtectionStyle((v, symbol) -> BinanceSpotAdapter.CAPABILITIES, null);

    String id = "scale-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, s -> s.withProtectiveOrders(true).withProtectionStyle(style));
    path.create(bot, id, "crypto_momentum", BigDecimal.ONE);
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("4200"), bd("4100"), bd("4500"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder first = held.data().protection().get(0);
    assertEquals(0, BigDecimal.ONE.compareTo(binance.locked("BTC")), "the OCO holds the whole 1.0 BTC");

    binance.quote(bd("4299"), bd("4301"));
    path.mark("BTC", "4300");
    TestProbe<Bot.Ack> asked = testKit.createTestProbe();
    bot.tell(new Bot.ReducePosition("t/scale-1", bd("0.5"), "1R", asked.ref()));
    assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

    BotState after = path.awaitState(bot, s -> s.phase() == Phase.MONITORING
        && s.data().position().quantity().compareTo(bd("0.5")) == 0
        && s.data().protection().size() == 1 && s.data().protection().get(0).accepted());
    ProtectiveOrder rest = after.data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, rest.role());
    assertEquals(0, bd("0.5").compareTo(rest.order().quantity()), "the protection rests for what is left: " + rest);
    assertEquals(0, bd("4100").compareTo(rest.order().stopPrice()), "at the same stop");
    assertEquals(0, bd("4500").compareTo(rest.order().limitPrice()), "and the same target");
    assertEquals(Optional.of("LIMIT_MAKER=CANCELED STOP_LOSS=CANCELED"), binance.listStatusOf(first.clientOrderId()),
        "the first OCO was cancelled to make room");
    assertEquals(0, bd("0.5").compareTo(binance.locked("BTC")), "the new OCO holds the 0.5 BTC left");
    assertEquals(0, BigDecimal.ZERO.compareTo(binance.free("BTC")), "nothing over-sold, nothing unprotected");
    // bought 1.0 at the ask 4,201, sold 0.5 at the bid 4,299: +49; the fake charges nothing
    BigDecimal pnl = after.data().tradeRealizedPnl();
    assertEquals(0, bd("49").compareTo(pnl), "P&L " + pnl);
    path.awaitGuardian(status -> {
      assertEquals(0, bd("49").compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertTrue(status.positions().values().stream().allMatch(q -> q.compareTo(bd("0.5")) == 0)
          && status.positions().size() == 1, "guardian ledger position " + status.positions());
    });
    var placed = binance.placements();
    assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
    System.out.printf("scaled exit over protection: reduced 0.5 of 1.0, protection resting for %s; P&L %s (placed %s)%n",
        rest.order().quantity().stripTrailingZeros().toPlainString(), pnl.stripTrailingZeros().toPlainString(), placed);
    adapter.close();
  }
}
