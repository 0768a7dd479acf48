package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link Bot.Reconfigure}: a new config applies at once in IDLE; with a trade under way it waits until the
 * bot is next IDLE (the open trade keeps its sizing); a config for another bot or one the fleet would
 * refuse is rejected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconfigureTest {
  private static final Duration TIMEOUT = Duration.ofHours(4);
  private final ActorTestKit testKit = ActorTestKit.create("reconfigure", TestConfigs.eventSourced());
  private BotFixture bot;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    // The fleet's validator as the bot sees it: live trading is off here.
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l, s -> s.withValidator(k -> k.venueMode() == VenueMode.LIVE
        ? Optional.of("venue_mode: live trading is not enabled on this fleet") : Optional.empty()));
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BotConfig sized(String quantity) {
    BotConfig k = BotFixture.config(ApprovalMode.HUMAN_REQUIRED, TIMEOUT);
    return new BotConfig(k.id(), k.universe(), k.underlying(), k.venue(), k.venueMode(), k.strategyTemplate(),
        k.signalMode(), k.approvalMode(), Sizing.fixedQuantity(new BigDecimal(quantity)), k.regimeFilter(),
        k.approvalTimeout());
  }

  @Test
  void inIdleTheNewConfigAppliesAtOnceAndTheNextTradeIsSizedByIt() {
    bot.create(ApprovalMode.HUMAN_REQUIRED, TIMEOUT);
    var result = bot.ask(r -> new Bot.Reconfigure(sized("0.25"), "ladder", r));
    var event = assertInstanceOf(BotEvent.Reconfigured.class, result.event());
    assertFalse(event.deferred());
    assertEquals(Phase.IDLE, assertInstanceOf(Bot.Accepted.class, result.reply()).phase());
    assertEquals(sized("0.25"), bot.state().data().config());
    assertNull(bot.state().data().pendingConfig());
    var review = bot.toRiskCheck(SignalAction.ENTER_LONG, "42000");
    assertEquals(0, new BigDecimal("0.25").compareTo(review.proposal().sizing().quantity()));
  }

  @Test
  void withAPositionOpenTheConfigWaitsUntilTheBotIsIdleAndSurvivesARestart() {
    bot.toMonitoring("42000");
    BotConfig before = bot.state().data().config();
    var result = bot.ask(r -> new Bot.Reconfigure(sized("0.25"), "ladder", r));
    assertTrue(assertInstanceOf(BotEvent.Reconfigured.class, result.event()).deferred());
    assertEquals(Phase.MONITORING, result.reply().phase());
    assertEquals(before, bot.state().data().config(), "the open trade keeps its config");
    assertEquals(sized("0.25"), bot.state().data().pendingConfig());

    bot.kit.restart();
    assertEquals(sized("0.25"), bot.state().data().pendingConfig());

    bot.ask(r -> new Bot.ClosePosition("done", r));
    Order close = bot.guardian.expectMessageClass(RiskGuardian.AcknowledgeOrder.class).order();
    bot.report(bot.filled(close, "0.5", "43000", true));
    assertEquals(Phase.IDLE, bot.phase());
    assertEquals(sized("0.25"), bot.state().data().config());
    assertNull(bot.state().data().pendingConfig());
  }

  @Test
  void theFleetCreatingTheBotWithThePendingConfigIsNotAConflict() {
    bot.toMonitoring("42000");
    bot.ask(r -> new Bot.Reconfigure(sized("0.25"), "ladder", r));
    var create = bot.ask(r -> new Bot.Create(sized("0.25"), r));
    assertInstanceOf(Bot.Accepted.class, create.reply());
    assertTrue(create.hasNoEvents());
    var again = bot.ask(r -> new Bot.Reconfigure(sized("0.25"), "ladder", r));
    assertTrue(again.hasNoEvents(), "a repeat changes nothing");
    assertInstanceOf(Bot.Accepted.class, again.reply());
  }

  @Test
  void aConfigForAnotherBotOrOneTheFleetWouldRefuseIsRejected() {
    bot.create(ApprovalMode.HUMAN_REQUIRED, TIMEOUT);
    BotConfig k = sized("0.25");
    BotConfig other = new BotConfig("eth-momo-01", k.universe(), "ETH", k.venue(), k.venueMode(), k.strategyTemplate(),
        k.signalMode(), k.approvalMode(), k.sizing(), k.regimeFilter(), k.approvalTimeout());
    var wrongId = bot.ask(r -> new Bot.Reconfigure(other, "ops", r));
    assertTrue(assertInstanceOf(Bot.Rejected.class, wrongId.reply()).reason().contains("does not match"));
    assertTrue(wrongId.hasNoEvents());

    BotConfig live = new BotConfig(k.id(), k.universe(), k.underlying(), k.venue(), VenueMode.LIVE, k.strategyTemplate(),
        k.signalMode(), k.approvalMode(), k.sizing(), k.regimeFilter(), k.approvalTimeout());
    var refused = bot.ask(r -> new Bot.Reconfigure(live, "ops", r));
    assertTrue(assertInstanceOf(Bot.Rejected.class, refused.reply()).reason().contains("live trading is not enabled"));
    assertTrue(refused.hasNoEvents());
    assertEquals(BotFixture.config(ApprovalMode.HUMAN_REQUIRED, TIMEOUT), bot.state().data().config());
  }

  @Test
  void aBotThatDoesNotExistRejectsAReconfiguration() {
    var result = bot.ask(r -> new Bot.Reconfigure(sized("0.25"), "ops", r));
    assertEquals(Phase.NEW, assertInstanceOf(Bot.Rejected.class, result.reply()).phase());
  }
}
