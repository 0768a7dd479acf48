package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link Bot.Stop}, the message sharding stops a bot with (hand-off, passivation): it stops the bot in every phase. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotStopTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final ActorTestKit kit = ActorTestKit.create("bot-stop", TestConfigs.eventSourced());
  private final TestProbe<RiskGuardian.Command> guardian = kit.createTestProbe();
  private final TestProbe<Venue.Command> venue = kit.createTestProbe();

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private ActorRef<Bot.Command> spawn(String botId) {
    return kit.spawn(BotEntity.create(botId, guardian.ref(), venue.ref(), BotSettings.defaults()));
  }

  @Test
  void a_bot_that_was_never_created_stops_on_stop_though_it_ignores_every_other_unanswered_command() {
    ActorRef<Bot.Command> bot = spawn("never-created");
    bot.tell(new Bot.Stop());
    guardian.expectTerminated(bot, TIMEOUT);
  }

  @Test
  void a_created_bot_stops_on_stop_and_its_next_incarnation_recovers_it() {
    String id = BotFixture.BOT;
    ActorRef<Bot.Command> bot = spawn(id);
    TestProbe<Bot.Ack> acks = kit.createTestProbe();
    bot.tell(new Bot.Create(BotFixture.config(ApprovalMode.AUTO_EXECUTE, Duration.ofHours(4)), acks.ref()));
    bot.tell(new Bot.Stop()); // stashed while the creation is written
    assertInstanceOf(Bot.Accepted.class, acks.receiveMessage(TIMEOUT));
    guardian.expectTerminated(bot, TIMEOUT);

    TestProbe<BotState> state = kit.createTestProbe();
    spawn(id).tell(new Bot.GetState(state.ref()));
    assertEquals(Phase.IDLE, state.receiveMessage(TIMEOUT).phase());
  }
}
