package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * Protection that survives the bots, on the real order path (guardian, venue actor, paper venue): three bots enter
 * long with their stops resting at the venue, every bot is stopped, the price falls through two of the stops while
 * no bot runs, and the bots come back: the two stopped-out trades are closed at the venue and settled by their bots
 * (IDLE, P&amp;L to the cent, as in the guardian's ledger), the third is still MONITORING with its stop resting, and
 * no bot holds a position without a stop at the venue.
 */
class ProtectionOrderPathTest extends OrderPathTestBase {
  private static final String SECRET = "protection-test-secret-0123456789";

  ProtectionOrderPathTest() {
    super("protection-path");
  }

  @Test
  void theStopsRestingAtTheVenueCloseThePositionsWhileNoBotRunsAndTheBotsReconcileThemOnRestart() throws Exception {
    var path = OrderPathRig.builder(testKit).secret(SECRET).name("btc-p0").build();
    List<String> ids = List.of("btc-p1", "btc-p2", "btc-p3");
    List<String> stops = List.of("41000", "40000", "41500"); // the price falls to 40,900: the first and third are hit
    path.price("BTC", "41990", "42010");
    List<ActorRef<Bot.Command>> bots = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, s -> s.withProtectiveOrders(true));
      bots.add(bot);
      path.create(bot, id, "crypto_momentum");
      path.signal(bot, new Signal("s-" + id, id, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd(stops.get(i)),
          bd("45000"), "test", Instant.now()));
      path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 2
          && s.data().protection().stream().allMatch(ProtectiveOrder::accepted));
    }

    for (ActorRef<Bot.Command> bot : bots) testKit.stop(bot); // no bot runs: only the venue's resting orders protect
    path.price("BTC", "40900", "40920");
    path.awaitFills(5); // three entries, two stops

    List<BotState> after = new ArrayList<>();
    for (String id : ids) {
      ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id + "-again", s -> s.withProtectiveOrders(true));
      after.add(path.awaitState(bot, s -> (s.phase() == Phase.IDLE && s.data().protection().isEmpty())
          || (s.phase() == Phase.MONITORING && id.equals("btc-p2"))));
    }

    // bought 0.03 each at 42010 × 1.0005 = 42031.005; the stops sold at the bid 40900 less 5 bps = 40879.55
    BigDecimal perTrade = bd("-34.54365");
    assertEquals(Phase.IDLE, after.get(0).phase());
    assertEquals(Phase.IDLE, after.get(2).phase());
    assertEquals(0, perTrade.compareTo(after.get(0).data().tradeRealizedPnl()));
    assertEquals(0, perTrade.compareTo(after.get(2).data().tradeRealizedPnl()));
    assertTrue(after.get(0).data().lastOutcome().reason().contains("closed at the venue by stop"),
        after.get(0).data().lastOutcome().reason());
    BotState open = after.get(1);
    assertEquals(Phase.MONITORING, open.phase());
    assertEquals(0, bd("0.03").compareTo(open.data().position().quantity()));
    long unprotected = after.stream().filter(s -> !s.data().position().isFlat())
        .filter(s -> s.data().protecting().stream().noneMatch(p -> p.role() == ProtectiveOrder.Role.STOP && p.accepted()))
        .count();
    assertEquals(0, unprotected);

    BigDecimal total = perTrade.add(perTrade);
    path.awaitGuardian(status -> {
      assertEquals(0, total.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, bd("0.03").compareTo(status.positions().get("BTC")), "the third bot's position");
    });
    long closedWhileDown = after.stream().filter(s -> s.phase() == Phase.IDLE).count();
    System.out.printf("protection: %d positions, %d closed at venue while down, %d unprotected%n", ids.size(),
        closedWhileDown, unprotected);
  }
}
