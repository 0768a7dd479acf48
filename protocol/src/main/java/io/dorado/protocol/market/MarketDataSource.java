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
 * @param symbol for {@code binance} and {@code kraken}: the venue's own symbol (BTCUSDT, XBT/USD) whose public trade
 *     stream is built into time bars of {@code bar} (required for these kinds)
 * @param restUrl for {@code binance}/{@code kraken}: the venue's REST base URL the gap after a reconnect is back-filled
 *     from (default: the venue's public endpoint; tests point it at a fake)
 * @param streamUrl for {@code binance}/{@code kraken}: the WebSocket base URL of the public trade stream (default: the
 *     venue's public endpoint); for {@code alpaca} the whole stream URL, for {@code oanda} the stream host's base URL;
 *     for {@code ibkr} the gateway's WebSocket (default: derived from {@code restUrl}, the gateway's REST base, by
 *     default {@code https://localhost:5000/v1/api})
 * @param feed for {@code alpaca}: {@code iex} (default), {@code sip} (paid) or {@code crypto} (symbols BASE/QUOTE); for
 *     {@code oanda}: {@code practice} (default) or {@code live}, the OANDA environment whose hosts are used
 * @param credentialsEnv for {@code alpaca} and {@code oanda} (required): the NAMES of the environment variables holding
 *     the credentials (never the secrets themselves); read when the feed starts ({@link #credentials})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MarketDataSource(
    Kind type, Dataset dataset, String path, String url, Duration bar, Duration pollInterval, Double speed,
    String symbol, String restUrl, String streamUrl, String feed, CredentialsEnv credentialsEnv)
    implements CborSerializable {

  /**
   * Names of the environment variables holding a live source's credentials. Alpaca: {@code key} (the API key id) and
   * {@code secret}; OANDA: {@code account} (the account id) and {@code token} (the personal access token), written
   * {@code account:}/{@code token:} or {@code key:}/{@code secret:}.
   */
  public record CredentialsEnv(@com.fasterxml.jackson.annotation.JsonAlias("account") String key,
      @com.fasterxml.jackson.annotation.JsonAlias("token") String secret) implements CborSerializable {}

  /** A source's credentials as read from the environment; never printed. */
  public record Credentials(String key, String secret) {
    @Override
    public String toString() {
      return "Credentials[****]";
    }
  }

  /** OANDA candle granularities (instrument-ep "CandlestickGranularity") a live OANDA bar may be, S5 .. D. */
  public static final java.util.List<Duration> OANDA_BARS = java.util.List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
      Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
      Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(8),
      Duration.ofHours(12), Duration.ofDays(1));

  /**
   * Bar sizes of IBKR's history (Web API "Market Data History": seconds, 1-30 min, 1-8 h, 1 d; TWS's published bar
   * sizes): a live IBKR bar must be one of them.
   */
  public static final java.util.List<Duration> IBKR_BARS = java.util.List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(4), Duration.ofHours(8),
      Duration.ofDays(1));

  /** Binance spot kline intervals (rest-api.md "Kline/Candlestick data"): a live Binance bar must be one of them. */
  public static final java.util.List<Duration> BINANCE_BARS = java.util.List.of(Duration.ofSeconds(1),
      Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(8),
      Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7));

  public enum Kind {
    @JsonProperty("replay") REPLAY,
    @JsonProperty("csv") CSV,
    @JsonProperty("http") HTTP,
    /** Binance spot's public trade stream, built into time bars; gaps back-filled from its klines. */
    @JsonProperty("binance") BINANCE,
    /** Kraken spot's public trade stream (WebSocket v1), built into time bars; gaps back-filled from its Trades. */
    @JsonProperty("kraken") KRAKEN,
    /** Alpaca's market-data stream (trades of IEX/SIP stocks or US crypto), built into time bars; gaps from its REST trades. */
    @JsonProperty("alpaca") ALPACA,
    /** OANDA's pricing stream, mid prices built into time bars (volume = tick count); gaps from its mid candles. */
    @JsonProperty("oanda") OANDA,
    /**
     * Interactive Brokers through the operator's Client Portal gateway: the WebSocket's {@code smd} last price and size
     * as trades, built into time bars; gaps from {@code /iserver/marketdata/history}.
     */
    @JsonProperty("ibkr") IBKR;

    /** A live venue stream (not a finite history nor a polled endpoint). */
    public boolean live() {
      return this == BINANCE || this == KRAKEN || this == ALPACA || this == OANDA || this == IBKR;
    }

    /** A live venue whose market data needs an account's credentials. */
    public boolean needsCredentials() {
      return this == ALPACA || this == OANDA;
    }
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
    if (type == null) {
      throw new IllegalArgumentException("type: is required (replay, csv, http, binance, kraken, alpaca, oanda or ibkr)");
    }
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
      case BINANCE, KRAKEN, ALPACA, OANDA, IBKR -> {
        String venue = type.name().toLowerCase(java.util.Locale.ROOT);
        if (symbol == null || symbol.isBlank()) {
          throw new IllegalArgumentException("symbol: is required for " + venue + " (the venue's symbol, e.g. "
              + switch (type) {
                case BINANCE -> "BTCUSDT";
                case KRAKEN -> "XBT/USD";
                case ALPACA -> "AAPL, or BTC/USD with feed: crypto";
                case IBKR -> "AAPL, or a conid such as 265598";
                default -> "EUR_USD";
              } + ")");
        }
        if (type == Kind.KRAKEN && symbol.split("/").length != 2) {
          throw new IllegalArgumentException("symbol: a kraken symbol is BASE/QUOTE as its WebSocket names it, e.g. XBT/USD (was "
              + symbol + ")");
        }
        if (bar == null) throw new IllegalArgumentException("bar: is required for " + venue + " (the time-bar length, e.g. PT1M)");
        if (bar.isZero() || bar.isNegative() || bar.getNano() != 0) {
          throw new IllegalArgumentException("bar: must be a positive whole number of seconds (was " + bar + ")");
        }
        if (type == Kind.BINANCE && !BINANCE_BARS.contains(bar)) {
          throw new IllegalArgumentException("bar: binance has no kline interval of " + bar
              + " (1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d, 3d, 1w)");
        }
        if (type == Kind.OANDA && !OANDA_BARS.contains(bar)) {
          throw new IllegalArgumentException("bar: oanda has no candle granularity of " + bar
              + " (5s, 10s, 15s, 30s, 1m, 2m, 4m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d)");
        }
        if (type == Kind.IBKR && !IBKR_BARS.contains(bar)) {
          throw new IllegalArgumentException("bar: ibkr has no history bar size of " + bar
              + " (1s, 5s, 10s, 15s, 30s, 1m, 2m, 3m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 4h, 8h, 1d)");
        }
        if (type == Kind.ALPACA) {
          feed = feed == null ? "iex" : feed.toLowerCase(java.util.Locale.ROOT);
          if (!java.util.List.of("iex", "sip", "crypto").contains(feed)) {
            throw new IllegalArgumentException("feed: alpaca's feed is iex, sip or crypto (was " + feed + ")");
          }
          if (feed.equals("crypto") != symbol.contains("/")) {
            throw new IllegalArgumentException("symbol: " + (feed.equals("crypto")
                ? "an alpaca crypto symbol is BASE/QUOTE, e.g. BTC/USD (was " + symbol + ")"
                : "an alpaca stock symbol has no '/' (was " + symbol + "; crypto needs feed: crypto)"));
          }
        }
        if (type == Kind.OANDA) {
          feed = feed == null ? "practice" : feed.toLowerCase(java.util.Locale.ROOT);
          if (!feed.equals("practice") && !feed.equals("live")) {
            throw new IllegalArgumentException("feed: oanda's feed is practice or live (was " + feed + ")");
          }
          if (!symbol.matches("[A-Z0-9]+_[A-Z0-9]+")) {
            throw new IllegalArgumentException("symbol: an oanda instrument is BASE_QUOTE, e.g. EUR_USD (was " + symbol + ")");
          }
        }
        if (type.needsCredentials()) {
          String[] names = type == Kind.ALPACA ? new String[] {"key", "secret"} : new String[] {"account", "token"};
          String example = type == Kind.ALPACA ? "{ key: ALPACA_KEY_ID, secret: ALPACA_SECRET_KEY }"
              : "{ account: OANDA_ACCOUNT_ID, token: OANDA_TOKEN }";
          if (credentialsEnv == null || blank(credentialsEnv.key()) || blank(credentialsEnv.secret())) {
            throw new IllegalArgumentException("credentials_env: is required for " + venue + " (the names of the environment "
                + "variables holding its " + names[0] + " and " + names[1] + ", e.g. " + example + ")");
          }
        }
        checkUrl("rest_url", restUrl, "http");
        checkUrl("stream_url", streamUrl, type == Kind.OANDA ? "http" : "ws");
      }
    }
    if (!type.live() && (symbol != null || restUrl != null || streamUrl != null)) {
      throw new IllegalArgumentException("symbol, rest_url and stream_url are for the live sources only (binance, kraken, "
          + "alpaca, oanda, ibkr)");
    }
    if (!type.needsCredentials() && (feed != null || credentialsEnv != null)) {
      throw new IllegalArgumentException("feed and credentials_env are for alpaca and oanda sources only");
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

  /** The sources before live venue streams (no symbol nor URL overrides). */
  public MarketDataSource(Kind type, Dataset dataset, String path, String url, Duration bar, Duration pollInterval,
      Double speed) {
    this(type, dataset, path, url, bar, pollInterval, speed, null, null, null, null, null);
  }

  /** A live venue stream: {@code venue}'s public trades of {@code symbol} built into bars of {@code bar}. */
  public static MarketDataSource live(Kind venue, String symbol, Duration bar, String restUrl, String streamUrl) {
    return new MarketDataSource(venue, null, null, null, bar, null, null, symbol, restUrl, streamUrl, null, null);
  }

  /** A live venue stream that needs an account ({@code alpaca}, {@code oanda}): {@code feed} may be null (the default). */
  public static MarketDataSource live(Kind venue, String symbol, Duration bar, String restUrl, String streamUrl, String feed,
      CredentialsEnv credentialsEnv) {
    return new MarketDataSource(venue, null, null, null, bar, null, null, symbol, restUrl, streamUrl, feed, credentialsEnv);
  }

  /**
   * The credentials read from {@code env} (e.g. {@code System::getenv}) by the names {@code credentials_env} gives.
   *
   * @throws IllegalArgumentException naming the source and the variable when one is not set
   */
  public Credentials credentials(java.util.function.Function<String, String> env) {
    if (!type.needsCredentials()) throw new IllegalStateException(type + " sources need no credentials");
    String venue = type.name().toLowerCase(java.util.Locale.ROOT);
    String[] fields = type == Kind.ALPACA ? new String[] {"key", "secret"} : new String[] {"account", "token"};
    String key = env.apply(credentialsEnv.key());
    String secret = env.apply(credentialsEnv.secret());
    for (int i = 0; i < 2; i++) {
      String value = i == 0 ? key : secret;
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(venue + " source " + symbol + ": environment variable "
            + (i == 0 ? credentialsEnv.key() : credentialsEnv.secret()) + " (credentials_env." + fields[i] + ") is not set");
      }
    }
    return new Credentials(key.trim(), secret.trim());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void checkUrl(String field, String value, String scheme) {
    if (value == null) return;
    java.net.URI uri;
    try {
      uri = java.net.URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not a URL (" + value + ")");
    }
    String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(s.equals(scheme) || s.equals(scheme + "s")) || uri.getHost() == null) {
      throw new IllegalArgumentException(field + ": must be a " + scheme + ":// or " + scheme + "s:// URL (was " + value + ")");
    }
  }

  public static MarketDataSource replay(Dataset dataset, Duration bar, double speed) {
    return new MarketDataSource(Kind.REPLAY, dataset, null, null, bar, null, speed);
  }
}
