package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.actors.orderpath.venue.conformance.FakeWebSocketServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kraken spot account on 127.0.0.1, REST and WebSocket v2, built from Kraken's published API documentation
 * (docs.kraken.com/api, as mirrored in the generated OpenAPI of {@code api-evangelist/kraken}
 * {@code openapi/_original/kraken-spot-rest-openapi.yml}, whose shapes come from docs.kraken.com/api/docs/rest-api):
 *
 * <ul>
 *   <li>Authentication — "Spot REST Authentication": {@code API-Key} header, {@code API-Sign} = HMAC-SHA512(path +
 *       SHA256(nonce + POST data)) with the base64-decoded secret, verified on every private call; the nonce must be
 *       above the highest seen for the key, else {@code EAPI:Invalid nonce}; bad signature {@code EAPI:Invalid
 *       signature}, unknown key {@code EAPI:Invalid key}.
 *   <li>Envelope — every answer is {@code {"error":[...],"result":{...}}} ("Spot REST API" introduction / the error
 *       list of the support article "API error messages"); API errors come with HTTP 200.
 *   <li>{@code GET /0/public/Time} ({unixtime, rfc1123}), {@code GET /0/public/AssetPairs} (altname, wsname, base,
 *       quote, pair_decimals, lot_decimals, ordermin, costmin, tick_size, status) — "Market Data".
 *   <li>{@code POST /0/private/AddOrder} (ordertype market/limit/stop-loss/stop-loss-limit, type, volume, pair, price,
 *       price2, timeinforce GTC/IOC/GTD, expiretm, cl_ord_id) → {descr:{order}, txid:[...]}; {@code CancelOrder}
 *       (txid or cl_ord_id) → {count, pending}; {@code OpenOrders} / {@code ClosedOrders} (trades, cl_ord_id) →
 *       {open:{txid:OrderInfo}} / {closed:{...}, count}; {@code QueryOrders} (txid list) → {txid:OrderInfo}; {@code QueryTrades} (txid list) → {tradeid:TradeInfo};
 *       {@code TradesHistory} (start exclusive, end, ofs; 50 per page, newest first) → {trades, count};
 *       {@code Balance}, {@code BalanceEx} (balance, hold_trade), {@code TradeBalance} (eb, tb, ...);
 *       {@code GetWebSocketsToken} → {token, expires} — "Account Data", "Trading", "WebSocket Authentication".
 *   <li>Balances held by open orders — "Get Extended Balance" (docs.kraken.com/api/docs/rest-api/get-extended-balance):
 *       {@code hold_trade} is what open spot orders hold, and "available balance = balance + credit - credit_used -
 *       hold_trade" (no credit here). An open sell holds its remaining base volume (a stop-loss too, before it triggers),
 *       an open buy its remaining cost in quote; an AddOrder (docs.kraken.com/api/docs/rest-api/add-order) beyond the
 *       available balance is refused {@code EOrder:Insufficient funds} — so on spot, with no OCO and no reduce-only, a
 *       second exit for the same position (a target beside a resting stop, a close beside either) is refused.
 *   <li>Order errors: {@code EOrder:Insufficient funds}, {@code EOrder:Order minimum not met}, {@code EOrder:Cost
 *       minimum not met}, {@code EGeneral:Invalid arguments:volume}, {@code EOrder:Invalid price:<pair> price can only
 *       be specified up to N decimals.}, {@code EOrder:Unknown order}, {@code EAPI:Rate limit exceeded} (Kraken's rate
 *       limit is a decaying counter and sends no Retry-After).
 *   <li>WebSocket v2 — "WebSocket v2 / Executions": subscribe {@code {"method":"subscribe","params":{"channel":
 *       "executions","token":...}}} acknowledged {@code {"method":"subscribe","result":{"channel":"executions",...},
 *       "success":true,"time_in","time_out"}}; updates {@code {"channel":"executions","type":"update","data":[...],
 *       "sequence":n}} with exec_type new/trade/canceled, order_id, cl_ord_id, exec_id (the trade id for a trade),
 *       trade_id, symbol (BTC/USD), side, last_qty, last_price, liquidity_ind, cost, cum_qty, order_qty,
 *       order_status, order_type, fees [{asset, qty}], timestamp; "WebSocket v2 / Heartbeat": {"channel":"heartbeat"}.
 * </ul>
 *
 * <p>The {@link VenueScript} faults in Kraken's terms: a place that times out after Kraken accepted it, 5xx before or
 * after accepting, the stream dropped, an execution message sent twice, Kraken's rate-limit error until a time (with
 * requests before it counted as violations), a key whose nonces were used by a clock ahead of ours (Invalid nonce
 * until the adapter moves past it), and orders placed on the account outside the fleet (no cl_ord_id).
 *
 * <p>What a test can ask afterwards: how many nonces were refused ({@link #invalidNonces}), and each REST request's
 * User-Agent and parameter names in order ({@link #requests}), which tell the adapter's own client from XChange's.
 */
public final class FakeKraken implements VenueScript, AutoCloseable {
  public static final String API_KEY = "fake-kraken-key";
  /** Kraken's own published example secret (Spot REST Authentication), so nothing real is ever near a test. */
  public static final String API_SECRET =
      "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";
  public static final String PAIR = "XXBTZUSD";
  public static final String ALTNAME = "XBTUSD";
  public static final String WSNAME = "XBT/USD";
  public static final String V2_SYMBOL = "BTC/USD";
  public static final String BASE = "XXBT";
  public static final String QUOTE = "ZUSD";
  public static final String SYMBOL = "BTC";

  private static final ObjectMapper JSON = KrakenRest.JSON.copy()
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final Set<String> ORDER_PATH =
      Set.of("AddOrder", "CancelOrder", "QueryOrders", "OpenOrders", "ClosedOrders", "QueryTrades");
  private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final class FakeOrder {
    final String txid;
    final String clOrdId;
    final Side side;
    final String ordertype;
    final BigDecimal volume;
    final BigDecimal price;
    final BigDecimal price2;
    final String timeInForce;
    final BigDecimal opentm;
    String status = "open";
    String reason;
    BigDecimal executed = BigDecimal.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal fee = BigDecimal.ZERO;
    BigDecimal closetm;
    boolean triggered;
    final List<String> trades = new ArrayList<>();

    FakeOrder(String txid, String clOrdId, Side side, String ordertype, BigDecimal volume, BigDecimal price,
        BigDecimal price2, String timeInForce) {
      this.txid = txid;
      this.clOrdId = clOrdId;
      this.side = side;
      this.ordertype = ordertype;
      this.volume = volume;
      this.price = price;
      this.price2 = price2;
      this.timeInForce = timeInForce;
      this.opentm = nowSeconds();
    }

    BigDecimal remaining() {
      return volume.subtract(executed);
    }

    boolean isOpen() {
      return status.equals("open") || status.equals("pending");
    }

    /** The limit this order trades at, null for market (after a stop triggered: its limit or market). */
    BigDecimal limit() {
      return switch (ordertype) {
        case "limit" -> price;
        case "stop-loss-limit" -> price2;
        default -> null;
      };
    }

    BigDecimal heldQuote() {
      if (!isOpen() || side != Side.BUY) return BigDecimal.ZERO;
      BigDecimal at = limit() != null ? limit() : ask;
      return remaining().multiply(at == null ? BigDecimal.ZERO : at);
    }

    BigDecimal heldBase() {
      return isOpen() && side == Side.SELL ? remaining() : BigDecimal.ZERO;
    }
  }

  private record FakeTrade(String id, FakeOrder order, BigDecimal price, BigDecimal vol, BigDecimal cost,
      BigDecimal fee, BigDecimal time) {}

  private final HttpServer http;
  private final FakeWebSocketServer ws;
  private final java.util.Set<Object> silenced = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-kraken-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private final byte[] secret = Base64.getDecoder().decode(API_SECRET);
  private final Random random = new Random(18);
  private final KrakenClientOrderIds ids = new KrakenClientOrderIds();

  private final Map<String, FakeOrder> orders = new LinkedHashMap<>();
  private final Map<String, FakeTrade> trades = new LinkedHashMap<>();
  private final Map<String, BigDecimal> balances = new HashMap<>();
  private final List<ClientOrderId> placements = new CopyOnWriteArrayList<>();
  private final List<String> refusedOrders = new CopyOnWriteArrayList<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private BigDecimal bid;
  private BigDecimal ask;
  private InstrumentRules rules = InstrumentRules.none(SYMBOL);
  private BigDecimal feeRate = BigDecimal.ZERO;
  private long highestNonce;
  private Duration skew = Duration.ZERO;
  private long sequence;

  private String nextError;
  private boolean placeTimesOut;
  private int fail5xx; // 0 none, 1 before, 2 after accept
  private boolean duplicateNext;
  private Instant rateLimitedUntil;
  private boolean rateLimitNext;
  private Duration rateLimitFor;
  private final AtomicInteger violations = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger invalidNonces = new AtomicInteger();
  private final List<Request> received = new CopyOnWriteArrayList<>();

  /** A REST request as it arrived: its method, User-Agent header and the names of its parameters in order. */
  public record Request(String method, String userAgent, List<String> parameters) {}

  public FakeKraken() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    http.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fake-kraken-rest");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/0/", this::handle);
    http.start();
    ws = new FakeWebSocketServer(this::onWebSocketText);
    heartbeat.scheduleAtFixedRate(() -> {
      for (var c : ws.connections()) if (c.subscribed && !silenced.contains(c)) c.send("{\"channel\":\"heartbeat\"}");
    }, 1, 1, TimeUnit.SECONDS);
  }

  public URI restBase() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public URI webSocketUrl() {
    return URI.create("ws://127.0.0.1:" + ws.port() + "/v2");
  }

  /** The universe symbol's mapping, as the adapter is given it. */
  public static KrakenSymbol symbolMapping() {
    return KrakenSymbol.of(SYMBOL, WSNAME, PAIR);
  }

  /** Long client order ids of these bots decode (as the adapter's registry would). */
  public void knowBots(String... botIds) {
    for (String b : botIds) ids.register(b);
  }

  public synchronized void feeRate(BigDecimal rate) {
    this.feeRate = rate;
  }

  /** How many times a REST method was called (AddOrder, CancelOrder, ...). */
  public int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  /** How many private requests were refused with {@code EAPI:Invalid nonce} (not above the highest seen). */
  public int invalidNonces() {
    return invalidNonces.get();
  }

  /** Every REST request of this method, in the order they arrived. */
  public List<Request> requests(String method) {
    return received.stream().filter(r -> r.method().equals(method)).toList();
  }

  /** The next order-path request is answered with this Kraken error (HTTP 200, nothing done). */
  public synchronized void answerNextWith(String error) {
    nextError = error;
  }

  public int subscribedConnections() {
    return (int) ws.connections().stream().filter(c -> c.subscribed).count();
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
    // "free": what is held by open orders comes on top
    BigDecimal held = BigDecimal.ZERO;
    for (FakeOrder o : orders.values()) held = held.add(asset.equals(QUOTE) ? o.heldQuote() : asset.equals(BASE) ? o.heldBase() : BigDecimal.ZERO);
    balances.put(asset, free.add(held));
  }

  @Override
  public String quoteAsset() {
    return QUOTE;
  }

  @Override
  public String baseAsset() {
    return BASE;
  }

  @Override
  public synchronized void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    String cl = KrakenClientOrderIds.format(id);
    FakeOrder order = orders.values().stream().filter(o -> cl.equals(o.clOrdId) && o.isOpen()).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("no open order " + id + " at the fake"));
    execute(order, quantity.min(order.remaining()), price, "m");
  }

  @Override
  public synchronized void nextPlaceTimesOutAfterAccept() {
    placeTimesOut = true;
  }

  @Override
  public synchronized void nextRequestFailsWith5xx(boolean afterAccept) {
    fail5xx = afterAccept ? 2 : 1;
  }

  /**
   * The connections open now go silent (no heartbeat, no close): a half-open connection, as a dead network path
   * leaves it. New connections are heard as before.
   */
  public void silenceStream() {
    silenced.addAll(ws.connections());
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
  public synchronized void skewClock(Duration skew) {
    this.skew = skew;
    // another session of this key, on the venue's clock, used nonces up to now + skew (microseconds)
    Instant venueNow = Instant.now().plus(skew);
    highestNonce = Math.max(highestNonce, venueNow.getEpochSecond() * 1_000_000L + venueNow.getNano() / 1000);
  }

  @Override
  public synchronized VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    FakeOrder o = new FakeOrder(txid('O'), null, side, "limit", quantity, limitPrice, null, "GTC");
    orders.put(o.txid, o);
    match(o, true);
    return new VenueOrderView(o.txid, null, null, SYMBOL, side, OrderType.LIMIT, quantity, limitPrice, null,
        o.executed, o.isOpen() ? OrderStatus.WORKING : OrderStatus.FILLED, Instant.now());
  }

  @Override
  public List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  @Override
  public synchronized List<VenueExecution> executions() {
    List<VenueExecution> all = new ArrayList<>();
    for (FakeTrade t : trades.values()) {
      all.add(new VenueExecution(t.id, t.order.txid, ids.decode(t.order.clOrdId), SYMBOL, t.order.side, t.vol, t.price,
          t.fee, toInstant(t.time)));
    }
    return all;
  }

  public synchronized BigDecimal balanceOf(String asset) {
    return balances.getOrDefault(asset, BigDecimal.ZERO);
  }

  /** Kraken's errors to every AddOrder it refused (after authentication), in order. */
  public List<String> refusedOrders() {
    return List.copyOf(refusedOrders);
  }

  /** What open orders hold of {@code asset}, as BalanceEx's {@code hold_trade} says. */
  public synchronized BigDecimal holdTrade(String asset) {
    return held(asset);
  }

  /** The open orders, each as Kraken's order description ({@code descr.order}-like: "sell 0.03 XBTUSD @ stop-loss 41000"). */
  public synchronized List<String> openOrders() {
    return orders.values().stream().filter(FakeOrder::isOpen).map(o -> (o.side == Side.BUY ? "buy " : "sell ")
        + plain(o.volume) + " " + ALTNAME + " @ " + (o.price == null ? "market" : o.ordertype + " " + plain(o.price)))
        .toList();
  }

  /**
   * An adapter for {@code venueId} on this fake, signed with its key, through a generous counter budget (Kraken's
   * starter tier would make a test wait; the gate after Kraken's own refusal is what the tests of it exercise).
   */
  public KrakenSpotAdapter adapter(String venueId, String account, Duration ratePause) {
    var settings = KrakenSpotAdapter.Settings.production().withEndpoints(restBase(), webSocketUrl())
        .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(100), ratePause);
    var limiter = VenueRateLimiter.create(venueId,
        List.of(new VenueRateLimiter.Budget(KrakenRequestGate.REST_COUNTER, 10_000, Duration.ofSeconds(1))),
        Duration.ofSeconds(5));
    return new KrakenSpotAdapter(venueId, account, VenueMode.LIVE, KrakenCredentials.of(API_KEY, API_SECRET), settings,
        List.of(symbolMapping()), QUOTE, KrakenRequestGate.of(limiter), Set.of(), Clock.systemUTC());
  }

  // ---------------------------------------------------------------- REST

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = path.substring(path.lastIndexOf('/') + 1);
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
      requests.incrementAndGet();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> params = parse(path.startsWith("/0/public/") ? exchange.getRequestURI().getRawQuery() : body);
      received.add(new Request(method, exchange.getRequestHeaders().getFirst("User-Agent"), List.copyOf(params.keySet())));

      String limited = rateLimit();
      if (limited != null) {
        send(exchange, 200, JSON.writeValueAsString(error(limited)));
        return;
      }
      // faults hit the order path's requests, not the adapter's background ones (stream token, gap-fill, account)
      boolean trading = ORDER_PATH.contains(method);
      int fault = 0;
      boolean timeout = false;
      String scripted = null;
      synchronized (this) {
        if (trading && nextError != null) {
          scripted = nextError;
          nextError = null;
        }
        if (trading && fail5xx != 0) {
          fault = fail5xx;
          fail5xx = 0;
        }
        if (method.equals("AddOrder") && placeTimesOut) {
          timeout = true;
          placeTimesOut = false;
        }
      }
      if (scripted != null) {
        send(exchange, 200, JSON.writeValueAsString(error(scripted)));
        return;
      }
      if (fault == 1) {
        send(exchange, 503, "<html><body>503 Service Unavailable</body></html>");
        return;
      }
      ObjectNode answer;
      if (path.startsWith("/0/public/")) {
        answer = publicCall(method, params);
      } else {
        String authError = authenticate(exchange, path, body, params);
        answer = authError != null ? error(authError) : privateCall(method, params);
      }
      if (timeout) {
        closing.await(30, TimeUnit.SECONDS); // accepted, but the answer never comes: the client times out
        return;
      }
      if (fault == 2) {
        send(exchange, 502, "<html><body>502 Bad Gateway</body></html>");
        return;
      }
      send(exchange, 200, JSON.writeValueAsString(answer));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized String rateLimit() {
    Instant now = Instant.now();
    if (rateLimitedUntil != null && now.isBefore(rateLimitedUntil)) {
      violations.incrementAndGet();
      return "EAPI:Rate limit exceeded";
    }
    if (rateLimitNext) {
      rateLimitNext = false;
      rateLimitedUntil = now.plus(rateLimitFor);
      return "EAPI:Rate limit exceeded";
    }
    return null;
  }

  private synchronized String authenticate(HttpExchange exchange, String path, String body, Map<String, String> params) {
    String key = exchange.getRequestHeaders().getFirst("API-Key");
    String sign = exchange.getRequestHeaders().getFirst("API-Sign");
    String nonce = params.get("nonce");
    if (!API_KEY.equals(key)) return "EAPI:Invalid key";
    if (nonce == null || sign == null) return "EAPI:Invalid signature";
    if (!KrakenSigner.sign(path, nonce, body, secret).equals(sign)) return "EAPI:Invalid signature";
    long n;
    try {
      n = Long.parseLong(nonce);
    } catch (NumberFormatException e) {
      return "EAPI:Invalid nonce";
    }
    if (n <= highestNonce) {
      invalidNonces.incrementAndGet();
      return "EAPI:Invalid nonce";
    }
    highestNonce = n;
    return null;
  }

  private synchronized ObjectNode publicCall(String method, Map<String, String> params) {
    ObjectNode result = JSON.createObjectNode();
    switch (method) {
      case "Time" -> {
        Instant now = Instant.now().plus(skew);
        result.put("unixtime", now.getEpochSecond());
        result.put("rfc1123", RFC1123.format(now));
      }
      case "AssetPairs" -> {
        ObjectNode p = result.putObject(PAIR);
        p.put("altname", ALTNAME);
        p.put("wsname", WSNAME);
        p.put("aclass_base", "currency");
        p.put("base", BASE);
        p.put("aclass_quote", "currency");
        p.put("quote", QUOTE);
        p.put("pair_decimals", rules.tickSize() == null ? 1 : rules.tickSize().stripTrailingZeros().scale());
        p.put("lot_decimals", rules.lotSize() == null ? 8 : rules.lotSize().stripTrailingZeros().scale());
        p.put("lot_multiplier", 1);
        if (rules.minQuantity() != null) p.put("ordermin", rules.minQuantity().toPlainString());
        if (rules.minNotional() != null) p.put("costmin", rules.minNotional().toPlainString());
        if (rules.tickSize() != null) p.put("tick_size", rules.tickSize().toPlainString());
        p.put("status", "online");
      }
      default -> {
        return error("EGeneral:Unknown method");
      }
    }
    return ok(result);
  }

  private synchronized ObjectNode privateCall(String method, Map<String, String> params) {
    return switch (method) {
      case "AddOrder" -> {
        ObjectNode answer = addOrder(params);
        answer.path("error").forEach(e -> refusedOrders.add(e.asText()));
        yield answer;
      }
      case "CancelOrder" -> cancelOrder(params);
      case "OpenOrders" -> ordersResult("open", params, true);
      case "ClosedOrders" -> ordersResult("closed", params, false);
      case "QueryTrades" -> queryTrades(params);
      case "QueryOrders" -> {
        ObjectNode r = JSON.createObjectNode();
        for (String id : params.getOrDefault("txid", "").split(",")) {
          FakeOrder o = orders.get(id.trim());
          if (o != null) r.set(o.txid, orderInfo(o, "true".equals(params.get("trades"))));
        }
        yield ok(r);
      }
      case "TradesHistory" -> tradesHistory(params);
      case "Balance" -> {
        ObjectNode r = JSON.createObjectNode();
        balances.forEach((a, v) -> r.put(a, v.setScale(10, RoundingMode.HALF_UP).toPlainString()));
        yield ok(r);
      }
      case "BalanceEx" -> {
        ObjectNode r = JSON.createObjectNode();
        balances.forEach((a, v) -> {
          ObjectNode b = r.putObject(a);
          b.put("balance", v.setScale(10, RoundingMode.HALF_UP).toPlainString());
          b.put("hold_trade", held(a).setScale(10, RoundingMode.HALF_UP).toPlainString());
        });
        yield ok(r);
      }
      case "TradeBalance" -> {
        BigDecimal mid = bid == null || ask == null ? BigDecimal.ZERO : bid.add(ask).divide(BigDecimal.valueOf(2));
        BigDecimal eb = balances.getOrDefault(QUOTE, BigDecimal.ZERO)
            .add(balances.getOrDefault(BASE, BigDecimal.ZERO).multiply(mid));
        ObjectNode r = JSON.createObjectNode();
        r.put("eb", eb.setScale(4, RoundingMode.HALF_UP).toPlainString());
        r.put("tb", balances.getOrDefault(QUOTE, BigDecimal.ZERO).toPlainString());
        for (String k : List.of("m", "n", "c", "v", "e", "mf", "uv")) r.put(k, "0.0000");
        yield ok(r);
      }
      case "GetWebSocketsToken" -> {
        String token = Base64.getEncoder().withoutPadding().encodeToString(new byte[] {(byte) random.nextInt(),
            (byte) random.nextInt(), (byte) random.nextInt(), (byte) random.nextInt(), (byte) random.nextInt(),
            (byte) random.nextInt()}) + tokens.size();
        tokens.add(token);
        ObjectNode r = JSON.createObjectNode();
        r.put("token", token);
        r.put("expires", 900);
        yield ok(r);
      }
      default -> error("EGeneral:Unknown method");
    };
  }

  private BigDecimal held(String asset) {
    BigDecimal held = BigDecimal.ZERO;
    for (FakeOrder o : orders.values()) {
      held = held.add(asset.equals(QUOTE) ? o.heldQuote() : asset.equals(BASE) ? o.heldBase() : BigDecimal.ZERO);
    }
    return held;
  }

  private ObjectNode addOrder(Map<String, String> p) {
    String pair = p.get("pair");
    if (!PAIR.equals(pair) && !ALTNAME.equals(pair)) return error("EQuery:Unknown asset pair");
    String ordertype = p.get("ordertype");
    if (!List.of("market", "limit", "stop-loss", "stop-loss-limit").contains(ordertype)) {
      return error("EGeneral:Invalid arguments:ordertype");
    }
    Side side = "buy".equals(p.get("type")) ? Side.BUY : "sell".equals(p.get("type")) ? Side.SELL : null;
    if (side == null) return error("EGeneral:Invalid arguments:type");
    BigDecimal volume;
    BigDecimal price;
    BigDecimal price2;
    try {
      volume = new BigDecimal(p.getOrDefault("volume", ""));
      price = p.containsKey("price") ? new BigDecimal(p.get("price")) : null;
      price2 = p.containsKey("price2") ? new BigDecimal(p.get("price2")) : null;
    } catch (NumberFormatException e) {
      return error("EGeneral:Invalid arguments");
    }
    if (volume.signum() <= 0) return error("EGeneral:Invalid arguments:volume");
    if (!ordertype.equals("market") && price == null) return error("EGeneral:Invalid arguments:price");
    String cl = p.get("cl_ord_id");
    if (cl != null) {
      boolean format = cl.length() <= 18 || (cl.length() == 32 && cl.matches("[0-9a-fA-F]+"))
          || cl.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
      if (!format) return error("EGeneral:Invalid arguments:cl_ord_id");
      for (FakeOrder o : orders.values()) {
        // unique among open orders only ("Spot Client Order Identifiers"); the error text is ours: Kraken's published
        // error list has no entry for it, so the adapter does not rely on the text (it queries after any refusal)
        if (cl.equals(o.clOrdId) && o.isOpen()) return error("EOrder:Duplicate cl_ord_id");
      }
    }
    // the venue's rules, as Kraken words them
    if (rules.lotSize() != null && volume.remainder(rules.lotSize()).signum() != 0) {
      return error("EGeneral:Invalid arguments:volume");
    }
    if (rules.tickSize() != null) {
      for (BigDecimal px : new BigDecimal[] {price, price2}) {
        if (px != null && px.remainder(rules.tickSize()).signum() != 0) {
          return error("EOrder:Invalid price:" + ALTNAME + " price can only be specified up to "
              + rules.tickSize().stripTrailingZeros().scale() + " decimals.");
        }
      }
    }
    if (rules.minQuantity() != null && volume.compareTo(rules.minQuantity()) < 0) {
      return error("EOrder:Order minimum not met");
    }
    BigDecimal reference = ordertype.equals("limit") ? price : ordertype.equals("stop-loss-limit") ? price2 : ask;
    if (ordertype.startsWith("stop")) reference = ordertype.equals("stop-loss-limit") ? price2 : price;
    if (rules.minNotional() != null && reference != null
        && volume.multiply(reference).compareTo(rules.minNotional()) < 0) {
      return error("EOrder:Cost minimum not met");
    }
    if (side == Side.BUY) {
      BigDecimal free = balances.getOrDefault(QUOTE, BigDecimal.ZERO).subtract(held(QUOTE));
      BigDecimal cost = volume.multiply(reference == null ? BigDecimal.ZERO : reference);
      if (cost.multiply(BigDecimal.ONE.add(feeRate)).compareTo(free) > 0) return error("EOrder:Insufficient funds");
    } else {
      BigDecimal free = balances.getOrDefault(BASE, BigDecimal.ZERO).subtract(held(BASE));
      if (volume.compareTo(free) > 0) return error("EOrder:Insufficient funds");
    }
    String tif = p.getOrDefault("timeinforce", "GTC");
    FakeOrder o = new FakeOrder(txid('O'), cl, side, ordertype, volume, price, price2, tif);
    orders.put(o.txid, o);
    if (cl != null) {
      ClientOrderId ours = ids.decode(cl);
      if (ours != null) placements.add(ours);
    }
    emit(o, "new", null);
    match(o, true);
    if (o.isOpen() && tif.equals("IOC") && !o.ordertype.startsWith("stop")) {
      close(o, "canceled", "Insufficient liquidity");
    }
    ObjectNode r = JSON.createObjectNode();
    r.putObject("descr").put("order", (side == Side.BUY ? "buy " : "sell ") + volume.toPlainString() + " " + ALTNAME
        + " @ " + (price == null ? "market" : ordertype + " " + price.toPlainString()));
    r.putArray("txid").add(o.txid);
    return ok(r);
  }

  private ObjectNode cancelOrder(Map<String, String> p) {
    String key = p.containsKey("cl_ord_id") ? p.get("cl_ord_id") : p.get("txid");
    FakeOrder target = null;
    for (FakeOrder o : orders.values()) {
      if ((key.equals(o.txid) || key.equals(o.clOrdId)) && o.isOpen()) target = o;
    }
    if (target == null) return error("EOrder:Unknown order");
    close(target, "canceled", "User requested");
    ObjectNode r = JSON.createObjectNode();
    r.put("count", 1);
    r.put("pending", false);
    return ok(r);
  }

  private ObjectNode ordersResult(String key, Map<String, String> p, boolean open) {
    boolean withTrades = "true".equals(p.get("trades"));
    String cl = p.get("cl_ord_id");
    ObjectNode r = JSON.createObjectNode();
    ObjectNode list = r.putObject(key);
    int count = 0;
    List<FakeOrder> newestFirst = new ArrayList<>(orders.values());
    newestFirst.sort(Comparator.comparing((FakeOrder o) -> o.opentm).reversed());
    for (FakeOrder o : newestFirst) {
      if (o.isOpen() != open) continue;
      if (cl != null && !cl.equals(o.clOrdId)) continue;
      count++;
      if (count <= 50) list.set(o.txid, orderInfo(o, withTrades));
    }
    if (!open) r.put("count", count);
    return ok(r);
  }

  private ObjectNode orderInfo(FakeOrder o, boolean withTrades) {
    ObjectNode n = JSON.createObjectNode();
    n.putNull("refid");
    n.put("userref", 0);
    if (o.clOrdId != null) n.put("cl_ord_id", o.clOrdId);
    n.put("status", o.status);
    if (o.reason != null) n.put("reason", o.reason);
    else n.putNull("reason");
    n.put("opentm", o.opentm);
    if (o.closetm != null) n.put("closetm", o.closetm);
    n.put("starttm", 0);
    n.put("expiretm", 0);
    ObjectNode d = n.putObject("descr");
    d.put("pair", ALTNAME);
    d.put("type", o.side == Side.BUY ? "buy" : "sell");
    d.put("ordertype", o.ordertype);
    d.put("price", o.price == null ? "0" : o.price.toPlainString());
    d.put("price2", o.price2 == null ? "0" : o.price2.toPlainString());
    d.put("leverage", "none");
    d.put("order", (o.side == Side.BUY ? "buy " : "sell ") + o.volume.toPlainString() + " " + ALTNAME);
    d.put("close", "");
    n.put("vol", o.volume.setScale(8, RoundingMode.UNNECESSARY).toPlainString());
    n.put("vol_exec", o.executed.setScale(8, RoundingMode.UNNECESSARY).toPlainString());
    n.put("cost", o.cost.toPlainString());
    n.put("fee", o.fee.toPlainString());
    n.put("price", o.executed.signum() == 0 ? "0" : o.cost.divide(o.executed, 8, RoundingMode.HALF_UP).toPlainString());
    n.put("stopprice", "0.00000");
    n.put("limitprice", "0.00000");
    n.put("misc", "");
    n.put("oflags", "fciq");
    if (withTrades && !o.trades.isEmpty()) {
      ArrayNode t = n.putArray("trades");
      o.trades.forEach(t::add);
    }
    return n;
  }

  private ObjectNode tradeInfo(FakeTrade t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ordertxid", t.order.txid);
    n.put("postxid", txid('T'));
    n.put("pair", PAIR);
    n.put("time", t.time);
    n.put("type", t.order.side == Side.BUY ? "buy" : "sell");
    n.put("ordertype", t.order.ordertype);
    n.put("price", t.price.toPlainString());
    n.put("cost", t.cost.toPlainString());
    n.put("fee", t.fee.toPlainString());
    n.put("vol", t.vol.toPlainString());
    n.put("margin", "0.00000");
    n.put("misc", "");
    n.put("trade_id", trades.size());
    n.put("maker", true);
    return n;
  }

  private ObjectNode queryTrades(Map<String, String> p) {
    ObjectNode r = JSON.createObjectNode();
    for (String id : p.getOrDefault("txid", "").split(",")) {
      FakeTrade t = trades.get(id.trim());
      if (t != null) r.set(t.id, tradeInfo(t));
    }
    return ok(r);
  }

  private ObjectNode tradesHistory(Map<String, String> p) {
    BigDecimal start = p.containsKey("start") ? new BigDecimal(p.get("start")) : null;
    BigDecimal end = p.containsKey("end") ? new BigDecimal(p.get("end")) : null;
    int ofs = Integer.parseInt(p.getOrDefault("ofs", "0"));
    List<FakeTrade> matching = new ArrayList<>();
    for (FakeTrade t : trades.values()) {
      if (start != null && t.time.compareTo(start) <= 0) continue; // exclusive
      if (end != null && t.time.compareTo(end) > 0) continue;
      matching.add(t);
    }
    matching.sort(Comparator.comparing(FakeTrade::time).reversed());
    ObjectNode r = JSON.createObjectNode();
    ObjectNode list = r.putObject("trades");
    for (int i = ofs; i < Math.min(matching.size(), ofs + 50); i++) list.set(matching.get(i).id, tradeInfo(matching.get(i)));
    r.put("count", matching.size());
    return ok(r);
  }

  // ---------------------------------------------------------------- matching

  /** Fills what the quote allows: market at the touch, limit when crossed (at the touch on arrival, else its limit). */
  private void match(FakeOrder o, boolean arriving) {
    if (!o.isOpen() || bid == null || ask == null) return;
    if (o.ordertype.startsWith("stop") && !o.triggered) {
      boolean hit = o.side == Side.SELL ? bid.compareTo(o.price) <= 0 : ask.compareTo(o.price) >= 0;
      if (!hit) return;
      o.triggered = true;
    }
    BigDecimal touch = o.side == Side.BUY ? ask : bid;
    BigDecimal limit = o.limit();
    if (limit != null) {
      boolean crosses = o.side == Side.BUY ? touch.compareTo(limit) <= 0 : touch.compareTo(limit) >= 0;
      if (!crosses) return;
      execute(o, o.remaining(), arriving ? touch : limit, arriving ? "t" : "m");
    } else {
      execute(o, o.remaining(), touch, "t");
    }
  }

  private void execute(FakeOrder o, BigDecimal qty, BigDecimal price, String liquidity) {
    if (qty.signum() <= 0) return;
    BigDecimal cost = qty.multiply(price);
    BigDecimal fee = cost.multiply(feeRate).setScale(8, RoundingMode.HALF_UP);
    FakeTrade t = new FakeTrade(txid('T'), o, price, qty, cost, fee, nowSeconds());
    trades.put(t.id, t);
    o.trades.add(t.id);
    o.executed = o.executed.add(qty);
    o.cost = o.cost.add(cost);
    o.fee = o.fee.add(fee);
    BigDecimal q = balances.getOrDefault(QUOTE, BigDecimal.ZERO);
    BigDecimal b = balances.getOrDefault(BASE, BigDecimal.ZERO);
    if (o.side == Side.BUY) {
      balances.put(QUOTE, q.subtract(cost).subtract(fee));
      balances.put(BASE, b.add(qty));
    } else {
      balances.put(QUOTE, q.add(cost).subtract(fee));
      balances.put(BASE, b.subtract(qty));
    }
    if (o.remaining().signum() == 0) {
      o.status = "closed";
      o.closetm = t.time;
    }
    emitTrade(o, t, liquidity);
  }

  private void close(FakeOrder o, String status, String reason) {
    o.status = status;
    o.reason = reason;
    o.closetm = nowSeconds();
    emit(o, status, reason);
  }

  // ---------------------------------------------------------------- WebSocket v2

  private void onWebSocketText(FakeWebSocketServer.Connection connection, String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (!"subscribe".equals(m.path("method").asText())) return;
      JsonNode params = m.path("params");
      ObjectNode ack = JSON.createObjectNode();
      ack.put("method", "subscribe");
      String now = Instant.now().toString();
      if (!"executions".equals(params.path("channel").asText()) || !tokens.contains(params.path("token").asText())) {
        ack.put("error", "EAccount:Invalid permissions");
        ack.put("success", false);
      } else {
        ObjectNode result = ack.putObject("result");
        result.put("channel", "executions");
        result.put("maxratecount", 125);
        result.put("snap_orders", params.path("snap_orders").asBoolean(true));
        result.put("snap_trades", params.path("snap_trades").asBoolean(false));
        ack.put("success", true);
      }
      ack.put("time_in", now);
      ack.put("time_out", now);
      connection.send(JSON.writeValueAsString(ack));
      if (ack.path("success").asBoolean()) connection.subscribed = true;
    } catch (IOException e) {
      connection.drop();
    }
  }

  private void emitTrade(FakeOrder o, FakeTrade t, String liquidity) {
    ObjectNode d = base(o, "trade");
    d.put("exec_id", t.id);
    d.put("trade_id", trades.size());
    d.put("last_qty", t.vol);
    d.put("last_price", t.price);
    d.put("liquidity_ind", liquidity);
    d.put("cost", t.cost);
    d.put("timestamp", timestamp(t.time));
    ArrayNode fees = d.putArray("fees");
    ObjectNode fee = fees.addObject();
    fee.put("asset", "USD");
    fee.put("qty", t.fee);
    d.put("fee_usd_equiv", t.fee);
    publish(d);
  }

  private void emit(FakeOrder o, String execType, String reason) {
    ObjectNode d = base(o, execType);
    d.put("exec_id", txid('E'));
    d.put("timestamp", timestamp(nowSeconds()));
    if (reason != null) d.put("reason", reason);
    publish(d);
  }

  private ObjectNode base(FakeOrder o, String execType) {
    ObjectNode d = JSON.createObjectNode();
    d.put("order_id", o.txid);
    if (o.clOrdId != null) d.put("cl_ord_id", o.clOrdId);
    d.put("exec_type", execType);
    d.put("symbol", V2_SYMBOL);
    d.put("side", o.side == Side.BUY ? "buy" : "sell");
    d.put("order_type", o.ordertype);
    d.put("order_qty", o.volume);
    d.put("cum_qty", o.executed);
    d.put("cum_cost", o.cost);
    d.put("time_in_force", o.timeInForce);
    d.put("order_status", switch (o.status) {
      case "open" -> o.executed.signum() > 0 ? "partially_filled" : "new";
      case "closed" -> "filled";
      default -> o.status;
    });
    return d;
  }

  private void publish(ObjectNode data) {
    ObjectNode m = JSON.createObjectNode();
    m.put("channel", "executions");
    m.put("type", "update");
    m.putArray("data").add(data);
    m.put("sequence", ++sequence);
    String text;
    try {
      text = JSON.writeValueAsString(m);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    boolean twice = duplicateNext && "trade".equals(data.path("exec_type").asText());
    if (twice) duplicateNext = false;
    for (var c : ws.connections()) {
      if (!c.subscribed) continue;
      c.send(text);
      if (twice) c.send(text);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }

  /** Kraken's times: decimal seconds with 4 places. */
  private BigDecimal nowSeconds() {
    Instant now = Instant.now();
    return BigDecimal.valueOf(now.getEpochSecond()).add(BigDecimal.valueOf(now.getNano() / 100_000, 4));
  }

  private static Instant toInstant(BigDecimal seconds) {
    return Instant.ofEpochSecond(0, seconds.movePointRight(9).longValueExact());
  }

  private static String timestamp(BigDecimal seconds) {
    return toInstant(seconds).toString();
  }

  private String txid(char prefix) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder s = new StringBuilder().append(prefix);
    for (int i = 0; i < 17; i++) {
      if (i == 5 || i == 10) s.append('-');
      else s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static ObjectNode ok(ObjectNode result) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("error");
    n.set("result", result);
    return n;
  }

  private static ObjectNode error(String error) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("error").add(error);
    return n;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/html");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) return params;
    for (String pair : form.split("&")) {
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
    heartbeat.shutdownNow();
    ws.close();
    http.stop(0);
  }
}
