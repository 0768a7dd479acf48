package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With two venue accounts, a bot queries and cancels each order at the venue the order names, never at
 * the first (or any default) one; an order naming a venue the bot's node does not know fails explicitly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotVenueRoutingTest {
  private static final AckSigner SIGNER = AckSigner.ofSecret("bot-venue-routing-test-secret-0123456789");
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final ActorTestKit kit = ActorTestKit.create("bot-venue-routing", TestConfigs.eventSourced());

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /** Two paper venue accounts, each behind a probe that sees every command it receives. */
  private final class TwoVenues {
    final int run = RUNS.incrementAndGet();
    final String first = "paper-first-" + run;
    final String second = "paper-second-" + run;
    final MutableClock clock = new MutableClock(T0);
    final TestProbe<Venue.Command> firstSees = kit.createTestProbe();
    final TestProbe<Venue.Command> secondSees = kit.createTestProbe();
    final TestProbe<OrderReport> guardianReports = kit.createTestProbe();
    final ActorRef<Venue.Command> firstVenue = venue(first, firstSees);
    final ActorRef<Venue.Command> secondVenue = venue(second, secondSees);
    final VenueDirectory directory = VenueDirectory.of(Map.of(first, firstVenue, second, secondVenue));

    private ActorRef<Venue.Command> venue(String id, TestProbe<Venue.Command> sees) {
      var settings = new VenueSettings(id, VenueSettings.DEFAULT_GUARDIAN_ID, SIGNER, clock, Duration.ofSeconds(3),
          Duration.ofMillis(100));
      return kit.spawn(Behaviors.monitor(Venue.Command.class, sees.ref(),
          VenueActor.create(settings, new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS), guardianReports.ref())));
    }

    VenueState orders(ActorRef<Venue.Command> venue) {
      TestProbe<VenueState> inspector = kit.createTestProbe();
      venue.tell(new Venue.GetOrders(inspector.ref()));
      return inspector.receiveMessage();
    }
  }

  /** A bot on {@code venueId} (no quote anywhere, so its market order rests), led to EXECUTING. */
  private final class RoutedBot {
    final String id;
    final TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
    final ActorRef<Bot.Command> bot;
    final Order order;
    final RiskGuardian.AcknowledgeOrder acknowledge;

    RoutedBot(TwoVenues venues, String venueId) {
      id = "router-" + venues.run + "-" + venueId;
      var settings = BotSettings.defaults().withClock(venues.clock).withRetryInterval(Duration.ofMillis(100));
      bot = kit.spawn(BotEntity.create(id, BotLinks.of(guardian.ref(), venues.directory), settings));
      TestProbe<Bot.Ack> acks = kit.createTestProbe();
      bot.tell(new Bot.Create(new BotConfig(id, "core", "BTC", venueId, VenueMode.PAPER, "crypto_momentum",
          SignalMode.BOTH, ApprovalMode.AUTO_EXECUTE, Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY,
          Duration.ofHours(1)), acks.ref()));
      assertInstanceOf(Bot.Accepted.class, acks.receiveMessage());
      bot.tell(new Bot.IngestSignal(new Signal("sig-1", id, "BTC", SignalAction.ENTER_LONG, new BigDecimal("42000"),
          null, null, "test", venues.clock.instant()), acks.ref()));
      assertInstanceOf(Bot.Accepted.class, acks.receiveMessage());
      var review = guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
      review.replyTo().tell(new RiskGuardian.TradeApproved(review.proposal().reviewId(), new BigDecimal("0.5"),
          new BigDecimal("250"), "ok"));
      acknowledge = guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class);
      order = acknowledge.order();
      assertEquals(venueId, order.venue());
    }

    /** What the guardian does with an acknowledged order: sends it, signed, to the venue it names. */
    void sentTo(ActorRef<Venue.Command> venue, Instant now) {
      venue.tell(new Venue.Submit(SIGNER.sign(order, "ack-" + order.clientOrderId(), VenueSettings.DEFAULT_GUARDIAN_ID,
          now, now.plusSeconds(30)), acknowledge.reportTo()));
    }

    BotState state() {
      TestProbe<BotState> probe = kit.createTestProbe();
      bot.tell(new Bot.GetState(probe.ref()));
      return probe.receiveMessage();
    }
  }

  /** The first {@code type} the venue receives from now on (its earlier commands skipped). */
  private static Venue.Command nextOf(TestProbe<Venue.Command> sees, Class<? extends Venue.Command> type) {
    var seen = sees.fishForMessage(Duration.ofSeconds(3),
        c -> type.isInstance(c) ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    return seen.get(seen.size() - 1);
  }

  @Test
  void anOrderWorkingOnTheSecondVenueIsQueriedAndCancelledThereAndTheFirstIsNeverAsked() {
    var venues = new TwoVenues();
    var bot = new RoutedBot(venues, venues.second);
    ClientOrderId id = bot.order.clientOrderId();
    bot.sentTo(venues.secondVenue, venues.clock.instant());
    bot.guardian.awaitAssert(() -> {
      assertTrue(bot.state() instanceof BotState.Executing ex && ex.working().accepted(), "accepted by the second venue");
      return null;
    });

    // Waiting on its resting order, the bot asks after it (every 100 ms), at the second venue only.
    venues.firstSees.expectNoMessage(Duration.ofMillis(300));
    assertEquals(id, ((Venue.QueryOrder) nextOf(venues.secondSees, Venue.QueryOrder.class)).clientOrderId());
    // Past its execution timeout, it cancels the rest, at the second venue too.
    venues.clock.advance(BotSettings.defaults().executionTimeout().plusMinutes(1));
    assertEquals(id, ((Venue.CancelOrder) nextOf(venues.secondSees, Venue.CancelOrder.class)).clientOrderId());

    bot.guardian.awaitAssert(() -> {
      assertEquals(Phase.IDLE, bot.state().phase(), "the unfilled entry settled as cancelled");
      return null;
    });
    assertTrue(bot.state().data().lastOutcome().reason().contains("execution timeout"),
        bot.state().data().lastOutcome()::toString);
    assertEquals(OrderStatus.CANCELLED, venues.orders(venues.secondVenue).find(id).orElseThrow().status());
    venues.firstSees.expectNoMessage(Duration.ofMillis(300)); // never asked: it would have answered CANCELLED / UNKNOWN
    var first = venues.orders(venues.firstVenue);
    assertTrue(first.orders().isEmpty() && first.cancelledBeforeArrival().isEmpty(), first::toString);
  }

  @Test
  void anOrderOnAVenueTheNodeDoesNotKnowFailsExplicitlyInsteadOfWaitingInSilence() {
    var venues = new TwoVenues();
    var bot = new RoutedBot(venues, "paper-nowhere");
    // The guardian would refuse it (its directory is the same); here it stays silent, and the bot asks the venue.

    bot.guardian.awaitAssert(Duration.ofSeconds(3), () -> {
      assertEquals(Phase.IDLE, bot.state().phase());
      return null;
    });
    String reason = bot.state().data().lastOutcome().reason();
    assertTrue(reason.contains("unknown venue paper-nowhere"), reason);
    venues.firstSees.expectNoMessage(Duration.ofMillis(200));
    venues.secondSees.expectNoMessage(Duration.ofMillis(1));
  }
}
