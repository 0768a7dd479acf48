package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/projections: a bot's, a template's or the fleet's realised trades (the fake fleet's: btc-trend p 0.6 of
 * +3%/−2%, eth-trend p 0.55 of ±2%, both trend_following; sol-revert p 0.3, no edge; new-bot 5 trades) resampled into
 * equity bands, the drawdown odds and Kelly, and an amount allocated by quarter Kelly; bad parameters are 400s with a
 * reason, too few trades a 422 that says how many there are.
 */
class ProjectionRoutesTest extends ApiRoutesTestBase {

  ProjectionRoutesTest() {
    super("projection-routes");
  }

  private JsonNode ok(String query) {
    ApiServer.Reply reply = server.get("/api/v1/projections" + query, API_TOKEN);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private List<String> allocations(JsonNode answer) {
    var out = new ArrayList<String>();
    answer.path("allocation").path("allocations").forEach(a -> out.add(a.path("rank").asInt() + " "
        + a.path("id").asText() + " " + a.path("amount").asText()));
    return out;
  }

  @Test
  void a_bots_trades_project_into_bands_drawdown_odds_and_kelly_and_its_quarter_kelly_share_of_the_amount() {
    JsonNode answer = ok("?bot=btc-trend&horizon=100&amount=10000&paths=10000");
    assertEquals("bot", answer.path("scope").asText());
    JsonNode p = answer.path("projection");
    assertEquals(40, p.path("trades").asInt());
    assertEquals(10_000, p.path("paths").asInt());
    assertEquals(101, p.path("bands").size(), "the start and one band per trade");
    JsonNode last = p.path("bands").get(100);
    double p10 = last.path("p10").asDouble(), p50 = last.path("p50").asDouble(), p90 = last.path("p90").asDouble();
    assertTrue(p10 < p50 && p50 < p90 && p50 > 10_000, last.toString());
    assertEquals(p50, p.path("median_final").asDouble());
    double drawdown = p.path("drawdown_probability").asDouble();
    assertTrue(drawdown >= 0 && drawdown < 0.1, "P(drawdown >= 20%) " + drawdown);
    assertEquals(1.0 / 6, p.path("kelly").path("half").asDouble(), 1e-12);
    assertEquals(1.0 / 12, p.path("kelly").path("quarter").asDouble(), 1e-12);
    // 10,000 × 1/12, the rest stays cash.
    assertEquals(List.of("1 btc-trend 833.33"), allocations(answer));
    assertEquals("9166.67", answer.path("allocation").path("unallocated").asText());
    System.out.printf(Locale.ROOT, "projection (HTTP, bot btc-trend): %d paths x %d trades, P10 %.0f P50 %.0f P90 %.0f,"
            + " P(drawdown >= 20%%) %.4f, half Kelly %.4f%n", p.path("paths").asInt(), p.path("horizon").asInt(), p10, p50,
        p90, drawdown, p.path("kelly").path("half").asDouble());
  }

  @Test
  void a_template_pools_its_bots_trades_and_ranks_them_by_quarter_kelly() {
    JsonNode answer = ok("?template=trend_following&amount=12000&horizon=50&paths=2000");
    assertEquals(80, answer.path("projection").path("trades").asInt());
    assertEquals(List.of("1 btc-trend 1000.00", "2 eth-trend 300.00"), allocations(answer));
    assertEquals("10700.00", answer.path("allocation").path("unallocated").asText());
  }

  @Test
  void the_fleet_ranks_every_bot_and_gives_none_to_the_edgeless_and_the_unproven_saying_why() {
    JsonNode answer = ok("?amount=12000&horizon=20&paths=1000");
    assertEquals("fleet", answer.path("scope").asText());
    assertEquals(115, answer.path("projection").path("trades").asInt());
    assertEquals(List.of("1 btc-trend 1000.00", "2 eth-trend 300.00", "3 new-bot 0.00", "4 sol-revert 0.00"),
        allocations(answer));
    JsonNode allocations = answer.path("allocation").path("allocations");
    assertEquals("5 closed trades, needs 20", allocations.get(2).path("note").asText());
    assertTrue(allocations.get(3).path("note").asText().contains("no edge"), allocations.get(3).toString());
    assertTrue(answer.path("allocation").path("rule").asText().contains("quarter Kelly"));
  }

  @Test
  void the_same_request_gives_the_same_projection_and_another_seed_another() {
    String q = "?bot=eth-trend&horizon=30&paths=500";
    assertEquals(ok(q).path("projection"), ok(q).path("projection"));
    assertNotEquals(ok(q).path("projection").path("bands"), ok(q + "&seed=2").path("projection").path("bands"));
  }

  @Test
  void too_few_trades_is_unprocessable_and_says_how_many_there_are() {
    ApiServer.Reply reply = server.get("/api/v1/projections?bot=new-bot", API_TOKEN);
    assertEquals(422, reply.status(), reply.body());
    assertEquals("bot 'new-bot' has 5 closed trades; a projection needs at least 20", reply.reason());
    assertEquals("unprocessable", reply.json().path("error").asText());
    assertEquals(404, server.get("/api/v1/projections?bot=nobody", API_TOKEN).status());
    assertEquals(404, server.get("/api/v1/projections?template=nothing", API_TOKEN).status());
    var before = server.fleet.tradeReturns;
    server.fleet.tradeReturns = new io.dorado.cluster.ops.TradeReturns(null, 200, java.util.List.of());
    try {
      ApiServer.Reply notYet = server.get("/api/v1/projections?bot=btc-trend", API_TOKEN);
      assertEquals(422, notYet.status(), notYet.body());
      assertEquals("no trades read yet: the track records have not been refreshed", notYet.reason());
    } finally {
      server.fleet.tradeReturns = before;
    }
  }

  @Test
  void bad_parameters_are_400s_with_a_reason() {
    for (String q : List.of("horizon=0", "horizon=abc", "horizon=1001", "paths=0", "paths=100001",
        "paths=100000&horizon=100", "amount=-5", "amount=0", "amount=abc", "amount=1e9999", "amount=2000000000000",
        "drawdown=0", "drawdown=1.5", "drawdown=x", "seed=x", "bot=BAD!", "template=%20-x",
        "bot=btc-trend&template=trend_following")) {
      ApiServer.Reply reply = server.get("/api/v1/projections?" + q, API_TOKEN);
      assertEquals(400, reply.status(), q + " → " + reply.body());
      assertEquals("bad_request", reply.json().path("error").asText(), q);
      assertTrue(!reply.reason().isBlank(), q);
    }
    assertEquals("paths x horizon must be at most 5000000, was 10000000",
        server.get("/api/v1/projections?paths=100000&horizon=100", API_TOKEN).reason());
  }
}
