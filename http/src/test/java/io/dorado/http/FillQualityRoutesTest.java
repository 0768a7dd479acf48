package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/fill-quality: filled orders' slippage in bps per venue and order type, against the decision and the
 * arrival price, positive = worse for us (the fake fleet's orders: on crypto a market buy decided at 100 filled at
 * 100.16 against a 100.05 mark, a market sell decided at 110 filled at 109.89 against 109.78, an unfilled limit; on
 * paper a market buy 10 bps over with no mark); an unknown venue is no groups, a bad venue or bot a 400 with a reason.
 */
class FillQualityRoutesTest extends ApiRoutesTestBase {

  FillQualityRoutesTest() {
    super("fill-quality-routes");
  }

  private JsonNode ok(String query) {
    ApiServer.Reply reply = server.get("/api/v1/fill-quality" + query, API_TOKEN);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static List<String> groups(JsonNode answer) {
    var out = new ArrayList<String>();
    answer.path("groups").forEach(g -> out.add(g.path("venue").asText() + "/" + g.path("order_type").asText() + " "
        + g.path("orders").asInt() + " decision " + g.path("vs_decision").path("mean_bps").asText() + " arrival "
        + g.path("vs_arrival").path("mean_bps").asText()));
    return out;
  }

  @Test
  void filled_orders_are_grouped_by_venue_and_type_with_slippage_against_decision_and_arrival() {
    JsonNode answer = ok("");
    assertEquals(List.of("crypto/MARKET 2 decision 13.0 arrival 0.49", "paper/MARKET 1 decision 10.0 arrival null"),
        groups(answer), "the unfilled limit order is not measured");
    JsonNode market = answer.path("groups").get(0);
    assertEquals(2, market.path("vs_decision").path("count").asInt());
    assertEquals(10.0, market.path("vs_decision").path("median_bps").asDouble());
    assertEquals(16.0, market.path("vs_decision").path("p90_bps").asDouble());
    assertEquals(2, market.path("vs_arrival").path("count").asInt());
    assertTrue(answer.path("slippage").asText().contains("positive = worse for us"), answer.toString());
    System.out.printf("fill quality (HTTP): %d orders, %s/%s vs decision %s bps, vs arrival %s bps%n",
        market.path("orders").asInt(), market.path("venue").asText(), market.path("order_type").asText(),
        market.path("vs_decision").path("mean_bps").asText(), market.path("vs_arrival").path("mean_bps").asText());
  }

  @Test
  void a_venue_and_a_bot_narrow_the_orders_measured() {
    assertEquals(List.of("paper/MARKET 1 decision 10.0 arrival null"), groups(ok("?venue=paper")));
    JsonNode eth = ok("?venue=crypto&bot=eth-trend");
    assertEquals("crypto", eth.path("venue").asText());
    assertEquals("eth-trend", eth.path("bot").asText());
    assertEquals(List.of("crypto/MARKET 1 decision 10.0 arrival -10.02"), groups(eth));
    assertEquals(0, ok("?venue=nowhere").path("groups").size());
  }

  @Test
  void a_bad_venue_or_bot_is_a_400_with_a_reason() {
    var badVenue = server.get("/api/v1/fill-quality?venue=no%20such", API_TOKEN);
    assertEquals(400, badVenue.status(), badVenue.body());
    assertTrue(badVenue.json().path("reason").asText().contains("is not a venue id"), badVenue.body());
    var badBot = server.get("/api/v1/fill-quality?bot=%2Fetc", API_TOKEN);
    assertEquals(400, badBot.status(), badBot.body());
    assertTrue(badBot.json().path("reason").asText().contains("is not a bot id"), badBot.body());
  }
}
