package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.kraken.FakeKraken;
import io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * A trade's stop and target on Kraken spot, on the real order path (bot, risk guardian, venue actor,
 * {@link KrakenSpotAdapter} against {@link FakeKraken}). Kraken spot has no OCO and no reduce-only, and an open sell
 * holds the bitcoin it would sell (BalanceEx {@code hold_trade}): a target resting beside the stop would need the same
 * 0.03 BTC twice and be refused ({@code EOrder:Insufficient funds}). So only the stop rests at Kraken and the target is
 * virtual: when the price crosses it, position management asks the bot to close, the close is refused for the balance
 * the stop holds, the bot cancels the stop and closes. When the price falls through the stop instead, Kraken's stop
 * fills, while the bot is down (the bot back settles the trade flat) or while it runs (it settles as it hears the
 * fill). Either way the bot's P&amp;L is the guardian's, and nothing rests or is held at Kraken afterwards.
 */
class KrakenSpotProtectionTest extends OrderPathTestBase {
  private static final String VENUE = "kraken-spot";

  KrakenSpotProtectionTest() {
    super("kraken-spot-protection");
  }

  @Test
  void theStopRestsTheTargetIsVirtualAndACrossOfTheTargetCancelsTheStopAndClosesFlat() throws Exception {
    try (var venue = new KrakenRig("kt")) {
      ActorRef<Bot.Command> bot = venue.enter();

      venue.price("45100", "45120");
      // what position management does on a bar through a target that does not rest at the venue (VenueStops)
      TestProbe<Bot.Ack> asked = testKit.createTestProbe();
      bot.tell(new Bot.ClosePosition("target 45000 hit (position management)", asked.ref()));
      assertInstanceOf(Bot.Accepted.class, asked.receiveMessage(Duration.ofSeconds(10)));

      BotState after = venue.path.awaitIdle(bot);
      // the close went once beside the stop and was refused for the BTC it holds; the stop was cancelled, the close sent again
      assertTrue(!venue.kraken.refusedOrders().isEmpty() && venue.kraken.refusedOrders().stream()
          .allMatch("EOrder:Insufficient funds"::equals), "refused: " + venue.kraken.refusedOrders());
      assertTrue(after.data().lastOutcome().reason().startsWith("position closed by"), after.data().lastOutcome().reason());
      // bought 0.03 at the ask 42,010, sold at the bid 45,100: +92.70 (the fake charges nothing)
      venue.settled(after, bd("45100"), "target", bd("92.70"));
    }
  }

  @Test
  void theStopRestingAtKrakenFillsWhileTheBotIsDownAndTheBotBackSettlesFlat() throws Exception {
    try (var venue = new KrakenRig("ks")) {
      ActorRef<Bot.Command> bot = venue.enter();

      testKit.stop(bot); // only the stop at Kraken protects
      venue.price("40900", "40920");
      venue.path.awaitTrue(() -> venue.kraken.openOrders().isEmpty(), () -> "the stop fills at Kraken: "
          + venue.kraken.openOrders());

      venue.stoppedOut(venue.path.restartProtected(venue.id));
    }
  }

  @Test
  void theStopRestingAtKrakenFillsWhileTheBotRunsAndTheBotSettlesFlatAsItHearsTheFill() throws Exception {
    try (var venue = new KrakenRig("ku")) {
      ActorRef<Bot.Command> bot = venue.enter();

      venue.price("40900", "40920");
      venue.stoppedOut(bot);
    }
  }

  /** A fake Kraken account (10,000 USD, BTC quoted 41,990 / 42,010), its adapter and an order path on it. */
  private final class KrakenRig implements AutoCloseable {
    final String id;
    final FakeKraken kraken = new FakeKraken();
    final KrakenSpotAdapter adapter = kraken.adapter(VENUE, "kraken-account", Duration.ofMillis(500));
    final OrderPathRig path;

    KrakenRig(String botId) throws Exception {
      this.id = botId;
      kraken.balance(FakeKraken.QUOTE, bd("10000"));
      kraken.quote(bd("41990"), bd("42010"));
      path = OrderPathRig.builder(testKit).secret("kraken-spot-test-secret-0123456789").guardianId("guardian-" + botId)
          .venue(VENUE, adapter).name(botId).build();
      path.mark("BTC", "42000");
    }

    /** A long 0.03 BTC entered at market (stop 41,000, target 45,000): only the stop rests at Kraken. */
    ActorRef<Bot.Command> enter() throws InterruptedException {
      // protection chosen from Kraken spot's capabilities (as the fleet gives them)
      ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, path.protectedAtVenue());
      path.create(bot, id, "crypto_momentum");
      path.enterLong(bot, id, "BTC", "42000", "41000", "45000");
      BotState held = path.awaitProtected(bot, 1);
      ProtectiveOrder stop = held.data().protection().get(0);
      assertEquals(ProtectiveOrder.Role.STOP, stop.role(), "the stop rests, not the target: " + held.data().protection());
      assertEquals(OrderType.STOP, stop.order().type());
      // (the venue actor's SUBMITTED counts as accepted: a place that failed to connect is still on its way)
      path.awaitTrue(() -> kraken.openOrders().equals(List.of("sell 0.03 XBTUSD @ stop-loss 41000")),
          () -> "one order rests at Kraken: " + kraken.openOrders());
      assertEquals(0, bd("0.03").compareTo(kraken.holdTrade(FakeKraken.BASE)), "the stop holds the 0.03 BTC");
      assertEquals(0, bd("45000").compareTo(held.data().openTrade().target()), "the target is the trade's, virtual");
      // the retry timer (every 500 ms) would place a target it counted as missing: none goes, none is refused
      Thread.sleep(1_500);
      assertEquals(List.of(), kraken.refusedOrders(), "Kraken refused nothing");
      assertEquals(List.of(ClientOrderId.of(id, 1), stop.clientOrderId()), kraken.placements(), "the entry and the stop");
      assertEquals(List.of(stop), path.awaitState(bot, s -> true).data().protection(), "still the stop alone");
      return bot;
    }

    /** Quotes Kraken at {@code bid} / {@code ask} and marks the guardian at the mid. */
    void price(String bid, String ask) {
      kraken.quote(bd(bid), bd(ask));
      path.mark("BTC", bd(bid).add(bd(ask)).divide(BigDecimal.valueOf(2)).toPlainString());
    }

    /** {@code bot} settled by the stop Kraken filled, nothing refused. */
    void stoppedOut(ActorRef<Bot.Command> bot) {
      BotState after = path.awaitIdle(bot);
      assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by stop"),
          after.data().lastOutcome().reason());
      assertEquals(List.of(), kraken.refusedOrders(), "Kraken refused nothing");
      // bought 0.03 at the ask 42,010; the stop triggered at the bid 40,900 and sold there: -33.30
      settled(after, bd("40900"), "stop", bd("-33.30"));
    }

    /** Flat at the venue and in the bot, nothing resting or held, the bot's P&L the guardian ledger's. */
    void settled(BotState after, BigDecimal price, String by, BigDecimal pnl) {
      assertTrue(after.data().isFlat(), "flat: " + after.data().position());
      assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
      path.awaitLedger(pnl);
      assertEquals(List.of(), kraken.openOrders(), "nothing rests at Kraken");
      assertEquals(0, BigDecimal.ZERO.compareTo(kraken.balanceOf(FakeKraken.BASE)), "no bitcoin left");
      assertEquals(0, BigDecimal.ZERO.compareTo(kraken.holdTrade(FakeKraken.BASE)), "nothing held");
      var closing = path.fills.get(path.fills.size() - 1);
      assertEquals(0, price.compareTo(closing.price()), "closed at " + closing.price());
      var placed = kraken.placements();
      assertEquals(placed.size(), new HashSet<>(placed).size(), "no client order id sent twice: " + placed);
      System.out.printf("kraken spot protection: stop resting, target virtual; closed at %s by %s; P&L %s%n",
          closing.price().stripTrailingZeros().toPlainString(), by,
          after.data().tradeRealizedPnl().setScale(2, RoundingMode.HALF_UP).toPlainString());
    }

    @Override
    public void close() throws Exception {
      adapter.close();
      kraken.close();
    }
  }
}
