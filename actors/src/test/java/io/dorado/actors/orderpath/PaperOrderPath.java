package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.actors.orderpath.risk.RiskGuardianActor;
import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine;
import io.dorado.actors.orderpath.venue.PaperVenue;
import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The order path's real actors on a test system: a risk guardian (100,000 cash, the default policy), a
 * paper venue (5 bps slippage) whose reports reach the guardian and are kept in {@link #fills}, and one bot
 * on them. Actor names end in the bot's id, so one test kit can hold several.
 */
final class PaperOrderPath {
  final ActorRef<RiskGuardian.Command> guardian;
  final String guardianId;
  final ActorRef<Venue.Command> venue;
  final ActorRef<Bot.Command> bot;
  /** Every fill the venue reported, in order. */
  final List<Fill> fills = new CopyOnWriteArrayList<>();
  /** Every order that reached the venue (each submission the guardian forwarded), in order. */
  final List<Venue.Submit> submits = new CopyOnWriteArrayList<>();
  /** The paper venue itself (a counterparty's partial fill: {@link PaperVenue#fill}). */
  final PaperVenue paper;
  private final ActorTestKit kit;
  private final ActorRef<Venue.Command> venueSeen;

  private PaperOrderPath(ActorTestKit kit, String secret, String guardianId, String venueId, Universe universe,
      String botId, RiskPolicy policy) {
    this.kit = kit;
    this.guardianId = guardianId;
    Clock clock = Clock.systemUTC();
    AckSigner signer = AckSigner.ofSecret(secret);
    var engine = new RiskEngine(policy, Instrument.Lookup.of(universe, policy));
    var venues = new java.util.concurrent.ConcurrentHashMap<String, ActorRef<Venue.Command>>();
    guardian = kit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings(guardianId, new BigDecimal("100000"),
        Duration.ofSeconds(30), signer, clock), engine, VenueDirectory.of(venues)), "guardian-" + botId);
    ActorRef<OrderReport> toGuardian = kit.spawn(Behaviors.<OrderReport>receiveMessage(r -> {
      fills.addAll(r.fills());
      guardian.tell(new RiskGuardian.VenueReported(r));
      return Behaviors.same();
    }), "guardian-reports-" + botId);
    paper = new PaperVenue(new PaperMatchingEngine.Settings(new BigDecimal("5"), BigDecimal.ZERO, BigDecimal.ZERO, null));
    venue = kit.spawn(VenueActor.create(new VenueSettings(venueId, guardianId, signer, clock, null, null), paper,
        toGuardian), "venue-" + botId);
    venueSeen = kit.spawn(Behaviors.<Venue.Command>receiveMessage(m -> {
      if (m instanceof Venue.Submit submit) submits.add(submit);
      venue.tell(m);
      return Behaviors.same();
    }), "venue-seen-" + botId);
    venues.put(venueId, venueSeen);
    bot = addBot(botId);
  }

  static PaperOrderPath start(ActorTestKit kit, String secret, String guardianId, String venueId, Universe universe,
      String botId) {
    return start(kit, secret, guardianId, venueId, universe, botId, RiskPolicy.DEFAULT);
  }

  static PaperOrderPath start(ActorTestKit kit, String secret, String guardianId, String venueId, Universe universe,
      String botId, RiskPolicy policy) {
    return new PaperOrderPath(kit, secret, guardianId, venueId, universe, botId, policy);
  }

  /** Another bot on the same guardian and venue. */
  ActorRef<Bot.Command> addBot(String botId) {
    return addBot(botId, "bot-" + botId, s -> s);
  }

  /** A bot (or a new incarnation of one: the same id under another actor name) with the settings the test shapes. */
  ActorRef<Bot.Command> addBot(String botId, String name, java.util.function.UnaryOperator<BotSettings> tune) {
    return kit.spawn(BotEntity.create(botId, guardian, venueSeen,
        tune.apply(BotSettings.defaults().withRetryInterval(Duration.ofMillis(500)))), name);
  }

  /**
   * Waits until the venue has reported {@code count} fills: its reports go to the bot and to the guardian
   * separately, so the bot may be done before the guardian's copy (which fills this list) arrives.
   */
  void awaitFills(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fills.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
    org.junit.jupiter.api.Assertions.assertEquals(count, fills.size(), "fills the venue reported: " + fills);
  }

  /** Marks the guardian at the mid and quotes the venue. */
  void price(String symbol, String bid, String ask) {
    Instant now = Instant.now();
    guardian.tell(new RiskGuardian.MarkPrice(symbol, new BigDecimal(bid).add(new BigDecimal(ask)).divide(BigDecimal.valueOf(2)), now));
    venue.tell(new Venue.MarketPrice(symbol, new BigDecimal(bid), new BigDecimal(ask), now));
  }
}
