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
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.alpaca.FakeAlpaca;
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
 * The trade's stop and target resting at Alpaca as ONE native OCO exit pair ({@code order_class: "oco"}, Alpaca's
 * "OCO Orders") for an equity, on the real order path: bot, risk guardian, venue actor, {@link AlpacaAdapter} against
 * {@link FakeAlpaca}. Apart, Alpaca would refuse the second exit ("would view one of the two orders as exceeding the
 * available position quantity"); as an OCO the position's shares are held once. The bot is stopped, the price rises
 * through the target: the take-profit leg fills at the venue and Alpaca cancels the stop-loss leg; the bot comes back
 * and settles the trade (IDLE, P&amp;L to the cent, as in the guardian's ledger), nothing left working, no client order id
 * sent twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlpacaOcoOrderPathTest {
  private static final String SECRET = "alpaca-oco-test-secret-0123456789";
  private static final String VENUE = "alpaca-oco";
  private final ActorTestKit testKit = ActorTestKit.create("alpaca-oco", TestConfigs.eventSourced());
  private FakeAlpaca alpaca;
  private AlpacaAdapter adapter;

  @AfterAll
  void shutdown() throws Exception {
    testKit.shutdownTestKit();
    if (adapter != null) adapter.close();
    if (alpaca != null) alpaca.close();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  @Test
  void theStopAndTargetRestAsOneOcoAtAlpacaTheTargetFillsTheStopLegIsCanceledAndTheBotSettlesToTheCent() throws Exception {
    alpaca = FakeAlpaca.equity("AAPL");
    alpaca.balance("USD", bd("10000"));
    alpaca.quote(bd("189.90"), bd("190.00"));
    AckSigner signer = AckSigner.ofSecret(SECRET);
    Clock clock = Clock.systemUTC();
    Universe universe = new Universe("core", List.of(new Underlying("AAPL", AssetClass.EQUITY, VENUE, "USD")));
    var engine = new RiskEngine(RiskPolicy.DEFAULT, Instrument.Lookup.of(universe, RiskPolicy.DEFAULT));
    var venues = new java.util.concurrent.ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    ActorRef<RiskGuardian.Command> guardian = testKit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings(
        "guardian-oco", bd("100000"), Duration.ofSeconds(30), signer, clock), engine, VenueDirectory.of(venues)), "guardian");
    ActorRef<OrderReport> toGuardian = testKit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports");
    var settings = AlpacaAdapter.Settings.paper().withEndpoints(alpaca.restBase(), alpaca.streamUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    var limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000, Duration.ofSeconds(1))), Duration.ofSeconds(5));
    adapter = new AlpacaAdapter(VENUE, "oco-account", VenueMode.BROKER_PAPER,
        VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), settings, Map.of("AAPL", "AAPL"), limiter, clock);
    ActorRef<Venue.Command> venue = testKit.spawn(VenueActor.create(new VenueSettings(VENUE, "guardian-oco", signer, clock,
        null, null), adapter, toGuardian), "venue");
    venues.put(VENUE, venue);
    guardian.tell(new RiskGuardian.MarkPrice("AAPL", bd("189.95"), Instant.now()));
    // the fleet gives each bot its venue's capabilities (VenueCapabilityBook): Alpaca sends a native OCO for an equity
    var style = new ProtectionStyle((v, symbol) -> AlpacaAdapter.capabilitiesFor(symbol), null);

    String id = "oco-a1";
    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    ActorRef<Bot.Command> bot = spawnBot(id, "bot-" + id, guardian, venue, style);
    bot.tell(new Bot.Create(new BotConfig(id, "core", "AAPL", VENUE, VenueMode.BROKER_PAPER, "equity_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(bd("10")), RegimeFilter.ANY, null),
        acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    bot.tell(new Bot.IngestSignal(new Signal("s-" + id, id, "AAPL", SignalAction.ENTER_LONG, bd("190"), bd("185"),
        bd("195"), "test", Instant.now()), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    BotState held = awaitState(bot, s -> s.phase() == Phase.MONITORING && s.data().protection().size() == 1
        && s.data().protection().get(0).accepted());
    ProtectiveOrder oco = held.data().protection().get(0);
    assertEquals(ProtectiveOrder.Role.OCO, oco.role());
    Order o = oco.order();
    assertEquals(new Order(oco.clientOrderId(), VENUE, "AAPL", Side.SELL, OrderType.OCO, bd("10"), bd("195"),
        bd("185"), TimeInForce.GTC, true), new Order(o.clientOrderId(), o.venue(), o.symbol(), o.side(), o.type(),
        bd("10"), o.limitPrice(), o.stopPrice(), o.timeInForce(), o.reduceOnly()),
        "one reduce-only OCO for the whole position");
    assertEquals(0, bd("10").compareTo(o.quantity()), "the whole position: " + o.quantity());
    assertTrue(oco.clientOrderId().botId().equals(id) && oco.clientOrderId().sequence() > 1, oco.clientOrderId().toString());
    assertEquals(Optional.of("limit=new stop=new"), alpaca.ocoStatusOf(oco.clientOrderId()),
        "the take-profit (parent) and the stop-loss (its leg) rest at Alpaca");
    var body = alpaca.lastOrderBody();
    assertEquals("oco", body.path("order_class").asText());
    assertEquals("195", body.path("take_profit").path("limit_price").asText());
    assertEquals("185", body.path("stop_loss").path("stop_price").asText());

    testKit.stop(bot); // no bot runs: only the OCO at Alpaca protects
    alpaca.quote(bd("195.10"), bd("195.20"));
    guardian.tell(new RiskGuardian.MarkPrice("AAPL", bd("195.15"), Instant.now()));
    awaitTrue(() -> alpaca.ocoStatusOf(oco.clientOrderId()).equals(Optional.of("limit=filled stop=canceled")),
        () -> "the take-profit filled and the stop-loss was canceled at Alpaca: " + alpaca.ocoStatusOf(oco.clientOrderId()));

    ActorRef<Bot.Command> again = spawnBot(id, "bot-" + id + "-again", guardian, venue, style);
    BotState after = awaitState(again, s -> s.phase() == Phase.IDLE && s.data().protection().isEmpty());
    // bought 10 at the ask 190.00; the take-profit (a resting limit) sold at 195.00; Alpaca charges no commission
    BigDecimal perTrade = bd("50.00");
    assertEquals(0, perTrade.compareTo(after.data().tradeRealizedPnl()), "P&L " + after.data().tradeRealizedPnl());
    assertTrue(after.data().lastOutcome().reason().contains("closed at the venue by OCO target " + oco.clientOrderId()),
        after.data().lastOutcome().reason());
    TestProbe<RiskGuardian.GuardianStatus> statusProbe = testKit.createTestProbe();
    statusProbe.awaitAssert(Duration.ofSeconds(10), () -> {
      guardian.tell(new RiskGuardian.GetStatus(statusProbe.getRef()));
      var status = statusProbe.expectMessageClass(RiskGuardian.GuardianStatus.class);
      assertEquals(0, perTrade.compareTo(status.realizedPnl()), "guardian ledger realized P&L " + status.realizedPnl());
      assertEquals(0, status.workingOrders(), "nothing left working");
      return null;
    });
    assertEquals(0, alpaca.position().signum(), "flat at Alpaca: " + alpaca.position());
    List<ClientOrderId> placed = alpaca.placements();
    assertEquals(List.of(ClientOrderId.of(id, 1), oco.clientOrderId()), placed, "the entry and the OCO, once each");
    assertEquals(placed.size(), new HashSet<>(placed).size());
    System.out.printf("alpaca oco: entry 10 AAPL at 190.00, OCO %s (stop 185, target 195) resting as one exit pair;"
        + " target filled at 195.00 while the bot was stopped, at Alpaca %s; P&L %s%n", oco.clientOrderId(),
        alpaca.ocoStatusOf(oco.clientOrderId()).orElse("?"), perTrade.toPlainString());
  }

  private ActorRef<Bot.Command> spawnBot(String id, String name, ActorRef<RiskGuardian.Command> guardian,
      ActorRef<Venue.Command> venue, ProtectionStyle style) {
    return testKit.spawn(BotEntity.create(id, guardian, venue, BotSettings.defaults()
        .withRetryInterval(Duration.ofMillis(500)).withProtectiveOrders(true).withProtectionStyle(style)), name);
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

  private void awaitTrue(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      assertTrue(condition.getAsBoolean(), what);
      return null;
    });
  }
}
