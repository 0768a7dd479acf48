package io.dorado.actors.orderpath.venue.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OANDA's v20 REST and streaming API for one account and one instrument, on 127.0.0.1 (the JDK's HttpServer), built
 * from OANDA's published v20 documentation, not from the live service:
 * <ul>
 *   <li>developer.oanda.com/rest-live-v20/order-ep (POST /v3/accounts/{id}/orders answering 201 with
 *       orderCreateTransaction and, when it filled or was cancelled at once, orderFillTransaction /
 *       orderCancelTransaction; 400 with orderRejectTransaction, errorCode and errorMessage; GET
 *       /orders/{orderSpecifier}, PUT /orders/{orderSpecifier}/cancel, GET /pendingOrders);
 *   <li>order-df (Order, LimitOrder, StopOrder, MarketOrder; OrderSpecifier: "Either the Order's OANDA-assigned
 *       OrderID or the Order's client-provided ClientID prefixed by the "@" symbol"; OrderState PENDING, FILLED,
 *       TRIGGERED, CANCELLED; units positive for long, negative for short);
 *   <li>transaction-df (OrderFillTransaction, OrderCancelTransaction, LimitOrderTransaction, *RejectTransaction,
 *       DailyFinancingTransaction; TransactionRejectReason CLIENT_ORDER_ID_ALREADY_EXISTS "The client order ID
 *       specified is already assigned to another pending order", INSUFFICIENT_MARGIN, UNITS_PRECISION_EXCEEDED,
 *       UNITS_MINIMUM_NOT_MET, PRICE_PRECISION_EXCEEDED; TransactionHeartbeat {type HEARTBEAT, lastTransactionID, time});
 *   <li>transaction-ep (GET /transactions/sinceid?id=, "starting at (but not including)" the id; GET
 *       /transactions/idrange?from=&amp;to=&amp;type=, inclusive; GET /transactions/stream, newline-delimited JSON);
 *   <li>pricing-ep "Price Stream" (GET /pricing/stream?instruments=: PRICE objects with bids/asks and HEARTBEATs);
 *   <li>account-ep "Account Summary" (balance, NAV, marginUsed, marginAvailable, lastTransactionID) and
 *       "Account Instruments" (pipLocation, displayPrecision, tradeUnitsPrecision, minimumTradeSize, marginRate);
 *       position-ep "Open Positions" (long/short units and averagePrice, pl, financing, commission);
 *   <li>trade-ep "List Open Trades" (GET /v3/accounts/{id}/openTrades: {@code trades} and lastTransactionID) and
 *       trade-df Trade (id, instrument, price, openTime, state OPEN, initialUnits and currentUnits signed, realizedPL,
 *       unrealizedPL, marginUsed, financing: "The financing paid/collected for this Trade"); each ORDER_FILL opens a
 *       trade whose id is the fill's transaction id ({@code tradeOpened.tradeID}) or reduces/closes the oldest
 *       ({@code tradeReduced}/{@code tradesClosed}); DailyFinancingTransaction {@code positionFinancings[]
 *       .openTradeFinancings[]} gives each open trade its share (as read from OANDA's published v20 specification,
 *       e.g. the OpenAPI transcription docs.rs/crate/oanda-v20-openapi, docs/Trade.md and docs/PositionSide.md);
 *   <li>trade-ep "Set Dependent Orders" (PUT /v3/accounts/{id}/trades/{tradeSpecifier}/orders with {@code takeProfit}
 *       and {@code stopLoss}, TakeProfitDetails/StopLossDetails: price, timeInForce, clientExtensions; 200 with
 *       takeProfitOrderTransaction / stopLossOrderTransaction, and takeProfitOrderCancelTransaction /
 *       stopLossOrderCancelTransaction for the ones they replace; 400 with takeProfitOrderRejectTransaction /
 *       stopLossOrderRejectTransaction, errorCode and errorMessage; 404 for an unknown trade) and order-df
 *       TakeProfitOrder / StopLossOrder (tradeID, price, no units: each closes its whole trade); a dependent order
 *       whose trade closes is cancelled, ORDER_CANCEL reason LINKED_TRADE_CLOSED (transaction-df OrderCancelReason);
 *       a partial close of the trade (tradeReduced) leaves them on the units left. A quote triggers them: a long
 *       trade's TAKE_PROFIT fills at its price when the bid reaches it, its STOP_LOSS at the bid when the bid falls to
 *       it (a short trade's at the ask), ORDER_FILL reason TAKE_PROFIT_ORDER / STOP_LOSS_ORDER. The fake closes trades
 *       FIFO, so a dependent order of a trade that is not the oldest closes the oldest (OANDA closes its own trade);
 *       the OANDA tests protect one trade;
 *   <li>best-practices (100 requests per second per connection, 2 new connections per second) and
 *       troubleshooting-errors (401 "Insufficient authorization to perform request.", 404 for an unknown order).
 * </ul>
 *
 * <p>Where the kit asks for something OANDA's documentation does not describe, the fake says so:
 * <ul>
 *   <li><b>Partial fills</b> of a pending order: the kit's counterparty fills part of a resting order. OANDA documents a
 *       single fillingTransactionID per order, but its ORDER_FILL transactions carry the units filled, and the IOC
 *       time in force ("partially filled or cancelled") implies partial fills exist; the fake writes one ORDER_FILL
 *       per counterparty fill and keeps the order PENDING until its units are filled.
 *   <li><b>The minimum notional</b>: OANDA has none, only minimumTradeSize in units. The kit's minimum notional is
 *       expressed as OANDA's minimumTradeSize at the bid when the rules are set (10 at 49,990 with lot 0.0001:
 *       0.0003 units).
 *   <li><b>Free balance</b>: an OANDA account has one home-currency balance and margin; a limit or stop order needing
 *       more initial margin (units × price × marginRate) than marginAvailable is rejected INSUFFICIENT_MARGIN at once,
 *       a market order is created and cancelled (orderCancelTransaction, reason INSUFFICIENT_MARGIN). A base-currency
 *       balance ({@link #balance} of the base asset) means nothing on OANDA (a sell opens a short) and is ignored.
 *   <li><b>Clock skew</b>: OANDA authenticates with a bearer token, not a signed timestamp: there is no receive
 *       window and no timestamp error. {@link #skewClock} shifts the times the fake writes, which nothing refuses.
 *   <li><b>429</b>: OANDA documents 429 for too many requests, not its headers; the fake sends a Retry-After (whole
 *       seconds) and counts a request before it as a violation (answered 429 again).
 * </ul>
 */
public final class FakeOanda implements VenueScript, AutoCloseable {

  static final String ACCOUNT = "101-004-1234567-001";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService pool;
  private final ScheduledExecutorService heartbeats;
  private final String token;
  private final String instrument;
  private final String universe;

  // the account
  private BigDecimal balance = new BigDecimal("100000");
  private BigDecimal bid = new BigDecimal("1.08000");
  private BigDecimal ask = new BigDecimal("1.08020");
  private int pipLocation = -4;
  private int displayPrecision = 5;
  private int tradeUnitsPrecision = 0;
  private BigDecimal minimumTradeSize = BigDecimal.ONE;
  private BigDecimal marginRate = new BigDecimal("0.0333");
  private BigDecimal positionUnits = BigDecimal.ZERO;
  private BigDecimal averagePrice = BigDecimal.ZERO;
  private BigDecimal realizedPl = BigDecimal.ZERO;
  private BigDecimal financing = BigDecimal.ZERO;
  private BigDecimal commissionPaid = BigDecimal.ZERO;
  private BigDecimal commissionPerFill = BigDecimal.ZERO;
  /** Open trades, oldest first (a reducing fill closes them FIFO). */
  private final List<FakeTrade> trades = new ArrayList<>();
  private long lastId = 1; // 1: the account's CREATE transaction
  private final List<ObjectNode> transactions = new ArrayList<>();
  private final List<FakeOrder> orders = new ArrayList<>();
  private final List<ClientOrderId> placements = new CopyOnWriteArrayList<>();
  private final List<VenueExecution> executions = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<JsonNode> orderRequests = new CopyOnWriteArrayList<>();

  // the streams
  private final List<Stream> transactionStreams = new CopyOnWriteArrayList<>();
  private final List<Stream> priceStreams = new CopyOnWriteArrayList<>();
  private volatile long streamRefusedUntil;
  private volatile Duration streamDownFor = Duration.ofMillis(300);
  private volatile boolean silent;

  // faults
  private volatile boolean timeOutNextPlace;
  private volatile Duration silentFor = Duration.ofSeconds(3);
  private volatile boolean fail5xxBefore;
  private volatile boolean fail5xxAfterAccept;
  private volatile boolean duplicateNext;
  private volatile Duration rateLimitNext;
  private volatile long waitUntil;
  private final AtomicInteger violations = new AtomicInteger();
  private volatile Duration skew = Duration.ZERO;
  private volatile String rejectNextDependentOrders;
  private volatile String rejectNextStopLoss;
  private final List<String> leftWithoutStopLoss = new CopyOnWriteArrayList<>();
  private final List<JsonNode> dependentOrderRequests = new CopyOnWriteArrayList<>();

  private record Stream(HttpExchange exchange, OutputStream out) {}

  private static final class FakeOrder {
    String id;
    String type;
    BigDecimal units; // signed
    BigDecimal price;
    BigDecimal priceBound;
    String timeInForce;
    JsonNode clientExtensions;
    String state = "PENDING";
    BigDecimal filled = BigDecimal.ZERO;
    Instant created;
    String fillingTransactionId;
    String cancellingTransactionId;
    String cancelReason;
    String tradeId; // a TAKE_PROFIT's or STOP_LOSS's trade

    String clientId() {
      return clientExtensions == null || clientExtensions.path("id").isMissingNode() ? null
          : clientExtensions.path("id").asText();
    }
  }

  public FakeOanda(String token, String instrument, String universe) throws IOException {
    this.token = token;
    this.instrument = instrument;
    this.universe = universe;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(12, r -> {
      Thread t = new Thread(r, "fake-oanda-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    http.createContext("/v3/", this::serve);
    http.start();
    heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-oanda-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeats.scheduleWithFixedDelay(this::heartbeat, 200, 200, TimeUnit.MILLISECONDS);
  }

  public URI restUri() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public URI streamUri() {
    return restUri();
  }

  /** A fake OANDA account trading EUR_USD (our EUR), quoted 1.08000 / 1.08020, for the conformance kit's token. */
  public static FakeOanda eurUsd() throws IOException {
    return new FakeOanda(OandaConformanceTest.TOKEN, "EUR_USD", "EUR");
  }

  /**
   * A broker-paper adapter for {@code venueId} on this fake's account and instrument, connected to its transaction
   * stream before it is handed over: for tests outside this package.
   */
  public OandaAdapter adapter(String venueId) throws InterruptedException {
    var settings = new OandaSettings(venueId, VenueMode.BROKER_PAPER, ACCOUNT, restUri(), streamUri(),
        Map.of(universe, instrument), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofSeconds(5));
    return OandaConformanceTest.connected(new OandaAdapter(settings, OandaConformanceTest.credentials()));
  }

  /** How long a placement's answer is held back when {@link #nextPlaceTimesOutAfterAccept} is set. */
  public void silentFor(Duration duration) {
    silentFor = duration;
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The {@code order} objects of every POST /orders, as received. */
  public List<JsonNode> orderRequests() {
    return List.copyOf(orderRequests);
  }

  /** The transaction streams stay open but carry nothing, not even heartbeats (a half-dead connection). */
  public void silence(boolean silent) {
    this.silent = silent;
  }

  public int transactionStreamsOpen() {
    return transactionStreams.size();
  }

  public synchronized void instrumentRules(int pipLocation, int displayPrecision, int tradeUnitsPrecision,
      BigDecimal minimumTradeSize, BigDecimal marginRate) {
    this.pipLocation = pipLocation;
    this.displayPrecision = displayPrecision;
    this.tradeUnitsPrecision = tradeUnitsPrecision;
    this.minimumTradeSize = minimumTradeSize;
    this.marginRate = marginRate;
  }

  public synchronized void marginRate(BigDecimal rate) {
    this.marginRate = rate;
  }

  public synchronized void commissionPerFill(BigDecimal commission) {
    this.commissionPerFill = commission;
  }

  /** A DAILY_FINANCING transaction: the position's financing (swap) is paid (negative) or collected (positive). */
  public void dailyFinancing(BigDecimal amount) {
    ObjectNode t;
    synchronized (this) {
      financing = financing.add(amount);
      balance = balance.add(amount);
      t = transaction("DAILY_FINANCING");
      t.put("financing", money(amount)).put("accountBalance", money(balance)).put("accountFinancingMode", "DAILY");
      ArrayNode positions = t.putArray("positionFinancings");
      ObjectNode position = positions.addObject().put("instrument", instrument).put("financing", money(amount));
      // each open trade takes its share by units, the last one the rounding remainder
      ArrayNode perTrade = position.putArray("openTradeFinancings");
      BigDecimal total = trades.stream().map(x -> x.currentUnits.abs()).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal left = amount;
      for (int k = 0; k < trades.size(); k++) {
        FakeTrade trade = trades.get(k);
        BigDecimal share = k == trades.size() - 1 ? left
            : amount.multiply(trade.currentUnits.abs()).divide(total, 4, RoundingMode.HALF_EVEN);
        left = left.subtract(share);
        trade.financing = trade.financing.add(share);
        perTrade.addObject().put("tradeID", trade.id).put("financing", money(share));
      }
    }
    publish(t);
  }

  // ================================================================================================
  // VenueScript
  // ================================================================================================

  @Override
  public void quote(BigDecimal bid, BigDecimal ask) {
    List<ObjectNode> out;
    synchronized (this) {
      this.bid = bid;
      this.ask = ask;
      out = triggerDependents();
    }
    out.forEach(this::publish);
    for (Stream s : priceStreams) write(priceStreams, s, price());
  }

  /**
   * The trades' TAKE_PROFIT and STOP_LOSS orders the quote reaches, filled (closing their trade), and the dependent
   * orders of every trade now closed cancelled LINKED_TRADE_CLOSED. Call holding the lock; publish what it answers.
   */
  private List<ObjectNode> triggerDependents() {
    List<ObjectNode> out = new ArrayList<>();
    for (FakeOrder o : List.copyOf(orders)) {
      if (o.tradeId == null || !o.state.equals("PENDING")) continue;
      FakeTrade trade = trades.stream().filter(t -> t.id.equals(o.tradeId)).findFirst().orElse(null);
      if (trade == null) continue;
      boolean isLong = trade.currentUnits.signum() > 0;
      BigDecimal exitAt = isLong ? bid : ask; // a long trade is closed by a sell, at the bid
      boolean reached = o.type.equals("TAKE_PROFIT")
          ? (isLong ? exitAt.compareTo(o.price) >= 0 : exitAt.compareTo(o.price) <= 0)
          : (isLong ? exitAt.compareTo(o.price) <= 0 : exitAt.compareTo(o.price) >= 0);
      if (!reached) continue;
      o.units = trade.currentUnits.negate();
      out.add(fillOf(o, trade.currentUnits.abs(), o.type.equals("TAKE_PROFIT") ? o.price : exitAt, o.type + "_ORDER"));
      out.addAll(linkedCancels());
    }
    return out;
  }

  /** Dependent orders of trades no longer open: cancelled, LINKED_TRADE_CLOSED. Call holding the lock. */
  private List<ObjectNode> linkedCancels() {
    List<ObjectNode> out = new ArrayList<>();
    for (FakeOrder o : orders) {
      if (o.tradeId == null || !o.state.equals("PENDING")) continue;
      if (trades.stream().noneMatch(t -> t.id.equals(o.tradeId))) out.add(cancelOf(o, "LINKED_TRADE_CLOSED"));
    }
    return out;
  }

  /** The next Set Dependent Orders request is refused with {@code reason} (a 400 with a take-profit reject). */
  public void rejectNextDependentOrders(String reason) {
    rejectNextDependentOrders = reason;
  }

  /**
   * The next Set Dependent Orders request that sets a {@code stopLoss} is refused with {@code reason} for it (a 400 with
   * a stopLossOrderRejectTransaction, e.g. PRICE_DISTANCE_MINIMUM_NOT_MET, transaction-df TransactionRejectReason "The
   * price distance does not meet the minimum allowed amount"): refused as a whole, so the trade keeps its dependent orders.
   */
  public void rejectNextStopLoss(String reason) {
    rejectNextStopLoss = reason;
  }

  /**
   * Open trades that were left, after some request, with no pending STOP_LOSS though they had one: a moment with no
   * stop at the venue. Empty when every stop was replaced in the request that cancelled it.
   */
  public List<String> tradesLeftWithoutStopLoss() {
    return List.copyOf(leftWithoutStopLoss);
  }

  /** The price of the pending STOP_LOSS of our OCO {@code id}, if OANDA holds one. */
  public synchronized Optional<BigDecimal> stopLossPrice(ClientOrderId id) {
    return find("@" + OandaClientIds.leg(id, OandaClientIds.STOP_LEG)).filter(o -> o.state.equals("PENDING"))
        .map(o -> o.price);
  }

  /** Notes the open trades that had a STOP_LOSS and now have none pending. Call holding the lock, after a request. */
  private void noteStopLossGaps() {
    for (FakeTrade t : trades) {
      boolean had = orders.stream().anyMatch(o -> t.id.equals(o.tradeId) && o.type.equals("STOP_LOSS"));
      boolean has = orders.stream().anyMatch(o -> t.id.equals(o.tradeId) && o.type.equals("STOP_LOSS")
          && o.state.equals("PENDING"));
      if (had && !has) leftWithoutStopLoss.add(t.id);
    }
  }

  /** The bodies of the Set Dependent Orders requests received, in order. */
  public List<JsonNode> dependentOrderRequests() {
    return List.copyOf(dependentOrderRequests);
  }

  /** The open trades' ids and current units, oldest first. */
  public synchronized Map<String, BigDecimal> openTradeUnits() {
    Map<String, BigDecimal> open = new java.util.LinkedHashMap<>();
    for (FakeTrade t : trades) open.put(t.id, t.currentUnits);
    return open;
  }

  /**
   * The trade's dependent orders of our OCO {@code id}, e.g. {@code "TAKE_PROFIT=FILLED
   * STOP_LOSS=CANCELLED(LINKED_TRADE_CLOSED)"}; empty when OANDA has neither leg.
   */
  public synchronized Optional<String> dependentsOf(ClientOrderId id) {
    List<String> legs = new ArrayList<>();
    for (String leg : List.of(OandaClientIds.TARGET_LEG, OandaClientIds.STOP_LEG)) {
      find("@" + OandaClientIds.leg(id, leg)).ifPresent(o -> legs.add(o.type + "=" + o.state
          + (o.cancelReason == null ? "" : "(" + o.cancelReason + ")")));
    }
    return legs.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", legs));
  }

  @Override
  public synchronized void rules(InstrumentRules rules) {
    if (rules.tickSize() != null) displayPrecision = Math.max(0, rules.tickSize().stripTrailingZeros().scale());
    if (rules.lotSize() != null) tradeUnitsPrecision = Math.max(0, rules.lotSize().stripTrailingZeros().scale());
    BigDecimal min = rules.minQuantity() != null ? rules.minQuantity() : BigDecimal.ZERO;
    if (rules.minNotional() != null && bid.signum() > 0) {
      // OANDA has no notional minimum: the kit's is this many units at the bid
      BigDecimal units = rules.minNotional().divide(bid, tradeUnitsPrecision, RoundingMode.CEILING);
      if (units.multiply(bid).compareTo(rules.minNotional()) < 0) units = units.add(BigDecimal.ONE.movePointLeft(tradeUnitsPrecision));
      min = min.max(units);
    }
    minimumTradeSize = min;
  }

  @Override
  public synchronized void balance(String asset, BigDecimal free) {
    if (asset.equals(quoteAsset())) balance = free; // the home currency; a base-asset balance means nothing on OANDA
  }

  @Override
  public String quoteAsset() {
    return instrument.substring(instrument.indexOf('_') + 1);
  }

  @Override
  public String baseAsset() {
    return instrument.substring(0, instrument.indexOf('_'));
  }

  @Override
  public void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    fillWhere(o -> OandaClientIds.toVenue(id).equals(o.clientId()), quantity, price);
  }

  /** A counterparty fills part of a pending order named by OANDA's order id (an external one, say). */
  public void fillOrder(String orderId, BigDecimal quantity, BigDecimal price) {
    fillWhere(o -> o.id.equals(orderId), quantity, price);
  }

  private void fillWhere(java.util.function.Predicate<FakeOrder> which, BigDecimal quantity, BigDecimal price) {
    List<ObjectNode> out = new ArrayList<>();
    synchronized (this) {
      FakeOrder order = orders.stream().filter(o -> o.state.equals("PENDING")).filter(which).findFirst().orElse(null);
      if (order == null) return; // filled, cancelled or unknown: no counterparty fills it
      BigDecimal remaining = order.units.abs().subtract(order.filled);
      BigDecimal qty = quantity.min(remaining);
      if (qty.signum() <= 0) return;
      out.add(fillOf(order, qty, price, order.type + "_ORDER"));
      out.addAll(linkedCancels());
    }
    out.forEach(this::publish);
  }

  @Override
  public void nextPlaceTimesOutAfterAccept() {
    timeOutNextPlace = true;
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
    streamRefusedUntil = System.currentTimeMillis() + streamDownFor.toMillis();
    for (Stream s : transactionStreams) {
      transactionStreams.remove(s);
      s.exchange().close();
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
  public void skewClock(Duration skew) {
    this.skew = skew;
  }

  @Override
  public VenueOrderView placeExternal(Side side, BigDecimal quantity, BigDecimal limitPrice) {
    ObjectNode created;
    FakeOrder order;
    synchronized (this) {
      order = new FakeOrder();
      order.type = "LIMIT";
      order.units = side == Side.BUY ? quantity : quantity.negate();
      order.price = limitPrice;
      order.timeInForce = "GTC";
      created = transaction("LIMIT_ORDER");
      created.put("instrument", instrument).put("units", order.units.toPlainString())
          .put("price", limitPrice.toPlainString()).put("timeInForce", "GTC").put("positionFill", "DEFAULT")
          .put("triggerCondition", "DEFAULT").put("reason", "CLIENT_ORDER");
      order.id = created.path("id").asText();
      order.created = now();
      orders.add(order);
    }
    publish(created);
    return new VenueOrderView(order.id, null, null, instrument, side, OrderType.LIMIT, quantity, limitPrice, null,
        BigDecimal.ZERO, OrderStatus.WORKING, order.created);
  }

  @Override
  public List<ClientOrderId> placements() {
    return List.copyOf(placements);
  }

  @Override
  public List<VenueExecution> executions() {
    return List.copyOf(executions);
  }

  // ================================================================================================
  // HTTP
  // ================================================================================================

  private void serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
    requests.add(method + " " + path + (query.isEmpty() ? "" : " " + query));
    try {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Bearer " + token)) {
        answer(exchange, 401, error(null, "Insufficient authorization to perform request."), null);
        return;
      }
      String prefix = "/v3/accounts/" + ACCOUNT + "/";
      if (!path.startsWith(prefix)) {
        answer(exchange, 403, error(null, "The provided request was forbidden."), null);
        return;
      }
      String rest = path.substring(prefix.length());
      if (rest.equals("transactions/stream")) {
        openStream(exchange, transactionStreams, null);
        return;
      }
      if (rest.equals("pricing/stream")) {
        openStream(exchange, priceStreams, price());
        return;
      }
      long now = System.currentTimeMillis();
      if (now < waitUntil) {
        violations.incrementAndGet(); // told to wait, came anyway
        answer(exchange, 429, error(null, "Requests per second exceeded"), seconds(waitUntil - now));
        return;
      }
      Duration limited = rateLimitNext;
      if (limited != null) {
        rateLimitNext = null;
        long seconds = Math.max(1, (limited.toMillis() + 999) / 1000);
        waitUntil = now + seconds * 1000;
        answer(exchange, 429, error(null, "Requests per second exceeded"), Long.toString(seconds));
        return;
      }
      if (fail5xxBefore) {
        fail5xxBefore = false;
        answer(exchange, 503, error(null, "Service Unavailable"), null);
        return;
      }
      route(exchange, method, rest, query);
    } catch (RuntimeException e) {
      answer(exchange, 500, error(null, e.toString()), null);
    }
  }

  private void route(HttpExchange exchange, String method, String path, Map<String, String> query) throws IOException {
    if (method.equals("GET") && path.equals("summary")) {
      answer(exchange, 200, summary(), null);
    } else if (method.equals("GET") && path.equals("instruments")) {
      answer(exchange, 200, instruments(), null);
    } else if (method.equals("POST") && path.equals("orders")) {
      JsonNode spec = JSON.readTree(exchange.getRequestBody()).path("order");
      orderRequests.add(spec);
      create(exchange, spec);
    } else if (method.equals("GET") && path.equals("pendingOrders")) {
      answer(exchange, 200, pendingOrders(), null);
    } else if (method.equals("GET") && path.equals("openPositions")) {
      answer(exchange, 200, openPositions(), null);
    } else if (method.equals("GET") && path.equals("openTrades")) {
      answer(exchange, 200, openTrades(), null);
    } else if (method.equals("GET") && path.equals("transactions/sinceid")) {
      answer(exchange, 200, since(Long.parseLong(query.get("id"))), null);
    } else if (method.equals("GET") && path.equals("transactions/idrange")) {
      answer(exchange, 200, idrange(Long.parseLong(query.get("from")), Long.parseLong(query.get("to")), query.get("type")),
          null);
    } else if (method.equals("PUT") && path.startsWith("trades/") && path.endsWith("/orders")) {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      dependentOrderRequests.add(body);
      setDependentOrders(exchange, URLDecoder.decode(path.substring("trades/".length(), path.length() - "/orders".length()),
          StandardCharsets.UTF_8), body);
    } else if (method.equals("PUT") && path.startsWith("orders/") && path.endsWith("/cancel")) {
      cancel(exchange, URLDecoder.decode(path.substring("orders/".length(), path.length() - "/cancel".length()),
          StandardCharsets.UTF_8));
    } else if (method.equals("GET") && path.startsWith("orders/")) {
      getOrder(exchange, URLDecoder.decode(path.substring("orders/".length()), StandardCharsets.UTF_8));
    } else {
      answer(exchange, 405, error(null, "no such endpoint in the fake: " + method + " " + path), null);
    }
  }

  // --- orders ------------------------------------------------------------------------------------

  private void create(HttpExchange exchange, JsonNode spec) throws IOException {
    String type = spec.path("type").asText("MARKET");
    BigDecimal units = new BigDecimal(spec.path("units").asText());
    JsonNode extensions = spec.path("clientExtensions").isMissingNode() ? null : spec.path("clientExtensions");
    List<ObjectNode> published = new ArrayList<>();
    ObjectNode body = JSON.createObjectNode();
    int status;
    synchronized (this) {
      String reject = rejectReason(type, units, spec, extensions);
      if (reject != null) {
        ObjectNode t = transaction(type + "_ORDER_REJECT");
        copyOrderFields(t, spec);
        t.put("rejectReason", reject);
        published.add(t);
        body.set("orderRejectTransaction", t);
        body.putArray("relatedTransactionIDs").add(t.path("id").asText());
        body.put("lastTransactionID", Long.toString(lastId));
        body.put("errorCode", reject);
        body.put("errorMessage", "The order was rejected: " + reject);
        status = 400;
      } else {
        FakeOrder order = new FakeOrder();
        order.type = type;
        order.units = units;
        order.price = spec.hasNonNull("price") ? new BigDecimal(spec.path("price").asText()) : null;
        order.priceBound = spec.hasNonNull("priceBound") ? new BigDecimal(spec.path("priceBound").asText()) : null;
        order.timeInForce = spec.path("timeInForce").asText(type.equals("MARKET") ? "FOK" : "GTC");
        order.clientExtensions = extensions;
        order.created = now();
        ObjectNode created = transaction(type + "_ORDER");
        copyOrderFields(created, spec);
        created.put("timeInForce", order.timeInForce).put("reason", "CLIENT_ORDER");
        order.id = created.path("id").asText();
        orders.add(order);
        OandaClientIds.fromVenue(order.clientId()).ifPresent(placements::add);
        published.add(created);
        body.set("orderCreateTransaction", created);
        ArrayNode related = body.putArray("relatedTransactionIDs").add(order.id);
        BigDecimal marketPrice = units.signum() > 0 ? ask : bid;
        boolean marketable = type.equals("MARKET")
            || (type.equals("LIMIT") && (units.signum() > 0 ? order.price.compareTo(ask) >= 0 : order.price.compareTo(bid) <= 0))
            || (type.equals("STOP") && (units.signum() > 0 ? order.price.compareTo(ask) <= 0 : order.price.compareTo(bid) >= 0));
        if (type.equals("MARKET") && requiredMargin(units, marketPrice).compareTo(marginAvailable()) > 0) {
          ObjectNode cancelled = cancelOf(order, "INSUFFICIENT_MARGIN");
          published.add(cancelled);
          body.set("orderCancelTransaction", cancelled);
          related.add(cancelled.path("id").asText());
        } else if (marketable) {
          ObjectNode fill = fillOf(order, units.abs(), marketPrice, type.equals("MARKET") ? "MARKET_ORDER" : type + "_ORDER");
          published.add(fill);
          body.set("orderFillTransaction", fill);
          related.add(fill.path("id").asText());
          published.addAll(linkedCancels()); // a trade it closed takes its take-profit and stop-loss with it
        } else if (order.timeInForce.equals("IOC") || order.timeInForce.equals("FOK")) {
          ObjectNode cancelled = cancelOf(order, "TIME_IN_FORCE_EXPIRED");
          published.add(cancelled);
          body.set("orderCancelTransaction", cancelled);
          related.add(cancelled.path("id").asText());
        }
        body.put("lastTransactionID", Long.toString(lastId));
        status = 201;
      }
    }
    published.forEach(this::publish);
    if (status == 201 && timeOutNextPlace) {
      timeOutNextPlace = false;
      sleep(silentFor); // accepted, but the answer never reaches the client in time
    }
    if (status == 201 && fail5xxAfterAccept) {
      fail5xxAfterAccept = false;
      answer(exchange, 503, error(null, "Service Unavailable"), null);
      return;
    }
    answer(exchange, status, body, null);
  }

  /**
   * trade-ep "Set Dependent Orders": each of {@code takeProfit} / {@code stopLoss} given creates the trade's
   * TAKE_PROFIT / STOP_LOSS order (replacing, i.e. cancelling, the one it had); refused as a whole (400) when either
   * is refused; 404 for a trade that is not open.
   */
  private void setDependentOrders(HttpExchange exchange, String specifier, JsonNode request) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    List<ObjectNode> published = new ArrayList<>();
    int status;
    synchronized (this) {
      FakeTrade trade = trades.stream().filter(t -> t.id.equals(specifier)).findFirst().orElse(null);
      Map<String, String> kinds = new java.util.LinkedHashMap<>();
      kinds.put("takeProfit", "TAKE_PROFIT");
      kinds.put("stopLoss", "STOP_LOSS");
      String reject = null;
      String rejected = null;
      if (trade == null) {
        body = error("TRADE_DOESNT_EXIST", "The Trade specified does not exist");
        body.put("lastTransactionID", Long.toString(lastId));
        status = 404;
      } else {
        for (var kind : kinds.entrySet()) {
          JsonNode details = request.path(kind.getKey());
          if (details.isMissingNode() || details.isNull()) continue;
          String why = kind.getKey().equals("stopLoss") && rejectNextStopLoss != null ? rejectNextStopLoss
              : rejectNextDependentOrders;
          String clientId = details.path("clientExtensions").path("id").asText(null);
          if (why == null && (!details.hasNonNull("price")
              || new BigDecimal(details.path("price").asText()).stripTrailingZeros().scale() > displayPrecision)) {
            why = details.hasNonNull("price") ? "PRICE_PRECISION_EXCEEDED" : "PRICE_MISSING";
          }
          if (why == null && clientId != null
              && orders.stream().anyMatch(o -> o.state.equals("PENDING") && clientId.equals(o.clientId()))) {
            why = "CLIENT_ORDER_ID_ALREADY_EXISTS";
          }
          if (why != null) {
            reject = why;
            rejected = kind.getKey();
            break;
          }
        }
        if (reject != null) {
          if (reject.equals(rejectNextStopLoss)) {
            rejectNextStopLoss = null;
          } else {
            rejectNextDependentOrders = null;
          }
          ObjectNode t = transaction(kinds.get(rejected) + "_ORDER_REJECT");
          t.put("tradeID", trade.id);
          JsonNode details = request.path(rejected);
          if (details.hasNonNull("price")) t.put("price", details.path("price").asText());
          if (details.has("clientExtensions")) t.set("clientExtensions", details.path("clientExtensions"));
          t.put("reason", "CLIENT_ORDER").put("rejectReason", reject);
          published.add(t);
          body.set(rejected + "OrderRejectTransaction", t);
          body.putArray("relatedTransactionIDs").add(t.path("id").asText());
          body.put("lastTransactionID", Long.toString(lastId));
          body.put("errorCode", reject);
          body.put("errorMessage", "The " + kinds.get(rejected) + " order was rejected: " + reject);
          status = 400;
        } else {
          ArrayNode related = body.putArray("relatedTransactionIDs");
          boolean placed = false;
          for (var kind : kinds.entrySet()) {
            JsonNode details = request.path(kind.getKey());
            if (details.isMissingNode() || details.isNull()) continue;
            for (FakeOrder old : orders) { // the trade's current one of this kind is replaced
              if (trade.id.equals(old.tradeId) && old.type.equals(kind.getValue()) && old.state.equals("PENDING")) {
                ObjectNode cancelled = cancelOf(old, "CLIENT_REQUEST_REPLACED");
                published.add(cancelled);
                body.set(kind.getKey() + "OrderCancelTransaction", cancelled);
                related.add(cancelled.path("id").asText());
              }
            }
            FakeOrder order = new FakeOrder();
            order.type = kind.getValue();
            order.tradeId = trade.id;
            order.units = trade.currentUnits.negate();
            order.price = new BigDecimal(details.path("price").asText());
            order.timeInForce = details.path("timeInForce").asText("GTC");
            order.clientExtensions = details.has("clientExtensions") ? details.path("clientExtensions") : null;
            order.created = now();
            ObjectNode created = transaction(kind.getValue() + "_ORDER");
            created.put("tradeID", trade.id).put("price", order.price.toPlainString()).put("timeInForce", order.timeInForce)
                .put("triggerCondition", "DEFAULT").put("reason", "CLIENT_ORDER");
            if (order.clientExtensions != null) created.set("clientExtensions", order.clientExtensions);
            order.id = created.path("id").asText();
            orders.add(order);
            if (!placed) OandaClientIds.fromVenue(order.clientId()).ifPresent(placements::add); // one OCO, once
            placed = true;
            published.add(created);
            body.set(kind.getKey() + "OrderTransaction", created);
            related.add(order.id);
          }
          for (ObjectNode t : triggerDependents()) { // a price already reached fills at once
            published.add(t);
            related.add(t.path("id").asText());
            if (t.path("type").asText().equals("ORDER_FILL")) {
              body.set(t.path("reason").asText().startsWith("TAKE_PROFIT") ? "takeProfitOrderFillTransaction"
                  : "stopLossOrderFillTransaction", t);
            }
          }
          body.put("lastTransactionID", Long.toString(lastId));
          status = 200;
        }
      }
      noteStopLossGaps();
    }
    published.forEach(this::publish);
    answer(exchange, status, body, null);
  }

  private String rejectReason(String type, BigDecimal units, JsonNode spec, JsonNode extensions) {
    if (!spec.path("instrument").asText().equals(instrument)) return "INSTRUMENT_UNKNOWN";
    if (units.signum() == 0) return "UNITS_INVALID";
    if (units.stripTrailingZeros().scale() > tradeUnitsPrecision) return "UNITS_PRECISION_EXCEEDED";
    if (units.abs().compareTo(minimumTradeSize) < 0) return "UNITS_MINIMUM_NOT_MET";
    for (String field : List.of("price", "priceBound")) {
      if (spec.hasNonNull(field) && new BigDecimal(spec.path(field).asText()).stripTrailingZeros().scale() > displayPrecision) {
        return field.equals("price") ? "PRICE_PRECISION_EXCEEDED" : "PRICE_BOUND_PRECISION_EXCEEDED";
      }
    }
    if (type.equals("MARKET") && !List.of("FOK", "IOC").contains(spec.path("timeInForce").asText("FOK"))) {
      return "TIME_IN_FORCE_INVALID";
    }
    String clientId = extensions == null ? null : extensions.path("id").asText(null);
    if (clientId != null && orders.stream().anyMatch(o -> o.state.equals("PENDING") && clientId.equals(o.clientId()))) {
      return "CLIENT_ORDER_ID_ALREADY_EXISTS";
    }
    if (!type.equals("MARKET")) {
      BigDecimal price = new BigDecimal(spec.path("price").asText());
      if (requiredMargin(units, price).compareTo(marginAvailable()) > 0) return "INSUFFICIENT_MARGIN";
    }
    return null;
  }

  private BigDecimal requiredMargin(BigDecimal units, BigDecimal price) {
    return units.abs().multiply(price).multiply(marginRate);
  }

  private void copyOrderFields(ObjectNode t, JsonNode spec) {
    t.put("instrument", spec.path("instrument").asText()).put("units", spec.path("units").asText());
    for (String field : List.of("price", "priceBound", "timeInForce", "positionFill", "triggerCondition")) {
      if (spec.hasNonNull(field)) t.put(field, spec.path(field).asText());
    }
    if (spec.has("clientExtensions")) t.set("clientExtensions", spec.path("clientExtensions"));
  }

  /** An ORDER_FILL of part or all of a pending order; moves the position and the balance. Call holding the lock. */
  private ObjectNode fillOf(FakeOrder order, BigDecimal quantity, BigDecimal price, String reason) {
    BigDecimal signed = order.units.signum() > 0 ? quantity : quantity.negate();
    BigDecimal pl = move(signed, price);
    commissionPaid = commissionPaid.add(commissionPerFill);
    balance = balance.add(pl).subtract(commissionPerFill);
    ObjectNode t = transaction("ORDER_FILL");
    t.put("orderID", order.id);
    if (order.clientId() != null) t.put("clientOrderID", order.clientId());
    t.put("instrument", instrument).put("units", signed.toPlainString()).put("price", price.toPlainString())
        .put("fullVWAP", price.toPlainString()).put("reason", reason).put("pl", money(pl)).put("financing", "0.0000")
        .put("commission", money(commissionPerFill)).put("guaranteedExecutionFee", "0.0000")
        .put("accountBalance", money(balance)).put("halfSpreadCost", "0.0000");
    trade(t, signed, price);
    order.filled = order.filled.add(quantity);
    if (order.filled.compareTo(order.units.abs()) >= 0) {
      order.state = "FILLED";
      order.fillingTransactionId = t.path("id").asText();
    }
    executions.add(new VenueExecution(t.path("id").asText(), order.id,
        OandaClientIds.fromVenue(order.clientId()).orElse(null), universe, signed.signum() > 0 ? Side.BUY : Side.SELL,
        quantity, price, commissionPerFill, Instant.parse(t.path("time").asText())));
    return t;
  }

  /**
   * The fill in the trades: it reduces the oldest opposite trades first (tradeReduced, tradesClosed), and what is
   * left opens a trade with the fill's transaction id (tradeOpened).
   */
  private void trade(ObjectNode fill, BigDecimal signed, BigDecimal price) {
    BigDecimal left = signed;
    ArrayNode closed = null;
    while (left.signum() != 0 && !trades.isEmpty() && trades.get(0).currentUnits.signum() != left.signum()) {
      FakeTrade oldest = trades.get(0);
      BigDecimal units = left.abs().min(oldest.currentUnits.abs()); // closed, unsigned
      BigDecimal closing = oldest.currentUnits.signum() > 0 ? units.negate() : units;
      BigDecimal pl = price.subtract(oldest.price).multiply(closing.negate());
      oldest.currentUnits = oldest.currentUnits.add(closing);
      oldest.realizedPl = oldest.realizedPl.add(pl);
      left = left.subtract(closing);
      if (oldest.currentUnits.signum() == 0) {
        trades.remove(0);
        if (closed == null) closed = fill.putArray("tradesClosed");
        closed.addObject().put("tradeID", oldest.id).put("units", closing.toPlainString()).put("price", price.toPlainString())
            .put("realizedPL", money(pl)).put("financing", "0.0000").put("halfSpreadCost", "0.0000");
      } else {
        fill.putObject("tradeReduced").put("tradeID", oldest.id).put("units", closing.toPlainString())
            .put("price", price.toPlainString()).put("realizedPL", money(pl)).put("financing", "0.0000")
            .put("halfSpreadCost", "0.0000");
      }
    }
    if (left.signum() == 0) return;
    String id = fill.path("id").asText();
    trades.add(new FakeTrade(id, price, fill.path("time").asText(), left));
    fill.putObject("tradeOpened").put("tradeID", id).put("units", left.toPlainString())
        .put("price", price.toPlainString()).put("guaranteedExecutionFee", "0.0000").put("halfSpreadCost", "0.0000");
  }

  private static final class FakeTrade {
    final String id;
    final BigDecimal price;
    final String openTime;
    final BigDecimal initialUnits;
    BigDecimal currentUnits;
    BigDecimal realizedPl = BigDecimal.ZERO;
    BigDecimal financing = BigDecimal.ZERO;

    FakeTrade(String id, BigDecimal price, String openTime, BigDecimal units) {
      this.id = id;
      this.price = price;
      this.openTime = openTime;
      this.initialUnits = units;
      this.currentUnits = units;
    }
  }

  /** Nets a fill into the position; answers the realized P/L. */
  private BigDecimal move(BigDecimal delta, BigDecimal price) {
    BigDecimal pl = BigDecimal.ZERO;
    if (positionUnits.signum() == 0 || positionUnits.signum() == delta.signum()) {
      BigDecimal next = positionUnits.add(delta);
      averagePrice = averagePrice.multiply(positionUnits.abs()).add(price.multiply(delta.abs()))
          .divide(next.abs(), 10, RoundingMode.HALF_EVEN);
      positionUnits = next;
      return pl;
    }
    BigDecimal closing = delta.abs().min(positionUnits.abs());
    pl = price.subtract(averagePrice).multiply(BigDecimal.valueOf(positionUnits.signum())).multiply(closing);
    realizedPl = realizedPl.add(pl);
    BigDecimal next = positionUnits.add(delta);
    if (next.signum() != 0 && next.signum() != positionUnits.signum()) averagePrice = price;
    if (next.signum() == 0) averagePrice = BigDecimal.ZERO;
    positionUnits = next;
    return pl;
  }

  private ObjectNode cancelOf(FakeOrder order, String reason) {
    ObjectNode t = transaction("ORDER_CANCEL");
    t.put("orderID", order.id);
    if (order.clientId() != null) t.put("clientOrderID", order.clientId());
    t.put("reason", reason);
    order.state = "CANCELLED";
    order.cancelReason = reason;
    order.cancellingTransactionId = t.path("id").asText();
    return t;
  }

  private Optional<FakeOrder> find(String specifier) {
    if (specifier.startsWith("@")) {
      String clientId = specifier.substring(1);
      FakeOrder found = null;
      for (FakeOrder o : orders) {
        if (!clientId.equals(o.clientId())) continue;
        if (found == null || o.state.equals("PENDING")) found = o;
      }
      return Optional.ofNullable(found);
    }
    return orders.stream().filter(o -> o.id.equals(specifier)).findFirst();
  }

  private void getOrder(HttpExchange exchange, String specifier) throws IOException {
    ObjectNode body;
    synchronized (this) {
      Optional<FakeOrder> order = find(specifier);
      if (order.isEmpty()) {
        body = error("ORDER_DOESNT_EXIST", "The order " + specifier + " does not exist");
        body.put("lastTransactionID", Long.toString(lastId));
      } else {
        body = JSON.createObjectNode();
        body.set("order", view(order.get()));
        body.put("lastTransactionID", Long.toString(lastId));
      }
    }
    answer(exchange, body.has("order") ? 200 : 404, body, null);
  }

  private void cancel(HttpExchange exchange, String specifier) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode published = null;
    int status;
    synchronized (this) {
      Optional<FakeOrder> order = find(specifier).filter(o -> o.state.equals("PENDING"));
      if (order.isEmpty()) {
        ObjectNode t = transaction("ORDER_CANCEL_REJECT");
        t.put("orderID", find(specifier).map(o -> o.id).orElse(""));
        if (specifier.startsWith("@")) t.put("clientOrderID", specifier.substring(1));
        t.put("rejectReason", "ORDER_DOESNT_EXIST");
        published = t;
        body.set("orderCancelRejectTransaction", t);
        body.putArray("relatedTransactionIDs").add(t.path("id").asText());
        body.put("lastTransactionID", Long.toString(lastId));
        body.put("errorCode", "ORDER_DOESNT_EXIST");
        body.put("errorMessage", "The Order specified does not exist or is not pending");
        status = 404;
      } else {
        ObjectNode t = cancelOf(order.get(), "CLIENT_REQUEST");
        published = t;
        body.set("orderCancelTransaction", t);
        body.putArray("relatedTransactionIDs").add(t.path("id").asText());
        body.put("lastTransactionID", Long.toString(lastId));
        status = 200;
      }
      noteStopLossGaps();
    }
    publish(published);
    answer(exchange, status, body, null);
  }

  private ObjectNode view(FakeOrder o) {
    ObjectNode v = JSON.createObjectNode();
    v.put("id", o.id).put("createTime", o.created.toString()).put("state", o.state);
    if (o.clientExtensions != null) v.set("clientExtensions", o.clientExtensions);
    v.put("type", o.type);
    if (o.tradeId != null) {
      v.put("tradeID", o.tradeId); // a TAKE_PROFIT / STOP_LOSS: no instrument, no units (it closes its trade)
    } else {
      v.put("instrument", instrument).put("units", o.units.toPlainString());
    }
    if (o.price != null) v.put("price", o.price.toPlainString());
    if (o.priceBound != null) v.put("priceBound", o.priceBound.toPlainString());
    v.put("timeInForce", o.timeInForce).put("triggerCondition", "DEFAULT");
    if (o.tradeId == null) v.put("positionFill", "DEFAULT");
    if (o.fillingTransactionId != null) v.put("fillingTransactionID", o.fillingTransactionId);
    if (o.cancellingTransactionId != null) v.put("cancellingTransactionID", o.cancellingTransactionId);
    return v;
  }

  private synchronized ObjectNode pendingOrders() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("orders");
    for (int i = orders.size() - 1; i >= 0; i--) { // newest first, as OANDA lists them
      if (orders.get(i).state.equals("PENDING")) list.add(view(orders.get(i)));
    }
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  // --- transactions ------------------------------------------------------------------------------

  /** A new transaction with the next id; the caller fills in its fields and publishes it. Call holding the lock. */
  private ObjectNode transaction(String type) {
    long id = ++lastId;
    ObjectNode t = JSON.createObjectNode();
    t.put("id", Long.toString(id)).put("time", now().toString()).put("userID", 1234567).put("accountID", ACCOUNT)
        .put("batchID", Long.toString(id)).put("requestID", "6" + id).put("type", type);
    transactions.add(t);
    return t;
  }

  private synchronized ObjectNode since(long id) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("transactions");
    transactions.stream().filter(t -> t.path("id").asLong() > id).limit(OandaAdapter.PAGE).forEach(list::add);
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  private synchronized ObjectNode idrange(long from, long to, String types) {
    List<String> filter = types == null ? List.of() : List.of(types.split(","));
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("transactions");
    transactions.stream().filter(t -> t.path("id").asLong() >= from && t.path("id").asLong() <= to)
        .filter(t -> filter.isEmpty() || filter.contains(t.path("type").asText())).forEach(list::add);
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  // --- the account -------------------------------------------------------------------------------

  private BigDecimal unrealized() {
    if (positionUnits.signum() == 0) return BigDecimal.ZERO;
    BigDecimal mark = positionUnits.signum() > 0 ? bid : ask;
    return mark.subtract(averagePrice).multiply(positionUnits);
  }

  private BigDecimal marginUsed() {
    return positionUnits.abs().multiply(averagePrice).multiply(marginRate);
  }

  private BigDecimal marginAvailable() {
    return balance.add(unrealized()).subtract(marginUsed()).max(BigDecimal.ZERO);
  }

  private synchronized ObjectNode summary() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode a = body.putObject("account");
    BigDecimal nav = balance.add(unrealized());
    long pending = orders.stream().filter(o -> o.state.equals("PENDING")).count();
    a.put("id", ACCOUNT).put("alias", "Primary").put("currency", quoteAsset()).put("balance", money(balance))
        .put("createdByUserID", 1234567).put("createdTime", "2026-01-05T10:00:00.000000000Z")
        .put("guaranteedStopLossOrderMode", "DISABLED").put("pl", money(realizedPl)).put("resettablePL", money(realizedPl))
        .put("financing", money(financing)).put("commission", money(commissionPaid))
        .put("guaranteedExecutionFees", "0.0000").put("marginRate", marginRate.toPlainString())
        .put("openTradeCount", positionUnits.signum() == 0 ? 0 : 1).put("openPositionCount", positionUnits.signum() == 0 ? 0 : 1)
        .put("pendingOrderCount", pending).put("hedgingEnabled", false).put("unrealizedPL", money(unrealized()))
        .put("NAV", money(nav)).put("marginUsed", money(marginUsed())).put("marginAvailable", money(marginAvailable()))
        .put("positionValue", money(positionUnits.abs().multiply(bid))).put("marginCloseoutUnrealizedPL", money(unrealized()))
        .put("marginCloseoutNAV", money(nav)).put("marginCloseoutMarginUsed", money(marginUsed()))
        .put("marginCloseoutPercent", "0.00000").put("marginCloseoutPositionValue", money(positionUnits.abs().multiply(bid)))
        .put("withdrawalLimit", money(marginAvailable())).put("marginCallMarginUsed", money(marginUsed()))
        .put("marginCallPercent", "0.00000").put("lastTransactionID", Long.toString(lastId));
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  private synchronized ObjectNode instruments() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode i = body.putArray("instruments").addObject();
    i.put("name", instrument).put("type", "CURRENCY").put("displayName", instrument.replace('_', '/'))
        .put("pipLocation", pipLocation).put("displayPrecision", displayPrecision)
        .put("tradeUnitsPrecision", tradeUnitsPrecision).put("minimumTradeSize", minimumTradeSize.toPlainString())
        .put("maximumTrailingStopDistance", "1.00000").put("minimumTrailingStopDistance", "0.00050")
        .put("maximumPositionSize", "0").put("maximumOrderUnits", "100000000").put("marginRate", marginRate.toPlainString());
    ObjectNode f = i.putObject("financing");
    f.put("longRate", "-0.0325").put("shortRate", "0.0106");
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  private synchronized ObjectNode openPositions() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("positions");
    if (positionUnits.signum() != 0 || financing.signum() != 0 || realizedPl.signum() != 0) {
      ObjectNode p = list.addObject();
      p.put("instrument", instrument).put("pl", money(realizedPl)).put("unrealizedPL", money(unrealized()))
          .put("marginUsed", money(marginUsed())).put("resettablePL", money(realizedPl)).put("financing", money(financing))
          .put("commission", money(commissionPaid)).put("guaranteedExecutionFees", "0.0000");
      boolean isLong = positionUnits.signum() > 0;
      side(p.putObject("long"), isLong ? positionUnits : BigDecimal.ZERO, isLong ? averagePrice : null);
      side(p.putObject("short"), isLong ? BigDecimal.ZERO : positionUnits, isLong ? null : averagePrice);
    }
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  private synchronized ObjectNode openTrades() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("trades");
    List<FakeTrade> newestFirst = new ArrayList<>(trades);
    java.util.Collections.reverse(newestFirst); // OANDA lists the newest first
    for (FakeTrade trade : newestFirst) {
      BigDecimal mark = trade.currentUnits.signum() > 0 ? bid : ask;
      list.addObject().put("id", trade.id).put("instrument", instrument).put("price", trade.price.toPlainString())
          .put("openTime", trade.openTime).put("state", "OPEN").put("initialUnits", trade.initialUnits.toPlainString())
          .put("initialMarginRequired", money(trade.initialUnits.abs().multiply(trade.price).multiply(marginRate)))
          .put("currentUnits", trade.currentUnits.toPlainString()).put("realizedPL", money(trade.realizedPl))
          .put("unrealizedPL", money(mark.subtract(trade.price).multiply(trade.currentUnits)))
          .put("marginUsed", money(trade.currentUnits.abs().multiply(trade.price).multiply(marginRate)))
          .put("financing", money(trade.financing)).put("dividendAdjustment", "0.0000");
    }
    body.put("lastTransactionID", Long.toString(lastId));
    return body;
  }

  private void side(ObjectNode side, BigDecimal units, BigDecimal average) {
    side.put("units", units.toPlainString());
    if (average != null && units.signum() != 0) side.put("averagePrice", average.setScale(displayPrecision, RoundingMode.HALF_EVEN).toPlainString());
    side.put("pl", "0.0000").put("resettablePL", "0.0000").put("financing", money(units.signum() == 0 ? BigDecimal.ZERO : financing))
        .put("unrealizedPL", money(units.signum() == 0 ? BigDecimal.ZERO : unrealized()));
    ArrayNode ids = side.putArray("tradeIDs");
    for (FakeTrade trade : trades) if (units.signum() != 0 && trade.currentUnits.signum() == units.signum()) ids.add(trade.id);
  }

  // --- streams -----------------------------------------------------------------------------------

  private void openStream(HttpExchange exchange, List<Stream> streams, ObjectNode first) throws IOException {
    if (streams == transactionStreams && System.currentTimeMillis() < streamRefusedUntil) {
      answer(exchange, 503, error(null, "Service Unavailable"), null);
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, 0); // chunked: one JSON object per line, for as long as the client stays
    Stream s = new Stream(exchange, exchange.getResponseBody());
    streams.add(s);
    if (first != null) write(streams, s, first);
  }

  private void publish(ObjectNode transaction) {
    if (transaction == null) return;
    boolean twice = transaction.path("type").asText().equals("ORDER_FILL") && duplicateNext;
    if (twice) duplicateNext = false;
    if (silent) return;
    for (Stream s : transactionStreams) {
      write(transactionStreams, s, transaction);
      if (twice) write(transactionStreams, s, transaction);
    }
  }

  private void heartbeat() {
    ObjectNode beat = JSON.createObjectNode();
    synchronized (this) {
      beat.put("type", "HEARTBEAT").put("lastTransactionID", Long.toString(lastId)).put("time", now().toString());
    }
    if (!silent) for (Stream s : transactionStreams) write(transactionStreams, s, beat);
    ObjectNode priceBeat = JSON.createObjectNode().put("type", "HEARTBEAT").put("time", now().toString());
    for (Stream s : priceStreams) write(priceStreams, s, priceBeat);
  }

  private synchronized ObjectNode price() {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "PRICE").put("time", now().toString());
    p.putArray("bids").addObject().put("price", bid.toPlainString()).put("liquidity", 10000000);
    p.putArray("asks").addObject().put("price", ask.toPlainString()).put("liquidity", 10000000);
    p.put("closeoutBid", bid.toPlainString()).put("closeoutAsk", ask.toPlainString()).put("status", "tradeable")
        .put("tradeable", true).put("instrument", instrument);
    return p;
  }

  private static void write(List<Stream> streams, Stream s, JsonNode message) {
    synchronized (s) {
      try {
        s.out().write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        s.out().flush();
      } catch (IOException gone) {
        streams.remove(s);
        s.exchange().close();
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------------

  private Instant now() {
    return Instant.now().plus(skew);
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode e = JSON.createObjectNode();
    if (code != null) e.put("errorCode", code);
    e.put("errorMessage", message);
    return e;
  }

  private static String seconds(long millis) {
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body, String retryAfter) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("RequestID", Long.toString(System.nanoTime()));
    if (retryAfter != null) exchange.getResponseHeaders().add("Retry-After", retryAfter);
    try {
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException clientGone) {
      // the client timed out and left
    } finally {
      exchange.close();
    }
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

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Stream s : transactionStreams) s.exchange().close();
    for (Stream s : priceStreams) s.exchange().close();
    heartbeats.shutdownNow();
    http.stop(0);
    pool.shutdownNow();
  }
}
