package io.dorado.actors.strategy.manage;

import io.dorado.actors.orderpath.venue.SyntheticOptionPrices;
import io.dorado.protocol.bot.StructurePosition;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Management of a short option structure (PRD §3.6, the iron condor's rules) as a pure function: one bar
 * of the underlying in, the exit that fires, if any. In this order: days to expiry at or below
 * {@code dte_exit} (counted from the bar's end: market time, so it works on a replay's clock), the
 * underlying's close beyond a short strike ({@code breach_action: short_strike_tested}; the whole
 * structure is closed — closing only the tested side would need a partial combo), the loss at
 * {@code stop_loss_pct} % of the credit, the profit at {@code profit_target_pct} % of the credit captured.
 * The structure is valued at synthetic Black-Scholes prices (the paper venue's, at realized volatility {@code vol}).
 */
public final class OptionExitRules {
  private OptionExitRules() {}

  /**
   * @param vol the underlying's annualised realized volatility (a fraction), or NaN when unknown: the
   *     credit rules then wait, the DTE and breach rules do not need it
   */
  public static Optional<String> onBar(StructurePosition s, Bar bar, StrategyTemplate.Management m, double vol) {
    if (s == null || s.isFlat() || m == null) return Optional.empty();
    var expiry = s.expiry();
    if (m.dteExit() != null && expiry.isPresent()) {
      long dte = ChronoUnit.DAYS.between(bar.end().atZone(ZoneOffset.UTC).toLocalDate(), expiry.get());
      if (dte <= m.dteExit()) return Optional.of("DTE exit: " + dte + " days to expiry <= " + m.dteExit());
    }
    if (m.breachAction() != null && m.breachAction().trigger() == StrategyTemplate.ExitTrigger.SHORT_STRIKE_TESTED) {
      Optional<BigDecimal> put = s.shortStrike(OptionSymbol.Right.PUT);
      if (put.isPresent() && bar.close().compareTo(put.get()) <= 0) {
        return Optional.of("short put " + plain(put.get()) + " tested (close " + plain(bar.close()) + ")");
      }
      Optional<BigDecimal> call = s.shortStrike(OptionSymbol.Right.CALL);
      if (call.isPresent() && bar.close().compareTo(call.get()) >= 0) {
        return Optional.of("short call " + plain(call.get()) + " tested (close " + plain(bar.close()) + ")");
      }
    }
    BigDecimal credit = s.filledCredit();
    if (!(vol > 0) || credit.signum() <= 0) return Optional.empty();
    double cost = costToClose(s, bar, vol).doubleValue();
    double captured = (credit.doubleValue() - cost) / credit.doubleValue() * 100;
    if (m.stopLossPct() != null && -captured >= m.stopLossPct()) {
      return Optional.of(String.format(Locale.ROOT, "stop loss: buying back costs %.2f against a credit of %.2f (loss %.0f%% >= %.0f%%)",
          cost, credit.doubleValue(), -captured, m.stopLossPct()));
    }
    if (m.profitTargetPct() != null && captured >= m.profitTargetPct()) {
      return Optional.of(String.format(Locale.ROOT, "take profit: %.0f%% of the %.2f credit captured (buy back at %.2f) >= %.0f%%",
          captured, credit.doubleValue(), cost, m.profitTargetPct()));
    }
    return Optional.empty();
  }

  /** What buying back the open structure costs per structure and share now (synthetic prices). */
  public static BigDecimal costToClose(StructurePosition s, Bar bar, double vol) {
    var inputs = new Venue.OptionInputs(s.underlying(), vol, bar.end());
    BigDecimal value = BigDecimal.ZERO; // what the open legs are worth to the holder
    for (StructurePosition.OpenLeg leg : s.openLegs()) {
      BigDecimal price = SyntheticOptionPrices.price(leg.option(), bar.close().doubleValue(), inputs);
      value = value.add(leg.quantity().multiply(price));
    }
    BigDecimal units = s.openStructures().multiply(BigDecimal.valueOf(Order.CONTRACT_MULTIPLIER));
    return units.signum() == 0 ? BigDecimal.ZERO : value.negate().divide(units, MathContext.DECIMAL64);
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
