package io.dorado.fleet.backtest;

import io.dorado.protocol.market.Bar;
import java.time.ZoneOffset;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Strategy;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.PreviousValueIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.rules.OverIndicatorRule;
import org.ta4j.core.rules.UnderIndicatorRule;

/**
 * The signal side of a backtest: the crypto momentum template's technical gate as ta4j rules (the same strategy the
 * replay benchmark measures): enter long on a close above the previous {@code lookback}-bar high with ADX(14) above
 * {@code minAdx}, exit on a close below SMA({@code lookback}); the entry's stop and target are {@code stopAtr} and
 * {@code targetAtr} ATR(14) away. {@code lookback} is the template parameter the walk-forward searches.
 */
public record BreakoutRules(int lookback, double minAdx, double stopAtr, double targetAtr) {
  public static final BreakoutRules DEFAULT = new BreakoutRules(20, 20, 2, 4);

  public BreakoutRules {
    if (lookback < 2) throw new IllegalArgumentException("lookback must be >= 2");
    if (!(stopAtr > 0) || !(targetAtr > 0)) throw new IllegalArgumentException("stop_atr and target_atr must be > 0");
  }

  public BreakoutRules withLookback(int value) {
    return new BreakoutRules(value, minAdx, stopAtr, targetAtr);
  }

  /** Bars the rules need before they may fire. */
  public int unstableBars() {
    return Math.max(lookback, 14) + 8;
  }

  public Strategy strategy(BarSeries series) {
    var close = new ClosePriceIndicator(series);
    var high = new PreviousValueIndicator(new HighestValueIndicator(new HighPriceIndicator(series), lookback), 1);
    var entry = new OverIndicatorRule(close, high).and(new OverIndicatorRule(new ADXIndicator(series, 14), minAdx));
    var exit = new UnderIndicatorRule(close, new SMAIndicator(close, lookback));
    return new BaseStrategy("breakout-" + lookback, entry, exit, unstableBars());
  }

  public ATRIndicator atr(BarSeries series) {
    return new ATRIndicator(series, 14);
  }

  static BarSeries series(String symbol) {
    return new BaseBarSeriesBuilder().withName(symbol).withNumTypeOf(DoubleNum::valueOf).build();
  }

  static void add(BarSeries series, Bar b) {
    series.addBar(b.period(), b.end().atZone(ZoneOffset.UTC), b.open().doubleValue(), b.high().doubleValue(),
        b.low().doubleValue(), b.close().doubleValue(), b.volume().doubleValue());
  }
}
