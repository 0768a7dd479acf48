package io.dorado.cluster;

import io.dorado.cluster.ops.SymbolNames;
import io.dorado.cluster.venues.VenueAccount;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A universe symbol's outside names on this node: its quote currency and venue symbol from the universe, and every
 * venue account's name for it (the account's {@code symbols} map, which also holds the universe's venue symbols).
 */
final class UniverseSymbols {
  private final List<Universe> universes;
  private final List<VenueAccount> accounts;

  private UniverseSymbols(List<Universe> universes, List<VenueAccount> accounts) {
    this.universes = List.copyOf(universes);
    this.accounts = List.copyOf(accounts);
  }

  static UniverseSymbols of(List<Universe> universes, List<VenueAccount> accounts) {
    return new UniverseSymbols(universes, accounts);
  }

  /** The calendar of the universe's symbol, if the universe lists it. */
  Optional<io.dorado.protocol.market.TradingCalendar> calendarOf(String universe, String symbol) {
    return universes.stream().filter(x -> x.id().equals(universe)).findFirst().flatMap(x -> x.find(symbol))
        .map(Underlying::tradingCalendar);
  }

  SymbolNames namesOf(String universe, String symbol) {
    Optional<Underlying> u = universes.stream().filter(x -> x.id().equals(universe)).findFirst()
        .flatMap(x -> x.find(symbol));
    var venueSymbols = new LinkedHashSet<String>();
    u.ifPresent(x -> venueSymbols.add(x.venueSymbol()));
    for (VenueAccount a : accounts) venueSymbols.add(a.venueSymbol(symbol));
    venueSymbols.remove(symbol);
    return new SymbolNames(symbol, u.map(Underlying::assetClass).orElse(null), u.map(Underlying::quoteCurrency).orElse("USD"),
        venueSymbols);
  }
}
