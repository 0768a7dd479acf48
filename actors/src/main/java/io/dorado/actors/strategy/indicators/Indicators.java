package io.dorado.actors.strategy.indicators;

import io.dorado.protocol.market.Bar;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * Computes {@link Technicals} from bars: ADX, ATR, SMA, RSI and Bollinger bands by ta4j; Hurst,
 * realized volatility, IV rank (from realized volatility: synthetic) and S/R levels here.
 */
public final class Indicators {
  private Indicators() {}

  public static final int WINDOW = 20;
  /** Enough returns for the rolling vol history of IV rank (a year of daily bars). */
  public static final int IV_LOOKBACK = 252;

  public static Technicals compute(List<Bar> bars) {
    return compute(bars, null);
  }

  /**
   * The indicators, with the IV rank over {@code ivLookbackDays} days (a template's {@code iv_rank.lookback_days}) of
   * the bars' own length (a day of 1h bars: 24 bars; of daily bars: one); {@code null}: {@link #IV_LOOKBACK} bars. The
   * volatility z-score keeps {@link #IV_LOOKBACK} bars either way.
   */
  public static Technicals compute(List<Bar> bars, Integer ivLookbackDays) {
    if (bars.isEmpty()) throw new IllegalArgumentException("no bars");
    String symbol = bars.get(0).symbol();
    BarSeries series = series(bars);
    int last = series.getEndIndex();
    var close = new ClosePriceIndicator(series);
    double sma = value(new SMAIndicator(close, WINDOW), last, WINDOW, bars.size());
    double atr = value(new ATRIndicator(series, 14), last, 15, bars.size());
    double adx = value(new ADXIndicator(series, 14), last, 28, bars.size());
    double rsi = value(new RSIIndicator(close, 14), last, 15, bars.size());
    var middle = new BollingerBandsMiddleIndicator(new SMAIndicator(close, WINDOW));
    var sd = new StandardDeviationIndicator(close, WINDOW);
    Num k = DoubleNum.valueOf(2);
    double upper = value(new BollingerBandsUpperIndicator(middle, sd, k), last, WINDOW, bars.size());
    double mid = value(middle, last, WINDOW, bars.size());
    double lower = value(new BollingerBandsLowerIndicator(middle, sd, k), last, WINDOW, bars.size());

    int n = bars.size();
    double high20 = Double.NaN, low20 = Double.NaN, support = Double.NaN, resistance = Double.NaN;
    if (n > WINDOW) {
      high20 = Double.NEGATIVE_INFINITY;
      low20 = Double.POSITIVE_INFINITY;
      for (int i = n - 1 - WINDOW; i < n - 1; i++) {
        high20 = Math.max(high20, bars.get(i).high().doubleValue());
        low20 = Math.min(low20, bars.get(i).low().doubleValue());
      }
    }
    if (n >= WINDOW) {
      support = Double.POSITIVE_INFINITY;
      resistance = Double.NEGATIVE_INFINITY;
      for (int i = n - WINDOW; i < n; i++) {
        support = Math.min(support, bars.get(i).low().doubleValue());
        resistance = Math.max(resistance, bars.get(i).high().doubleValue());
      }
    }

    double[] prices = bars.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
    double[] returns = Hurst.logReturns(prices);
    double perYear = Volatility.barsPerYear(bars.get(n - 1).period());
    double rv = returns.length >= WINDOW ? Volatility.realizedPct(returns, returns.length - WINDOW, returns.length, perYear)
        : Double.NaN;
    double[] rolling = Volatility.rolling(
        Arrays.copyOfRange(returns, Math.max(0, returns.length - IV_LOOKBACK - WINDOW), returns.length), WINDOW, perYear);
    double[] rankHistory = rolling;
    if (ivLookbackDays != null) {
      int lookback = ivLookbackBars(ivLookbackDays, bars.get(n - 1).period());
      rankHistory = Volatility.rolling(
          Arrays.copyOfRange(returns, Math.max(0, returns.length - lookback - WINDOW), returns.length), WINDOW, perYear);
    }
    double ivRank = rankHistory.length >= WINDOW ? Volatility.rank(rankHistory, rv) : Double.NaN;
    double volZ = rolling.length >= WINDOW ? Volatility.zScore(rolling, rv) : Double.NaN;
    double hRs = Double.NaN, hDfa = Double.NaN;
    if (returns.length >= Hurst.MIN_LENGTH) {
      hRs = Hurst.rescaledRange(returns);
      hDfa = Hurst.dfa(returns);
    }
    return new Technicals(symbol, n, prices[n - 1], sma, atr, adx, rsi, upper, mid, lower, high20, low20, support,
        resistance, rv, ivRank, true, volZ, hRs, hDfa, perYear);
  }

  /** {@code days} in bars of {@code period}: a daily (or longer) bar is a day, shorter bars fill the calendar day. */
  public static int ivLookbackBars(int days, java.time.Duration period) {
    if (period.compareTo(java.time.Duration.ofHours(20)) >= 0) return days;
    return (int) Math.max(1, Math.round(days * (double) java.time.Duration.ofDays(1).toSeconds() / period.toSeconds()));
  }

  /** SMA of closes over {@code n} bars at the last bar (NaN with fewer bars). */
  public static double sma(List<Bar> bars, int n) {
    return bars.size() < n ? Double.NaN : value(new SMAIndicator(new ClosePriceIndicator(series(bars)), n), bars.size() - 1, n, bars.size());
  }

  /** ATR over {@code n} bars at the last bar. */
  public static double atr(List<Bar> bars, int n) {
    return value(new ATRIndicator(series(bars), n), bars.size() - 1, n + 1, bars.size());
  }

  /** ADX over {@code n} bars at the last bar (it needs about 2n bars to settle). */
  public static double adx(List<Bar> bars, int n) {
    return value(new ADXIndicator(series(bars), n), bars.size() - 1, 2 * n, bars.size());
  }

  static BarSeries series(List<Bar> bars) {
    BarSeries s = new BaseBarSeriesBuilder().withName(bars.get(0).symbol()).withNumTypeOf(DoubleNum::valueOf).build();
    for (Bar b : bars) {
      Duration p = b.period();
      s.addBar(p, b.end().atZone(ZoneOffset.UTC), b.open().doubleValue(), b.high().doubleValue(), b.low().doubleValue(),
          b.close().doubleValue(), b.volume().doubleValue());
    }
    return s;
  }

  /** The indicator at {@code index}, NaN while it lacks {@code needed} bars. */
  private static double value(Indicator<Num> ind, int index, int needed, int have) {
    if (have < needed) return Double.NaN;
    double v = ind.getValue(index).doubleValue();
    return Double.isFinite(v) ? v : Double.NaN;
  }
}
