package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.time.Duration;

/**
 * Where an underlying's bars come from (the {@code data_config.sources} entries of universe.yaml).
 *
 * @param dataset for {@code replay}: one of the real histories shipped in ta4j-examples
 * @param path for {@code csv}: the user's own OHLCV file
 * @param url for {@code http}: a REST OHLCV endpoint polled every {@code pollInterval}
 * @param bar bar length; trades (Bitstamp) are aggregated into bars of this length
 * @param speed replay only: how many times faster than real time the replay clock runs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MarketDataSource(
    Kind type, Dataset dataset, String path, String url, Duration bar, Duration pollInterval, Double speed)
    implements CborSerializable {

  public enum Kind {
    @JsonProperty("replay") REPLAY,
    @JsonProperty("csv") CSV,
    @JsonProperty("http") HTTP
  }

  /** The real market histories shipped as resources in {@code org.ta4j:ta4j-examples} 0.18. */
  public enum Dataset {
    /** AAPL daily bars, 2013 (252 bars). */
    @JsonProperty("aapl_daily_2013") AAPL_DAILY_2013,
    /** Bitstamp BTC/USD trades 2013-11-25..12-01 (100,000 trades), aggregated into bars. */
    @JsonProperty("bitstamp_btc_trades_2013") BITSTAMP_BTC_TRADES_2013,
    /** ETH-USD 5-minute bars from Binance US, 2023-03-13..15 (580 bars). */
    @JsonProperty("eth_usd_5m_2023") ETH_USD_5M_2023
  }

  public MarketDataSource {
    if (type == null) throw new IllegalArgumentException("type: is required (replay, csv or http)");
    switch (type) {
      case REPLAY -> {
        if (dataset == null) throw new IllegalArgumentException("dataset: is required for a replay");
      }
      case CSV -> {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path: is required for csv");
      }
      case HTTP -> {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("url: is required for http");
      }
    }
    if (bar != null && (bar.isZero() || bar.isNegative())) {
      throw new IllegalArgumentException("bar: must be positive (was " + bar + ")");
    }
    pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
    if (pollInterval.isZero() || pollInterval.isNegative()) {
      throw new IllegalArgumentException("poll_interval: must be positive (was " + pollInterval + ")");
    }
    speed = speed == null ? 1.0 : speed;
    if (!(speed > 0)) throw new IllegalArgumentException("speed: must be > 0 (was " + speed + ")");
  }

  public static MarketDataSource replay(Dataset dataset, Duration bar, double speed) {
    return new MarketDataSource(Kind.REPLAY, dataset, null, null, bar, null, speed);
  }
}
