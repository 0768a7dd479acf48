package io.dorado.actors.orderpath.venue.binance;

import io.dorado.protocol.market.VenueMode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One Binance spot account as the adapter trades it.
 *
 * @param venueId the venue id orders carry (binance-main)
 * @param mode what it serves: the spot testnet ({@link #testnet}) for broker_paper, api.binance.com for live
 * @param account the account's name in the API and the banner
 * @param restBaseUri https://api.binance.com, https://testnet.binance.vision, or a fake on 127.0.0.1
 * @param webSocketApiUri wss://ws-api.binance.com:443/ws-api/v3, wss://ws-api.testnet.binance.vision/ws-api/v3, or a fake
 * @param symbols universe symbol to Binance symbol, in order (BTC to BTCUSDT); the routing wires it from the universe YAML
 * @param quoteAsset the account currency every symbol is quoted in (USDT): cash, and the suffix a base asset is read from
 * @param requestTimeout how long a REST answer may take; after it the outcome is unknown
 * @param recvWindow sent with every signed request (Binance's default 5000 ms, at most 60000)
 * @param reconnectMin first wait before reconnecting the execution stream, doubled up to {@code reconnectMax}
 * @param longestRetryAfterWait the rate limiter's longest wait (a Retry-After, a spent budget): a request that would
 *     wait longer fails with {@code VenueRateLimiter.NotSent}; keep it below the venue actor's adapter timeout
 */
public record BinanceSettings(
    String venueId,
    VenueMode mode,
    String account,
    URI restBaseUri,
    URI webSocketApiUri,
    Map<String, String> symbols,
    String quoteAsset,
    Duration requestTimeout,
    Duration recvWindow,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration longestRetryAfterWait) {

  public static final URI LIVE_REST = URI.create("https://api.binance.com");
  public static final URI LIVE_WEBSOCKET_API = URI.create("wss://ws-api.binance.com:443/ws-api/v3");
  public static final URI TESTNET_REST = URI.create("https://testnet.binance.vision");
  public static final URI TESTNET_WEBSOCKET_API = URI.create("wss://ws-api.testnet.binance.vision/ws-api/v3");

  public BinanceSettings {
    if (venueId == null || venueId.isBlank()) throw new IllegalArgumentException("venue id is missing");
    if (mode == null) throw new IllegalArgumentException("mode is missing");
    if (restBaseUri == null || webSocketApiUri == null) throw new IllegalArgumentException("base URLs are missing");
    if (symbols == null || symbols.isEmpty()) throw new IllegalArgumentException("no symbols mapped for " + venueId);
    if (quoteAsset == null || quoteAsset.isBlank()) throw new IllegalArgumentException("quote asset is missing");
    symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
    account = account == null ? venueId : account;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    recvWindow = recvWindow == null ? Duration.ofMillis(5000) : recvWindow;
    if (recvWindow.toMillis() > 60_000) throw new IllegalArgumentException("recvWindow is at most 60000 ms");
    reconnectMin = reconnectMin == null ? Duration.ofMillis(500) : reconnectMin;
    reconnectMax = reconnectMax == null ? Duration.ofSeconds(30) : reconnectMax;
    longestRetryAfterWait = longestRetryAfterWait == null ? Duration.ofSeconds(5) : longestRetryAfterWait;
  }

  /** Binance spot with real money. */
  public static BinanceSettings live(String venueId, Map<String, String> symbols, String quoteAsset) {
    return new BinanceSettings(venueId, VenueMode.LIVE, venueId, LIVE_REST, LIVE_WEBSOCKET_API, symbols, quoteAsset,
        null, null, null, null, null);
  }

  /** Binance's spot testnet (broker_paper): Binance's own matching, test funds. */
  public static BinanceSettings testnet(String venueId, VenueMode mode, Map<String, String> symbols, String quoteAsset) {
    return new BinanceSettings(venueId, mode, venueId, TESTNET_REST, TESTNET_WEBSOCKET_API, symbols, quoteAsset,
        null, null, null, null, null);
  }

  /** The same account at other URLs (a fake on 127.0.0.1). */
  public BinanceSettings at(URI rest, URI webSocketApi) {
    return new BinanceSettings(venueId, mode, account, rest, webSocketApi, symbols, quoteAsset, requestTimeout, recvWindow,
        reconnectMin, reconnectMax, longestRetryAfterWait);
  }

  public BinanceSettings withTimeouts(Duration request, Duration reconnectFirst, Duration reconnectLongest) {
    return new BinanceSettings(venueId, mode, account, restBaseUri, webSocketApiUri, symbols, quoteAsset, request,
        recvWindow, reconnectFirst, reconnectLongest, longestRetryAfterWait);
  }

  public Optional<String> venueSymbol(String universeSymbol) {
    return Optional.ofNullable(symbols.get(universeSymbol));
  }

  public Optional<String> universeSymbol(String venueSymbol) {
    return symbols.entrySet().stream().filter(e -> e.getValue().equals(venueSymbol)).map(Map.Entry::getKey).findFirst();
  }

  /** BTCUSDT's base asset BTC: the Binance symbol less the quote asset (exchangeInfo's baseAsset on Binance's side). */
  public String baseAsset(String venueSymbol) {
    return venueSymbol.endsWith(quoteAsset) ? venueSymbol.substring(0, venueSymbol.length() - quoteAsset.length())
        : venueSymbol;
  }
}
