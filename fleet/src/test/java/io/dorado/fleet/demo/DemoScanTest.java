package io.dorado.fleet.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.BarSources;
import io.dorado.actors.strategy.regime.RegimeModel;
import io.dorado.actors.strategy.regime.RegimeSettings;
import io.dorado.actors.strategy.scan.ScanPipeline;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.fleet.config.FleetConfigLoader;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo, config to report: its data sources load real history, the radar computes a
 * regime from it, and a scan runs every demo bot through the gates to a selection. Prints the report.
 */
class DemoScanTest {

  @Test
  void theDemoConfigurationScansItsRealHistory() {
    FleetConfig config = FleetConfigLoader.loadDemo();
    var history = new LinkedHashMap<String, List<Bar>>();
    for (Underlying u : config.universe().underlyings()) {
      history.put(u.symbol(), BarSources.history(config.dataConfig().source(u.symbol()).orElseThrow(), u.symbol()));
    }
    assertEquals(252, history.get("AAPL").size());
    assertEquals(580, history.get("ETH").size());

    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    var regimeSettings = new RegimeSettings("AAPL", 3, 1000, Duration.ofHours(1), Duration.ofHours(26), Duration.ofSeconds(5),
        7, Clock.fixed(now, ZoneOffset.UTC));
    RegimeModel.Result regime = RegimeModel.compute(history, regimeSettings, now);
    assertNotNull(regime.snapshot().macro(), String.join("; ", regime.notes()));

    var fleet = new ScanPipeline.Fleet(config.universe(), config.templates(), config.bots(), config.riskPolicy(), config.scoring());
    var equity = new BigDecimal("100000");
    var status = new RiskGuardian.GuardianStatus(TradingState.ACTIVE, false, "", equity, equity, BigDecimal.ZERO, Map.of(), 0, 0,
        BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    ScanReport report = ScanPipeline.run(new ScanPipeline.Inputs("demo-1", now, fleet, history, regime.snapshot(),
        Duration.ofHours(26), status, Map.of(), 30, 0)).report();

    assertEquals(4, report.bots().size());
    for (BotScan b : report.bots()) {
      assertFalse(b.gates().isEmpty(), b.botId() + " went through no gate: " + b.skipped());
      for (GateVerdict v : b.gates()) assertFalse(v.checks().isEmpty(), b.botId() + " " + v.gate() + " recorded no check");
    }
    long candidates = report.bots().stream().mapToLong(b -> b.candidates().size()).sum();
    assertEquals(candidates, report.selections().size(), "every candidate has a fate");

    System.out.println("Demo scan, regime " + report.regime() + " (" + String.join("; ", regime.notes()) + ")");
    for (BotScan b : report.bots()) {
      System.out.println("  " + b.botId() + " " + b.symbol() + " " + b.template() + (b.skipped() == null ? "" : ": " + b.skipped()));
      for (GateVerdict v : b.gates()) System.out.println("    " + v.gate() + " " + (v.passed() ? "pass" : "FAIL") + " " + v.checks());
      b.candidates().forEach(c -> System.out.printf("    candidate %s score %.3f risk %.2f%%: %s%n", c.candidateId(), c.score(),
          c.riskPct(), c.note()));
    }
    for (Selection s : report.selections()) System.out.println("  " + s.candidateId() + " " + s.fate() + ": " + s.reason());
    assertTrue(report.selections().stream().allMatch(s -> s.reason() != null && !s.reason().isBlank()));
    // at the end of the demo history the mean-reversion bot on BTC fits: the demo shows a live selection
    assertTrue(report.selections().stream().anyMatch(s -> s.fate() == Selection.Fate.SELECTED
        && s.candidateId().startsWith("demo-1-btc-mr-01")), report.selections().toString());
  }
}
