package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.alpaca.AlpacaMarketDataStream;
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
 * Alpaca's market data (docs.alpaca.markets "Real-time Stock/Crypto Data", "Historical ... Trades"). Stream: the
 * adapter's {@link AlpacaMarketDataStream} in its one-connection {@link AlpacaMarketDataStream#trades trades} mode
 * ({@code wss://stream.data.alpaca.markets/v2/iex}, {@code /v2/sip} or {@code /v1beta3/crypto/us}; auth, then
 * {@code {"action":"subscribe","trades":[symbol]}}). History: the same trades over REST, {@code GET
 * /v2/stocks/{symbol}/trades?start&end&limit&feed&page_token} ({@code {"trades":[{"t","p","s",..}],"next_page_token"}})
 * or {@code GET /v1beta3/crypto/us/trades?symbols&start&end&limit&page_token} ({@code {"trades":{"BTC/USD":[..]},..}}).
 *
 * <p>Why trades and not the stream's minute bars: every bar, stream or back-filled, is then built by one rule
 * ({@link TradeBars}/{@link LiveBars}) from one kind of data, at any bar length (Alpaca's bars apply trade-condition
 * rules of their own and exist only for whole minutes, so a bar half from them and half from trades could differ).
 */
public final class AlpacaLive implements LiveVenue {
  static final URI PUBLIC_REST = URI.create("https://data.alpaca.markets");
  /** Pages of one gap's REST trades at most (10,000 trades a page); beyond, the bars whose trades were all read. */
  static final int MAX_PAGES = 50;
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final URI rest;
  private final URI stream;
  private final boolean crypto;
  private final String feed;
  private final VenueCredentials credentials;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param feed iex, sip or crypto; @param rest REST base (null: data.alpaca.markets); @param stream the whole stream URL
   *     (null: the feed's)
   */
  public AlpacaLive(String feed, VenueCredentials credentials, URI rest, URI stream, Duration timeout) {
    this.feed = feed;
    this.crypto = feed.equals("crypto");
    this.credentials = credentials;
    this.rest = rest == null ? PUBLIC_REST : URI.create(rest.toString().replaceAll("/+$", ""));
    this.stream = stream != null ? stream : switch (feed) {
      case "sip" -> AlpacaMarketDataStream.STOCKS_SIP;
      case "crypto" -> AlpacaMarketDataStream.CRYPTO_US;
      default -> AlpacaMarketDataStream.STOCKS_IEX;
    };
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Connection open(String symbol, Sink sink) {
    var s = AlpacaMarketDataStream.trades(stream, credentials, symbol, new AlpacaMarketDataStream.TradeEvents() {
      @Override
      public void subscribed() {
        sink.connected();
      }

      @Override
      public void trade(Instant at, BigDecimal price, BigDecimal size) {
        sink.trade(new Trade(at, price, size));
      }

      @Override
      public void down(String reason) {
        sink.dropped(reason);
      }
    }, timeout);
    s.start();
    return s::close;
  }

  @Override
  public List<Bar> history(String symbol, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException {
    var trades = new ArrayList<Trade>();
    Instant complete = gap.to();
    String token = null;
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) { // a long gap on a busy symbol: keep the bars all of whose trades were read
        complete = trades.isEmpty() ? gap.from() : trades.get(trades.size() - 1).at();
        break;
      }
      // end is inclusive at Alpaca: stop a nanosecond before the gap's end
      String query = "start=" + gap.from() + "&end=" + gap.to().minusNanos(1) + "&limit=10000"
          + (token == null ? "" : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      URI uri = URI.create(crypto
          ? rest + "/v1beta3/crypto/us/trades?symbols=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "&" + query
          : rest + "/v2/stocks/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "/trades?" + query + "&feed=" + feed);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET()
          .header("APCA-API-KEY-ID", credentials.apiKey()).header("APCA-API-SECRET-KEY", credentials.secret()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
      JsonNode root = JSON.readTree(r.body());
      JsonNode rows = crypto ? root.path("trades").path(symbol) : root.path("trades");
      for (JsonNode t : rows) {
        Instant at = OffsetDateTime.parse(t.path("t").asText()).toInstant();
        if (!at.isBefore(gap.from()) && at.isBefore(gap.to())) {
          trades.add(new Trade(at, t.path("p").decimalValue(), t.path("s").decimalValue()));
        }
      }
      JsonNode next = root.path("next_page_token");
      if (next.isNull() || next.isMissingNode() || next.asText().isEmpty()) break;
      token = next.asText();
    }
    Instant cut = complete;
    return TradeBars.aggregate(trades, symbol, bar).stream().filter(b -> !b.end().isAfter(cut)).toList();
  }
}
