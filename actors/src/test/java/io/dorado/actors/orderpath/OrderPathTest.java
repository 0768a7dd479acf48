package io.dorado.actors.orderpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.bot.BotEntity;
import io.dorado.actors.bot.BotSettings;
import io.dorado.actors.risk.Instrument;
import io.dorado.actors.risk.RiskEngine;
import io.dorado.actors.risk.RiskGuardianActor;
import io.dorado.actors.risk.VenueDirectory;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.actors.venue.PaperMatchingEngine;
import io.dorado.actors.venue.PaperVenue;
import io.dorado.actors.venue.VenueActor;
import io.dorado.actors.venue.VenueSettings;
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
import io.dorado.protocol.order.OrderReport;
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
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
    Clock clock = Clock.systemUTC();
    AckSigner signer = AckSigner.ofSecret(SECRET);
    var universe = new Universe("core", List.of(new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD")));
    var engine = new RiskEngine(RiskPolicy.DEFAULT, Instrument.Lookup.of(universe, RiskPolicy.DEFAULT));
    var venues = new java.util.concurrent.ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    ActorRef<RiskGuardian.Command> guardian = testKit.spawn(RiskGuardianActor.create(
        new RiskGuardianActor.Settings(VenueSettings.DEFAULT_GUARDIAN_ID, new BigDecimal("100000"), Duration.ofSeconds(30), signer, clock),
        engine, VenueDirectory.of(venues)), "guardian");
    ActorRef<OrderReport> toGuardian = testKit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports");
    var paper = new PaperVenue(new PaperMatchingEngine.Settings(new BigDecimal("5"), BigDecimal.ZERO, BigDecimal.ZERO, null));
    ActorRef<Venue.Command> venue = testKit.spawn(VenueActor.create(VenueSettings.of("paper", signer, clock), paper, toGuardian), "venue");
    venues.put("paper", venue);
    ActorRef<Bot.Command> bot = testKit.spawn(BotEntity.create("btc-01", guardian, venue,
        BotSettings.defaults().withRetryInterval(Duration.ofMillis(500))), "bot");

    TestProbe<Bot.Ack> acks = testKit.createTestProbe();
    bot.tell(new Bot.Create(new BotConfig("btc-01", "core", "BTC", "paper", VenueMode.PAPER, "crypto_momentum",
        SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.1")), RegimeFilter.ANY, null), acks.getRef()));
    acks.expectMessageClass(Bot.Accepted.class);
    price(guardian, venue, "41990", "42010");

    bot.tell(new Bot.IngestSignal(signal("s1", SignalAction.ENTER_LONG, "42000"), acks.getRef()));
    assertEquals(Phase.RISK_CHECK, acks.expectMessageClass(Bot.Accepted.class).phase());
    BotState open = awaitPhase(bot, Phase.MONITORING);
    // market buy at the ask plus 5 bps slippage: 42010 × 1.0005
    assertEquals(0, new BigDecimal("42031.005").compareTo(open.data().position().averagePrice()));

    price(guardian, venue, "43000", "43020");
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

  private static void price(ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue, String bid, String ask) {
    Instant now = Instant.now();
    guardian.tell(new RiskGuardian.MarkPrice("BTC", new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2)), now));
    venue.tell(new Venue.MarketPrice("BTC", new BigDecimal(bid), new BigDecimal(ask), now));
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
