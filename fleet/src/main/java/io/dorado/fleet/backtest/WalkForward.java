package io.dorado.fleet.backtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.fleet.config.FleetConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Rolling walk-forward over a plan's bars: windows of {@code train} bars followed by {@code test} bars, moved on by
 * {@code test} bars each time. On each training window a seeded random search draws {@code candidates} values of the
 * template parameter (the breakout's lookback, in [{@code minLookback}, {@code maxLookback}]) and backtests each
 * through the order path; the one with the best Sharpe (ties: the shorter lookback) is then backtested on the test
 * window, whose result alone counts. The out-of-sample figures are those of the test windows' equity curves chained
 * one after the other. Each run starts from fresh actors and series: a window's first bars warm its indicators up.
 */
public final class WalkForward {
  private WalkForward() {}

  /** How the windows are cut and the search drawn. */
  public record Settings(int train, int test, int candidates, int minLookback, int maxLookback) {
    public Settings {
      if (train < 1 || test < 1 || candidates < 1) throw new IllegalArgumentException("train, test and candidates must be >= 1");
      if (minLookback < 2 || maxLookback < minLookback) throw new IllegalArgumentException("lookbacks must be 2 <= min <= max");
    }
  }

  /** One window: the parameter chosen on its training bars, and how it did in and out of sample. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Window(Instant trainFrom, Instant testFrom, Instant testTo, int lookback, double trainSharpe,
      double testSharpe, BigDecimal testPnl, int testTrades) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Report(long seed, List<Window> windows, Performance outOfSample) {}

  public static Report run(FleetConfig config, BacktestPlan plan, Settings settings) {
    var random = new Random(plan.spec().seed());
    var windows = new ArrayList<Window>();
    var chained = new ArrayList<BigDecimal>();
    var trades = new ArrayList<BacktestReport.Trade>();
    int inMarket = 0;
    for (int start = 0; start + settings.train() + settings.test() <= plan.bars().size(); start += settings.test()) {
      BacktestPlan train = plan.slice(start, start + settings.train());
      BacktestPlan test = plan.slice(start + settings.train(), start + settings.train() + settings.test());
      BreakoutRules best = null;
      double bestSharpe = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < settings.candidates(); c++) {
        int lookback = settings.minLookback() + random.nextInt(settings.maxLookback() - settings.minLookback() + 1);
        BreakoutRules rules = plan.spec().rules().withLookback(lookback);
        double sharpe = BacktestRun.run(config, "walk-forward train", train.withRules(rules)).fleet().sharpe();
        if (sharpe > bestSharpe || (sharpe == bestSharpe && lookback < best.lookback())) {
          best = rules;
          bestSharpe = sharpe;
        }
      }
      BacktestReport out = BacktestRun.run(config, "walk-forward test", test.withRules(best));
      windows.add(new Window(train.bars().get(0).end(), out.from(), out.to(), best.lookback(), bestSharpe,
          out.fleet().sharpe(), out.fleet().pnl(), out.fleet().trades()));
      chain(chained, out.equity().stream().map(BacktestReport.EquityPoint::fleet).toList());
      out.bots().values().forEach(b -> trades.addAll(b.trades()));
      inMarket += (int) Math.round(out.fleet().exposurePct() * out.bars() / 100);
    }
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no walk-forward window fits in " + plan.bars().size() + " bars (train "
          + settings.train() + " + test " + settings.test() + ")");
    }
    return new Report(plan.spec().seed(), windows, Performance.of(chained, trades, inMarket, plan.barLength()));
  }

  /** Appends {@code curve} to {@code chained} as returns, so each window starts where the last one ended. */
  private static void chain(List<BigDecimal> chained, List<BigDecimal> curve) {
    BigDecimal scale = chained.isEmpty() ? BigDecimal.ONE
        : chained.get(chained.size() - 1).divide(curve.get(0), MathContext.DECIMAL64);
    for (BigDecimal e : chained.isEmpty() ? curve : curve.subList(1, curve.size())) {
      chained.add(e.multiply(scale, MathContext.DECIMAL64));
    }
  }
}
