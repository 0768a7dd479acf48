package io.dorado.actors.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.Desired;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.fleet.FleetEvent;
import io.dorado.protocol.fleet.FleetState;
import io.dorado.protocol.fleet.Stage;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetSupervisorTest {
  private final ActorTestKit testKit = ActorTestKit.create("fleet-supervisor", TestConfigs.eventSourced());
  // A new map per test: a fleet from an earlier test (still running, its sync timer still firing) keeps talking to
  // that test's probes, never to this one's (it once answered this test's bot first: FleetSupervisorTest in CI).
  private Map<String, TestProbe<Bot.Command>> bots = new HashMap<>();
  private TestProbe<Allocator.Command> allocator;
  private EventSourcedBehaviorTestKit<Fleet.Command, FleetEvent, FleetState> fleet;
  private int runs;

  private static final Universe CORE = new Universe("core", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD"), new Underlying("ETH", AssetClass.CRYPTO, "paper", "USD")));
  private static final BotConfigValidator VALIDATOR =
      BotConfigValidator.of(List.of(CORE), Set.of("paper"), Set.of("crypto_momentum"), false);

  @BeforeEach
  void fresh() {
    bots = new HashMap<>();
    allocator = testKit.createTestProbe(Allocator.Command.class);
    // The sync timer is left to tests that send SyncPending themselves, so every message is expected.
    var settings = new FleetSupervisor.Settings(VALIDATOR, Duration.ofHours(1), Clock.systemUTC());
    fleet = EventSourcedBehaviorTestKit.create(testKit.system(),
        FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-" + (++runs)), settings, botsOfThisTest(),
            Optional.of(testKit.spawn(answering(allocator)))));
  }

  /** An allocator that accepts every registration and retirement, telling {@code seen} what it got. */
  private static Behavior<Allocator.Command> answering(TestProbe<Allocator.Command> seen) {
    return Behaviors.receiveMessage(command -> {
      seen.getRef().tell(command);
      if (command instanceof Allocator.RegisterArm r) r.replyTo().tell(new Allocator.Accepted("registered " + r.botId()));
      if (command instanceof Allocator.RetireArm r) r.replyTo().tell(new Allocator.Accepted("retired " + r.botId()));
      return Behaviors.same();
    });
  }

  @AfterAll
  void stop() {
    testKit.shutdownTestKit();
  }

  /** How the fleet under test finds a bot: this test's probes only. */
  private BotDirectory botsOfThisTest() {
    Map<String, TestProbe<Bot.Command>> mine = bots;
    return id -> mine.computeIfAbsent(id, x -> testKit.createTestProbe(Bot.Command.class)).getRef();
  }

  private TestProbe<Bot.Command> probe(String botId) {
    return bots.computeIfAbsent(botId, id -> testKit.createTestProbe(Bot.Command.class));
  }

  private static BotConfig config(String id, String underlying, VenueMode mode) {
    return new BotConfig(id, "core", underlying, "paper", mode, "crypto_momentum", SignalMode.BOTH,
        ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(new BigDecimal("0.5")), RegimeFilter.ANY, null);
  }

  private Fleet.Reply create(BotConfig config) {
    return fleet.<Fleet.Reply>runCommand(r -> new Fleet.CreateBot(config, "ops", r)).reply();
  }

  /** Plays the bot: answers the creation, then the pause or resume, and returns which it was. */
  private Bot.Command answerSync(String botId, Phase phase) {
    var bot = probe(botId);
    var create = bot.expectMessageClass(Bot.Create.class);
    create.replyTo().tell(new Bot.Accepted(botId, phase, "created"));
    var next = bot.receiveMessage();
    if (next instanceof Bot.Pause p) p.replyTo().tell(new Bot.Accepted(botId, phase, "paused"));
    if (next instanceof Bot.Resume r) r.replyTo().tell(new Bot.Accepted(botId, phase, "resumed"));
    awaitSynced(botId);
    return next;
  }

  private void awaitSynced(String botId) {
    probe(botId).awaitAssert(() -> {
      assertTrue(fleet.getState().bots().get(botId).synced(), botId + " synced");
      return null;
    });
  }

  @Test
  void a_valid_config_creates_the_bot_registers_it_with_the_allocator_and_is_confirmed() {
    var reply = create(config("btc-1", "BTC", VenueMode.PAPER));

    assertInstanceOf(Fleet.Done.class, reply);
    var register = allocator.expectMessageClass(Allocator.RegisterArm.class);
    assertEquals("crypto_momentum", register.template());
    assertInstanceOf(Bot.Resume.class, answerSync("btc-1", Phase.IDLE));
    awaitSynced("btc-1");
    assertEquals(Desired.RUNNING, fleet.getState().bots().get("btc-1").desired());
  }

  @Test
  void a_creation_is_answered_once_the_allocator_has_registered_the_bot_so_its_first_entry_meets_a_budget() {
    var silent = testKit.createTestProbe(Allocator.Command.class);
    var settings = new FleetSupervisor.Settings(VALIDATOR, Duration.ofHours(1), Clock.systemUTC());
    var own = testKit.spawn(FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-arm-" + (++runs)), settings,
        botsOfThisTest(), Optional.of(silent.getRef())));
    var creator = testKit.createTestProbe(Fleet.Reply.class);

    own.tell(new Fleet.CreateBot(config("btc-1", "BTC", VenueMode.PAPER), "ops", creator.getRef()));
    var register = silent.expectMessageClass(Allocator.RegisterArm.class);
    creator.expectNoMessage(Duration.ofMillis(300)); // the allocator (which pushes budgets to the guardian) has not answered
    register.replyTo().tell(new Allocator.Accepted("registered on arm crypto_momentum"));

    assertEquals(new Fleet.Done("bot btc-1 created"), creator.receiveMessage());
  }

  @Test
  void a_registration_the_allocator_did_not_answer_is_sent_again_and_the_creation_says_so() {
    var silent = testKit.createTestProbe(Allocator.Command.class);
    var settings = new FleetSupervisor.Settings(VALIDATOR, Duration.ofMillis(500), Clock.systemUTC());
    var own = testKit.spawn(FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-arm-" + (++runs)), settings,
        botsOfThisTest(), Optional.of(silent.getRef())));
    var creator = testKit.createTestProbe(Fleet.Reply.class);

    own.tell(new Fleet.CreateBot(config("btc-1", "BTC", VenueMode.PAPER), "ops", creator.getRef()));
    silent.expectMessageClass(Allocator.RegisterArm.class); // lost (a hand-over, say)
    var done = (Fleet.Done) creator.receiveMessage(Duration.ofSeconds(3));
    assertTrue(done.detail().startsWith("bot btc-1 created; the allocator has not answered its registration yet"),
        done.detail());

    var again = silent.expectMessageClass(Allocator.RegisterArm.class, Duration.ofSeconds(3));
    assertEquals("btc-1", again.botId());
    again.replyTo().tell(new Allocator.Accepted("registered"));
    silent.expectNoMessage(Duration.ofSeconds(2)); // answered: not registered again
  }

  @Test
  void an_invalid_config_is_refused_naming_the_field_and_nothing_is_created() {
    var unknownUnderlying = create(config("doge-1", "DOGE", VenueMode.PAPER));
    var live = create(config("btc-live", "BTC", VenueMode.LIVE));

    assertEquals("invalid bot config: underlying: 'DOGE' is not in universe core",
        ((Fleet.Refused) unknownUnderlying).reason());
    assertTrue(((Fleet.Refused) live).reason().startsWith("invalid bot config: venue_mode: live trading is not enabled"));
    assertTrue(fleet.getState().bots().isEmpty());
    probe("doge-1").expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void creating_again_with_the_same_config_changes_nothing_and_another_config_is_refused() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);

    var again = fleet.<Fleet.Reply>runCommand(r -> new Fleet.CreateBot(config("btc-1", "BTC", VenueMode.PAPER), "ops", r));
    var other = create(config("btc-1", "ETH", VenueMode.PAPER));

    assertEquals(new Fleet.Done("bot btc-1 is already registered"), again.reply());
    assertTrue(again.hasNoEvents());
    assertInstanceOf(Fleet.Refused.class, other);
  }

  @Test
  void pausing_a_bot_persists_the_wish_then_tells_the_bot_until_it_confirms() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);
    awaitSynced("btc-1");

    var reply = fleet.<Fleet.Reply>runCommand(r -> new Fleet.PauseBot("btc-1", "alice", r));
    assertInstanceOf(Fleet.Done.class, reply.reply());
    assertEquals(Desired.PAUSED, ((FleetEvent.DesiredStateSet) reply.event()).desired());

    // The bot does not answer the first time: the sync timer tells it again.
    var bot = probe("btc-1");
    bot.expectMessageClass(Bot.Create.class);
    bot.expectMessageClass(Bot.Pause.class);
    assertFalse(fleet.getState().bots().get("btc-1").synced());
    fleet.runCommand(new Fleet.SyncPending());
    assertInstanceOf(Bot.Pause.class, answerSync("btc-1", Phase.IDLE));
    fleet.runCommand(new Fleet.SyncPending());
    bot.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void commands_for_an_unknown_bot_answer_not_found() {
    assertEquals(new Fleet.NotFound("nope"), fleet.<Fleet.Reply>runCommand(r -> new Fleet.PauseBot("nope", "ops", r)).reply());
    assertEquals(new Fleet.NotFound("nope"), fleet.<Fleet.Reply>runCommand(r -> new Fleet.RetireBot("nope", "ops", "x", r)).reply());
    assertEquals(new Fleet.NotFound("nope"), fleet.<Fleet.BotLookup>runCommand(r -> new Fleet.GetBot("nope", r)).reply());
  }

  @Test
  void a_bot_holding_a_position_cannot_be_retired_until_it_is_flat() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);
    fleet.runCommand(new Fleet.BotStatusChanged("btc-1", Phase.MONITORING, true, java.time.Instant.now()));

    var refused = fleet.<Fleet.Reply>runCommand(r -> new Fleet.RetireBot("btc-1", "ops", "done", r)).reply();
    assertTrue(((Fleet.Refused) refused).reason().contains("MONITORING"), refused.toString());

    fleet.runCommand(new Fleet.BotStatusChanged("btc-1", Phase.IDLE, false, java.time.Instant.now()));
    var retired = fleet.<Fleet.Reply>runCommand(r -> new Fleet.RetireBot("btc-1", "ops", "done", r));
    assertInstanceOf(Fleet.Done.class, retired.reply());
    allocator.expectMessageClass(Allocator.RegisterArm.class);
    assertEquals("btc-1", allocator.expectMessageClass(Allocator.RetireArm.class).botId());
    assertInstanceOf(Bot.Pause.class, answerSync("btc-1", Phase.IDLE));
    var resume = fleet.<Fleet.Reply>runCommand(r -> new Fleet.ResumeBot("btc-1", "ops", r)).reply();
    assertEquals(new Fleet.Refused("bot btc-1 is retired"), resume);
  }

  @Test
  void a_holding_flip_is_written_and_survives_a_restart_while_phase_only_reports_write_nothing() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);

    // Reports only queue the flag; the supervisor's own WriteHoldings writes every flip queued by then at once.
    fleet.runCommand(new Fleet.BotStatusChanged("btc-1", Phase.SIGNAL_RECEIVED, true, java.time.Instant.now()));
    fleet.runCommand(new Fleet.BotStatusChanged("btc-1", Phase.RISK_CHECK, true, java.time.Instant.now()));

    var found = (Fleet.Found) fleet.<Fleet.BotLookup>runCommand(r -> new Fleet.GetBot("btc-1", r)).reply();
    assertEquals(Phase.RISK_CHECK, found.bot().phase(), "the live phase, as last reported");
    assertTrue(found.bot().holding());

    BotEntry recovered = fleet.restart().state().bots().get("btc-1");
    assertTrue(recovered.holding(), "the flip was written");
    assertEquals(Phase.SIGNAL_RECEIVED, recovered.phase(), "the phase written with the flip; the phase-only report was not");
  }

  @Test
  void pausing_the_fleet_pauses_every_bot_and_resuming_keeps_bots_paused_one_by_one() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);
    create(config("eth-1", "ETH", VenueMode.PAPER));
    answerSync("eth-1", Phase.IDLE);
    fleet.<Fleet.Reply>runCommand(r -> new Fleet.PauseBot("eth-1", "ops", r));
    answerSync("eth-1", Phase.IDLE);
    awaitSynced("eth-1");

    fleet.<Fleet.Reply>runCommand(r -> new Fleet.PauseFleet("ops", "news at 14:30", r));
    assertInstanceOf(Bot.Pause.class, answerSync("btc-1", Phase.IDLE));
    assertInstanceOf(Bot.Pause.class, answerSync("eth-1", Phase.IDLE));
    assertTrue(fleet.getState().paused());

    fleet.<Fleet.Reply>runCommand(r -> new Fleet.ResumeFleet("ops", r));
    assertInstanceOf(Bot.Resume.class, answerSync("btc-1", Phase.IDLE));
    assertInstanceOf(Bot.Pause.class, answerSync("eth-1", Phase.IDLE));
    awaitSynced("btc-1");
    awaitSynced("eth-1");
  }

  @Test
  void after_a_restart_only_the_bots_that_hold_something_are_woken() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    answerSync("btc-1", Phase.IDLE);
    create(config("eth-1", "ETH", VenueMode.PAPER));
    answerSync("eth-1", Phase.IDLE);
    awaitSynced("btc-1");
    awaitSynced("eth-1");
    fleet.runCommand(new Fleet.BotStatusChanged("btc-1", Phase.EXECUTING, true, java.time.Instant.now()));
    // Holding changes are written in a batch the supervisor asks itself for: asking its state waits for that write
    // (a restart before it would lose the change, and nothing would be woken).
    assertTrue(fleet.getState().bots().get("btc-1").holding(), "the holding is written before the restart");

    fleet.restart();

    probe("btc-1").expectMessageClass(Bot.GetState.class);
    probe("eth-1").expectNoMessage(Duration.ofMillis(200));
    assertTrue(fleet.getState().bots().get("btc-1").holding());
  }

  @Test
  void an_annotation_is_kept_in_the_journal() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    var result = fleet.<Fleet.Reply>runCommand(r -> new Fleet.Annotate("btc-1", "rv-1", "good_entry", "alice", r));
    var missingTag = fleet.<Fleet.Reply>runCommand(r -> new Fleet.Annotate("btc-1", "rv-1", " ", "alice", r));

    assertEquals(new FleetEvent.TradeAnnotated("btc-1", "rv-1", "good_entry", "alice",
        ((FleetEvent.TradeAnnotated) result.event()).at()), result.event());
    assertInstanceOf(Fleet.Refused.class, missingTag.reply());
    assertTrue(missingTag.hasNoEvents());
  }

  @Test
  void a_humans_pick_from_a_scans_ranked_list_is_kept_in_the_journal_with_who_which_candidate_and_which_scan() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    var pick = fleet.<Fleet.Reply>runCommand(r -> new Fleet.RecordPick("btc-1", "scan-9", "scan-9-btc-1-long", 2, 0.71,
        "scan-9-btc-1-long", "paper: correlated cluster crypto would exceed 20%", "alice", r));
    var unknownBot = fleet.<Fleet.Reply>runCommand(r -> new Fleet.RecordPick("nope", "scan-9", "c", 1, 0.5, "c", "x",
        "alice", r));
    var noScan = fleet.<Fleet.Reply>runCommand(r -> new Fleet.RecordPick("btc-1", " ", "c", 1, 0.5, "c", "x", "alice", r));

    var picked = (FleetEvent.CandidatePicked) pick.event();
    assertEquals(new FleetEvent.CandidatePicked("btc-1", "scan-9", "scan-9-btc-1-long", 2, 0.71, "scan-9-btc-1-long",
        "paper: correlated cluster crypto would exceed 20%", "alice", picked.at()), picked);
    assertInstanceOf(Fleet.Done.class, pick.reply());
    assertEquals(new Fleet.NotFound("nope"), unknownBot.reply());
    assertTrue(unknownBot.hasNoEvents());
    assertInstanceOf(Fleet.Refused.class, noScan.reply());
    assertTrue(noScan.hasNoEvents());
  }

  @Test
  void a_promotion_to_canary_is_refused_while_live_trading_is_off_and_nothing_is_recorded() {
    create(config("btc-1", "BTC", VenueMode.PAPER));
    var reply = fleet.<Fleet.Reply>runCommand(r -> new Fleet.Promote("btc-1", Stage.CANARY, "met", "ladder", r));

    assertEquals(new Fleet.Refused("canary trades live: venue_mode: live trading is not enabled on this fleet "
        + "(dorado.venues.live-trading-enabled)"), reply.reply());
    assertTrue(reply.events().isEmpty());
    assertEquals(Stage.PAPER, fleet.getState().bots().get("btc-1").stage());
  }

  @Test
  void with_live_trading_on_a_bot_climbs_one_step_at_a_time_and_each_promotion_is_a_fleet_event() {
    var live = BotConfigValidator.of(List.of(CORE), Set.of("paper"), Set.of("crypto_momentum"), true);
    var ladder = EventSourcedBehaviorTestKit.<Fleet.Command, FleetEvent, FleetState>create(testKit.system(),
        FleetSupervisor.create(PersistenceId.ofUniqueId("fleet-ladder-" + (++runs)),
            new FleetSupervisor.Settings(live, Duration.ofHours(1), Clock.systemUTC()), botsOfThisTest(), Optional.empty()));
    ladder.<Fleet.Reply>runCommand(r -> new Fleet.CreateBot(config("eth-1", "ETH", VenueMode.PAPER), "ops", r));

    var skip = ladder.<Fleet.Reply>runCommand(r -> new Fleet.Promote("eth-1", Stage.FULL, "met", "ladder", r));
    assertInstanceOf(Fleet.Refused.class, skip.reply());
    var canary = ladder.<Fleet.Reply>runCommand(r -> new Fleet.Promote("eth-1", Stage.CANARY, "5 trades", "ladder", r));
    assertEquals(new Fleet.Done("bot eth-1 promoted to canary"), canary.reply());
    var event = assertInstanceOf(FleetEvent.BotPromoted.class, canary.event());
    assertEquals(List.of(Stage.PAPER, Stage.CANARY, "5 trades"), List.of(event.from(), event.to(), event.reason()));
    assertEquals(Stage.CANARY, ladder.getState().bots().get("eth-1").stage());
    var again = ladder.<Fleet.Reply>runCommand(r -> new Fleet.Promote("eth-1", Stage.CANARY, "again", "ladder", r));
    assertEquals(new Fleet.Done("bot eth-1 is already canary"), again.reply());

    ladder.restart();
    assertEquals(Stage.CANARY, ladder.getState().bots().get("eth-1").stage(), "the stage is rebuilt from the journal");
  }
}
