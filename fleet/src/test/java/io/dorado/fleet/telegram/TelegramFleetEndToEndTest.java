package io.dorado.fleet.telegram;

import static io.dorado.protocol.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.dorado.cluster.FleetNode;
import io.dorado.fleet.FleetSetup;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.persistence.cassandra.Replication;
import io.dorado.persistence.cassandra.SchemaMigration;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.Test;

/**
 * The bridge on a real fleet (issue 7's end to end): a single-node fleet on the real Cassandra node,
 * the local Bot API server playing Telegram. The approval card comes from the bot's own alert, the
 * button press goes through the operations layer to the sharded bot, and the paper venue's fill comes
 * back as an alert.
 */
class TelegramFleetEndToEndTest {
  private static final long OPERATOR = 1001;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void an_approval_card_approved_with_a_tap_moves_the_real_bot_to_execution_and_the_fill_is_reported() throws Exception {
    SchemaMigration.apply(TestCassandra.settings(), Replication.singleNode());
    var config = TestCassandra.pekkoConfig(ConfigFactory.parseString("""
            pekko.remote.artery.canonical.port = 0
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.loglevel = WARNING
            dorado.risk.ack-secret = "telegram-e2e-secret-0123456789"
            dorado.bot.retry-interval = 1s
            """)
        // A journal of its own: the guardian's persistence id is the same in every fleet test of this JVM, and
        // another test's losses could leave its breakers tripped (trading HALTED) for this one.
        .withFallback(TestCassandra.journalOfItsOwn("telegram_e2e"))
        .withFallback(ConfigFactory.parseResources("cluster.conf")));
    String botId = "tg-btc-" + System.nanoTime() % 100000;
    try (FakeBotApi server = new FakeBotApi(); FleetNode node = FleetNode.start(config,
        FleetSetup.node(FleetConfigLoader.loadDemo(), new BigDecimal("100000"), false))) {
      var ops = node.operations();
      var settings = TestSettings.of(server, Clock.systemUTC(), "allowed-chat-ids = [" + OPERATOR + "]\n");
      node.system().systemActorOf(TelegramBridge.create(settings, ops, PersistenceId.ofUniqueId("TelegramBridge|" + botId)),
          "telegram-e2e", Props.empty());
      awaitTopicSubscribers(node);

      var created = eventually(() -> ops.createBot(new BotConfig(botId, "demo", "BTC", "paper",
          VenueMode.PAPER, "crypto_momentum", SignalMode.BOTH, ApprovalMode.HUMAN_REQUIRED,
          Sizing.fixedQuantity(new BigDecimal("0.05")), RegimeFilter.ANY, null), "test").toCompletableFuture().get(10, TimeUnit.SECONDS),
          r -> r instanceof Fleet.Done);
      assertTrue(created instanceof Fleet.Done, created.toString());
      Instant now = Instant.now();
      node.guardian().tell(new RiskGuardian.MarkPrice("BTC", new BigDecimal("42005"), now));
      node.venue("paper").tell(new Venue.MarketPrice("BTC", new BigDecimal("42000"), new BigDecimal("42010"), now));
      eventually(() -> ops.ingestSignal(botId, new Signal("sig-1", botId, "BTC", SignalAction.ENTER_LONG,
          new BigDecimal("42005"), null, null, "test", Instant.now())).toCompletableFuture().get(10, TimeUnit.SECONDS),
          a -> true);

      FakeBotApi.Message card = eventually(() -> server.messagesTo(OPERATOR).stream()
          .filter(m -> m.text().contains("Approval needed: " + botId)).findFirst().orElse(null), m -> m != null);
      assertEquals(Phase.AWAITING_APPROVAL, state(ops, botId).phase());
      String approve = buttons(card).get(0);
      assertTrue(approve.startsWith("a:"), approve);

      server.pressed(OPERATOR, card.messageId(), approve);

      FakeBotApi.Message fill = eventually(() -> server.messagesTo(OPERATOR).stream()
          .filter(m -> m.text().contains("Filled " + botId)).findFirst().orElse(null), m -> m != null);
      // The quantity is the guardian's to decide (its breakers may scale it).
      assertTrue(fill.text().contains(botId + ": BUY ") && fill.text().contains(" BTC @ "), fill.text());
      assertEquals(Phase.MONITORING, eventually(() -> state(ops, botId), s -> s.phase() == Phase.MONITORING).phase());
      assertTrue(server.received("answerCallbackQuery").stream()
          .anyMatch(r -> r.params().getOrDefault("text", "").startsWith("Approved")), "the tap is answered");

      // freqtrade's /balance and /forceexit on the real node: the guardian's accounts, the bot's own exit
      server.typed(OPERATOR, "/balance");
      FakeBotApi.Message balance = eventually(() -> server.messagesTo(OPERATOR).stream()
          .filter(m -> m.text().startsWith("🏦 ")).findFirst().orElse(null), m -> m != null);
      assertTrue(balance.text().contains("paper") && balance.text().contains("equity"), balance.text());
      server.typed(OPERATOR, "/forceexit " + botId);
      FakeBotApi.Message ask = eventually(() -> server.messagesTo(OPERATOR).stream()
          .filter(m -> m.text().startsWith("🚪 Close " + botId)).findFirst().orElse(null), m -> m != null);
      assertTrue(ask.text().contains(botId + " is MONITORING, ") && ask.text().contains(" BTC @ "), ask.text());
      server.pressed(OPERATOR, ask.messageId(), buttons(ask).get(0));
      String outcome = eventually(() -> server.messagesTo(OPERATOR).stream()
          .filter(m -> m.messageId() == ask.messageId() && m.text().startsWith("🚪 Force exit of " + botId))
          .map(FakeBotApi.Message::text).findFirst().orElse(null), t -> t != null);
      assertTrue(outcome.contains("✅ " + botId + " is now "), outcome);
      BotState flat = eventually(() -> state(ops, botId), st -> st.data() != null && st.data().position().isFlat());
      assertTrue(flat.phase() != Phase.MONITORING, flat.toString());
    }
  }

  private static BotState state(io.dorado.cluster.ops.FleetOperations ops, String botId) throws Exception {
    return ops.liveState(botId, true).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  /** An alert published before the bridge's topic has registered would find no subscriber. */
  private static void awaitTopicSubscribers(FleetNode node) throws Exception {
    var probe = org.apache.pekko.actor.testkit.typed.javadsl.TestProbe.<Topic.TopicStats>create(node.system());
    var topic = node.system().systemActorOf(Topic.create(Alert.class, Alert.TOPIC), "e2e-topic", Props.empty());
    eventually(() -> {
      topic.tell(Topic.getTopicStats(probe.getRef()));
      return probe.receiveMessage(Duration.ofSeconds(2)).topicInstanceCount();
    }, count -> count >= 2); // topics register once they have a subscriber: the node's journal watchdog and the bridge
  }

  private static List<String> buttons(FakeBotApi.Message m) throws Exception {
    List<String> data = new ArrayList<>();
    for (JsonNode row : JSON.readTree(m.replyMarkup()).get("inline_keyboard")) {
      for (JsonNode b : row) data.add(b.get("callback_data").asText());
    }
    return data;
  }
}
