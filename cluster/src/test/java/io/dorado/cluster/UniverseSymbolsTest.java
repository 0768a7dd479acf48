package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dorado.cluster.ops.SymbolNames;
import io.dorado.cluster.venues.VenueAccount;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniverseSymbolsTest {
  private static final Universe CORE = new Universe("core", List.of(
      new Underlying("BTC", AssetClass.CRYPTO, "kraken", "USD", "XBT/USD"),
      new Underlying("ETH", AssetClass.CRYPTO, "binance", "USDT", null),
      new Underlying("AAPL", AssetClass.EQUITY_OPTIONS, "paper", null)));
  private static final VenueAccount BINANCE = new VenueAccount("binance", "binance", VenueMode.BROKER_PAPER, null, null,
      null, null, Map.of("ETH", "ETHUSDT", "BTC", "BTCUSDT"), null);

  private final UniverseSymbols symbols = UniverseSymbols.of(List.of(CORE), List.of(BINANCE, VenueAccount.paper("paper")));

  @Test
  void a_symbol_goes_by_its_universe_venue_symbol_and_every_account_s_name_for_it() {
    assertEquals(new SymbolNames("BTC", AssetClass.CRYPTO, "USD", Set.of("XBT/USD", "BTCUSDT")),
        symbols.namesOf("core", "BTC"));
    assertEquals(new SymbolNames("ETH", AssetClass.CRYPTO, "USDT", Set.of("ETHUSDT")), symbols.namesOf("core", "ETH"));
    assertEquals(new SymbolNames("AAPL", AssetClass.EQUITY_OPTIONS, "USD", Set.of()), symbols.namesOf("core", "AAPL"));
  }

  @Test
  void a_symbol_outside_the_universe_has_no_class_and_a_usd_quote() {
    SymbolNames names = symbols.namesOf("other", "SOL");
    assertNull(names.assetClass());
    assertEquals("USD", names.quoteCurrency());
    assertEquals(Set.of(), names.venueSymbols());
  }
}
