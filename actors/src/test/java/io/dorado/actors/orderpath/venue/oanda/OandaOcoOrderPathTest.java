package io.dorado.actors.orderpath.venue.oanda;

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
 * The trade's stop and target resting at OANDA as the open trade's dependent TAKE_PROFIT and STOP_LOSS orders (trade-ep
 * "Set Dependent Orders"), on the real order path: bot, risk guardian, venue actor, {@link OandaAdapter} against
 * {@link FakeOanda}. The bot is stopped, the bid rises through the target: OANDA fills the take-profit, closing the
 * trade, and cancels the stop-loss (LINKED_TRADE_CLOSED); the bot comes back and settles the trade (IDLE, P&amp;L to the
 * cent, as in the guardian's ledger), nothing left working, no client order id sent twice. And when OANDA refuses
 * the dependent orders, the bot rests its stop and target apart at once instead (the guardian's one-cancels-other).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OandaOcoOrderPathTest {
  private static final String SECRET = "oanda-oco-test-secret-0123456789";
  private static final String VENUE = "oanda-oco";
  private final ActorTestKit testKit = ActorTestKit.create("oanda-oco", TestConfigs.eventSourced());
  private final List<AutoCloseable> closing = new java.util.ArrayList<>();

  @AfterAll
  void shutdown() throws Exception {
    testKit.shutdownTestKit();
    for (AutoCloseable c : closing) c.close();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  /** A guardian, a venue actor on an OANDA adapter against {@code oanda}, the bot's protection style. */
  private record Path(ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue, ProtectionStyle style) {}

  private Path path(String name, FakeOanda oanda) throws Exception {
    AckSigner signer = AckSigner.ofSecret(SECRET);
    Clock clock = Clock.systemUTC();
    Universe universe = new Universe("core", List.of(new Underlying("EUR", AssetClass.FX, VENUE, "USD")));
    var engine = new RiskEngine(RiskPolicy.DEFAULT, Instrument.Lookup.of(universe, RiskPolicy.DEFAULT));
    var venues = new java.util.concurrent.ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    ActorRef<RiskGuardian.Command> guardian = testKit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings(
        "guardian-" + name, bd("100000"), Duration.ofSeconds(30), signer, clock), engine, VenueDirectory.of(venues)),
        "guardian-" + name);
    ActorRef<OrderReport> toGuardian = testKit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports-" + name);
    var settings = new OandaSettings(VENUE, VenueMode.BROKER_PAPER, FakeOanda.ACCOUNT, oanda.restUri(), oanda.streamUri(),
        Map.of("EUR", "EUR_USD"), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5));
    var adapter = OandaConformanceTest.connected(new OandaAdapter(settings, OandaConformanceTest.credentials()));
    closing.add(adapter::close);
    ActorRef<Venue.Command> venue = testKit.spawn(VenueActor.create(new VenueSettings(VENUE, "guardian-" + name, signer,
        clock, null, null), adapter, toGuardian), "venue-" + name);
    venues.put(VENUE, venue);
    guardian.tell(new RiskGuardian.MarkPrice("EUR", bd("1.08010"), Instant.now()));
    // the fleet gives each bot its venue's capabilities: OANDA rests a native OCO as the trade's dependent orders
    return new Path(guardian, venue, new ProtectionStyle((v, symbol) -> OandaAdapter.CAPABILITIES, null));
  }

  private ActorRef<Bot.Command> enterLong(String id, Path p) {
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    ActorRef<Bot.Command> bot = spawnBot(id, "bot-" + id, p);
    bot.tell(new Bot.Create(new BotConfig(id, "core", "EUR", VENUE, VenueMode.BROKER_PAPER, "fx_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(bd("1000")), RegimeFilter.ANY, null),
        acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    bot.tell(new Bot.IngestSignal(new Signal("s-" + id, id, "EUR", SignalAction.ENTER_LONG, bd("1.08010"), bd("1.07500"),
        bd("1.08500"), "test", Instant.now()), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    return bot;
  }

  @Test
  void theStopAndTargetRestAsTheTradesDependentOrdersTheTargetFillsOandaCancelsTheStopAndTheBotSettlesToTheCent()
      throws Exception {
    FakeOanda oanda = new FakeOanda(OandaConformanceTest.TOKEN, "EUR_USD", "EUR");
    closing.add(oanda);
    oanda.quote(bd("1.08000"), bd("1.08020"));
    Path p = path("native", oanda);

    String id = "oanda-o1";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    BotState held = awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, oco.role());
    Order o = oco.order();
    assertEquals(new Order(oco.clientOrderId(), VENUE, "EUR", Side.SELL, OrderType.OCO, bd("1000"), bd("1.08500"),
        bd("1.07500"), TimeInForce.GTC, true), new Order(o.clientOrderId(), o.venue(), o.symbol(), o.side(), o.type(),
        o.quantity().stripTrailingZeros().setScale(0), o.limitPrice(), o.stopPrice(), o.timeInForce(), o.reduceOnly()),
        "one reduce-only OCO for the whole position");
    awaitTrue(() -> oanda.dependentsOf(oco.clientOrderId()).equals(Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING")),
        () -> "both rest at OANDA as the trade's dependent orders: " + oanda.dependentsOf(oco.clientOrderId()));
    Map<String, BigDecimal> trades = oanda.openTradeUnits();
    assertEquals(1, trades.size(), "the entry's fill opened one trade: " + trades);

    testKit.stop(bot); // no bot runs: only the trade's dependent orders at OANDA protect it
    oanda.quote(bd("1.08510"), bd("1.08530"));
    p.guardian().tell(new RiskGuardian.MarkPrice("EUR", bd("1.08520"), Instant.now()));
    assertEquals(Optional.of("TAKE_PROFIT=FILLED STOP_LOSS=CANCELLED(LINKED_TRADE_CLOSED)"),
        oanda.dependentsOf(oco.clientOrderId()), "the take-profit closed the trade and OANDA cancelled the stop-loss");
    assertTrue(oanda.openTradeUnits().isEmpty());

    ActorRef<Bot.Command> again = spawnBot(id, "bot-" + id + "-again", p);
    BotState after = awaitState(again, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 1000 EUR at the ask 1.08020; the take-profit sold them at 1.08500; the fake charges no commission
    BigDecimal perTrade = bd("4.80");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by OCO target " + oco.clientOrderId()),
        after.data().lastOutcome().reason());
    awaitGuardian(p, perTrade);
    List<ClientOrderId> placed = oanda.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCO, once each");
    assertEquals(placed.size(), new HashSet<>(placed).size());
    assertEquals(1, oanda.dependentOrderRequests().size(), "one Set Dependent Orders request");
    System.out.printf("oanda oco: entry at 1.08020, OCO %s (stop 1.07500, target 1.08500) resting as trade %s's"
        + " dependent orders; target filled while the bot was stopped, at OANDA %s; P&L %s%n", oco.clientOrderId(),
        trades.keySet(), oanda.dependentsOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
  }

  @Test
  void whenOandaRejectsTheDependentOrdersTheBotRestsItsStopAndTargetApartAndTheGuardiansOcoCancelsTheStop()
      throws Exception {
    FakeOanda oanda = new FakeOanda(OandaConformanceTest.TOKEN, "EUR_USD", "EUR");
    closing.add(oanda);
    oanda.quote(bd("1.08000"), bd("1.08020"));
    oanda.rejectNextDependentOrders("TAKE_PROFIT_ON_FILL_LOSS");
    Path p = path("fallback", oanda);

    String id = "oanda-f1";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    BotState held = awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 2
        && s.data().protection().stream().allMatch(ProtectiveOrder::accepted));
    ProtectiveOrder stop = held.data().protection().stream().filter(x -> x.role() == ProtectiveOrder.Role.STOP)
        .findFirst().orElseThrow();
    ProtectiveOrder target = held.data().protection().stream().filter(x -> x.role() == ProtectiveOrder.Role.TARGET)
        .findFirst().orElseThrow();
    assertEquals(0, bd("1.07500").compareTo(stop.order().stopPrice()));
    assertEquals(0, bd("1.08500").compareTo(target.order().limitPrice()));
    awaitTrue(() -> oanda.placements().containsAll(List.of(stop.clientOrderId(), target.clientOrderId())),
        () -> "the stop and the target rest at OANDA: " + oanda.placements());
    assertEquals(1, oanda.dependentOrderRequests().size(), "the OCO was sent once, rejected, and not sent again");
    ClientOrderId rejectedOco = ClientOrderId.of(id, stop.clientOrderId().sequence() - 1);
    assertEquals(Optional.empty(), oanda.dependentsOf(rejectedOco), "nothing of the rejected OCO rests");

    oanda.fill(target.clientOrderId(), bd("1000"), bd("1.08500")); // a counterparty takes the resting target
    p.guardian().tell(new RiskGuardian.MarkPrice("EUR", bd("1.08500"), Instant.now()));
    BotState after = awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    BigDecimal perTrade = bd("4.80");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    awaitGuardian(p, perTrade);
    List<ClientOrderId> placed = oanda.placements();
    assertEquals(placed.size(), new HashSet<>(placed).size(), "no client id sent twice: " + placed);
    System.out.printf("oanda oco fallback: dependent orders rejected (TAKE_PROFIT_ON_FILL_LOSS); stop %s and target %s"
        + " rested apart; target filled at 1.08500, stop cancelled; P&L %s%n", stop.clientOrderId(),
        target.clientOrderId(), perTrade.toPlainString());
  }

  @Test
  void aMovedStopAmendsTheTradesStopLossAtOandaNeverLeavingItWithoutOneAndTheNewStopClosesTheTrade() throws Exception {
    FakeOanda oanda = restingQuotes();
    Path p = path("amend", oanda);
    ActorRef<Bot.Command> bot = enterLong("oanda-m1", p);
    ProtectiveOrder oco = awaitOcoAt(oanda, bot);

    oanda.quote(bd("1.08200"), bd("1.08220")); // the trade runs: the trailing stop tightens
    p.guardian().tell(new RiskGuardian.MarkPrice("EUR", bd("1.08210"), Instant.now()));
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.MoveStop(bd("1.07800"), "trailing stop", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    ProtectiveOrder amended = awaitOco(bot, bd("1.07800"));
    assertEquals(oco.clientOrderId(), amended.order().replaces(), "the new OCO amends the resting one");
    assertEquals(0, oco.order().limitPrice().compareTo(amended.order().limitPrice()), "the target is unchanged");
    awaitTrue(() -> oanda.stopLossPrice(amended.clientOrderId()).map(bd("1.07800")::compareTo).orElse(1) == 0,
        () -> "OANDA holds the new stop: " + oanda.dependentsOf(amended.clientOrderId()));
    assertEquals(Optional.of("TAKE_PROFIT=CANCELLED(CLIENT_REQUEST_REPLACED) STOP_LOSS=CANCELLED(CLIENT_REQUEST_REPLACED)"),
        oanda.dependentsOf(oco.clientOrderId()), "OANDA replaced the old legs");
    Map<String, BigDecimal> trades = oanda.openTradeUnits();
    assertEquals(1, trades.size(), "the same trade: " + trades);
    assertEquals(2, oanda.dependentOrderRequests().size(), "the OCO, then its amend on the same trade");

    oanda.quote(bd("1.07790"), bd("1.07810")); // through the new stop, far above the old one
    p.guardian().tell(new RiskGuardian.MarkPrice("EUR", bd("1.07800"), Instant.now()));
    BotState after = awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 1000 at the ask 1.08020; the amended stop-loss sold them at the bid 1.07790
    BigDecimal pnl = bd("-2.30");
    assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by OCO stop " + amended.clientOrderId()),
        after.data().lastOutcome().reason());
    awaitGuardian(p, pnl);
    assertEquals(List.of(), oanda.tradesLeftWithoutStopLoss(), "the trade always had a stop-loss at OANDA");
    assertTrue(oanda.openTradeUnits().isEmpty());
    System.out.printf("oanda stop amend: stop 1.07500 -> 1.07800 at the venue (OCO %s amended as %s on trade %s),"
        + " closed at 1.07790; P&L %s%n", oco.clientOrderId(), amended.clientOrderId(), trades.keySet(),
        pnl.toPlainString());
  }

  @Test
  void whenOandaRefusesTheAmendTheOldStopStaysRestingAndStillClosesTheTrade() throws Exception {
    FakeOanda oanda = restingQuotes();
    Path p = path("amend-refused", oanda);
    String id = "oanda-m2";
    ActorRef<Bot.Command> bot = enterLong(id, p);
    ProtectiveOrder oco = awaitOcoAt(oanda, bot);

    oanda.rejectNextStopLoss("PRICE_DISTANCE_MINIMUM_NOT_MET");
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.MoveStop(bd("1.07990"), "break-even", acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    awaitTrue(() -> oanda.dependentOrderRequests().size() == 2, () -> "the amend was sent");
    BotState kept = awaitState(bot, s -> s.data().protection().size() == 1
        && s.data().protection().get(0).isFor(oco.clientOrderId()) && s.data().protection().get(0).protects());
    assertEquals(Phase.MONITORING, kept.phase());
    assertEquals(Optional.of("TAKE_PROFIT=PENDING STOP_LOSS=PENDING"), oanda.dependentsOf(oco.clientOrderId()),
        "the old OCO rests on at OANDA");
    assertEquals(0, bd("1.07500").compareTo(oanda.stopLossPrice(oco.clientOrderId()).orElseThrow()));
    ClientOrderId refused = ClientOrderId.of(id, oco.clientOrderId().sequence() + 1);
    assertEquals(Optional.empty(), oanda.dependentsOf(refused), "nothing of the refused amend rests");

    oanda.quote(bd("1.07490"), bd("1.07510")); // the old stop still protects the trade
    p.guardian().tell(new RiskGuardian.MarkPrice("EUR", bd("1.07500"), Instant.now()));
    BotState after = awaitState(bot, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    BigDecimal pnl = bd("-5.30"); // bought at 1.08020, the old stop-loss sold at the bid 1.07490
    assertEquals(0, pnl.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    awaitGuardian(p, pnl);
    assertEquals(List.of(), oanda.tradesLeftWithoutStopLoss(), "the trade always had a stop-loss at OANDA");
    System.out.printf("oanda stop amend refused (PRICE_DISTANCE_MINIMUM_NOT_MET): stop 1.07990 not taken, OCO %s kept"
        + " its stop 1.07500 and closed at 1.07490; P&L %s%n", oco.clientOrderId(), pnl.toPlainString());
  }

  /** A fake OANDA quoting EUR_USD 1.08000 / 1.08020. */
  private FakeOanda restingQuotes() throws Exception {
    FakeOanda oanda = new FakeOanda(OandaConformanceTest.TOKEN, "EUR_USD", "EUR");
    closing.add(oanda);
    oanda.quote(bd("1.08000"), bd("1.08020"));
    return oanda;
  }

  /** The bot's OCO (stop 1.07500) once the bot and OANDA both hold it. */
  private ProtectiveOrder awaitOcoAt(FakeOanda oanda, ActorRef<Bot.Command> bot) {
    ProtectiveOrder oco = awaitOco(bot, bd("1.07500"));
    awaitTrue(() -> oanda.stopLossPrice(oco.clientOrderId()).isPresent(), () -> "the OCO's stop-loss rests at OANDA");
    return oco;
  }

  /** The bot's one OCO once it rests with its stop at {@code stop}. */
  private ProtectiveOrder awaitOco(ActorRef<Bot.Command> bot, BigDecimal stop) {
    BotState s = awaitState(bot, x -> x.phase() == Phase.MONITORING && x.data().protection().size() == 1
        && x.data().protection().get(0).accepted() && x.data().protection().get(0).role() == ProtectiveOrder.Role.OCO
        && x.data().protection().get(0).order().stopPrice().compareTo(stop) == 0);
    return s.data().protection().get(0);
  }

  private void awaitGuardian(Path p, BigDecimal realized) {
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(Duration.ofSeconds(10), () -> {
      p.guardian().tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, realized.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
      return null;
    });
  }

  private void awaitTrue(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(condition.getAsBoolean(), what);
      return null;
    });
  }

  private ActorRef<Bot.Command> spawnBot(String id, String name, Path p) {
    return testKit.spawn(BotEntity.create(id, p.guardian(), p.venue(), BotSettings.defaults()
        .withRetryInterval(Duration.ofMillis(500)).withProtectiveOrders(true).withProtectionStyle(p.style())), name);
  }

  private BotState awaitState(ActorRef<Bot.Command> bot, Predicate<BotState> done) {
    TestProbe<BotState> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(20), () -> {
      bot.tell(new Bot.GetState(probe.getRef()));
      BotState s = probe.expectMessageClass(BotState.class);
      assertTrue(done.test(s), () -> "bot is " + s);
      return s;
    });
  }
}
