package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.unmarshalling.sse.EventStreamUnmarshalling;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;
  private ActorRef<Topic.Command<Alert>> alerts;

  @BeforeAll
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withBot("eth-trend");
    alerts = testKit.spawn(Topic.create(Alert.class, Alert.TOPIC));
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  /** An open event stream: what it received so far, and a switch to hang up. */
  record Stream(Queue<ServerSentEvent> received, UniqueKillSwitch hangUp) {
    List<JsonNode> data(String eventType) {
      return received.stream().filter(e -> e.getEventType().orElse("").equals(eventType))
          .map(e -> new ApiServer.Reply(200, List.of(), e.getData()).json()).toList();
    }
  }

  private Stream open(String query) {
    var response = await(Http.get(testKit.system()).singleRequest(HttpRequest.create(server.base + "/api/v1/events" + query)
        .addHeader(RawHeader.create("Authorization", "Bearer " + API_TOKEN))));
    assertEquals(200, response.status().intValue());
    assertEquals("text/event-stream", response.entity().getContentType().mediaType().toString());
    Source<ServerSentEvent, ?> events = await(EventStreamUnmarshalling.fromEventsStream(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()))
        .unmarshal(response.entity(), testKit.system()));
    Queue<ServerSentEvent> received = new ConcurrentLinkedQueue<>();
    UniqueKillSwitch hangUp = events.viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.foreach(received::add), Keep.left())
        .run(testKit.system());
    return new Stream(received, hangUp);
  }

  static Alert.OrderFilled fill(String botId, long seq) {
    return new Alert.OrderFilled(botId, ClientOrderId.of(botId, seq), "BTC-USD", Side.BUY, new BigDecimal("0.5"),
        new BigDecimal("64000"), true, FakeFleet.T0);
  }

  @Test
  void transitions_and_alerts_arrive_live_as_named_json_events() {
    Stream stream = open("");
    try {
      // Subscriptions settle asynchronously (receptionist, hub): publish until the stream has both.
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
        server.fleet.emit(new BotEvent.Paused("btc-trend", "http:alice", FakeFleet.T0));
        alerts.tell(Topic.publish(new Alert.TradingStateChanged(TradingState.ACTIVE, TradingState.REDUCING, "bob",
            "CPI", FakeFleet.T0)));
        assertFalse(stream.data("transition").isEmpty());
        assertFalse(stream.data("alert").isEmpty());
        return null;
      });
      JsonNode transition = stream.data("transition").get(0);
      assertEquals("btc-trend", transition.path("bot_id").asText());
      assertEquals("Paused", transition.path("type").asText());
      assertEquals("http:alice", transition.path("payload").path("by").asText());
      JsonNode alert = stream.data("alert").get(0);
      assertEquals("TradingStateChanged", alert.path("type").asText());
      assertTrue(alert.path("summary").asText().contains("ACTIVE → REDUCING"), alert.toString());
    } finally {
      stream.hangUp().shutdown();
    }
  }

  @Test
  void a_stream_filtered_by_bot_carries_only_that_bots_events() {
    Stream stream = open("?bot=btc-trend");
    try {
      testKit.createTestProbe().awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
        // Each round sends the other bot's events first: had they passed the filter, they would be here already.
        server.fleet.emit(new BotEvent.Resumed("eth-trend", "http", FakeFleet.T0));
        alerts.tell(Topic.publish(fill("eth-trend", 1)));
        server.fleet.emit(new BotEvent.Resumed("btc-trend", "http", FakeFleet.T0));
        alerts.tell(Topic.publish(fill("btc-trend", 1)));
        assertFalse(stream.data("transition").isEmpty());
        assertFalse(stream.data("fill").isEmpty());
        return null;
      });
      assertTrue(stream.received().stream().map(e -> new ApiServer.Reply(200, List.of(), e.getData()).json())
          .allMatch(e -> e.path("bot_id").asText().equals("btc-trend")), stream.received().toString());
      assertEquals("filled buy 0.5 BTC-USD @ 64000".toUpperCase(),
          stream.data("fill").get(0).path("summary").asText().toUpperCase());
    } finally {
      stream.hangUp().shutdown();
    }
  }

  @Test
  void the_stream_needs_a_token_and_a_valid_bot_filter() {
    assertEquals(401, server.get("/api/v1/events", null).status());
    assertEquals(400, server.get("/api/v1/events?bot=NOT%20A%20BOT", API_TOKEN).status());
  }
}
