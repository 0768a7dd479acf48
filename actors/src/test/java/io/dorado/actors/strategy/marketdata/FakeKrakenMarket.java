package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kraken spot's public market data on 127.0.0.1, built from Kraken's published API documentation:
 * <ul>
 *   <li>WebSocket v1 (docs.kraken.com/api/docs/websocket-v1/trade): a {@code systemStatus} event on connect; the
 *       request {@code {"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"trade"}}} answered by a
 *       {@code subscriptionStatus} event ({@code channelID}, {@code channelName}, {@code pair}, {@code status}
 *       "subscribed", {@code subscription}, {@code reqid} echoed); then trades as
 *       {@code [channelID, [["price","volume","time","side","orderType","misc"]], "trade", "XBT/USD"]}, time as
 *       seconds since the epoch with microseconds ({@code "1534614057.321597"}).
 *   <li>REST (docs.kraken.com/api/docs/rest-api/get-recent-trades): {@code GET /0/public/Trades?pair=XBTUSD&since=}
 *       answering {@code {"error":[],"result":{"XXBTZUSD":[["price","volume",time,"b|s","m|l","",trade_id]],
 *       "last":"<ns>"}}}, trades after {@code since} (nanoseconds, exclusive), {@code last} the cursor of the next
 *       page. Pages are {@code pageSize} trades (Kraken's are 1000; smaller here so a gap takes several).
 * </ul>
 * {@link #drop} cuts the stream (trades go on onto the tape) until {@link #reopen}.
 */
final class FakeKrakenMarket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHANNEL_ID = 337;
  final String wsPair; // XBT/USD
  private final String restPair; // XBTUSD
  private final String resultKey; // XXBTZUSD
  private final int pageSize;
  private final FakeMarketSocket socket;
  private final HttpServer http;
  private final Set<FakeMarketSocket.Conn> subscribed = ConcurrentHashMap.newKeySet();
  private final List<Trade> tape = new CopyOnWriteArrayList<>();
  private final AtomicInteger tradeRequests = new AtomicInteger();
  private long tradeId = 61_044_952;

  FakeKrakenMarket(String wsPair, String resultKey, int pageSize) throws Exception {
    this.wsPair = wsPair;
    this.restPair = wsPair.replace("/", "");
    this.resultKey = resultKey;
    this.pageSize = pageSize;
    socket = new FakeMarketSocket(
        c -> c.send("{\"connectionID\":8628615390848610000,\"event\":\"systemStatus\",\"status\":\"online\",\"version\":\"1.9.0\"}"),
        this::onText);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::serve);
    http.start();
  }

  URI restUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  String streamUri() {
    return "ws://127.0.0.1:" + socket.port();
  }

  private void onText(FakeMarketSocket.Conn c, String text) {
    try {
      JsonNode m = JSON.readTree(text);
      String event = m.path("event").asText();
      if (event.equals("ping")) {
        c.send("{\"event\":\"pong\"" + (m.has("reqid") ? ",\"reqid\":" + m.get("reqid") : "") + "}");
        return;
      }
      if (!event.equals("subscribe")) return;
      String name = m.path("subscription").path("name").asText();
      for (JsonNode p : m.path("pair")) {
        String reqid = m.has("reqid") ? "\"reqid\":" + m.get("reqid") + "," : "";
        if (name.equals("trade") && p.asText().equals(wsPair)) {
          c.send("{\"channelID\":" + CHANNEL_ID + ",\"channelName\":\"trade\",\"event\":\"subscriptionStatus\",\"pair\":\""
              + wsPair + "\"," + reqid + "\"status\":\"subscribed\",\"subscription\":{\"name\":\"trade\"}}");
          subscribed.add(c);
        } else {
          c.send("{\"errorMessage\":\"Currency pair not supported\",\"event\":\"subscriptionStatus\",\"pair\":\""
              + p.asText() + "\"," + reqid + "\"status\":\"error\",\"subscription\":{\"name\":\"" + name + "\"}}");
        }
      }
    } catch (IOException e) {
      c.send("{\"event\":\"error\",\"errorMessage\":\"Malformed request\"}");
    }
  }

  /** A trade now, onto the tape and to every subscribed stream. */
  synchronized Trade trade(String price, String volume) {
    long micros = Math.max(System.currentTimeMillis() * 1000, tape.isEmpty() ? 0 : micros(tape.get(tape.size() - 1).at()) + 1);
    Instant at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
    Trade t = new Trade(at, new BigDecimal(price), new BigDecimal(volume));
    tape.add(t);
    String msg = "[" + CHANNEL_ID + ",[[\"" + price + "\",\"" + volume + "\",\"" + seconds(at) + "\",\"b\",\"m\",\"\"]],\"trade\",\""
        + wsPair + "\"]";
    subscribed.removeIf(c -> !c.channel().isActive());
    for (FakeMarketSocket.Conn c : subscribed) c.send(msg);
    return t;
  }

  List<Trade> tape() {
    return List.copyOf(tape);
  }

  void drop() {
    socket.drop();
    subscribed.clear();
  }

  void reopen() {
    socket.reopen();
  }

  int tradeRequests() {
    return tradeRequests.get();
  }

  int handshakes() {
    return socket.handshakes();
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      if (!uri.getPath().equals("/0/public/Trades")) {
        answer(ex, "{\"error\":[\"EGeneral:Unknown method\"]}");
        return;
      }
      tradeRequests.incrementAndGet();
      Map<String, String> q = new HashMap<>();
      for (String kv : uri.getRawQuery().split("&")) {
        int eq = kv.indexOf('=');
        q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
      if (!restPair.equals(q.get("pair"))) {
        answer(ex, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
        return;
      }
      long since = Long.parseLong(q.getOrDefault("since", "0"));
      int count = Math.min(pageSize, Integer.parseInt(q.getOrDefault("count", "1000")));
      var rows = new StringBuilder("[");
      long last = since;
      int n = 0;
      long id = 0;
      for (Trade t : tape()) {
        id++;
        long ns = micros(t.at()) * 1000;
        if (ns <= since || n >= count) continue;
        if (n++ > 0) rows.append(',');
        rows.append("[\"").append(t.price().toPlainString()).append("\",\"").append(t.amount().toPlainString())
            .append("\",").append(seconds(t.at())).append(",\"b\",\"m\",\"\",").append(tradeId + id).append(']');
        last = ns;
      }
      answer(ex, "{\"error\":[],\"result\":{\"" + resultKey + "\":" + rows.append(']') + ",\"last\":\"" + last + "\"}}");
    }
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
  }

  private static String seconds(Instant at) {
    return BigDecimal.valueOf(micros(at), 6).toPlainString();
  }

  private static void answer(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
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
