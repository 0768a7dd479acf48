package io.dorado.actors.pricing;

import org.apache.commons.math3.distribution.NormalDistribution;

/** European option price and delta under Black-Scholes (no dividends). */
public final class BlackScholes {
  private BlackScholes() {}

  private static final NormalDistribution N = new NormalDistribution(null, 0, 1);

  public enum Right { PUT, CALL }

  /**
   * @param years time to expiry in years
   * @param vol annualised volatility as a fraction (0.25 = 25%)
   * @param rate continuously compounded risk-free rate
   */
  public static double price(Right right, double spot, double strike, double years, double vol, double rate) {
    if (years <= 0 || vol <= 0) {
      return Math.max(0, right == Right.CALL ? spot - strike : strike - spot);
    }
    double d1 = d1(spot, strike, years, vol, rate);
    double d2 = d1 - vol * Math.sqrt(years);
    double df = Math.exp(-rate * years);
    return right == Right.CALL
        ? spot * N.cumulativeProbability(d1) - strike * df * N.cumulativeProbability(d2)
        : strike * df * N.cumulativeProbability(-d2) - spot * N.cumulativeProbability(-d1);
  }

  /** Delta: N(d1) for a call, N(d1) − 1 for a put. */
  public static double delta(Right right, double spot, double strike, double years, double vol, double rate) {
    if (years <= 0 || vol <= 0) {
      boolean itm = right == Right.CALL ? spot > strike : spot < strike;
      return itm ? (right == Right.CALL ? 1 : -1) : 0;
    }
    double nd1 = N.cumulativeProbability(d1(spot, strike, years, vol, rate));
    return right == Right.CALL ? nd1 : nd1 - 1;
  }

  private static double d1(double spot, double strike, double years, double vol, double rate) {
    return (Math.log(spot / strike) + (rate + vol * vol / 2) * years) / (vol * Math.sqrt(years));
  }
}
