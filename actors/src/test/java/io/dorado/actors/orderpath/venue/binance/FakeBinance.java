package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local Binance spot account on 127.0.0.1, built from Binance's published spot API documentation
 * (github.com/binance/binance-spot-api-docs, fetched 2026-12; file and section named per endpoint below), for the
 * adapter's tests and the venue conformance kit. One symbol (BTCUSDT: base BTC, quote USDT by default).
 *
 * <p>REST (JDK HttpServer), every answer carrying {@code X-MBX-USED-WEIGHT-1M} (rest-api.md "IP Limits"), errors as
 * {@code {"code":..,"msg":..}} (rest-api.md "Error Codes", errors.md):
 * <ul>
 *   <li>{@code GET /api/v3/time}: rest-api.md "Check server time" (the fake's clock, skewable).
 *   <li>{@code GET /api/v3/exchangeInfo}: rest-api.md "Exchange information", filters as filters.md "PRICE_FILTER",
 *       "LOT_SIZE", "NOTIONAL".
 *   <li>{@code POST /api/v3/order}: rest-api.md "New order (TRADE)", FULL response; filter failures -1013 "Filter
 *       failure: PRICE_FILTER|LOT_SIZE|NOTIONAL" (errors.md "Filter failures"); -2010 "Account has insufficient
 *       balance for requested action." and "Duplicate order sent." while an order with that newClientOrderId is open
 *       (errors.md "Messages for -1010, -2010, -2011"); -2010 "Order would trigger immediately." for a stop.
 *   <li>{@code POST /api/v3/orderList/oco}: rest-api.md "New Order list - OCO (TRADE)": an above and a below leg, one
 *       {@code LIMIT_MAKER} and one {@code STOP_LOSS}, RESULT response with {@code orders} and {@code orderReports};
 *       -2010 "The relationship of the prices for the orders is not correct." (errors.md), -1165/-1166 a limit leg on
 *       the wrong side, -1168 both limits, -2010 "Duplicate order sent." while a list with that listClientOrderId is
 *       open, -2010 "OCO orders are not supported for this symbol" where told the symbol has no OCO ({@link #ocoAllowed}); when one leg is activated (the stop triggers, the limit fills) the other EXPIRES at once. Its legs
 *       answer {@code GET /api/v3/order} with their {@code orderListId}; cancelling a leg cancels the whole list
 *       (rest-api.md "Cancel Order list": "Canceling an individual order from an order list will cancel the entire
 *       order list"). The {@code listStatus} stream event is not sent (the adapter reads only executionReport).
 *   <li>{@code DELETE /api/v3/orderList}: rest-api.md "Cancel Order list (TRADE)" by listClientOrderId; -2011
 *       "Unknown order list sent." when none is open.
 *   <li>{@code DELETE /api/v3/order}: rest-api.md "Cancel order (TRADE)"; -2011 "Unknown order sent."
 *   <li>{@code GET /api/v3/order}: rest-api.md "Query order (USER_DATA)"; -2013 "Order does not exist."
 *   <li>{@code GET /api/v3/openOrders}: rest-api.md "Current open orders (USER_DATA)".
 *   <li>{@code GET /api/v3/myTrades}: rest-api.md "Account trade list (USER_DATA)" (fromId inclusive, limit 500/1000).
 *   <li>{@code GET /api/v3/account}: rest-api.md "Account information (USER_DATA)".
 *   <li>{@code /api/v3/userDataStream} (any method): 410 Gone, as Binance answers since 2026-02-20 (CHANGELOG.md
 *       2026-01-21); every call is counted, so a test can show the adapter never makes one.
 * </ul>
 * SIGNED requests are checked as rest-api.md "SIGNED Endpoint security" and "Timing security" say: HMAC-SHA256 of the
 * query string before {@code signature} with the secret (-1022 "Signature for this request is not valid."),
 * {@code X-MBX-APIKEY} (-2015), and {@code timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow}
 * (-1021 "Timestamp for this request is outside of the recvWindow.").
 *
 * <p>WebSocket API (Netty, {@code /ws-api/v3}): web-socket-api.md "Request format" / "Response format";
 * {@code userDataStream.subscribe.signature} as "Subscribe to User Data Stream through signature subscription"
 * (params sorted by name and HMAC-signed, "SIGNED request example (HMAC)"), then events as "Event format":
 * {@code executionReport} with every field of user-data-stream.md "Order Update", and {@code outboundAccountPosition}
 * ("Account Update").
 *
 * <p>Faults (the {@link VenueScript} controls): a placement accepted whose answer never comes; 500 before or after
 * acceptance (rest-api.md "HTTP Return Codes": 5xx execution status UNKNOWN); a dropped stream; a duplicated
 * execution message; 429 with Retry-After and 418 for a request during the wait (rest-api.md "IP Limits"), counted
 * as violations; a skewed clock (-1021); orders placed outside the fleet ({@code web_...} client ids).
 */
public final class FakeBinance implements VenueScript, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNKNOWN_ORDER = "Unknown order sent.";

  public final String symbol;
  private final String base;
  private final String quote;
  private final String apiKey;
  private final String secret;
  private final HttpServer http;
  private final ExecutorService httpThreads;
  private final EventLoopGroup wsGroup;
  private final Channel wsServer;
  private final BinanceClientOrderIds ids = new BinanceClientOrderIds();

  // --- state (guarded by this) ---
  private BigDecimal bid = new BigDecimal("100");
  private BigDecimal ask = new BigDecimal("100");
  private BigDecimal tickSize = BigDecimal.ZERO;
  private boolean ocoAllowed = true;
  private BigDecimal stepSize = BigDecimal.ZERO;
  private BigDecimal minQty = BigDecimal.ZERO;
  private BigDecimal minNotional = BigDecimal.ZERO;
  private final Map<String, BigDecimal[]> balances = new TreeMap<>(); // asset -> {free, locked}
  private final Map<Long, FakeOrder> orders = new LinkedHashMap<>();
  private final List<FakeTrade> trades = new ArrayList<>();
  private final List<ClientOrderId> placements = new ArrayList<>();
  private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long nextOrderId = 1;
  private long nextTradeId = 1000;
  private long nextListId = 1;
  private Duration skew = Duration.ZERO;

  // --- faults and observations ---
  private volatile boolean placeTimesOut;
  private volatile Duration silentFor = Duration.ofSeconds(3);
  private volatile boolean fail5xxBefore;
  private volatile boolean fail5xxAfterAccept;
  private volatile boolean duplicateNext;
  private volatile Duration rateLimitNext;
  private volatile long waitUntil;
  private final AtomicInteger violations = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** "METHOD /path User-Agent" of every request: which HTTP client (XChange's rescu proxy, the JDK's) sent it. */
  private final List<String> agents = new CopyOnWriteArrayList<>();
  private final AtomicInteger usedWeight = new AtomicInteger();
  private volatile long usedWeightMinute;
  private final Map<Channel, Integer> subscribers = new ConcurrentHashMap<>();
  private final AtomicInteger subscriptionIds = new AtomicInteger();
  private final AtomicInteger subscribeAttempts = new AtomicInteger();

  public FakeBinance(String apiKey, String secret) throws Exception {
    this("BTCUSDT", "BTC", "USDT", apiKey, secret);
  }

  public FakeBinance(String symbol, String base, String quote, String apiKey, String secret) throws Exception {
    this.symbol = symbol;
    this.base = base;
    this.quote = quote;
    this.apiKey = apiKey;
    this.secret = secret;
    httpThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-binance-http");
      t.setDaemon(true);
      return t;
    });
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::serve);
    http.setExecutor(httpThreads);
    http.start();
    wsGroup = new NioEventLoopGroup(1);
    wsServer = new ServerBootstrap().group(wsGroup).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/ws-api/v3"), new WsHandler());
          }
        }).bind("127.0.0.1", 0).sync().channel();
  }

  public URI restUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public URI webSocketApiUri() {
    return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) wsServer.localAddress()).getPort() + "/ws-api/v3");
  }

  /** A paper adapter for {@code venueId} on this fake's account, signed with its key: for tests outside this package. */
  public BinanceSpotAdapter adapter(String venueId, String account) {
    return new BinanceSpotAdapter(new BinanceSettings(venueId, VenueMode.PAPER, account, restUri(), webSocketApiUri(),
        Map.of(base, symbol), quote, Duration.ofSeconds(2), null, Duration.ofMillis(50), Duration.ofMillis(400),
        Duration.ofSeconds(5)), BinanceCredentials.of(apiKey, secret));
  }

  @Override
  public void close() {
    http.stop(0);
    httpThreads.shutdownNow();
    subscribers.keySet().forEach(Channel::close);
    wsServer.close();
    wsGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  // ================================================================================================
  // VenueScript
  // ================================================================================================

  @Override
  public void quote(BigDecimal bid, BigDecimal ask) {
    synchronized (this) {
      this.bid = bid;
      this.ask = ask;
      for (FakeOrder o : List.copyOf(orders.values())) {
        if (!o.isOpen()) continue;
        if (o.isStop() && !o.triggered) {
          boolean trigger = o.side.equals("BUY") ? ask.compareTo(o.stopPrice) >= 0 : bid.compareTo(o.stopPrice) <= 0;
          if (!trigger) continue;
          o.triggered = true;
        }
        match(o);
      }
    }
  }

  @Override
  public synchronized void rules(InstrumentRules rules) {
    tickSize = rules.tickSize() == null ? BigDecimal.ZERO : rules.tickSize();
    stepSize = rules.lotSize() == null ? BigDecimal.ZERO : rules.lotSize();
    minQty = rules.minQuantity() == null ? BigDecimal.ZERO : rules.minQuantity();
    minNotional = rules.minNotional() == null ? BigDecimal.ZERO : rules.minNotional();
  }

  /** Whether the symbol takes OCO order lists (exchangeInfo {@code ocoAllowed}); when not, a list is refused -2010. */
  public synchronized void ocoAllowed(boolean value) {
    ocoAllowed = value;
  }

  @Override
  public synchronized void balance(String asset, BigDecimal free) {
    BigDecimal[] b = balances.computeIfAbsent(asset, a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    b[0] = free;
  }

  @Override
  public String quoteAsset() {
    return quote;
  }

  @Override
  public String baseAsset() {
    return base;
  }

  @Override
  public synchronized void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    FakeOrder o = openByClientId(ids.toVenue(id))
        .orElseThrow(() -> new IllegalStateException("no open order " + id + " at the fake"));
    execute(o, quantity.min(o.remaining()), price, true);
  }

  @Override
  public void nextPlaceTimesOutAfterAccept() {
    placeTimesOut = true;
  }

  /** How long an accepted placement keeps its answer back (longer than the client's timeout). */
  public void silentFor(Duration duration) {
    silentFor = duration;
  }

  @Override
  public void nextRequestFailsWith5xx(boolean afterAccept) {
    if (afterAccept) {
      fail5xxAfterAccept = true;
    } else {
      fail5xxBefore = true;
    }
  }

  @Override
  public void disconnectStream() {
    for (Channel ch : List.copyOf(subscribers.keySet())) {
      subscribers.remove(ch);
      ch.close(); // a network drop: no close frame
    }
  }

  @Override
  public void duplicateNextExecution() {
    duplicateNext = true;
  }

  @Override
  public void rateLimitNext(Duration retryAfter) {
    rateLimitNext = retryAfter;
  }

  @Override
  public int rateLimitViolations() {
    return violations.get();
  }

  @Override
  public synchronized void skewClock(Duration skew) {
    this.skew = skew;
  }

  @Override
  public synchronized VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    String clientId = "web_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    FakeOrder o = newOrder(side == Side.BUY ? "BUY" : "SELL", limitPrice == null ? "MARKET" : "LIMIT",
        limitPrice == null ? null : "GTC", quantity, limitPrice, null, clientId);
    lock(o);
    emit(o, "NEW", null, null);
    match(o);
    return view(o);
  }

  /** Every order or order list Binance refused: "/api/v3/orderList/oco -1013 Filter failure: PRICE_FILTER". */
  public List<String> refusedOrders() {
    return List.copyOf(refusals);
  }

  @Override
  public synchronized List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  @Override
  public synchronized List<VenueExecution> executions() {
    List<VenueExecution> out = new ArrayList<>();
    for (FakeTrade t : trades) {
      FakeOrder o = orders.get(t.orderId);
      out.add(new VenueExecution(symbol + ":" + t.id, Long.toString(t.orderId), ids.fromVenue(o.clientOrderId).orElse(null),
          base, t.isBuyer ? Side.BUY : Side.SELL, t.qty, t.price, t.commission,
          Instant.ofEpochMilli(t.time)));
    }
    return out;
  }

  // --- observations for the adapter's own tests ---

  /** Every request line the REST server saw, as "METHOD /path". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The User-Agent of every request to {@code "METHOD /path"}, in order. */
  public List<String> userAgents(String request) {
    return agents.stream().filter(a -> a.startsWith(request + " ")).map(a -> a.substring(request.length() + 1)).toList();
  }

  public int streamSubscribers() {
    return subscribers.size();
  }

  public int subscribeAttempts() {
    return subscribeAttempts.get();
  }

  public synchronized BigDecimal free(String asset) {
    BigDecimal[] b = balances.get(asset);
    return b == null ? BigDecimal.ZERO : b[0];
  }

  /** What open orders hold of {@code asset} (a resting sell holds its base). */
  public synchronized BigDecimal locked(String asset) {
    BigDecimal[] b = balances.get(asset);
    return b == null ? BigDecimal.ZERO : b[1];
  }

  public synchronized Optional<String> statusOf(ClientOrderId id) {
    String venueId = ids.toVenue(id);
    return orders.values().stream().filter(o -> o.clientOrderId.equals(venueId)).map(o -> o.status).reduce((a, b) -> b);
  }

  /** An event as Binance would push it, to one subscriber set (e.g. eventStreamTerminated). */
  public void push(ObjectNode event) {
    for (Map.Entry<Channel, Integer> s : subscribers.entrySet()) {
      ObjectNode message = JSON.createObjectNode();
      message.put("subscriptionId", s.getValue());
      message.set("event", event);
      s.getKey().writeAndFlush(new TextWebSocketFrame(message.toString()));
    }
  }

  public synchronized long serverTime() {
    return System.currentTimeMillis() + skew.toMillis();
  }

  // ================================================================================================
  // REST
  // ================================================================================================

  private void serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    requests.add(method + " " + path);
    agents.add(method + " " + path + " " + exchange.getRequestHeaders().getFirst("User-Agent"));
    try {
      long now = System.currentTimeMillis();
      if (now < waitUntil) {
        violations.incrementAndGet(); // told to wait, came anyway: banned (418)
        answer(exchange, 418, error(-1003, "Way too much request weight used; IP banned until " + waitUntil + "."),
            retryAfterSeconds(waitUntil - now));
        return;
      }
      Duration limited = rateLimitNext;
      if (limited != null) {
        rateLimitNext = null;
        long seconds = Math.max(1, (limited.toMillis() + 999) / 1000);
        waitUntil = now + seconds * 1000;
        answer(exchange, 429, error(-1003, "Too much request weight used; current limit is 6000 request weight per 1 MINUTE."),
            Long.toString(seconds));
        return;
      }
      if (fail5xxBefore) {
        fail5xxBefore = false;
        answer(exchange, 500, null, null);
        return;
      }
      if (path.startsWith("/api/v3/userDataStream")) {
        answer(exchange, 410, null, null); // retired 2026-02-20
        return;
      }
      Map<String, String> params = parse(rawQuery);
      switch (method + " " + path) {
        case "GET /api/v3/time" -> answer(exchange, 200, JSON.createObjectNode().put("serverTime", serverTime()), null);
        case "GET /api/v3/ping" -> answer(exchange, 200, JSON.createObjectNode(), null);
        case "GET /api/v3/exchangeInfo" -> answer(exchange, 200, exchangeInfo(), null);
        case "POST /api/v3/order" -> signed(exchange, rawQuery, params, () -> placeOrder(exchange, params));
        case "DELETE /api/v3/order" -> signed(exchange, rawQuery, params, () -> cancelOrder(exchange, params));
        case "POST /api/v3/orderList/oco" -> signed(exchange, rawQuery, params, () -> placeOco(exchange, params));
        case "DELETE /api/v3/orderList" -> signed(exchange, rawQuery, params, () -> cancelList(exchange, params));
        case "GET /api/v3/order" -> signed(exchange, rawQuery, params, () -> queryOrder(exchange, params));
        case "GET /api/v3/openOrders" -> signed(exchange, rawQuery, params, () -> openOrders(exchange, params));
        case "GET /api/v3/myTrades" -> signed(exchange, rawQuery, params, () -> myTrades(exchange, params));
        case "GET /api/v3/account" -> signed(exchange, rawQuery, params, () -> account(exchange, params));
        default -> answer(exchange, 404, error(-1020, "This operation is not supported."), null);
      }
    } catch (RuntimeException e) {
      answer(exchange, 500, error(-1000, "An unknown error occurred while processing the request. " + e), null);
    } finally {
      exchange.close();
    }
  }

  private interface Handler {
    void run() throws IOException;
  }

  /** rest-api.md "SIGNED Endpoint security" and "Timing security". */
  private void signed(HttpExchange exchange, String rawQuery, Map<String, String> params, Handler handler)
      throws IOException {
    String key = exchange.getRequestHeaders().getFirst("X-MBX-APIKEY");
    if (!apiKey.equals(key)) {
      answer(exchange, 401, error(-2015, "Invalid API-key, IP, or permissions for action."), null);
      return;
    }
    int at = rawQuery == null ? -1 : rawQuery.lastIndexOf("&signature=");
    if (at < 0 || !MessageDigest.isEqual(hmac(rawQuery.substring(0, at)).getBytes(StandardCharsets.UTF_8),
        rawQuery.substring(at + "&signature=".length()).toLowerCase().getBytes(StandardCharsets.UTF_8))) {
      answer(exchange, 400, error(-1022, "Signature for this request is not valid."), null);
      return;
    }
    if (!timely(params.get("timestamp"), params.get("recvWindow"))) {
      answer(exchange, 400, error(-1021, "Timestamp for this request is outside of the recvWindow."), null);
      return;
    }
    handler.run();
  }

  private boolean timely(String timestamp, String recvWindow) {
    if (timestamp == null) return false;
    long ts = Long.parseLong(timestamp);
    double window = recvWindow == null ? 5000 : Double.parseDouble(recvWindow);
    if (window > 60000) return false;
    long server = serverTime();
    return ts < server + 1000 && server - ts <= window;
  }

  private void placeOrder(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer;
    synchronized (this) {
      String side = p.get("side");
      String type = p.get("type");
      String clientId = p.getOrDefault("newClientOrderId", "x-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      if (!symbol.equals(p.get("symbol"))) {
        answer(exchange, 400, error(-1121, "Invalid symbol."), null);
        return;
      }
      if (!BinanceClientOrderIds.isValid(clientId)) {
        answer(exchange, 400, error(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'."), null);
        return;
      }
      if (openByClientId(clientId).isPresent()) {
        answer(exchange, 400, error(-2010, "Duplicate order sent."), null);
        return;
      }
      BigDecimal qty = decimal(p.get("quantity"));
      BigDecimal price = decimal(p.get("price"));
      BigDecimal stop = decimal(p.get("stopPrice"));
      String failure = filterFailure(type, qty, price, stop, side);
      if (failure != null) {
        answer(exchange, 400, error(-1013, "Filter failure: " + failure), null);
        return;
      }
      if (!affordable(side, type, qty, price, stop)) {
        answer(exchange, 400, error(-2010, "Account has insufficient balance for requested action."), null);
        return;
      }
      if (type.startsWith("STOP_LOSS")) {
        boolean now = side.equals("BUY") ? ask.compareTo(stop) >= 0 : bid.compareTo(stop) <= 0;
        if (now) {
          answer(exchange, 400, error(-2010, "Order would trigger immediately."), null);
          return;
        }
      }
      FakeOrder o = newOrder(side, type, p.get("timeInForce"), qty, price, stop, clientId);
      ids.fromVenue(clientId).ifPresent(placements::add);
      lock(o);
      emit(o, "NEW", null, null);
      int before = trades.size();
      match(o);
      answer = orderJson(o);
      answer.put("transactTime", serverTime());
      ArrayNode fills = answer.putArray("fills");
      for (FakeTrade t : trades.subList(before, trades.size())) {
        ObjectNode f = fills.addObject();
        f.put("price", fmt(t.price));
        f.put("qty", fmt(t.qty));
        f.put("commission", fmt(t.commission));
        f.put("commissionAsset", t.commissionAsset);
        f.put("tradeId", t.id);
      }
    }
    if (placeTimesOut) {
      placeTimesOut = false;
      sleep(silentFor); // accepted, but the answer never reaches the client in time
      return;
    }
    if (fail5xxAfterAccept) {
      fail5xxAfterAccept = false;
      answer(exchange, 500, null, null);
      return;
    }
    answer(exchange, 200, answer, null);
  }

  private void cancelOrder(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer;
    synchronized (this) {
      Optional<FakeOrder> found = find(p);
      if (found.isEmpty() || !found.get().isOpen()) {
        answer(exchange, 400, error(-2011, UNKNOWN_ORDER), null);
        return;
      }
      FakeOrder o = found.get();
      String cancelId = p.getOrDefault("newClientOrderId", "cancel_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
      for (FakeOrder sibling : siblings(o)) cancel(sibling, cancelId);
      o.status = "CANCELED";
      o.updateTime = serverTime();
      unlock(o);
      emit(o, "CANCELED", cancelId, null);
      answer = orderJson(o);
      answer.put("origClientOrderId", o.clientOrderId);
      answer.put("clientOrderId", cancelId);
      answer.put("transactTime", serverTime());
    }
    answer(exchange, 200, answer, null);
  }

  private void placeOco(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer;
    synchronized (this) {
      String side = p.get("side");
      String listId = p.getOrDefault("listClientOrderId", "x-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      if (!symbol.equals(p.get("symbol"))) {
        answer(exchange, 400, error(-1121, "Invalid symbol."), null);
        return;
      }
      if (orders.values().stream().anyMatch(o -> o.isOpen() && listId.equals(o.listClientOrderId))) {
        answer(exchange, 400, error(-2010, "Duplicate order sent."), null);
        return;
      }
      if (!ocoAllowed) { // errors.md "Messages for -1010, -2010, -2011": "OCO is not enabled on the symbol."
        answer(exchange, 400, error(-2010, "OCO orders are not supported for this symbol"), null);
        return;
      }
      String aboveType = p.get("aboveType");
      String belowType = p.get("belowType");
      if (aboveType.startsWith("LIMIT") == belowType.startsWith("LIMIT")) {
        answer(exchange, 400, error(-1168, "At least one OCO order must be contingent."), null);
        return;
      }
      if (side.equals("BUY") && aboveType.equals("LIMIT_MAKER")) {
        answer(exchange, 400, error(-1165, "A limit order in a buy OCO must be below."), null);
        return;
      }
      if (side.equals("SELL") && belowType.equals("LIMIT_MAKER")) {
        answer(exchange, 400, error(-1166, "A limit order in a sell OCO must be above."), null);
        return;
      }
      String limitSide = aboveType.equals("LIMIT_MAKER") ? "above" : "below";
      String stopSide = limitSide.equals("above") ? "below" : "above";
      BigDecimal qty = decimal(p.get("quantity"));
      BigDecimal price = decimal(p.get(limitSide + "Price"));
      BigDecimal stop = decimal(p.get(stopSide + "StopPrice"));
      String failure = filterFailure("LIMIT_MAKER", qty, price, null, side);
      if (failure == null) failure = filterFailure("STOP_LOSS", qty, null, stop, side);
      if (failure != null) {
        answer(exchange, 400, error(-1013, "Filter failure: " + failure), null);
        return;
      }
      // SELL: limit > last > stop; BUY: limit < last < stop (the touch stands for the last price here)
      boolean ordered = side.equals("SELL") ? price.compareTo(ask) > 0 && bid.compareTo(stop) > 0
          : price.compareTo(bid) < 0 && ask.compareTo(stop) < 0;
      if (!ordered) {
        answer(exchange, 400, error(-2010, "The relationship of the prices for the orders is not correct."), null);
        return;
      }
      if (!affordable(side, "STOP_LOSS", qty, null, stop)) {
        answer(exchange, 400, error(-2010, "Account has insufficient balance for requested action."), null);
        return;
      }
      long list = nextListId++;
      FakeOrder above = null;
      FakeOrder below = null;
      for (String leg : List.of("above", "below")) {
        boolean limit = leg.equals(limitSide);
        String clientId = p.getOrDefault(leg + "ClientOrderId", "x-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        FakeOrder o = newOrder(side, limit ? "LIMIT_MAKER" : "STOP_LOSS", limit ? "GTC" : "GTC", qty, limit ? price : null,
            limit ? null : stop, clientId);
        o.listId = list;
        o.listClientOrderId = listId;
        if (leg.equals("above")) above = o;
        else below = o;
      }
      lock(above.type.equals("STOP_LOSS") ? above : below); // the list holds the quantity once, on its stop leg
      ids.fromVenue(listId).ifPresent(placements::add);
      emit(above, "NEW", null, null);
      emit(below, "NEW", null, null);
      answer = listJson(above, below, "EXEC_STARTED", "EXECUTING");
      ArrayNode reports = answer.putArray("orderReports");
      for (FakeOrder o : List.of(above, below)) {
        ObjectNode r = orderJson(o);
        r.put("transactTime", serverTime());
        reports.add(r);
      }
    }
    answer(exchange, 200, answer, null);
  }

  private void cancelList(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer;
    synchronized (this) {
      String listId = p.get("listClientOrderId");
      List<FakeOrder> legs = orders.values().stream().filter(o -> o.isOpen() && listId != null
          && listId.equals(o.listClientOrderId)).toList();
      if (legs.isEmpty()) {
        answer(exchange, 400, error(-2011, "Unknown order list sent."), null);
        return;
      }
      String cancelId = p.getOrDefault("newClientOrderId", "cancel_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
      List<FakeOrder> both = orders.values().stream().filter(o -> listId.equals(o.listClientOrderId) && o.listId == legs.get(0).listId).toList();
      for (FakeOrder o : both) cancel(o, cancelId);
      answer = listJson(both.get(0), both.get(1), "ALL_DONE", "ALL_DONE");
      ArrayNode reports = answer.putArray("orderReports");
      for (FakeOrder o : both) {
        ObjectNode r = orderJson(o);
        r.put("origClientOrderId", o.clientOrderId);
        r.put("clientOrderId", cancelId);
        r.put("transactTime", serverTime());
        reports.add(r);
      }
    }
    answer(exchange, 200, answer, null);
  }

  private void cancel(FakeOrder o, String cancelId) {
    if (!o.isOpen()) return;
    o.status = "CANCELED";
    o.updateTime = serverTime();
    unlock(o);
    emit(o, "CANCELED", cancelId, null);
  }

  /** The other open legs of {@code o}'s order list (none for an order of its own). */
  private List<FakeOrder> siblings(FakeOrder o) {
    if (o.listId < 0) return List.of();
    return orders.values().stream().filter(x -> x != o && x.listId == o.listId && x.isOpen()).toList();
  }

  /** rest-api.md "New Order list - OCO" / "Cancel Order list": the list's fields and its two orders. */
  private ObjectNode listJson(FakeOrder a, FakeOrder b, String listStatusType, String listOrderStatus) {
    ObjectNode j = JSON.createObjectNode();
    j.put("orderListId", a.listId);
    j.put("contingencyType", "OCO");
    j.put("listStatusType", listStatusType);
    j.put("listOrderStatus", listOrderStatus);
    j.put("listClientOrderId", a.listClientOrderId);
    j.put("transactionTime", serverTime());
    j.put("symbol", symbol);
    ArrayNode list = j.putArray("orders");
    for (FakeOrder o : List.of(a, b)) list.addObject().put("symbol", symbol).put("orderId", o.orderId).put("clientOrderId", o.clientOrderId);
    return j;
  }

  /** Whether the order list {@code listClientOrderId} has an open leg. */
  public synchronized Optional<String> listStatusOf(ClientOrderId id) {
    String listId = ids.toVenue(id);
    List<FakeOrder> legs = orders.values().stream().filter(o -> listId.equals(o.listClientOrderId)).toList();
    if (legs.isEmpty()) return Optional.empty();
    return Optional.of(legs.stream().map(o -> o.type + "=" + o.status).collect(Collectors.joining(" ")));
  }

  private void queryOrder(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer;
    synchronized (this) {
      Optional<FakeOrder> found = find(p);
      if (found.isEmpty()) {
        answer(exchange, 400, error(-2013, "Order does not exist."), null);
        return;
      }
      answer = orderJson(found.get());
    }
    answer(exchange, 200, answer, null);
  }

  private void openOrders(HttpExchange exchange, Map<String, String> p) throws IOException {
    ArrayNode answer = JSON.createArrayNode();
    synchronized (this) {
      for (FakeOrder o : orders.values()) {
        if (o.isOpen() && (p.get("symbol") == null || p.get("symbol").equals(symbol))) answer.add(orderJson(o));
      }
    }
    answer(exchange, 200, answer, null);
  }

  private void myTrades(HttpExchange exchange, Map<String, String> p) throws IOException {
    ArrayNode answer = JSON.createArrayNode();
    synchronized (this) {
      int limit = Math.min(1000, Integer.parseInt(p.getOrDefault("limit", "500")));
      List<FakeTrade> selected = new ArrayList<>();
      for (FakeTrade t : trades) {
        if (p.containsKey("orderId") && t.orderId != Long.parseLong(p.get("orderId"))) continue;
        if (p.containsKey("fromId") && t.id < Long.parseLong(p.get("fromId"))) continue;
        selected.add(t);
      }
      // with fromId: the oldest from it; without: the most recent (rest-api.md "Account trade list")
      if (selected.size() > limit) {
        selected = p.containsKey("fromId") ? selected.subList(0, limit) : selected.subList(selected.size() - limit, selected.size());
      }
      for (FakeTrade t : selected) {
        ObjectNode j = answer.addObject();
        j.put("symbol", symbol);
        j.put("id", t.id);
        j.put("orderId", t.orderId);
        j.put("orderListId", orders.get(t.orderId).listId);
        j.put("price", fmt(t.price));
        j.put("qty", fmt(t.qty));
        j.put("quoteQty", fmt(t.price.multiply(t.qty)));
        j.put("commission", fmt(t.commission));
        j.put("commissionAsset", t.commissionAsset);
        j.put("time", t.time);
        j.put("isBuyer", t.isBuyer);
        j.put("isMaker", t.isMaker);
        j.put("isBestMatch", true);
      }
    }
    answer(exchange, 200, answer, null);
  }

  private void account(HttpExchange exchange, Map<String, String> p) throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    synchronized (this) {
      answer.put("makerCommission", 0);
      answer.put("takerCommission", 0);
      answer.put("canTrade", true);
      answer.put("canWithdraw", true);
      answer.put("canDeposit", true);
      answer.put("updateTime", serverTime());
      answer.put("accountType", "SPOT");
      ArrayNode list = answer.putArray("balances");
      boolean omitZero = "true".equals(p.get("omitZeroBalances"));
      balances.forEach((asset, b) -> {
        if (omitZero && b[0].signum() == 0 && b[1].signum() == 0) return;
        list.addObject().put("asset", asset).put("free", fmt(b[0])).put("locked", fmt(b[1]));
      });
      answer.putArray("permissions").add("SPOT");
    }
    answer(exchange, 200, answer, null);
  }

  private synchronized ObjectNode exchangeInfo() {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("timezone", "UTC");
    answer.put("serverTime", serverTime());
    answer.putArray("rateLimits").addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE")
        .put("intervalNum", 1).put("limit", 6000);
    answer.putArray("exchangeFilters");
    ObjectNode s = answer.putArray("symbols").addObject();
    s.put("symbol", symbol);
    s.put("status", "TRADING");
    s.put("baseAsset", base);
    s.put("baseAssetPrecision", 8);
    s.put("quoteAsset", quote);
    s.put("quoteAssetPrecision", 8);
    ArrayNode types = s.putArray("orderTypes");
    for (String t : List.of("LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")) {
      types.add(t);
    }
    s.put("isSpotTradingAllowed", true);
    ArrayNode filters = s.putArray("filters");
    filters.addObject().put("filterType", "PRICE_FILTER").put("minPrice", fmt(BigDecimal.ZERO))
        .put("maxPrice", fmt(BigDecimal.ZERO)).put("tickSize", fmt(tickSize));
    filters.addObject().put("filterType", "LOT_SIZE").put("minQty", fmt(minQty)).put("maxQty", "9000.00000000")
        .put("stepSize", fmt(stepSize));
    filters.addObject().put("filterType", "NOTIONAL").put("minNotional", fmt(minNotional)).put("applyMinToMarket", true)
        .put("maxNotional", "9000000.00000000").put("applyMaxToMarket", false).put("avgPriceMins", 5);
    s.putArray("permissionSets").addArray().add("SPOT");
    return answer;
  }

  // ================================================================================================
  // Matching and balances
  // ================================================================================================

  private FakeOrder newOrder(String side, String type, String tif, BigDecimal qty, BigDecimal price, BigDecimal stop,
      String clientId) {
    FakeOrder o = new FakeOrder();
    o.orderId = nextOrderId++;
    o.clientOrderId = clientId;
    o.side = side;
    o.type = type;
    o.timeInForce = tif == null ? "GTC" : tif;
    o.qty = qty;
    o.price = price;
    o.stopPrice = stop;
    o.status = "NEW";
    o.time = serverTime();
    o.updateTime = o.time;
    orders.put(o.orderId, o);
    return o;
  }

  /** filters.md: PRICE_FILTER (price % tickSize), LOT_SIZE (minQty, stepSize), NOTIONAL (price × quantity). */
  private String filterFailure(String type, BigDecimal qty, BigDecimal price, BigDecimal stop, String side) {
    for (BigDecimal p : new BigDecimal[] {price, stop}) {
      if (p != null && tickSize.signum() > 0 && p.remainder(tickSize).signum() != 0) return "PRICE_FILTER";
    }
    if (qty == null || qty.compareTo(minQty) < 0) return "LOT_SIZE";
    if (stepSize.signum() > 0 && qty.remainder(stepSize).signum() != 0) return "LOT_SIZE";
    BigDecimal at = price != null ? price : stop != null ? stop : side.equals("BUY") ? ask : bid;
    if (minNotional.signum() > 0 && qty.multiply(at).compareTo(minNotional) < 0) return "NOTIONAL";
    return null;
  }

  private boolean affordable(String side, String type, BigDecimal qty, BigDecimal price, BigDecimal stop) {
    if (side.equals("SELL")) return qty.compareTo(available(base)) <= 0;
    BigDecimal at = price != null ? price : stop != null ? stop.max(ask) : ask;
    return qty.multiply(at).compareTo(available(quote)) <= 0;
  }

  private BigDecimal available(String asset) {
    BigDecimal[] b = balances.get(asset);
    return b == null ? BigDecimal.ZERO : b[0];
  }

  private BigDecimal[] bal(String asset) {
    return balances.computeIfAbsent(asset, a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
  }

  /** Funds held for the order while it works: the quote at its price for a buy, the base quantity for a sell. */
  private void lock(FakeOrder o) {
    o.locked = o.side.equals("BUY") ? o.qty.multiply(o.lockPrice(ask)) : o.qty;
    BigDecimal[] b = bal(o.side.equals("BUY") ? quote : base);
    b[0] = b[0].subtract(o.locked);
    b[1] = b[1].add(o.locked);
  }

  private void unlock(FakeOrder o) {
    BigDecimal[] b = bal(o.side.equals("BUY") ? quote : base);
    b[0] = b[0].add(o.locked);
    b[1] = b[1].subtract(o.locked);
    o.locked = BigDecimal.ZERO;
  }

  /** Fills what crosses the quote now; an IOC/FOK remainder expires; a limit rests. */
  private void match(FakeOrder o) {
    if (!o.isOpen() || (o.isStop() && !o.triggered)) return;
    boolean market = o.type.equals("MARKET") || o.type.equals("STOP_LOSS");
    BigDecimal touch = o.side.equals("BUY") ? ask : bid;
    boolean crosses = market || (o.side.equals("BUY") ? o.price.compareTo(ask) >= 0 : o.price.compareTo(bid) <= 0);
    if (crosses && o.type.equals("LIMIT_MAKER")) {
      execute(o, o.remaining(), o.price, true); // a resting maker: at its own price
    } else if (crosses) {
      execute(o, o.remaining(), touch, false);
    } else if (o.timeInForce.equals("IOC") || o.timeInForce.equals("FOK")) {
      o.status = "EXPIRED";
      unlock(o);
      emit(o, "EXPIRED", null, o.timeInForce.equals("FOK") ? "UNFILLED_FOK_ORDER_EXPIRED" : "UNFILLED_IOC_QUANTITY_EXPIRED");
    }
  }

  private void execute(FakeOrder o, BigDecimal qty, BigDecimal price, boolean maker) {
    if (qty.signum() <= 0) return;
    for (FakeOrder sibling : siblings(o)) { // an OCO leg activated: the other expires at once, its hold moves here
      o.locked = o.locked.add(sibling.locked);
      sibling.locked = BigDecimal.ZERO;
      sibling.status = "EXPIRED";
      sibling.updateTime = serverTime();
      emit(sibling, "EXPIRED", null, null);
    }
    boolean buy = o.side.equals("BUY");
    BigDecimal notional = qty.multiply(price);
    // release this part's lock, then move the assets
    BigDecimal released = buy ? qty.multiply(o.lockPrice(price)) : qty;
    released = released.min(o.locked);
    o.locked = o.locked.subtract(released);
    BigDecimal[] paying = bal(buy ? quote : base);
    paying[1] = paying[1].subtract(released);
    paying[0] = paying[0].add(released).subtract(buy ? notional : qty);
    BigDecimal[] receiving = bal(buy ? base : quote);
    receiving[0] = receiving[0].add(buy ? qty : notional);
    o.executed = o.executed.add(qty);
    o.cumQuote = o.cumQuote.add(notional);
    o.status = o.remaining().signum() == 0 ? "FILLED" : "PARTIALLY_FILLED";
    o.updateTime = serverTime();
    if (o.status.equals("FILLED") && o.locked.signum() != 0) unlock(o);
    FakeTrade t = new FakeTrade(nextTradeId++, o.orderId, price, qty, BigDecimal.ZERO, quote, o.updateTime, buy, maker);
    trades.add(t);
    emit(o, "TRADE", null, null, t);
    emitAccount();
  }

  // ================================================================================================
  // The stream
  // ================================================================================================

  private void emit(FakeOrder o, String execution, String cancelId, String expiry) {
    emit(o, execution, cancelId, expiry, null);
  }

  /** user-data-stream.md "Order Update": every field of the executionReport payload. */
  private void emit(FakeOrder o, String execution, String cancelId, String expiry, FakeTrade t) {
    ObjectNode e = JSON.createObjectNode();
    e.put("e", "executionReport");
    e.put("E", serverTime());
    e.put("s", symbol);
    e.put("c", cancelId != null ? cancelId : o.clientOrderId);
    e.put("S", o.side);
    e.put("o", o.type);
    e.put("f", o.timeInForce);
    e.put("q", fmt(o.qty));
    e.put("p", fmt(o.price == null ? BigDecimal.ZERO : o.price));
    e.put("P", fmt(o.stopPrice == null ? BigDecimal.ZERO : o.stopPrice));
    e.put("F", fmt(BigDecimal.ZERO));
    e.put("g", o.listId);
    e.put("C", cancelId != null ? o.clientOrderId : "");
    e.put("x", execution);
    e.put("X", o.status);
    e.put("r", "NONE");
    e.put("i", o.orderId);
    e.put("l", fmt(t == null ? BigDecimal.ZERO : t.qty));
    e.put("z", fmt(o.executed));
    e.put("L", fmt(t == null ? BigDecimal.ZERO : t.price));
    e.put("n", fmt(t == null ? BigDecimal.ZERO : t.commission));
    if (t == null) {
      e.putNull("N");
    } else {
      e.put("N", t.commissionAsset);
    }
    e.put("T", t == null ? o.updateTime : t.time);
    e.put("t", t == null ? -1 : t.id);
    e.put("I", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    e.put("w", o.isOpen() && !(o.isStop() && !o.triggered));
    e.put("m", t != null && t.isMaker);
    e.put("M", false);
    e.put("O", o.time);
    e.put("Z", fmt(o.cumQuote));
    e.put("Y", fmt(t == null ? BigDecimal.ZERO : t.price.multiply(t.qty)));
    e.put("Q", fmt(BigDecimal.ZERO));
    e.put("W", o.time);
    e.put("V", "NONE");
    if (expiry != null) e.put("eR", expiry);
    push(e);
    if (duplicateNext && execution.equals("TRADE")) {
      duplicateNext = false;
      push(e);
    }
  }

  /** user-data-stream.md "Account Update". */
  private void emitAccount() {
    ObjectNode e = JSON.createObjectNode();
    e.put("e", "outboundAccountPosition");
    e.put("E", serverTime());
    e.put("u", serverTime());
    ArrayNode list = e.putArray("B");
    for (String asset : List.of(base, quote)) {
      BigDecimal[] b = bal(asset);
      list.addObject().put("a", asset).put("f", fmt(b[0])).put("l", fmt(b[1]));
    }
    push(e);
  }

  /** web-socket-api.md "Request format" in, "Response format" out. */
  private final class WsHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
      JsonNode request = JSON.readTree(frame.text());
      ObjectNode response = JSON.createObjectNode();
      response.set("id", request.get("id"));
      String method = request.path("method").asText();
      if (method.equals("userDataStream.subscribe.signature")) {
        subscribeAttempts.incrementAndGet();
        JsonNode params = request.path("params");
        Map<String, String> sorted = new TreeMap<>();
        params.fields().forEachRemaining(f -> {
          if (!f.getKey().equals("signature")) sorted.put(f.getKey(), f.getValue().asText());
        });
        String payload = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        if (!apiKey.equals(params.path("apiKey").asText())) {
          fail(response, 401, -2015, "Invalid API-key, IP, or permissions for action.");
        } else if (!hmac(payload).equalsIgnoreCase(params.path("signature").asText())) {
          fail(response, 400, -1022, "Signature for this request is not valid.");
        } else if (!timely(params.path("timestamp").asText(null), params.has("recvWindow") ? params.get("recvWindow").asText() : null)) {
          fail(response, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
        } else {
          int id = subscriptionIds.getAndIncrement();
          subscribers.put(ctx.channel(), id);
          response.put("status", 200);
          response.putObject("result").put("subscriptionId", id);
        }
      } else {
        fail(response, 400, -1020, "This operation is not supported.");
      }
      ctx.writeAndFlush(new TextWebSocketFrame(response.toString()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      subscribers.remove(ctx.channel());
      super.channelInactive(ctx);
    }

    private void fail(ObjectNode response, int status, int code, String msg) {
      response.put("status", status);
      response.putObject("error").put("code", code).put("msg", msg);
    }
  }

  // ================================================================================================
  // Helpers
  // ================================================================================================

  private Optional<FakeOrder> openByClientId(String clientId) {
    return orders.values().stream().filter(o -> o.isOpen() && o.clientOrderId.equals(clientId)).findFirst();
  }

  /** By orderId, else the latest order with that client order id (rest-api.md "Query order"). */
  private Optional<FakeOrder> find(Map<String, String> p) {
    if (p.containsKey("orderId")) return Optional.ofNullable(orders.get(Long.parseLong(p.get("orderId"))));
    String clientId = p.get("origClientOrderId");
    return orders.values().stream().filter(o -> o.clientOrderId.equals(clientId)).reduce((a, b) -> b);
  }

  private ObjectNode orderJson(FakeOrder o) {
    ObjectNode j = JSON.createObjectNode();
    j.put("symbol", symbol);
    j.put("orderId", o.orderId);
    j.put("orderListId", o.listId);
    j.put("clientOrderId", o.clientOrderId);
    j.put("price", fmt(o.price == null ? BigDecimal.ZERO : o.price));
    j.put("origQty", fmt(o.qty));
    j.put("executedQty", fmt(o.executed));
    j.put("cummulativeQuoteQty", fmt(o.cumQuote));
    j.put("status", o.status);
    j.put("timeInForce", o.timeInForce);
    j.put("type", o.type);
    j.put("side", o.side);
    if (o.stopPrice != null) j.put("stopPrice", fmt(o.stopPrice));
    j.put("icebergQty", fmt(BigDecimal.ZERO));
    j.put("time", o.time);
    j.put("updateTime", o.updateTime);
    j.put("isWorking", o.isOpen() && !(o.isStop() && !o.triggered));
    j.put("workingTime", o.time);
    j.put("origQuoteOrderQty", fmt(BigDecimal.ZERO));
    j.put("selfTradePreventionMode", "NONE");
    if (o.status.equals("EXPIRED")) {
      j.put("expiryReason", o.timeInForce.equals("FOK") ? "UNFILLED_FOK_ORDER_EXPIRED" : "UNFILLED_IOC_QUANTITY_EXPIRED");
    }
    return j;
  }

  private VenueOrderView view(FakeOrder o) {
    return new VenueOrderView(Long.toString(o.orderId), ids.fromVenue(o.clientOrderId).orElse(null), o.clientOrderId, base,
        o.side.equals("BUY") ? Side.BUY : Side.SELL, BinanceSpotAdapter.ourType(o.type), o.qty, o.price, o.stopPrice,
        o.executed, BinanceSpotAdapter.status(o.status), Instant.ofEpochMilli(o.time));
  }

  private String hmac(String payload) {
    return BinanceCredentials.of(apiKey, secret).sign(payload);
  }

  private void answer(HttpExchange exchange, int status, JsonNode body, String retryAfter) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (status == 400 && exchange.getRequestMethod().equals("POST") && path.startsWith("/api/v3/order") && body != null) {
      refusals.add(path + " " + body.path("code").asText() + " " + body.path("msg").asText());
    }
    byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
    long minute = System.currentTimeMillis() / 60_000;
    if (minute != usedWeightMinute) {
      usedWeightMinute = minute;
      usedWeight.set(0);
    }
    exchange.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", Integer.toString(usedWeight.incrementAndGet()));
    if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static ObjectNode error(int code, String msg) {
    return JSON.createObjectNode().put("code", code).put("msg", msg);
  }

  private static String retryAfterSeconds(long millis) {
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  private static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return params;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) continue;
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static BigDecimal decimal(String value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static String fmt(BigDecimal value) {
    return value.setScale(Math.max(8, value.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class FakeOrder {
    long orderId;
    String clientOrderId;
    String side;
    String type;
    String timeInForce;
    BigDecimal qty;
    BigDecimal price;
    BigDecimal stopPrice;
    BigDecimal executed = BigDecimal.ZERO;
    BigDecimal cumQuote = BigDecimal.ZERO;
    BigDecimal locked = BigDecimal.ZERO;
    String status;
    long time;
    long updateTime;
    boolean triggered;
    long listId = -1;
    String listClientOrderId;

    boolean isOpen() {
      return status.equals("NEW") || status.equals("PARTIALLY_FILLED");
    }

    boolean isStop() {
      return type.startsWith("STOP_LOSS");
    }

    BigDecimal remaining() {
      return qty.subtract(executed);
    }

    /** The price a buy's quote is held at: its limit, else its stop, else the touch. */
    BigDecimal lockPrice(BigDecimal touch) {
      return price != null ? price : stopPrice != null ? stopPrice.max(touch) : touch;
    }
  }

  private record FakeTrade(long id, long orderId, BigDecimal price, BigDecimal qty, BigDecimal commission,
      String commissionAsset, long time, boolean isBuyer, boolean isMaker) {}
}
