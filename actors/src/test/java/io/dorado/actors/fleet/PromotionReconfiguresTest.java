package io.dorado.actors.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.bot.BotSettings;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A promotion is not only a record: the fleet supervisor reconfigures the real bot to the step's config
 * (canary: live at canary_size_pct of the registered size; full: live at the registered size).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotionReconfiguresTest {
  private static final Universe CORE = new Universe("core", List.of(new Underlying("ETH", AssetClass.CRYPTO, "paper", "USD")));
  private static final BotConfigValidator LIVE_ON =
      BotConfigValidator.of(List.of(CORE), Set.of("paper"), Set.of("crypto_momentum"), true);
  private final ActorTestKit testKit = ActorTestKit.create("promotion", TestConfigs.eventSourced());

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void a_promotion_to_canary_then_full_changes_the_running_bots_venue_mode_and_size() {
    Map<String, ActorRef<Bot.Command>> bots = new ConcurrentHashMap<>();
    var botSettings = BotSettings.defaults().withValidator(LIVE_ON);
    TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
    TestProbe<Venue.Command> venue = testKit.createTestProbe();
    var settings = new FleetSupervisor.Settings(LIVE_ON, Duration.ofMillis(200), Clock.systemUTC())
        .withLadder(new LadderPolicy(null, null, new BigDecimal("25")));
    var fleet = testKit.spawn(FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-promotion"), settings,
        id -> bots.computeIfAbsent(id, i -> testKit.spawn(BotEntity.create(i, guardian.getRef(), venue.getRef(), botSettings))),
        Optional.empty()));
    TestProbe<Fleet.Reply> replies = testKit.createTestProbe();
    fleet.tell(new Fleet.CreateBot(config(), "ops", replies.getRef()));
    assertInstanceOf(Fleet.Done.class, replies.receiveMessage());

    fleet.tell(new Fleet.Promote("eth-1", Stage.CANARY, "5 trades", "ladder", replies.getRef()));
    assertEquals(new Fleet.Done("bot eth-1 promoted to canary"), replies.receiveMessage());
    BotConfig canary = awaitConfig(bots, c -> c.venueMode() == VenueMode.LIVE);
    assertEquals(0, new BigDecimal("0.5").compareTo(canary.sizing().quantity()), "25% of the registered 2");

    fleet.tell(new Fleet.Promote("eth-1", Stage.FULL, "8 trades, 28 days", "ladder", replies.getRef()));
    assertInstanceOf(Fleet.Done.class, replies.receiveMessage());
    BotConfig full = awaitConfig(bots, c -> c.sizing().quantity().compareTo(new BigDecimal("2")) == 0);
    assertEquals(VenueMode.LIVE, full.venueMode());
    assertEquals(config().strategyTemplate(), full.strategyTemplate());
  }

  @Test
  void an_operators_reconfiguration_is_validated_recorded_durably_and_reaches_the_running_bot() {
    Map<String, ActorRef<Bot.Command>> bots = new ConcurrentHashMap<>();
    var botSettings = BotSettings.defaults().withValidator(LIVE_ON);
    TestProbe<RiskGuardian.Command> guardian = testKit.createTestProbe();
    TestProbe<Venue.Command> venue = testKit.createTestProbe();
    var settings = new FleetSupervisor.Settings(LIVE_ON, Duration.ofMillis(200), Clock.systemUTC());
    var id = PersistenceId.ofUniqueId("fleet-reconfigure");
    java.util.function.Supplier<ActorRef<Fleet.Command>> start = () -> testKit.spawn(FleetSupervisor.create(id, settings,
        i -> bots.computeIfAbsent(i, x -> testKit.spawn(BotEntity.create(x, guardian.getRef(), venue.getRef(), botSettings))),
        Optional.empty()));
    var fleet = start.get();
    TestProbe<Fleet.Reply> replies = testKit.createTestProbe();
    fleet.tell(new Fleet.CreateBot(config(), "ops", replies.getRef()));
    assertInstanceOf(Fleet.Done.class, replies.receiveMessage());

    var onDemand = io.dorado.protocol.bot.SignalSource.ON_DEMAND;
    fleet.tell(new Fleet.ReconfigureBot("eth-1", null, Sizing.fixedQuantity(BigDecimal.ONE), onDemand, "http:alice",
        replies.getRef()));
    var done = assertInstanceOf(Fleet.Done.class, replies.receiveMessage());
    assertEquals("bot eth-1 reconfigured: crypto_momentum, paper, quantity 1", done.detail());
    BotConfig running = awaitConfig(bots, c -> c.sizing().quantity().compareTo(BigDecimal.ONE) == 0);
    assertEquals(onDemand, running.signalSource());

    fleet.tell(new Fleet.ReconfigureBot("eth-1", "moonshot", null, null, "http:alice", replies.getRef()));
    assertEquals(new Fleet.Refused("invalid bot config: strategy_template: unknown template 'moonshot' (known: "
        + "[crypto_momentum])"), replies.receiveMessage());
    fleet.tell(new Fleet.ReconfigureBot("ghost", "crypto_momentum", null, null, "http:alice", replies.getRef()));
    assertEquals(new Fleet.NotFound("ghost"), replies.receiveMessage());
    fleet.tell(new Fleet.ReconfigureBot("eth-1", null, null, null, "http:alice", replies.getRef()));
    assertInstanceOf(Fleet.Refused.class, replies.receiveMessage());

    testKit.stop(fleet); // a new incarnation (another node's singleton) reads the change from the journal
    var again = start.get();
    TestProbe<Fleet.BotLookup> lookups = testKit.createTestProbe();
    again.tell(new Fleet.GetBot("eth-1", lookups.getRef()));
    BotConfig recorded = assertInstanceOf(Fleet.Found.class, lookups.receiveMessage()).bot().config();
    assertEquals(onDemand, recorded.signalSource());
    assertEquals(0, BigDecimal.ONE.compareTo(recorded.sizing().quantity()));
    assertEquals("crypto_momentum", recorded.strategyTemplate());
  }

  @Test
  void the_supervisor_sends_the_steps_config_again_until_the_bot_confirms() {
    TestProbe<Bot.Command> bot = testKit.createTestProbe();
    var settings = new FleetSupervisor.Settings(LIVE_ON, Duration.ofHours(1), Clock.systemUTC())
        .withLadder(new LadderPolicy(null, null, new BigDecimal("50")));
    var fleet = testKit.spawn(FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-resend"), settings,
        id -> bot.getRef(), Optional.empty()));
    TestProbe<Fleet.Reply> replies = testKit.createTestProbe();
    fleet.tell(new Fleet.CreateBot(config(), "ops", replies.getRef()));
    replies.expectMessageClass(Fleet.Done.class);
    drain(bot, true);

    fleet.tell(new Fleet.Promote("eth-1", Stage.CANARY, "5 trades", "ladder", replies.getRef()));
    replies.expectMessageClass(Fleet.Done.class);
    BotConfig canary = Ladder.configFor(config(), Stage.CANARY, settings.ladder());
    List<Bot.Command> lost = drain(bot, false); // nothing reaches the bot: no answers
    assertEquals(List.of(Bot.Reconfigure.class, Bot.Create.class, Bot.Resume.class),
        lost.stream().map(Object::getClass).toList());
    assertEquals(canary, ((Bot.Reconfigure) lost.get(0)).config());
    assertEquals(canary, ((Bot.Create) lost.get(1)).config(), "the creation that follows is the same config");

    fleet.tell(new Fleet.SyncPending());
    List<Bot.Command> again = drain(bot, true);
    assertEquals(canary, ((Bot.Reconfigure) again.get(0)).config(), "sent again until the bot confirms");
    TestProbe<Fleet.BotLookup> lookups = testKit.createTestProbe();
    lookups.awaitAssert(() -> {
      fleet.tell(new Fleet.GetBot("eth-1", lookups.getRef()));
      var found = assertInstanceOf(Fleet.Found.class, lookups.receiveMessage());
      assertEquals(true, found.bot().synced());
      return null;
    });
    fleet.tell(new Fleet.SyncPending());
    bot.expectNoMessage(Duration.ofMillis(200)); // confirmed: nothing more to send
  }

  /** Everything the supervisor sends the bot until it falls quiet, answered as a bot would if {@code answer}. */
  private static List<Bot.Command> drain(TestProbe<Bot.Command> bot, boolean answer) {
    var seen = new java.util.ArrayList<Bot.Command>();
    while (true) {
      Bot.Command c;
      try {
        c = bot.receiveMessage(Duration.ofMillis(300));
      } catch (AssertionError quiet) {
        return seen;
      }
      seen.add(c);
      if (!answer) continue;
      if (c instanceof Bot.Create x) answer(x.replyTo());
      if (c instanceof Bot.Reconfigure x) answer(x.replyTo());
      if (c instanceof Bot.Resume x) answer(x.replyTo());
      if (c instanceof Bot.Pause x) answer(x.replyTo());
    }
  }

  private static void answer(ActorRef<Bot.Ack> replyTo) {
    replyTo.tell(new Bot.Accepted("eth-1", io.dorado.protocol.bot.Phase.IDLE, "ok"));
  }

  @Test
  void the_steps_config_is_the_registered_one_on_paper_and_a_fraction_of_its_size_on_canary() {
    var policy = new LadderPolicy(null, null, new BigDecimal("50"));
    BotConfig registered = config();
    assertEquals(registered, Ladder.configFor(registered, Stage.PAPER, policy));
    BotConfig canary = Ladder.configFor(registered, Stage.CANARY, policy);
    assertEquals(VenueMode.LIVE, canary.venueMode());
    assertEquals(0, BigDecimal.ONE.compareTo(canary.sizing().quantity()));
    BotConfig byRisk = new BotConfig("r", "core", "ETH", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.riskPct(new BigDecimal("1.5")), RegimeFilter.ANY, null);
    assertEquals(0, new BigDecimal("0.75").compareTo(Ladder.configFor(byRisk, Stage.CANARY, policy).sizing().riskPct()));
    assertNull(Ladder.configFor(byRisk, Stage.CANARY, policy).sizing().quantity());
    assertEquals(byRisk.sizing(), Ladder.configFor(byRisk, Stage.FULL, policy).sizing());
  }

  private BotConfig awaitConfig(Map<String, ActorRef<Bot.Command>> bots, java.util.function.Predicate<BotConfig> done) {
    TestProbe<BotState> states = testKit.createTestProbe();
    return states.awaitAssert(Duration.ofSeconds(10), () -> {
      bots.get("eth-1").tell(new Bot.GetState(states.getRef()));
      BotConfig c = states.receiveMessage().data().config();
      if (!done.test(c)) throw new AssertionError("not yet: " + c);
      return c;
    });
  }

  private static BotConfig config() {
    return new BotConfig("eth-1", "core", "ETH", "paper", VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("2")), RegimeFilter.ANY, null);
  }
}
