package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import info.bitrich.xchangestream.binance.BinanceStreamingExchange;
import info.bitrich.xchangestream.binance.BinanceStreamingService;
import info.bitrich.xchangestream.binance.KlineSubscription;
import io.reactivex.rxjava3.core.Observable;
import info.bitrich.xchangestream.core.ProductSubscription;
import info.bitrich.xchangestream.core.StreamingExchange;
import info.bitrich.xchangestream.core.StreamingExchangeFactory;
import info.bitrich.xchangestream.service.netty.ConnectionStateModel;
import io.dorado.protocol.market.Bar;
import io.reactivex.rxjava3.disposables.CompositeDisposable;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceAdapters;
import org.knowm.xchange.currency.CurrencyPair;

/**
 * Binance spot's public market data. Trades: XChange's {@code BinanceStreamingExchange} (5.2.0) on the combined
 * stream {@code <base>stream?streams=<symbol>@trade} (web-socket-streams.md "Trade Streams"; its own reconnect is off:
 * {@link LiveFeedActor} reconnects and back-fills). History: {@code GET /api/v3/klines} (rest-api.md
 * "Kline/Candlestick data": {@code [openTime, open, high, low, close, volume, closeTime, ...]}, at most 1000).
 */
public final class BinanceLive implements LiveVenue {
  static final URI PUBLIC_REST = URI.create("https://api.binance.com");
  private static final String STREAM_URI = "Dorado_Stream_Uri";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Quote assets a Binance symbol ends with, longest first (XChange wants the pair split; the stream name is the two joined). */
  private static final List<String> QUOTES = List.of("FDUSD", "USDT", "USDC", "TUSD", "BUSD", "EUR", "TRY", "BRL", "GBP",
      "JPY", "BTC", "ETH", "BNB", "DAI");

  private final URI rest;
  private final String stream;
  private final Duration timeout;
  private final HttpClient http;

  /** @param rest REST base (null: api.binance.com); @param stream WebSocket base ending in '/' (null: XChange's) */
  public BinanceLive(URI rest, String stream, Duration timeout) {
    this.rest = rest == null ? PUBLIC_REST : rest;
    this.stream = stream == null ? null : stream.endsWith("/") ? stream : stream + "/";
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * XChange's Binance stream with its hard-coded base URI replaceable (for a fake on 127.0.0.1), and its drops
   * observable (5.2.0's Binance exchange does not expose {@code disconnectObservable}; with its reconnect off, the
   * connection state never turns CLOSED on a drop).
   */
  public static class Streaming extends BinanceStreamingExchange {
    private volatile BinanceStreamingService service;

    @Override
    protected String getStreamingBaseUri() {
      Object uri = getExchangeSpecification().getExchangeSpecificParametersItem(STREAM_URI);
      return uri == null ? super.getStreamingBaseUri() : uri.toString();
    }

    @Override
    protected BinanceStreamingService createStreamingService(ProductSubscription products, KlineSubscription klines) {
      service = super.createStreamingService(products, klines);
      return service;
    }

    @Override
    public Observable<Object> disconnectObservable() {
      return service.subscribeDisconnect();
    }
  }

  static CurrencyPair pair(String symbol) {
    String s = symbol.toUpperCase();
    for (String q : QUOTES) {
      if (s.endsWith(q) && s.length() > q.length()) return new CurrencyPair(s.substring(0, s.length() - q.length()), q);
    }
    return new CurrencyPair(s.substring(0, s.length() / 2), s.substring(s.length() / 2));
  }

  @Override
  public Connection open(String symbol, Sink sink) {
    var spec = new ExchangeSpecification(Streaming.class);
    spec.setShouldLoadRemoteMetaData(false);
    spec.setExchangeSpecificParametersItem(StreamingExchange.AUTO_RECONNECT, false);
    if (stream != null) spec.setExchangeSpecificParametersItem(STREAM_URI, stream);
    StreamingExchange exchange = StreamingExchangeFactory.INSTANCE.createExchange(spec);
    CurrencyPair pair = pair(symbol);
    // XChange maps stream symbols back to pairs through exchangeInfo, which this does not load: tell it the one we use
    BinanceAdapters.putSymbolMapping(symbol.toUpperCase(), pair);
    return XChangeStream.open(exchange, sink, ProductSubscription.create().addTrades(pair).build(), timeout,
        () -> exchange.getStreamingMarketDataService().getTrades(pair));
  }

  @Override
  public List<Bar> history(String symbol, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException {
    String query = "symbol=" + URLEncoder.encode(symbol.toUpperCase(), StandardCharsets.UTF_8) + "&interval=" + interval(bar)
        + "&startTime=" + gap.from().toEpochMilli() + "&endTime=" + (gap.to().toEpochMilli() - 1) + "&limit=1000";
    URI uri = URI.create(rest + "/api/v3/klines?" + query);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
    JsonNode root = JSON.readTree(r.body());
    if (!root.isArray()) throw new IOException("klines: expected an array, got " + r.body());
    var bars = new ArrayList<Bar>();
    for (JsonNode k : root) {
      Instant open = Instant.ofEpochMilli(k.get(0).asLong());
      bars.add(new Bar(symbol, open.plus(bar), bar, dec(k.get(1)), dec(k.get(2)), dec(k.get(3)), dec(k.get(4)), dec(k.get(5))));
    }
    return bars;
  }

  /** Binance's interval name of a bar length ({@code MarketDataSource} allows only these). */
  static String interval(Duration bar) {
    long s = bar.getSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m";
    if (s < 86_400) return s / 3600 + "h";
    if (s < 7 * 86_400) return s / 86_400 + "d";
    return s / (7 * 86_400) + "w";
  }

  private static BigDecimal dec(JsonNode n) {
    return new BigDecimal(n.asText());
  }

  /** Opens an XChange stream and reports it to a sink, once: connected, trades, then at most one drop. */
  static final class XChangeStream implements Connection {
    private final StreamingExchange exchange;
    private final CompositeDisposable subscriptions = new CompositeDisposable();
    private final AtomicBoolean over = new AtomicBoolean();

    private XChangeStream(StreamingExchange exchange) {
      this.exchange = exchange;
    }

    /** @param timeout how long the connection and subscription may take (XChange's never fails if refused mid-handshake) */
    static XChangeStream open(StreamingExchange exchange, Sink sink, ProductSubscription products, Duration timeout,
        java.util.function.Supplier<io.reactivex.rxjava3.core.Observable<org.knowm.xchange.dto.marketdata.Trade>> trades) {
      var c = new XChangeStream(exchange);
      c.subscriptions.add(exchange.connect(products).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).subscribe(() -> {
        if (c.over.get()) return;
        sink.connected(); // before the trades are subscribed: every trade the sink sees comes after it
        c.subscriptions.add(exchange.disconnectObservable()
            .mergeWith(exchange.connectionStateObservable().filter(s -> s == ConnectionStateModel.State.CLOSED))
            .subscribe(s -> c.drop(sink, "the stream closed"), e -> c.drop(sink, LiveVenue.describe(e))));
        c.subscriptions.add(trades.get().subscribe(
            t -> {
              if (!c.over.get()) {
                sink.trade(new Ta4jHistory.Trade(t.getTimestamp().toInstant(), t.getPrice(), t.getOriginalAmount()));
              }
            },
            e -> c.drop(sink, LiveVenue.describe(e))));
      }, e -> c.drop(sink, LiveVenue.describe(e))));
      return c;
    }

    private void drop(Sink sink, String reason) {
      if (over.compareAndSet(false, true)) {
        shut();
        sink.dropped(reason);
      }
    }

    @Override
    public void close() {
      if (over.compareAndSet(false, true)) shut();
    }

    private void shut() {
      subscriptions.dispose();
      try {
        exchange.disconnect().onErrorComplete().subscribe();
      } catch (RuntimeException e) {
        // not connected: nothing to close
      }
    }
  }
}
