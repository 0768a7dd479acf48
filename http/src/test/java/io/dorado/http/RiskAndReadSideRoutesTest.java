package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.risk.TradingState;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskAndReadSideRoutesTest {

  @JUnit5TestKit
  public ActorTestKit testKit = ActorTestKit.create();

  private ApiServer server;

  @BeforeAll
  void start() {
    server = ApiServer.start(testKit.system());
    server.fleet.withBot("btc-trend").withOrders();
  }

  @BeforeEach
  void everyoneAnswers() {
    server.fleet.silent.clear();
    server.fleet.tradingState = TradingState.ACTIVE;
    server.fleet.killSwitch = false;
    server.fleet.killScopes.clear();
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  private JsonNode ok(String path) {
    var reply = server.get(path, API_TOKEN);
    assertEquals(200, reply.status(), path + " → " + reply.body());
    return reply.json();
  }

  @Test
  void the_guardians_live_state_policy_and_breakers_are_shown() {
    JsonNode risk = ok("/api/v1/risk");
    assertEquals("ACTIVE", risk.path("trading_state").asText());
    assertEquals("100250.50", risk.path("equity").asText());
    assertEquals("12.5", risk.path("heat_pct").asText());
    assertEquals("0.5", risk.path("positions").path("BTC-USD").asText());
    // Portfolio risk: each account's and the live accounts' VaR and positions against their limits.
    JsonNode portfolio = risk.path("portfolio_risk");
    assertEquals("historical", portfolio.path("method").asText(), portfolio.toString());
    JsonNode crypto = portfolio.path("accounts").get(0);
    assertEquals("crypto", crypto.path("scope").asText());
    assertEquals("812.40", crypto.path("historical").path("var95").asText());
    assertEquals("1104.75", crypto.path("historical").path("cvar95").asText());
    assertEquals("760.12", crypto.path("parametric").path("var95").asText());
    assertEquals("0.8104", crypto.path("var_pct").asText());
    assertEquals("1", crypto.path("var_limit_pct").asText());
    assertEquals(1, crypto.path("positions").asInt());
    assertEquals(10, crypto.path("max_positions").asInt());
    assertEquals("fleet", portfolio.path("fleet").path("scope").asText());
    assertEquals(25, portfolio.path("fleet").path("max_positions").asInt());
    // Greeks per underlying and fleet-wide, against their limits (null: off).
    JsonNode greeks = portfolio.path("greeks");
    JsonNode aapl = greeks.path("accounts").get(0).path("underlyings").get(0);
    assertEquals("AAPL", aapl.path("underlying").asText(), greeks.toString());
    assertEquals("95997.00", aapl.path("delta_notional").asText());
    assertEquals("19.922200", aapl.path("gamma").asText());
    assertEquals("99.61", aapl.path("vega").asText());
    assertEquals("-10.92", aapl.path("theta").asText());
    assertEquals("25000.00", greeks.path("fleet").path("delta_notional").asText());
    assertEquals("100000", greeks.path("max_abs_delta_per_underlying").asText());
    assertEquals("20000", greeks.path("max_abs_delta_fleet").asText());

    JsonNode policy = ok("/api/v1/risk/policy");
    assertEquals("30", policy.path("portfolio").path("max_heat_pct").asText());
    assertEquals("2", policy.path("circuit_breakers").path("daily_loss_halt_pct").asText());

    JsonNode breakers = ok("/api/v1/risk/breakers");
    JsonNode daily = breakers.path("breakers").get(0);
    assertEquals("DAILY_LOSS", daily.path("breaker").asText());
    assertEquals("2.4", daily.path("value").asText());
    assertEquals("2", daily.path("limit").asText());
    assertTrue(daily.path("tripped").asBoolean());
    assertEquals("2026-11-20T14:30:00Z", daily.path("since").asText());
    assertTrue(breakers.path("breakers").get(1).path("since").isNull());
    assertEquals("HALTED", breakers.path("implied_state").asText());
    assertEquals("1", breakers.path("sizing_multiplier").asText());
    // Every account's, not only the first's (which stays at the top for older clients).
    JsonNode accounts = breakers.path("accounts");
    assertEquals(3, accounts.size(), accounts.toString());
    assertEquals("kraken", accounts.get(2).path("account").asText());
    assertEquals("live", accounts.get(2).path("mode").asText());
    assertTrue(accounts.get(2).path("fleet_wide").asBoolean());
    assertFalse(accounts.get(1).path("fleet_wide").asBoolean(), "a paper account never counts fleet-wide");
    assertEquals("ACTIVE", accounts.get(2).path("trading_state").asText());
    assertEquals("0.3", accounts.get(2).path("breakers").get(0).path("value").asText());
    JsonNode fleet = breakers.path("fleet_wide");
    assertEquals("[\"binance\",\"kraken\"]", fleet.path("accounts").toString());
    assertEquals("195000", fleet.path("equity").asText());
    assertEquals("daily_loss", fleet.path("limits").get(1).path("limit").asText());
    assertTrue(fleet.path("limits").get(1).path("tripped").asBoolean());
  }

  @Test
  void an_operator_sets_the_trading_state_and_engages_the_kill_switch() {
    var reducing = server.send(HttpMethods.PUT, "/api/v1/risk/trading-state", OPERATOR_TOKEN,
        "{\"state\": \"REDUCING\", \"reason\": \"CPI day\"}", ContentTypes.APPLICATION_JSON);
    assertEquals(200, reducing.status(), reducing.body());
    assertEquals("REDUCING", reducing.json().path("trading_state").asText());
    assertTrue(server.fleet.actions.contains("setTradingState(REDUCING, CPI day) by http"));

    var kill = server.post("/api/v1/risk/kill-switch", OPERATOR_TOKEN, "{\"reason\": \"venue outage\"}");
    assertEquals(200, kill.status());
    assertTrue(kill.json().path("kill_switch").asBoolean());
    assertEquals("HALTED", ok("/api/v1/risk").path("trading_state").asText());
  }

  /** The limit {@code name} of {@code scope} in the risk answer's {@code limits}, as "measure / limit unit breached?". */
  private static String limit(JsonNode risk, String name, String scope) {
    for (JsonNode l : risk.path("limits")) {
      if (l.path("name").asText().equals(name) && l.path("scope").asText().equals(scope)) {
        return l.path("measure").asText() + " / " + l.path("limit").asText() + " " + l.path("unit").asText()
            + (l.path("breached").asBoolean() ? " breached" : "");
      }
    }
    return "absent from " + risk.path("limits");
  }

  @Test
  void the_risk_answer_lists_each_limit_as_its_measure_against_its_limit() {
    JsonNode risk = ok("/api/v1/risk");
    System.out.println("limits: " + risk.path("limits"));
    // Heat, daily loss and drawdown: the guardian's measures against the policy's percentages (the default policy).
    assertEquals("12.5 / 30 %", limit(risk, "heat", "guardian"));
    assertEquals("0.4 / 2 %", limit(risk, "daily_loss", "guardian"));
    assertEquals("1.2 / 10 %", limit(risk, "drawdown", "guardian"));
    // VaR and positions per account and fleet-wide.
    assertEquals("0.8104 / 1 %", limit(risk, "var_95", "crypto"));
    assertEquals("0.8104 / 1 %", limit(risk, "var_95", "fleet"));
    assertEquals("1 / 10 count", limit(risk, "positions", "crypto"));
    assertEquals("1 / 25 count", limit(risk, "positions", "fleet"));
    // Greeks per underlying (delta notional, vega) and fleet-wide; the fleet's delta is past its limit.
    assertEquals("95997.00 / 100000 money", limit(risk, "delta", "crypto/AAPL"));
    assertEquals("99.61 / 150 money/vol pt", limit(risk, "vega", "crypto/AAPL"));
    assertEquals("25000.00 / 20000 money breached", limit(risk, "delta", "fleet"));
    assertEquals("absent from " + risk.path("limits"), limit(risk, "vega", "fleet"), "a limit that is off is not listed");
    assertEquals(0, risk.path("restricted_symbols").size());
    assertEquals("2.0", risk.path("policy_version").asText(), "risk_policy.version: the policy these limits come from");
  }

  @Test
  void an_operator_kills_one_venue_by_scope_sees_it_listed_in_risk_and_releases_it() {
    var kill = server.post("/api/v1/risk/kill-switch", OPERATOR_TOKEN,
        "{\"scope\": \"venue:ibkr\", \"reason\": \"venue misbehaving\"}");
    assertEquals(200, kill.status(), kill.body());
    assertTrue(kill.json().path("kill_switch").asBoolean());
    assertEquals("kill switch engaged for venue ibkr", kill.json().path("detail").asText());
    assertTrue(server.fleet.actions.contains("engageKillScope(venue:ibkr, venue misbehaving) by http"));

    JsonNode risk = ok("/api/v1/risk");
    assertEquals("ACTIVE", risk.path("trading_state").asText(), "one venue killed, not the fleet");
    JsonNode engaged = risk.path("kill_scopes").get(0);
    assertEquals("VENUE", engaged.path("scope").path("kind").asText(), risk.toString());
    assertEquals("ibkr", engaged.path("scope").path("venue").asText());
    assertEquals("venue misbehaving", engaged.path("reason").asText());
    assertEquals("http", engaged.path("by").asText());

    var release = server.post("/api/v1/risk/kill-switch/release", OPERATOR_TOKEN,
        "{\"scope\": \"venue:ibkr\", \"reason\": \"fixed\"}");
    assertEquals(200, release.status(), release.body());
    assertFalse(release.json().path("kill_switch").asBoolean());
    assertEquals(0, ok("/api/v1/risk").path("kill_scopes").size());
  }

  @Test
  void a_kill_switch_scope_that_is_not_all_venue_account_or_bot_is_400_naming_the_forms_and_changes_nothing() {
    for (String body : List.of("{\"scope\": \"desk:fx\"}", "{\"scope\": \"venue:\"}", "{\"scope\": \"bot:a b\"}",
        "{\"scope\": 7}")) {
      var refused = server.post("/api/v1/risk/kill-switch", OPERATOR_TOKEN, body);
      assertEquals(400, refused.status(), body + " → " + refused.body());
      assertTrue(refused.reason().startsWith("scope"), refused.body());
    }
    var desk = server.post("/api/v1/risk/kill-switch", OPERATOR_TOKEN, "{\"scope\": \"desk:fx\"}");
    assertEquals("scope: 'desk' is not a kill switch scope kind: " + io.dorado.protocol.risk.KillScope.FORMS,
        desk.reason());
    var noScope = server.post("/api/v1/risk/kill-switch/release", OPERATOR_TOKEN, "{\"reason\": \"x\"}");
    assertEquals(400, noScope.status(), noScope.body());
    assertFalse(server.fleet.killSwitch);
    assertTrue(server.fleet.killScopes.isEmpty());
    var reader = server.post("/api/v1/risk/kill-switch", API_TOKEN, "{\"scope\": \"venue:ibkr\"}");
    assertEquals(403, reader.status(), "the read-only token may not: " + reader.body());
    assertTrue(server.fleet.killScopes.isEmpty());
  }

  @Test
  void an_unknown_trading_state_or_a_missing_one_is_400() {
    var unknown = server.send(HttpMethods.PUT, "/api/v1/risk/trading-state", OPERATOR_TOKEN, "{\"state\": \"PANIC\"}",
        ContentTypes.APPLICATION_JSON);
    assertEquals(400, unknown.status());
    assertTrue(unknown.reason().startsWith("state:"), unknown.body());
    var missing = server.send(HttpMethods.PUT, "/api/v1/risk/trading-state", OPERATOR_TOKEN, "{}", ContentTypes.APPLICATION_JSON);
    assertEquals(400, missing.status());
    var wrongType = server.send(HttpMethods.PUT, "/api/v1/risk/trading-state", OPERATOR_TOKEN, "{\"state\": [1]}",
        ContentTypes.APPLICATION_JSON);
    assertEquals(400, wrongType.status());
    assertEquals(TradingState.ACTIVE, server.fleet.tradingState);
  }

  @Test
  void accounts_show_each_venue_accounts_balances_positions_external_orders_and_reconciliation() {
    server.fleet.heldAccounts.add("crypto");
    JsonNode account = ok("/api/v1/accounts").path("accounts").get(0);

    assertEquals("crypto", account.path("account").asText(), account.toString());
    assertEquals("live", account.path("mode").asText());
    assertEquals("REDUCING", account.path("trading_state").asText());
    assertEquals("MISMATCH", account.path("reconciliation").asText());
    assertTrue(account.path("reducing_reason").asText().contains("venue 19000.00"), account.toString());
    assertEquals(19500, account.path("buying_power").asInt());
    assertEquals("0.4", account.path("positions").path("BTC-USD").asText());
    assertEquals("-1.35", account.path("financing").path("BTC-USD").asText(), "the venue's swap on the position");
    assertEquals("0.1", account.path("external_positions").path("BTC-USD").asText());
    assertEquals("v-9", account.path("external_orders").get(0).path("venue_order_id").asText());
    assertFalse(account.path("last_check").isMissingNode());
  }

  @Test
  void an_operator_acknowledges_an_accounts_mismatch_and_bad_input_is_4xx_with_a_reason() {
    server.fleet.heldAccounts.add("crypto");

    var done = server.post("/api/v1/accounts/crypto/acknowledge", OPERATOR_TOKEN, "{\"reason\": \"fee booked\"}");
    assertEquals(200, done.status(), done.body());
    assertTrue(done.json().path("done").asBoolean());
    assertTrue(server.fleet.actions.contains("acknowledgeReconciliation(crypto, fee booked) by http"),
        server.fleet.actions.toString());

    var again = server.post("/api/v1/accounts/crypto/acknowledge", OPERATOR_TOKEN, "");
    assertEquals(409, again.status(), again.body());
    assertEquals("account crypto is not held by a reconciliation mismatch", again.reason());
    var unknown = server.post("/api/v1/accounts/nowhere/acknowledge", OPERATOR_TOKEN, "");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("no account nowhere", unknown.reason());
    var badId = server.post("/api/v1/accounts/cr%20ypto!/acknowledge", OPERATOR_TOKEN, "");
    assertEquals(400, badId.status(), badId.body());
    assertTrue(badId.reason().contains("is not a venue id"), badId.body());
    assertEquals(403, server.post("/api/v1/accounts/crypto/acknowledge", API_TOKEN, "").status(), "needs the operator token");
  }

  @Test
  void an_operator_resumes_a_bot_the_execution_throttle_paused_and_bad_input_is_4xx_with_a_reason() {
    server.fleet.throttled.add("btc-flood");
    JsonNode paused = ok("/api/v1/risk").path("paused_bots").path("btc-flood");
    assertEquals("EXECUTION_THROTTLE", paused.path("reason").asText(), paused.toString());

    var resumed = server.post("/api/v1/bots/btc-flood/resume-trading", OPERATOR_TOKEN, "{\"reason\": \"loop fixed\"}");
    assertEquals(200, resumed.status(), resumed.body());
    assertTrue(resumed.json().path("resumed").asBoolean());
    assertTrue(server.fleet.actions.contains("resumeBotTrading(btc-flood, loop fixed) by http"), server.fleet.actions.toString());
    assertTrue(ok("/api/v1/risk").path("paused_bots").isEmpty());

    var again = server.post("/api/v1/bots/btc-flood/resume-trading", OPERATOR_TOKEN, "");
    assertEquals(409, again.status(), again.body());
    assertEquals("bot btc-flood is not paused by the execution throttle", again.reason());
    var badId = server.post("/api/v1/bots/BTC!/resume-trading", OPERATOR_TOKEN, "");
    assertEquals(400, badId.status(), badId.body());
    assertTrue(badId.reason().contains("is not a bot id"), badId.body());
    var badBody = server.post("/api/v1/bots/btc-flood/resume-trading", OPERATOR_TOKEN, "{\"reason\": [1]}");
    assertEquals(400, badBody.status(), badBody.body());
    assertEquals(403, server.post("/api/v1/bots/btc-flood/resume-trading", API_TOKEN, "").status(), "needs the operator token");
  }

  @Test
  void the_allocator_shows_posteriors_and_budgets() {
    JsonNode arm = ok("/api/v1/allocator").path("arms").get(0);
    assertEquals("btc-trend", arm.path("arm_id").asText());
    assertEquals(3.5, arm.path("alpha").asDouble());
    assertEquals("60000.00", arm.path("capital").asText());
  }

  @Test
  void the_track_records_kelly_sizes_with_are_shown_next_to_the_allocator() {
    JsonNode records = ok("/api/v1/allocator/track-records");
    assertEquals(20, records.path("min_trades_for_kelly").asInt(), records::toString);
    assertEquals(200, records.path("trades_per_bot").asInt(), records::toString);
    JsonNode bot = records.path("bots").get(0);
    assertEquals("btc-trend", bot.path("id").asText());
    assertEquals("trend_following", bot.path("template").asText());
    assertEquals(25, bot.path("trades").asInt());
    assertEquals(0.6, bot.path("win_rate").asDouble());
    assertEquals(2.0, bot.path("payoff").asDouble());
    assertEquals(0.55, bot.path("recent_win_rate").asDouble());
    assertTrue(bot.path("kelly").asBoolean());
    assertEquals(31, records.path("templates").get(0).path("trades").asInt());
  }

  @Test
  void the_allocator_shows_each_arms_sampled_posterior_kind_mean_uncertainty_and_trades() {
    JsonNode arm = ok("/api/v1/allocator").path("arms").get(0);
    assertEquals("nig", arm.path("posterior").asText());
    assertEquals(0.2, arm.path("posterior_mean").asDouble());
    assertEquals(0.15, arm.path("posterior_sd").asDouble());
    assertEquals(0.09, arm.path("reward_variance").asDouble());
    assertEquals(4, arm.path("paper_trades").asInt());
    JsonNode normal = arm.path("normal");
    assertEquals(5.0, normal.path("kappa").asDouble(), normal::toString);
    assertEquals(3.0, normal.path("alpha").asDouble(), normal::toString);
    assertEquals(0.18, normal.path("beta").asDouble(), normal::toString);
    assertEquals(4.0, normal.path("observations").asDouble(), normal::toString);
  }

  @Test
  void before_the_first_regime_is_published_the_answer_is_503_warming_up_with_retry_after() {
    var reply = server.get("/api/v1/regime", API_TOKEN);
    assertEquals(503, reply.status(), reply.body());
    assertEquals("warming up: no regime published yet", reply.reason());
    assertEquals(java.util.Optional.of("10"), reply.header("Retry-After"), reply.headers()::toString);
  }

  @Test
  void orders_are_paged_through_by_cursor_newest_first() {
    List<String> seen = new ArrayList<>();
    String path = "/api/v1/orders?limit=4";
    int pages = 0;
    while (path != null) {
      JsonNode page = ok(path);
      page.path("items").forEach(o -> seen.add(o.path("client_order_id").asText()));
      pages++;
      path = page.path("next_cursor").isNull() ? null : "/api/v1/orders?limit=4&cursor=" + page.path("next_cursor").asText();
    }
    assertEquals(3, pages);
    assertEquals(List.of("btc-trend-10", "eth-trend-9", "btc-trend-8", "eth-trend-7", "btc-trend-6", "eth-trend-5",
        "btc-trend-4", "eth-trend-3", "btc-trend-2", "eth-trend-1"), seen);

    JsonNode oneBot = ok("/api/v1/orders?bot=eth-trend&limit=500");
    assertEquals(5, oneBot.path("items").size());
    assertTrue(oneBot.path("next_cursor").isNull());
  }

  @Test
  void each_order_names_its_trades_template_and_the_operator_who_approved_it_null_when_automatic_or_unrecorded() {
    JsonNode items = ok("/api/v1/orders?limit=500").path("items");
    assertEquals(10, items.size(), items::toString);
    for (JsonNode o : items) {
      String id = o.path("client_order_id").asText();
      assertTrue(o.has("template") && o.has("approved_by"), o::toString);
      assertEquals(id.equals("eth-trend-1") ? null : "crypto_momentum", o.path("template").textValue(), id);
      assertEquals(id.startsWith("btc-trend") ? "telegram @alice" : null, o.path("approved_by").textValue(), id);
    }
  }

  @Test
  void a_limit_out_of_range_or_a_bad_bot_filter_is_400() {
    for (String q : List.of("limit=0", "limit=501", "limit=ten", "bot=Not%20A%20Bot")) {
      var reply = server.get("/api/v1/orders?" + q, API_TOKEN);
      assertEquals(400, reply.status(), q + " → " + reply.body());
    }
    assertEquals(400, server.get("/api/v1/pnl?days=-1", API_TOKEN).status());
  }

  @Test
  void fills_pnl_and_the_equity_curve_come_from_the_read_side() {
    assertEquals("64010.5", ok("/api/v1/fills").path("items").get(0).path("price").asText());
    JsonNode pnl = ok("/api/v1/pnl?days=7");
    assertEquals(7, pnl.path("days").asInt());
    assertEquals("250.50", pnl.path("total").asText());
    assertEquals("2026-11-20", pnl.path("by_day").get(0).path("date").asText());
    assertEquals(3, ok("/api/v1/pnl/equity").size());
  }

  @Test
  void an_operation_the_node_does_not_offer_is_501_not_500() {
    var audit = server.get("/api/v1/audit", API_TOKEN); // FakeFleet keeps the interface's default here
    assertEquals(501, audit.status());
    assertEquals("not_available", audit.json().path("error").asText());
    assertEquals(501, server.get("/api/v1/audit?bot=btc-trend", API_TOKEN).status());
  }

  @Test
  void the_storage_timing_out_under_a_read_side_listing_is_503_with_retry_after_not_500() {
    server.fleet.failing.put("orders", new java.util.concurrent.CompletionException(
        new com.datastax.oss.driver.api.core.DriverTimeoutException("Query timed out after PT2S")));
    try {
      var reply = server.get("/api/v1/orders", API_TOKEN);
      assertEquals(503, reply.status(), reply.body());
      assertEquals("unavailable", reply.json().path("error").asText());
      assertTrue(reply.reason().contains("storage did not answer"), reply.body());
      assertEquals(java.util.Optional.of(Integer.toString(Responses.STORAGE_RETRY_AFTER_SECONDS)),
          reply.header("Retry-After"));
    } finally {
      server.fleet.failing.remove("orders");
    }
    assertEquals(200, server.get("/api/v1/orders", API_TOKEN).status());
  }

  @Test
  void a_fleet_that_does_not_answer_gives_503_instead_of_a_hang() {
    server.fleet.silent.add("risk");
    var reply = server.get("/api/v1/risk", API_TOKEN);
    assertEquals(503, reply.status());
    assertTrue(reply.reason().contains("did not answer"), reply.body());

    server.fleet.silent.add("readiness");
    var ready = server.get("/ready", null);
    assertEquals(503, ready.status());
    assertFalse(ready.json().path("ready").asBoolean());
    assertEquals(200, server.get("/health", null).status());
  }

  @Test
  void the_cluster_view_lists_members_and_shards_per_node() {
    JsonNode cluster = ok("/api/v1/cluster");
    assertEquals(2, cluster.path("members").size());
    assertEquals("Up", cluster.path("members").get(0).path("status").asText());
    assertEquals("Bot", cluster.path("regions").get(0).path("type_name").asText());
    assertEquals(2, cluster.path("regions").get(0).path("entities").asInt());
  }

  @Test
  void the_venues_show_each_accounts_kind_mode_account_and_connection() {
    JsonNode venues = ok("/api/v1/venues");
    assertEquals(2, venues.size());
    assertEquals("paper", venues.get(0).path("venue").asText());
    assertEquals("paper", venues.get(0).path("kind").asText());
    assertEquals("paper", venues.get(0).path("mode").asText());
    assertEquals("connected", venues.get(0).path("connection").asText());
    assertEquals("binance", venues.get(1).path("kind").asText());
    assertEquals("broker_paper", venues.get(1).path("mode").asText());
    assertEquals("testnet-1", venues.get(1).path("account").asText());
    assertEquals("connecting", venues.get(1).path("connection").asText());
    assertTrue(venues.get(1).path("dedupes_client_order_ids").asBoolean());

    server.fleet.silent.add("venues");
    assertEquals(503, server.get("/api/v1/venues", API_TOKEN).status());
    assertEquals(401, server.get("/api/v1/venues", null).status());
  }
}
