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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OANDA's v20 prices on 127.0.0.1, from developer.oanda.com (pricing-ep "Price Stream", instrument-ep "Get
 * Candlesticks"; shapes as FakeOanda and the v20 library's {@code ClientPrice}/{@code Candlestick}):
 * <ul>
 *   <li>{@code GET /v3/accounts/{id}/pricing/stream?instruments=EUR_USD} (Bearer token, else 401): a chunked answer of
 *       lines {@code {"type":"PRICE","time","bids":[{"price","liquidity"}],"asks":[..],"closeoutBid","closeoutAsk",
 *       "status":"tradeable","tradeable":true,"instrument"}} and {@code {"type":"HEARTBEAT","time"}} every second.
 *   <li>{@code GET /v3/instruments/{instrument}/candles?price=M&granularity&from&to} answering
 *       {@code {"instrument","granularity","candles":[{"complete","volume","time","mid":{"o","h","l","c"}}]}}: candles
 *       by start time in [from, to), volume = the prices in it, complete when its end has passed; only candles with a
 *       price (as OANDA).
 * </ul>
 * Every price goes onto the tape as its mid tick (the mid, amount 1); {@link #drop} ends every stream (the chunked
 * answer is finished) and answers 503 to new ones until {@link #reopen}.
 */
final class FakeOandaMarket implements AutoCloseable {
  final String instrument;
  private final String account;
  private final String token;
  private final HttpServer http;
  private final List<Trade> tape = new CopyOnWriteArrayList<>();
  private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
  private final AtomicInteger candleRequests = new AtomicInteger();
  private final AtomicInteger connects = new AtomicInteger();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private volatile boolean down;

  FakeOandaMarket(String instrument, String account, String token) throws Exception {
    this.instrument = instrument;
    this.account = account;
    this.token = token;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::serve);
    http.setExecutor(Executors.newCachedThreadPool());
    http.start();
    heartbeats.scheduleAtFixedRate(() -> send("{\"type\":\"HEARTBEAT\",\"time\":\"" + Instant.now() + "\"}"), 1, 1,
        TimeUnit.SECONDS);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** A price now, {@code bid} and {@code ask} around {@code price}: to the streams, and its mid onto the tape. */
  synchronized Trade price(String price, String unused) {
    BigDecimal p = new BigDecimal(price);
    BigDecimal bid = p.subtract(new BigDecimal("0.01"));
    BigDecimal ask = p.add(new BigDecimal("0.02"));
    Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
    Trade t = new Trade(at, bid.add(ask).divide(BigDecimal.valueOf(2)), BigDecimal.ONE);
    tape.add(t);
    send("{\"type\":\"PRICE\",\"time\":\"" + at + "\",\"bids\":[{\"price\":\"" + bid.toPlainString()
        + "\",\"liquidity\":10000000}],\"asks\":[{\"price\":\"" + ask.toPlainString() + "\",\"liquidity\":10000000}],"
        + "\"closeoutBid\":\"" + bid.toPlainString() + "\",\"closeoutAsk\":\"" + ask.toPlainString()
        + "\",\"status\":\"tradeable\",\"tradeable\":true,\"instrument\":\"" + instrument + "\"}");
    return t;
  }

  private synchronized void send(String line) {
    for (OutputStream o : streams) {
      try {
        o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        o.flush();
      } catch (IOException gone) {
        streams.remove(o);
      }
    }
  }

  List<Trade> tape() {
    return List.copyOf(tape);
  }

  /** Every stream ended, new ones answered 503 until {@link #reopen}. */
  synchronized void drop() {
    down = true;
    for (OutputStream o : streams) {
      try {
        o.close();
      } catch (IOException ignored) {
        // gone already
      }
    }
    streams.clear();
  }

  void reopen() {
    down = false;
  }

  int connects() {
    return connects.get();
  }

  int candleRequests() {
    return candleRequests.get();
  }

  private void serve(HttpExchange ex) throws IOException {
    URI uri = ex.getRequestURI();
    Map<String, String> q = new HashMap<>();
    for (String kv : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      answer(ex, 401, "{\"errorMessage\":\"Insufficient authorization to perform request.\"}");
      return;
    }
    String path = uri.getPath();
    if (path.equals("/v3/accounts/" + account + "/pricing/stream") && instrument.equals(q.get("instruments"))) {
      if (down) {
        answer(ex, 503, "{\"errorMessage\":\"Service unavailable\"}");
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, 0); // chunked, endless
      connects.incrementAndGet();
      synchronized (this) {
        streams.add(ex.getResponseBody());
      }
      return; // the exchange stays open; drop() or close() ends it
    }
    if (path.equals("/v3/instruments/" + instrument + "/candles") && "M".equals(q.get("price"))) {
      candleRequests.incrementAndGet();
      Duration g = granularity(q.get("granularity"));
      Instant from = Instant.parse(q.get("from"));
      Instant to = Instant.parse(q.get("to"));
      Instant now = Instant.now();
      var out = new StringBuilder();
      for (Bar b : TradeBars.aggregate(tape(), instrument, g)) {
        if (b.start().isBefore(from) || !b.start().isBefore(to)) continue;
        if (out.length() > 0) out.append(',');
        out.append("{\"complete\":").append(!b.end().isAfter(now)).append(",\"volume\":").append(b.volume().toPlainString())
            .append(",\"time\":\"").append(b.start()).append("\",\"mid\":{\"o\":\"").append(b.open().toPlainString())
            .append("\",\"h\":\"").append(b.high().toPlainString()).append("\",\"l\":\"").append(b.low().toPlainString())
            .append("\",\"c\":\"").append(b.close().toPlainString()).append("\"}}");
      }
      answer(ex, 200, "{\"instrument\":\"" + instrument + "\",\"granularity\":\"" + q.get("granularity")
          + "\",\"candles\":[" + out + "]}");
      return;
    }
    answer(ex, 404, "{\"errorMessage\":\"not found in the fake\"}");
  }

  private static Duration granularity(String g) {
    long n = Long.parseLong(g.substring(1).isEmpty() ? "1" : g.substring(1));
    return switch (g.charAt(0)) {
      case 'S' -> Duration.ofSeconds(n);
      case 'M' -> Duration.ofMinutes(n);
      case 'H' -> Duration.ofHours(n);
      case 'D' -> Duration.ofDays(1);
      default -> throw new IllegalArgumentException("granularity " + g);
    };
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    drop();
    http.stop(0);
  }
}
