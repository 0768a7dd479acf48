package io.dorado.fleet.backtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * The usual figures of an equity curve and its trades. Sharpe and Sortino are per-bar returns annualised by the
 * bars in a year of the curve's bar length (markets that never close: crypto), with no risk-free rate; a curve that
 * never moves has 0 for both. Ratios are rounded to 6 decimals so the report's bytes do not depend on the last ulp.
 *
 * @param exposurePct share of the bars with a position open
 * @param expectancy mean P&amp;L per closed trade
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Performance(BigDecimal startEquity, BigDecimal endEquity, BigDecimal pnl, double returnPct,
    double maxDrawdownPct, double sharpe, double sortino, int trades, double winRate, BigDecimal expectancy,
    double exposurePct) {

  static Performance of(List<BigDecimal> equity, List<BacktestReport.Trade> trades, int barsInMarket, Duration bar) {
    if (equity.isEmpty()) throw new IllegalArgumentException("no equity to measure");
    BigDecimal start = equity.get(0);
    BigDecimal end = equity.get(equity.size() - 1);
    double peak = start.doubleValue();
    double maxDrawdown = 0;
    double[] returns = new double[Math.max(0, equity.size() - 1)];
    for (int i = 0; i < equity.size(); i++) {
      double e = equity.get(i).doubleValue();
      peak = Math.max(peak, e);
      if (peak > 0) maxDrawdown = Math.max(maxDrawdown, (peak - e) / peak);
      if (i > 0) returns[i - 1] = e / equity.get(i - 1).doubleValue() - 1;
    }
    double perYear = Math.sqrt(Duration.ofDays(365).toSeconds() / (double) Math.max(1, bar.toSeconds()));
    double mean = mean(returns);
    double sd = Math.sqrt(meanSquare(returns, mean, false));
    double downside = Math.sqrt(meanSquare(returns, 0, true));
    long wins = trades.stream().filter(t -> t.pnl().signum() > 0).count();
    BigDecimal pnl = end.subtract(start);
    BigDecimal tradePnl = trades.stream().map(BacktestReport.Trade::pnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Performance(money(start), money(end), money(pnl), round(100 * pnl.doubleValue() / start.doubleValue()),
        round(100 * maxDrawdown), round(sd > 0 ? mean / sd * perYear : 0), round(downside > 0 ? mean / downside * perYear : 0),
        trades.size(), round(trades.isEmpty() ? 0 : (double) wins / trades.size()),
        trades.isEmpty() ? BigDecimal.ZERO : money(tradePnl.divide(BigDecimal.valueOf(trades.size()), MathContext.DECIMAL64)),
        round(100.0 * barsInMarket / equity.size()));
  }

  private static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) sum += x;
    return xs.length == 0 ? 0 : sum / xs.length;
  }

  /** Mean squared deviation from {@code centre}; {@code below}: only returns under it count (the downside). */
  private static double meanSquare(double[] xs, double centre, boolean below) {
    double sum = 0;
    for (double x : xs) if (!below || x < centre) sum += (x - centre) * (x - centre);
    return xs.length == 0 ? 0 : sum / xs.length;
  }

  static double round(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN).doubleValue() : 0;
  }

  static BigDecimal money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_EVEN);
  }
}
