package io.dorado.http;

import static io.dorado.http.ApiServer.API_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.Selection;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueInstruments;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator reads the scanner's last report (gates, candidates, refusals with their reasons) and a venue's rules for
 * one instrument (tick, lot, minimums, OANDA's pip); what is not there yet, or not known, is a 404 with a reason.
 */
class ScanAndInstrumentRoutesTest extends ApiRoutesTestBase {
  ScanAndInstrumentRoutesTest() {
    super("scan-routes");
  }

  @Test
  void before_any_scan_has_finished_the_report_is_404_with_a_reason() {
    var reply = server.get("/api/v1/scan/last", API_TOKEN);
    assertEquals(404, reply.status(), reply.body());
    assertEquals("no scan has finished yet", reply.reason());
    assertEquals(401, server.get("/api/v1/scan/last", null).status(), "a token is needed");
  }

  @Test
  void the_last_scan_shows_each_bots_gates_and_its_refusals_with_their_reasons() {
    var gates = List.of(new GateVerdict(Gate.DATA_QUALITY, true, List.of("pass: AAPL fresh"), Map.of("data_quality", 1.0)));
    server.fleet.lastScan = new ScanReport("scan-7", Instant.parse("2026-12-07T15:00:00Z"), "risk_on (80%)",
        List.of(new BotScan("aapl-ibkr", "AAPL", "iron_condor", gates, List.of(),
            "gates passed but every option structure was refused on its chain's quality: ...",
            List.of("2027-01-15 (short put 180, long put 170) refused: short put 180 quote 5m old > 1m"))),
        List.of(new Selection("scan-7-btc-1", Selection.Fate.PAPER, "BTC exposure would exceed 10%")), List.of());

    JsonNode report = server.get("/api/v1/scan/last", API_TOKEN).json();
    assertEquals("scan-7", report.path("scan_id").asText());
    assertEquals("risk_on (80%)", report.path("regime").asText());
    JsonNode bot = report.path("bots").get(0);
    assertEquals("aapl-ibkr", bot.path("bot_id").asText());
    assertEquals("pass: AAPL fresh", bot.path("gates").get(0).path("checks").get(0).asText());
    assertEquals("2027-01-15 (short put 180, long put 170) refused: short put 180 quote 5m old > 1m",
        bot.path("refused").get(0).asText());
    assertTrue(bot.path("skipped").asText().startsWith("gates passed but every option structure was refused"));
    assertEquals("BTC exposure would exceed 10%", report.path("selections").get(0).path("reason").asText());
  }

  @Test
  void a_venues_rules_for_an_instrument_show_tick_lot_minimums_and_oandas_pip_by_either_name() {
    server.fleet.instruments.put("oanda-practice", new VenueInstruments("oanda-practice", List.of(
        new InstrumentRules("EUR", "EUR_USD", new BigDecimal("0.00001"), BigDecimal.ONE, BigDecimal.ONE, null,
            new BigDecimal("0.0001"))), null));

    JsonNode eur = server.get("/api/v1/venues/oanda-practice/instruments/EUR", API_TOKEN).json();
    assertEquals("EUR_USD", eur.path("venue_symbol").asText());
    assertEquals("0.00001", eur.path("tick_size").asText());
    assertEquals("1", eur.path("lot_size").asText());
    assertEquals("0.0001", eur.path("pip").asText());
    assertTrue(eur.path("min_notional").isNull());
    assertEquals(200, server.get("/api/v1/venues/oanda-practice/instruments/EUR_USD", API_TOKEN).status());
  }

  @Test
  void an_unknown_venue_or_symbol_is_404_with_a_reason_and_a_venue_that_cannot_answer_503() {
    server.fleet.instruments.put("oanda-practice", new VenueInstruments("oanda-practice", List.of(
        new InstrumentRules("EUR", "EUR_USD", null, null, null, null)), null));
    server.fleet.instruments.put("ibkr-paper", new VenueInstruments("ibkr-paper", List.of(),
        "its rules could not be fetched: IbkrApiException 401"));

    var venue = server.get("/api/v1/venues/nowhere/instruments/EUR", API_TOKEN);
    assertEquals(404, venue.status());
    assertEquals("no venue account nowhere on this node", venue.reason());
    var symbol = server.get("/api/v1/venues/oanda-practice/instruments/GBP", API_TOKEN);
    assertEquals(404, symbol.status());
    assertEquals("venue oanda-practice reports no rules for GBP (it has rules for [EUR])", symbol.reason());
    var down = server.get("/api/v1/venues/ibkr-paper/instruments/AAPL", API_TOKEN);
    assertEquals(503, down.status());
    assertEquals("venue ibkr-paper: its rules could not be fetched: IbkrApiException 401", down.reason());
  }
}
