package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import info.bitrich.xchangestream.core.ProductSubscription;
import info.bitrich.xchangestream.core.StreamingExchange;
import info.bitrich.xchangestream.core.StreamingExchangeFactory;
import info.bitrich.xchangestream.core.StreamingMarketDataService;
import info.bitrich.xchangestream.kraken.KrakenStreamingExchange;
import info.bitrich.xchangestream.kraken.KrakenStreamingMarketDataService;
import info.bitrich.xchangestream.kraken.KrakenStreamingService;
import info.bitrich.xchangestream.service.netty.ConnectionStateModel;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Observable;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.currency.CurrencyPair;

/**
 * Kraken spot's public market data. Trades: XChange's Kraken stream (5.2.0, WebSocket v1 {@code trade} channel, as
 * docs.kraken.com/api/docs/websocket-v1/trade; its own reconnect off). History: {@code GET /0/public/Trades?pair=&since=}
 * (docs.kraken.com/api/docs/rest-api/get-recent-trades: {@code result.<PAIR> = [[price, volume, time, side, type,
 * misc, trade_id]], result.last} the cursor of the next page), built into bars by {@link TradeBars} exactly as the
 * stream's trades are. Trades, not OHLC: Kraken's OHLC has no interval under a minute and keeps only its last 720.
 */
public final class KrakenLive implements LiveVenue {
  static final URI PUBLIC_REST = URI.create("https://api.kraken.com");
  private static final String STREAM_URI = "Dorado_Stream_Uri";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Pages of 1000 trades one gap may take (Kraken's public limit is about one call a second). */
  static final int MAX_PAGES = 60;

  private final URI rest;
  private final String stream;
  private final Duration timeout;
  private final HttpClient http;

  /** @param rest REST base (null: api.kraken.com); @param stream WebSocket URI (null: XChange's wss://ws.kraken.com) */
  public KrakenLive(URI rest, String stream, Duration timeout) {
    this.rest = rest == null ? PUBLIC_REST : rest;
    this.stream = stream;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * XChange's Kraken stream with its public URI replaceable: 5.2.0 picks it with a static method inside
   * {@code initServices}, so with an override this builds its own public service and answers with it.
   */
  public static class Streaming extends KrakenStreamingExchange {
    private KrakenStreamingService service;
    private KrakenStreamingMarketDataService market;

    @Override
    protected void initServices() {
      super.initServices();
      Object uri = getExchangeSpecification().getExchangeSpecificParametersItem(STREAM_URI);
      if (uri != null) {
        service = new KrakenStreamingService(this, false, uri.toString(), () -> null);
        applyStreamingSpecification(getExchangeSpecification(), service);
        market = new KrakenStreamingMarketDataService(service, false);
      }
    }

    @Override
    public Completable connect(ProductSubscription... args) {
      return service == null ? super.connect(args) : service.connect();
    }

    @Override
    public Completable disconnect() {
      return service == null ? super.disconnect() : service.disconnect();
    }

    @Override
    public boolean isAlive() {
      return service == null ? super.isAlive() : service.isSocketOpen();
    }

    @Override
    public Observable<ConnectionStateModel.State> connectionStateObservable() {
      return service == null ? super.connectionStateObservable() : service.subscribeConnectionState();
    }

    @Override
    public Observable<Object> disconnectObservable() {
      return service == null ? super.disconnectObservable() : service.subscribeDisconnect();
    }

    @Override
    public StreamingMarketDataService getStreamingMarketDataService() {
      return market == null ? super.getStreamingMarketDataService() : market;
    }
  }

  static CurrencyPair pair(String symbol) {
    String[] parts = symbol.toUpperCase().split("/");
    return new CurrencyPair(parts[0], parts[1]);
  }

  @Override
  public Connection open(String symbol, Sink sink) {
    var spec = new ExchangeSpecification(Streaming.class);
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(StreamingExchange.AUTO_RECONNECT, false);
    if (stream != null) spec.setExchangeSpecificParametersItem(STREAM_URI, stream);
    StreamingExchange exchange = StreamingExchangeFactory.INSTANCE.createExchange(spec);
    CurrencyPair pair = pair(symbol);
    return BinanceLive.XChangeStream.open(exchange, sink, ProductSubscription.create().addTrades(pair).build(), timeout,
        () -> exchange.getStreamingMarketDataService().getTrades(pair));
  }

  @Override
  public List<Bar> history(String symbol, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException {
    String pair = symbol.toUpperCase().replace("/", "");
    var trades = new ArrayList<Trade>();
    Instant complete = gap.to(); // trades are whole up to here
    long since = gap.from().getEpochSecond() * 1_000_000_000L + gap.from().getNano();
    for (int page = 0; ; page++) {
      if (page == MAX_PAGES) { // a long gap on a busy pair: keep the bars all of whose trades were read
        complete = trades.isEmpty() ? gap.from() : trades.get(trades.size() - 1).at();
        break;
      }
      URI uri = URI.create(rest + "/0/public/Trades?pair=" + URLEncoder.encode(pair, StandardCharsets.UTF_8)
          + "&since=" + since + "&count=1000");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode());
      JsonNode root = JSON.readTree(r.body());
      JsonNode errors = root.path("error");
      if (errors.isArray() && !errors.isEmpty()) throw new IOException("Trades: " + errors);
      JsonNode result = root.path("result");
      JsonNode rows = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
        var e = it.next();
        if (!e.getKey().equals("last")) rows = e.getValue();
      }
      if (rows == null || rows.isEmpty()) break;
      Instant newest = null;
      for (JsonNode t : rows) {
        Instant at = seconds(t.get(2).asText());
        newest = at;
        if (!at.isBefore(gap.from()) && at.isBefore(gap.to())) {
          trades.add(new Trade(at, new BigDecimal(t.get(0).asText()), new BigDecimal(t.get(1).asText())));
        }
      }
      long next = Long.parseLong(result.path("last").asText("0"));
      if (!newest.isBefore(gap.to()) || next <= since) break;
      since = next;
    }
    Instant cut = complete;
    return TradeBars.aggregate(trades, symbol, bar).stream().filter(b -> !b.end().isAfter(cut)).toList();
  }

  /** Kraken's "1688669597.8277369" (seconds, fraction) as an instant, to the microsecond. */
  static Instant seconds(String text) {
    BigDecimal s = new BigDecimal(text);
    long whole = s.longValue();
    long nanos = s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
    return Instant.ofEpochSecond(whole, nanos / 1000 * 1000);
  }
}
