package io.dorado.fleet.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.market.MarketDataSource;
import java.util.Map;
import java.util.Optional;

/**
 * The universe's {@code data_config} (PRD §2.1): where each underlying's bars come from. The PRD's {@code ohlcv},
 * {@code option_chains} and {@code fetch_frequency} are refused at load ({@link FleetConfigLoader#NOT_READ}): nothing
 * would read them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DataConfig(Map<String, MarketDataSource> sources) {
  public static final DataConfig NONE = new DataConfig(null);

  public DataConfig {
    sources = sources == null ? Map.of() : Map.copyOf(sources);
  }

  public Optional<MarketDataSource> source(String symbol) {
    return Optional.ofNullable(sources.get(symbol));
  }
}
