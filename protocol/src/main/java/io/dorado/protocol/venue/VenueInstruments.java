package io.dorado.protocol.venue;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/**
 * A venue's instrument rules as its adapter reports them now ({@link Venue.GetInstruments}): tick size, lot size,
 * minimum quantity and notional, and OANDA's pip. {@code failure} says why the venue could not give them (then
 * {@code rules} is empty).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueInstruments(String venue, List<InstrumentRules> rules, String failure) implements CborSerializable {
  public VenueInstruments {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
