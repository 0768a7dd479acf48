package io.dorado.actors.pricing;

import org.apache.commons.math3.distribution.NormalDistribution;

/** European option price, greeks and implied volatility under Black-Scholes (no dividends). */
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

  /** Gamma: φ(d1) / (S σ √T), the change of delta per 1 of the underlying (a call's and a put's alike). */
  public static double gamma(double spot, double strike, double years, double vol, double rate) {
    if (years <= 0 || vol <= 0) return 0;
    return N.density(d1(spot, strike, years, vol, rate)) / (spot * vol * Math.sqrt(years));
  }

  /** Vega: S φ(d1) √T, the change of the price per 1.00 (100 points) of volatility; divide by 100 for one point. */
  public static double vega(double spot, double strike, double years, double vol, double rate) {
    if (years <= 0 || vol <= 0) return 0;
    return spot * N.density(d1(spot, strike, years, vol, rate)) * Math.sqrt(years);
  }

  /**
   * Theta per year: −S φ(d1) σ / (2√T) ∓ r K e<sup>−rT</sup> N(±d2) (− and d2 for a call, + and −d2 for a put); divide by
   * 365 for one calendar day.
   */
  public static double theta(Right right, double spot, double strike, double years, double vol, double rate) {
    if (years <= 0 || vol <= 0) return 0;
    double d1 = d1(spot, strike, years, vol, rate);
    double d2 = d1 - vol * Math.sqrt(years);
    double decay = -spot * N.density(d1) * vol / (2 * Math.sqrt(years));
    double carry = rate * strike * Math.exp(-rate * years);
    return right == Right.CALL ? decay - carry * N.cumulativeProbability(d2)
        : decay + carry * N.cumulativeProbability(-d2);
  }

  /**
   * The volatility at which the model price equals {@code price} (bisection on [0.1%, 500%]); NaN when no volatility
   * gives it: a price at or below intrinsic value, or above the underlying (call) / the strike (put).
   */
  public static double impliedVol(Right right, double spot, double strike, double years, double price, double rate) {
    if (!(price > 0) || !(spot > 0) || !(strike > 0) || years <= 0) return Double.NaN;
    double lo = 0.001, hi = 5.0;
    if (price <= price(right, spot, strike, years, lo, rate) || price >= price(right, spot, strike, years, hi, rate)) {
      return Double.NaN;
    }
    for (int i = 0; i < 100 && hi - lo > 1e-7; i++) {
      double mid = (lo + hi) / 2;
      if (price(right, spot, strike, years, mid, rate) < price) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }

  private static double d1(double spot, double strike, double years, double vol, double rate) {
    return (Math.log(spot / strike) + (rate + vol * vol / 2) * years) / (vol * Math.sqrt(years));
  }
}
