package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.actors.orderpath.venue.conformance.FakeWebSocketServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.protocol.market.VenueMode;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Alpaca account on 127.0.0.1 — Trading API v2 over HTTP and the {@code trade_updates} stream over WebSocket — built
 * from Alpaca's published documentation, not the live service:
 *
 * <ul>
 *   <li>Authentication (docs.alpaca.markets "Authentication"; alpaca.markets/learn "How to fix common Trading API
 *       errors"): headers {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY} on every request, else 401
 *       {@code {"message":"unauthorized"}}. No signature, no timestamp.
 *   <li>Errors: a JSON body {@code {"code":..,"message":..}}; 403 {@code {"code":40310000,"message":"cost basis must be >=
 *       minimal amount of order 1"}} (forum.alpaca.markets "Cost basis must be >="), 403 insufficient balance / buying
 *       power, 422 {@code client_order_id must be unique} (code 40010001), 404 {@code order not found}, 422 order not
 *       cancelable; the texts of the qty/price increment refusals are this fake's own (Alpaca publishes no list), and
 *       the adapter decides by HTTP status only.
 *   <li>Rate limit (alpaca.markets/support "Usage limit API calls": "200 requests per minute, per account ... a 429 - Too
 *       Many Requests status will be returned"; forum "Executing Orders": every response carries
 *       {@code X-Ratelimit-Limit}, {@code X-Ratelimit-Remaining}, {@code X-Ratelimit-Reset} in epoch seconds).
 *   <li>{@code POST /v2/orders} ("Create an Order": symbol, qty, side, type market/limit/stop/stop_limit, time_in_force
 *       day/gtc/opg/cls/ioc/fok, limit_price, stop_price, client_order_id "(<= 128 characters)"; crypto gtc/ioc only) →
 *       the Order object; {@code GET /v2/orders} (status open/closed/all, limit, direction),
 *       {@code GET /v2/orders/{order_id}}, {@code GET /v2/orders:by_client_order_id?client_order_id=},
 *       {@code DELETE /v2/orders/{order_id}} (204) — "Orders"; the Order object's fields as in the docs' sample (id,
 *       client_order_id, created_at, updated_at, submitted_at, filled_at, ..., asset_class, qty, filled_qty,
 *       filled_avg_price, order_class, order_type, type, side, time_in_force, limit_price, stop_price, status,
 *       extended_hours, legs, ...).
 *   <li>{@code GET /v2/account} (cash, equity, buying_power, currency, ...), {@code GET /v2/positions} (symbol without the
 *       slash for crypto, qty, side, avg_entry_price, ...), {@code GET /v2/assets/{symbol}} (class, symbol, tradable,
 *       fractionable, min_order_size, min_trade_increment, price_increment) — "Account", "Positions", "Assets".
 *   <li>{@code GET /v2/account/activities/FILL} ("Account Activities": direction asc/desc, page_size ≤ 100,
 *       page_token = an activity id after which an asc page begins, after/until) → TradeActivity objects (id
 *       {@code <17 digits>::<uuid>}, activity_type FILL, transaction_time, type fill/partial_fill, price, qty, side,
 *       symbol, leaves_qty, order_id, cum_qty, order_status).
 *   <li>Streaming ("Websocket Streaming"): {@code {"action":"authenticate","data":{"key_id","secret_key"}}} →
 *       {@code {"stream":"authorization","data":{"action":"authenticate","status":"authorized"}}};
 *       {@code {"action":"listen","data":{"streams":["trade_updates"]}}} → {@code {"stream":"listening",...}}; updates
 *       {@code {"stream":"trade_updates","data":{"event":"new|fill|partial_fill|canceled|...","execution_id",
 *       "order":{...},"timestamp","price","qty","position_qty"}}}; binary frames, as the paper endpoint sends.
 * </ul>
 *
 * <p>Crypto ({@code BTC/USD}, the default) or one US equity ({@link #equity}: type market/limit/stop/stop_limit,
 * time_in_force day/gtc/opg/cls/ioc/fok, stops trigger at the touch). For an equity the OCO exit pair
 * (alpaca-docs content/trading/orders.md "OCO Orders", "Bracket Orders", "Threshold on stop price of stop-loss
 * orders"; data/webapi/endpoints/orders.yaml): {@code order_class: "oco"} with {@code type: "limit"},
 * {@code take_profit.limit_price}, {@code stop_loss.stop_price} and optional {@code stop_loss.limit_price}, exits only
 * (the position holds its quantity once for both legs); the stop price at least $0.01 beyond the take-profit's limit and
 * beyond the market, else 422 (this fake's text). Two orders: the take-profit is the parent with the request's
 * client_order_id, the stop-loss its child with an id and a client_order_id this fake generates; the POST answer and
 * {@code ?nested=true} reads carry the child under {@code legs}, other reads list each leg as an order of its own
 * (legs null). A leg filling cancels the other; a partial take-profit fill shrinks the stop-loss to what is left; a
 * DELETE of either cancels the group; {@code PATCH /v2/orders/{id}} ({@code limit_price}, {@code stop_price}) replaces
 * a leg: the old one {@code replaced}, a new one with a new id in its place. Crypto refuses an order class (422).
 *
 * <p>The {@link VenueScript} faults in Alpaca's terms: a placement Alpaca accepted whose answer never arrives, a 5xx
 * (before, or after accepting, a placement), the stream dropped, a fill message sent twice, a 429 with
 * X-Ratelimit-Reset (requests before the reset count as violations), and orders placed outside the fleet (an
 * Alpaca-generated UUID client_order_id). {@link #skewClock} changes nothing: Alpaca's requests carry no timestamp
 * that a clock could make it refuse. This fake refuses a reused client_order_id forever (the strict reading of "unique")
 * unless told to refuse it only among open orders ({@link #uniqueAmongOpenOrdersOnly}); the adapter relies on neither.
 */
public final class FakeAlpaca implements VenueScript, AutoCloseable {
  public static final String API_KEY = "fake-alpaca-key-id";
  public static final String API_SECRET = "fake-alpaca-secret-key";
  public static final String SYMBOL = "BTC";
  public static final String ALPACA_SYMBOL = "BTC/USD";
  public static final String POSITION_SYMBOL = "BTCUSD";
  public static final String QUOTE = "USD";
  public static final String BASE = "BTC";

  static final ObjectMapper JSON = AlpacaRest.JSON.copy()
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final DateTimeFormatter ACTIVITY_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
      .withZone(ZoneOffset.UTC);

  private final class FakeOrder {
    final String id;
    final String clientOrderId;
    final Side side;
    final String type;
    BigDecimal qty;
    final BigDecimal limit;
    final BigDecimal stop;
    String orderClass = "";
    FakeOrder parent;
    final List<FakeOrder> legs = new ArrayList<>();
    String replacedBy;
    String replaces;
    final String timeInForce;
    final Instant createdAt = Instant.now();
    String status = "pending_new";
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    Instant updatedAt = createdAt;
    Instant filledAt;
    Instant canceledAt;
    boolean triggered;

    FakeOrder(String clientOrderId, Side side, String type, BigDecimal qty, BigDecimal limit, BigDecimal stop,
        String timeInForce) {
      this.id = uuid();
      this.clientOrderId = clientOrderId;
      this.side = side;
      this.type = type;
      this.qty = qty;
      this.limit = limit;
      this.stop = stop;
      this.timeInForce = timeInForce;
    }

    boolean isOpen() {
      return List.of("pending_new", "new", "accepted", "partially_filled").contains(status);
    }

    BigDecimal remaining() {
      return qty.subtract(filled);
    }

    BigDecimal heldQuote() {
      if (!isOpen() || side != Side.BUY) return BigDecimal.ZERO;
      BigDecimal at = limit != null ? limit : ask;
      return remaining().multiply(at == null ? BigDecimal.ZERO : at);
    }

    BigDecimal heldBase() {
      if (parent != null) return BigDecimal.ZERO; // an OCO holds its quantity once, on its parent
      return isOpen() && side == Side.SELL ? remaining() : BigDecimal.ZERO;
    }

    /** The other orders of its OCO. */
    List<FakeOrder> siblings() {
      if (parent != null) {
        List<FakeOrder> others = new ArrayList<>(List.of(parent));
        parent.legs.stream().filter(l -> l != this).forEach(others::add);
        return others;
      }
      return List.copyOf(legs);
    }
  }

  private record FakeActivity(String id, FakeOrder order, BigDecimal qty, BigDecimal price, BigDecimal cumQty,
      BigDecimal leaves, String orderStatus, Instant at) {}

  private final HttpServer http;
  private final FakeWebSocketServer ws;
  private final Random random = new Random(19);
  private final Map<String, FakeOrder> orders = new LinkedHashMap<>();
  private final List<FakeActivity> activities = new ArrayList<>();
  private final List<ClientOrderId> placements = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
  private final List<String> streamMessagesIn = new CopyOnWriteArrayList<>();
  private BigDecimal cash = BigDecimal.ZERO;
  private BigDecimal position = BigDecimal.ZERO;
  private BigDecimal bid;
  private BigDecimal ask;
  private final String symbol;
  private final String venueSymbol;
  private final String positionSymbol;
  private final boolean crypto;
  private InstrumentRules rules;
  private boolean fractionable = true;
  private JsonNode lastOrderBody;

  private boolean uniqueAmongOpenOnly;
  private boolean placeTimesOut;
  private int fail5xx; // 0 none, 1 before, 2 after accept
  private boolean duplicateNext;
  private boolean rateLimitNext;
  private Duration rateLimitFor;
  private Instant rateLimitedUntil;
  private final AtomicInteger violations = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);

  public FakeAlpaca() throws IOException {
    this(true);
  }

  /** @param binaryFrames the paper endpoint's binary frames (true) or the live endpoint's text frames */
  public FakeAlpaca(boolean binaryFrames) throws IOException {
    this(binaryFrames, null);
  }

  /** An account trading the US equity {@code symbol} (its universe and Alpaca symbol), the paper endpoint's frames. */
  public static FakeAlpaca equity(String symbol) throws IOException {
    return new FakeAlpaca(true, symbol);
  }

  private FakeAlpaca(boolean binaryFrames, String equity) throws IOException {
    crypto = equity == null;
    symbol = crypto ? SYMBOL : equity;
    venueSymbol = crypto ? ALPACA_SYMBOL : equity;
    positionSymbol = crypto ? POSITION_SYMBOL : equity;
    rules = InstrumentRules.none(symbol);
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    http.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fake-alpaca-rest");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/v2/", this::handle);
    http.start();
    ws = new FakeWebSocketServer(this::onWebSocketText, binaryFrames);
  }

  public URI restBase() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public URI streamUrl() {
    return URI.create("ws://127.0.0.1:" + ws.port() + "/stream");
  }

  /**
   * A paper adapter for {@code venueId} on this fake's account and instrument, through a generous rate budget: for
   * tests outside this package.
   */
  public AlpacaAdapter adapter(String venueId, String account) {
    var settings = AlpacaAdapter.Settings.paper().withEndpoints(restBase(), streamUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100));
    var limiter = VenueRateLimiter.create(venueId,
        List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000, Duration.ofSeconds(1))), Duration.ofSeconds(5));
    return new AlpacaAdapter(venueId, account, VenueMode.BROKER_PAPER, VenueCredentials.of(API_KEY, API_SECRET), settings,
        Map.of(symbol, venueSymbol), limiter, Clock.systemUTC());
  }

  /** How many requests went to {@code "<METHOD> <path>"} (e.g. {@code POST /v2/orders}). */
  public int calls(String methodAndPath) {
    return calls.getOrDefault(methodAndPath, new AtomicInteger()).get();
  }

  /** The headers of every REST request, in arrival order (lower-case names). */
  public List<Map<String, String>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  /** Every message a stream client sent. */
  public List<String> streamMessagesIn() {
    return List.copyOf(streamMessagesIn);
  }

  public int listeningConnections() {
    return (int) ws.connections().stream().filter(c -> c.subscribed).count();
  }

  /**
   * Refuse a reused client_order_id only while its first order is open (what third parties report of Alpaca), instead
   * of forever: a filled order's id would be accepted again as a new order.
   */
  public synchronized void uniqueAmongOpenOrdersOnly(boolean value) {
    this.uniqueAmongOpenOnly = value;
  }

  public synchronized void fractionable(boolean fractionable) {
    this.fractionable = fractionable;
  }

  /** The request body of the latest placement, as Alpaca received it. */
  public synchronized JsonNode lastOrderBody() {
    return lastOrderBody;
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
    if (asset.equals(QUOTE)) cash = free.add(held(true));
    else if (asset.equals(baseAsset())) position = free.add(held(false));
    else throw new IllegalArgumentException("the fake holds USD and " + baseAsset() + " only, not " + asset);
  }

  @Override
  public String quoteAsset() {
    return QUOTE;
  }

  @Override
  public String baseAsset() {
    return crypto ? BASE : symbol;
  }

  @Override
  public synchronized void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    String cl = AlpacaClientOrderIds.toVenue(id).orElseThrow();
    FakeOrder order = orders.values().stream().filter(o -> cl.equals(o.clientOrderId) && o.isOpen()).reduce((a, b) -> b)
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

  /** Nothing to do: Alpaca's requests carry no timestamp, so a skewed clock cannot make it refuse one. */
  @Override
  public void skewClock(Duration skew) {}

  @Override
  public synchronized VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    return placeExternal(side, quantity, limitPrice, uuid());
  }

  /** An order placed by hand, with the client_order_id Alpaca generated for it (a UUID). */
  public synchronized VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice,
      String clientOrderId) {
    FakeOrder o = new FakeOrder(clientOrderId, side, "limit", quantity, limitPrice, null, "gtc");
    orders.put(o.id, o);
    o.status = "new";
    emit(o, "new");
    match(o, true);
    return new VenueOrderView(o.id, null, o.clientOrderId, symbol, side, OrderType.LIMIT, quantity, limitPrice, null,
        o.filled, o.isOpen() ? OrderStatus.WORKING : OrderStatus.FILLED, o.createdAt);
  }

  @Override
  public List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  /** Every order placement Alpaca refused, as its status and message ("403 insufficient balance for BTC (...)"). */
  public List<String> refusedOrders() {
    return List.copyOf(refusals);
  }

  /** The open orders, as "sell 0.03 BTC/USD stop_limit stop 41000 limit 40795". */
  public synchronized List<String> openOrders() {
    List<String> open = new ArrayList<>();
    for (FakeOrder o : orders.values()) {
      if (!o.isOpen()) continue;
      open.add(o.side.name().toLowerCase(java.util.Locale.ROOT) + " " + o.remaining().stripTrailingZeros().toPlainString()
          + " " + venueSymbol + " " + o.type + (o.stop == null ? "" : " stop " + o.stop.stripTrailingZeros().toPlainString())
          + (o.limit == null ? "" : " limit " + o.limit.stripTrailingZeros().toPlainString()));
    }
    return open;
  }

  /** The quantity the open sells hold: the position's qty less its {@code qty_available}. */
  public synchronized BigDecimal heldQuantity() {
    return held(false);
  }

  @Override
  public synchronized List<VenueExecution> executions() {
    List<VenueExecution> all = new ArrayList<>();
    for (FakeActivity a : activities) {
      all.add(new VenueExecution(AlpacaAdapter.fillId(a.order.id, a.cumQty), a.order.id,
          AlpacaClientOrderIds.fromVenue(a.order.clientOrderId), symbol, a.order.side, a.qty, a.price, BigDecimal.ZERO,
          a.at));
    }
    return all;
  }

  /** The OCO whose take-profit carries {@code id}: each leg's type and status, the parent first ("limit=new stop=new"). */
  public synchronized java.util.Optional<String> ocoStatusOf(ClientOrderId id) {
    String cl = AlpacaClientOrderIds.toVenue(id).orElseThrow();
    return orders.values().stream().filter(o -> cl.equals(o.clientOrderId) && o.parent == null && !o.legs.isEmpty())
        .reduce((a, b) -> b).map(p -> {
          StringBuilder sb = new StringBuilder(p.type + "=" + p.status);
          for (FakeOrder leg : p.legs) sb.append(' ').append(leg.type).append('=').append(leg.status);
          return sb.toString();
        });
  }

  /** The Alpaca order ids of the OCO whose take-profit carries {@code id}: the parent's, then its legs'. */
  public synchronized List<String> ocoOrderIds(ClientOrderId id) {
    String cl = AlpacaClientOrderIds.toVenue(id).orElseThrow();
    List<String> ids = new ArrayList<>();
    orders.values().stream().filter(o -> cl.equals(o.clientOrderId) && o.parent == null).reduce((a, b) -> b)
        .ifPresent(p -> {
          ids.add(p.id);
          p.legs.forEach(l -> ids.add(l.id));
        });
    return ids;
  }

  public synchronized BigDecimal cash() {
    return cash;
  }

  public synchronized BigDecimal position() {
    return position;
  }

  // ---------------------------------------------------------------- REST

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String route = path.startsWith("/v2/orders/") ? "/v2/orders/{id}"
          : path.startsWith("/v2/assets/") ? "/v2/assets/{symbol}" : path;
      calls.computeIfAbsent(method + " " + route, k -> new AtomicInteger()).incrementAndGet();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      requestHeaders.add(headers);

      Long resetAt = rateLimit();
      if (resetAt != null) {
        exchange.getResponseHeaders().set("X-Ratelimit-Limit", "200");
        exchange.getResponseHeaders().set("X-Ratelimit-Remaining", "0");
        exchange.getResponseHeaders().set("X-Ratelimit-Reset", Long.toString(resetAt));
        send(exchange, 429, "{\"code\":42910000,\"message\":\"rate limit exceeded\"}");
        return;
      }
      if (!API_KEY.equals(headers.get("apca-api-key-id")) || !API_SECRET.equals(headers.get("apca-api-secret-key"))) {
        send(exchange, 401, "{\"message\":\"unauthorized\"}");
        return;
      }
      boolean placing = method.equals("POST") && path.equals("/v2/orders");
      // faults hit requests about one order (a place, a lookup, a cancel), not the adapter's background listings
      boolean oneOrder = placing || path.startsWith("/v2/orders/") || path.equals("/v2/orders:by_client_order_id");
      int fault = 0;
      boolean timeout = false;
      synchronized (this) {
        if (fail5xx == 1 && oneOrder || fail5xx == 2 && placing) {
          fault = fail5xx;
          fail5xx = 0;
        }
        if (placing && placeTimesOut) {
          timeout = true;
          placeTimesOut = false;
        }
      }
      if (fault == 1) {
        send(exchange, 503, "<html><body>503 Service Temporarily Unavailable</body></html>");
        return;
      }
      Answer answer = route(method, path, query, body);
      if (timeout) {
        closing.await(30, TimeUnit.SECONDS); // accepted, but the answer never comes: the client times out
        return;
      }
      if (fault == 2) {
        send(exchange, 502, "<html><body>502 Bad Gateway</body></html>");
        return;
      }
      exchange.getResponseHeaders().set("X-Ratelimit-Limit", "200");
      exchange.getResponseHeaders().set("X-Ratelimit-Remaining", "199");
      send(exchange, answer.status, answer.body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Answer(int status, String body) {}

  /** The reset second of a 429 to send now, or null to serve the request. */
  private synchronized Long rateLimit() {
    Instant now = Instant.now();
    if (rateLimitedUntil != null && now.isBefore(rateLimitedUntil)) {
      violations.incrementAndGet();
      return resetSecond();
    }
    if (rateLimitNext) {
      rateLimitNext = false;
      rateLimitedUntil = now.plus(rateLimitFor);
      return resetSecond();
    }
    return null;
  }

  /** X-Ratelimit-Reset is whole epoch seconds: the first one at or after the end of the window. */
  private long resetSecond() {
    long millis = rateLimitedUntil.toEpochMilli();
    return (millis + 999) / 1000;
  }

  private synchronized Answer route(String method, String path, Map<String, String> query, String body)
      throws IOException {
    if (method.equals("POST") && path.equals("/v2/orders")) {
      Answer placed = placeOrder(JSON.readTree(body));
      if (placed.status() >= 400) refusals.add(placed.status() + " " + JSON.readTree(placed.body()).path("message").asText());
      return placed;
    }
    if (method.equals("GET") && path.equals("/v2/orders")) return listOrders(query);
    if (method.equals("GET") && path.equals("/v2/orders:by_client_order_id")) {
      String cl = query.get("client_order_id");
      FakeOrder found = null;
      for (FakeOrder o : orders.values()) if (cl != null && cl.equals(o.clientOrderId)) found = o;
      return found == null ? notFound() : ok(orderJson(found));
    }
    if (path.startsWith("/v2/orders/")) {
      FakeOrder o = orders.get(path.substring("/v2/orders/".length()));
      if (o == null) return notFound();
      if (method.equals("GET")) return ok(orderJson(o, "true".equals(query.get("nested"))));
      if (method.equals("PATCH")) return replace(o, JSON.readTree(body));
      if (method.equals("DELETE")) {
        if (!o.isOpen()) return error(422, 42210000, "order is not cancelable");
        close(o, "canceled");
        return new Answer(204, "");
      }
    }
    if (method.equals("GET") && path.equals("/v2/account/activities/FILL")) return fills(query);
    if (method.equals("GET") && path.equals("/v2/account")) return ok(accountJson());
    if (method.equals("GET") && path.equals("/v2/positions")) return ok(positionsJson());
    if (method.equals("GET") && path.startsWith("/v2/assets/")) {
      String symbol = path.substring("/v2/assets/".length());
      if (!symbol.equals(venueSymbol) && !symbol.equals(positionSymbol)) {
        return error(404, 40410000, "asset not found for " + symbol);
      }
      return ok(assetJson());
    }
    return error(404, 40410000, "endpoint not found");
  }

  private Answer placeOrder(JsonNode b) {
    lastOrderBody = b;
    String symbol = b.path("symbol").asText();
    if (!symbol.equals(venueSymbol) && !symbol.equals(positionSymbol)) {
      return error(422, 40010001, "asset \"" + symbol + "\" not found");
    }
    Side side = switch (b.path("side").asText()) {
      case "buy" -> Side.BUY;
      case "sell" -> Side.SELL;
      default -> null;
    };
    if (side == null) return error(422, 40010001, "side must be buy or sell");
    String type = b.path("type").asText();
    String tif = b.path("time_in_force").asText();
    String orderClass = b.path("order_class").asText("simple");
    if (crypto) { // crypto spot: market, limit, stop_limit with gtc or ioc; no order classes
      if (!List.of("market", "limit", "stop_limit").contains(type)) return error(422, 40010001, "invalid order type for crypto order");
      if (!List.of("gtc", "ioc").contains(tif)) return error(422, 40010001, "invalid crypto time_in_force");
      if (!List.of("simple", "").contains(orderClass)) return error(422, 40010001, "crypto orders must be simple orders");
    } else {
      if (!List.of("market", "limit", "stop", "stop_limit").contains(type)) return error(422, 40010001, "invalid order type");
      if (!List.of("day", "gtc", "opg", "cls", "ioc", "fok").contains(tif)) return error(422, 40010001, "invalid time_in_force");
      if (orderClass.equals("oco")) return placeOco(b, side, type, tif);
      if (!List.of("simple", "").contains(orderClass)) return error(422, 40010001, "order_class " + orderClass + " is not served by this fake");
    }
    BigDecimal qty;
    BigDecimal limit;
    BigDecimal stop;
    try {
      qty = new BigDecimal(b.path("qty").asText());
      limit = b.hasNonNull("limit_price") ? new BigDecimal(b.path("limit_price").asText()) : null;
      stop = b.hasNonNull("stop_price") ? new BigDecimal(b.path("stop_price").asText()) : null;
    } catch (NumberFormatException e) {
      return error(422, 40010001, "invalid qty or price");
    }
    if (qty.signum() <= 0) return error(422, 40010001, "qty must be > 0");
    if ((type.equals("limit") || type.equals("stop_limit")) && limit == null) return error(422, 40010001, "limit_price is required");
    if (type.equals("stop") && stop == null) return error(422, 40010001, "stop_price is required");
    if (type.equals("stop_limit") && stop == null) return error(422, 40010001, "stop_price is required");
    String cl = b.hasNonNull("client_order_id") ? b.path("client_order_id").asText() : uuid();
    if (cl.length() > 128) return error(422, 40010001, "client_order_id must be no more than 128 characters");
    for (FakeOrder o : orders.values()) {
      if (cl.equals(o.clientOrderId) && (o.isOpen() || !uniqueAmongOpenOnly)) {
        return error(422, 40010001, "client_order_id must be unique");
      }
    }
    if (rules.lotSize() != null && qty.remainder(rules.lotSize()).signum() != 0) {
      return error(422, 40010001, "qty must be a multiple of min_trade_increment " + rules.lotSize().toPlainString());
    }
    if (rules.tickSize() != null) {
      for (BigDecimal px : new BigDecimal[] {limit, stop}) {
        if (px != null && px.remainder(rules.tickSize()).signum() != 0) {
          return error(422, 42210000, "price must be a multiple of price_increment " + rules.tickSize().toPlainString());
        }
      }
    }
    if (rules.minQuantity() != null && qty.compareTo(rules.minQuantity()) < 0) {
      return error(422, 40010001, "qty must be >= min_order_size " + rules.minQuantity().toPlainString());
    }
    BigDecimal reference = limit != null ? limit : side == Side.BUY ? ask : bid;
    BigDecimal costBasis = qty.multiply(reference == null ? BigDecimal.ZERO : reference);
    if (rules.minNotional() != null && costBasis.compareTo(rules.minNotional()) < 0) {
      return error(403, 40310000, "cost basis must be >= minimal amount of order " + rules.minNotional().toPlainString());
    }
    if (side == Side.BUY) {
      BigDecimal available = cash.subtract(held(true));
      if (costBasis.compareTo(available) > 0) {
        return error(403, 40310000, "insufficient balance for USD (requested: " + costBasis.toPlainString()
            + ", available: " + available.toPlainString() + ")");
      }
    } else {
      BigDecimal available = position.subtract(held(false));
      if (qty.compareTo(available) > 0) {
        return error(403, 40310000, "insufficient balance for BTC (requested: " + qty.toPlainString() + ", available: "
            + available.toPlainString() + ")");
      }
    }
    FakeOrder o = new FakeOrder(cl, side, type, qty, limit, stop, tif);
    orders.put(o.id, o);
    ClientOrderId ours = AlpacaClientOrderIds.fromVenue(cl);
    if (ours != null) placements.add(ours);
    ObjectNode accepted = orderJson(o); // the answer is the order as it was accepted, before it traded
    o.status = "new";
    emit(o, "new");
    match(o, true);
    if (o.isOpen() && tif.equals("ioc") && (!type.startsWith("stop") || o.triggered)) close(o, "canceled");
    return ok(accepted);
  }

  /** "OCO Orders": an exit pair, the take-profit the parent, the stop-loss its child (see the class comment). */
  private Answer placeOco(JsonNode b, Side side, String type, String tif) {
    if (!type.equals("limit")) return error(422, 40010001, "oco orders must be limit orders");
    if (!List.of("day", "gtc").contains(tif)) return error(422, 40010001, "oco orders must be day or gtc orders");
    JsonNode tp = b.path("take_profit");
    JsonNode sl = b.path("stop_loss");
    if (!tp.hasNonNull("limit_price")) return error(422, 40010001, "oco orders require take_profit.limit_price");
    if (!sl.hasNonNull("stop_price")) return error(422, 40010001, "oco orders require stop_loss.stop_price");
    BigDecimal qty;
    BigDecimal target;
    BigDecimal stop;
    BigDecimal stopLimit;
    try {
      qty = new BigDecimal(b.path("qty").asText());
      target = new BigDecimal(tp.path("limit_price").asText());
      stop = new BigDecimal(sl.path("stop_price").asText());
      stopLimit = sl.hasNonNull("limit_price") ? new BigDecimal(sl.path("limit_price").asText()) : null;
    } catch (NumberFormatException e) {
      return error(422, 40010001, "invalid qty or price");
    }
    if (qty.signum() <= 0) return error(422, 40010001, "qty must be > 0");
    // "Threshold on stop price": $0.01 beyond the take-profit's limit and beyond the market
    BigDecimal cent = new BigDecimal("0.01");
    BigDecimal market = side == Side.SELL ? bid : ask;
    boolean beyondTarget = side == Side.SELL ? stop.compareTo(target.subtract(cent)) <= 0 : stop.compareTo(target.add(cent)) >= 0;
    boolean beyondMarket = market == null || (side == Side.SELL ? stop.compareTo(market.subtract(cent)) <= 0
        : stop.compareTo(market.add(cent)) >= 0);
    if (!beyondTarget || !beyondMarket) {
      return error(422, 40010001, "stop_loss.stop_price must be " + (side == Side.SELL ? "below" : "above")
          + " the take_profit.limit_price and the market by at least 0.01");
    }
    String cl = b.hasNonNull("client_order_id") ? b.path("client_order_id").asText() : uuid();
    if (cl.length() > 128) return error(422, 40010001, "client_order_id must be no more than 128 characters");
    for (FakeOrder o : orders.values()) {
      if (cl.equals(o.clientOrderId) && (o.isOpen() || !uniqueAmongOpenOnly)) {
        return error(422, 40010001, "client_order_id must be unique");
      }
    }
    // "currently only exit order is supported": the position must hold the quantity
    BigDecimal closable = side == Side.SELL ? position.subtract(held(false)) : position.negate();
    if (qty.compareTo(closable) > 0) {
      return error(403, 40310000, "insufficient qty available for order (requested: " + qty.toPlainString()
          + ", available: " + closable.max(BigDecimal.ZERO).toPlainString() + ")");
    }
    FakeOrder takeProfit = new FakeOrder(cl, side, "limit", qty, target, null, tif);
    FakeOrder stopLoss = new FakeOrder(uuid(), side, stopLimit == null ? "stop" : "stop_limit", qty, stopLimit, stop, tif);
    takeProfit.orderClass = "oco";
    stopLoss.orderClass = "oco";
    stopLoss.parent = takeProfit;
    takeProfit.legs.add(stopLoss);
    orders.put(takeProfit.id, takeProfit);
    orders.put(stopLoss.id, stopLoss);
    ClientOrderId ours = AlpacaClientOrderIds.fromVenue(cl);
    if (ours != null) placements.add(ours);
    ObjectNode accepted = orderJson(takeProfit, true);
    for (FakeOrder o : List.of(takeProfit, stopLoss)) {
      o.status = "new";
      emit(o, "new");
    }
    match(takeProfit, true);
    match(stopLoss, true);
    return ok(accepted);
  }

  /** "Replace an order": the leg's prices overridden; the old order {@code replaced}, a new id in its place. */
  private Answer replace(FakeOrder o, JsonNode b) {
    if (!o.isOpen()) return error(422, 42210000, "order is not replaceable");
    BigDecimal limit;
    BigDecimal stop;
    try {
      limit = b.hasNonNull("limit_price") ? new BigDecimal(b.path("limit_price").asText()) : o.limit;
      stop = b.hasNonNull("stop_price") ? new BigDecimal(b.path("stop_price").asText()) : o.stop;
    } catch (NumberFormatException e) {
      return error(422, 40010001, "invalid price");
    }
    if (o.type.equals("limit") && b.hasNonNull("stop_price")) return error(422, 40010001, "limit orders must not have stop_price");
    if (o.type.equals("stop") && b.hasNonNull("limit_price")) return error(422, 40010001, "stop orders must not have limit_price");
    String cl = b.hasNonNull("client_order_id") ? b.path("client_order_id").asText() : o.clientOrderId;
    FakeOrder next = new FakeOrder(cl, o.side, o.type, o.remaining(), limit, stop, o.timeInForce);
    next.orderClass = o.orderClass;
    next.replaces = o.id;
    o.replacedBy = next.id;
    if (o.parent != null) { // the stop-loss leg replaced: the new one is the parent's leg
      next.parent = o.parent;
      o.parent.legs.replaceAll(l -> l == o ? next : l);
    } else {
      for (FakeOrder leg : o.legs) {
        leg.parent = next;
        next.legs.add(leg);
      }
    }
    close(o, "replaced");
    orders.put(next.id, next);
    next.status = "new";
    emit(next, "new");
    match(next, true);
    return ok(orderJson(next, true));
  }

  private Answer listOrders(Map<String, String> q) {
    String status = q.getOrDefault("status", "open");
    ArrayNode list = JSON.createArrayNode();
    List<FakeOrder> all = new ArrayList<>(orders.values());
    if (!"asc".equals(q.get("direction"))) java.util.Collections.reverse(all);
    int limit = Integer.parseInt(q.getOrDefault("limit", "50"));
    boolean nested = "true".equals(q.get("nested"));
    for (FakeOrder o : all) {
      if (nested && o.parent != null) continue; // rolled up under its parent's legs
      boolean open = o.isOpen() || nested && o.legs.stream().anyMatch(FakeOrder::isOpen);
      if (status.equals("open") && !open || status.equals("closed") && open) continue;
      if (list.size() >= Math.min(limit, 500)) break;
      list.add(orderJson(o, nested));
    }
    return ok(list);
  }

  private Answer fills(Map<String, String> q) {
    boolean asc = "asc".equals(q.get("direction"));
    int pageSize = Math.min(100, Integer.parseInt(q.getOrDefault("page_size", "100")));
    Instant after = q.containsKey("after") ? Instant.parse(q.get("after")) : null;
    Instant until = q.containsKey("until") ? Instant.parse(q.get("until")) : null;
    List<FakeActivity> ordered = new ArrayList<>(activities);
    if (!asc) java.util.Collections.reverse(ordered);
    int start = 0;
    String token = q.get("page_token");
    if (token != null) {
      start = ordered.size();
      for (int i = 0; i < ordered.size(); i++) {
        if (ordered.get(i).id.equals(token)) {
          start = i + 1;
          break;
        }
      }
    }
    ArrayNode list = JSON.createArrayNode();
    for (int i = start; i < ordered.size() && list.size() < pageSize; i++) {
      FakeActivity a = ordered.get(i);
      if (after != null && !a.at.isAfter(after)) continue;
      if (until != null && !a.at.isBefore(until)) continue;
      list.add(activityJson(a));
    }
    return ok(list);
  }

  private BigDecimal held(boolean quote) {
    BigDecimal held = BigDecimal.ZERO;
    for (FakeOrder o : orders.values()) held = held.add(quote ? o.heldQuote() : o.heldBase());
    return held;
  }

  // ---------------------------------------------------------------- matching

  /** Fills what the quote allows: market at the touch, limit when crossed (at the touch on arrival, else its limit). */
  private void match(FakeOrder o, boolean arriving) {
    if (!o.isOpen() || bid == null || ask == null) return;
    if (o.type.startsWith("stop") && !o.triggered) {
      boolean hit = o.side == Side.SELL ? bid.compareTo(o.stop) <= 0 : ask.compareTo(o.stop) >= 0;
      if (!hit) return;
      o.triggered = true;
    }
    BigDecimal touch = o.side == Side.BUY ? ask : bid;
    if (o.limit != null) {
      boolean crosses = o.side == Side.BUY ? touch.compareTo(o.limit) <= 0 : touch.compareTo(o.limit) >= 0;
      if (!crosses) return;
      execute(o, o.remaining(), arriving ? touch : o.limit);
    } else {
      execute(o, o.remaining(), touch);
    }
  }

  private void execute(FakeOrder o, BigDecimal qty, BigDecimal price) {
    if (qty.signum() <= 0) return;
    BigDecimal cost = qty.multiply(price);
    o.filled = o.filled.add(qty);
    o.cost = o.cost.add(cost);
    o.updatedAt = Instant.now();
    if (o.side == Side.BUY) {
      cash = cash.subtract(cost);
      position = position.add(qty);
    } else {
      cash = cash.add(cost);
      position = position.subtract(qty);
    }
    boolean complete = o.remaining().signum() == 0;
    o.status = complete ? "filled" : "partially_filled";
    if (complete) o.filledAt = o.updatedAt;
    List<FakeOrder> cancelled = new ArrayList<>();
    for (FakeOrder other : o.siblings()) { // "Once one of the exit orders is filled, the other is canceled"
      if (!other.isOpen()) continue;
      if (complete) {
        other.status = "canceled";
        other.canceledAt = other.updatedAt = o.updatedAt;
        cancelled.add(other);
      } else {
        other.qty = other.filled.add(o.remaining()); // "adjusted to the remaining quantity"
      }
    }
    FakeActivity a = new FakeActivity(ACTIVITY_TIME.format(o.updatedAt) + "::" + uuid(), o, qty, price, o.filled,
        o.remaining(), o.status, o.updatedAt);
    activities.add(a);
    ObjectNode data = update(o, complete ? "fill" : "partial_fill", a.at);
    data.put("execution_id", uuid());
    data.put("price", price.toPlainString());
    data.put("qty", qty.toPlainString());
    data.put("position_qty", position.toPlainString());
    publish(data, true);
    for (FakeOrder other : cancelled) emit(other, "canceled");
  }

  private void close(FakeOrder o, String status) {
    o.status = status;
    o.updatedAt = Instant.now();
    if (status.equals("canceled")) o.canceledAt = o.updatedAt;
    emit(o, status);
    if (status.equals("canceled")) { // "If any one of the orders is canceled, any remaining open order in the group is canceled"
      for (FakeOrder other : o.siblings()) if (other.isOpen()) close(other, "canceled");
    }
  }

  // ---------------------------------------------------------------- streaming

  private void onWebSocketText(FakeWebSocketServer.Connection connection, String text) {
    streamMessagesIn.add(text);
    try {
      JsonNode m = JSON.readTree(text);
      String action = m.path("action").asText();
      if (action.equals("authenticate")) {
        JsonNode d = m.path("data");
        boolean ok = API_KEY.equals(d.path("key_id").asText()) && API_SECRET.equals(d.path("secret_key").asText());
        connection.authenticated = ok;
        connection.send("{\"stream\":\"authorization\",\"data\":{\"action\":\"authenticate\",\"status\":\""
            + (ok ? "authorized" : "unauthorized") + "\"}}");
        if (!ok) connection.drop();
      } else if (action.equals("listen")) {
        if (!connection.authenticated) {
          connection.send("{\"stream\":\"authorization\",\"data\":{\"action\":\"listen\",\"status\":\"unauthorized\"}}");
          connection.drop();
          return;
        }
        boolean trade = false;
        for (JsonNode s : m.path("data").path("streams")) trade |= "trade_updates".equals(s.asText());
        connection.send("{\"stream\":\"listening\",\"data\":{\"streams\":[" + (trade ? "\"trade_updates\"" : "") + "]}}");
        connection.subscribed = trade;
      }
    } catch (IOException e) {
      connection.drop();
    }
  }

  private void emit(FakeOrder o, String event) {
    publish(update(o, event, o.updatedAt), false);
  }

  private ObjectNode update(FakeOrder o, String event, Instant at) {
    ObjectNode data = JSON.createObjectNode();
    data.put("event", event);
    data.put("timestamp", at.toString());
    data.set("order", orderJson(o));
    return data;
  }

  private void publish(ObjectNode data, boolean execution) {
    ObjectNode m = JSON.createObjectNode();
    m.put("stream", "trade_updates");
    m.set("data", data);
    String text = m.toString();
    boolean twice = execution && duplicateNext;
    if (twice) duplicateNext = false;
    for (var c : ws.connections()) {
      if (!c.subscribed) continue;
      c.send(text);
      if (twice) c.send(text);
    }
  }

  // ---------------------------------------------------------------- shapes

  private ObjectNode orderJson(FakeOrder o) {
    return orderJson(o, false);
  }

  /** The Order object; {@code nested}: a parent's legs under {@code legs} (else null). */
  private ObjectNode orderJson(FakeOrder o, boolean nested) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", o.id);
    n.put("client_order_id", o.clientOrderId);
    n.put("created_at", o.createdAt.toString());
    n.put("updated_at", o.updatedAt.toString());
    n.put("submitted_at", o.createdAt.toString());
    putTime(n, "filled_at", o.filledAt);
    n.putNull("expired_at");
    putTime(n, "canceled_at", o.canceledAt);
    n.putNull("failed_at");
    n.putNull("replaced_at");
    if (o.replacedBy == null) n.putNull("replaced_by");
    else n.put("replaced_by", o.replacedBy);
    if (o.replaces == null) n.putNull("replaces");
    else n.put("replaces", o.replaces);
    n.put("asset_id", "276e2673-764b-4ab6-a611-caf665ca6340");
    n.put("symbol", venueSymbol);
    n.put("asset_class", crypto ? "crypto" : "us_equity");
    n.putNull("notional");
    n.put("qty", o.qty.toPlainString());
    n.put("filled_qty", o.filled.toPlainString());
    if (o.filled.signum() == 0) n.putNull("filled_avg_price");
    else n.put("filled_avg_price", o.cost.divide(o.filled, 9, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
    n.put("order_class", o.orderClass);
    n.put("order_type", o.type);
    n.put("type", o.type);
    n.put("side", o.side == Side.BUY ? "buy" : "sell");
    n.put("time_in_force", o.timeInForce);
    putDecimal(n, "limit_price", o.limit);
    putDecimal(n, "stop_price", o.stop);
    n.put("status", o.status);
    n.put("extended_hours", false);
    if (nested && !o.legs.isEmpty()) {
      ArrayNode legs = n.putArray("legs");
      for (FakeOrder leg : o.legs) legs.add(orderJson(leg, false));
    } else {
      n.putNull("legs");
    }
    n.putNull("trail_percent");
    n.putNull("trail_price");
    n.putNull("hwm");
    return n;
  }

  private ObjectNode activityJson(FakeActivity a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id);
    n.put("activity_type", "FILL");
    n.put("transaction_time", a.at.toString());
    n.put("type", a.leaves.signum() == 0 ? "fill" : "partial_fill");
    n.put("price", a.price.toPlainString());
    n.put("qty", a.qty.toPlainString());
    n.put("side", a.order.side == Side.BUY ? "buy" : "sell");
    n.put("symbol", venueSymbol);
    n.put("leaves_qty", a.leaves.toPlainString());
    n.put("order_id", a.order.id);
    n.put("cum_qty", a.cumQty.toPlainString());
    n.put("order_status", a.orderStatus);
    return n;
  }

  private ObjectNode accountJson() {
    BigDecimal mid = bid == null || ask == null ? BigDecimal.ZERO : bid.add(ask).divide(BigDecimal.valueOf(2));
    BigDecimal longValue = position.max(BigDecimal.ZERO).multiply(mid);
    BigDecimal equity = cash.add(longValue);
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "1d9eed04-be39-4e01-9b84-a48ac5bbafcf");
    n.put("account_number", "PA3FAKE00001");
    n.put("status", "ACTIVE");
    n.put("crypto_status", "ACTIVE");
    n.put("currency", "USD");
    n.put("buying_power", cash.subtract(held(true)).toPlainString());
    n.put("regt_buying_power", cash.subtract(held(true)).toPlainString());
    n.put("non_marginable_buying_power", cash.subtract(held(true)).toPlainString());
    n.put("cash", cash.toPlainString());
    n.put("accrued_fees", "0");
    n.put("portfolio_value", equity.toPlainString());
    n.put("trading_blocked", false);
    n.put("transfers_blocked", false);
    n.put("account_blocked", false);
    n.put("created_at", "2026-01-01T18:20:20.272275Z");
    n.put("trade_suspended_by_user", false);
    n.put("multiplier", "1");
    n.put("shorting_enabled", false);
    n.put("equity", equity.toPlainString());
    n.put("last_equity", equity.toPlainString());
    n.put("long_market_value", longValue.toPlainString());
    n.put("short_market_value", "0");
    n.put("initial_margin", "0");
    n.put("maintenance_margin", "0");
    return n;
  }

  private ArrayNode positionsJson() {
    ArrayNode list = JSON.createArrayNode();
    if (position.signum() == 0) return list;
    BigDecimal bought = BigDecimal.ZERO;
    BigDecimal spent = BigDecimal.ZERO;
    for (FakeActivity a : activities) {
      if (a.order.side == Side.BUY) {
        bought = bought.add(a.qty);
        spent = spent.add(a.qty.multiply(a.price));
      }
    }
    BigDecimal avg = bought.signum() == 0 ? BigDecimal.ZERO : spent.divide(bought, 9, RoundingMode.HALF_UP);
    BigDecimal price = bid == null ? BigDecimal.ZERO : bid;
    ObjectNode n = list.addObject();
    n.put("asset_id", "276e2673-764b-4ab6-a611-caf665ca6340");
    n.put("symbol", positionSymbol);
    n.put("exchange", crypto ? "CRYPTO" : "NASDAQ");
    n.put("asset_class", crypto ? "crypto" : "us_equity");
    n.put("asset_marginable", false);
    n.put("avg_entry_price", avg.stripTrailingZeros().toPlainString());
    n.put("qty", position.abs().toPlainString());
    n.put("side", position.signum() > 0 ? "long" : "short");
    n.put("market_value", position.multiply(price).toPlainString());
    n.put("cost_basis", position.multiply(avg).toPlainString());
    n.put("current_price", price.toPlainString());
    n.put("qty_available", position.subtract(held(false)).toPlainString());
    return list;
  }

  private ObjectNode assetJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "276e2673-764b-4ab6-a611-caf665ca6340");
    n.put("class", crypto ? "crypto" : "us_equity");
    n.put("exchange", crypto ? "CRYPTO" : "NASDAQ");
    n.put("symbol", venueSymbol);
    n.put("name", crypto ? "Bitcoin  / US Dollar" : venueSymbol + " Common Stock");
    n.put("status", "active");
    n.put("tradable", true);
    n.put("marginable", false);
    n.put("maintenance_margin_requirement", 100);
    n.put("shortable", false);
    n.put("easy_to_borrow", false);
    n.put("fractionable", fractionable);
    if (crypto) { // a US equity publishes none of them ("Assets")
      putDecimal(n, "min_order_size", rules.minQuantity());
      putDecimal(n, "min_trade_increment", rules.lotSize());
      putDecimal(n, "price_increment", rules.tickSize());
    }
    n.putArray("attributes");
    return n;
  }

  // ---------------------------------------------------------------- helpers

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static void putTime(ObjectNode n, String field, Instant at) {
    if (at == null) n.putNull(field);
    else n.put(field, at.toString());
  }

  private static void putDecimal(ObjectNode n, String field, BigDecimal d) {
    if (d == null) n.putNull(field);
    else n.put(field, d.toPlainString());
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body.toString());
  }

  private static Answer notFound() {
    return error(404, 40410000, "order not found");
  }

  private static Answer error(int status, long code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    return new Answer(status, n.toString());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
    exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
    if (status != 204) exchange.getResponseBody().write(bytes);
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
