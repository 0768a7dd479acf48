package io.dorado.protocol.risk;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;

/**
 * The policy's {@code greeks:} block: limits on the option book's sensitivities, each off when absent. Delta is
 * measured in money (Σ quantity × delta × the underlying's price: what a 1.00 move of every underlying in % would move
 * by 100×), vega in money per one volatility point; spot positions count in delta (delta 1). An order is denied
 * {@code GREEKS_LIMIT} when, with it, a measure's absolute value is past its limit and above its absolute value without
 * it (a hedge passes); reduce-only orders pass. Per underlying: within the order's account (and, for a live account,
 * the live accounts together); fleet: every underlying of the live accounts together.
 *
 * @param maxAbsDeltaPerUnderlying |delta × price| of one underlying, in money
 * @param maxAbsDeltaFleet |Σ delta × price| of the live accounts, in money
 * @param maxAbsVegaPerUnderlying |vega| of one underlying, money per volatility point
 * @param maxAbsVegaFleet |Σ vega| of the live accounts, money per volatility point
 * @param riskFreeRate the continuously compounded rate Black-Scholes prices with (0 when absent)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GreeksPolicy(BigDecimal maxAbsDeltaPerUnderlying, BigDecimal maxAbsDeltaFleet,
    BigDecimal maxAbsVegaPerUnderlying, BigDecimal maxAbsVegaFleet, BigDecimal riskFreeRate) implements CborSerializable {

  public static final GreeksPolicy OFF = new GreeksPolicy(null, null, null, null, null);

  public GreeksPolicy {
    if (maxAbsDeltaPerUnderlying != null) PolicyValues.positive(maxAbsDeltaPerUnderlying, "greeks.max_abs_delta_per_underlying");
    if (maxAbsDeltaFleet != null) PolicyValues.positive(maxAbsDeltaFleet, "greeks.max_abs_delta_fleet");
    if (maxAbsVegaPerUnderlying != null) PolicyValues.positive(maxAbsVegaPerUnderlying, "greeks.max_abs_vega_per_underlying");
    if (maxAbsVegaFleet != null) PolicyValues.positive(maxAbsVegaFleet, "greeks.max_abs_vega_fleet");
    riskFreeRate = riskFreeRate == null ? BigDecimal.ZERO : riskFreeRate;
    if (riskFreeRate.abs().compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException("greeks.risk_free_rate is a fraction (0.04 = 4 %), was " + riskFreeRate.toPlainString());
    }
  }

  /** Whether any limit is on. */
  public boolean any() {
    return maxAbsDeltaPerUnderlying != null || maxAbsDeltaFleet != null || maxAbsVegaPerUnderlying != null
        || maxAbsVegaFleet != null;
  }
}
