package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A scaled exit on the real order path: two partial closes and a final close, each a reduce-only order
 * the guardian acknowledges and the paper venue fills; the trade's P&L is the sum over its exits and the
 * bot and the guardian's ledger agree to the cent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaledExitOrderPathTest {
  private static final String SECRET = "scaled-exit-test-secret-0123456789";
  private final ActorTestKit testKit = ActorTestKit.create("scaled-exit-path", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void twoThirdsScaledOutThenTheRestClosedReconcileToTheCentWithTheGuardiansLedger() {
    var path = OrderPathRig.paper(testKit, SECRET, VenueSettings.DEFAULT_GUARDIAN_ID, "paper",
        new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD"))), "btc-01");
    ActorRef<RiskGuardian.Command> guardian = path.guardian;
    ActorRef<Bot.Command> bot = path.bot;

    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.Create(new BotConfig("btc-01", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.15")), RegimeFilter.ANY, null),
        acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    path.price("BTC", "41990", "42010");
    bot.tell(new Bot.IngestSignal(new Signal("s1", "btc-01", "BTC", SignalAction.ENTER_LONG, new BigDecimal("42000"),
        null, null, "test", Instant.now()), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    path.awaitState(bot, s -> s.phase() == Phase.MONITORING);

    path.price("BTC", "43000", "43020");
    bot.tell(new Bot.ReducePosition("t/scale-1", new BigDecimal("0.05"), "1R", acks.getRef()));
    assertEquals(Phase.CLOSING, acks.expectMessageClass(Bot.Accepted.class).phase());
    path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().position().quantity().compareTo(new BigDecimal("0.10")) == 0);
    bot.tell(new Bot.ReducePosition("t/scale-1", new BigDecimal("0.05"), "1R again", acks.getRef()));
    assertInstanceOf(Bot.AlreadyProcessed.class, acks.receiveMessage());

    path.price("BTC", "44000", "44020");
    bot.tell(new Bot.ReducePosition("t/scale-2", new BigDecimal("0.05"), "2R", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    path.awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().position().quantity().compareTo(new BigDecimal("0.05")) == 0);

    path.price("BTC", "45000", "45020");
    bot.tell(new Bot.ClosePosition("trailing stop", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    BotState closed = path.awaitState(bot, s -> s.phase() == Phase.IDLE);

    // bought 0.15 at 42010 × 1.0005 = 42031.005; sold 0.05 each at the bid less 5 bps: 42978.5, 43978, 44977.5
    BigDecimal expected = new BigDecimal("292.04925");
    assertEquals(0, expected.compareTo(closed.data().position().realizedPnl()));
    assertEquals(0, expected.compareTo(closed.data().tradeRealizedPnl()), "one trade, three exits");
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(() -> {
      guardian.tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, expected.compareTo(status.realizedPnl()), "guardian ledger realized P&L");
      assertEquals(0, new BigDecimal("100292.04925").compareTo(status.cash()), "cash = start + realized");
      assertTrue(status.positions().isEmpty());
      assertEquals(4, status.acknowledgedOrders(), "the entry, two reductions and the close");
      return null;
    });
  }

}
