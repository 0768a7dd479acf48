package io.dorado.http;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Dispatch;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scan as the scanner reports it: BTC (score 0.82) selected and sent to btc-1; ETH (0.64) run in paper because the
 * crypto cluster was full; SOL (0.30) excluded for its spread; SPY skipped at the volatility gate (IV rank 18).
 */
final class RankedScans {
  private RankedScans() {}

  static Candidate candidate(String scanId, String botId, String symbol, double score, double riskPct, String entry,
      String stop, String target) {
    return new Candidate(scanId + "-" + botId, botId, "trend_following", symbol, AssetClass.CRYPTO, Side.BUY,
        new BigDecimal(entry), new BigDecimal(stop), new BigDecimal(target), List.of(), null, null, null, false, 1.0,
        false, riskPct, score, Map.of(ScoreFeature.TREND_STRENGTH, score), null);
  }

  static ScanReport report(String scanId, Instant at) {
    var btc = candidate(scanId, "btc-1", "BTC", 0.82, 1.5, "64000", "62000", "68000");
    var eth = candidate(scanId, "eth-1", "ETH", 0.64, 1.0, "2200", "2100", "2400");
    var sol = candidate(scanId, "sol-1", "SOL", 0.30, 0.5, "150", "140", "170");
    var trend = List.of(new GateVerdict(Gate.REGIME, true, List.of("pass: risk_on 80% >= 60%"), Map.of("confidence", 0.8)),
        new GateVerdict(Gate.TECHNICAL, true, List.of("pass: Hurst 0.62 > 0.55"), Map.of("hurst", 0.62)));
    return new ScanReport(scanId, at, "risk_on (80%)", List.of(
        new BotScan("sol-1", "SOL", "trend_following", trend, List.of(sol), null),
        new BotScan("eth-1", "ETH", "trend_following", trend, List.of(eth), null),
        new BotScan("btc-1", "BTC", "trend_following", trend, List.of(btc), null),
        new BotScan("spy-ic", "SPY", "iron_condor", List.of(new GateVerdict(Gate.VOLATILITY, false,
            List.of("fail: IV rank 18 < 30"), Map.of("iv_rank", 18.0))), List.of(), "volatility gate failed")),
        List.of(new Selection(btc.candidateId(), Selection.Fate.SELECTED, "fits every portfolio limit"),
            new Selection(eth.candidateId(), Selection.Fate.PAPER, "correlated cluster crypto would exceed 20%"),
            new Selection(sol.candidateId(), Selection.Fate.EXCLUDED, "spread quality 0.2 < 0.5")),
        List.of(new Dispatch(btc.candidateId(), "btc-1", btc.candidateId(), false, "accepted (risk_check)"),
            new Dispatch(eth.candidateId(), "eth-1.paper", eth.candidateId(), true, "accepted (executing)")));
  }
}
