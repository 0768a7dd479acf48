package io.dorado.cluster.venues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.protocol.market.VenueMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bot's venue id and symbol lead to its account's adapter's capabilities: Alpaca crypto rests no STOP and no OCO, equities do. */
class VenueCapabilityBookTest {

  @Test
  void anAlpacaAccountRestsNoStopForItsCryptoButDoesForItsEquities() {
    var alpaca = new VenueAccount("alpaca-1", "alpaca", VenueMode.BROKER_PAPER, null, null, null, null,
        Map.of("BTC", "BTC/USD", "AAPL", "AAPL"), null);
    assertEquals(new VenueCapabilities(false, true, false, false, true, false), // a crypto sell holds its qty_available
        VenueCapabilityBook.of(alpaca, "BTC"));
    assertEquals(new VenueCapabilities(true, true, false, true, true, false), VenueCapabilityBook.of(alpaca, "AAPL")); // and the OCO exit pair
  }

  @Test
  void eachKindHasItsAdaptersFlagsAndAPaperAccountThePaperVenues() {
    assertEquals(new VenueCapabilities(true, true, true, true, false, true), // OANDA: the trade's dependent orders, stop amended
        VenueCapabilityBook.of(new VenueAccount("fx", "oanda", VenueMode.LIVE, null, null, null, null, Map.of(), null), "EURUSD"));
    assertEquals(VenueCapabilities.PAPER,
        VenueCapabilityBook.of(new VenueAccount("paper", "paper", VenueMode.PAPER, null, null, null, null, Map.of(), null), "BTC"));
  }
}
