package io.dorado.cluster.ops;

import io.dorado.protocol.market.AssetClass;
import java.util.Set;

/**
 * The names one universe symbol goes by outside the fleet: the currency it is quoted in and the venues' symbols for
 * it (BTC → {@code BTCUSDT} on Binance, {@code XBT/USD} on Kraken). The signal webhook maps a charting tool's ticker
 * through them.
 *
 * @param assetClass null when the universe does not list the symbol
 */
public record SymbolNames(String symbol, AssetClass assetClass, String quoteCurrency, Set<String> venueSymbols) {
  public SymbolNames {
    quoteCurrency = quoteCurrency == null || quoteCurrency.isBlank() ? "USD" : quoteCurrency;
    venueSymbols = venueSymbols == null ? Set.of() : Set.copyOf(venueSymbols);
  }

  /** A symbol nobody renames, of an unknown class, quoted in USD (the universe's default). */
  public static SymbolNames plain(String symbol) {
    return new SymbolNames(symbol, null, "USD", Set.of());
  }

  /** Whether tickers name it as a pair (ETHUSDT): crypto, or a symbol the universe does not describe. */
  public boolean tradedAsPair() {
    return assetClass == null || assetClass == AssetClass.CRYPTO;
  }
}
