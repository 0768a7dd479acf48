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
import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.TradingCalendars;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Management of a short option structure (PRD §3.6, the iron condor's rules) as a pure function: one bar
 * of the underlying in, the exit that fires, if any. In this order: days to expiry at or below
 * {@code dte_exit} (counted from the bar's end: market time, so it works on a replay's clock; see {@link #daysToExpiry}), the
 * underlying's close beyond a short strike ({@code breach_action: short_strike_tested}; the whole
 * structure is closed — closing only the tested side would need a partial combo), the loss at
 * {@code stop_loss_pct} % of the credit, the profit at {@code profit_target_pct} % of the credit captured, the IV rank above
 * {@code vol_exit: iv_rank_spike}'s threshold (the whole structure is closed, as for a breach).
 * The structure is valued at synthetic Black-Scholes prices (the paper venue's, at realized volatility {@code vol}).
 */
public final class OptionExitRules {
  private OptionExitRules() {}

  /**
   * @param vol the underlying's annualised realized volatility (a fraction), or NaN when unknown: the
   *     credit rules then wait, the DTE and breach rules do not need it
   */
  public static Optional<String> onBar(StructurePosition s, Bar bar, StrategyTemplate.Management m, double vol) {
    return onBar(s, bar, m, vol, TradingCalendars.US_OPTIONS);
  }

  /**
   * As {@link #onBar(StructurePosition, Bar, StrategyTemplate.Management, double)}, on {@code calendar} (the
   * structures are OCC-listed US options: {@link TradingCalendars#US_OPTIONS} unless told otherwise).
   */
  public static Optional<String> onBar(StructurePosition s, Bar bar, StrategyTemplate.Management m, double vol,
      TradingCalendar calendar) {
    return onBar(s, bar, m, vol, Double.NaN, false, calendar);
  }

  /**
   * As {@link #onBar(StructurePosition, Bar, StrategyTemplate.Management, double, TradingCalendar)}, with the
   * underlying's IV rank (0..100, NaN when unknown: {@code iv_rank_spike} then waits); {@code ivRankSynthetic} when it
   * was computed from realized volatility (no implied-volatility history), which the exit's reason says.
   */
  public static Optional<String> onBar(StructurePosition s, Bar bar, StrategyTemplate.Management m, double vol,
      double ivRank, boolean ivRankSynthetic, TradingCalendar calendar) {
    if (s == null || s.isFlat() || m == null) return Optional.empty();
    var expiry = s.expiry();
    if (m.dteExit() != null && expiry.isPresent()) {
      LocalDate last = calendar.onOrBefore(expiry.get());
      long dte = daysToExpiry(bar.end(), expiry.get(), calendar);
      if (dte <= m.dteExit()) {
        return Optional.of("DTE exit: " + dte + " days to expiry" + (last.equals(expiry.get()) ? ""
            : " (" + expiry.get() + " is " + calendar.holiday(expiry.get()).orElse("not a trading day")
                + ": the options expire on " + last + ")") + " <= " + m.dteExit());
      }
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
    if (m.volExit() != null && m.volExit().trigger() == StrategyTemplate.ExitTrigger.IV_RANK_SPIKE && !Double.isNaN(ivRank)
        && ivRank > m.volExit().threshold()) {
      return Optional.of(String.format(Locale.ROOT, "IV rank spike: IV rank %.0f > %.0f%s", ivRank, m.volExit().threshold(),
          ivRankSynthetic ? " (IV rank from realized volatility: no implied-vol history)" : ""));
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

  /**
   * Days to expiry as the templates quote them ({@code dte_exit}, {@code dte_range}): CALENDAR days, from the
   * market's own date at {@code at} (New York for US options: a bar closing at 21:00 New York is still that day) to
   * the options' last trading day: the listed expiry, or the trading day before it when the exchange is closed on it
   * (a Good Friday expiration expires on the Thursday). Calendar, not trading, days: time decay runs over weekends
   * and holidays too, and "21 DTE" means three weeks in every options reference.
   */
  public static long daysToExpiry(Instant at, LocalDate expiry, TradingCalendar calendar) {
    return ChronoUnit.DAYS.between(at.atZone(calendar.zone()).toLocalDate(), calendar.onOrBefore(expiry));
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
