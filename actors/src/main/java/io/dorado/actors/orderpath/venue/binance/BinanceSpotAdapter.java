package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.knowm.xchange.binance.dto.account.BinanceBalance;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.Filter;
import org.knowm.xchange.binance.dto.meta.exchangeinfo.Symbol;
import org.knowm.xchange.binance.dto.trade.BinanceOrder;
import org.knowm.xchange.binance.dto.trade.BinanceTrade;
import org.knowm.xchange.binance.dto.trade.OrderSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot, behind a {@code VenueActor}: orders, cancels and queries over Binance's REST API, executions over
 * its WebSocket API's user data stream, with REST {@code myTrades} as the gap-fill after every (re)connect.
 *
 * <p><b>REST: XChange's raw Binance interface, except placement and the client-order-id calls.</b> Not
 * XChange's high-level {@code BinanceExchange}: its resilience4j decorations retry calls on I/O errors (a blind
 * re-send of an order), it loads exchangeInfo remotely when created, and its user data stream starts from the
 * retired listenKey endpoints (HTTP 410 since 2026-02-20). Its raw REST interface has none of that:
 * {@link BinanceRest} builds {@code org.knowm.xchange.binance.BinanceAuthenticated} as a rescu proxy
 * ({@code RestProxyFactory}) on the configured base URL, with rescu's connect/read timeouts, XChange's
 * {@code BinanceHmacDigest}, and no retry decoration, and calls it once per request. Through it go
 * {@code GET /api/v3/openOrders}, {@code GET /api/v3/myTrades} (by order, and with {@code fromId}),
 * {@code GET /api/v3/order} by Binance's order id (the gap-fill's lookup of a trade's order),
 * {@code GET /api/v3/account}, {@code GET /api/v3/exchangeInfo} and {@code GET /api/v3/time}, read into XChange's DTOs
 * ({@code BinanceOrder}, {@code BinanceTrade}, {@code BinanceAccountInformation}, {@code BinanceExchangeInfo}); a
 * non-2xx answer arrives as XChange's {@code BinanceException} with its code, HTTP status and headers (Retry-After).
 * Three calls stay on {@link java.net.http.HttpClient}, for reasons measured against XChange 5.2.0 and rescu 3.0:
 * <ul>
 *   <li>{@code POST /api/v3/order} (place): rescu sends on {@code HttpURLConnection}, which sends a POST again (same
 *       body, same signature) when the connection drops after the request went out, unless the whole JVM runs with
 *       {@code -Dsun.net.http.retryPost=false} (read once, process-wide). Measured: two POSTs reached a server that
 *       closed the connection after reading the first ({@code BinanceXChangeRestTest}); an order Binance accepted
 *       would be placed twice once the first had filled (Binance dedupes a client order id only while it is open).
 *       The JDK's {@code HttpClient} does not re-send a POST.
 *   <li>{@code GET /api/v3/order} and {@code DELETE /api/v3/order} by client order id (query, the pre-place check,
 *       cancel): {@code javap} of 5.2.0 shows {@code orderStatus(String symbol, long orderId, String
 *       origClientOrderId, ...)} and {@code cancelOrder(String, long, String, String, ...)}: {@code orderId} is a
 *       primitive {@code long}, so rescu always sends it ({@code orderId=0}), and rest-api.md "Query order" /
 *       "Cancel order" say that when both are sent "the orderId is searched first ... If both conditions are not
 *       met the request will be rejected". After a timeout the adapter knows only the client order id.
 * </ul>
 * What XChange cannot hand over on a successful call: its DTOs are final classes that do not implement rescu's
 * {@code HttpResponseAware}, and lists cannot, so X-MBX-USED-WEIGHT-1M is read only from the JDK client's answers
 * and from errors; the {@link VenueRateLimiter} counts this account's own weight either way. XChange's
 * {@code account()} cannot send {@code omitZeroBalances} (zero balances are dropped here), and its
 * {@code exchangeInfo()} takes no {@code symbols} (the whole exchange is read once, same weight 20). Its DTOs need two
 * repairs ({@link BinanceXChangeDtos}): statuses enums.md has and its enum lacks, and a {@code timeInForce} Jackson
 * 2.19 would not read. It never calls {@code /api/v3/userDataStream}. Base URLs come from {@link BinanceSettings}
 * (api.binance.com for live, testnet.binance.vision for broker_paper, a fake on 127.0.0.1 in tests).
 *
 * <p><b>Orders.</b> MARKET, LIMIT, STOP as {@code STOP_LOSS}, STOP_LIMIT as {@code STOP_LOSS_LIMIT}, OCO as an order
 * list ({@code POST /api/v3/orderList/oco}: {@code LIMIT_MAKER} target and {@code STOP_LOSS} stop, see {@link #sendOco});
 * time in force
 * GTC/IOC/FOK (DAY is sent as GTC: crypto has no trading day; MARKET and STOP_LOSS take none). Reduce-only has no
 * spot equivalent and is not sent (a spot sell can never exceed the base balance anyway). A combo or an unmapped
 * symbol is answered Rejected without sending anything. Our client order id goes as {@code newClientOrderId}
 * through {@link BinanceClientOrderIds} (deterministic and reversible).
 *
 * <p><b>Client-order-id dedupe: only while the first order is open.</b> rest-api.md "New order": "Orders with the
 * same newClientOrderID can be accepted only when the previous one is filled, otherwise the order will be
 * rejected" (-2010 "Duplicate order sent."). A filled (or cancelled) order's id can be used again, so Binance
 * does not dedupe for us and {@link #info()} says {@code dedupesClientOrderIds = false}. This adapter closes the
 * gap itself: every {@link #place} first asks {@code GET /api/v3/order?origClientOrderId=} and answers the order's
 * Status when Binance has it, sending only on -2013 "Order does not exist"; a -2010 duplicate is answered with the
 * Status too; a second place of an id whose first place is still unanswered waits for it and answers the status.
 * (The venue actor also queries before any re-send.)
 *
 * <p><b>Outcomes.</b> Rejected only when Binance refused (a 4xx with an error code: -2010 insufficient balance,
 * -1013 filter failures LOT_SIZE/PRICE_FILTER/NOTIONAL/MIN_NOTIONAL, -1111 precision, ...). -1021 (timestamp
 * outside recvWindow) is refused before processing: {@link BinanceRest} resyncs with {@code GET /api/v3/time} and
 * sends once more. A 429 closes the account's {@link VenueRateLimiter} for its Retry-After and may be sent again
 * after the wait, since it was refused before being served (a wait longer than the limiter allows fails the stage
 * with {@link VenueRateLimiter.NotSent}: nothing left); 418, 5xx (rest-api.md: "the execution status is UNKNOWN and
 * could have been a success"), -1007/-1006/-1000/-1001 and timeouts fail the stage: the venue actor queries;
 * nothing is re-sent here.
 *
 * <p><b>Fill ids</b> are {@code SYMBOL:tradeId} (Binance's trade ids count per symbol), the same from the stream's
 * {@code executionReport} ({@code s}, {@code t}) and from {@code myTrades} ({@code symbol}, {@code id}), so the venue
 * actor drops the second copy. Commissions are counted in the quote asset: a commission in the quote asset as is, in
 * the base asset at the fill price, in any other asset (BNB) as zero (the account reconciliation sees the balance).
 */
public final class BinanceSpotAdapter implements VenueAdapter {

  private static final Logger log = LoggerFactory.getLogger(BinanceSpotAdapter.class);
  /** rest-api.md weights. */
  private static final int WEIGHT_ORDER = 1;
  private static final int WEIGHT_QUERY = 4;
  private static final int WEIGHT_OPEN_ORDERS = 6;
  private static final int WEIGHT_TRADES_BY_ORDER = 5;
  private static final int WEIGHT_TRADES = 20;
  private static final int WEIGHT_ACCOUNT = 20;
  private static final int WEIGHT_EXCHANGE_INFO = 20;
  private static final int TRADES_LIMIT = 1000;
  private static final int MAX_TRADE_PAGES = 20;

  private final BinanceSettings settings;
  private final BinanceRest rest;
  private final BinanceUserStream stream;
  private final BinanceClientOrderIds ids = new BinanceClientOrderIds();
  private final ScheduledExecutorService scheduler;
  private volatile Consumer<OrderReport> listener = r -> {};
  private volatile boolean started;
  /** The Binance symbol of each order this adapter placed or saw (cancel and query need one). */
  private final Map<ClientOrderId, String> symbolOf = new ConcurrentHashMap<>();
  /** Binance order id to the client order id Binance holds: myTrades lists only the order id. */
  private final Map<String, String> clientIdOfOrder = new ConcurrentHashMap<>();
  /** Orders believed working: after a reconnect their status is asked for (a cancel may have been missed). */
  private final Set<ClientOrderId> working = ConcurrentHashMap.newKeySet();
  /** Placements not yet answered: a second place of the same id waits for the first, then asks (never two sends). */
  private final Map<ClientOrderId, CompletableFuture<OrderReport>> placing = new ConcurrentHashMap<>();
  /** Our OCO order lists (our id is the list's): queried by their legs, cancelled as a list. */
  private final Set<ClientOrderId> ocos = ConcurrentHashMap.newKeySet();
  /** The gap-fill's cursor: null until the first subscription took its baseline. */
  private volatile String streamCursor;
  private CompletableFuture<Void> gapFills = CompletableFuture.completedFuture(null);

  public BinanceSpotAdapter(BinanceSettings settings, BinanceCredentials credentials) {
    this(settings, credentials, null);
  }

  /**
   * @param limiter the account's request budget, shared by everything that calls this account's REST API; null:
   *     {@link VenueRateLimiter#binanceSpot} waiting at most {@link BinanceSettings#longestRetryAfterWait}
   */
  public BinanceSpotAdapter(BinanceSettings settings, BinanceCredentials credentials, VenueRateLimiter limiter) {
    this.settings = settings;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "binance-" + settings.venueId());
      t.setDaemon(true);
      return t;
    });
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    VenueRateLimiter budget = limiter != null ? limiter
        : VenueRateLimiter.binanceSpot(settings.venueId(), settings.longestRetryAfterWait());
    this.rest = new BinanceRest(http, settings.restBaseUri(), credentials, budget, settings.requestTimeout(),
        settings.recvWindow(), System::currentTimeMillis);
    this.stream = new BinanceUserStream(http, settings.webSocketApiUri(), credentials, rest, scheduler, this::onEvent,
        this::onSubscribed, settings.reconnectMin(), settings.reconnectMax());
  }

  // --- placing, cancelling, asking ---------------------------------------------------------------

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    ClientOrderId id = order.clientOrderId();
    if (order.isCombo()) return rejected(id, "Binance spot has no combo orders; nothing was sent");
    Optional<String> mapped = settings.venueSymbol(order.symbol());
    if (mapped.isEmpty()) return rejected(id, order.symbol() + " is not mapped to a Binance symbol; nothing was sent");
    String symbol = mapped.get();
    symbolOf.put(id, symbol);
    if (order.type() == OrderType.OCO) ocos.add(id);
    CompletableFuture<OrderReport> mine = new CompletableFuture<>();
    CompletableFuture<OrderReport> earlier = placing.putIfAbsent(id, mine);
    if (earlier != null) {
      // the same id is being placed (the venue actor gave up waiting and asked again): its outcome first
      return earlier.handle((r, e) -> null).thenCompose(x -> query(id)).thenApply(s -> (OrderReport) s);
    }
    // Binance refuses a reused newClientOrderId only while the first order is open: ask first.
    queryOn(List.of(symbol), id).handle((status, failure) -> {
      if (failure != null) {
        Throwable cause = BinanceRest.unwrap(failure);
        if (cause instanceof BinanceApiException e && e.isRefusal()) {
          // refused (a bad key or signature, a clock Binance would not accept): the order itself was never sent
          return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
              "not sent: Binance refused the request before it: " + e.code() + " " + e.binanceMessage()));
        }
        return CompletableFuture.<OrderReport>failedFuture(cause);
      }
      if (status.status() != OrderStatus.UNKNOWN) {
        log.info("{} is already at Binance ({}): answering its status, sending nothing", id, status.status());
        return CompletableFuture.completedFuture((OrderReport) status);
      }
      return order.type() == OrderType.OCO ? sendOco(order, symbol) : send(order, symbol);
    }).thenCompose(stage -> stage).whenComplete((report, failure) -> {
      placing.remove(id, mine);
      if (failure != null) {
        mine.completeExceptionally(BinanceRest.unwrap(failure));
      } else {
        mine.complete(report);
      }
    });
    return mine;
  }

  private CompletionStage<OrderReport> send(Order order, String symbol) {
    ClientOrderId id = order.clientOrderId();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("symbol", symbol);
    params.put("side", order.side() == Side.BUY ? "BUY" : "SELL");
    params.put("type", binanceType(order.type()));
    if (order.type() == OrderType.LIMIT || order.type() == OrderType.STOP_LIMIT) {
      params.put("timeInForce", binanceTimeInForce(order.timeInForce()));
    }
    params.put("quantity", order.quantity().toPlainString());
    if (order.limitPrice() != null) params.put("price", order.limitPrice().toPlainString());
    if (order.stopPrice() != null) params.put("stopPrice", order.stopPrice().toPlainString());
    params.put("newClientOrderId", ids.toVenue(id));
    params.put("newOrderRespType", "FULL");
    return rest.signed("POST", "/api/v3/order", params, WEIGHT_ORDER).handle((json, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(placed(id, json));
      Throwable cause = BinanceRest.unwrap(failure);
      if (cause instanceof BinanceApiException e && e.isDuplicateOrder()) return query(id).thenApply(s -> (OrderReport) s);
      if (cause instanceof BinanceApiException e && e.isRefusal()) {
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, "Binance refused the order: "
            + e.code() + " " + e.binanceMessage(), e.rejectionKind()));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(stage -> stage);
  }

  /**
   * rest-api.md "New Order list - OCO (TRADE)", {@code POST /api/v3/orderList/oco}: the position's stop and target as
   * one order list, the venue cancelling (expiring) the other leg when one is activated. A SELL's target is the above
   * leg ({@code LIMIT_MAKER} at the limit price), its stop the below leg ({@code STOP_LOSS} at the stop price); a
   * BUY's the other way round (errors.md -1165 "A limit order in a buy OCO must be below"). Our id is the
   * {@code listClientOrderId}, each leg's client order id is it plus {@code /s} or {@code /t}
   * ({@link BinanceClientOrderIds#leg}): deterministic, so a re-send carries the same ids. Accepted with the list's id.
   */
  private CompletionStage<OrderReport> sendOco(Order order, String symbol) {
    ClientOrderId id = order.clientOrderId();
    String target = order.side() == Side.SELL ? "above" : "below";
    String stop = order.side() == Side.SELL ? "below" : "above";
    Map<String, String> params = new LinkedHashMap<>();
    params.put("symbol", symbol);
    params.put("listClientOrderId", ids.toVenue(id));
    params.put("side", order.side() == Side.BUY ? "BUY" : "SELL");
    params.put("quantity", order.quantity().toPlainString());
    params.put(target + "Type", "LIMIT_MAKER");
    params.put(target + "ClientOrderId", ids.leg(id, BinanceClientOrderIds.TARGET_LEG));
    params.put(target + "Price", order.limitPrice().toPlainString());
    params.put(stop + "Type", "STOP_LOSS");
    params.put(stop + "ClientOrderId", ids.leg(id, BinanceClientOrderIds.STOP_LEG));
    params.put(stop + "StopPrice", order.stopPrice().toPlainString());
    params.put("newOrderRespType", "RESULT");
    return rest.signed("POST", "/api/v3/orderList/oco", params, WEIGHT_ORDER).handle((json, failure) -> {
      if (failure == null) {
        for (JsonNode leg : json.path("orderReports")) clientIdOfOrder.put(leg.path("orderId").asText(), leg.path("clientOrderId").asText());
        working.add(id);
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Accepted(id, json.path("orderListId").asText()));
      }
      Throwable cause = BinanceRest.unwrap(failure);
      if (cause instanceof BinanceApiException e && e.isDuplicateOrder()) return query(id).thenApply(s -> (OrderReport) s);
      if (cause instanceof BinanceApiException e && e.isRefusal()) {
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, "Binance refused the OCO: "
            + e.code() + " " + e.binanceMessage(), e.rejectionKind()));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(stage -> stage);
  }

  private OrderReport placed(ClientOrderId id, JsonNode json) {
    String orderId = json.path("orderId").asText();
    String symbol = json.path("symbol").asText();
    clientIdOfOrder.put(orderId, json.path("clientOrderId").asText());
    String status = json.path("status").asText("NEW");
    JsonNode fills = json.path("fills");
    if ((status.equals("NEW") || status.equals("PENDING_NEW")) && (fills.isMissingNode() || fills.isEmpty())) {
      working.add(id);
      return new OrderReport.Accepted(id, orderId);
    }
    // filled (or expired) at once: the status with its fills, so nothing depends on the stream
    Side side = json.path("side").asText().equals("BUY") ? Side.BUY : Side.SELL;
    Instant at = Instant.ofEpochMilli(json.path("transactTime").asLong());
    List<Fill> list = new ArrayList<>();
    for (JsonNode f : fills) {
      BigDecimal price = decimal(f, "price");
      list.add(new Fill(fillId(symbol, f.path("tradeId").asText()), id, universe(symbol), side, decimal(f, "qty"), price,
          commission(decimal(f, "commission"), f.path("commissionAsset").asText(), price, symbol), at));
    }
    OrderStatus mapped = status(status);
    if (!mapped.isTerminal()) working.add(id);
    return new OrderReport.Status(id, mapped, decimal(json, "executedQty"), list, reason(json));
  }

  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
    if (ocos.contains(id)) return cancelListOn(candidateSymbols(id), id, reason);
    return cancelOn(candidateSymbols(id), id, reason);
  }

  /**
   * rest-api.md "Cancel Order list (TRADE)", {@code DELETE /api/v3/orderList} by {@code listClientOrderId}: both legs
   * at once. Refused (-2011: the list is over, one leg filled and the other expired): its status decides.
   */
  private CompletionStage<OrderReport> cancelListOn(List<String> symbols, ClientOrderId id, String reason) {
    String symbol = symbols.get(0);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("symbol", symbol);
    params.put("listClientOrderId", ids.toVenue(id));
    return rest.signed("DELETE", "/api/v3/orderList", params, WEIGHT_ORDER).handle((json, failure) -> {
      if (failure == null) {
        symbolOf.put(id, symbol);
        working.remove(id);
        BigDecimal executed = BigDecimal.ZERO;
        for (JsonNode leg : json.path("orderReports")) executed = executed.add(decimal(leg, "executedQty"));
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Cancelled(id, executed, reason));
      }
      Throwable cause = BinanceRest.unwrap(failure);
      if (cause instanceof BinanceApiException e && e.isRefusal()) {
        if (symbols.size() > 1 && (e.code() == BinanceApiException.CANCEL_REJECTED
            || e.code() == BinanceApiException.NO_SUCH_ORDER)) {
          return cancelListOn(symbols.subList(1, symbols.size()), id, reason);
        }
        return query(id).thenApply(s -> (OrderReport) s);
      }
      return CompletableFuture.<OrderReport>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  private CompletionStage<OrderReport> cancelOn(List<String> symbols, ClientOrderId id, String reason) {
    String symbol = symbols.get(0);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("symbol", symbol);
    params.put("origClientOrderId", ids.toVenue(id));
    return rest.signed("DELETE", "/api/v3/order", params, WEIGHT_ORDER).handle((json, failure) -> {
      if (failure == null) {
        symbolOf.put(id, symbol);
        working.remove(id);
        return CompletableFuture.completedFuture(
            (OrderReport) new OrderReport.Cancelled(id, decimal(json, "executedQty"), reason));
      }
      Throwable cause = BinanceRest.unwrap(failure);
      if (cause instanceof BinanceApiException e && e.isRefusal()) {
        // -2011 "Unknown order sent." (filled, gone, or on another symbol): what Binance knows of it decides
        if (symbols.size() > 1 && (e.code() == BinanceApiException.CANCEL_REJECTED
            || e.code() == BinanceApiException.NO_SUCH_ORDER)) {
          return cancelOn(symbols.subList(1, symbols.size()), id, reason);
        }
        // an order list (our id is its list's, after a restart this adapter did not know): cancelled as one
        return query(id).thenCompose(s -> ocos.contains(id) && !s.status().isTerminal() ? cancel(id, reason)
            : CompletableFuture.completedFuture((OrderReport) s));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  /**
   * An order's status; an OCO list's from its two legs ({@link #combineLegs}). An id this adapter does not know as a
   * list (after a restart) that Binance does not know as an order is asked for as a list's legs before it is UNKNOWN.
   */
  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId id) {
    List<String> symbols = candidateSymbols(id);
    if (ocos.contains(id)) return queryListOn(symbols, id);
    return queryOn(symbols, id).thenCompose(s -> s.status() != OrderStatus.UNKNOWN ? CompletableFuture.completedFuture(s)
        : queryListOn(symbols, id).thenApply(list -> {
          if (list.status() == OrderStatus.UNKNOWN) return s;
          ocos.add(id);
          return list;
        }));
  }

  /** rest-api.md "Query order" of both legs of the list {@code id}, with their trades, as one status. */
  private CompletionStage<OrderReport.Status> queryListOn(List<String> symbols, ClientOrderId id) {
    return queryOn(symbols, id, ids.leg(id, BinanceClientOrderIds.STOP_LEG)).thenCombine(
        queryOn(symbols, id, ids.leg(id, BinanceClientOrderIds.TARGET_LEG)), (stop, target) -> {
          OrderReport.Status list = combineLegs(id, stop, target);
          if (list.status().isTerminal() || list.status() == OrderStatus.UNKNOWN) working.remove(id);
          else working.add(id);
          return list;
        });
  }

  /**
   * An OCO list's status from its legs': FILLED when a leg filled (the other expired at the venue); over (CANCELLED,
   * or REJECTED when both were) when both legs are; else PARTIALLY_FILLED or WORKING. Every fill of both legs.
   */
  static OrderReport.Status combineLegs(ClientOrderId id, OrderReport.Status a, OrderReport.Status b) {
    if (a.status() == OrderStatus.UNKNOWN && b.status() == OrderStatus.UNKNOWN) {
      return new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), a.reason());
    }
    List<Fill> fills = new ArrayList<>(a.fills());
    fills.addAll(b.fills());
    BigDecimal executed = decimal(a.filledQuantity()).add(decimal(b.filledQuantity()));
    boolean aOver = a.status().isTerminal() || a.status() == OrderStatus.UNKNOWN;
    boolean bOver = b.status().isTerminal() || b.status() == OrderStatus.UNKNOWN;
    OrderStatus status;
    if (a.status() == OrderStatus.FILLED || b.status() == OrderStatus.FILLED) {
      status = OrderStatus.FILLED;
    } else if (aOver && bOver) {
      status = a.status() == OrderStatus.REJECTED && b.status() == OrderStatus.REJECTED ? OrderStatus.REJECTED
          : OrderStatus.CANCELLED;
    } else {
      status = executed.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    }
    String reason = status == OrderStatus.FILLED || status == OrderStatus.WORKING || status == OrderStatus.PARTIALLY_FILLED
        ? null : a.reason() != null ? a.reason() : b.reason();
    return new OrderReport.Status(id, status, executed, fills, reason);
  }

  private CompletionStage<OrderReport.Status> queryOn(List<String> symbols, ClientOrderId id) {
    return queryOn(symbols, id, ids.toVenue(id));
  }

  /**
   * The order Binance holds as {@code venueId} (ours, or a leg of our list {@code id}) and its trades; UNKNOWN when
   * every candidate symbol answers -2013 "Order does not exist".
   */
  private CompletionStage<OrderReport.Status> queryOn(List<String> symbols, ClientOrderId id, String venueId) {
    if (symbols.isEmpty()) {
      return CompletableFuture.completedFuture(new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(),
          "Binance has no order " + venueId));
    }
    String symbol = symbols.get(0);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("symbol", symbol);
    params.put("origClientOrderId", venueId);
    return rest.signed("GET", "/api/v3/order", params, WEIGHT_QUERY).handle((json, failure) -> {
      if (failure == null) return withTrades(id, json);
      Throwable cause = BinanceRest.unwrap(failure);
      if (cause instanceof BinanceApiException e && e.code() == BinanceApiException.NO_SUCH_ORDER) {
        return queryOn(symbols.subList(1, symbols.size()), id, venueId);
      }
      return CompletableFuture.<OrderReport.Status>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  private CompletionStage<OrderReport.Status> withTrades(ClientOrderId id, JsonNode order) {
    String symbol = order.path("symbol").asText();
    String orderId = order.path("orderId").asText();
    symbolOf.put(id, symbol);
    clientIdOfOrder.put(orderId, order.path("clientOrderId").asText());
    OrderStatus status = status(order.path("status").asText());
    if (status.isTerminal()) {
      working.remove(id);
    } else {
      working.add(id);
    }
    BigDecimal executed = decimal(order, "executedQty");
    if (executed.signum() == 0) {
      return CompletableFuture.completedFuture(new OrderReport.Status(id, status, executed, List.of(), reason(order)));
    }
    long binanceOrderId = Long.parseLong(orderId);
    return rest.xchange(WEIGHT_TRADES_BY_ORDER, (api, recv, ts, key, sig) ->
        api.myTrades(symbol, binanceOrderId, null, null, null, null, recv, ts, key, sig)).thenApply(trades -> {
      List<Fill> fills = new ArrayList<>();
      for (BinanceTrade t : trades) toExecution(t, id).flatMap(VenueExecution::toFill).ifPresent(fills::add);
      return new OrderReport.Status(id, status, executed, fills, reason(order));
    });
  }

  /** The symbol the order was placed on when known, else every mapped symbol (after a restart). */
  private List<String> candidateSymbols(ClientOrderId id) {
    String known = symbolOf.get(id);
    if (known != null) return List.of(known);
    return List.copyOf(settings.symbols().values());
  }

  // --- the stream --------------------------------------------------------------------------------

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
    synchronized (this) {
      if (started) return;
      started = true;
    }
    stream.start();
  }

  private void onEvent(JsonNode event) {
    if (!event.path("e").asText().equals("executionReport")) return;
    String original = event.path("C").asText("");
    String venueClientId = original.isEmpty() ? event.path("c").asText() : original;
    String symbol = event.path("s").asText();
    clientIdOfOrder.put(event.path("i").asText(), venueClientId);
    Optional<ClientOrderId> ours = ids.fromVenue(venueClientId);
    if (ours.isEmpty()) return; // an order placed outside the fleet: the reconciliation adopts it
    ClientOrderId id = ours.get();
    symbolOf.put(id, symbol);
    boolean leg = ids.legOf(venueClientId).isPresent();
    if (leg) ocos.add(id);
    String execution = event.path("x").asText();
    String orderStatus = event.path("X").asText();
    BigDecimal cumulative = decimal(event, "z");
    switch (execution) {
      case "NEW" -> working.add(id);
      case "TRADE" -> {
        BigDecimal price = decimal(event, "L");
        Side side = event.path("S").asText().equals("BUY") ? Side.BUY : Side.SELL;
        Fill fill = new Fill(fillId(symbol, event.path("t").asText()), id, universe(symbol), side, decimal(event, "l"),
            price, commission(decimal(event, "n"), event.path("N").asText(""), price, symbol),
            Instant.ofEpochMilli(event.path("T").asLong()));
        boolean complete = orderStatus.equals("FILLED");
        if (complete) working.remove(id);
        tell(new OrderReport.Filled(id, fill, cumulative, complete));
      }
      case "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH" -> {
        if (leg) { // one leg of our list: the list is over only with both; its status (both legs, every fill) says
          query(id).whenComplete((status, failure) -> {
            if (status != null) tell(status);
            else log.warn("Binance: the status of order list {} after a leg's {} failed ({})", id, execution, failure.toString());
          });
          return;
        }
        working.remove(id);
        String why = event.path("eR").asText(null);
        tell(new OrderReport.Cancelled(id, cumulative, "Binance: " + execution.toLowerCase()
            + (why != null ? " (" + why + ")" : "")));
      }
      case "REJECTED" -> {
        working.remove(id);
        tell(new OrderReport.Rejected(id, "Binance rejected the order: " + event.path("r").asText()));
      }
      default -> {
        // TRADE_PREVENTION, REPLACED, AMENDMENT: nothing the venue actor needs
      }
    }
  }

  /**
   * After every subscription: the first takes the trade cursor as its baseline (pushing only fills of orders this
   * adapter placed); every later one pushes the fills since the cursor and asks for the status of each order
   * believed working, so fills, cancels and expiries missed while the stream was down reach the venue actor.
   */
  private void onSubscribed() {
    gapFillAfter(0);
  }

  /** A failed gap-fill is tried again (backing off like the stream) until one succeeds: a gap must not stay open. */
  private void gapFillAfter(int failures) {
    synchronized (this) {
      gapFills = gapFills.thenCompose(v -> gapFill()).exceptionally(e -> {
        long wait = Math.min(settings.reconnectMax().toMillis(), settings.reconnectMin().toMillis() << Math.min(failures, 16));
        log.warn("Binance gap-fill failed ({}); trying again in {} ms", BinanceRest.unwrap(e).toString(), wait);
        try {
          scheduler.schedule(() -> gapFillAfter(failures + 1), wait, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          // the adapter is closed
        }
        return null;
      });
    }
  }

  private CompletionStage<Void> gapFill() {
    boolean baseline = streamCursor == null;
    return executionsSince(streamCursor).thenCompose(page -> {
      for (VenueExecution e : page.executions()) {
        if (e.clientOrderId() == null) continue;
        if (baseline && !symbolOf.containsKey(e.clientOrderId())) continue;
        e.toFill().ifPresent(f -> tell(new OrderReport.Filled(f.clientOrderId(), f, f.quantity(), false)));
      }
      streamCursor = page.cursor() == null ? "" : page.cursor();
      List<CompletableFuture<Void>> asks = new ArrayList<>();
      for (ClientOrderId id : List.copyOf(working)) {
        asks.add(query(id).thenAccept(this::tell).toCompletableFuture());
      }
      return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new));
    });
  }

  private void tell(OrderReport report) {
    try {
      listener.accept(report);
    } catch (RuntimeException e) {
      log.warn("the venue actor's listener failed on {} ({})", report.clientOrderId(), e.toString());
    }
  }

  // --- the account -------------------------------------------------------------------------------

  /**
   * Binance spot ("New order": STOP_LOSS, STOP_LOSS_LIMIT): both stops rest; spot has no reduce-only; a stop and a
   * target rest together as one OCO order list ("New Order list - OCO"; apart they could not: each would hold the
   * whole base balance: an open order moves the balance it would sell from {@code free}, "can be used to trade or
   * withdraw", to {@code locked}, "currently locked in open orders", faqs/spot_glossary.md,
   * https://github.com/binance/binance-spot-api-docs/blob/master/faqs/spot_glossary.md; a second exit is refused -2010
   * "Account has insufficient balance for requested action."). So exits hold the balance: should Binance reject an OCO,
   * only the stop goes apart and the target stays virtual.
   */
  public static final VenueCapabilities CAPABILITIES = new VenueCapabilities(true, true, false, true, true, false);

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return CAPABILITIES;
  }

  @Override
  public VenueInfo info() {
    return new VenueInfo(settings.venueId(), "binance", settings.mode(), settings.account(), false, stream.state());
  }

  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    return rest.xchangePublic(WEIGHT_EXCHANGE_INFO, (api, recv, ts, key, sig) -> api.exchangeInfo()).thenApply(info -> {
      List<InstrumentRules> rules = new ArrayList<>();
      for (Symbol s : info.getSymbols() == null ? List.<Symbol>of() : info.getSymbols()) {
        String symbol = s.getSymbol();
        Optional<String> universe = settings.universeSymbol(symbol);
        if (universe.isEmpty()) continue;
        BigDecimal tick = null;
        BigDecimal step = null;
        BigDecimal minQty = null;
        BigDecimal minNotional = null;
        for (Filter f : s.getFilters() == null ? new Filter[0] : s.getFilters()) {
          switch (String.valueOf(f.getFilterType())) {
            case "PRICE_FILTER" -> tick = positive(decimal(f.getTickSize()));
            case "LOT_SIZE" -> {
              step = positive(decimal(f.getStepSize()));
              minQty = positive(decimal(f.getMinQty()));
            }
            case "NOTIONAL", "MIN_NOTIONAL" -> {
              BigDecimal n = positive(decimal(f.getMinNotional()));
              if (n != null && (minNotional == null || n.compareTo(minNotional) > 0)) minNotional = n;
            }
            default -> {
              // other filters (PERCENT_PRICE, MAX_NUM_ORDERS, ...) are not rules the guardian rounds to
            }
          }
        }
        rules.add(new InstrumentRules(universe.get(), symbol, tick, step, minQty, minNotional));
      }
      return rules;
    });
  }

  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    List<CompletableFuture<List<VenueOrderView>>> perSymbol = new ArrayList<>();
    for (String symbol : settings.symbols().values()) {
      perSymbol.add(rest.xchange(WEIGHT_OPEN_ORDERS, (api, recv, ts, key, sig) ->
              api.openOrders(symbol, recv, ts, key, sig))
          .thenApply(orders -> {
            List<VenueOrderView> views = new ArrayList<>();
            for (BinanceOrder o : orders) views.add(view(o));
            return views;
          }).toCompletableFuture());
    }
    return CompletableFuture.allOf(perSymbol.toArray(CompletableFuture[]::new)).thenApply(v -> perSymbol.stream()
        .flatMap(f -> f.join().stream()).collect(Collectors.toList()));
  }

  private VenueOrderView view(BinanceOrder o) {
    String venueClientId = o.clientOrderId;
    String symbol = o.symbol;
    String orderId = Long.toString(o.orderId);
    clientIdOfOrder.put(orderId, venueClientId);
    Optional<ClientOrderId> ours = ids.fromVenue(venueClientId);
    ours.ifPresent(id -> symbolOf.put(id, symbol));
    String type = o.type == null ? "LIMIT" : o.type.name();
    BigDecimal price = positive(o.price);
    BigDecimal stop = positive(o.stopPrice);
    return new VenueOrderView(orderId, ours.orElse(null), venueClientId, universe(symbol),
        o.side == OrderSide.BUY ? Side.BUY : Side.SELL, ourType(type), decimal(o.origQty),
        type.equals("MARKET") || type.equals("STOP_LOSS") || type.equals("TAKE_PROFIT") ? null : price,
        stop, decimal(o.executedQty), status(o.status == null ? "NEW" : o.status.name()),
        Instant.ofEpochMilli(o.time));
  }

  /**
   * The account's trades after {@code cursor}, per symbol ({@code SYMBOL=nextFromId;...}); a null cursor (or a
   * symbol missing from it) reads the most recent page. {@code fromId} is inclusive (rest-api.md "Account trade
   * list"), so the next cursor is the last id plus one.
   */
  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    Map<String, Long> from = parseCursor(cursor);
    List<CompletableFuture<List<BinanceTrade>>> perSymbol = new ArrayList<>();
    List<String> symbols = List.copyOf(settings.symbols().values());
    for (String symbol : symbols) perSymbol.add(trades(symbol, from.get(symbol), new ArrayList<>(), 0).toCompletableFuture());
    return CompletableFuture.allOf(perSymbol.toArray(CompletableFuture[]::new)).thenCompose(v -> {
      Map<String, Long> next = new LinkedHashMap<>(from);
      List<BinanceTrade> all = new ArrayList<>();
      for (int i = 0; i < symbols.size(); i++) {
        for (BinanceTrade t : perSymbol.get(i).join()) {
          all.add(t);
          next.merge(symbols.get(i), t.id + 1, Math::max);
        }
      }
      return resolveClientIds(all).thenApply(x -> {
        List<VenueExecution> executions = new ArrayList<>();
        for (BinanceTrade t : all) toExecution(t, null).ifPresent(executions::add);
        executions.sort(Comparator.comparing(VenueExecution::at));
        return new ExecutionPage(executions, formatCursor(next));
      });
    });
  }

  private CompletionStage<List<BinanceTrade>> trades(String symbol, Long fromId, List<BinanceTrade> into, int page) {
    return rest.xchange(WEIGHT_TRADES, (api, recv, ts, key, sig) ->
        api.myTrades(symbol, null, null, null, fromId, TRADES_LIMIT, recv, ts, key, sig)).thenCompose(json -> {
      long last = -1;
      for (BinanceTrade t : json) {
        into.add(t);
        last = Math.max(last, t.id);
      }
      if (json.size() < TRADES_LIMIT || fromId == null || page + 1 >= MAX_TRADE_PAGES) {
        return CompletableFuture.completedFuture(into);
      }
      return trades(symbol, last + 1, into, page + 1);
    });
  }

  /** myTrades names the order, not its client order id: ask Binance for the orders not seen yet. */
  private CompletionStage<Void> resolveClientIds(List<BinanceTrade> trades) {
    Map<Long, String> missing = new LinkedHashMap<>();
    for (BinanceTrade t : trades) {
      if (!clientIdOfOrder.containsKey(Long.toString(t.orderId))) missing.put(t.orderId, t.symbol);
    }
    List<CompletableFuture<Void>> asks = new ArrayList<>();
    missing.forEach((orderId, symbol) -> {
      // by Binance's order id, which XChange's orderStatus can send (it cannot leave orderId out: see the class comment)
      asks.add(rest.xchange(WEIGHT_QUERY, (api, recv, ts, key, sig) ->
              api.orderStatus(symbol, orderId, null, recv, ts, key, sig))
          .thenAccept(o -> clientIdOfOrder.put(Long.toString(orderId), o.clientOrderId)).toCompletableFuture());
    });
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new));
  }

  /** A myTrades entry as an execution; {@code knownId}: the order it belongs to, when the caller knows. */
  private Optional<VenueExecution> toExecution(BinanceTrade t, ClientOrderId knownId) {
    String symbol = t.symbol;
    String orderId = Long.toString(t.orderId);
    ClientOrderId id = knownId != null ? knownId : ids.fromVenue(clientIdOfOrder.get(orderId)).orElse(null);
    BigDecimal price = decimal(t.price);
    BigDecimal qty = decimal(t.qty);
    if (qty.signum() <= 0 || price.signum() <= 0) return Optional.empty();
    return Optional.of(new VenueExecution(fillId(symbol, Long.toString(t.id)), orderId, id, universe(symbol),
        t.isBuyer ? Side.BUY : Side.SELL, qty, price,
        commission(decimal(t.commission), t.commissionAsset == null ? "" : t.commissionAsset, price, symbol),
        Instant.ofEpochMilli(t.time)));
  }

  /**
   * rest-api.md "Account information": every balance (free plus locked); cash is the quote asset's, buying power
   * its free part, positions the base assets of the mapped symbols. Equity is left to the guardian, which has the
   * marks (here: the cash).
   */
  @Override
  public CompletionStage<AccountSnapshot> account() {
    return rest.xchange(WEIGHT_ACCOUNT, (api, recv, ts, key, sig) -> api.account(recv, ts, key, sig)).thenApply(info -> {
      Map<String, BigDecimal> balances = new LinkedHashMap<>();
      Map<String, BigDecimal> free = new LinkedHashMap<>();
      for (BinanceBalance b : info.balances == null ? List.<BinanceBalance>of() : info.balances) {
        BigDecimal total = decimal(b.getTotal());
        if (total.signum() == 0) continue; // XChange's account() cannot send omitZeroBalances: zero balances are dropped here
        String asset = b.getCurrency().getCurrencyCode();
        balances.put(asset, total);
        free.put(asset, decimal(b.getAvailable()));
      }
      String quote = settings.quoteAsset();
      List<Position> positions = new ArrayList<>();
      settings.symbols().forEach((universe, symbol) -> {
        BigDecimal held = balances.getOrDefault(settings.baseAsset(symbol), BigDecimal.ZERO);
        if (held.signum() != 0) positions.add(new Position(universe, held, BigDecimal.ZERO, BigDecimal.ZERO));
      });
      BigDecimal cash = balances.getOrDefault(quote, BigDecimal.ZERO);
      return new AccountSnapshot(settings.venueId(), quote, balances, cash, null, free.getOrDefault(quote, BigDecimal.ZERO),
          positions, Instant.now());
    });
  }

  @Override
  public void close() {
    stream.close();
    rest.close();
    scheduler.shutdownNow();
  }

  // --- mapping -----------------------------------------------------------------------------------

  private String universe(String venueSymbol) {
    return settings.universeSymbol(venueSymbol).orElse(venueSymbol);
  }

  static String fillId(String venueSymbol, String tradeId) {
    return venueSymbol + ":" + tradeId;
  }

  private BigDecimal commission(BigDecimal amount, String asset, BigDecimal price, String venueSymbol) {
    if (amount.signum() == 0) return BigDecimal.ZERO;
    if (asset.equals(settings.quoteAsset())) return amount;
    if (asset.equals(settings.baseAsset(venueSymbol))) return amount.multiply(price);
    return BigDecimal.ZERO;
  }

  static String binanceType(OrderType type) {
    return switch (type) {
      case MARKET -> "MARKET";
      case LIMIT -> "LIMIT";
      case STOP -> "STOP_LOSS";
      case STOP_LIMIT -> "STOP_LOSS_LIMIT";
      case OCO -> throw new IllegalArgumentException("an OCO is an order list (sendOco), not one order");
    };
  }

  static OrderType ourType(String binanceType) {
    return switch (binanceType) {
      case "MARKET" -> OrderType.MARKET;
      case "STOP_LOSS", "TAKE_PROFIT" -> OrderType.STOP;
      case "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT" -> OrderType.STOP_LIMIT;
      default -> OrderType.LIMIT; // LIMIT, LIMIT_MAKER
    };
  }

  static String binanceTimeInForce(TimeInForce tif) {
    return switch (tif) {
      case IOC -> "IOC";
      case FOK -> "FOK";
      default -> "GTC";
    };
  }

  /** enums.md "Order status". */
  static OrderStatus status(String binanceStatus) {
    return switch (binanceStatus) {
      case "NEW", "PENDING_NEW", "PENDING_CANCEL" -> OrderStatus.WORKING;
      case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
      case "FILLED" -> OrderStatus.FILLED;
      case "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.CANCELLED;
      case "REJECTED" -> OrderStatus.REJECTED;
      default -> OrderStatus.WORKING;
    };
  }

  private static String reason(JsonNode order) {
    String status = order.path("status").asText();
    if (status.equals("NEW") || status.equals("PARTIALLY_FILLED") || status.equals("FILLED")) return null;
    String why = order.path("expiryReason").asText(null);
    return "Binance: " + status.toLowerCase() + (why != null ? " (" + why + ")" : "");
  }

  static BigDecimal decimal(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) return BigDecimal.ZERO;
    try {
      return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  static BigDecimal decimal(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }

  /** A filter value as XChange's Filter DTO holds it: a string. */
  static BigDecimal decimal(String value) {
    if (value == null || value.isBlank()) return BigDecimal.ZERO;
    try {
      return new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  private static BigDecimal positive(BigDecimal value) {
    return value == null || value.signum() <= 0 ? null : value.stripTrailingZeros();
  }

  private static CompletionStage<OrderReport> rejected(ClientOrderId id, String reason) {
    return CompletableFuture.completedFuture(new OrderReport.Rejected(id, reason));
  }

  static Map<String, Long> parseCursor(String cursor) {
    Map<String, Long> from = new LinkedHashMap<>();
    if (cursor == null || cursor.isBlank()) return from;
    for (String part : cursor.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) from.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
    }
    return from;
  }

  static String formatCursor(Map<String, Long> next) {
    if (next.isEmpty()) return null;
    return next.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
  }

  /** Whether the first subscription's gap-fill has taken its baseline (tests wait for it before scripting faults). */
  boolean baselineTaken() {
    return streamCursor != null;
  }

  /** Test hook: successful stream subscriptions so far. */
  long streamSubscriptions() {
    return stream.subscriptions();
  }

  @Override
  public String toString() {
    return "BinanceSpotAdapter[" + settings.venueId() + " " + settings.mode() + " " + settings.restBaseUri() + "]";
  }
}
