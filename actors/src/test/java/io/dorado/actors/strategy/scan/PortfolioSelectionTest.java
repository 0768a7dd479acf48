package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.CorrelationRegime;
import io.dorado.protocol.strategy.Selection;
import io.dorado.protocol.strategy.Selection.Fate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The selection loop of PRD §3.2 against the risk policy's portfolio limits, and the paper cap. */
class PortfolioSelectionTest {
  private static final PortfolioView EMPTY = new PortfolioView(100_000, 0, Map.of(), Map.of(), 100, 0);

  /** A long with entry 100 and stop 50: exposure is twice its risk. */
  private static Candidate c(String id, String bot, String symbol, AssetClass cls, double riskPct, double score) {
    return new Candidate(id, bot, "t", symbol, cls, Side.BUY, new BigDecimal("100"), new BigDecimal("50"), null, List.of(),
        null, null, new BigDecimal("50"), false, 0, false, riskPct, score, Map.of(), "");
  }

  private static Map<String, Selection> byId(PortfolioSelection.Result r) {
    return r.selections().stream().collect(Collectors.toMap(Selection::candidateId, s -> s));
  }

  @Test
  void higherScoresAreAllocatedFirstAndTheRestRunInPaperWithTheLimitNamed() {
    var candidates = List.of(
        c("low", "b3", "C", AssetClass.EQUITY, 4, 0.2),
        c("high", "b1", "A", AssetClass.EQUITY, 4, 0.9),
        c("mid", "b2", "B", AssetClass.EQUITY, 4, 0.5));
    RiskPolicy policy = new RiskPolicy(null, new RiskPolicy.Portfolio(new BigDecimal("10"), new BigDecimal("100"), null,
        null, BigDecimal.ZERO), null, null, null);
    var r = PortfolioSelection.select(candidates, EMPTY, policy, null, 30, 0, "");
    assertEquals(List.of("high", "mid"), r.selected().stream().map(Candidate::candidateId).toList());
    Selection low = byId(r).get("low");
    assertEquals(Fate.PAPER, low.fate());
    assertEquals("heat 8.00% + 4.00% > max 10%", low.reason());
    assertEquals(List.of("high", "mid", "low"), r.selections().stream().map(Selection::candidateId).toList()); // rank order
  }

  @Test
  void concentrationAssetClassAndCashLimitsHold() {
    RiskPolicy policy = RiskPolicy.DEFAULT; // 10% per underlying, crypto 20%, 20% min cash
    var r = PortfolioSelection.select(List.of(
        c("btc-big", "b1", "BTC", AssetClass.CRYPTO, 6, 0.9), // 12% exposure > 10%
        c("btc", "b2", "BTC", AssetClass.CRYPTO, 4, 0.8),     // 8%
        c("eth", "b3", "ETH", AssetClass.CRYPTO, 4, 0.7),     // 8% -> crypto 16%
        c("sol", "b4", "SOL", AssetClass.CRYPTO, 4, 0.6)),    // crypto 24% > 20%
        EMPTY, policy, null, 30, 0, "");
    var s = byId(r);
    assertEquals("BTC exposure 0.00% + 12.00% > max 10%", s.get("btc-big").reason());
    assertEquals(Fate.SELECTED, s.get("btc").fate());
    assertEquals(Fate.SELECTED, s.get("eth").fate());
    assertEquals("crypto exposure 16.00% + 8.00% > max 20%", s.get("sol").reason());

    var poor = new PortfolioView(100_000, 0, Map.of(), Map.of(), 25, 0);
    var cash = PortfolioSelection.select(List.of(c("a", "b1", "A", AssetClass.EQUITY, 4, 0.9)), poor, policy, null, 30, 0, "");
    assertEquals("free cash 25.00% - 8.00% < min 20%", byId(cash).get("a").reason());
  }

  @Test
  void aConcentratedCorrelationRegimeCapsTotalHeatAtTheClusterLimit() {
    var concentrated = new CorrelationRegime(List.of("A", "B"), 1, 0.8, 0.95, CorrelationRegime.Kind.CONCENTRATED);
    var view = new PortfolioView(100_000, 18, Map.of(), Map.of(), 100, 0);
    var r = PortfolioSelection.select(List.of(c("a", "b1", "A", AssetClass.EQUITY, 3, 0.9)), view, RiskPolicy.DEFAULT,
        concentrated, 30, 0, "");
    assertTrue(byId(r).get("a").reason().startsWith("correlation regime concentrated"), byId(r).get("a").reason());
    var diversified = PortfolioSelection.select(List.of(c("a", "b1", "A", AssetClass.EQUITY, 3, 0.9)), view, RiskPolicy.DEFAULT,
        null, 30, 0, "");
    assertEquals(Fate.SELECTED, byId(diversified).get("a").fate());
  }

  @Test
  void oneLiveCandidatePerBotPerScan() {
    var r = PortfolioSelection.select(List.of(c("a1", "b1", "A", AssetClass.EQUITY, 1, 0.9), c("a2", "b1", "A", AssetClass.EQUITY, 1, 0.8)),
        EMPTY, RiskPolicy.DEFAULT, null, 30, 0, "");
    assertEquals(List.of("a1"), r.selected().stream().map(Candidate::candidateId).toList());
    assertTrue(byId(r).get("a2").reason().contains("already has a higher-ranked candidate"));
  }

  @Test
  void paperRunsAtMostThirtyAtATimeDroppingTheLowestScoresFirst() {
    var many = new ArrayList<Candidate>();
    for (int i = 0; i < 10; i++) many.add(c("c" + i, "b" + i, "S" + i, AssetClass.EQUITY, 1, i / 10.0));
    // no guardian status: nothing goes live, everything is a paper candidate
    var r = PortfolioSelection.select(many, null, RiskPolicy.DEFAULT, null, 30, 27, "no portfolio state");
    assertEquals(List.of("c9", "c8", "c7"), r.paper().stream().map(Candidate::candidateId).toList());
    var s = byId(r);
    assertEquals(Fate.PAPER, s.get("c7").fate());
    assertEquals("no portfolio state", s.get("c7").reason());
    assertEquals(Fate.DROPPED, s.get("c6").fate());
    assertTrue(s.get("c0").reason().endsWith("paper cap 30 reached (27 open, 3 added)"), s.get("c0").reason());
  }
}
