package io.dorado.protocol.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The worst case of a set of options held to expiry, in exact decimals: what a defined-risk structure
 * (an iron condor, a vertical spread) can lose at most. The payoff at expiry is piecewise linear in the
 * underlying's price with kinks at the strikes, so its minimum is at zero, at a strike, or unbounded
 * above the highest strike (when more calls are short than long). An iron condor's max loss comes out as
 * (wider wing − net credit) × multiplier × quantity.
 */
public final class DefinedRisk {
  private DefinedRisk() {}

  /** Units of one option held: positive long, negative short (contracts × multiplier). */
  public record Holding(OptionSymbol option, BigDecimal quantity) {}

  /**
   * The most the holdings plus {@code cash} (premium received, negative when paid) can lose at expiry,
   * never below zero; empty when the loss is unbounded (net short calls).
   */
  public static Optional<BigDecimal> maxLoss(List<Holding> holdings, BigDecimal cash) {
    BigDecimal netCalls = BigDecimal.ZERO;
    var points = new TreeSet<BigDecimal>();
    points.add(BigDecimal.ZERO);
    for (Holding h : holdings) {
      if (h.option().right() == OptionSymbol.Right.CALL) netCalls = netCalls.add(h.quantity());
      points.add(h.option().strike());
    }
    if (netCalls.signum() < 0) return Optional.empty();
    BigDecimal worst = null;
    for (BigDecimal spot : points) {
      BigDecimal value = cash;
      for (Holding h : holdings) value = value.add(h.quantity().multiply(h.option().intrinsic(spot)));
      if (worst == null || value.compareTo(worst) < 0) worst = value;
    }
    return Optional.of(worst.negate().max(BigDecimal.ZERO));
  }

  /**
   * The max loss of a combo order if it fills at its limit (the net credit it accepts at worst; a
   * market sell is assumed to bring in nothing, a buy to pay its limit or nothing known): empty when a
   * leg is not an option or the risk is unbounded.
   */
  public static Optional<BigDecimal> maxLoss(Order combo) {
    if (!combo.isCombo()) return Optional.empty();
    var holdings = new ArrayList<Holding>();
    for (OrderLeg leg : combo.legs()) {
      Optional<OptionSymbol> option = OptionSymbol.parse(leg.symbol());
      if (option.isEmpty()) return Optional.empty();
      BigDecimal units = combo.legQuantity(leg);
      holdings.add(new Holding(option.get(), leg.side() == Side.BUY ? units : units.negate()));
    }
    BigDecimal perShare = combo.limitPrice() == null ? BigDecimal.ZERO : combo.limitPrice();
    BigDecimal cash = perShare.multiply(combo.quantity()).multiply(BigDecimal.valueOf(Order.CONTRACT_MULTIPLIER));
    return maxLoss(holdings, combo.side() == Side.SELL ? cash : cash.negate());
  }
}
