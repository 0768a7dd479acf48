package io.dorado.actors.strategy.scan;

import io.dorado.actors.strategy.indicators.Indicators;
import io.dorado.actors.testing.FractionalNoise;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.AtrLevel;
import io.dorado.protocol.strategy.StrategyTemplate.Direction;
import io.dorado.protocol.strategy.StrategyTemplate.Entry;
import io.dorado.protocol.strategy.StrategyTemplate.EntryOrderType;
import io.dorado.protocol.strategy.StrategyTemplate.IvRankRequirement;
import io.dorado.protocol.strategy.StrategyTemplate.LegRule;
import io.dorado.protocol.strategy.StrategyTemplate.Management;
import io.dorado.protocol.strategy.StrategyTemplate.RangeConfirmation;
import io.dorado.protocol.strategy.StrategyTemplate.RegimeRequirements;
import io.dorado.protocol.strategy.StrategyTemplate.StrikeMethod;
import io.dorado.protocol.strategy.StrategyTemplate.TechnicalRequirements;
import io.dorado.protocol.strategy.StrategyTemplate.TemplateSizing;
import io.dorado.protocol.strategy.StrategyTemplate.TrendFilter;
import io.dorado.protocol.strategy.StrategyTemplate.VolatilityRequirements;
import io.dorado.protocol.strategy.TemplateType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Templates, bots, bars and regimes for the scan tests, built as the YAML would build them. */
final class ScanFixtures {
  private ScanFixtures() {}

  static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  static StrategyTemplate momentum(AssetClass cls, RegimeRequirements regime, double stopAtr, double targetAtr,
      Direction direction, EntryOrderType type, double offset, TemplateSizing sizing) {
    return new StrategyTemplate("Momentum", cls == AssetClass.CRYPTO ? TemplateType.CRYPTO_DIRECTIONAL
        : TemplateType.EQUITY_DIRECTIONAL, cls, null, null, regime, null, null,
        new Entry(direction, type, offset, null, null, null, null, null, null),
        new Management(null, null, null, null, null, null, null, new AtrLevel(null, stopAtr), new AtrLevel(null, targetAtr),
            7, null),
        null, sizing, null);
  }

  /** The PRD's crypto momentum template: trend exists, Hurst >= 0.55, stop 2.5 ATR, target 4 ATR. */
  static StrategyTemplate cryptoMomentum() {
    return momentum(AssetClass.CRYPTO, new RegimeRequirements(null, null, null, true, 0.55, 0.65), 2.5, 4.0,
        Direction.FROM_MODEL, EntryOrderType.MARKET, 0, new TemplateSizing(null, 3.0));
  }

  /** Long at market, no requirement at all: every gate passes. */
  static StrategyTemplate anything(AssetClass cls) {
    return momentum(cls, null, 2.0, 3.0, Direction.LONG, EntryOrderType.MARKET, 0, null);
  }

  /** The PRD's iron condor, without its VIX and term-structure checks' data. */
  static StrategyTemplate ironCondor(List<String> regimes, Double maxAdx, Double minIvRank) {
    return new StrategyTemplate("Iron Condor", TemplateType.OPTIONS_INCOME, AssetClass.EQUITY_OPTIONS, null, null,
        new RegimeRequirements(regimes, 0.60, null, null, null, null),
        new VolatilityRequirements(minIvRank == null ? null : new IvRankRequirement(minIvRank, null, 252), null, null, null),
        new TechnicalRequirements(maxAdx == null ? null : new RangeConfirmation(null, 20, 1.5, 20),
            maxAdx == null ? null : new TrendFilter(null, maxAdx, null, 14), null, null, null),
        new Entry(null, null, null,
            new LegRule(StrikeMethod.DELTA_AND_SUPPORT, List.of(-0.20, -0.15), null, null, null),
            new LegRule(StrikeMethod.FIXED_WIDTH, null, 5.0, null, null),
            new LegRule(StrikeMethod.DELTA_AND_RESISTANCE, List.of(0.15, 0.20), null, null, null),
            new LegRule(StrikeMethod.FIXED_WIDTH, null, 5.0, null, null),
            List.of(30, 50), "delta_first"),
        new Management(50.0, 200.0, 14, null, null, null, null, null, null, null, null), null, null, null);
  }

  static BotConfig bot(String id, String underlying, String template, Sizing sizing, ApprovalMode approval) {
    return new BotConfig(id, "test", underlying, "paper", VenueMode.PAPER, template, SignalMode.SCAN, approval, sizing,
        RegimeFilter.ANY, Duration.ofHours(4));
  }

  static Sizing risk(String pct) {
    return Sizing.riskPct(new BigDecimal(pct));
  }

  static Underlying underlying(String symbol, AssetClass cls) {
    return new Underlying(symbol, cls, "paper", "USD");
  }

  static BotContext context(BotConfig bot, StrategyTemplate template, Underlying u, List<Bar> bars) {
    return new BotContext(bot, template, u, bars, Indicators.compute(bars));
  }

  /** Hourly bars following {@code closes}, with highs/lows {@code range} around them. */
  static List<Bar> bars(String symbol, double[] closes, double range) {
    var out = new ArrayList<Bar>();
    for (int i = 0; i < closes.length; i++) {
      double c = closes[i], o = i == 0 ? c : closes[i - 1];
      BigDecimal hi = BigDecimal.valueOf(Math.max(o, c) + range), lo = BigDecimal.valueOf(Math.min(o, c) - range);
      out.add(new Bar(symbol, T0.plus(Duration.ofHours(i + 1)), Duration.ofHours(1), BigDecimal.valueOf(o), hi, lo,
          BigDecimal.valueOf(c), BigDecimal.ONE));
    }
    return out;
  }

  /** Prices whose log returns are fractional Gaussian noise of Hurst exponent {@code h}. */
  static double[] fbmPrices(int n, double h, long seed, double start, double stepVol) {
    double[] x = FractionalNoise.generate(n, h, seed);
    double[] p = new double[n];
    double level = Math.log(start);
    for (int i = 0; i < n; i++) {
      level += stepVol * x[i];
      p[i] = Math.exp(level);
    }
    return p;
  }

  /** A price oscillating around {@code mid}: range-bound, low ADX. */
  static double[] sideways(int n, double mid, double amplitude) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) p[i] = mid + amplitude * Math.sin(i * 2 * Math.PI / 11.0);
    return p;
  }

  /** A steady climb: high ADX. */
  static double[] climbing(int n, double start, double step) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) p[i] = start + step * i + (i % 2 == 0 ? 0.2 : -0.2);
    return p;
  }

  static RegimeSnapshot regime(String label, double confidence, Instant publishedAt) {
    return new RegimeSnapshot(publishedAt, publishedAt, new MacroRegime(label, confidence, Map.of(label, confidence), false),
        Map.of(), null);
  }
}
