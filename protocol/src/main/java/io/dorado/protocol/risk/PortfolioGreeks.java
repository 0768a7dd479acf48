package io.dorado.protocol.risk;

import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * The option book's greeks (Black-Scholes with the implied volatility of each option's mark), per underlying and
 * together, of every account and of the live accounts together ({@code fleet}), against the {@link GreeksPolicy} limits
 * (null: off).
 */
public record PortfolioGreeks(List<Scope> accounts, Scope fleet, BigDecimal maxAbsDeltaPerUnderlying,
    BigDecimal maxAbsDeltaFleet, BigDecimal maxAbsVegaPerUnderlying, BigDecimal maxAbsVegaFleet)
    implements CborSerializable {

  public PortfolioGreeks {
    accounts = List.copyOf(accounts);
  }

  /**
   * One underlying: its {@code spot}; {@code delta} in units of the underlying (spot positions count 1 per unit),
   * {@code deltaNotional} = delta × spot (money), {@code gamma} the change of delta per 1.00 of the underlying,
   * {@code vega} money per volatility point, {@code theta} money per calendar day.
   */
  public record Underlying(String underlying, BigDecimal spot, BigDecimal delta, BigDecimal deltaNotional,
      BigDecimal gamma, BigDecimal vega, BigDecimal theta) implements CborSerializable {}

  /**
   * An account (its id) or {@code "fleet"}: its underlyings and their sums (money: delta notional, vega, theta);
   * {@code unpriced}: held options with no price of their underlying, left out.
   */
  public record Scope(String scope, List<Underlying> underlyings, BigDecimal deltaNotional, BigDecimal vega,
      BigDecimal theta, List<String> unpriced) implements CborSerializable {
    public Scope {
      underlyings = List.copyOf(underlyings);
      unpriced = List.copyOf(unpriced);
    }
  }
}
