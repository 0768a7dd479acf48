package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.orderpath.venue.oanda.OandaPricing;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * OANDA's prices (developer.oanda.com pricing-ep "Price Stream", instrument-ep "Get Candlesticks"). Stream: one
 * {@link OandaPricing} connection to {@code /v3/accounts/{id}/pricing/stream?instruments=<instrument>}; each PRICE
 * ({@code {"type":"PRICE","time","bids":[{"price"}],"asks":[{"price"}],..}}) becomes a "trade" at the mid price
 * (best bid + best ask) / 2 of amount 1, so a bar's volume is its tick count (FX has no trade volume); HEARTBEATs only
 * keep the connection alive; its best bid and ask are also a quote. History: {@code GET /v3/instruments/{instrument}/candles?price=M&granularity&from&to}
 * (mid candles, {@code volume} = "the number of prices created" in it, only {@code complete} ones), aligned to UTC
 * midnight ({@code dailyAlignment=0&alignmentTimezone=UTC}) as our bars are to the epoch. A live OANDA bar's volume
 * counts the prices the stream delivered, which OANDA may thin out: it can be below the history's count.
 */
public final class OandaLive implements LiveVenue {
  static final URI PRACTICE_REST = URI.create("https://api-fxpractice.oanda.com");
  static final URI PRACTICE_STREAM = URI.create("https://stream-fxpractice.oanda.com");
  static final URI LIVE_REST = URI.create("https://api-fxtrade.oanda.com");
  static final URI LIVE_STREAM = URI.create("https://stream-fxtrade.oanda.com");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private final String account;
  private final String token;
  private final URI rest;
  private final URI stream;
  private final Duration timeout;
  private final Duration heartbeatTimeout;
  private final HttpClient http;

  /** @param feed practice or live (the hosts when {@code rest}/{@code stream} are null) */
  public OandaLive(String feed, String account, String token, URI rest, URI stream, Duration timeout) {
    boolean live = "live".equals(feed);
    this.account = account;
    this.token = token;
    this.rest = rest != null ? rest : live ? LIVE_REST : PRACTICE_REST;
    this.stream = stream != null ? stream : live ? LIVE_STREAM : PRACTICE_STREAM;
    this.timeout = timeout;
    this.heartbeatTimeout = Duration.ofSeconds(20); // OANDA sends a heartbeat every 5 s
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Connection open(String instrument, Sink sink) {
    AutoCloseable c = OandaPricing.open(stream, account, token, instrument, timeout, heartbeatTimeout, sink::connected,
        m -> {
          Trade t = mid(m, instrument);
          if (t != null) {
            sink.quote(t.at(), new BigDecimal(m.path("bids").get(0).path("price").asText()),
                new BigDecimal(m.path("asks").get(0).path("price").asText()));
            sink.trade(t);
          }
        }, sink::dropped);
    return () -> {
      try {
        c.close();
      } catch (Exception e) {
        // closing is quiet
      }
    };
  }

  /** A PRICE of {@code instrument} as a tick at its mid price; null for anything else (HEARTBEAT, no book). */
  static Trade mid(JsonNode m, String instrument) {
    if (!"PRICE".equals(m.path("type").asText()) || !instrument.equals(m.path("instrument").asText())) return null;
    JsonNode bids = m.path("bids");
    JsonNode asks = m.path("asks");
    if (!bids.isArray() || bids.isEmpty() || !asks.isArray() || asks.isEmpty()) return null;
    try {
      BigDecimal mid = new BigDecimal(bids.get(0).path("price").asText()).add(new BigDecimal(asks.get(0).path("price")
          .asText())).divide(TWO);
      return new Trade(time(m.path("time").asText()), mid, BigDecimal.ONE);
    } catch (RuntimeException unusable) {
      return null;
    }
  }

  @Override
  public List<Bar> history(String instrument, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException {
    URI uri = URI.create(rest + "/v3/instruments/" + URLEncoder.encode(instrument, StandardCharsets.UTF_8)
        + "/candles?price=M&granularity=" + granularity(bar) + "&from=" + gap.from() + "&to=" + gap.to()
        + "&dailyAlignment=0&alignmentTimezone=UTC");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("Authorization", "Bearer " + token).header("Accept-Datetime-Format", "RFC3339").build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
    var bars = new ArrayList<Bar>();
    for (JsonNode c : JSON.readTree(r.body()).path("candles")) {
      if (!c.path("complete").asBoolean(false)) continue;
      JsonNode mid = c.path("mid");
      Instant start = time(c.path("time").asText());
      bars.add(new Bar(instrument, start.plus(bar), bar, new BigDecimal(mid.path("o").asText()),
          new BigDecimal(mid.path("h").asText()), new BigDecimal(mid.path("l").asText()),
          new BigDecimal(mid.path("c").asText()), new BigDecimal(c.path("volume").asText())));
    }
    return bars;
  }

  /** OANDA's granularity of a bar length ({@code MarketDataSource.OANDA_BARS} allows only these). */
  static String granularity(Duration bar) {
    long s = bar.getSeconds();
    if (s < 60) return "S" + s;
    if (s < 3600) return "M" + s / 60;
    if (s < 86_400) return "H" + s / 3600;
    return "D";
  }

  private static Instant time(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant();
  }
}
