package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketDataSource.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The real market histories shipped as resource files in {@code org.ta4j:ta4j-examples} 0.18. Only
 * the files are read; the jar's classes are Java 21 bytecode and are never loaded.
 */
public final class Ta4jHistory {
  private Ta4jHistory() {}

  static final String AAPL = "appleinc_bars_from_20130101_usd.csv";
  static final String BITSTAMP = "bitstamp_trades_from_20131125_usd.csv";
  static final String ETH = "ETH-USD-PT5M-2023-3-13_2023-3-15.json";

  /** One executed trade. */
  public record Trade(Instant at, BigDecimal price, BigDecimal amount) {}

  /** The bars of {@code dataset} for {@code symbol}; {@code bar} sets the length of Bitstamp trade bars. */
  public static List<Bar> bars(Dataset dataset, String symbol, Duration bar) {
    return switch (dataset) {
      case AAPL_DAILY_2013 -> aaplDaily(symbol);
      case BITSTAMP_BTC_TRADES_2013 -> TradeBars.aggregate(bitstampTrades(), symbol, bar == null ? Duration.ofHours(1) : bar);
      case ETH_USD_5M_2023 -> ethUsd5m(symbol);
    };
  }

  /** AAPL daily bars, 2013 (252). */
  public static List<Bar> aaplDaily(String symbol) {
    try (InputStream in = open(AAPL)) {
      return CsvBars.read(new InputStreamReader(in, StandardCharsets.UTF_8), AAPL, symbol, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bitstamp BTC/USD trades, 2013-11-25..12-01, in file order (time ascending). */
  public static List<Trade> bitstampTrades() {
    var trades = new ArrayList<Trade>(100_000);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open(BITSTAMP), StandardCharsets.UTF_8))) {
      String line = in.readLine(); // header: timestamp,price,amount
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) continue;
        String[] f = line.split(",");
        trades.add(new Trade(Instant.ofEpochSecond(Long.parseLong(f[0])), new BigDecimal(f[1]), new BigDecimal(f[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return trades;
  }

  /** ETH-USD five-minute bars from Binance US, 2023-03-13..15 (580). */
  public static List<Bar> ethUsd5m(String symbol) {
    try (InputStream in = open(ETH)) {
      JsonNode root = new ObjectMapper().readTree(in);
      var bars = new ArrayList<Bar>();
      for (JsonNode b : root.get("ohlc")) {
        // endTime is the last millisecond of the bar: the bar ends one millisecond later.
        Instant end = Instant.ofEpochMilli(b.get("endTime").asLong() + 1);
        bars.add(new Bar(symbol, end, Duration.ofMinutes(5), b.get("openPrice").decimalValue(),
            b.get("highPrice").decimalValue(), b.get("lowPrice").decimalValue(), b.get("closePrice").decimalValue(),
            b.get("volume").decimalValue()));
      }
      return bars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = Ta4jHistory.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) throw new IllegalStateException(resource + " not on the classpath: is org.ta4j:ta4j-examples there?");
    return in;
  }
}
