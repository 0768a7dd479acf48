package io.dorado.actors.strategy.scan;

import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.CorrelationRegime;
import io.dorado.protocol.strategy.Selection;
import io.dorado.protocol.strategy.Selection.Fate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The portfolio-aware selection loop of PRD §3.2: candidates in score order, each simulated into the
 * portfolio and kept only if every limit of the risk policy still holds (heat, single underlying,
 * asset class, minimum cash, and, when the correlation regime is concentrated, the correlated
 * cluster cap on total heat). One live candidate per bot per scan. What is not selected runs in
 * paper (PRD §3.3), at most {@code maxPaper} at a time: the lowest scores are dropped first.
 */
public final class PortfolioSelection {
  private PortfolioSelection() {}

  public record Result(List<Selection> selections, List<Candidate> selected, List<Candidate> paper) {}

  public static Result select(List<Candidate> candidates, PortfolioView start, RiskPolicy policy,
      CorrelationRegime correlation, int maxPaper, int openPaper, String noPortfolioReason) {
    List<Candidate> ranked = new ArrayList<>(candidates);
    ranked.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::candidateId));
    var selections = new ArrayList<Selection>();
    var selected = new ArrayList<Candidate>();
    var paper = new ArrayList<Candidate>();
    var reasons = new java.util.HashMap<String, String>();
    Set<String> botsWithLive = new HashSet<>();
    PortfolioView view = start;
    for (Candidate c : ranked) {
      Optional<String> refusal;
      if (view == null) refusal = Optional.of(noPortfolioReason);
      else if (botsWithLive.contains(c.botId())) refusal = Optional.of("bot " + c.botId() + " already has a higher-ranked candidate in this scan");
      else if (!(c.riskPct() > 0)) refusal = Optional.of("sized to 0% risk (no edge or no sizing)");
      else refusal = limits(c, view, policy, correlation);
      if (refusal.isEmpty()) {
        selected.add(c);
        botsWithLive.add(c.botId());
        view = view.add(c.symbol(), c.assetClass(), c.riskPct(), exposurePct(c), exposurePct(c));
      } else {
        paper.add(c);
        reasons.put(c.candidateId(), refusal.get());
      }
    }
    int room = Math.max(0, maxPaper - openPaper);
    var papered = new ArrayList<Candidate>();
    for (Candidate c : ranked) {
      if (selected.contains(c)) {
        selections.add(new Selection(c.candidateId(), Fate.SELECTED, "fits every portfolio limit"));
      } else if (papered.size() < room) {
        papered.add(c);
        selections.add(new Selection(c.candidateId(), Fate.PAPER, reasons.get(c.candidateId())));
      } else {
        selections.add(new Selection(c.candidateId(), Fate.DROPPED, reasons.get(c.candidateId()) + "; paper cap "
            + maxPaper + " reached (" + openPaper + " open, " + papered.size() + " added)"));
      }
    }
    return new Result(selections, selected, papered);
  }

  /**
   * Notional exposure in % of equity: a directional trade's position value (risk / stop distance ×
   * price); an option structure's margin, its max loss.
   */
  static double exposurePct(Candidate c) {
    if (!c.directional() || c.stop() == null) return c.riskPct();
    double distance = Math.abs(c.entry().doubleValue() - c.stop().doubleValue());
    return distance == 0 ? c.riskPct() : c.riskPct() * c.entry().doubleValue() / distance;
  }

  private static Optional<String> limits(Candidate c, PortfolioView v, RiskPolicy policy, CorrelationRegime correlation) {
    var p = policy.portfolio();
    double exposure = exposurePct(c);
    double heat = v.heatPct() + c.riskPct();
    if (heat > p.maxHeatPct().doubleValue()) {
      return Optional.of(String.format(Locale.ROOT, "heat %.2f%% + %.2f%% > max %s%%", v.heatPct(), c.riskPct(), p.maxHeatPct()));
    }
    if (correlation != null && correlation.kind() == CorrelationRegime.Kind.CONCENTRATED
        && heat > p.maxCorrelatedClusterPct().doubleValue()) {
      return Optional.of(String.format(Locale.ROOT, "correlation regime concentrated (%d PCs for %.0f%%): heat %.2f%% > correlated"
          + " cluster max %s%%", correlation.componentsForThreshold(), correlation.threshold() * 100, heat, p.maxCorrelatedClusterPct()));
    }
    double under = v.underlying(c.symbol()) + exposure;
    if (under > p.maxSingleUnderlyingPct().doubleValue()) {
      return Optional.of(String.format(Locale.ROOT, "%s exposure %.2f%% + %.2f%% > max %s%%", c.symbol(), v.underlying(c.symbol()),
          exposure, p.maxSingleUnderlyingPct()));
    }
    double cls = v.assetClass(c.assetClass()) + exposure;
    double clsMax = p.maxAssetClassPct(c.assetClass()).doubleValue();
    if (cls > clsMax) {
      return Optional.of(String.format(Locale.ROOT, "%s exposure %.2f%% + %.2f%% > max %.0f%%",
          c.assetClass().name().toLowerCase(Locale.ROOT), v.assetClass(c.assetClass()), exposure, clsMax));
    }
    if (v.cashPct() - exposure < p.minCashPct().doubleValue()) {
      return Optional.of(String.format(Locale.ROOT, "free cash %.2f%% - %.2f%% < min %s%%", v.cashPct(), exposure, p.minCashPct()));
    }
    return Optional.empty();
  }
}
