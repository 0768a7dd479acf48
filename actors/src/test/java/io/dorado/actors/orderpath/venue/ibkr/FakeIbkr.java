package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.actors.orderpath.venue.conformance.FakeWebSocketServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An IBKR account behind a Client Portal gateway, on 127.0.0.1 (plain http/ws: the TLS of the real gateway is the
 * adapter's HttpClient's business, see {@link IbkrSettings#trustStore}). Built from IBKR's published Web API
 * documentation — the OpenAPI description (api.ibkr.com/gw/api/v3/api-docs, as generated into
 * {@code nautechsystems/nautilus_trader} {@code crates/adapters/interactive_brokers/client/docs/TradingOrdersApi.md},
 * {@code SingleOrderSubmissionRequest.md}), the Web API reference on ibkrcampus.com ("Web API", "Pacing Limitations"),
 * and "Streaming WebSocket Data" (interactivebrokers.github.io/cpwebapi/RealtimeSubscription.html):
 *
 * <ul>
 *   <li>{@code POST /tickle} → {@code {session, ssoExpires, collission, userId, iserver:{authStatus:{authenticated,
 *       competing, connected, message, MAC, serverInfo}}}}; {@code POST /iserver/auth/status} → authStatus;
 *       {@code GET /iserver/accounts} → {@code {accounts:[...], selectedAccount}}; {@code GET /portfolio/accounts}.
 *   <li>{@code GET /iserver/secdef/search?symbol=&secType=STK} → {@code [{conid, companyHeader, companyName, symbol,
 *       description, sections:[{secType}]}]}; {@code GET /iserver/contract/{conid}/info-and-rules?isBuy=true} →
 *       {@code {conid, symbol, instrument_type, currency, rules:{orderTypes, tifTypes, increment, incrementDigits,
 *       sizeIncrement, incrementRules:[{lowerEdge, increment}]}}}.
 *   <li>{@code POST /iserver/account/{accountId}/orders} with {@code {"orders":[{acctId, conid, secType, cOID,
 *       orderType, side, quantity, tif, price, auxPrice}]}} → {@code [{order_id, order_status, encrypt_message}]}, or
 *       an order reply {@code [{id, message:[...], isSuppressed, messageIds:[...]}]} answered by
 *       {@code POST /iserver/reply/{replyId}} {@code {"confirmed":true|false}}, or {@code {"error":"..."}}. Several orders
 *       in one request only as an OCA group, each with {@code isSingleGroup: true} (SingleOrderSubmissionRequest: "all
 *       orders in the containing array are to be treated as an OCA group"; campus note "How to Code an OCA Order in the
 *       Web API"): placed whole or refused whole, answered one element per order, sharing an {@code oca_group_id} in
 *       the order status; a fill completing one cancels the others, a partial fill reduces them ("the group
 *       rebalances").
 *   <li>{@code DELETE /iserver/account/{accountId}/order/{orderId}} → {@code {msg:"Request was submitted", order_id,
 *       conid, account}}; {@code GET /iserver/account/orders} → {@code {orders:[{acct, conid, orderId, order_ref,
 *       status, filledQuantity, remainingQuantity, totalSize, orderType, side, price, auxPrice, ...}], snapshot}};
 *       {@code GET /iserver/account/order/status/{orderId}} → {@code {order_id, order_status, cum_fill, total_size,
 *       side, order_type, average_price, ...}}.
 *   <li>{@code GET /iserver/account/trades?days=N} (N ≤ 7) → {@code [{execution_id, symbol, side B|S, trade_time,
 *       trade_time_r, size, price, order_ref, commission, net_amount, account, conid, order_id, ...}]}.
 *   <li>{@code GET /portfolio/{accountId}/summary} → {@code {netliquidation:{amount, currency, ...}, totalcashvalue,
 *       buyingpower, availablefunds}}; {@code GET /portfolio/{accountId}/positions/0} → {@code [{acctId, conid,
 *       contractDesc, position, mktPrice, mktValue, currency, avgCost, avgPrice, realizedPnl, unrealizedPnl}]}.
 *   <li>WebSocket {@code /v1/api/ws}: the client sends {@code {"session":"..."}} (answered {@code {"topic":"sts",
 *       "args":{"authenticated":true}}}), {@code sor+{}} (answered with the account's orders, then every order change
 *       as {@code {"topic":"sor","args":[...]}}), {@code str+{}} (answered {@code {"topic":"str","args":[]}}, then every
 *       execution), {@code tic}.
 *   <li>Market data (the {@code ibkr} live source): WebSocket {@code smd+<conid>+{"fields":[...]}} is answered with the
 *       current values of the requested fields, then every change as {@code {"topic":"smd+<conid>","conid",
 *       "_updated":<epoch ms>,"server_id","6119",<field>:<value as text>}}, only the fields that changed (two trades at
 *       the same price and size in a row change nothing and send nothing, as IBKR's level-1 stream);
 *       {@code GET /iserver/marketdata/history?conid&period&bar&outsideRth} (no startTime: the period back from now)
 *       → {@code {serverId, symbol, text, priceFactor, startTime, timePeriod, barLength, mdAvailability, mktDataDelay,
 *       outsideRth, volumeFactor, priceDisplayRule, priceDisplayValue, negativeCapable, messageVersion,
 *       data:[{o,c,h,l,v,t}], points, travelTime}} (Web API reference "Market Data History"), {@code t} the bar's start
 *       in epoch ms, the bar in progress included. Bars are the tape's ({@link #marketTrade}), aggregated.
 *   <li>Errors: 401 for every {@code /iserver} and {@code /portfolio} request while the session is not authenticated;
 *       429 with Retry-After when paced (the penalty box); order refusals as {@code {"error":...}} bodies. The rule
 *       texts are the fake's own where IBKR publishes none (the kit's minimum notional is not an IBKR rule; the
 *       duplicate-cOID text is not in IBKR's reference).
 * </ul>
 *
 * <p>Faults in IBKR's terms: a place accepted whose answer never arrives, 5xx on the place before or after accepting,
 * the WebSocket dropped, an {@code str} message sent twice, 429 until a time, a clock ahead of ours (IBKR signs
 * nothing with a timestamp: the skew only moves the trade times the fake reports), orders placed in TWS (no
 * {@code order_ref}), a lost brokerage session, and an order-reply question on the next place.
 */
public final class FakeIbkr implements VenueScript, AutoCloseable {
  public static final String ACCOUNT = "DU1234567";
  public static final String SYMBOL = "AAPL";
  public static final long CONID = 265598;
  public static final String BASE = "/v1/api";

  private static final ObjectMapper JSON = IbkrRest.JSON.copy()
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final DateTimeFormatter TRADE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss").withZone(ZoneOffset.UTC);

  private final class FakeOrder {
    final String orderId;
    final String cOID;
    final Side side;
    final String type;
    /** Reduced when another order of its OCA group fills in part (the group "rebalances"). */
    BigDecimal quantity;
    final BigDecimal originalQuantity;
    /** Its OCA group ({@code isSingleGroup}), or null. */
    String ocaGroup;
    final BigDecimal price;
    final BigDecimal aux;
    final String tif;
    final long createdMs;
    String status = "Submitted";
    /** A combo's legs: option conid to signed ratio (empty for a single contract). */
    final Map<Long, Integer> legs = new LinkedHashMap<>();
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    boolean triggered;

    FakeOrder(String cOID, Side side, String type, BigDecimal quantity, BigDecimal price, BigDecimal aux, String tif) {
      this.orderId = Long.toString(orderIds.incrementAndGet());
      this.cOID = cOID;
      this.side = side;
      this.type = type;
      this.quantity = quantity;
      this.originalQuantity = quantity;
      this.price = price;
      this.aux = aux;
      this.tif = tif;
      this.createdMs = nowMs();
    }

    BigDecimal remaining() {
      return quantity.subtract(filled);
    }

    boolean isOpen() {
      return status.equals("Submitted") || status.equals("PreSubmitted");
    }

    BigDecimal limit() {
      return switch (type) {
        case "LMT", "STOP_LIMIT" -> price;
        default -> null;
      };
    }

    BigDecimal stop() {
      return switch (type) {
        case "STP" -> price;
        case "STOP_LIMIT" -> aux;
        default -> null;
      };
    }

    BigDecimal heldCash() {
      if (!isOpen() || side != Side.BUY) return BigDecimal.ZERO;
      BigDecimal at = limit() != null ? limit() : stop() != null ? stop() : ask;
      return remaining().multiply(at == null ? BigDecimal.ZERO : at);
    }
  }

  private record FakeTrade(String id, FakeOrder order, BigDecimal size, BigDecimal price, BigDecimal commission, long ms,
      long conid, Side side) {}

  private record PendingReply(String account, JsonNode tickets) {}

  private final HttpServer http;
  private final FakeWebSocketServer ws;
  private final AtomicLong orderIds = new AtomicLong(1_340_000_000L);
  private final AtomicLong execIds = new AtomicLong();
  private static final long OPTION_CONIDS = 800_000_000L;
  private static final int[] STRIKES = {170, 180, 190, 200, 210};
  private final List<String> combos = new CopyOnWriteArrayList<>();
  private final java.util.Set<Long> snapshotted = ConcurrentHashMap.newKeySet();
  private final Map<String, FakeOrder> orders = new LinkedHashMap<>();
  private final List<FakeTrade> trades = new ArrayList<>();
  private final List<ClientOrderId> placements = new CopyOnWriteArrayList<>();
  private final List<String> placedCoids = new CopyOnWriteArrayList<>();
  private final List<String> placeBodies = new CopyOnWriteArrayList<>();
  private final AtomicLong ocaGroups = new AtomicLong(1_000);
  private final Map<String, PendingReply> replies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> replyAnswers = new CopyOnWriteArrayList<>();
  private BigDecimal cash = BigDecimal.ZERO;
  private BigDecimal shares = BigDecimal.ZERO;
  private BigDecimal bid;
  private BigDecimal ask;
  private InstrumentRules rules = InstrumentRules.none(SYMBOL);
  private BigDecimal commissionPerTrade = BigDecimal.ZERO;
  private volatile Duration skew = Duration.ZERO;
  private volatile boolean authenticated = true;
  private volatile String session = newSession();

  private boolean placeTimesOut;
  private int fail5xx;
  private boolean duplicateNext;
  private Instant rateLimitedUntil;
  private boolean rateLimitNext;
  private Duration rateLimitFor;
  private volatile boolean sendRetryAfter = true;
  private String nextQuestionId;
  private String nextQuestionText;
  private final AtomicInteger violations = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade> marketTape = new CopyOnWriteArrayList<>();
  private String lastPrice;
  private String lastSize;
  private String lastBid;
  private String lastAsk;
  private volatile boolean marketDown;

  public FakeIbkr() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    http.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fake-ibkr-rest");
      t.setDaemon(true);
      return t;
    }));
    http.createContext(BASE + "/", this::handle);
    http.start();
    ws = new FakeWebSocketServer(this::onWebSocketText);
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + BASE);
  }

  public URI webSocketUrl() {
    return URI.create("ws://127.0.0.1:" + ws.port() + BASE + "/ws");
  }

  /** How often a path (without the base, and without the query) was requested: "/tickle", "/iserver/secdef/search". */
  public int calls(String path) {
    return calls.getOrDefault(path, new AtomicInteger()).get();
  }

  /** The bodies the fleet sent to {@code /iserver/reply/{id}}, in order. */
  public List<String> replyAnswers() {
    return List.copyOf(replyAnswers);
  }

  /** 429s come without Retry-After (IBKR does not publish one: the client must sit out the penalty box). */
  public void withoutRetryAfter() {
    sendRetryAfter = false;
  }

  /** The next place is answered with an order-reply question instead of an order id. */
  public synchronized void askOnNextPlace(String messageId, String text) {
    nextQuestionId = messageId;
    nextQuestionText = text;
  }

  /** The brokerage session ends (a competing login, the nightly reset): 401s, and the WebSocket drops. */
  public void dropSession() {
    authenticated = false;
    ws.dropAll();
  }

  /** Someone logs in again: a new session. */
  public void restoreSession() {
    session = newSession();
    authenticated = true;
  }

  public int subscribedConnections() {
    return (int) ws.connections().stream().filter(c -> c.subscribed).count();
  }

  public synchronized int openOrders() {
    return (int) orders.values().stream().filter(FakeOrder::isOpen).count();
  }

  // ---------------------------------------------------------------- VenueScript

  @Override
  public void quote(BigDecimal bid, BigDecimal ask) {
    synchronized (this) {
      this.bid = bid;
      this.ask = ask;
      for (FakeOrder o : List.copyOf(orders.values())) if (o.isOpen()) match(o, false);
    }
  }

  @Override
  public synchronized void rules(InstrumentRules rules) {
    this.rules = rules;
  }

  @Override
  public synchronized void balance(String asset, BigDecimal free) {
    if (asset.equals("USD")) {
      BigDecimal held = orders.values().stream().map(FakeOrder::heldCash).reduce(BigDecimal.ZERO, BigDecimal::add);
      cash = free.add(held);
    } else {
      shares = free;
    }
  }

  @Override
  public String quoteAsset() {
    return "USD";
  }

  @Override
  public String baseAsset() {
    return SYMBOL;
  }

  @Override
  public synchronized void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    String cOID = IbkrClientOrderIds.toVenue(id);
    FakeOrder order = orders.values().stream().filter(o -> cOID.equals(o.cOID) && o.isOpen()).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("no open order " + id + " at the fake"));
    execute(order, quantity.min(order.remaining()), price);
  }

  @Override
  public synchronized void nextPlaceTimesOutAfterAccept() {
    placeTimesOut = true;
  }

  @Override
  public synchronized void nextRequestFailsWith5xx(boolean afterAccept) {
    fail5xx = afterAccept ? 2 : 1;
  }

  @Override
  public void disconnectStream() {
    ws.dropAll();
  }

  @Override
  public synchronized void duplicateNextExecution() {
    duplicateNext = true;
  }

  @Override
  public synchronized void rateLimitNext(Duration retryAfter) {
    rateLimitNext = true;
    rateLimitFor = retryAfter;
  }

  @Override
  public int rateLimitViolations() {
    return violations.get();
  }

  @Override
  public void skewClock(Duration skew) {
    this.skew = skew;
  }

  @Override
  public synchronized VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    FakeOrder o = new FakeOrder(null, side, "LMT", quantity, limitPrice, null, "GTC");
    orders.put(o.orderId, o);
    match(o, true);
    return new VenueOrderView(o.orderId, null, null, SYMBOL, side, OrderType.LIMIT, quantity, limitPrice, null, o.filled,
        o.isOpen() ? OrderStatus.WORKING : OrderStatus.FILLED, Instant.now());
  }

  @Override
  public List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  @Override
  public synchronized List<VenueExecution> executions() {
    List<VenueExecution> all = new ArrayList<>();
    for (FakeTrade t : trades) {
      all.add(new VenueExecution(t.id, t.order.orderId, IbkrClientOrderIds.fromVenue(t.order.cOID), SYMBOL, t.order.side,
          t.size, t.price, t.commission, Instant.ofEpochMilli(t.ms)));
    }
    return all;
  }

  // ---------------------------------------------------------------- REST

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(BASE.length());
      String method = exchange.getRequestMethod();
      Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
      calls.computeIfAbsent(path, m -> new AtomicInteger()).incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);

      Duration limited = rateLimit();
      if (limited != null) {
        if (sendRetryAfter) {
          exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, (limited.toMillis() + 999) / 1000)));
        }
        send(exchange, 429, "{\"error\":\"Too Many Requests\"}");
        return;
      }
      if (path.equals("/tickle")) {
        send(exchange, 200, JSON.writeValueAsString(tickle()));
        return;
      }
      if (!authenticated && (path.startsWith("/iserver") || path.startsWith("/portfolio"))) {
        send(exchange, 401, "{\"error\":\"not authenticated\",\"statusCode\":401}");
        return;
      }
      boolean placing = method.equals("POST") && path.matches("/iserver/account/[^/]+/orders");
      int fault = 0;
      boolean timeout = false;
      synchronized (this) {
        if (placing && fail5xx != 0) {
          fault = fail5xx;
          fail5xx = 0;
        }
        if (placing && placeTimesOut) {
          timeout = true;
          placeTimesOut = false;
        }
      }
      if (fault == 1) {
        send(exchange, 503, "<html><body>503 Service Unavailable</body></html>");
        return;
      }
      Object answer = route(method, path, query, body);
      if (timeout) {
        closing.await(30, TimeUnit.SECONDS); // accepted, but the answer never comes: the client times out
        return;
      }
      if (fault == 2) {
        send(exchange, 502, "<html><body>502 Bad Gateway</body></html>");
        return;
      }
      if (answer == null) {
        send(exchange, 404, "{\"error\":\"not found\"}");
        return;
      }
      send(exchange, answer instanceof ObjectNode n && n.has("error") && n.has("statusCode") ? n.get("statusCode").asInt()
          : 200, JSON.writeValueAsString(answer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Duration rateLimit() {
    Instant now = Instant.now();
    if (rateLimitedUntil != null && now.isBefore(rateLimitedUntil)) {
      violations.incrementAndGet();
      return Duration.between(now, rateLimitedUntil);
    }
    if (rateLimitNext) {
      rateLimitNext = false;
      rateLimitedUntil = now.plus(rateLimitFor);
      return rateLimitFor;
    }
    return null;
  }

  private synchronized Object route(String method, String path, Map<String, String> query, String body) throws IOException {
    String[] p = path.split("/");
    if (path.equals("/iserver/auth/status")) return authStatus();
    if (path.equals("/iserver/accounts")) {
      ObjectNode r = JSON.createObjectNode();
      r.putArray("accounts").add(ACCOUNT);
      r.put("selectedAccount", ACCOUNT);
      return r;
    }
    if (path.equals("/portfolio/accounts")) {
      ArrayNode r = JSON.createArrayNode();
      r.addObject().put("id", ACCOUNT).put("accountId", ACCOUNT).put("currency", "USD").put("type", "DEMO");
      return r;
    }
    if (path.equals("/iserver/secdef/search")) return search(query.get("symbol"));
    if (path.equals("/iserver/secdef/strikes")) return strikes(query);
    if (path.equals("/iserver/secdef/info")) return info(query);
    if (path.equals("/iserver/marketdata/snapshot")) return snapshot(query);
    if (path.equals("/iserver/marketdata/history")) return history(query);
    if (path.matches("/iserver/contract/\\d+/info-and-rules")) return infoAndRules(Long.parseLong(p[3]));
    if (method.equals("POST") && path.matches("/iserver/account/[^/]+/orders")) {
      placeBodies.add(body);
      return place(p[3], JSON.readTree(body));
    }
    if (method.equals("POST") && path.matches("/iserver/reply/[^/]+")) return reply(p[3], JSON.readTree(body));
    if (method.equals("DELETE") && path.matches("/iserver/account/[^/]+/order/[^/]+")) return cancel(p[3], p[5]);
    if (path.equals("/iserver/account/orders")) {
      ObjectNode r = JSON.createObjectNode();
      ArrayNode list = r.putArray("orders");
      for (FakeOrder o : orders.values()) list.add(liveOrder(o));
      r.put("snapshot", true);
      return r;
    }
    if (path.matches("/iserver/account/order/status/[^/]+")) {
      FakeOrder o = orders.get(p[5]);
      return o == null ? error("OrderID " + p[5] + " doesn't exist", 200) : orderStatus(o);
    }
    if (path.equals("/iserver/account/trades")) {
      int days = Integer.parseInt(query.getOrDefault("days", "1"));
      long from = nowMs() - Math.min(7, days) * 86_400_000L;
      ArrayNode r = JSON.createArrayNode();
      for (int i = trades.size() - 1; i >= 0; i--) if (trades.get(i).ms >= from) r.add(trade(trades.get(i)));
      return r;
    }
    if (path.equals("/portfolio/" + ACCOUNT + "/summary")) return summary();
    if (path.matches("/portfolio/" + ACCOUNT + "/positions/\\d+")) {
      ArrayNode r = JSON.createArrayNode();
      if (shares.signum() != 0 && p[4].equals("0")) {
        ObjectNode n = r.addObject();
        n.put("acctId", ACCOUNT);
        n.put("conid", CONID);
        n.put("contractDesc", SYMBOL);
        n.put("position", shares);
        n.put("mktPrice", mid());
        n.put("mktValue", shares.multiply(mid()));
        n.put("currency", "USD");
        n.put("avgCost", BigDecimal.ZERO);
        n.put("avgPrice", BigDecimal.ZERO);
        n.put("realizedPnl", BigDecimal.ZERO);
        n.put("unrealizedPnl", BigDecimal.ZERO);
        n.put("assetClass", "STK");
        n.put("ticker", SYMBOL);
      }
      return r;
    }
    return null;
  }

  private ObjectNode tickle() {
    ObjectNode r = JSON.createObjectNode();
    r.put("session", session);
    r.put("ssoExpires", 460_000);
    r.put("collission", false);
    r.put("userId", 12345678);
    r.putObject("hmds").put("error", "no bridge");
    r.putObject("iserver").set("authStatus", authStatus());
    return r;
  }

  private ObjectNode authStatus() {
    ObjectNode a = JSON.createObjectNode();
    a.put("authenticated", authenticated);
    a.put("competing", false);
    a.put("connected", true);
    a.put("message", authenticated ? "" : "not authenticated");
    a.put("MAC", "00:00:5E:00:53:00");
    a.putObject("serverInfo").put("serverName", "fake").put("serverVersion", "Build 10.30.1");
    return a;
  }

  private ArrayNode search(String symbol) {
    ArrayNode r = JSON.createArrayNode();
    if (SYMBOL.equals(symbol)) {
      ObjectNode n = r.addObject();
      n.put("conid", Long.toString(CONID));
      n.put("companyHeader", "APPLE INC - NASDAQ");
      n.put("companyName", "APPLE INC");
      n.put("symbol", SYMBOL);
      n.put("description", "NASDAQ");
      ArrayNode sections = n.putArray("sections");
      sections.addObject().put("secType", "STK");
      sections.addObject().put("secType", "OPT").put("months", "JAN27;FEB27;MAR27").put("exchange", "SMART;AMEX;CBOE");
      sections.addObject().put("secType", "BAG");
    }
    return r;
  }

  private Object infoAndRules(long conid) {
    if (conid != CONID) return error("Invalid contract id", 400);
    ObjectNode r = JSON.createObjectNode();
    r.put("conid", conid);
    r.put("symbol", SYMBOL);
    r.put("instrument_type", "STK");
    r.put("currency", "USD");
    ObjectNode rr = r.putObject("rules");
    rr.putArray("orderTypes").add("limit").add("market").add("stop").add("stop_limit");
    rr.putArray("tifTypes").add("DAY/o,a").add("GTC/o,a").add("IOC/o,a");
    if (rules.tickSize() != null) {
      rr.put("increment", rules.tickSize());
      rr.put("incrementDigits", rules.tickSize().stripTrailingZeros().scale());
      rr.putArray("incrementRules").addObject().put("lowerEdge", 0.0).put("increment", rules.tickSize());
    }
    if (rules.lotSize() != null) rr.put("sizeIncrement", rules.lotSize());
    return r;
  }

  private Object place(String account, JsonNode body) {
    if (!ACCOUNT.equals(account)) return error("Account " + account + " not found", 400);
    JsonNode tickets = body.path("orders");
    if (tickets.size() == 0) return error("no orders", 400);
    if (tickets.size() > 1) {
      // "With the exception of OCA groups and bracket orders, the orders endpoint does not currently support the
      // placement of unrelated orders in bulk": several orders are one OCA group, each saying isSingleGroup
      for (JsonNode t : tickets) {
        if (!t.path("isSingleGroup").asBoolean(false)) {
          return error("several orders in one request must form an OCA group (isSingleGroup) or a bracket", 200);
        }
      }
    }
    synchronized (this) {
      if (nextQuestionId != null) {
        String id = UUID.randomUUID().toString();
        replies.put(id, new PendingReply(account, tickets));
        ArrayNode r = JSON.createArrayNode();
        ObjectNode q = r.addObject();
        q.put("id", id);
        q.putArray("message").add(nextQuestionText);
        q.put("isSuppressed", false);
        q.putArray("messageIds").add(nextQuestionId);
        nextQuestionId = null;
        nextQuestionText = null;
        return r;
      }
    }
    return submitAll(tickets);
  }

  private Object reply(String replyId, JsonNode body) {
    replyAnswers.add(body.toString());
    PendingReply pending = replies.remove(replyId);
    if (pending == null) return error("reply " + replyId + " is not pending", 400);
    if (!body.path("confirmed").asBoolean(false)) return error("Order was not confirmed and is not submitted", 200);
    return submitAll(pending.tickets());
  }

  /**
   * One order, or an OCA group ({@code isSingleGroup} on each): every order checked before any is placed (the group is
   * placed whole or not at all), then each gets its order id, answered {@code [{order_id, order_status,
   * encrypt_message}, ...]} one element per order; the group's orders share an {@code oca_group_id}.
   */
  private Object submitAll(JsonNode tickets) {
    if (tickets.size() == 1) return submit(tickets.get(0));
    for (JsonNode t : tickets) {
      ObjectNode refused = check(t);
      if (refused != null) return refused;
    }
    String cOIDs = "";
    for (JsonNode t : tickets) {
      String cOID = t.hasNonNull("cOID") ? t.path("cOID").asText() : "";
      if (!cOID.isEmpty() && cOIDs.contains("|" + cOID + "|")) return error("Local order ID=" + cOID + " is already registered.", 200);
      cOIDs += "|" + cOID + "|";
    }
    String group = Long.toString(ocaGroups.incrementAndGet());
    List<FakeOrder> placed = new ArrayList<>();
    for (JsonNode t : tickets) {
      FakeOrder o = create(t);
      o.ocaGroup = group;
      placed.add(o);
    }
    ClientOrderId ours = IbkrClientOrderIds.fromVenue(placed.get(0).cOID);
    if (ours != null) placements.add(ours); // one request: the group, once
    ArrayNode r = JSON.createArrayNode();
    for (FakeOrder o : placed) publishOrder(o);
    for (FakeOrder o : placed) match(o, true);
    for (FakeOrder o : placed) {
      if (o.isOpen() && o.tif.equals("IOC") && o.stop() == null) cancelled(o);
      r.addObject().put("order_id", o.orderId).put("order_status", o.status).put("encrypt_message", "1");
    }
    return r;
  }

  private Object submit(JsonNode t) {
    if (t.path("conidex").asText("").contains(";;;")) return submitCombo(t);
    ObjectNode refused = check(t);
    if (refused != null) return refused;
    FakeOrder o = create(t);
    ClientOrderId ours = IbkrClientOrderIds.fromVenue(o.cOID);
    if (ours != null) placements.add(ours);
    publishOrder(o);
    match(o, true);
    if (o.isOpen() && o.tif.equals("IOC") && o.stop() == null) cancelled(o);
    ArrayNode r = JSON.createArrayNode();
    ObjectNode n = r.addObject();
    n.put("order_id", o.orderId);
    n.put("order_status", o.status);
    n.put("encrypt_message", "1");
    return r;
  }

  /** A single contract's order as IBKR would take it, or its refusal ({@code {"error":...}}). */
  private ObjectNode check(JsonNode t) {
    if (t.path("conid").asLong() != CONID) return error("Invalid contract id", 200);
    String type = t.path("orderType").asText();
    if (!List.of("MKT", "LMT", "STP", "STOP_LIMIT").contains(type)) return error("Invalid order type " + type, 200);
    Side side = switch (t.path("side").asText()) {
      case "BUY" -> Side.BUY;
      case "SELL" -> Side.SELL;
      default -> null;
    };
    if (side == null) return error("Invalid side", 200);
    String tif = t.path("tif").asText("DAY");
    if (!List.of("DAY", "GTC", "IOC").contains(tif)) return error("Invalid time in force " + tif, 200);
    BigDecimal qty = IbkrAdapter.decimal(t.path("quantity"));
    BigDecimal price = t.has("price") ? IbkrAdapter.decimal(t.path("price")) : null;
    BigDecimal aux = t.has("auxPrice") ? IbkrAdapter.decimal(t.path("auxPrice")) : null;
    if (qty.signum() <= 0) return error("Order quantity must be positive", 200);
    if (!type.equals("MKT") && price == null) return error("Price is required for " + type, 200);
    String cOID = t.hasNonNull("cOID") ? t.path("cOID").asText() : null;
    long dayAgo = nowMs() - 86_400_000L;
    for (FakeOrder o : orders.values()) {
      if (cOID != null && cOID.equals(o.cOID) && o.createdMs > dayAgo) {
        return error("Local order ID=" + cOID + " is already registered.", 200);
      }
    }
    if (rules.lotSize() != null && qty.remainder(rules.lotSize()).signum() != 0) {
      return error("The order size " + qty.toPlainString() + " is not a multiple of the size increment "
          + rules.lotSize().toPlainString() + ".", 200);
    }
    if (rules.tickSize() != null) {
      for (BigDecimal px : new BigDecimal[] {price, aux}) {
        if (px != null && px.remainder(rules.tickSize()).signum() != 0) {
          return error("The price does not conform to the minimum price variation for this contract.", 200);
        }
      }
    }
    if (rules.minQuantity() != null && qty.compareTo(rules.minQuantity()) < 0) {
      return error("The order size is below the minimum size " + rules.minQuantity().toPlainString() + ".", 200);
    }
    BigDecimal reference = type.equals("LMT") || type.equals("STOP_LIMIT") ? price : type.equals("STP") ? price : ask;
    if (rules.minNotional() != null && reference != null && qty.multiply(reference).compareTo(rules.minNotional()) < 0) {
      return error("The order value is below the minimum of " + rules.minNotional().toPlainString() + " USD.", 200);
    }
    if (side == Side.BUY) {
      BigDecimal held = orders.values().stream().map(FakeOrder::heldCash).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal cost = qty.multiply(reference == null ? BigDecimal.ZERO : reference);
      if (cost.compareTo(cash.subtract(held)) > 0) {
        return error("Your account has insufficient buying power for this order.", 200);
      }
    }
    return null;
  }

  private FakeOrder create(JsonNode t) {
    Side side = t.path("side").asText().equals("BUY") ? Side.BUY : Side.SELL;
    String cOID = t.hasNonNull("cOID") ? t.path("cOID").asText() : null;
    FakeOrder o = new FakeOrder(cOID, side, t.path("orderType").asText(), IbkrAdapter.decimal(t.path("quantity")),
        t.has("price") ? IbkrAdapter.decimal(t.path("price")) : null,
        t.has("auxPrice") ? IbkrAdapter.decimal(t.path("auxPrice")) : null, t.path("tif").asText("DAY"));
    orders.put(o.orderId, o);
    if (cOID != null) placedCoids.add(cOID);
    return o;
  }

  /** A BAG: {@code conidex = "28812380;;;<conid>/<ratio>,..."}; it rests until {@link #fillCombo}. */
  private Object submitCombo(JsonNode t) {
    String[] parts = t.path("conidex").asText().split(";;;");
    if (!parts[0].equals("28812380")) return error("Invalid spread conid " + parts[0], 200);
    Side side = "SELL".equals(t.path("side").asText()) ? Side.SELL : Side.BUY;
    String cOID = t.hasNonNull("cOID") ? t.path("cOID").asText() : null;
    FakeOrder o = new FakeOrder(cOID, side, t.path("orderType").asText(), IbkrAdapter.decimal(t.path("quantity")),
        t.has("price") ? IbkrAdapter.decimal(t.path("price")) : null, null, t.path("tif").asText("DAY"));
    for (String leg : parts[1].split(",")) {
      String[] cr = leg.split("/");
      long conid = Long.parseLong(cr[0]);
      if (conid < OPTION_CONIDS) return error("Invalid contract id " + conid, 200);
      o.legs.put(conid, Integer.parseInt(cr[1]));
    }
    combos.add(t.path("conidex").asText() + " " + side + " " + o.quantity.toPlainString() + " @ "
        + (o.price == null ? "MKT" : o.price.toPlainString()));
    orders.put(o.orderId, o);
    ClientOrderId ours = IbkrClientOrderIds.fromVenue(cOID);
    if (ours != null) placements.add(ours);
    publishOrder(o);
    ArrayNode r = JSON.createArrayNode();
    r.addObject().put("order_id", o.orderId).put("order_status", o.status).put("encrypt_message", "1");
    return r;
  }

  /** Fills {@code structures} of a resting combo, leg by leg at the given prices (option conid to price). */
  public synchronized void fillCombo(ClientOrderId id, BigDecimal structures, Map<Long, BigDecimal> legPrices) {
    String cOID = IbkrClientOrderIds.toVenue(id);
    FakeOrder o = orders.values().stream().filter(x -> cOID.equals(x.cOID) && x.isOpen()).findFirst().orElseThrow();
    for (var leg : o.legs.entrySet()) {
      Side legSide = (leg.getValue() > 0) == (o.side == Side.BUY) ? Side.BUY : Side.SELL;
      FakeTrade t = new FakeTrade(String.format("0000e0d5.%08x.01.01", execIds.incrementAndGet()), o,
          structures.multiply(BigDecimal.valueOf(Math.abs(leg.getValue()))), legPrices.get(leg.getKey()),
          BigDecimal.ZERO, nowMs(), leg.getKey(), legSide);
      trades.add(t);
      publishTrade(t);
    }
    o.filled = o.filled.add(structures);
    if (o.remaining().signum() == 0) o.status = "Filled";
    publishOrder(o);
  }

  /** The combos placed, as {@code "<conidex> <side> <quantity> @ <price>"}. */
  public List<String> combos() {
    return List.copyOf(combos);
  }

  /** The conid the fake gives an option of the chain: 800000000 + strike x 10 + 1 for a call, 2 for a put. */
  public static long optionConid(BigDecimal strike, boolean call, boolean weekly) {
    return OPTION_CONIDS + strike.longValue() * 10 + (call ? 1 : 2) + (weekly ? 5 : 0);
  }

  private Object strikes(Map<String, String> q) {
    if (!Long.toString(CONID).equals(q.get("conid")) || !"JAN27".equals(q.get("month"))) return error("no strikes", 400);
    ObjectNode r = JSON.createObjectNode();
    ArrayNode calls = r.putArray("call");
    ArrayNode puts = r.putArray("put");
    for (int k : STRIKES) {
      calls.add(BigDecimal.valueOf(k));
      puts.add(BigDecimal.valueOf(k));
    }
    return r;
  }

  /** {@code /iserver/secdef/info}: a month's contracts of a strike and right, a weekly and the monthly. */
  private Object info(Map<String, String> q) {
    if (!Long.toString(CONID).equals(q.get("conid")) || !"JAN27".equals(q.get("month"))) return JSON.createArrayNode();
    BigDecimal strike = new BigDecimal(q.get("strike"));
    boolean call = "C".equals(q.get("right"));
    ArrayNode r = JSON.createArrayNode();
    for (boolean weekly : new boolean[] {true, false}) {
      ObjectNode c = r.addObject();
      c.put("conid", optionConid(strike, call, weekly));
      c.put("symbol", SYMBOL);
      c.put("secType", "OPT");
      c.put("exchange", "SMART");
      c.putNull("listingExchange");
      c.put("right", call ? "C" : "P");
      c.put("strike", strike);
      c.put("currency", "USD");
      c.put("desc1", SYMBOL);
      c.put("desc2", (weekly ? "JAN 08 '27 " : "JAN 15 '27 ") + strike.toPlainString() + (call ? " Call" : " Put"));
      c.put("maturityDate", weekly ? "20270108" : "20270115");
      c.put("multiplier", "100");
      c.put("tradingClass", SYMBOL);
      c.put("validExchanges", "SMART,AMEX,CBOE,ISE");
    }
    return r;
  }

  /** The first snapshot of a conid only subscribes (no fields), as IBKR's does. */
  private Object snapshot(Map<String, String> q) {
    long conid = Long.parseLong(q.get("conids"));
    ArrayNode r = JSON.createArrayNode();
    ObjectNode n = r.addObject();
    n.put("conid", conid);
    n.put("conidEx", Long.toString(conid));
    if (snapshotted.add(conid) || bid == null) return r;
    OptionPricer pricer = optionPricer;
    if (conid >= OPTION_CONIDS && pricer != null) {
      long code = conid - OPTION_CONIDS;
      long kind = code % 10;
      OptionQuote o = pricer.quote(BigDecimal.valueOf(code / 10), kind % 5 == 1,
          kind >= 5 ? java.time.LocalDate.of(2027, 1, 8) : java.time.LocalDate.of(2027, 1, 15));
      n.put("31", o.bid().add(o.ask()).divide(BigDecimal.valueOf(2)).toPlainString());
      n.put("84", o.bid().toPlainString());
      n.put("86", o.ask().toPlainString());
      n.put("_updated", o.updated().toEpochMilli());
      if (o.delta() != null) {
        n.put("7308", o.delta());
        n.put("7633", o.ivPct());
      }
      return r;
    }
    n.put("31", mid().toPlainString());
    n.put("84", bid.toPlainString());
    n.put("86", ask.toPlainString());
    n.put("_updated", nowMs());
    if (conid >= OPTION_CONIDS && optionDelta != null) {
      n.put("7308", optionDelta);
      n.put("7633", optionIvPct);
    }
    return r;
  }

  private volatile String optionDelta, optionIvPct;
  private volatile OptionPricer optionPricer;

  /** An option's snapshot as the test wants it: prices, IBKR's greeks as it formats them ("-0.21", "27.5%"), its time. */
  public record OptionQuote(BigDecimal bid, BigDecimal ask, String delta, String ivPct, Instant updated) {}

  /** Quotes each option of the chain (strike, call or put, maturity); without one, options are priced like the stock. */
  @FunctionalInterface
  public interface OptionPricer {
    OptionQuote quote(BigDecimal strike, boolean call, java.time.LocalDate maturity);
  }

  public void optionPricer(OptionPricer pricer) {
    optionPricer = pricer;
  }

  /**
   * An adapter of this fake's account (venue id {@code venueId}), its pacing generous and its requests given 5 s (a
   * chain is dozens of requests at once on a busy machine): for tests outside this package.
   */
  public IbkrAdapter adapter(String venueId) {
    var s = IbkrVenueUnderTest.settings(this, Duration.ofSeconds(1));
    s = new IbkrSettings(venueId, s.mode(), s.accountId(), s.baseUrl(), s.webSocketUrl(), s.symbols(), Duration.ofSeconds(5),
        s.tickleInterval(), s.tradesLookBackDays(), s.reconnectBackoff(), s.maxReconnectBackoff(), s.rateLimitPause(),
        null);
    return new IbkrAdapter(s, IbkrVenueUnderTest.generousLimiter());
  }

  /** Options' snapshots carry these greeks (fields 7308, 7633 as IBKR formats them: "-0.21", "27.5%"); null: none. */
  public void optionGreeks(String delta, String ivPct) {
    optionIvPct = ivPct;
    optionDelta = delta;
  }

  private Object cancel(String account, String orderId) {
    if (!ACCOUNT.equals(account)) return error("Account " + account + " not found", 400);
    FakeOrder o = orders.get(orderId);
    if (o == null) return error("OrderID " + orderId + " doesn't exist", 200);
    if (!o.isOpen()) return error("OrderID " + orderId + " is " + o.status + " and cannot be cancelled", 200);
    cancelled(o);
    ObjectNode r = JSON.createObjectNode();
    r.put("msg", "Request was submitted");
    r.put("order_id", Long.parseLong(orderId));
    r.put("conid", CONID);
    r.put("account", ACCOUNT);
    return r;
  }

  private ObjectNode liveOrder(FakeOrder o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("acct", ACCOUNT);
    n.put("conidex", Long.toString(CONID));
    n.put("conid", CONID);
    n.put("orderId", Long.parseLong(o.orderId));
    n.put("cashCcy", "USD");
    n.put("sizeAndFills", o.filled.toPlainString() + "/" + o.quantity.toPlainString());
    n.put("orderDesc", (o.side == Side.BUY ? "Buy " : "Sell ") + o.quantity.toPlainString() + " " + o.type);
    n.put("description1", SYMBOL);
    n.put("ticker", SYMBOL);
    n.put("secType", "STK");
    n.put("listingExchange", "NASDAQ.NMS");
    n.put("remainingQuantity", o.isOpen() ? o.remaining() : BigDecimal.ZERO);
    n.put("filledQuantity", o.filled);
    n.put("totalSize", o.quantity);
    if (!o.legs.isEmpty()) n.put("secType", "BAG");
    n.put("companyName", "APPLE INC");
    n.put("status", o.status);
    n.put("order_ccp_status", o.status);
    if (o.filled.signum() > 0) n.put("avgPrice", o.notional.divide(o.filled, 8, RoundingMode.HALF_UP).toPlainString());
    n.put("origOrderType", switch (o.type) {
      case "MKT" -> "MARKET";
      case "LMT" -> "LIMIT";
      case "STP" -> "STOP";
      default -> "STOP_LIMIT";
    });
    n.put("orderType", switch (o.type) {
      case "MKT" -> "Market";
      case "LMT" -> "Limit";
      case "STP" -> "Stop";
      default -> "Stop Limit";
    });
    n.put("supportsTaxOpt", "1");
    n.put("lastExecutionTime_r", o.createdMs);
    if (o.cOID != null) n.put("order_ref", o.cOID);
    n.put("timeInForce", o.tif.equals("DAY") ? "CLOSE" : o.tif);
    n.put("side", o.side == Side.BUY ? "BUY" : "SELL");
    if (o.price != null) n.put("price", o.price);
    if (o.aux != null) n.put("auxPrice", o.aux);
    return n;
  }

  private ObjectNode orderStatus(FakeOrder o) {
    ObjectNode n = JSON.createObjectNode();
    n.putNull("sub_type");
    n.put("request_id", "209");
    n.put("order_id", Long.parseLong(o.orderId));
    n.put("conidex", Long.toString(CONID));
    n.put("conid", CONID);
    n.put("symbol", SYMBOL);
    n.put("side", o.side == Side.BUY ? "B" : "S");
    n.put("contract_description_1", SYMBOL);
    n.put("listing_exchange", "NASDAQ.NMS");
    n.put("company_name", "APPLE INC");
    n.put("size", o.remaining().toPlainString());
    n.put("total_size", o.quantity.toPlainString());
    n.put("currency", "USD");
    n.put("account", ACCOUNT);
    n.put("order_type", o.type);
    n.put("cum_fill", o.filled.toPlainString());
    n.put("order_status", o.status);
    n.put("order_status_description", "Order " + o.status);
    n.put("tif", o.tif);
    n.put("sec_type", "STK");
    if (o.ocaGroup != null) n.put("oca_group_id", o.ocaGroup);
    if (o.filled.signum() > 0) {
      n.put("average_price", o.notional.divide(o.filled, 8, RoundingMode.HALF_UP).toPlainString());
    }
    n.put("order_time", TRADE_TIME.format(Instant.ofEpochMilli(o.createdMs)).replace("-", "").replace(":", ""));
    return n;
  }

  private ObjectNode trade(FakeTrade t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("execution_id", t.id);
    n.put("symbol", SYMBOL);
    n.put("supports_tax_opt", "1");
    n.put("side", t.side == Side.BUY ? "B" : "S");
    n.put("order_description", (t.order.side == Side.BUY ? "Bot " : "Sold ") + t.size.toPlainString() + " @ "
        + t.price.toPlainString() + " on ISLAND");
    n.put("trade_time", TRADE_TIME.format(Instant.ofEpochMilli(t.ms)));
    n.put("trade_time_r", t.ms);
    n.put("size", t.size);
    n.put("price", t.price.toPlainString());
    if (t.order.cOID != null) n.put("order_ref", t.order.cOID);
    n.put("submitter", "user1234");
    n.put("exchange", "ISLAND");
    n.put("commission", t.commission.toPlainString());
    n.put("net_amount", t.size.multiply(t.price));
    n.put("account", ACCOUNT);
    n.put("accountCode", ACCOUNT);
    n.put("company_name", "APPLE INC");
    n.put("contract_description_1", SYMBOL);
    n.put("sec_type", t.conid == CONID ? "STK" : "OPT");
    n.put("listing_exchange", "NASDAQ.NMS");
    n.put("conid", t.conid);
    n.put("conidEx", Long.toString(t.conid));
    n.put("clearing_id", "IB");
    n.put("clearing_name", "IB");
    n.put("liquidation_trade", "0");
    n.put("is_event_trading", "0");
    n.put("order_id", Long.parseLong(t.order.orderId));
    return n;
  }

  private ObjectNode summary() {
    BigDecimal netLiq = cash.add(shares.multiply(mid()));
    ObjectNode r = JSON.createObjectNode();
    r.set("netliquidation", amount(netLiq));
    r.set("totalcashvalue", amount(cash));
    r.set("buyingpower", amount(cash.multiply(BigDecimal.valueOf(4))));
    r.set("availablefunds", amount(cash));
    return r;
  }

  private ObjectNode amount(BigDecimal value) {
    ObjectNode n = JSON.createObjectNode();
    n.put("amount", value);
    n.put("currency", "USD");
    n.put("isNull", false);
    n.put("timestamp", nowMs());
    n.putNull("value");
    n.put("severity", 0);
    return n;
  }

  // ---------------------------------------------------------------- matching

  private void match(FakeOrder o, boolean arriving) {
    if (!o.isOpen() || bid == null || ask == null) return;
    if (o.stop() != null && !o.triggered) {
      boolean hit = o.side == Side.SELL ? bid.compareTo(o.stop()) <= 0 : ask.compareTo(o.stop()) >= 0;
      if (!hit) return;
      o.triggered = true;
    }
    BigDecimal touch = o.side == Side.BUY ? ask : bid;
    BigDecimal limit = o.limit();
    if (limit != null) {
      boolean crosses = o.side == Side.BUY ? touch.compareTo(limit) <= 0 : touch.compareTo(limit) >= 0;
      if (!crosses) return;
      execute(o, o.remaining(), arriving ? touch : limit);
    } else {
      execute(o, o.remaining(), touch);
    }
  }

  private void execute(FakeOrder o, BigDecimal qty, BigDecimal price) {
    if (qty.signum() <= 0) return;
    FakeTrade t = new FakeTrade(String.format("0000e0d5.%08x.01.01", execIds.incrementAndGet()), o, qty, price,
        commissionPerTrade, nowMs(), CONID, o.side);
    trades.add(t);
    o.filled = o.filled.add(qty);
    o.notional = o.notional.add(qty.multiply(price));
    BigDecimal value = qty.multiply(price);
    if (o.side == Side.BUY) {
      cash = cash.subtract(value).subtract(t.commission);
      shares = shares.add(qty);
    } else {
      cash = cash.add(value).subtract(t.commission);
      shares = shares.subtract(qty);
    }
    if (o.remaining().signum() == 0) o.status = "Filled";
    publishTrade(t);
    publishOrder(o);
    if (o.ocaGroup != null) oneCancelsAll(o, qty);
  }

  /**
   * IBKR's OCA group (campus note "How to Code an OCA Order in the Web API"; TWS API "One Cancels All"): "Completion of
   * one piece of the group causes cancellation of the remaining group orders while partial completion causes the group
   * to re-balance": a filled order cancels the group's others; a partial fill reduces each other in proportion to
   * its size (the same quantity for a stop and target of one position).
   */
  private void oneCancelsAll(FakeOrder filled, BigDecimal qty) {
    for (FakeOrder other : List.copyOf(orders.values())) {
      if (other == filled || !filled.ocaGroup.equals(other.ocaGroup) || !other.isOpen()) continue;
      if (filled.remaining().signum() == 0) {
        cancelled(other);
        continue;
      }
      BigDecimal less = qty.multiply(other.originalQuantity).divide(filled.originalQuantity, 8, RoundingMode.DOWN);
      other.quantity = other.quantity.subtract(less).max(other.filled);
      if (other.remaining().signum() == 0) cancelled(other);
      else publishOrder(other);
    }
  }

  /** The bodies of every {@code POST /iserver/account/{accountId}/orders}, as sent. */
  public List<String> placeBodies() {
    return List.copyOf(placeBodies);
  }

  /** Fills {@code quantity} of one leg ({@link IbkrClientOrderIds#STOP_LEG} or TARGET_LEG) of our OCO {@code id}. */
  public synchronized void fillLeg(ClientOrderId id, char leg, BigDecimal quantity, BigDecimal price) {
    String cOID = IbkrClientOrderIds.leg(id, leg);
    FakeOrder order = orders.values().stream().filter(o -> cOID.equals(o.cOID) && o.isOpen()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no open leg " + cOID + " at the fake"));
    execute(order, quantity.min(order.remaining()), price);
  }

  /** IBKR's order id of the order placed with {@code cOID}, or null. */
  public synchronized String orderIdOf(String cOID) {
    return orders.values().stream().filter(o -> cOID.equals(o.cOID)).map(o -> o.orderId).findFirst().orElse(null);
  }

  /** Every cOID placed, in order (an OCO's legs each). */
  public List<String> placedCoids() {
    return List.copyOf(placedCoids);
  }

  /**
   * The OCA group of our OCO {@code id} (its legs' cOIDs {@code <id>/s}, {@code <id>/t}) as
   * {@code "<type>=<status>/<filled>/<size> ..."} by leg (STP first), with its group id; empty when none was placed.
   */
  public synchronized java.util.Optional<String> ocaStatusOf(ClientOrderId id) {
    String stop = IbkrClientOrderIds.leg(id, IbkrClientOrderIds.STOP_LEG);
    String target = IbkrClientOrderIds.leg(id, IbkrClientOrderIds.TARGET_LEG);
    List<String> legs = new ArrayList<>();
    java.util.Set<String> groups = new java.util.TreeSet<>();
    for (String cOID : List.of(stop, target)) {
      for (FakeOrder o : orders.values()) {
        if (!cOID.equals(o.cOID)) continue;
        legs.add(o.type + "=" + o.status + "/" + o.filled.stripTrailingZeros().toPlainString() + "/"
            + o.quantity.stripTrailingZeros().toPlainString());
        groups.add(String.valueOf(o.ocaGroup));
      }
    }
    return legs.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(String.join(" ", legs) + (groups.size() == 1 ? "" : " groups " + groups));
  }

  private void cancelled(FakeOrder o) {
    o.status = "Cancelled";
    publishOrder(o);
  }

  // ---------------------------------------------------------------- WebSocket

  private void onWebSocketText(FakeWebSocketServer.Connection c, String text) {
    try {
      String m = text.trim();
      if (m.startsWith("{")) {
        JsonNode n = JSON.readTree(m);
        if (n.has("session")) {
          boolean ok = authenticated && session.equals(n.path("session").asText());
          c.authenticated = ok;
          c.send("{\"topic\":\"sts\",\"args\":{\"authenticated\":" + ok + "}}");
          if (!ok) c.drop();
        }
        return;
      }
      if (!c.authenticated) return;
      if (m.startsWith("sor+")) {
        ObjectNode r = JSON.createObjectNode();
        r.put("topic", "sor");
        ArrayNode args = r.putArray("args");
        synchronized (this) {
          for (FakeOrder o : orders.values()) args.add(liveOrder(o));
          c.send(JSON.writeValueAsString(r));
          c.topics.add("sor");
        }
      } else if (m.startsWith("smd+")) {
        String[] parts = m.split("\\+", 3);
        synchronized (this) {
          if (marketDown || !parts[1].equals(Long.toString(CONID))) {
            c.drop();
            return;
          }
          ObjectNode r = smd();
          if (lastPrice != null) r.put("31", lastPrice);
          if (lastSize != null) r.put("7059", lastSize);
          if (lastBid != null) r.put("84", lastBid);
          if (lastAsk != null) r.put("86", lastAsk);
          c.send(JSON.writeValueAsString(r));
          c.topics.add("smd+" + CONID);
        }
      } else if (m.startsWith("str+")) {
        synchronized (this) {
          c.send("{\"topic\":\"str\",\"args\":[]}");
          c.subscribed = true;
        }
      }
    } catch (IOException e) {
      c.drop();
    }
  }

  private void publishOrder(FakeOrder o) {
    ObjectNode r = JSON.createObjectNode();
    r.put("topic", "sor");
    r.putArray("args").add(liveOrder(o));
    String text = r.toString();
    for (var c : ws.connections()) if (c.topics.contains("sor")) c.send(text);
  }

  private void publishTrade(FakeTrade t) {
    ObjectNode r = JSON.createObjectNode();
    r.put("topic", "str");
    r.putArray("args").add(trade(t));
    String text = r.toString();
    boolean twice = duplicateNext;
    duplicateNext = false;
    for (var c : ws.connections()) {
      if (!c.subscribed) continue;
      c.send(text);
      if (twice) c.send(text);
    }
  }

  // ---------------------------------------------------------------- market data

  /** A trade of {@link #SYMBOL} now: onto the tape, and its changed fields to every smd subscription. */
  public synchronized io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade marketTrade(String price, String size) {
    var t = new io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade(Instant.ofEpochMilli(System.currentTimeMillis()),
        new BigDecimal(price), new BigDecimal(size));
    marketTape.add(t);
    ObjectNode r = smd();
    r.put("_updated", t.at().toEpochMilli());
    boolean changed = false;
    if (!price.equals(lastPrice)) {
      r.put("31", price);
      changed = true;
    }
    if (!size.equals(lastSize)) {
      r.put("7059", size);
      changed = true;
    }
    lastPrice = price;
    lastSize = size;
    if (changed) {
      String text = r.toString();
      for (var c : ws.connections()) if (c.topics.contains("smd+" + CONID)) c.send(text);
    }
    return t;
  }

  /** The best bid and ask of {@link #SYMBOL} now: the changed fields (84, 86) to every smd subscription. */
  public synchronized void marketQuote(String bid, String ask) {
    ObjectNode r = smd();
    if (!bid.equals(lastBid)) r.put("84", bid);
    if (!ask.equals(lastAsk)) r.put("86", ask);
    lastBid = bid;
    lastAsk = ask;
    if (r.has("84") || r.has("86")) {
      String text = r.toString();
      for (var c : ws.connections()) if (c.topics.contains("smd+" + CONID)) c.send(text);
    }
  }

  public List<io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade> marketTape() {
    return List.copyOf(marketTape);
  }

  /** Every smd subscription's WebSocket dropped; new ones are dropped at their smd until {@link #reopenMarketData}. */
  public synchronized void dropMarketData() {
    marketDown = true;
    for (var c : ws.connections()) if (c.topics.contains("smd+" + CONID)) c.drop();
  }

  public void reopenMarketData() {
    marketDown = false;
  }

  /** How many history requests came. */
  public int historyRequests() {
    return calls("/iserver/marketdata/history");
  }

  private ObjectNode smd() {
    ObjectNode r = JSON.createObjectNode();
    r.put("server_id", "q0");
    r.put("conid", CONID);
    r.put("_updated", nowMs());
    r.put("6119", "q0");
    r.put("topic", "smd+" + CONID);
    return r;
  }

  private Object history(Map<String, String> q) {
    if (!Long.toString(CONID).equals(q.get("conid"))) return error("no such contract " + q.get("conid"), 400);
    if (q.containsKey("startTime")) return error("the fake serves the period back from now only", 400);
    Duration period = duration(q.get("period"), false);
    Duration bar = duration(q.get("bar"), true);
    Instant from = Instant.now().minus(period);
    ObjectNode r = JSON.createObjectNode();
    r.put("serverId", "20477");
    r.put("symbol", SYMBOL);
    r.put("text", "APPLE INC");
    r.put("priceFactor", 100);
    r.put("startTime", TRADE_TIME.format(from));
    r.put("timePeriod", q.get("period"));
    r.put("barLength", bar.getSeconds());
    r.put("mdAvailability", "S");
    r.put("mktDataDelay", 0);
    r.put("outsideRth", Boolean.parseBoolean(q.get("outsideRth")));
    r.put("volumeFactor", 1);
    r.put("priceDisplayRule", 1);
    r.put("priceDisplayValue", "2");
    r.put("negativeCapable", false);
    r.put("messageVersion", 2);
    ArrayNode data = r.putArray("data");
    for (var b : io.dorado.actors.strategy.marketdata.TradeBars.aggregate(marketTape(), SYMBOL, bar)) {
      if (b.start().isBefore(from)) continue;
      data.addObject().put("o", b.open()).put("c", b.close()).put("h", b.high()).put("l", b.low()).put("v", b.volume())
          .put("t", b.start().toEpochMilli());
    }
    r.put("points", data.size());
    r.put("travelTime", 12);
    return r;
  }

  /** IBKR's period ({1-30}min, {1-8}h, {1-1000}d, w, m, y) or bar (S, min, h, d) units. */
  private static Duration duration(String text, boolean bar) {
    var m = java.util.regex.Pattern.compile("(\\d+)(S|min|h|d|w)").matcher(text);
    if (!m.matches() || (!bar && m.group(2).equals("S"))) throw new IllegalArgumentException("not an IBKR size: " + text);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "S" -> Duration.ofSeconds(n);
      case "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  // ---------------------------------------------------------------- helpers

  private long nowMs() {
    return Instant.now().plus(skew).toEpochMilli();
  }

  private BigDecimal mid() {
    return bid == null || ask == null ? BigDecimal.ZERO : bid.add(ask).divide(BigDecimal.valueOf(2));
  }

  private static String newSession() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static ObjectNode error(String text, int status) {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", text);
    if (status != 200) n.put("statusCode", status);
    return n;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) return params;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public void close() throws IOException {
    closing.countDown();
    ws.close();
    http.stop(0);
  }
}
