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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Closing (or scaling out of) a position whose protection rests at Binance spot. Spot has no reduce-only: a resting
 * sell holds the BTC it would sell (rest-api.md: "Account has insufficient balance for requested action", -2010), so
 * the exit's own market sell is refused while the stop/target OCO holds the balance. The bot then cancels its
 * protection and sends the exit again: a close closes the position, not left CLOSING forever beside a stop that would
 * never let it go; a scaled exit sells its part and rests the same stop and target again for what is left (Binance can
 * neither shrink an order list nor rest a second one beside it on the same BTC).
 */
class BinanceCloseOverProtectionTest extends OrderPathTestBase {
  private static final String KEY = "close-key";
  private static final String API_SECRET = "close-api-secret";
  private final List<FakeBinance> fakes = new ArrayList<>();

  BinanceCloseOverProtectionTest() {
    super("binance-close");
  }

  @AfterAll
  void closeBinance() {
    fakes.forEach(FakeBinance::close);
  }

  /** A fake Binance holding {@code usdt}, quoted {@code bid}/{@code ask}, and the order path on it as {@code venue}. */
  private record OnBinance(FakeBinance binance, BinanceSpotAdapter adapter, OrderPathRig path, ProtectionStyle style) {}

  private OnBinance onBinance(String venue, String usdt, String bid, String ask) throws Exception {
    var binance = new FakeBinance(KEY, API_SECRET);
    fakes.add(binance);
    binance.balance("USDT", bd(usdt));
    binance.quote(bd(bid), bd(ask));
    var adapter = new BinanceSpotAdapter(new BinanceSettings(venue, VenueMode.PAPER, venue + "-account", binance.restUri(),
        binance.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofSeconds(2), null, Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5)), BinanceCredentials.of(KEY, API_SECRET));
    var path = OrderPathRig.builder(testKit).secret(venue + "-test-secret-0123456789").guardianId("guardian-" + venue)
        .venue(venue, adapter).build();
    return new OnBinance(binance, adapter, path, new ProtectionStyle((v, symbol) -> BinanceSpotAdapter.CAPABILITIES, null));
  }

  @Test
  void aCloseRefusedForTheBalanceItsOwnProtectionHoldsCancelsTheProtectionAndClosesThePosition() throws Exception {
    var on = onBinance("binance-close", "10000", "41990", "42010");
    var binance = on.binance();
    var path = on.path();
    path.mark("BTC", "42000");

    String id = "close-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(on.style()));
    path.create(bot, id, "crypto_momentum");
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    // "accepted" may be the venue actor's SUBMITTED status (a slow placement asked about again): await the fake's hold
    path.awaitTrue(() -> bd("0.03").compareTo(binance.locked("BTC")) == 0, () -> "the OCO holds the whole 0.03 BTC: "
        + binance.locked("BTC"));

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
    on.adapter().close();
  }

  @Test
  void aReductionRefusedForTheBalanceItsProtectionHoldsMakesRoomReducesAndRestsTheProtectionForTheRest() throws Exception {
    var on = onBinance("binance-scale", "100000", "4199", "4201");
    var binance = on.binance();
    var path = on.path();
    path.mark("BTC", "4200"); // a whole BTC at 4,200 is 4.2% of the guardian's 100,000: inside its concentration limit

    String id = "scale-b1";
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(on.style()));
    path.create(bot, id, "crypto_momentum", BigDecimal.ONE);
    path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("4200"), bd("4100"), bd("4500"),
        "test", Instant.now()));
    BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder first = held.data().protection().get(0);
    path.awaitTrue(() -> BigDecimal.ONE.compareTo(binance.locked("BTC")) == 0, () -> "the OCO holds the whole 1.0 BTC: "
        + binance.locked("BTC")); // "accepted" may be the venue actor's SUBMITTED status, as above

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
    path.awaitTrue(() -> bd("0.5").compareTo(binance.locked("BTC")) == 0, () -> "the new OCO holds the 0.5 BTC left: "
        + "locked " + binance.locked("BTC") + ", free " + binance.free("BTC") + ", placed " + binance.placements() + ", new OCO "
        + binance.listStatusOf(rest.clientOrderId()) + ", bot " + after);
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
    on.adapter().close();
  }

  private static UnaryOperator<BotSettings> protectedBy(ProtectionStyle style) {
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }
}
