package io.dorado.protocol.market;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * One tradable underlying of the universe; a bot binds to exactly one (PRD §2.2).
 *
 * @param venueSymbol the venue's name for it (BTC → {@code BTCUSDT} on Binance, {@code XBT/USD} on Kraken); absent:
 *     the symbol itself (the paper venue). Adapters translate with it; orders, positions and the guardian keep
 *     the universe symbol.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency, String venueSymbol)
    implements CborSerializable {
  public Underlying {
    requiredText(symbol, "symbol");
    required(assetClass, "asset_class");
    requiredText(venue, "venue");
    quoteCurrency = quoteCurrency == null || quoteCurrency.isBlank() ? "USD" : quoteCurrency;
    venueSymbol = venueSymbol == null || venueSymbol.isBlank() ? symbol : venueSymbol.trim();
  }

  /** An underlying the venue calls by its universe symbol. */
  public Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency) {
    this(symbol, assetClass, venue, quoteCurrency, null);
  }
}
