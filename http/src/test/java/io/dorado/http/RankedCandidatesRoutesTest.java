package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static io.dorado.http.ApiServer.OPERATOR_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The human picks from a ranked list (PRD §3.2): each scan's candidates in rank order with score, gate values, sizing and
 * the selection's reasons; an operator picks one of the latest scan, which is journalled and then sent to its bot as a
 * signal; a stale scan, an unknown or excluded candidate, or a busy bot is refused with a reason and nothing is sent.
 */
class RankedCandidatesRoutesTest extends ApiRoutesTestBase {
  private static final Instant AT = Instant.parse("2026-12-07T15:00:00Z");

  RankedCandidatesRoutesTest() {
    super("ranked-routes");
  }

  @BeforeEach
  void reset() {
    var f = server.fleet;
    f.ingested.clear();
    f.signalIds.clear();
    f.bots.clear();
    f.live.clear();
    f.pending.clear();
    f.withBot("btc-1", "BTC", "paper").withBot("eth-1", "ETH", "paper").withBot("sol-1", "SOL", "paper");
  }

  private String pick(String scanId, String candidate) {
    return "/api/v1/scans/" + scanId + "/candidates/" + candidate + "/pick";
  }

  @Test
  void the_latest_scan_lists_its_candidates_in_rank_order_with_score_gates_sizing_and_the_selections_reason() {
    assertEquals("no scan has finished yet", server.get("/api/v1/scans/latest", API_TOKEN).reason());
    server.fleet.lastScan = RankedScans.report("scan-7", AT);

    JsonNode scan = server.get("/api/v1/scans/latest", API_TOKEN).json();
    assertEquals("scan-7", scan.path("scan_id").asText());
    List<String> order = new ArrayList<>();
    scan.path("candidates").forEach(c -> order.add(c.path("rank").asInt() + " " + c.path("symbol").asText() + " "
        + c.path("score").asDouble() + " " + c.path("fate").asText()));
    assertEquals(List.of("1 BTC 0.82 selected", "2 ETH 0.64 paper", "3 SOL 0.3 excluded"), order);
    JsonNode eth = scan.path("candidates").get(1);
    assertEquals("correlated cluster crypto would exceed 20%", eth.path("reason").asText());
    assertEquals(1.0, eth.path("risk_pct").asDouble());
    assertEquals("2100", eth.path("stop").asText());
    assertEquals("eth-1.paper: accepted (executing)", eth.path("sent_to").asText());
    assertEquals(0.62, eth.path("gates").get(1).path("numbers").path("hurst").asDouble());
    assertTrue(eth.path("gates").get(1).path("passed").asBoolean());
    JsonNode spy = scan.path("skipped").get(0);
    assertEquals("spy-ic volatility gate failed false 18.0", spy.path("bot_id").asText() + " " + spy.path("why").asText()
        + " " + spy.path("gates").get(0).path("passed").asBoolean() + " "
        + spy.path("gates").get(0).path("numbers").path("iv_rank").asDouble());
  }

  @Test
  void the_history_of_ranked_lists_is_newest_first_within_the_limit() {
    server.fleet.scanHistory.addAll(List.of(RankedScans.report("scan-9", AT.plusSeconds(30)),
        RankedScans.report("scan-8", AT.plusSeconds(15)), RankedScans.report("scan-7", AT)));

    JsonNode two = server.get("/api/v1/scans?limit=2", API_TOKEN).json().path("scans");
    assertEquals(2, two.size());
    assertEquals("scan-9", two.get(0).path("scan_id").asText());
    assertEquals("scan-8", two.get(1).path("scan_id").asText());
    assertEquals(3, two.get(1).path("candidates").size());
    assertEquals(3, server.get("/api/v1/scans", API_TOKEN).json().path("scans").size());
    var bad = server.get("/api/v1/scans?limit=0", API_TOKEN);
    assertEquals(400, bad.status());
    assertEquals("limit must be within 1..50, was 0", bad.reason());
  }

  @Test
  void an_operator_picks_a_candidate_the_scan_ran_in_paper_it_is_journalled_then_sent_to_its_bot() {
    server.fleet.lastScan = RankedScans.report("scan-7", AT);

    assertEquals(403, server.post(pick("scan-7", "scan-7-eth-1"), API_TOKEN, "").status(), "a reader cannot pick");
    var reply = server.post(pick("scan-7", "scan-7-eth-1"), OPERATOR_TOKEN, "");

    assertEquals(200, reply.status(), reply.body());
    assertEquals("sent", reply.json().path("outcome").asText());
    assertEquals("eth-1", reply.json().path("bot_id").asText());
    assertEquals(List.of("eth-1 scan-7 scan-7-eth-1 #2 paper: correlated cluster crypto would exceed 20% by http"),
        server.fleet.picks);
    Signal sent = server.fleet.ingested.get(0);
    assertEquals("scan-7-eth-1", sent.signalId());
    assertEquals("eth-1", sent.botId());
    assertEquals(SignalAction.ENTER_LONG, sent.action());
    assertEquals(new BigDecimal("2200"), sent.price());
    assertEquals(new BigDecimal("2100"), sent.stop());
    assertEquals(new BigDecimal("1.0000"), sent.riskPct(), "the sizing the scan proposed");
    assertEquals("pick", sent.source());

    var again = server.post(pick("scan-7", "ETH"), OPERATOR_TOKEN, "");
    assertEquals(200, again.status(), again.body());
    assertEquals("already_sent", again.json().path("outcome").asText(), "by symbol, the same candidate: nothing new");
    assertEquals(1, server.fleet.ingested.size());
  }

  @Test
  void a_stale_scan_an_unknown_or_excluded_candidate_or_a_busy_bot_is_refused_with_a_reason_and_nothing_is_sent() {
    var none = server.post(pick("scan-7", "scan-7-eth-1"), OPERATOR_TOKEN, "");
    assertEquals(404, none.status());
    assertEquals("no scan has finished yet", none.reason());

    server.fleet.lastScan = RankedScans.report("scan-8", AT.plusSeconds(15));
    var stale = server.post(pick("scan-7", "scan-7-eth-1"), OPERATOR_TOKEN, "");
    assertEquals(409, stale.status());
    assertEquals("stale_scan", stale.json().path("outcome").asText());
    assertEquals("scan scan-7 is not the latest (scan-8): pick from the latest list", stale.reason());

    var unknown = server.post(pick("scan-8", "DOGE"), OPERATOR_TOKEN, "");
    assertEquals(404, unknown.status());
    assertEquals("scan scan-8 has no candidate DOGE", unknown.reason());

    var excluded = server.post(pick("scan-8", "scan-8-sol-1"), OPERATOR_TOKEN, "");
    assertEquals(409, excluded.status());
    assertEquals("candidate scan-8-sol-1 was excluded before ranking: spread quality 0.2 < 0.5", excluded.reason());

    server.fleet.awaitApproval("btc-1", "scan-8-btc-1");
    var busy = server.post(pick("scan-8", "scan-8-btc-1"), OPERATOR_TOKEN, "");
    assertEquals(409, busy.status());
    assertEquals("bot_busy", busy.json().path("outcome").asText());
    assertEquals("bot btc-1 is awaiting_approval, not idle: a pick waits until its trade is settled", busy.reason());

    assertEquals(List.of(), server.fleet.ingested);
    assertEquals(List.of(), server.fleet.picks);
  }
}
