package io.dorado.actors.orderpath.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter;
import io.dorado.actors.orderpath.venue.oanda.OandaAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each adapter states what it rests at its venue, as the vendor's docs (cited in its javadoc) and what the adapter
 * sends say: the bots' protective stops are chosen from these flags (STOP where there is one, else STOP_LIMIT).
 */
class VenueCapabilitiesTest {

  @Test
  void eachAdapterStatesWhatItRestsAtItsVenue() {
    var flags = new LinkedHashMap<String, VenueCapabilities>();
    flags.put("paper", new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS).capabilities("BTC"));
    flags.put("binance spot", BinanceSpotAdapter.CAPABILITIES);
    flags.put("kraken spot", KrakenSpotAdapter.CAPABILITIES);
    flags.put("alpaca equity", AlpacaAdapter.capabilitiesFor("AAPL"));
    flags.put("alpaca crypto", AlpacaAdapter.capabilitiesFor("BTC/USD"));
    flags.put("oanda", OandaAdapter.CAPABILITIES);
    flags.put("ibkr", IbkrAdapter.CAPABILITIES);
    flags.forEach((venue, caps) -> System.out.println("capabilities: " + venue + " " + caps));

    assertEquals(Map.of(
        "paper", new VenueCapabilities(true, true, true, false), // reduce-only enforced at fill time (PaperReduceOnlyTest)
        "binance spot", new VenueCapabilities(true, true, false, true, true, false), // native OCO; an open sell locks its BTC
        "kraken spot", new VenueCapabilities(true, true, false, false, true, false), // an open sell holds its BTC: target virtual
        "alpaca equity", new VenueCapabilities(true, true, false, true, true, false), // order_class "oco" exit pair; a sell holds qty_available
        "alpaca crypto", new VenueCapabilities(false, true, false, false, true, false), // no stop-market, no OCO; a sell holds qty_available
        "oanda", new VenueCapabilities(true, true, true, true, false, true), // REDUCE_ONLY; OCO: the trade's TP and SL, stop amended
        "ibkr", new VenueCapabilities(true, true, false, true)), flags); // an OCA group (isSingleGroup)
  }

  @Test
  void aForwardingAdapterStatesItsDelegatesCapabilities() {
    VenueAdapter crypto = new ForwardingVenueAdapter(new PaperVenue(PaperMatchingEngine.Settings.FRICTIONLESS)) {
      @Override
      public VenueCapabilities capabilities(String symbol) {
        return AlpacaAdapter.capabilitiesFor("BTC/USD");
      }
    };
    VenueAdapter wrapped = new ForwardingVenueAdapter(crypto) {
    };
    assertEquals(new VenueCapabilities(false, true, false, false, true, false), wrapped.capabilities("BTC"));
  }
}
