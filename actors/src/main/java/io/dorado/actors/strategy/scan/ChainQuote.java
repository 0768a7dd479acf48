package io.dorado.actors.strategy.scan;

import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One contract of a chain as it was quoted: the RAW prices (bid, ask, last), when they were quoted and the underlying's
 * price then, beside the greeks and where those came from (the PRD's "IV model dependency": a venue's greeks are its
 * model's, so the prices they came from are kept). A price or greek the source did not give is NaN; {@code quotedAt}
 * null when the source gave no time.
 *
 * @param greeksSource VENUE: quoted with the prices; MODEL: computed ({@code greeksModel} says how); null: none yet
 */
public record ChainQuote(Right right, LocalDate expiry, int dte, double strike, double bid, double ask, double last,
    Instant quotedAt, double underlyingAtQuote, double delta, double impliedVol, GreeksSource greeksSource,
    String greeksModel) {

  public double mid() {
    return (bid + ask) / 2;
  }

  public boolean hasGreeks() {
    return !Double.isNaN(delta);
  }

  public ChainQuote withGreeks(double newDelta, double newIv, GreeksSource source, String model) {
    return new ChainQuote(right, expiry, dte, strike, bid, ask, last, quotedAt, underlyingAtQuote, newDelta, newIv, source,
        model);
  }
}
