package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole order path on one ActorSystem: bot → guardian (review, acknowledgement) → paper venue →
 * fills → bot and guardian, from an entry signal to a closed position, with P&amp;L reconciling to the
 * cent between the bot, the guardian's ledger and the prices the paper venue filled at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPathTest {
  private static final String SECRET = "order-path-test-secret-0123456789";
  private final ActorTestKit testKit = ActorTestKit.create("order-path", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aSignalBecomesAFilledPositionThenAClosedTradeWithPnlReconcilingToTheCent() {
    var path = OrderPathRig.paper(testKit, SECRET, VenueSettings.DEFAULT_GUARDIAN_ID, "paper",
        new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD"))), "btc-01");
    ActorRef<RiskGuardian.Command> guardian = path.guardian;
    ActorRef<Bot.Command> bot = path.bot;

    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.Create(new BotConfig("btc-01", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.1")), RegimeFilter.ANY, null), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    path.price("BTC", "41990", "42010");

    bot.tell(new Bot.IngestSignal(signal("s1", SignalAction.ENTER_LONG, "42000"), acks.getRef()));
    assertEquals(Phase.RISK_CHECK, acks.expectMessageClass(Bot.Accepted.class).phase());
    BotState open = awaitPhase(bot, Phase.MONITORING);
    // market buy at the ask plus 5 bps slippage: 42010 × 1.0005
    assertEquals(0, new BigDecimal("42031.005").compareTo(open.data().position().averagePrice()));

    path.price("BTC", "43000", "43020");
    bot.tell(new Bot.IngestSignal(signal("s2", SignalAction.EXIT, null), acks.getRef()));
    assertEquals(Phase.CLOSING, acks.expectMessageClass(Bot.Accepted.class).phase());
    BotState closed = awaitPhase(bot, Phase.IDLE);

    // sold at the bid less 5 bps: 43000 × 0.9995 = 42978.5; (42978.5 − 42031.005) × 0.1
    BigDecimal expected = new BigDecimal("94.7495");
    assertEquals(0, expected.compareTo(closed.data().position().realizedPnl()));
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(() -> {
      guardian.tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, expected.compareTo(status.realizedPnl()), "guardian ledger realized P&L");
      assertEquals(0, new BigDecimal("100094.7495").compareTo(status.cash()), "cash = start + realized");
      assertTrue(status.positions().isEmpty());
      assertEquals(0, status.workingOrders());
      assertEquals(2, status.acknowledgedOrders());
      return null;
    });
  }

  /**
   * An iron condor through the same path: the structure signal, the guardian's review sized by max loss, one
   * combo order acknowledged and signed with its legs, the paper venue filling every leg at synthetic prices,
   * MONITORING, the buy-back combo, IDLE; bot, guardian and venue fills agree to the cent, per side too.
   */
  @Test
  void anIronCondorIsSoldAsOneComboMonitoredAndBoughtBackWithPnlReconcilingToTheCent() throws InterruptedException {
    String venueId = "paper-ic";
    var path = OrderPathRig.paper(testKit, SECRET, "guardian-ic", venueId,
        new Universe("core", List.of(new Underlying("AAPL", AssetClass.EQUITY, venueId, "USD"))), "aapl-ic");
    ActorRef<RiskGuardian.Command> guardian = path.guardian;
    ActorRef<Venue.Command> venue = path.venue;
    ActorRef<Bot.Command> bot = path.bot;
    var fills = path.fills;
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.Create(new BotConfig("aapl-ic", "core", "AAPL", venueId, VenueMode.PAPER, "iron_condor",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.riskPct(new BigDecimal("2")), RegimeFilter.ANY, null), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);

    Instant market = Instant.parse("2013-05-01T20:00:00Z"); // the replayed market's time: 51 days to expiry
    java.time.LocalDate expiry = java.time.LocalDate.of(2013, 6, 21);
    var legs = List.of(leg(expiry, "P", "400", io.dorado.protocol.order.Side.SELL), leg(expiry, "P", "395", io.dorado.protocol.order.Side.BUY),
        leg(expiry, "C", "460", io.dorado.protocol.order.Side.SELL), leg(expiry, "C", "465", io.dorado.protocol.order.Side.BUY));
    guardian.tell(new RiskGuardian.MarkPrice("AAPL", new BigDecimal("430"), Instant.now()));
    venue.tell(new Venue.OptionInputs("AAPL", 0.25, market));
    venue.tell(new Venue.MarketPrice("AAPL", new BigDecimal("429.95"), new BigDecimal("430.05"), Instant.now()));

    bot.tell(new Bot.IngestSignal(new Signal("ic-1", "aapl-ic", "AAPL", SignalAction.ENTER_SHORT, new BigDecimal("0.80"), null,
        null, "test", Instant.now(), null, legs), acks.getRef()));
    assertEquals(Phase.RISK_CHECK, acks.expectMessageClass(Bot.Accepted.class).phase());
    BotState open = awaitPhase(bot, Phase.MONITORING);
    var structure = open.data().structure();
    // 2% of 100,000 at (5 - 0.80) x 100 = 420 a structure: 4 structures, 400 units a leg
    assertEquals(new BigDecimal("4"), structure.openStructures());
    assertTrue(structure.filledCredit().compareTo(new BigDecimal("0.80")) >= 0, "filled at the limit or better");
    path.awaitFills(4); // one fill per leg (the venue reports to the bot and the guardian separately)

    // two weeks on, AAPL unmoved: the legs have decayed; the close buys every leg back
    venue.tell(new Venue.OptionInputs("AAPL", 0.25, market.plus(Duration.ofDays(14))));
    bot.tell(new Bot.ClosePosition("test: take profit", acks.getRef()));
    assertEquals(Phase.CLOSING, acks.expectMessageClass(Bot.Accepted.class).phase());
    BotState closed = awaitPhase(bot, Phase.IDLE);
    path.awaitFills(8);
    BigDecimal fromFills = fills.stream().map(f -> (f.side() == io.dorado.protocol.order.Side.SELL ? f.notional()
        : f.notional().negate()).subtract(f.commission())).reduce(BigDecimal.ZERO, BigDecimal::add);
    var done = closed.data().structure();
    assertEquals(0, fromFills.compareTo(closed.data().realizedPnl()), "bot P&L " + closed.data().realizedPnl() + " = fills " + fromFills);
    assertEquals(0, fromFills.compareTo(done.putSidePnl().add(done.callSidePnl())), "put side + call side");
    assertTrue(fromFills.signum() > 0, "time decay paid: " + fromFills);
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(() -> {
      guardian.tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, fromFills.compareTo(status.realizedPnl()), "guardian ledger realized P&L");
      assertEquals(0, new BigDecimal("100000").add(fromFills).compareTo(status.cash()), "cash = start + realized");
      assertTrue(status.positions().isEmpty(), status.positions().toString());
      assertEquals(0, status.workingOrders());
      assertEquals(2, status.acknowledgedOrders());
      return null;
    });
  }

  private static io.dorado.protocol.order.OrderLeg leg(java.time.LocalDate expiry, String right, String strike,
      io.dorado.protocol.order.Side side) {
    var r = right.equals("P") ? io.dorado.protocol.order.OptionSymbol.Right.PUT : io.dorado.protocol.order.OptionSymbol.Right.CALL;
    return new io.dorado.protocol.order.OrderLeg(
        io.dorado.protocol.order.OptionSymbol.of("AAPL", expiry, r, new BigDecimal(strike)).occ(), side, 1);
  }


  private static Signal signal(String id, SignalAction action, String price) {
    return new Signal(id, "btc-01", "BTC", action, price == null ? null : new BigDecimal(price), null, null, "test", Instant.now());
  }

  private BotState awaitPhase(ActorRef<Bot.Command> bot, Phase phase) {
    TestProbe<BotState> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(10), () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertEquals(phase, s.phase(), () -> "bot is " + s);
      return s;
    });
  }
}
