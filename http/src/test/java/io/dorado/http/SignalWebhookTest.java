package io.dorado.http;

import static io.dorado.http.ApiServer.WEBHOOK_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalWebhookTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  @BeforeEach
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** What a TradingView alert template produces: placeholders quoted, extra fields included. */
  static final String ALERT = """
      {"secret": "%s", "signal_id": "tv-42", "bot_id": "btc-trend", "ticker": "BTC-USD",
       "action": "buy", "market_position": "long", "close": "64000.5", "stop": "62000",
       "timenow": "2026-11-20T14:30:00Z", "exchange": "COINBASE", "interval": "60"}
      """.formatted(WEBHOOK_SECRET);

  @Test
  void an_alert_with_the_secret_becomes_a_signal_for_its_bot() {
    var reply = server.post("/api/v1/signals", null, ALERT);
    assertEquals(202, reply.status(), reply.body());
    assertEquals("accepted", reply.json().path("outcome").asText());
    assertEquals("SIGNAL_RECEIVED", reply.json().path("phase").asText());

    assertEquals(1, server.fleet.ingested.size());
    var signal = server.fleet.ingested.get(0);
    assertEquals("tv-42", signal.signalId());
    assertEquals(SignalAction.ENTER_LONG, signal.action());
    assertEquals(new BigDecimal("64000.5"), signal.price());
    assertEquals(new BigDecimal("62000"), signal.stop());
    assertEquals("webhook", signal.source());
    assertEquals(Instant.parse("2026-11-20T14:30:00Z"), signal.at());
  }

  @Test
  void a_repeated_delivery_changes_nothing_and_says_so() {
    assertEquals(202, server.post("/api/v1/signals", null, ALERT).status());
    var again = server.post("/api/v1/signals", null, ALERT);
    assertEquals(200, again.status());
    assertEquals("already_processed", again.json().path("outcome").asText());
    assertTrue(again.json().path("detail").asText().contains("tv-42"));
    assertEquals(1, server.fleet.ingested.size());
  }

  @Test
  void a_missing_or_wrong_secret_is_401_and_nothing_is_ingested() {
    var wrong = server.post("/api/v1/signals", null, ALERT.replace(WEBHOOK_SECRET, "guess"));
    assertEquals(401, wrong.status());
    var missing = server.post("/api/v1/signals", null, ALERT.replace("\"secret\": \"" + WEBHOOK_SECRET + "\",", ""));
    assertEquals(401, missing.status());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void the_secret_may_come_in_a_header_and_the_body_as_text_plain_like_tradingview_sends_it() {
    String noSecret = ALERT.replace("\"secret\": \"" + WEBHOOK_SECRET + "\",", "");
    var reply = server.send(HttpMethods.POST, "/api/v1/signals", null, noSecret, ContentTypes.TEXT_PLAIN_UTF8,
        RawHeader.create(SignalRoutes.SECRET_HEADER, WEBHOOK_SECRET));
    assertEquals(202, reply.status(), reply.body());
  }

  @Test
  void a_flat_market_position_is_an_exit_and_sell_enters_short() {
    server.post("/api/v1/signals", null, ALERT.replace("tv-42", "tv-43").replace("\"long\"", "\"flat\"").replace("buy", "sell"));
    server.post("/api/v1/signals", null, ALERT.replace("tv-42", "tv-44").replace("buy", "sell").replace("\"long\"", "\"short\""));
    assertEquals(SignalAction.EXIT, server.fleet.ingested.get(0).action());
    assertEquals(SignalAction.ENTER_SHORT, server.fleet.ingested.get(1).action());
  }

  @Test
  void bad_alerts_are_400_with_a_reason() {
    var noId = server.post("/api/v1/signals", null, ALERT.replace("\"signal_id\": \"tv-42\",", ""));
    assertEquals(400, noId.status());
    assertTrue(noId.reason().startsWith("signal_id is required"), noId.body());

    var badAction = server.post("/api/v1/signals", null, ALERT.replace("\"buy\"", "\"moon\""));
    assertEquals(400, badAction.status());
    assertTrue(badAction.reason().startsWith("action must be one of"), badAction.body());

    var badPrice = server.post("/api/v1/signals", null, ALERT.replace("\"64000.5\"", "\"cheap\""));
    assertEquals(400, badPrice.status());
    assertTrue(badPrice.reason().startsWith("close:") || badPrice.reason().startsWith("price:"), badPrice.body());

    var negative = server.post("/api/v1/signals", null, ALERT.replace("\"64000.5\"", "-1"));
    assertEquals(400, negative.status());
    assertEquals("price must be > 0", negative.reason());

    assertEquals(400, server.post("/api/v1/signals", null, "{not json").status());
    assertEquals(413, server.post("/api/v1/signals", null, ALERT.replace("COINBASE", "x".repeat(100_000))).status());
    assertEquals(0, server.fleet.ingested.size());
  }

  @Test
  void an_alert_for_an_unknown_bot_is_404_and_for_a_scan_only_bot_422() {
    var unknown = server.post("/api/v1/signals", null, ALERT.replace("\"btc-trend\"", "\"ghost\""));
    assertEquals(404, unknown.status());

    BotConfig scanOnly = new BotConfig("scanner", FakeFleet.UNIVERSE, "SPY", "paper", null, "iron_condor",
        SignalMode.SCAN, null, FakeFleet.config("x").sizing(), null, null);
    server.fleet.bots.put("scanner", BotEntry.registered(scanOnly, FakeFleet.T0));
    var scan = server.post("/api/v1/signals", null, ALERT.replace("\"btc-trend\"", "\"scanner\""));
    assertEquals(422, scan.status());
    assertEquals("bot 'scanner' takes scan signals only", scan.reason());
    assertEquals(0, server.fleet.ingested.size());
  }
}
