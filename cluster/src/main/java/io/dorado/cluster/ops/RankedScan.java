package io.dorado.cluster.ops;

import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.Dispatch;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.Selection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scan as a human picks from it (PRD §3.2): every candidate in rank order (score, highest first) with its bot's gate
 * verdicts and their values, the sizing the scan proposed (risk % of equity; entry, stop, target or the structure's credit
 * and max loss), what the selection decided and why (selected, paper: the limit it broke, dropped: the paper cap,
 * excluded: its quality) and where the scan sent it; then the bots that produced no candidate, with the gate that stopped
 * them. {@code report}: the scan's whole report.
 */
public record RankedScan(String scanId, Instant at, String regime, List<Row> candidates, List<Skipped> skipped,
    ScanReport report) {

  public record Row(int rank, String candidateId, String botId, String symbol, String template, Side side, double score,
      double riskPct, BigDecimal entry, BigDecimal stop, BigDecimal target, BigDecimal credit, BigDecimal maxLoss,
      Integer dte, String fate, String reason, String sentTo, List<GateVerdict> gates, String note) {}

  public record Skipped(String botId, String symbol, String template, String why, List<GateVerdict> gates) {}

  public static RankedScan of(ScanReport r) {
    Map<String, Selection> fates = new LinkedHashMap<>();
    for (Selection s : r.selections()) fates.put(s.candidateId(), s);
    Map<String, Dispatch> sent = new LinkedHashMap<>();
    for (Dispatch d : r.dispatches()) sent.put(d.candidateId(), d);
    record Entry(Candidate c, BotScan bot) {}
    var all = new ArrayList<Entry>();
    var skipped = new ArrayList<Skipped>();
    for (BotScan b : r.bots()) {
      for (Candidate c : b.candidates()) all.add(new Entry(c, b));
      if (b.candidates().isEmpty()) {
        skipped.add(new Skipped(b.botId(), b.symbol(), b.template(), b.skipped(), b.gates()));
      }
    }
    // the selection's order: score, highest first, then id (PortfolioSelection)
    all.sort(Comparator.comparingDouble((Entry e) -> e.c().score()).reversed()
        .thenComparing(e -> e.c().candidateId()));
    var rows = new ArrayList<Row>();
    for (Entry e : all) {
      Candidate c = e.c();
      Selection s = fates.get(c.candidateId());
      Dispatch d = sent.get(c.candidateId());
      rows.add(new Row(rows.size() + 1, c.candidateId(), c.botId(), c.symbol(), c.template(), c.side(), c.score(),
          c.riskPct(), c.entry(), c.stop(), c.target(), c.credit(), c.maxLoss(), c.dte(),
          s == null ? "unranked" : s.fate().name().toLowerCase(), s == null ? "not in the selection" : s.reason(),
          d == null ? null : d.botId() + ": " + d.outcome(), e.bot().gates(), c.note()));
    }
    return new RankedScan(r.scanId(), r.at(), r.regime(), List.copyOf(rows), List.copyOf(skipped), r);
  }
}
