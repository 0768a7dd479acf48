package io.dorado.protocol.market;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/** One tradable underlying of the universe; a bot binds to exactly one (PRD §2.2). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Underlying(String symbol, AssetClass assetClass, String venue, String quoteCurrency)
    implements CborSerializable {
  public Underlying {
    requiredText(symbol, "symbol");
    required(assetClass, "asset_class");
    requiredText(venue, "venue");
    quoteCurrency = quoteCurrency == null || quoteCurrency.isBlank() ? "USD" : quoteCurrency;
  }
}
