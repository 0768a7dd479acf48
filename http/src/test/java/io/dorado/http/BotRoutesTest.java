package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.Desired;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BotRoutesTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  @BeforeEach
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withBot("sleepy-eth");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  static final String CONFIG_JSON = """
      {"id": "spy-ic", "universe": "core", "underlying": "SPY", "venue": "paper", "strategy_template": "iron_condor",
       "approval_mode": "human_required", "sizing": {"method": "fixed_risk_pct", "risk_pct": 1.5},
       "approval_timeout": "PT2H"}
      """;

  @Test
  void the_list_shows_every_bot_with_its_phase_and_desired_state() {
    var reply = server.get("/api/v1/bots", API_TOKEN);
    assertEquals(200, reply.status());
    var bots = reply.json().path("bots");
    assertEquals(2, bots.size());
    assertEquals("btc-trend", bots.get(0).path("bot_id").asText());
    assertEquals("IDLE", bots.get(0).path("phase").asText());
    assertEquals("RUNNING", bots.get(0).path("desired").asText());
    assertFalse(reply.json().path("fleet_paused").asBoolean());
  }

  @Test
  void one_bot_is_found_by_id_and_an_unknown_one_is_404_with_a_reason() {
    var found = server.get("/api/v1/bots/btc-trend", API_TOKEN);
    assertEquals(200, found.status());
    assertEquals("trend_following", found.json().path("config").path("strategy_template").asText());

    var missing = server.get("/api/v1/bots/nope", API_TOKEN);
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.json().path("error").asText());
    assertTrue(missing.reason().contains("nope"), missing.body());
  }

  @Test
  void a_path_that_cannot_name_a_bot_is_a_bad_request() {
    var reply = server.get("/api/v1/bots/BAD%20ID", API_TOKEN);
    assertEquals(400, reply.status());
    assertTrue(reply.reason().contains("is not a bot id"), reply.body());
  }

  @Test
  void a_bot_is_created_from_json_and_then_listed() {
    var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON);
    assertEquals(201, reply.status(), reply.body());
    assertEquals("done", reply.json().path("outcome").asText());
    assertTrue(server.fleet.bots.containsKey("spy-ic"));
    assertEquals("PT2H", server.get("/api/v1/bots/spy-ic", API_TOKEN).json().path("config").path("approval_timeout").asText());
  }

  @Test
  void a_bot_is_created_from_yaml() {
    String yaml = """
        id: eur-carry
        universe: core
        underlying: EURUSD
        venue: paper
        strategy_template: trend_following
        signal_mode: both
        sizing:
          method: fixed_quantity
          quantity: 10000
        """;
    var reply = server.send(HttpMethods.POST, "/api/v1/bots", OPERATOR_TOKEN, yaml,
        MediaTypes.applicationWithOpenCharset("yaml").toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8));
    assertEquals(201, reply.status(), reply.body());
    assertEquals("both", server.get("/api/v1/bots/eur-carry", API_TOKEN).json().path("config").path("signal_mode").asText());
  }

  @Test
  void a_config_that_misses_a_field_is_400_naming_the_field_and_nothing_is_created() {
    var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, """
        {"id": "no-sizing", "universe": "core", "underlying": "SPY", "venue": "paper", "strategy_template": "iron_condor"}
        """);
    assertEquals(400, reply.status());
    assertEquals("sizing is required", reply.reason());
    assertFalse(server.fleet.bots.containsKey("no-sizing"));
  }

  @Test
  void a_config_with_a_wrong_type_or_an_unknown_field_is_400_naming_the_field() {
    var wrongType = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON.replace("1.5", "\"lots\""));
    assertEquals(400, wrongType.status());
    assertTrue(wrongType.reason().startsWith("sizing.risk_pct:"), wrongType.body());

    var typo = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON.replace("\"venue\"", "\"venu\""));
    assertEquals(400, typo.status());
    assertTrue(typo.reason().contains("venu"), typo.body());
  }

  @Test
  void a_decimal_with_an_absurd_exponent_or_too_many_digits_is_400_naming_the_field_and_nothing_is_created() {
    // Written back plainly (as the API writes decimals) such a size is a billion digits.
    for (String absurd : List.of("1e999999999", "\"1e-999999999\"", "1" + "0".repeat(60))) {
      var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON.replace("1.5", absurd));
      assertEquals(400, reply.status(), absurd + ": " + reply.body());
      assertTrue(reply.reason().startsWith("sizing.risk_pct: a decimal of at most 50 digits"), reply.body());
    }
    assertFalse(server.fleet.bots.containsKey("spy-ic"));
  }

  @Test
  void a_config_the_fleet_refuses_is_422_with_the_fleets_reason() {
    var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON.replace("iron_condor", "martingale"));
    assertEquals(422, reply.status());
    assertEquals("refused", reply.json().path("error").asText());
    assertEquals("strategy_template 'martingale' is unknown", reply.reason());

    var universe = server.post("/api/v1/bots", OPERATOR_TOKEN, CONFIG_JSON.replace("\"core\"", "\"mars\""));
    assertEquals(422, universe.status());
    assertTrue(universe.reason().contains("mars"));
  }

  @Test
  void malformed_json_an_array_and_null_are_400_never_500() {
    for (String body : new String[] {"{\"id\": ", "[1, 2]", "null", "{\"id\": \"a\"} trailing", "\u0000\u0001"}) {
      var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, body);
      assertEquals(400, reply.status(), body + " → " + reply.body());
      assertEquals("bad_request", reply.json().path("error").asText());
    }
  }

  @Test
  void a_body_of_another_media_type_is_415() {
    var reply = server.send(HttpMethods.POST, "/api/v1/bots", OPERATOR_TOKEN, "id=x", ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED);
    assertEquals(415, reply.status());
    assertTrue(reply.reason().contains("application/json"), reply.body());
  }

  @Test
  void a_huge_body_is_413_and_nothing_is_created() {
    String huge = "{\"id\": \"" + "x".repeat(1_000_000) + "\"}";
    var reply = server.post("/api/v1/bots", OPERATOR_TOKEN, huge);
    assertEquals(413, reply.status());
    assertEquals("payload_too_large", reply.json().path("error").asText());
    assertEquals(2, server.fleet.bots.size());
  }

  @Test
  void pause_resume_and_retire_reach_the_fleet_with_the_operators_name() {
    var paused = server.send(HttpMethods.POST, "/api/v1/bots/btc-trend/pause", OPERATOR_TOKEN, null, null,
        org.apache.pekko.http.javadsl.model.headers.RawHeader.create("X-Dorado-Operator", "alice"));
    assertEquals(200, paused.status(), paused.body());
    assertEquals(Desired.PAUSED, server.fleet.bots.get("btc-trend").desired());
    assertTrue(server.fleet.actions.contains("pauseBot by http:alice"), server.fleet.actions.toString());

    assertEquals(200, server.post("/api/v1/bots/btc-trend/resume", OPERATOR_TOKEN, null).status());
    assertEquals(Desired.RUNNING, server.fleet.bots.get("btc-trend").desired());

    var retired = server.post("/api/v1/bots/btc-trend/retire", OPERATOR_TOKEN, "{\"reason\": \"edge gone\"}");
    assertEquals(200, retired.status());
    assertTrue(server.fleet.actions.contains("retireBot(edge gone) by http"), server.fleet.actions.toString());

    var again = server.post("/api/v1/bots/btc-trend/resume", OPERATOR_TOKEN, null);
    assertEquals(409, again.status());
    assertEquals("bot btc-trend is retired", again.reason());

    assertEquals(404, server.post("/api/v1/bots/ghost/pause", OPERATOR_TOKEN, null).status());
  }

  @Test
  void a_bots_template_sizing_and_schedule_change_with_put_config_and_the_registry_shows_it() {
    var reply = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN, """
        {"strategy_template": "iron_condor", "sizing": {"method": "fixed_risk_pct", "risk_pct": 0.5},
         "signal_source": {"type": "scheduled", "schedule": "daily at 15:30 America/New_York"}}
        """, ContentTypes.APPLICATION_JSON);
    assertEquals(200, reply.status(), reply.body());
    assertEquals("done", reply.json().path("outcome").asText());
    assertTrue(server.fleet.actions.contains("reconfigureBot(iron_condor, FIXED_RISK_PCT, SCHEDULED) by http"),
        server.fleet.actions::toString);
    var config = server.get("/api/v1/bots/btc-trend", API_TOKEN).json().path("config");
    assertEquals("iron_condor", config.path("strategy_template").asText());
    assertEquals("daily at 15:30 America/New_York", config.path("signal_source").path("schedule").asText());
  }

  @Test
  void a_bad_put_config_is_a_4xx_with_a_json_reason_and_changes_nothing() {
    var badSchedule = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN,
        "{\"signal_source\": {\"schedule\": \"every fortnight\"}}", ContentTypes.APPLICATION_JSON);
    assertEquals(400, badSchedule.status(), badSchedule.body());
    assertTrue(badSchedule.reason().contains("every fortnight' is not a schedule"), badSchedule.body());

    var badZone = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN,
        "{\"signal_source\": {\"schedule\": \"daily at 15:30 Mars/Olympus\"}}", ContentTypes.APPLICATION_JSON);
    assertEquals(400, badZone.status(), badZone.body());
    assertTrue(badZone.reason().contains("unknown time zone 'Mars/Olympus'"), badZone.body());

    var nothing = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN, "{}",
        ContentTypes.APPLICATION_JSON);
    assertEquals(400, nothing.status());
    assertTrue(nothing.reason().startsWith("nothing to change"), nothing.body());

    var typo = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN,
        "{\"template\": \"iron_condor\"}", ContentTypes.APPLICATION_JSON);
    assertEquals(400, typo.status());
    assertTrue(typo.reason().contains("template"), typo.body());

    var unknownTemplate = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", OPERATOR_TOKEN,
        "{\"strategy_template\": \"moonshot\"}", ContentTypes.APPLICATION_JSON);
    assertEquals(422, unknownTemplate.status());
    assertTrue(unknownTemplate.reason().contains("moonshot"), unknownTemplate.body());

    var ghost = server.send(HttpMethods.PUT, "/api/v1/bots/ghost/config", OPERATOR_TOKEN,
        "{\"strategy_template\": \"iron_condor\"}", ContentTypes.APPLICATION_JSON);
    assertEquals(404, ghost.status());

    var reader = server.send(HttpMethods.PUT, "/api/v1/bots/btc-trend/config", API_TOKEN,
        "{\"strategy_template\": \"iron_condor\"}", ContentTypes.APPLICATION_JSON);
    assertEquals(403, reader.status());
    assertEquals("trend_following", server.fleet.bots.get("btc-trend").config().strategyTemplate());
  }

  @Test
  void post_scan_starts_a_scan_of_an_on_demand_bot_and_refuses_a_webhook_bot_or_an_unknown_one() {
    server.fleet.withOnDemandBot("sol-dip");
    var started = server.post("/api/v1/bots/sol-dip/scan", OPERATOR_TOKEN, null);
    assertEquals(202, started.status(), started.body());
    assertEquals("started", started.json().path("outcome").asText());
    assertTrue(server.fleet.actions.contains("scanBot(sol-dip) by http"), server.fleet.actions::toString);

    var webhook = server.post("/api/v1/bots/btc-trend/scan", OPERATOR_TOKEN, null);
    assertEquals(409, webhook.status(), webhook.body());
    assertTrue(webhook.reason().contains("webhook signals only"), webhook.body());

    assertEquals(404, server.post("/api/v1/bots/ghost/scan", OPERATOR_TOKEN, null).status());
    assertEquals(403, server.post("/api/v1/bots/sol-dip/scan", API_TOKEN, null).status());
  }

  @Test
  void closing_a_flat_bot_is_409_with_the_phase_it_is_in() {
    var reply = server.post("/api/v1/bots/btc-trend/close", OPERATOR_TOKEN, "{\"reason\": \"risk off\"}");
    assertEquals(409, reply.status());
    assertEquals("IDLE", reply.json().path("phase").asText());
    assertEquals("close is not valid in IDLE", reply.reason());
  }

  @Test
  void the_fleet_is_paused_and_resumed_as_a_whole() {
    assertEquals(200, server.post("/api/v1/fleet/pause", OPERATOR_TOKEN, "{\"reason\": \"FOMC\"}").status());
    assertEquals(200, server.post("/api/v1/fleet/resume", OPERATOR_TOKEN, null).status());
    assertTrue(server.fleet.actions.contains("pauseAll(FOMC) by http"));
    assertTrue(server.fleet.actions.contains("resumeAll by http"));
  }

  @Test
  void live_state_comes_from_the_running_entity_and_a_passivated_bot_is_not_woken_unless_asked() {
    var running = server.get("/api/v1/bots/btc-trend/live", API_TOKEN);
    assertEquals(200, running.status());
    assertTrue(running.json().path("running").asBoolean());
    assertEquals("IDLE", running.json().path("phase").asText());
    assertEquals("BotState$Idle", running.json().path("state").path("@type").asText());

    var asleep = server.get("/api/v1/bots/sleepy-eth/live", API_TOKEN);
    assertFalse(asleep.json().path("running").asBoolean());
    assertTrue(asleep.json().path("state").isNull());

    var woken = server.get("/api/v1/bots/sleepy-eth/live?wake=true", API_TOKEN);
    assertTrue(woken.json().path("running").asBoolean());
    assertEquals(Phase.IDLE.name(), woken.json().path("phase").asText());

    assertEquals(400, server.get("/api/v1/bots/sleepy-eth/live?wake=perhaps", API_TOKEN).status());
    assertEquals(404, server.get("/api/v1/bots/ghost/live?wake=true", API_TOKEN).status());
  }

  @Test
  void a_bots_history_comes_from_its_journal() {
    var reply = server.get("/api/v1/bots/btc-trend/history?limit=10", API_TOKEN);
    assertEquals(200, reply.status());
    var first = reply.json().path("items").get(0);
    assertEquals(1, first.path("sequence_nr").asLong());
    assertEquals("BotCreated", first.path("type").asText());
    assertEquals(400, server.get("/api/v1/bots/btc-trend/history?limit=0", API_TOKEN).status());
  }
}
