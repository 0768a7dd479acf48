package io.dorado.actors.orderpath.venue;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * Synthetic option prices for the paper venue, as the scan's synthetic chain makes them: Black-Scholes
 * (r = 0) on the underlying's mid at the realized volatility, with the calendar days from the market
 * time to expiry over 365 (at or after expiry: intrinsic value). Not a market: a stand-in, labelled so.
 */
public final class SyntheticOptionPrices {
  private SyntheticOptionPrices() {}

  public static final String LABEL = "synthetic: Black-Scholes at realized volatility, r = 0";

  /** Prices OCC symbols of {@code quote}'s underlying; null for a symbol that is not one of its options. */
  public static Function<String, BigDecimal> pricer(Venue.MarketPrice quote, Venue.OptionInputs inputs) {
    BigDecimal mid = quote.bid().add(quote.ask()).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
    return symbol -> OptionSymbol.parse(symbol)
        .filter(o -> o.root().equals(inputs.underlying()))
        .map(o -> price(o, mid.doubleValue(), inputs))
        .orElse(null);
  }

  public static BigDecimal price(OptionSymbol option, double spot, Venue.OptionInputs inputs) {
    long days = ChronoUnit.DAYS.between(inputs.marketTime().atZone(ZoneOffset.UTC).toLocalDate(), option.expiry());
    var right = option.right() == OptionSymbol.Right.PUT ? BlackScholes.Right.PUT : BlackScholes.Right.CALL;
    double value = BlackScholes.price(right, spot, option.strike().doubleValue(), Math.max(0, days) / 365.0,
        inputs.realizedVol(), 0);
    return BigDecimal.valueOf(value);
  }
}
