package io.dorado.actors.strategy.scan;

import io.dorado.actors.strategy.indicators.Indicators;
import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.strategy.Gate;
import io.dorado.protocol.strategy.GateVerdict;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.EntryMethod;
import io.dorado.protocol.strategy.TrendState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate cascade of PRD §3.2, per bot: data quality, then regime, volatility and technical, then the session. It
 * stops at the first gate that fails; every gate run records each check and the numbers it read. Data quality fails
 * on stale bars ({@link DataQuality}): indicators of a feed that stopped describe a market that has moved on. The
 * session gate fails when the underlying's market is closed on the live clock ({@link MarketSession}): no new
 * position opens outside its session (exits are not scanned, and the calendar never holds them).
 *
 * <p>The radar is never load-bearing: a missing or stale snapshot, or a model that does not exist yet
 * (FX factor model, VIX data), lets its check pass and says so. History the bot's own indicators need
 * is different: without it the check fails, because no sound candidate could be built anyway.
 */
public final class GateCascade {
  private GateCascade() {}

  public static List<GateVerdict> evaluate(BotContext ctx, RegimeSnapshot regime, Duration maxAge, Instant now) {
    var verdicts = new ArrayList<GateVerdict>();
    for (Gate gate : Gate.values()) {
      var run = new Run();
      switch (gate) {
        case DATA_QUALITY -> dataQuality(ctx, run);
        case REGIME -> regime(ctx, regime, maxAge, now, run);
        case VOLATILITY -> volatility(ctx, run);
        case TECHNICAL -> technical(ctx, run);
        case SESSION -> session(ctx, run);
      }
      GateVerdict v = new GateVerdict(gate, run.passed, run.checks, run.numbers);
      verdicts.add(v);
      if (!v.passed()) break;
    }
    return verdicts;
  }

  public static boolean passed(List<GateVerdict> verdicts) {
    return verdicts.size() == Gate.values().length && verdicts.stream().allMatch(GateVerdict::passed);
  }

  /** The macro regime label the template is resolved for: the snapshot's, when fresh. */
  public static String regimeLabel(RegimeSnapshot regime, Duration maxAge, Instant now) {
    return regime != null && regime.freshAt(now, maxAge) && regime.macro() != null ? regime.macro().label() : null;
  }

  private static final class Run {
    boolean passed = true;
    final List<String> checks = new ArrayList<>();
    final Map<String, Double> numbers = new LinkedHashMap<>();

    void pass(String check) {
      checks.add("pass: " + check);
    }

    void fail(String check) {
      checks.add("FAIL: " + check);
      passed = false;
    }

    void skip(String check) {
      checks.add("not evaluated: " + check);
    }

    void number(String name, double v) {
      if (Technicals.has(v)) numbers.put(name, v);
    }
  }

  // ---- gate 0: data quality ---------------------------------------------------------------------

  private static void dataQuality(BotContext ctx, Run run) {
    DataQuality q = ctx.quality();
    if (q.age() != null) run.number("data_age_s", q.age().toMillis() / 1000.0);
    if (q.limit() != null) run.number("data_max_age_s", q.limit().toMillis() / 1000.0);
    run.number("data_completeness", q.completeness());
    run.number("data_quality", q.score());
    String what = ctx.symbol() + ": " + q.reason();
    if (!q.judged()) run.skip(what);
    else if (q.fresh()) run.pass(what);
    else run.fail(what);
  }

  // ---- gate 4: session ---------------------------------------------------------------------------

  private static void session(BotContext ctx, Run run) {
    MarketSession s = ctx.session();
    if (!s.judged()) run.skip(s.reason());
    else if (s.open()) run.pass(s.reason());
    else run.fail(s.reason() + ": no new position outside the session");
  }

  // ---- gate 1: regime ---------------------------------------------------------------------------

  private static void regime(BotContext ctx, RegimeSnapshot snapshot, Duration maxAge, Instant now, Run run) {
    StrategyTemplate.RegimeRequirements req = ctx.template().regimeRequirements();
    RegimeFilter filter = ctx.bot().regimeFilter();
    boolean wantsMacro = !req.allowedRegimes().isEmpty() || !filter.allowed().isEmpty();
    boolean fresh = snapshot != null && snapshot.freshAt(now, maxAge);
    MacroRegime macro = fresh ? snapshot.macro() : null;
    if (wantsMacro) {
      if (macro == null) {
        run.skip(snapshot == null ? "no regime snapshot: every regime allowed (the radar is never load-bearing)"
            : !fresh ? "regime snapshot published " + snapshot.publishedAt() + " is older than " + maxAge
                + ": every regime allowed" : "the radar has no macro regime yet: every regime allowed");
      } else {
        run.number("regime_confidence", macro.confidence());
        if (!req.allowedRegimes().isEmpty()) {
          double min = req.minRegimeConfidence() == null ? 0 : req.minRegimeConfidence();
          String what = "template allows " + req.allowedRegimes() + " at confidence >= " + min + "; regime is "
              + macro.label() + " at " + pct(macro.confidence());
          if (req.allowedRegimes().contains(macro.label()) && macro.confidence() >= min) run.pass(what);
          else run.fail(what);
        }
        if (!filter.allowed().isEmpty()) {
          String what = "bot allows " + filter.allowed() + " at confidence >= " + filter.minRegimeConfidence()
              + "; regime is " + macro.label() + " at " + pct(macro.confidence());
          if (filter.allows(macro.label(), macro.confidence())) run.pass(what);
          else run.fail(what);
        }
      }
    }
    if (!req.fxRegimeAllowed().isEmpty()) {
      run.skip("fx_regime_allowed " + req.fxRegimeAllowed() + ": no FX regime model publishes yet (PRD §3.5.2)");
    }
    Technicals t = ctx.technicals();
    boolean wantsTrend = Boolean.TRUE.equals(req.trendExists()) || req.hurstMin() != null || req.minTrendConfidence() != null;
    if (wantsTrend) {
      if (!Technicals.has(t.hurstRs())) {
        run.fail("trend state needs " + 65 + " bars of " + ctx.symbol() + ", have " + t.bars());
        return;
      }
      TrendState trend = TrendState.of(ctx.symbol(), t.hurstRs(), t.hurstDfa());
      run.number("hurst", trend.hurst());
      run.number("trend_confidence", trend.confidence());
      if (Boolean.TRUE.equals(req.trendExists())) {
        String what = "trend exists: Hurst " + fmt(trend.hurst()) + " is " + name(trend.kind());
        if (trend.kind() == TrendState.Kind.TRENDING) run.pass(what);
        else run.fail(what);
      }
      if (req.hurstMin() != null) check(run, "Hurst", trend.hurst(), req.hurstMin(), null);
      if (req.minTrendConfidence() != null) check(run, "trend confidence", trend.confidence(), req.minTrendConfidence(), null);
    }
    if (run.checks.isEmpty()) run.pass("no regime requirement");
  }

  // ---- gate 2: volatility -----------------------------------------------------------------------

  private static void volatility(BotContext ctx, Run run) {
    StrategyTemplate.VolatilityRequirements req = ctx.template().volatilityRequirements();
    Technicals t = ctx.technicals();
    run.number("realized_vol_pct", t.realizedVolPct());
    run.number("iv_rank", t.ivRank());
    if (req.ivRank() != null) {
      if (!Technicals.has(t.ivRank())) {
        run.fail("IV rank needs " + (Indicators.WINDOW * 2 + 1) + " bars of volatility history, have " + t.bars() + " bars");
      } else {
        check(run, "IV rank" + (t.ivRankSynthetic() ? " (from realized volatility: no implied-vol history)" : ""),
            t.ivRank(), req.ivRank().min(), req.ivRank().max());
      }
    }
    if (req.termStructure() != null) run.skip("term structure: no VIX futures data source yet");
    if (req.vixRegime() != null) run.skip("VIX " + bounds(req.vixRegime()) + ": no VIX data source yet");
    if (req.realizedVolPct() != null) {
      if (!Technicals.has(t.realizedVolPct())) run.fail("realized volatility needs " + (Indicators.WINDOW + 1) + " bars");
      else check(run, "realized volatility %", t.realizedVolPct(), req.realizedVolPct().min(), req.realizedVolPct().max());
    }
    if (run.checks.isEmpty()) run.pass("no volatility requirement");
  }

  // ---- gate 3: technical ------------------------------------------------------------------------

  private static void technical(BotContext ctx, Run run) {
    StrategyTemplate.TechnicalRequirements req = ctx.template().technicalRequirements();
    Technicals t = ctx.technicals();
    run.number("close", t.close());
    run.number("atr14", t.atr14());
    if (!Technicals.has(t.atr14())) {
      run.fail("ATR needs 15 bars, have " + t.bars() + " (stops and strikes are built from it)");
      return;
    }
    if (req.rangeConfirmation() != null) {
      var rc = req.rangeConfirmation();
      double ma = Indicators.sma(ctx.bars(), rc.referenceMa());
      double atr = Indicators.atr(ctx.bars(), rc.lookback());
      run.number("range_ma", ma);
      run.number("range_atr", atr);
      if (!Technicals.has(ma) || !Technicals.has(atr)) {
        run.fail("ATR channel needs " + Math.max(rc.referenceMa(), rc.lookback() + 1) + " bars");
      } else {
        double band = rc.atrMultiplier() * atr;
        String what = "close " + fmt(t.close()) + " within SMA" + rc.referenceMa() + " " + fmt(ma) + " ± " + rc.atrMultiplier()
            + " ATR" + rc.lookback() + " (" + fmt(ma - band) + " .. " + fmt(ma + band) + ")";
        if (Math.abs(t.close() - ma) <= band) run.pass(what);
        else run.fail(what);
      }
    }
    if (req.trendFilter() != null) {
      var tf = req.trendFilter();
      double adx = Indicators.adx(ctx.bars(), tf.lookback());
      run.number("adx", adx);
      if (!Technicals.has(adx)) run.fail("ADX" + tf.lookback() + " needs " + 2 * tf.lookback() + " bars");
      else check(run, "ADX" + tf.lookback(), adx, tf.minAdx(), tf.maxAdx());
    }
    if (req.trendConfirmation() != null) {
      var tc = req.trendConfirmation();
      if (tc.hurstMin() != null || tc.hurstMax() != null) {
        if (!Technicals.has(t.hurstRs())) run.fail("Hurst needs 65 bars, have " + t.bars());
        else {
          run.number("hurst", t.hurst());
          check(run, "Hurst", t.hurst(), tc.hurstMin(), tc.hurstMax());
        }
      }
      if (tc.adxMin() != null) {
        if (!Technicals.has(t.adx14())) run.fail("ADX14 needs 28 bars");
        else {
          run.number("adx14", t.adx14());
          check(run, "ADX14", t.adx14(), tc.adxMin(), null);
        }
      }
    }
    if (req.rsi() != null) {
      run.number("rsi14", t.rsi14());
      if (!Technicals.has(t.rsi14())) run.fail("RSI14 needs 15 bars");
      else check(run, "RSI14", t.rsi14(), req.rsi().min(), req.rsi().max());
    }
    if (req.entryMethod() == EntryMethod.BREAKOUT_OF_20D_RANGE) {
      run.number("high20", t.high20());
      run.number("low20", t.low20());
      if (!Technicals.has(t.high20())) {
        run.fail("a 20-bar breakout needs 21 bars");
      } else {
        var side = CandidateGenerator.side(ctx.template().entry().direction(), t);
        boolean up = t.close() > t.high20(), down = t.close() < t.low20();
        String what = "breakout of the 20-bar range " + fmt(t.low20()) + " .. " + fmt(t.high20()) + ": close " + fmt(t.close())
            + (side == null ? "" : ", side " + side.name().toLowerCase(Locale.ROOT));
        boolean ok = side == io.dorado.protocol.order.Side.BUY ? up : side == io.dorado.protocol.order.Side.SELL ? down : false;
        if (ok) run.pass(what);
        else run.fail(what);
      }
    }
    if (run.checks.isEmpty()) run.pass("no technical requirement");
  }

  private static void check(Run run, String name, double value, Double min, Double max) {
    boolean ok = (min == null || value >= min) && (max == null || value <= max);
    String what = name + " " + fmt(value) + (min != null && max != null ? " within [" + fmt(min) + ", " + fmt(max) + "]"
        : min != null ? " >= " + fmt(min) : " <= " + fmt(max));
    if (ok) run.pass(what);
    else run.fail(what);
  }

  private static String bounds(StrategyTemplate.Bounds b) {
    return "[" + (b.min() == null ? "" : fmt(b.min())) + ", " + (b.max() == null ? "" : fmt(b.max())) + "]";
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.2f" : "%.3f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  private static String name(TrendState.Kind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
