package io.dorado.actors.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Black-Scholes greeks against figures computed by hand from the formulas: S = K = 100, T = 0.25, σ = 20 %, r = 0, so
 * d1 = (0 + 0.02 × 0.25) / (0.2 × 0.5) = 0.05, d2 = −0.05, N(d1) = 0.519939, φ(d1) = 0.398444.
 */
class BlackScholesGreeksTest {
  private static final double S = 100, K = 100, T = 0.25, VOL = 0.2;

  @Test
  void at_the_money_three_months_at_twenty_percent() {
    // price = 100 (N(d1) − N(d2)) = 100 × (0.519939 − 0.480061)
    assertEquals(3.987761, BlackScholes.price(BlackScholes.Right.CALL, S, K, T, VOL, 0), 1e-6);
    assertEquals(0.519939, BlackScholes.delta(BlackScholes.Right.CALL, S, K, T, VOL, 0), 1e-6);
    assertEquals(-0.480061, BlackScholes.delta(BlackScholes.Right.PUT, S, K, T, VOL, 0), 1e-6);
    // gamma = φ(d1) / (S σ √T) = 0.398444 / (100 × 0.2 × 0.5)
    assertEquals(0.0398444, BlackScholes.gamma(S, K, T, VOL, 0), 1e-7);
    // vega = S φ(d1) √T = 100 × 0.398444 × 0.5 (per 1.00 of volatility; 0.199222 per point)
    assertEquals(19.92220, BlackScholes.vega(S, K, T, VOL, 0), 1e-5);
    // theta = −S φ(d1) σ / (2 √T) = −100 × 0.398444 × 0.2 / 1 per year; −0.0218325 per day
    assertEquals(-7.968879, BlackScholes.theta(BlackScholes.Right.CALL, S, K, T, VOL, 0), 1e-6);
    assertEquals(-7.968879, BlackScholes.theta(BlackScholes.Right.PUT, S, K, T, VOL, 0), 1e-6);
  }

  @Test
  void with_a_rate_theta_carries_the_strike() {
    // r = 5 %: d1 = (0.05 + 0.02) × 0.25 / 0.1 = 0.175, d2 = 0.075; decay −100 φ(0.175) 0.2 = −7.85760;
    // carry r K e^(−rT) = 4.93789: call −7.85760 − 4.93789 N(0.075) = −10.47415, put −7.85760 + 4.93789 N(−0.075) = −5.53626
    assertEquals(-10.474151, BlackScholes.theta(BlackScholes.Right.CALL, S, K, T, VOL, 0.05), 1e-6);
    assertEquals(-5.536262, BlackScholes.theta(BlackScholes.Right.PUT, S, K, T, VOL, 0.05), 1e-6);
  }

  @Test
  void expired_or_without_volatility_only_intrinsic_delta_is_left() {
    assertEquals(0, BlackScholes.gamma(S, K, 0, VOL, 0));
    assertEquals(0, BlackScholes.vega(S, K, T, 0, 0));
    assertEquals(0, BlackScholes.theta(BlackScholes.Right.CALL, S, K, 0, VOL, 0));
    assertEquals(1, BlackScholes.delta(BlackScholes.Right.CALL, 110, K, 0, VOL, 0));
  }
}
