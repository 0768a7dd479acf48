package io.dorado.actors.strategy.marketdata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binance spot's public market data on 127.0.0.1, built from Binance's published spot API documentation
 * (github.com/binance/binance-spot-api-docs; developers.binance.com/docs/binance-spot-api-docs):
 * <ul>
 *   <li>WebSocket: web-socket-streams.md "General WSS information" (combined streams at
 *       {@code /stream?streams=<a>/<b>}, events wrapped as {@code {"stream":"<name>","data":<payload>}}, symbols
 *       lower case) and "Trade Streams" ({@code <symbol>@trade}: {@code {"e":"trade","E":..,"s":"BNBBTC","t":12345,
 *       "p":"0.001","q":"100","T":..,"m":true,"M":true}}).
 *   <li>REST: rest-api.md "Kline/Candlestick data", {@code GET /api/v3/klines?symbol&interval&startTime&endTime&limit}
 *       answering {@code [[openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades,
 *       "takerBase", "takerQuote", "0"]]}, klines by open time, the one in progress included; only intervals with
 *       trades (the fake keeps no bars of its own).
 * </ul>
 * Every trade it prints goes onto its tape with the fake's wall-clock time; {@link #drop} cuts the stream (trades go
 * on onto the tape, as the market does while a client is away) until {@link #reopen}.
 */
final class FakeBinanceMarket implements AutoCloseable {
  final String symbol;
  private final FakeMarketSocket socket;
  private final HttpServer http;
  private final List<Trade> tape = new CopyOnWriteArrayList<>();
  private final AtomicInteger klineRequests = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private long tradeId = 1000;

  FakeBinanceMarket(String symbol) throws Exception {
    this.symbol = symbol;
    socket = new FakeMarketSocket(c -> {}, (c, text) -> {});
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::serve);
    http.start();
  }

  URI restUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** The base XChange appends {@code stream?streams=...} to. */
  String streamUri() {
    return "ws://127.0.0.1:" + socket.port() + "/";
  }

  /** A trade now: onto the tape, and to every stream subscribed to {@code <symbol>@trade}. */
  synchronized Trade trade(String price, String quantity) {
    Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
    Trade t = new Trade(at, new BigDecimal(price), new BigDecimal(quantity));
    tape.add(t);
    String stream = symbol.toLowerCase() + "@trade";
    String event = "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"trade\",\"E\":" + at.toEpochMilli() + ",\"s\":\"" + symbol
        + "\",\"t\":" + (++tradeId) + ",\"p\":\"" + price + "\",\"q\":\"" + quantity + "\",\"T\":" + at.toEpochMilli()
        + ",\"m\":false,\"M\":true}}";
    for (FakeMarketSocket.Conn c : socket.connections()) {
      if (c.uri().contains(stream)) c.send(event);
    }
    return t;
  }

  List<Trade> tape() {
    return List.copyOf(tape);
  }

  void drop() {
    socket.drop();
  }

  void reopen() {
    socket.reopen();
  }

  int handshakes() {
    return socket.handshakes();
  }

  int klineRequests() {
    return klineRequests.get();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      requests.add(ex.getRequestMethod() + " " + uri);
      if (!uri.getPath().equals("/api/v3/klines")) {
        answer(ex, 404, "{\"code\":-1000,\"msg\":\"no such endpoint in the fake\"}");
        return;
      }
      klineRequests.incrementAndGet();
      Map<String, String> q = new HashMap<>();
      for (String kv : uri.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      if (!symbol.equals(q.get("symbol"))) {
        answer(ex, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        return;
      }
      Duration interval = interval(q.get("interval"));
      long start = Long.parseLong(q.getOrDefault("startTime", "0"));
      long end = Long.parseLong(q.getOrDefault("endTime", String.valueOf(Long.MAX_VALUE)));
      int limit = Integer.parseInt(q.getOrDefault("limit", "500"));
      var out = new StringBuilder("[");
      int n = 0;
      for (Bar b : TradeBars.aggregate(tape(), symbol, interval)) {
        long open = b.start().toEpochMilli();
        if (open < start || open > end || n >= limit) continue;
        if (n++ > 0) out.append(',');
        out.append('[').append(open).append(",\"").append(b.open().toPlainString()).append("\",\"")
            .append(b.high().toPlainString()).append("\",\"").append(b.low().toPlainString()).append("\",\"")
            .append(b.close().toPlainString()).append("\",\"").append(b.volume().toPlainString()).append("\",")
            .append(b.end().toEpochMilli() - 1).append(",\"0\",1,\"0\",\"0\",\"0\"]");
      }
      answer(ex, 200, out.append(']').toString());
    }
  }

  private static Duration interval(String name) {
    long n = Long.parseLong(name.substring(0, name.length() - 1));
    return switch (name.charAt(name.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'w' -> Duration.ofDays(7 * n);
      default -> throw new IllegalArgumentException("interval " + name);
    };
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  @Override
  public void close() {
    socket.close();
    http.stop(0);
  }
}
