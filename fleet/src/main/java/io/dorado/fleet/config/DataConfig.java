package io.dorado.fleet.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.market.MarketDataSource;
import java.util.Map;
import java.util.Optional;

/** The universe's {@code data_config} (PRD §2.1), plus where each underlying's bars come from. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataConfig(Boolean ohlcv, Boolean optionChains, String fetchFrequency, Map<String, MarketDataSource> sources) {
  public static final DataConfig NONE = new DataConfig(null, null, null, null);

  public DataConfig {
    ohlcv = ohlcv == null || ohlcv;
    optionChains = optionChains != null && optionChains;
    fetchFrequency = fetchFrequency == null ? "eod" : fetchFrequency;
    sources = sources == null ? Map.of() : Map.copyOf(sources);
  }

  public Optional<MarketDataSource> source(String symbol) {
    return Optional.ofNullable(sources.get(symbol));
  }
}
