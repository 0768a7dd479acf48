package io.dorado.actors.strategy.scan;

import io.dorado.actors.strategy.indicators.Indicators;
import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Timeframe;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.Selection;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scan as a pure function (PRD §3.2): per scan-mode bot the gate cascade, candidates, sizing,
 * exclusions and scores; then the portfolio-aware selection over all of them. The scan actor
 * gathers the inputs and sends the outcome.
 */
public final class ScanPipeline {
  private ScanPipeline() {}

  /** The fleet's standing configuration, as the scanner holds it. */
  public record Fleet(
      Universe universe, Map<String, StrategyTemplate> templates, List<BotConfig> bots, RiskPolicy policy,
      ScoringWeights weights) {
    public Fleet {
      templates = Map.copyOf(templates);
      bots = List.copyOf(bots);
    }

    /** The bots that take part in scans. */
    public List<BotConfig> scanBots() {
      return bots.stream().filter(b -> b.signalMode().acceptsScan()).toList();
    }
  }

  /**
   * One scan's inputs. {@code status} null: the guardian did not answer (nothing goes live).
   * {@code records}: track records per template id and per bot ({@link TrackRecord#botKey}), may be empty. {@code arrivals}: when each symbol's newest bar
   * arrived (a live scan; a symbol without one has bars of unknown age: stale); null for an offline scan over stored
   * histories, whose freshness is not judged. {@code dataLimits}: the data-quality gate's limits. {@code chains}: where
   * option bots' chains come from (null: synthetic); {@code chainLimits}: {@link ChainQuality}'s thresholds.
   */
  public record Inputs(
      String scanId, Instant now, Fleet fleet, Map<String, List<Bar>> history, RegimeSnapshot regime,
      Duration regimeMaxAge, RiskGuardian.GuardianStatus status, Map<String, TrackRecord> records, int maxPaper,
      int openPaper, Map<String, DataQuality.Arrival> arrivals, DataQuality.Limits dataLimits, ChainSource chains,
      ChainQuality.Limits chainLimits) {

    public Inputs(String scanId, Instant now, Fleet fleet, Map<String, List<Bar>> history, RegimeSnapshot regime,
        Duration regimeMaxAge, RiskGuardian.GuardianStatus status, Map<String, TrackRecord> records, int maxPaper,
        int openPaper, Map<String, DataQuality.Arrival> arrivals, DataQuality.Limits dataLimits) {
      this(scanId, now, fleet, history, regime, regimeMaxAge, status, records, maxPaper, openPaper, arrivals, dataLimits,
          null, null);
    }

    /** An offline scan over stored histories: freshness not judged. */
    public Inputs(String scanId, Instant now, Fleet fleet, Map<String, List<Bar>> history, RegimeSnapshot regime,
        Duration regimeMaxAge, RiskGuardian.GuardianStatus status, Map<String, TrackRecord> records, int maxPaper,
        int openPaper) {
      this(scanId, now, fleet, history, regime, regimeMaxAge, status, records, maxPaper, openPaper, null,
          DataQuality.Limits.DEFAULT);
    }

    public Inputs {
      dataLimits = dataLimits == null ? DataQuality.Limits.DEFAULT : dataLimits;
      chains = chains == null ? ChainSource.SYNTHETIC : chains;
      chainLimits = chainLimits == null ? ChainQuality.Limits.DEFAULT : chainLimits;
    }
  }

  public record Output(ScanReport report, List<Candidate> selected, List<Candidate> paper) {}

  public static Output run(Inputs in) {
    Fleet fleet = in.fleet();
    String label = GateCascade.regimeLabel(in.regime(), in.regimeMaxAge(), in.now());
    double regimeConfidence = label == null ? Double.NaN : in.regime().macro().confidence();
    var bots = new ArrayList<BotScan>();
    var candidates = new ArrayList<Candidate>();
    var excluded = new ArrayList<Selection>();
    var marks = new HashMap<String, Double>();
    for (BotConfig bot : fleet.scanBots()) {
      StrategyTemplate base = fleet.templates().get(bot.strategyTemplate());
      Underlying u = fleet.universe().find(bot.underlying()).orElse(null);
      if (base == null || u == null) {
        bots.add(new BotScan(bot.id(), bot.underlying(), bot.strategyTemplate(), List.of(), List.of(),
            base == null ? "unknown template " + bot.strategyTemplate() : "underlying " + bot.underlying() + " not in the universe"));
        continue;
      }
      StrategyTemplate template = base.forRegime(label);
      // the template's timeframe when the scan read that series (BTC@1h), else the underlying's own bars
      String series = Timeframe.seriesKey(u.symbol(), base.barLength());
      if (!in.history().containsKey(series)) series = u.symbol();
      List<Bar> bars = in.history().getOrDefault(series, List.of());
      if (bars.isEmpty()) {
        bots.add(new BotScan(bot.id(), u.symbol(), bot.strategyTemplate(), List.of(), List.of(), "no market data for " + u.symbol()));
        continue;
      }
      var ivRank = template.volatilityRequirements() == null ? null : template.volatilityRequirements().ivRank();
      Technicals t = Indicators.compute(bars, ivRank == null ? null : ivRank.lookbackDays());
      marks.put(u.symbol(), t.close());
      DataQuality quality = DataQuality.judge(bars, in.arrivals() != null,
          in.arrivals() == null ? null : in.arrivals().get(series), in.dataLimits(), in.now());
      MarketSession session = MarketSession.judge(u, in.arrivals() != null,
          in.arrivals() == null ? null : in.arrivals().get(series), in.now());
      var ctx = new BotContext(bot, template, u, bars, t, quality, session);
      List<GateVerdict> gates = GateCascade.evaluate(ctx, in.regime(), in.regimeMaxAge(), in.now());
      if (!GateCascade.passed(gates)) {
        GateVerdict failed = gates.get(gates.size() - 1);
        // a closed market says when it opens again: the one gate whose failure is not about the bot's own numbers
        bots.add(new BotScan(bot.id(), u.symbol(), bot.strategyTemplate(), gates, List.of(),
            failed.gate().name().toLowerCase() + " gate failed"
                + (failed.gate() == io.dorado.protocol.strategy.Gate.SESSION ? ": " + session.reason() : "")));
        continue;
      }
      var made = new ArrayList<Candidate>();
      var inputs = new RiskSizing.Inputs(regimeConfidence, t.ivRank(), TrackRecord.forBot(in.records(), bot.id(), bot.strategyTemplate()),
          in.status() == null ? 0 : num(in.status().heatPct()), in.status() == null ? 0 : num(in.status().drawdownPct()),
          in.status() == null ? 0 : num(in.status().equity()));
      String prefix = in.scanId() + "-" + bot.id();
      List<Candidate> generated;
      List<String> refused = List.of();
      String noChain = null;
      if (template.type().directional()) generated = CandidateGenerator.directional(ctx, prefix);
      else {
        // every option structure passes the chain-quality checks; the refused are reported with why
        var g = CandidateGenerator.options(ctx, prefix, in.chains(), in.chainLimits(), in.now());
        generated = g.candidates();
        refused = g.refused();
        noChain = g.noChain();
      }
      for (Candidate c : generated) {
        double perUnit = c.maxLoss() == null ? 0 : c.maxLoss().doubleValue();
        RiskSizing.Sized sized = RiskSizing.size(bot.sizing(), template.sizing(), fleet.policy(), inputs, perUnit,
            c.entry().doubleValue());
        double riskPct = sized.riskPct();
        String how = sized.how();
        double cap = concentrationCap(c, fleet.policy());
        if (riskPct > cap) {
          riskPct = cap;
          how += String.format(java.util.Locale.ROOT, ", capped at %.3f%% so the position stays within the %s%% "
              + "single-underlying limit", cap, fleet.policy().portfolio().maxSingleUnderlyingPct().toPlainString());
        }
        Candidate s = Scoring.score(c.withRiskPct(riskPct), fleet.weights());
        s = new Candidate(s.candidateId(), s.botId(), s.template(), s.symbol(), s.assetClass(), s.side(), s.entry(), s.stop(),
            s.target(), s.legs(), s.dte(), s.credit(), s.maxLoss(), s.synthetic(), s.spreadQuality(), s.missingGreeks(),
            s.riskPct(), s.score(), s.features(), s.note() + "; sizing: " + how);
        made.add(s);
        var why = Scoring.exclusion(s, fleet.weights());
        if (why.isPresent()) excluded.add(new Selection(s.candidateId(), Selection.Fate.EXCLUDED, why.get()));
        else candidates.add(s);
      }
      String none = !made.isEmpty() ? null : noChain != null ? "gates passed but there is no option chain: " + noChain
          : refused.isEmpty()
          ? "gates passed but no candidate could be built (no side from the trend, or no strikes)"
          : "gates passed but every option structure was refused on its chain's quality: " + String.join(" | ", refused);
      bots.add(new BotScan(bot.id(), u.symbol(), bot.strategyTemplate(), gates, made, none, refused));
    }
    PortfolioView view = in.status() == null ? null : PortfolioView.of(in.status(), fleet.universe(), marks);
    PortfolioSelection.Result result = PortfolioSelection.select(candidates, view, fleet.policy(),
        in.regime() != null && in.regime().freshAt(in.now(), in.regimeMaxAge()) ? in.regime().correlation() : null,
        in.maxPaper(), in.openPaper(), "no portfolio state from the risk guardian: nothing goes live");
    var selections = new ArrayList<>(result.selections());
    selections.addAll(excluded);
    String regimeText = label == null ? "none (no fresh radar snapshot: regime gates allow all)"
        : label + String.format(java.util.Locale.ROOT, " (%.0f%%)", regimeConfidence * 100);
    var report = new ScanReport(in.scanId(), in.now(), regimeText, bots, selections, List.of());
    return new Output(report, result.selected(), result.paper());
  }

  /**
   * The most a directional candidate may risk so that its position (risk / stop distance) stays within the
   * policy's single-underlying limit, which the guardian would otherwise deny as concentration: risk % =
   * limit % x |entry - stop| / entry. Option structures risk their max loss, not a notional: no cap here.
   */
  static double concentrationCap(Candidate c, RiskPolicy policy) {
    if (!c.directional() || c.stop() == null || c.entry() == null || c.entry().signum() <= 0) return Double.MAX_VALUE;
    double stopShare = c.entry().subtract(c.stop()).abs().doubleValue() / c.entry().doubleValue();
    // 2% headroom: the guardian values the position at the fill, which may be a little above the signal's price.
    return policy.portfolio().maxSingleUnderlyingPct().doubleValue() * stopShare * 0.98;
  }

  private static double num(java.math.BigDecimal v) {
    return v == null ? 0 : v.doubleValue();
  }
}
