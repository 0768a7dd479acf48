package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.bot.ProtectionStyle;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.alpaca.FakeAlpaca;
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
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * A trade's stop and target on Alpaca crypto ({@code BTC/USD}), on the real order path (bot, risk guardian, venue actor,
 * {@link AlpacaAdapter} against {@link FakeAlpaca}). Alpaca crypto takes no stop-market order and no order class, and an
 * open sell holds the coins it would sell (the position's {@code qty_available}, "Total number of shares available minus
 * open orders"): a target resting beside the stop would need the same 0.03 BTC twice and be refused (403 insufficient
 * balance). So only a stop-limit rests at Alpaca and the target is virtual: when the price crosses it, position
 * management asks the bot to close, the close is refused for the coins the stop holds, the bot cancels the stop and
 * closes flat, its P&amp;L the guardian's. Without the flag the target goes beside the stop and Alpaca refuses it.
 */
class AlpacaCryptoProtectionTest extends OrderPathTestBase {
  private static final String VENUE = "alpaca-crypto";

  AlpacaCryptoProtectionTest() {
    super("alpaca-crypto-protection");
  }

  @Test
  void theStopLimitRestsAloneTheTargetIsVirtualAndACrossOfTheTargetCancelsTheStopAndClosesFlat() throws Exception {
    try (var venue = new AlpacaRig("ac", AlpacaAdapter.capabilitiesFor(FakeAlpaca.ALPACA_SYMBOL))) {
      ActorRef<Bot.Command> bot = venue.enter();

      venue.alpaca.quote(bd("45100"), bd("45120"));
      venue.path.mark("BTC", "45110");
      // what position management does on a bar through a target that does not rest at the venue (VenueStops)
      TestProbe<Bot.Ack> asked = testKit.createTestProbe();
      bot.tell(new Bot.ClosePosition("target 45000 hit (position management)", asked.ref()));
      assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

      BotState after = venue.path.awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
      // the close went once beside the stop and was refused for the BTC it holds; the stop was cancelled, the close sent again
      assertTrue(!venue.alpaca.refusedOrders().isEmpty() && venue.alpaca.refusedOrders().stream()
          .allMatch(r -> r.startsWith("403 insufficient balance for BTC")), "refused: " + venue.alpaca.refusedOrders());
      assertTrue(after.data().lastOutcome().reason().startsWith("position closed by"), after.data().lastOutcome().reason());
      // bought 0.03 at the ask 42,010, sold at the bid 45,100: +92.70 (the fake reports no commission)
      venue.settled(after, bd("45100"), bd("92.70"));
    }
  }

  @Test
  void withoutTheFlagTheTargetGoesBesideTheStopAndAlpacaRefusesItForTheHeldQuantity() throws Exception {
    var unflagged = new VenueCapabilities(false, true, false, false); // crypto as before: exits hold nothing
    try (var venue = new AlpacaRig("an", unflagged)) {
      ActorRef<Bot.Command> bot = venue.path.addBot(venue.id, "bot-" + venue.id, protectedBy(unflagged));
      venue.signal(bot);
      venue.path.awaitTrue(() -> venue.alpaca.refusedOrders().stream()
          .anyMatch(r -> r.startsWith("403 insufficient balance for BTC")), () -> "Alpaca refuses the target beside the "
          + "stop: " + venue.alpaca.refusedOrders() + ", open " + venue.alpaca.openOrders());
      System.out.println("alpaca crypto without exits_hold_balance: refused " + venue.alpaca.refusedOrders().get(0));
    }
  }

  /** The bot's settings: protective orders on, chosen from {@code caps} (as the fleet gives them). */
  private static UnaryOperator<BotSettings> protectedBy(VenueCapabilities caps) {
    var style = new ProtectionStyle((v, symbol) -> caps, null);
    return s -> s.withProtectiveOrders(true).withProtectionStyle(style);
  }

  /** A fake Alpaca crypto account (10,000 USD, BTC/USD quoted 41,990 / 42,010), its adapter and an order path on it. */
  private final class AlpacaRig implements AutoCloseable {
    final String id;
    final VenueCapabilities caps;
    final FakeAlpaca alpaca = new FakeAlpaca();
    final AlpacaAdapter adapter;
    final OrderPathRig path;

    AlpacaRig(String botId, VenueCapabilities caps) throws Exception {
      this.id = botId;
      this.caps = caps;
      alpaca.balance(FakeAlpaca.QUOTE, bd("10000"));
      alpaca.quote(bd("41990"), bd("42010"));
      var settings = AlpacaAdapter.Settings.paper().withEndpoints(alpaca.restBase(), alpaca.streamUrl())
          .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
      var limiter = VenueRateLimiter.create(VENUE, List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000,
          Duration.ofSeconds(1))), Duration.ofSeconds(5));
      adapter = new AlpacaAdapter(VENUE, "alpaca-crypto-account", VenueMode.BROKER_PAPER,
          VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), settings,
          Map.of(FakeAlpaca.SYMBOL, FakeAlpaca.ALPACA_SYMBOL), limiter, Clock.systemUTC());
      path = OrderPathRig.builder(testKit).secret("alpaca-crypto-test-secret-0123456789").guardianId("guardian-" + botId)
          .venue(VENUE, adapter).name(botId).build();
      path.mark("BTC", "42000");
    }

    void signal(ActorRef<Bot.Command> bot) {
      path.create(bot, id, "crypto_momentum");
      path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"),
          bd("45000"), "test", Instant.now()));
    }

    /** A long 0.03 BTC entered at market (stop 41,000, target 45,000): only the stop-limit rests at Alpaca. */
    ActorRef<Bot.Command> enter() throws InterruptedException {
      ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, protectedBy(caps));
      signal(bot);
      BotState held = path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
          && s.data().protection().get(0).accepted());
      ProtectiveOrder stop = held.data().protection().get(0);
      assertEquals(ProtectiveOrder.Role.STOP, stop.role(), "the stop rests, not the target: " + held.data().protection());
      assertEquals(OrderType.STOP_LIMIT, stop.order().type(), "Alpaca crypto has no stop-market order");
      // the limit 0.5 % under the stop (ProtectionStyle's default offset), so a gap through 41,000 still fills
      path.awaitTrue(() -> alpaca.openOrders().equals(List.of("sell 0.03 BTC/USD stop_limit stop 41000 limit 40795")),
          () -> "one order rests at Alpaca: " + alpaca.openOrders());
      assertEquals(0, bd("0.03").compareTo(alpaca.heldQuantity()), "the stop holds the 0.03 BTC (qty_available 0)");
      assertEquals(0, bd("45000").compareTo(held.data().openTrade().target()), "the target is the trade's, virtual");
      // the retry timer (every 500 ms) would place a target it counted as missing: none goes, none is refused
      Thread.sleep(1_500);
      assertEquals(List.of(), alpaca.refusedOrders(), "Alpaca refused nothing");
      assertEquals(List.of(ClientOrderId.of(id, 1), stop.clientOrderId()), alpaca.placements(), "the entry and the stop");
      assertEquals(List.of(stop), path.awaitState(bot, s -> true).data().protection(), "still the stop alone");
      return bot;
    }

    /** Flat at the venue and in the bot, nothing resting or held, the bot's P&L the guardian ledger's. */
    void settled(BotState after, BigDecimal price, BigDecimal pnl) {
      assertTrue(after.data().isFlat(), "flat: " + after.data().position());
      assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
      path.awaitGuardian(status -> {
        assertEquals(0, pnl.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
        assertEquals(0, status.workingOrders(), "nothing left working");
      });
      assertEquals(List.of(), alpaca.openOrders(), "nothing rests at Alpaca");
      assertEquals(0, alpaca.position().signum(), "no bitcoin left: " + alpaca.position());
      assertEquals(0, alpaca.heldQuantity().signum(), "nothing held");
      var closing = path.fills.get(path.fills.size() - 1);
      assertEquals(0, price.compareTo(closing.price()), "closed at " + closing.price());
      var placed = alpaca.placements();
      assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
      System.out.printf("alpaca crypto protection: stop resting, target virtual; closed at %s by target; P&L %s%n",
          closing.price().stripTrailingZeros().toPlainString(),
          after.data().tradeRealizedPnl().setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    @Override
    public void close() throws Exception {
      adapter.close();
      alpaca.close();
    }
  }
}
