package io.dorado.actors.strategy.marketdata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Alpaca's market data on 127.0.0.1, from its published docs (docs.alpaca.markets "Real-time Stock Data" / "Real-time
 * Crypto Data" and "Historical Trades"; the shapes as alpaca-py reads them):
 * <ul>
 *   <li>WebSocket (any path): greets {@code [{"T":"success","msg":"connected"}]}; {@code {"action":"auth","key","secret"}}
 *       answers {@code [{"T":"success","msg":"authenticated"}]} or {@code [{"T":"error","code":402,"msg":"auth failed"}]};
 *       {@code {"action":"subscribe","trades":[..]}} answers {@code [{"T":"subscription","trades":[..]}]}; then trades
 *       {@code [{"T":"t","S","i","x","p","s","t","c","z"}]} (crypto: {@code "tks"} instead of x/c/z).
 *   <li>REST: {@code GET /v2/stocks/{symbol}/trades?start&end&limit&feed&page_token} answering
 *       {@code {"trades":[{"t","x","p","s","c","i","z"}],"symbol","next_page_token"}}, and {@code GET
 *       /v1beta3/crypto/us/trades?symbols&start&end&limit&page_token} answering {@code {"trades":{"BTC/USD":[..]},
 *       "next_page_token"}}; start and end inclusive, RFC 3339; {@code APCA-API-KEY-ID}/{@code APCA-API-SECRET-KEY}
 *       required (else 401). This fake pages by {@value #PAGE} trades whatever the limit, so paging is exercised.
 * </ul>
 * Every trade goes onto the tape with the fake's wall-clock time; {@link #drop} cuts the stream until {@link #reopen}.
 */
final class FakeAlpacaMarket implements AutoCloseable {
  static final int PAGE = 25;
  final String symbol;
  private final boolean crypto;
  private final String key;
  private final String secret;
  private final FakeMarketSocket socket;
  private final HttpServer http;
  private final List<Trade> tape = new CopyOnWriteArrayList<>();
  private final Map<FakeMarketSocket.Conn, Boolean> subscribed = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicInteger tradeRequests = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private long tradeId = 1000;

  FakeAlpacaMarket(String symbol, String key, String secret) throws Exception {
    this.symbol = symbol;
    this.crypto = symbol.contains("/");
    this.key = key;
    this.secret = secret;
    socket = new FakeMarketSocket(c -> c.send("[{\"T\":\"success\",\"msg\":\"connected\"}]"), this::onText);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::serve);
    http.start();
  }

  URI restUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  String streamUri() {
    return "ws://127.0.0.1:" + socket.port() + (crypto ? "/v1beta3/crypto/us" : "/v2/iex");
  }

  private void onText(FakeMarketSocket.Conn c, String text) {
    var m = text.replace(" ", "");
    if (m.contains("\"action\":\"auth\"")) {
      if (m.contains("\"key\":\"" + key + "\"") && m.contains("\"secret\":\"" + secret + "\"")) {
        c.send("[{\"T\":\"success\",\"msg\":\"authenticated\"}]");
      } else {
        c.send("[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]");
      }
    } else if (m.contains("\"action\":\"subscribe\"") && m.contains("\"trades\":[\"" + symbol + "\"]")) {
      subscribed.put(c, true);
      c.send("[{\"T\":\"subscription\",\"trades\":[\"" + symbol + "\"],\"quotes\":[],\"bars\":[]}]");
    }
  }

  /** A trade now: onto the tape, and to every connection subscribed to the symbol's trades. */
  synchronized Trade trade(String price, String size) {
    Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
    Trade t = new Trade(at, new BigDecimal(price), new BigDecimal(size));
    tape.add(t);
    String event = "[" + json(t, ++tradeId, true) + "]";
    for (FakeMarketSocket.Conn c : socket.connections()) {
      if (subscribed.containsKey(c)) c.send(event);
    }
    return t;
  }

  private String json(Trade t, long id, boolean stream) {
    String head = stream ? "{\"T\":\"t\",\"S\":\"" + symbol + "\"," : "{";
    String tail = crypto ? ",\"tks\":\"B\"}" : ",\"x\":\"V\",\"c\":[\"@\"],\"z\":\"C\"}";
    return head + "\"i\":" + id + ",\"p\":" + t.price().toPlainString() + ",\"s\":" + t.amount().toPlainString()
        + ",\"t\":\"" + t.at() + "\"" + tail;
  }

  List<Trade> tape() {
    return List.copyOf(tape);
  }

  void drop() {
    subscribed.clear();
    socket.drop();
  }

  void reopen() {
    socket.reopen();
  }

  int handshakes() {
    return socket.handshakes();
  }

  int tradeRequests() {
    return tradeRequests.get();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      requests.add(ex.getRequestMethod() + " " + uri);
      Map<String, String> q = new HashMap<>();
      for (String kv : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      String path = uri.getPath();
      boolean stocks = path.equals("/v2/stocks/" + symbol + "/trades");
      boolean cryptoTrades = path.equals("/v1beta3/crypto/us/trades") && symbol.equals(q.get("symbols"));
      if (!(crypto ? cryptoTrades : stocks)) {
        answer(ex, 404, "{\"message\":\"not found\"}");
        return;
      }
      if (!key.equals(ex.getRequestHeaders().getFirst("APCA-API-KEY-ID"))
          || !secret.equals(ex.getRequestHeaders().getFirst("APCA-API-SECRET-KEY"))) {
        answer(ex, 401, "{\"message\":\"unauthorized.\"}");
        return;
      }
      tradeRequests.incrementAndGet();
      Instant start = Instant.parse(q.get("start"));
      Instant end = Instant.parse(q.get("end"));
      int from = Integer.parseInt(q.getOrDefault("page_token", "0"));
      var in = tape().stream().filter(t -> !t.at().isBefore(start) && !t.at().isAfter(end)).toList();
      var out = new StringBuilder();
      for (int i = from; i < Math.min(in.size(), from + PAGE); i++) {
        if (i > from) out.append(',');
        out.append(json(in.get(i), 1 + i, false));
      }
      String next = from + PAGE < in.size() ? "\"" + (from + PAGE) + "\"" : "null";
      answer(ex, 200, crypto
          ? "{\"trades\":{\"" + symbol + "\":[" + out + "]},\"next_page_token\":" + next + "}"
          : "{\"trades\":[" + out + "],\"symbol\":\"" + symbol + "\",\"next_page_token\":" + next + "}");
    }
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
