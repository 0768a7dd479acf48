package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * A template's {@code order_type: limit} on the real order path (guardian, venue actor, paper venue): the entry rests at
 * the venue as a LIMIT order at the signal's price until the market comes to it, or until its time-out, when the bot
 * cancels it (persisted first) and is IDLE again; a part filled before the time-out stays the position. A bot stopped
 * while its limit rests reconciles with the venue when it comes back.
 */
class LimitEntryOrderPathTest extends OrderPathTestBase {
  private static final String SECRET = "limit-entry-test-secret-0123456789";

  LimitEntryOrderPathTest() {
    super("limit-entry-path");
  }

  @Test
  void aLimitEntryRestsAtTheVenueUntilThePriceComesToItAndFillsAtItsLimit() {
    var path = start("btc-l1");
    path.price("BTC", "41990", "42010");
    enterLong(path, "btc-l1", "41500", Duration.ofHours(1));
    BotState resting = path.awaitState(path.bot, LimitEntryOrderPathTest::resting);
    var order = working(resting).order();
    assertEquals(OrderType.LIMIT, order.type());
    assertEquals(0, bd("41500").compareTo(order.limitPrice()), "the limit is the signal's price");
    assertEquals(1, path.submits.size(), "the limit reached the venue through the guardian");
    assertEquals(OrderType.LIMIT, path.submits.get(0).ack().order().type());
    path.price("BTC", "41800", "41820"); // not there yet
    assertEquals(OrderStatus.WORKING, path.venueStatus(order.clientOrderId()).status());
    assertTrue(path.fills.isEmpty());

    path.price("BTC", "41480", "41495"); // the ask comes to the limit: filled, never above it
    BotState filled = path.awaitState(path.bot, s -> s.phase() == Phase.MONITORING);
    assertEquals(0, bd("0.03").compareTo(filled.data().position().quantity()));
    assertEquals(0, bd("41500").compareTo(filled.data().position().averagePrice()),
        "bought at the limit (the ask with 5 bps slippage would be 41515.7475)");
    System.out.printf("limit entry: resting at %s, filled %s at %s when the ask came to %s%n", order.limitPrice(),
        filled.data().position().quantity(), filled.data().position().averagePrice(), "41495");
  }

  @Test
  void aLimitEntryTheMarketNeverReachesIsCancelledAtItsTimeOutAndTheBotIsIdleAgain() {
    var path = start("btc-l2");
    path.price("BTC", "41990", "42010");
    enterLong(path, "btc-l2", "41000", Duration.ofSeconds(2));
    BotState resting = path.awaitState(path.bot, LimitEntryOrderPathTest::resting);
    ClientOrderId id = working(resting).order().clientOrderId();

    BotState idle = path.awaitState(path.bot, s -> s.phase() == Phase.IDLE);
    assertTrue(idle.data().position().isFlat());
    assertTrue(idle.data().lastOutcome().reason().contains("limit entry not filled within PT2S"),
        idle.data().lastOutcome().reason());
    var status = path.venueStatus(id);
    assertEquals(OrderStatus.CANCELLED, status.status(), "cancelled at the venue: " + status);
    assertTrue(status.reason().contains("limit entry not filled within PT2S"), status.reason());
    assertTrue(path.fills.isEmpty());
    System.out.printf("limit entry: %s cancelled at its time-out, bot %s: %s%n", id, idle.phase(),
        idle.data().lastOutcome().reason());
  }

  @Test
  void aPartFilledBeforeTheTimeOutIsKeptAsThePositionAndTheRestIsCancelled() {
    var path = start("btc-l3");
    path.price("BTC", "41990", "42010");
    enterLong(path, "btc-l3", "41000", Duration.ofSeconds(3));
    BotState resting = path.awaitState(path.bot, LimitEntryOrderPathTest::resting);
    ClientOrderId id = working(resting).order().clientOrderId();
    path.paper.fill(id, bd("0.01"), bd("41000")); // a counterparty takes a third of it at the limit

    BotState kept = path.awaitState(path.bot, s -> s.phase() == Phase.MONITORING);
    assertEquals(0, bd("0.01").compareTo(kept.data().position().quantity()), "the filled part is the position");
    assertTrue(kept.data().lastOutcome().reason().contains("filled 0.01 of 0.03, kept as the position"),
        kept.data().lastOutcome().reason());
    var status = path.venueStatus(id);
    assertEquals(OrderStatus.CANCELLED, status.status());
    assertEquals(0, bd("0.01").compareTo(status.filledQuantity()));
    System.out.printf("limit entry: %s timed out after a partial fill: position %s kept, the rest cancelled%n", id,
        kept.data().position().quantity());
  }

  @Test
  void aBotStoppedWhileItsLimitRestsLearnsOfTheFillFromTheVenueOnRestart() {
    var path = start("btc-l4");
    path.price("BTC", "41990", "42010");
    enterLong(path, "btc-l4", "41500", Duration.ofHours(1));
    path.awaitState(path.bot, LimitEntryOrderPathTest::resting);
    testKit.stop(path.bot); // the bot is gone; its limit rests at the venue

    path.price("BTC", "41480", "41495");
    ActorRef<Bot.Command> again = path.addBot("btc-l4", "bot-btc-l4-again", s -> s);
    BotState recovered = path.awaitState(again, s -> s.phase() == Phase.MONITORING);
    assertEquals(0, bd("0.03").compareTo(recovered.data().position().quantity()), "the fill made while down, from the venue");
  }

  @Test
  void aBotStoppedPastItsLimitsTimeOutCancelsItAtTheVenueOnRestart() throws Exception {
    var path = start("btc-l5");
    path.price("BTC", "41990", "42010");
    enterLong(path, "btc-l5", "41000", Duration.ofSeconds(2));
    BotState resting = path.awaitState(path.bot, LimitEntryOrderPathTest::resting);
    ClientOrderId id = working(resting).order().clientOrderId();
    testKit.stop(path.bot);
    Instant deadline = resting.data().openTrade().openedAt().plus(Duration.ofSeconds(2));
    while (Instant.now().isBefore(deadline.plusMillis(200))) Thread.sleep(50); // the time-out passes while it is down
    assertEquals(OrderStatus.WORKING, path.venueStatus(id).status(), "nothing cancels it while the bot is down");

    ActorRef<Bot.Command> again = path.addBot("btc-l5", "bot-btc-l5-again", s -> s);
    BotState idle = path.awaitState(again, s -> s.phase() == Phase.IDLE);
    assertTrue(idle.data().lastOutcome().reason().contains("limit entry not filled within PT2S"),
        idle.data().lastOutcome().reason());
    assertEquals(OrderStatus.CANCELLED, path.venueStatus(id).status());
    System.out.printf("limit entry: recovered past its time-out, %s cancelled at the venue, bot %s%n", id, idle.phase());
  }

  // ---------------------------------------------------------------- helpers

  private OrderPathRig start(String botId) {
    var path = OrderPathRig.builder(testKit).secret(SECRET).bot(botId).build();
    path.create(path.bot, botId, "crypto_mean_reversion");
    return path;
  }

  private void enterLong(OrderPathRig path, String botId, String limit, Duration timeout) {
    path.signal(path.bot, new Signal("s-" + botId, botId, "BTC", SignalAction.ENTER_LONG, bd(limit),
        bd(limit).subtract(bd("1500")), bd("45000"), "test", Instant.now(), null, List.of(), timeout));
  }

  /** EXECUTING with its entry acknowledged and accepted at the venue. */
  private static boolean resting(BotState s) {
    return s instanceof BotState.Executing ex && ex.working() != null && ex.working().accepted();
  }

  private static io.dorado.protocol.bot.WorkingOrder working(BotState s) {
    return ((BotState.Executing) s).working();
  }

}
