package io.dorado.cluster.venues;

import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaAdapter;
import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.orderpath.venue.kraken.KrakenSpotAdapter;
import io.dorado.actors.orderpath.venue.oanda.OandaAdapter;
import java.util.function.BiFunction;

/**
 * What each configured venue account rests at its venue ({@link VenueCapabilities}), by its kind, as its adapter
 * states it: what the bots' protective stops are chosen from (a STOP, else a STOP_LIMIT). A paper account, and a venue
 * id no account has, rest as the paper venue does.
 */
public final class VenueCapabilityBook {
  private VenueCapabilityBook() {}

  /** Venue id, our symbol → that account's adapter's capabilities for the symbol. */
  public static BiFunction<String, String, VenueCapabilities> of(VenueAccounts accounts) {
    return (venueId, symbol) -> accounts.account(venueId).map(a -> of(a, symbol)).orElse(VenueCapabilities.PAPER);
  }

  static VenueCapabilities of(VenueAccount account, String symbol) {
    return switch (account.kind()) {
      case "binance" -> BinanceSpotAdapter.CAPABILITIES;
      case "kraken" -> KrakenSpotAdapter.CAPABILITIES;
      case "alpaca" -> AlpacaAdapter.capabilitiesFor(account.symbols().getOrDefault(symbol, symbol));
      case "oanda" -> OandaAdapter.CAPABILITIES;
      case "ibkr" -> IbkrAdapter.CAPABILITIES;
      default -> VenueCapabilities.PAPER;
    };
  }
}
