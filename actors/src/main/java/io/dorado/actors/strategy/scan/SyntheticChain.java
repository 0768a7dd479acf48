package io.dorado.actors.strategy.scan;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.TradingCalendars;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An option chain built by Black-Scholes from realized volatility, for underlyings with no real chain
 * (PRD §3.1's chain comes from the broker, which the paper demo does not have). Weekly Friday expiries (the Thursday
 * when the exchange is closed on the Friday),
 * strikes on the usual grid, a bid/ask of 4% of mid (at least 0.05). Always labelled synthetic: every
 * candidate built from it says so. Its quotes are stamped with the time it was built (fresh by construction) and its
 * greeks are the model's by construction ({@code GreeksSource.MODEL}, which {@link ChainQuality} notes and scores).
 */
public record SyntheticChain(String underlying, double spot, LocalDate asOf, double vol, List<ChainQuote> quotes)
    implements OptionChain {

  @Override
  public boolean synthetic() {
    return true;
  }

  @Override
  public String label() {
    return String.format(java.util.Locale.ROOT, "synthetic chain: Black-Scholes at realized volatility %.1f%%, r = 0",
        vol * 100);
  }

  /** Quoted at the start of {@code asOf} (an offline build). */
  public static SyntheticChain build(String underlying, double spot, LocalDate asOf, double vol, int minDte, int maxDte) {
    return build(underlying, spot, asOf, vol, minDte, maxDte, asOf.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  public static SyntheticChain build(String underlying, double spot, LocalDate asOf, double vol, int minDte, int maxDte,
      Instant quotedAt) {
    return build(underlying, spot, asOf, vol, minDte, maxDte, quotedAt, TradingCalendars.US_OPTIONS);
  }

  /**
   * Weekly expiries on {@code calendar}: each Friday, or the trading day before it when the exchange is closed that
   * Friday (as listed options expire); days to expiry in calendar days from {@code asOf}, the market's date.
   */
  public static SyntheticChain build(String underlying, double spot, LocalDate asOf, double vol, int minDte, int maxDte,
      Instant quotedAt, TradingCalendar calendar) {
    double step = strikeStep(spot);
    String model = String.format(Locale.ROOT, "Black-Scholes at realized volatility %.1f%%, r = 0, spot %.2f", vol * 100,
        spot);
    var quotes = new ArrayList<ChainQuote>();
    LocalDate friday = asOf.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
    for (LocalDate f = friday; ChronoUnit.DAYS.between(asOf, f) <= maxDte; f = f.plusWeeks(1)) {
      LocalDate e = calendar.onOrBefore(f);
      int dte = (int) ChronoUnit.DAYS.between(asOf, e);
      if (dte < minDte || dte > maxDte) continue;
      double years = dte / 365.0;
      double lo = Math.floor(spot * 0.6 / step) * step, hi = Math.ceil(spot * 1.4 / step) * step;
      for (double k = lo; k <= hi + 1e-9; k += step) {
        for (Right r : Right.values()) {
          double mid = BlackScholes.price(r, spot, k, years, vol, 0);
          double spread = Math.max(0.05, 0.04 * mid);
          double bid = Math.max(0, round2(mid - spread / 2));
          double ask = round2(mid + spread / 2);
          if (ask < 0.05) continue; // worthless far wings are not quoted
          quotes.add(new ChainQuote(r, e, dte, round2(k), bid, ask, Double.NaN, quotedAt, spot,
              BlackScholes.delta(r, spot, k, years, vol, 0), vol, GreeksSource.MODEL, model));
        }
      }
    }
    return new SyntheticChain(underlying, spot, asOf, vol, List.copyOf(quotes));
  }

  static double strikeStep(double spot) {
    if (spot < 25) return 0.5;
    if (spot < 100) return 1;
    if (spot < 250) return 2.5;
    if (spot < 1000) return 5;
    return Math.pow(10, Math.floor(Math.log10(spot)) - 2) * 5;
  }

  private static double round2(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
