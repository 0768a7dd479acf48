package io.dorado.protocol.venue;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.OptionSymbol;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An option chain as a venue quoted it, for the scanner ({@link Venue.GetOptionChain}): each contract's RAW prices and
 * the time the venue last updated them, the underlying's price, and the venue's greeks only where it sent them (a
 * price or greek it did not send is null, never zero). {@code failure} says why there is no chain (the venue quotes
 * none, did not answer, refused); then {@code quotes} is empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueOptionChain(String venue, String underlying, double spot, String label, List<Quote> quotes,
    String failure) implements CborSerializable {

  /** One contract: {@code greeksModel} names the venue's model when it sent greeks (null otherwise). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Quote(OptionSymbol.Right right, LocalDate expiry, double strike, Double bid, Double ask, Double last,
      Instant quotedAt, double underlyingAtQuote, Double delta, Double impliedVol, String greeksModel)
      implements CborSerializable {}

  public VenueOptionChain {
    quotes = quotes == null ? List.of() : List.copyOf(quotes);
  }

  /** No chain, and why. */
  public static VenueOptionChain failed(String venue, String underlying, String why) {
    return new VenueOptionChain(venue, underlying, 0, null, List.of(), why);
  }

  public boolean failed() {
    return failure != null;
  }
}
