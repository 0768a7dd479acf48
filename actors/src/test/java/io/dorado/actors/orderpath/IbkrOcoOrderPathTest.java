package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.bot.ProtectionStyle;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.actors.orderpath.venue.ibkr.FakeIbkr;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrClientOrderIds;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The trade's stop and target resting at Interactive Brokers as ONE OCA group (Web API "Submit A New Order(s)
 * Ticket, Bracket, Or OCA Group", {@code isSingleGroup}), on the real order path: bot, risk guardian, venue actor,
 * {@link IbkrAdapter} against {@link FakeIbkr}. The bot is stopped, the price rises through the target: its leg fills
 * at IBKR and IBKR cancels the stop leg; the bot comes back and settles the trade (IDLE, P&amp;L to the cent, as in
 * the guardian's ledger), nothing left working, every client order id (and every leg's cOID) sent once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IbkrOcoOrderPathTest {
  private static final String SECRET = "ibkr-oco-test-secret-0123456789ab";
  private static final String VENUE = "ibkr-oco";
  private final ActorTestKit testKit = ActorTestKit.create("ibkr-oco", TestConfigs.eventSourced());
  private FakeIbkr ibkr;

  @AfterAll
  void shutdown() throws Exception {
    testKit.shutdownTestKit();
    if (ibkr != null) ibkr.close();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  @Test
  void theStopAndTargetRestAsOneOcaGroupAtIbkrTheTargetFillsIbkrCancelsTheStopAndTheBotSettlesToTheCent()
      throws Exception {
    ibkr = new FakeIbkr();
    ibkr.balance("USD", bd("100000"));
    ibkr.quote(bd("189.99"), bd("190.01"));
    ibkr.rules(new io.dorado.protocol.venue.InstrumentRules(FakeIbkr.SYMBOL, null, bd("0.01"), bd("1"), bd("1"), null));
    AckSigner signer = AckSigner.ofSecret(SECRET);
    Clock clock = Clock.systemUTC();
    Universe universe = new Universe("core", List.of(new Underlying(FakeIbkr.SYMBOL, AssetClass.EQUITY, VENUE, "USD")));
    var engine = new RiskEngine(RiskPolicy.DEFAULT, Instrument.Lookup.of(universe, RiskPolicy.DEFAULT));
    var venues = new java.util.concurrent.ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    ActorRef<RiskGuardian.Command> guardian = testKit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings(
        "guardian-oco", bd("100000"), Duration.ofSeconds(30), signer, clock), engine, VenueDirectory.of(venues)), "guardian");
    ActorRef<OrderReport> toGuardian = testKit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports");
    IbkrAdapter adapter = ibkr.adapter(VENUE);
    ActorRef<Venue.Command> venue = testKit.spawn(VenueActor.create(new VenueSettings(VENUE, "guardian-oco", signer, clock,
        null, null), adapter, toGuardian), "venue");
    venues.put(VENUE, venue);
    guardian.tell(new RiskGuardian.MarkPrice(FakeIbkr.SYMBOL, bd("190"), Instant.now()));
    // the fleet gives each bot its venue's capabilities: IBKR rests a stop and a target as one OCA group
    var style = new ProtectionStyle((v, symbol) -> adapter.capabilities(symbol), null);

    String id = "oca-i1";
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    ActorRef<Bot.Command> bot = spawnBot(id, "bot-" + id, guardian, venue, style);
    bot.tell(new Bot.Create(new BotConfig(id, "core", FakeIbkr.SYMBOL, VENUE, VenueMode.PAPER, "equity_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(bd("10")), RegimeFilter.ANY, null),
        acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    bot.tell(new Bot.IngestSignal(new Signal("s-" + id, id, FakeIbkr.SYMBOL, SignalAction.ENTER_LONG, bd("190"),
        bd("185"), bd("195"), "test", Instant.now()), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    BotState held = awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, oco.role());
    Order o = oco.order();
    assertEquals(new Order(oco.clientOrderId(), VENUE, FakeIbkr.SYMBOL, Side.SELL, OrderType.OCO, bd("10"), bd("195"),
        bd("185"), TimeInForce.GTC, true), new Order(o.clientOrderId(), o.venue(), o.symbol(), o.side(), o.type(),
        o.quantity().compareTo(bd("10")) == 0 ? bd("10") : o.quantity(), o.limitPrice(), o.stopPrice(), o.timeInForce(), o.reduceOnly()),
        "one reduce-only OCO for the whole position");
    assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
    assertEquals(Optional.of("STP=Submitted/0/10 LMT=Submitted/0/10"), ibkr.ocaStatusOf(oco.clientOrderId()),
        "both legs rest at IBKR in one OCA group");

    testKit.stop(bot); // no bot runs: only the OCA group at IBKR protects
    ibkr.quote(bd("195.10"), bd("195.12"));
    guardian.tell(new RiskGuardian.MarkPrice(FakeIbkr.SYMBOL, bd("195.11"), Instant.now()));
    awaitTrue(() -> ibkr.ocaStatusOf(oco.clientOrderId()).equals(Optional.of("STP=Cancelled/0/10 LMT=Filled/10/10")),
        () -> "the target filled and IBKR cancelled the stop: " + ibkr.ocaStatusOf(oco.clientOrderId()));

    ActorRef<Bot.Command> again = spawnBot(id, "bot-" + id + "-again", guardian, venue, style);
    BotState after = awaitState(again, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 10 at the ask 190.01; the target leg (a resting LMT) sold at 195.00; the fake charges nothing
    BigDecimal perTrade = bd("49.90");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by OCO target " + oco.clientOrderId()),
        after.data().lastOutcome().reason());
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(Duration.ofSeconds(15), () -> {
      guardian.tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, perTrade.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
      return null;
    });
    List<ClientOrderId> placed = ibkr.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCA group, once each");
    assertEquals(List.of(IbkrClientOrderIds.toVenue(ClientOrderId.of(id, 1)),
        IbkrClientOrderIds.leg(oco.clientOrderId(), IbkrClientOrderIds.STOP_LEG),
        IbkrClientOrderIds.leg(oco.clientOrderId(), IbkrClientOrderIds.TARGET_LEG)), ibkr.placedCoids(),
        "every cOID sent once");
    System.out.printf("ibkr oca: entry at 190.01, OCO %s (stop 185, target 195) resting as one OCA group;"
        + " target filled at 195 while the bot was stopped, at IBKR %s; P&L %s%n", oco.clientOrderId(),
        ibkr.ocaStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
    adapter.close();
  }

  private ActorRef<Bot.Command> spawnBot(String id, String name, ActorRef<RiskGuardian.Command> guardian,
      ActorRef<Venue.Command> venue, ProtectionStyle style) {
    return testKit.spawn(BotEntity.create(id, guardian, venue, BotSettings.defaults()
        .withRetryInterval(Duration.ofMillis(500)).withProtectiveOrders(true).withProtectionStyle(style)), name);
  }

  private BotState awaitState(ActorRef<Bot.Command> bot, Predicate<BotState> done) {
    TestProbe<BotState> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(30), () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertTrue(done.test(s), () -> "bot is " + s);
      return s;
    });
  }

  private void awaitTrue(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(15), () -> {
      assertTrue(condition.getAsBoolean(), what);
      return null;
    });
  }
}
