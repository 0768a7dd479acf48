package io.dorado.actors.orderpath.venue.oanda;

import io.dorado.protocol.market.VenueMode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One OANDA v20 account as the adapter trades it.
 *
 * @param venueId the venue id orders carry (oanda-practice)
 * @param mode broker_paper (fxPractice: {@link #PRACTICE_REST}, {@link #PRACTICE_STREAM}) or live (fxTrade)
 * @param accountId OANDA's account id (101-004-1234567-001): part of every path, not a secret
 * @param restBaseUri https://api-fxpractice.oanda.com, https://api-fxtrade.oanda.com, or a fake on 127.0.0.1
 * @param streamBaseUri https://stream-fxpractice.oanda.com, https://stream-fxtrade.oanda.com, or the fake
 * @param symbols universe symbol to OANDA instrument, in order (EUR to EUR_USD)
 * @param requestTimeout how long a REST answer may take; after it the outcome is unknown
 * @param heartbeatTimeout a stream silent this long is taken for dead and reconnected (OANDA heartbeats every 5 s)
 * @param reconnectMin first wait before reconnecting a stream, doubled up to {@code reconnectMax}
 * @param longestRetryAfterWait the rate limiter's longest wait: a request that would wait longer fails as not sent
 */
public record OandaSettings(
    String venueId,
    VenueMode mode,
    String accountId,
    URI restBaseUri,
    URI streamBaseUri,
    Map<String, String> symbols,
    Duration requestTimeout,
    Duration heartbeatTimeout,
    Duration reconnectMin,
    Duration reconnectMax,
    Duration longestRetryAfterWait) {

  public static final URI PRACTICE_REST = URI.create("https://api-fxpractice.oanda.com");
  public static final URI PRACTICE_STREAM = URI.create("https://stream-fxpractice.oanda.com");
  public static final URI LIVE_REST = URI.create("https://api-fxtrade.oanda.com");
  public static final URI LIVE_STREAM = URI.create("https://stream-fxtrade.oanda.com");

  public OandaSettings {
    if (venueId == null || venueId.isBlank()) throw new IllegalArgumentException("venue id is missing");
    if (mode == null || mode == VenueMode.PAPER || mode == VenueMode.SIMULATION) {
      throw new IllegalArgumentException("an OANDA account serves broker_paper (fxPractice) or live (fxTrade), not " + mode);
    }
    if (accountId == null || accountId.isBlank()) throw new IllegalArgumentException("the OANDA account id is missing");
    if (symbols == null || symbols.isEmpty()) throw new IllegalArgumentException("no instruments mapped for " + venueId);
    symbols.values().forEach(OandaSettings::checkInstrument);
    symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
    boolean live = mode == VenueMode.LIVE;
    restBaseUri = restBaseUri != null ? restBaseUri : live ? LIVE_REST : PRACTICE_REST;
    streamBaseUri = streamBaseUri != null ? streamBaseUri : live ? LIVE_STREAM : PRACTICE_STREAM;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(20) : heartbeatTimeout;
    reconnectMin = reconnectMin == null ? Duration.ofMillis(500) : reconnectMin;
    reconnectMax = reconnectMax == null ? Duration.ofSeconds(30) : reconnectMax;
    longestRetryAfterWait = longestRetryAfterWait == null ? Duration.ofSeconds(5) : longestRetryAfterWait;
  }

  /** The mode's OANDA endpoints (fxPractice for broker_paper, fxTrade for live) and default timings. */
  public static OandaSettings of(String venueId, VenueMode mode, String accountId, Map<String, String> symbols) {
    return new OandaSettings(venueId, mode, accountId, null, null, symbols, null, null, null, null, null);
  }

  /** The same account at other URLs (a fake on 127.0.0.1). */
  public OandaSettings at(URI rest, URI stream) {
    return new OandaSettings(venueId, mode, accountId, rest, stream, symbols, requestTimeout, heartbeatTimeout,
        reconnectMin, reconnectMax, longestRetryAfterWait);
  }

  public OandaSettings withTimings(Duration request, Duration heartbeat, Duration reconnectFirst, Duration reconnectLongest,
      Duration longestWait) {
    return new OandaSettings(venueId, mode, accountId, restBaseUri, streamBaseUri, symbols, request, heartbeat,
        reconnectFirst, reconnectLongest, longestWait);
  }

  public Optional<String> instrument(String universeSymbol) {
    return Optional.ofNullable(symbols.get(universeSymbol));
  }

  public Optional<String> universeSymbol(String instrument) {
    return symbols.entrySet().stream().filter(e -> e.getValue().equals(instrument)).map(Map.Entry::getKey).findFirst();
  }

  /** OANDA names an instrument BASE_QUOTE (EUR_USD, XAU_USD, SPX500_USD). */
  static void checkInstrument(String instrument) {
    if (instrument == null || !instrument.matches("[A-Z0-9]+_[A-Z0-9]+")) {
      throw new IllegalArgumentException("an OANDA instrument is BASE_QUOTE (EUR_USD), was " + instrument);
    }
  }
}
