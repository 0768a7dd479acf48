package io.dorado.actors.orderpath.venue.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.market.VenueMode;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca (Trading API v2: US equities and crypto) behind the venue contract: REST for orders, account, positions and
 * asset rules, the {@code trade_updates} WebSocket stream for fills ({@link AlpacaTradeStream}), REST
 * {@code GET /v2/account/activities/FILL} as the gap-fill after every (re)connect.
 *
 * <p><b>Why our own client, not alpaca-java.</b> The maintained Java client, {@code net.jacobpeterson.alpaca:alpaca-java}
 * (9.2.0, 10.0.x), does not resolve from the Maven mirror this build uses ({@code mvn dependency:get} answers
 * "Missing" for both, 2026-12-07), and it would bring a second HTTP stack (OkHttp) and Gson beside the JDK
 * {@link java.net.http.HttpClient} and Jackson the Kraken adapter already uses. Alpaca's API is small and unsigned
 * (two headers), so {@link AlpacaRest} and {@link AlpacaTradeStream} are written directly against the published docs,
 * as the Kraken adapter is.
 *
 * <p><b>Endpoints.</b> broker_paper: {@code https://paper-api.alpaca.markets} and {@code wss://paper-api.alpaca.markets/stream};
 * live: {@code https://api.alpaca.markets} and {@code wss://api.alpaca.markets/stream} ({@link Settings#paper()},
 * {@link Settings#live()}).
 *
 * <p><b>Orders.</b> {@code POST /v2/orders} with {@code symbol, qty, side, type (market|limit|stop|stop_limit),
 * time_in_force (day|gtc|ioc|fok), limit_price, stop_price, client_order_id}; quantities and prices as decimal strings.
 * Crypto (a venue symbol with a slash, {@code BTC/USD}) takes market, limit and stop_limit with gtc or ioc ("Crypto
 * Spot Trading"): DAY goes as gtc (crypto has no trading day), and a crypto STOP or FOK is answered Rejected without
 * sending. Combos (Alpaca's multi-leg options orders) and options in general are not implemented: a combo is
 * Rejected without sending. {@code reduce_only} has no Alpaca field and is not sent.
 *
 * <p><b>OCO (equities).</b> An {@link OrderType#OCO} goes as Alpaca's exit pair, {@code order_class: "oco"}
 * (alpaca-docs content/trading/orders.md "OCO Orders"; data/webapi/endpoints/orders.yaml {@code POST /v2/orders}
 * {@code take_profit}, {@code stop_loss}): {@code type: "limit"} ("must always be limit, indicating the take-profit
 * order type"), {@code take_profit.limit_price} = our limit (the target), {@code stop_loss.stop_price} = our stop (a
 * stop-market leg: no {@code stop_loss.limit_price}), {@code time_in_force} day or gtc (the bracket legs' rule), our
 * {@code client_order_id}. Alpaca makes two orders of it: the take-profit is the parent and carries our
 * {@code client_order_id}; the stop-loss is its child, whose {@code id} and {@code client_order_id} Alpaca assigns
 * (no request field names a leg's id). So a leg is identified by its Alpaca order id, learned from the parent's
 * {@code legs} (the POST answer, or {@code GET /v2/orders/{id}?nested=true}, which "roll[s] up multi-leg orders under
 * the legs field") and mapped to our id; every query reads both legs, and the OCO's status is theirs combined
 * ({@link #ocoStatusOf}): FILLED when a leg filled (Alpaca cancels the other), over when both are, every fill of both.
 * One leg's {@code canceled} on the stream is answered with that combined status, never as the OCO's end. A cancel
 * deletes the parent ("If any one of the orders is canceled, any remaining open order in the group is canceled").
 * Not covered: a stop-loss leg's fill that a restarted adapter meets only in the FILL activities, before any query
 * of its OCO, names an order this adapter cannot tie to ours (the leg names no parent) and goes out unowned; the
 * venue actor's query of the working OCO (both legs, every fill) is what settles it.
 * Alpaca crypto has no order classes: an OCO for a crypto symbol is Rejected without sending, and
 * {@link #capabilitiesFor} says oco=false there (the bot rests a stop and a target apart, the guardian holds the OCO).
 *
 * <p><b>Client order ids and dedupe.</b> Ours go out as {@code client_order_id} through {@link AlpacaClientOrderIds}
 * ({@code dorado_} + ours, at most 128 characters). Alpaca's docs say the id is "A unique identifier for the order"
 * and do not say for how long: the uniqueness is reported (not published) to hold against open orders. So
 * {@link VenueInfo#dedupesClientOrderIds()} is false and this adapter closes the gap as the Binance adapter does: every
 * {@link #place} first asks {@code GET /v2/orders:by_client_order_id} and answers the order's Status when Alpaca has
 * it, sending only on 404; a 422 refusal that may be the duplicate ("client_order_id must be unique") is answered with
 * the order's Status when a query finds it; a second place of an id whose first place is unanswered waits for it.
 *
 * <p><b>Outcomes.</b> Rejected only when Alpaca refused: 403 (insufficient buying power or balance, "cost basis must
 * be >= minimal amount of order", account restrictions), 422 (invalid qty, price increment, ...), 400, 401.
 * A 429 closes the account's {@link VenueRateLimiter} until {@code X-RateLimit-Reset} and is sent once more (it was
 * refused before being served). A 5xx, a timeout or a broken connection fails the stage: the venue actor queries
 * by client order id; nothing is re-sent here.
 *
 * <p><b>Fill ids.</b> Alpaca's stream event carries {@code execution_id} and its activity carries an {@code id} of the
 * form {@code <time>::<uuid>}; the docs do not say they are the same, so neither is used. A fill's id is
 * {@code <order id>:<cumulative filled qty after it>}, which both sources state exactly (the stream's
 * {@code order.filled_qty}, the activity's {@code cum_qty}): the venue actor drops the second copy of a fill whichever
 * way it came. Alpaca reports no per-fill commission (commission-free equities; crypto fees are taken in the asset):
 * commission is zero here, the account reconciliation sees the balances.
 *
 * <p><b>Not done.</b> Options (contracts, multi-leg). Alpaca's market data stream is {@link AlpacaMarketDataStream}, not yet
 * wired as a {@code data_config.sources} kind.
 */
public final class AlpacaAdapter implements VenueAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaAdapter.class);
  private static final int PAGE_SIZE = 100;
  private static final int MAX_PAGES = 50;

  public static final URI PAPER_REST = URI.create("https://paper-api.alpaca.markets");
  public static final URI PAPER_STREAM = URI.create("wss://paper-api.alpaca.markets/stream");
  public static final URI LIVE_REST = URI.create("https://api.alpaca.markets");
  public static final URI LIVE_STREAM = URI.create("wss://api.alpaca.markets/stream");

  /** How the adapter reaches Alpaca (or its fake) and how patient it is. */
  public record Settings(URI restBase, URI streamUrl, Duration requestTimeout, Duration lookBack,
      Duration reconnectBackoff, Duration maxReconnectBackoff) {
    public static Settings paper() {
      return new Settings(PAPER_REST, PAPER_STREAM, Duration.ofSeconds(8), Duration.ofDays(1), Duration.ofSeconds(1),
          Duration.ofSeconds(30));
    }

    public static Settings live() {
      return new Settings(LIVE_REST, LIVE_STREAM, Duration.ofSeconds(8), Duration.ofDays(1), Duration.ofSeconds(1),
          Duration.ofSeconds(30));
    }

    /** The mode's endpoints: the paper endpoint for broker_paper, the live one for live. */
    public static Settings forMode(VenueMode mode) {
      return switch (mode) {
        case LIVE -> live();
        case BROKER_PAPER -> paper();
        default -> throw new IllegalArgumentException("alpaca serves broker_paper (its paper endpoint) and live, not "
            + mode);
      };
    }

    public Settings withEndpoints(URI rest, URI stream) {
      return new Settings(rest, stream, requestTimeout, lookBack, reconnectBackoff, maxReconnectBackoff);
    }

    public Settings withTimeouts(Duration request, Duration reconnect) {
      return new Settings(restBase, streamUrl, request, lookBack, reconnect, maxReconnectBackoff);
    }
  }

  /** One FILL activity: the execution, and what the order had filled after it. */
  private record Activity(String activityId, VenueExecution execution, BigDecimal cumulative, boolean complete) {}

  private final String venueId;
  private final String account;
  private final VenueMode mode;
  private final Settings settings;
  private final VenueCredentials credentials;
  /** Universe symbol to Alpaca's (BTC → BTC/USD); a symbol not listed is its own (AAPL). */
  private final Map<String, String> symbols;
  private final AlpacaRest rest;
  private final Clock clock;
  /** Alpaca order id to our client order id; empty for an order placed outside the fleet. */
  private final Map<String, Optional<ClientOrderId>> orderOwners = new ConcurrentHashMap<>();
  private final Map<ClientOrderId, CompletableFuture<OrderReport>> placing = new ConcurrentHashMap<>();
  private volatile Consumer<OrderReport> listener = r -> {};
  private volatile AlpacaTradeStream stream;
  /** The last FILL activity the gap-fill pushed: where the next one starts. */
  private volatile String streamCursor;

  /** An account's adapter on Alpaca's published budget (200 requests per minute). */
  public static AlpacaAdapter forAccount(String venueId, String account, VenueMode mode, VenueCredentials credentials,
      Settings settings, Map<String, String> symbols) {
    return new AlpacaAdapter(venueId, account, mode, credentials, settings, symbols,
        AlpacaRest.standardLimiter(venueId, Duration.ofSeconds(5)), Clock.systemUTC());
  }

  public AlpacaAdapter(String venueId, String account, VenueMode mode, VenueCredentials credentials, Settings settings,
      Map<String, String> symbols, VenueRateLimiter limiter, Clock clock) {
    this.venueId = venueId;
    this.account = account == null ? venueId : account;
    this.mode = mode;
    this.settings = settings;
    this.credentials = credentials;
    this.symbols = Map.copyOf(symbols);
    this.clock = clock;
    this.rest = new AlpacaRest(settings.restBase(), credentials, settings.requestTimeout(), limiter, clock);
  }

  /** The limiter budget name for Alpaca's per-account counter (for a custom {@link VenueRateLimiter}). */
  public static String rateBudget() {
    return AlpacaRest.BUDGET;
  }

  @Override
  public String toString() {
    return "AlpacaAdapter[" + venueId + ", " + mode + ", " + settings.restBase() + "]";
  }

  // ---------------------------------------------------------------- orders

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    ClientOrderId id = order.clientOrderId();
    if (order.isCombo()) return rejected(id, "not sent: multi-leg (options) orders are not implemented for Alpaca");
    Optional<String> clientOrderId = AlpacaClientOrderIds.toVenue(id);
    if (clientOrderId.isEmpty()) {
      return rejected(id, "not sent: the client order id is longer than Alpaca's 128 characters");
    }
    String symbol = venueSymbol(order.symbol());
    boolean crypto = isCrypto(symbol);
    if (crypto && order.type() == OrderType.STOP) return rejected(id, "not sent: Alpaca crypto has no stop orders");
    if (crypto && order.timeInForce() == TimeInForce.FOK) return rejected(id, "not sent: Alpaca crypto takes gtc or ioc");
    if (order.type() == OrderType.OCO && crypto) return rejected(id, "not sent: Alpaca crypto has no OCO order class");
    if (order.type() == OrderType.OCO && order.timeInForce() != TimeInForce.DAY && order.timeInForce() != TimeInForce.GTC) {
      return rejected(id, "not sent: an Alpaca OCO's time_in_force must be day or gtc");
    }
    CompletableFuture<OrderReport> mine = new CompletableFuture<>();
    CompletableFuture<OrderReport> earlier = placing.putIfAbsent(id, mine);
    if (earlier != null) {
      // the same id is being placed (the venue actor asked again): its outcome first, then the status
      return earlier.handle((r, e) -> null).thenCompose(x -> query(id)).thenApply(s -> (OrderReport) s);
    }
    // Alpaca's uniqueness is not published as "forever": ask before sending
    query(id).handle((status, failure) -> {
      if (failure != null) {
        Throwable cause = AlpacaRest.unwrap(failure);
        if (cause instanceof AlpacaApiException e && e.isRefusal()) {
          return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
              "not sent: Alpaca refused the request before it: " + e.getMessage()));
        }
        return CompletableFuture.<OrderReport>failedFuture(cause);
      }
      if (status.status() != OrderStatus.UNKNOWN) {
        LOG.info("{} is already at Alpaca ({}): answering its status, sending nothing", id, status.status());
        return CompletableFuture.completedFuture((OrderReport) status);
      }
      return send(order, symbol, clientOrderId.get(), crypto);
    }).thenCompose(stage -> stage).whenComplete((report, failure) -> {
      placing.remove(id, mine);
      if (failure != null) mine.completeExceptionally(AlpacaRest.unwrap(failure));
      else mine.complete(report);
    });
    return mine;
  }

  private CompletionStage<OrderReport> send(Order order, String symbol, String clientOrderId, boolean crypto) {
    ClientOrderId id = order.clientOrderId();
    ObjectNode body = orderBody(order, symbol, clientOrderId, crypto);
    return rest.post("/v2/orders", body).handle((json, failure) -> {
      if (failure == null) {
        String orderId = json.path("id").asText(null);
        if (orderId != null) orderOwners.put(orderId, Optional.of(id));
        for (JsonNode leg : json.path("legs")) orderOwners.put(leg.path("id").asText(), Optional.of(id));
        if ("rejected".equals(json.path("status").asText())) {
          return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, "Alpaca rejected the order"));
        }
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Accepted(id, orderId));
      }
      Throwable cause = AlpacaRest.unwrap(failure);
      if (cause instanceof AlpacaApiException e && e.mayBeDuplicateClientOrderId()) {
        // Alpaca has an order with this client_order_id: its status; a refusal for another reason when it has none
        return query(id).thenApply(s -> s.status() == OrderStatus.UNKNOWN
            ? (OrderReport) new OrderReport.Rejected(id, "Alpaca refused the order: " + e.getMessage()) : s);
      }
      if (cause instanceof AlpacaApiException e && e.isRefusal()) {
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
            "Alpaca refused the order: " + e.getMessage(), e.rejectionKind()));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(stage -> stage);
  }

  /** The {@code POST /v2/orders} body; an OCO as the exit pair (see the class comment, "OCO (equities)"). */
  static ObjectNode orderBody(Order order, String symbol, String clientOrderId, boolean crypto) {
    ObjectNode body = AlpacaRest.JSON.createObjectNode();
    body.put("symbol", symbol);
    body.put("qty", order.quantity().toPlainString());
    body.put("side", order.side() == Side.BUY ? "buy" : "sell");
    body.put("type", switch (order.type()) {
      case MARKET -> "market";
      case LIMIT, OCO -> "limit"; // an OCO's type names its take-profit leg, always a limit
      case STOP -> "stop";
      case STOP_LIMIT -> "stop_limit";
    });
    body.put("time_in_force", timeInForce(order.timeInForce(), crypto));
    if (order.type() == OrderType.OCO) {
      body.put("order_class", "oco");
      body.putObject("take_profit").put("limit_price", order.limitPrice().toPlainString());
      body.putObject("stop_loss").put("stop_price", order.stopPrice().toPlainString());
    } else {
      if (order.limitPrice() != null && order.type().needsLimitPrice()) {
        body.put("limit_price", order.limitPrice().toPlainString());
      }
      if (order.stopPrice() != null && order.type().needsStopPrice()) {
        body.put("stop_price", order.stopPrice().toPlainString());
      }
    }
    body.put("client_order_id", clientOrderId);
    return body;
  }

  static String timeInForce(TimeInForce tif, boolean crypto) {
    if (crypto) return tif == TimeInForce.IOC ? "ioc" : "gtc";
    return switch (tif) {
      case DAY -> "day";
      case GTC -> "gtc";
      case IOC -> "ioc";
      case FOK -> "fok";
    };
  }

  /**
   * Alpaca cancels by its order id ({@code DELETE /v2/orders/{order_id}}, 204; 422 when the order is no longer
   * cancelable), so the order is found by client order id first; the answer is the order's state after the cancel.
   */
  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
    return order(clientOrderId).thenCompose(found -> {
      if (found.isEmpty()) return query(clientOrderId).thenApply(s -> (OrderReport) s);
      JsonNode o = found.get();
      if (isOco(o)) return cancelOco(clientOrderId, o, reason);
      if (statusOf(o).isTerminal()) return status(clientOrderId, o).thenApply(s -> (OrderReport) s);
      return deleteThenStatus(clientOrderId, o.path("id").asText(), reason);
    });
  }

  /**
   * An OCO: its first open leg is deleted (the parent while it is open; Alpaca cancels the rest of the group), or
   * its combined status when neither leg is open.
   */
  private CompletionStage<OrderReport> cancelOco(ClientOrderId id, JsonNode parent, String reason) {
    return nested(parent).thenCompose(group -> {
      Optional<JsonNode> open = ocoOrders(group).stream().filter(o -> !statusOf(o).isTerminal()).findFirst();
      if (open.isEmpty()) return ocoStatus(id, group).thenApply(s -> (OrderReport) s);
      return deleteThenStatus(id, open.get().path("id").asText(), reason);
    });
  }

  private CompletionStage<OrderReport> deleteThenStatus(ClientOrderId clientOrderId, String orderId, String reason) {
    return rest.delete("/v2/orders/" + AlpacaRest.encode(orderId)).handle((x, error) -> {
      Throwable cause = error == null ? null : AlpacaRest.unwrap(error);
      if (cause != null && !(cause instanceof AlpacaApiException e && (e.isRefusal() || e.isNotFound()))) {
        return CompletableFuture.<OrderReport>failedFuture(cause);
      }
      return query(clientOrderId).thenApply(status -> status.status() == OrderStatus.CANCELLED
          ? (OrderReport) new OrderReport.Cancelled(clientOrderId, status.filledQuantity(), reason)
          : status);
    }).thenCompose(stage -> stage);
  }

  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
    return order(clientOrderId).thenCompose(found -> found.isEmpty()
        ? CompletableFuture.completedFuture(new OrderReport.Status(clientOrderId, OrderStatus.UNKNOWN, BigDecimal.ZERO,
            List.of(), "Alpaca has no order with client_order_id " + AlpacaClientOrderIds.toVenue(clientOrderId).orElse("?")))
        : status(clientOrderId, found.get()));
  }

  /** {@code GET /v2/orders:by_client_order_id}; empty on 404. */
  private CompletionStage<Optional<JsonNode>> order(ClientOrderId id) {
    Optional<String> venueId = AlpacaClientOrderIds.toVenue(id);
    if (venueId.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    return rest.get("/v2/orders:by_client_order_id", Map.of("client_order_id", venueId.get()))
        .handle((json, error) -> {
          if (error == null) {
            String orderId = json.path("id").asText(null);
            if (orderId != null) orderOwners.put(orderId, Optional.of(id));
            return CompletableFuture.completedFuture(Optional.of(json));
          }
          Throwable cause = AlpacaRest.unwrap(error);
          if (cause instanceof AlpacaApiException e && e.isNotFound()) {
            return CompletableFuture.completedFuture(Optional.<JsonNode>empty());
          }
          return CompletableFuture.<Optional<JsonNode>>failedFuture(cause);
        }).thenCompose(stage -> stage);
  }

  /** The order's status, with its fills from the FILL activities since it was submitted; an OCO's from both legs. */
  private CompletionStage<OrderReport.Status> status(ClientOrderId id, JsonNode o) {
    if (isOco(o)) return ocoStatus(id, o);
    OrderStatus status = statusOf(o);
    BigDecimal filled = decimal(o.path("filled_qty"));
    String reason = status.isTerminal() && status != OrderStatus.FILLED ? "alpaca status " + o.path("status").asText()
        : null;
    return withFills(id, o, List.of(o.path("id").asText()), status, filled, reason);
  }

  /** An OCO's status from its parent and legs ({@link #ocoStatusOf}); each leg's order id is mapped to ours. */
  private CompletionStage<OrderReport.Status> ocoStatus(ClientOrderId id, JsonNode parent) {
    return nested(parent).thenCompose(group -> {
      List<JsonNode> orders = ocoOrders(group);
      List<String> orderIds = new ArrayList<>();
      for (JsonNode o : orders) {
        orderIds.add(o.path("id").asText());
        orderOwners.put(o.path("id").asText(), Optional.of(id));
      }
      OrderStatus status = ocoStatusOf(orders);
      BigDecimal filled = BigDecimal.ZERO;
      for (JsonNode o : orders) filled = filled.add(decimal(o.path("filled_qty")));
      String reason = status.isTerminal() && status != OrderStatus.FILLED ? "alpaca oco legs "
          + orders.stream().map(o -> o.path("type").asText() + "=" + o.path("status").asText()).toList() : null;
      return withFills(id, group, orderIds, status, filled, reason);
    });
  }

  /** The parent with its {@code legs}: as given when it has them, else {@code GET /v2/orders/{id}?nested=true}. */
  private CompletionStage<JsonNode> nested(JsonNode parent) {
    if (parent.path("legs").isArray() && !parent.path("legs").isEmpty()) return CompletableFuture.completedFuture(parent);
    return rest.get("/v2/orders/" + AlpacaRest.encode(parent.path("id").asText()), Map.of("nested", "true"));
  }

  /** The parent (the take-profit) and its legs (the stop-loss). */
  static List<JsonNode> ocoOrders(JsonNode group) {
    List<JsonNode> orders = new ArrayList<>();
    orders.add(group);
    for (JsonNode leg : group.path("legs")) orders.add(leg);
    return orders;
  }

  static boolean isOco(JsonNode o) {
    return "oco".equals(o.path("order_class").asText());
  }

  /**
   * An OCO's status from its orders': FILLED when one filled (the other is cancelled by Alpaca); over when all are
   * (REJECTED when all were refused, else CANCELLED); else PARTIALLY_FILLED or WORKING.
   */
  static OrderStatus ocoStatusOf(List<JsonNode> orders) {
    BigDecimal filled = BigDecimal.ZERO;
    boolean anyFilled = false;
    boolean allOver = true;
    boolean allRejected = true;
    for (JsonNode o : orders) {
      OrderStatus s = statusOf(o);
      filled = filled.add(decimal(o.path("filled_qty")));
      anyFilled |= s == OrderStatus.FILLED;
      allOver &= s.isTerminal();
      allRejected &= s == OrderStatus.REJECTED;
    }
    if (anyFilled) return OrderStatus.FILLED;
    if (allOver) return allRejected ? OrderStatus.REJECTED : OrderStatus.CANCELLED;
    return filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
  }

  private CompletionStage<OrderReport.Status> withFills(ClientOrderId id, JsonNode o, List<String> orderIds,
      OrderStatus status, BigDecimal filled, String reason) {
    if (filled.signum() == 0) {
      return CompletableFuture.completedFuture(new OrderReport.Status(id, status, filled, List.of(), reason));
    }
    Instant since = instant(o.path("submitted_at"), instant(o.path("created_at"), clock.instant().minus(settings.lookBack())))
        .minusSeconds(1);
    return activities(null, since, new ArrayList<>(), 0).thenApply(all -> {
      List<Fill> fills = new ArrayList<>();
      for (Activity a : all) {
        if (orderIds.contains(a.execution().venueOrderId())) {
          VenueExecution x = a.execution();
          fills.add(new Fill(x.executionId(), id, x.symbol(), x.side(), x.quantity(), x.price(), x.commission(), x.at()));
        }
      }
      fills.sort(Comparator.comparing(Fill::at).thenComparing(Fill::fillId));
      return new OrderReport.Status(id, status, filled, fills, reason);
    });
  }

  /** Alpaca's order statuses ("Orders at Alpaca", Order Lifecycle) as ours. */
  static OrderStatus statusOf(JsonNode o) {
    BigDecimal filled = decimal(o.path("filled_qty"));
    return switch (o.path("status").asText()) {
      case "filled" -> OrderStatus.FILLED;
      case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
      case "canceled", "expired", "replaced" -> OrderStatus.CANCELLED;
      case "rejected" -> OrderStatus.REJECTED;
      // new, accepted, pending_new, accepted_for_bidding, held, stopped, pending_cancel, pending_replace,
      // done_for_day, calculated, suspended: still the venue's to finish
      default -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    };
  }

  // ---------------------------------------------------------------- the stream

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
    if (stream != null) return;
    synchronized (this) {
      if (stream != null) return;
      stream = new AlpacaTradeStream(settings.streamUrl(), credentials, this::onTradeUpdate, this::gapFill,
          settings.reconnectBackoff(), settings.maxReconnectBackoff());
      stream.start();
    }
  }

  /** One {@code trade_updates} message's data: {@code event, execution_id, order, timestamp, price, qty, position_qty}. */
  private void onTradeUpdate(JsonNode data) {
    String event = data.path("event").asText();
    JsonNode o = data.path("order");
    String orderId = o.path("id").asText(null);
    ClientOrderId id = AlpacaClientOrderIds.fromVenue(o.path("client_order_id").asText(null));
    if (id == null && orderId != null) { // an OCO's stop-loss leg: Alpaca's client_order_id, its order id mapped to ours
      id = orderOwners.getOrDefault(orderId, Optional.empty()).orElse(null);
    }
    if (orderId != null) orderOwners.putIfAbsent(orderId, Optional.ofNullable(id));
    if (id == null) return; // an order placed outside the fleet: the reconciliation reads it from REST
    if (isOco(o) && List.of("canceled", "expired", "rejected").contains(event)) {
      // one leg over is not the OCO over (Alpaca cancels the take-profit when the stop-loss fills): both legs say
      ClientOrderId oco = id;
      query(oco).whenComplete((status, failure) -> {
        if (status != null) listener.accept(status);
        else LOG.warn("alpaca: the status of OCO {} after a leg's {} failed ({})", oco, event, failure.toString());
      });
      return;
    }
    switch (event) {
      case "fill", "partial_fill" -> {
        BigDecimal cumulative = decimal(o.path("filled_qty"));
        Instant at = instant(data.path("timestamp"), clock.instant());
        Side side = "buy".equals(o.path("side").asText()) ? Side.BUY : Side.SELL;
        Fill fill = new Fill(fillId(orderId, cumulative), id, universeSymbol(o.path("symbol").asText()), side,
            decimal(data.path("qty")), decimal(data.path("price")), BigDecimal.ZERO, at);
        listener.accept(new OrderReport.Filled(id, fill, cumulative, "fill".equals(event)));
      }
      case "canceled", "expired" -> listener.accept(new OrderReport.Cancelled(id, decimal(o.path("filled_qty")),
          "alpaca " + event));
      case "rejected" -> listener.accept(new OrderReport.Rejected(id, "alpaca rejected the order"));
      default -> {} // new, pending_new, done_for_day, replaced, ...: nothing the order path needs
    }
  }

  /** After every (re)listen: the fills Alpaca made while the stream was down. */
  private void gapFill() {
    String from = streamCursor;
    activities(from, from == null ? clock.instant().minus(settings.lookBack()) : null, new ArrayList<>(), 0)
        .thenCompose(all -> resolveOwners(all).thenApply(x -> all))
        .whenComplete((all, error) -> {
          if (error != null) {
            LOG.warn("alpaca gap-fill from {} failed: {}", from, AlpacaRest.unwrap(error).toString());
            return;
          }
          for (Activity a : all) {
            VenueExecution x = owned(a.execution());
            x.toFill().ifPresent(f -> listener.accept(new OrderReport.Filled(f.clientOrderId(), f, a.cumulative(),
                a.complete())));
          }
          if (!all.isEmpty()) streamCursor = all.get(all.size() - 1).activityId();
        });
  }

  // ---------------------------------------------------------------- account, rules, reconciliation

  /**
   * Alpaca ("Orders", "Crypto Spot Trading"): equities rest stop and stop_limit orders and the OCO exit pair
   * ({@code order_class: "oco"}, sent by this adapter); crypto takes market, limit and stop_limit only (no stop, no
   * order classes). No reduce_only field. A crypto sell holds the coins it would sell: the position's
   * {@code qty_available} is "Total number of shares available minus open orders" (alpaca-docs
   * data/webapi/entities/position-crypto.yaml, https://github.com/alpacahq/alpaca-docs/blob/master/data/webapi/entities/position-crypto.yaml;
   * docs.alpaca.markets "Positions"), and a sell beyond it is refused for insufficient quantity
   * (https://alpaca.markets/learn/issues-placing-an-order/): with no OCO, only the stop rests and the target stays
   * virtual ({@link VenueCapabilities#targetVirtual}). Equities say the same of {@code qty_available} ("Total quantity minus
   * open orders", https://github.com/alpacahq/alpaca-docs/blob/master/data/webapi/entities/position.yaml):
   * they rest stop and target as one OCO, and should Alpaca reject that OCO, the stop rests alone there too.
   */
  public static VenueCapabilities capabilitiesFor(String alpacaSymbol) {
    boolean equity = !isCrypto(alpacaSymbol);
    return new VenueCapabilities(equity, true, false, equity, true, false);
  }

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return capabilitiesFor(venueSymbol(symbol));
  }

  @Override
  public VenueInfo info() {
    AlpacaTradeStream s = stream;
    return new VenueInfo(venueId, "alpaca", mode, account, false,
        s == null ? VenueInfo.Connection.DISCONNECTED : s.state());
  }

  /**
   * {@code GET /v2/assets/{symbol}} per symbol of the account's map (an equity is listed as itself, AAPL = AAPL: only
   * those get rules): crypto publishes {@code price_increment},
   * {@code min_trade_increment} and {@code min_order_size}; a US equity publishes none of them, so its tick is a cent
   * (Alpaca refuses sub-penny prices) and its lot a share, or 10^-9 when {@code fractionable} (qty "can take up to 9
   * decimal points"). No minimum notional is published (Alpaca refuses a cost basis under its minimum with 403).
   * An asset that is not {@code tradable} reports no rules, so the guardian denies its orders.
   */
  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    List<InstrumentRules> rules = new ArrayList<>();
    CompletionStage<Void> done = CompletableFuture.completedFuture(null);
    for (Map.Entry<String, String> e : allSymbols().entrySet()) {
      done = done.thenCompose(x -> rest.get("/v2/assets/" + AlpacaRest.encode(e.getValue()), Map.of()))
          .thenAccept(asset -> {
            InstrumentRules r = rulesOf(e.getKey(), asset);
            if (r != null) rules.add(r);
          });
    }
    return done.thenApply(x -> rules);
  }

  static InstrumentRules rulesOf(String universeSymbol, JsonNode asset) {
    if (!asset.path("tradable").asBoolean(false)) return null;
    boolean crypto = "crypto".equals(asset.path("class").asText());
    BigDecimal tick = nullIfAbsent(asset.path("price_increment"));
    BigDecimal lot = nullIfAbsent(asset.path("min_trade_increment"));
    BigDecimal min = nullIfAbsent(asset.path("min_order_size"));
    if (!crypto) {
      if (tick == null) tick = new BigDecimal("0.01");
      if (lot == null) lot = asset.path("fractionable").asBoolean(false) ? new BigDecimal("0.000000001") : BigDecimal.ONE;
    }
    if (min == null) min = lot;
    return new InstrumentRules(universeSymbol, asset.path("symbol").asText(universeSymbol), tick, lot, min, null);
  }

  /** {@code GET /v2/orders?status=open}: ours and external ones. */
  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    // nested: an OCO's stop-loss leg is listed under its take-profit parent, not as an order of its own
    return rest.get("/v2/orders", orderedMap("status", "open", "limit", "500", "direction", "asc", "nested", "true"))
        .thenApply(list -> {
      List<VenueOrderView> views = new ArrayList<>();
      for (JsonNode o : list) {
        String raw = o.path("client_order_id").asText(null);
        ClientOrderId id = AlpacaClientOrderIds.fromVenue(raw);
        orderOwners.putIfAbsent(o.path("id").asText(), Optional.ofNullable(id));
        if (isOco(o)) {
          List<JsonNode> orders = ocoOrders(o);
          BigDecimal filled = BigDecimal.ZERO;
          BigDecimal stop = null;
          for (JsonNode leg : orders) {
            if (id != null) orderOwners.put(leg.path("id").asText(), Optional.of(id));
            filled = filled.add(decimal(leg.path("filled_qty")));
            if (stop == null) stop = nullIfAbsent(leg.path("stop_price"));
          }
          views.add(new VenueOrderView(o.path("id").asText(), id, raw, universeSymbol(o.path("symbol").asText()),
              "buy".equals(o.path("side").asText()) ? Side.BUY : Side.SELL, OrderType.OCO, decimal(o.path("qty")),
              nullIfAbsent(o.path("limit_price")), stop, filled,
              filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING, instant(o.path("created_at"), null)));
          continue;
        }
        OrderType type = switch (o.path("type").asText()) {
          case "market" -> OrderType.MARKET;
          case "limit" -> OrderType.LIMIT;
          case "stop" -> OrderType.STOP;
          case "stop_limit" -> OrderType.STOP_LIMIT;
          default -> null; // trailing_stop and others placed outside the fleet
        };
        BigDecimal filled = decimal(o.path("filled_qty"));
        views.add(new VenueOrderView(o.path("id").asText(), id, raw, universeSymbol(o.path("symbol").asText()),
            "buy".equals(o.path("side").asText()) ? Side.BUY : Side.SELL, type, decimal(o.path("qty")),
            nullIfAbsent(o.path("limit_price")), nullIfAbsent(o.path("stop_price")), filled,
            filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING,
            instant(o.path("created_at"), null)));
      }
      return views;
    });
  }

  /**
   * FILL activities after the cursor (an activity id, {@code <time>::<uuid>}), oldest first: {@code direction=asc}
   * with {@code page_token} = the cursor begins "with the activity immediately after the one specified"; a null cursor
   * starts {@code after} the look-back. Pages of {@value #PAGE_SIZE} until a short page.
   */
  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    return activities(cursor, cursor == null ? clock.instant().minus(settings.lookBack()) : null, new ArrayList<>(), 0)
        .thenCompose(all -> resolveOwners(all).thenApply(x -> all))
        .thenApply(all -> new ExecutionPage(all.stream().map(a -> owned(a.execution())).toList(),
            all.isEmpty() ? cursor : all.get(all.size() - 1).activityId()));
  }

  private CompletionStage<List<Activity>> activities(String pageToken, Instant after, List<Activity> into, int page) {
    Map<String, String> q = orderedMap("direction", "asc", "page_size", Integer.toString(PAGE_SIZE));
    if (pageToken != null) q.put("page_token", pageToken);
    else if (after != null) q.put("after", after.toString());
    return rest.get("/v2/account/activities/FILL", q).thenCompose(list -> {
      String last = null;
      int n = 0;
      for (JsonNode a : list) {
        n++;
        last = a.path("id").asText();
        Activity activity = activity(a);
        if (activity != null) into.add(activity);
      }
      if (n < PAGE_SIZE || last == null || page + 1 >= MAX_PAGES) return CompletableFuture.completedFuture(into);
      return activities(last, null, into, page + 1);
    });
  }

  /** One FILL activity (docs "Account Activities", TradeActivity); its client order id is filled in later. */
  private Activity activity(JsonNode a) {
    BigDecimal qty = decimal(a.path("qty"));
    BigDecimal price = decimal(a.path("price"));
    if (qty.signum() <= 0 || price.signum() <= 0) return null;
    String orderId = a.path("order_id").asText();
    BigDecimal cumulative = decimal(a.path("cum_qty"));
    VenueExecution x = new VenueExecution(fillId(orderId, cumulative), orderId, null,
        universeSymbol(a.path("symbol").asText()), "buy".equals(a.path("side").asText()) ? Side.BUY : Side.SELL, qty,
        price, BigDecimal.ZERO, instant(a.path("transaction_time"), clock.instant()));
    boolean complete = "filled".equals(a.path("order_status").asText())
        || (a.has("leaves_qty") && decimal(a.path("leaves_qty")).signum() == 0);
    return new Activity(a.path("id").asText(), x, cumulative, complete);
  }

  /** An activity names its order, not the client order id: look each unseen order up once ({@code GET /v2/orders/{id}}). */
  private CompletionStage<Void> resolveOwners(List<Activity> all) {
    CompletionStage<Void> done = CompletableFuture.completedFuture(null);
    for (String orderId : all.stream().map(a -> a.execution().venueOrderId()).distinct().toList()) {
      if (orderOwners.containsKey(orderId)) continue;
      done = done.thenCompose(x -> rest.get("/v2/orders/" + AlpacaRest.encode(orderId), Map.of())
          .thenAccept(o -> orderOwners.putIfAbsent(orderId,
              Optional.ofNullable(AlpacaClientOrderIds.fromVenue(o.path("client_order_id").asText(null))))));
    }
    return done;
  }

  private VenueExecution owned(VenueExecution x) {
    ClientOrderId id = orderOwners.getOrDefault(x.venueOrderId(), Optional.empty()).orElse(null);
    return new VenueExecution(x.executionId(), x.venueOrderId(), id, x.symbol(), x.side(), x.quantity(), x.price(),
        x.commission(), x.at());
  }

  /**
   * {@code GET /v2/account} (cash, equity, buying_power, currency) and {@code GET /v2/positions} (symbol, qty, side,
   * avg_entry_price). A crypto position's symbol comes without the slash (BTCUSD) and is mapped back to the universe's.
   */
  @Override
  public CompletionStage<AccountSnapshot> account() {
    return rest.get("/v2/account", Map.of()).thenCompose(acct -> rest.get("/v2/positions", Map.of()).thenApply(list -> {
      String currency = acct.path("currency").asText("USD");
      BigDecimal cash = decimal(acct.path("cash"));
      Map<String, BigDecimal> balances = new LinkedHashMap<>();
      balances.put(currency, cash);
      List<Position> positions = new ArrayList<>();
      for (JsonNode p : list) {
        BigDecimal qty = decimal(p.path("qty")).abs();
        if ("short".equals(p.path("side").asText())) qty = qty.negate();
        String symbol = universeSymbol(p.path("symbol").asText());
        balances.put(symbol, qty);
        positions.add(new Position(symbol, qty, decimal(p.path("avg_entry_price")), BigDecimal.ZERO));
      }
      return new AccountSnapshot(venueId, currency, balances, cash, nullIfAbsent(acct.path("equity")),
          nullIfAbsent(acct.path("buying_power")), positions, clock.instant());
    }));
  }

  @Override
  public void close() {
    AlpacaTradeStream s = stream;
    if (s != null) s.close();
  }

  // ---------------------------------------------------------------- helpers

  /** Both sources name a fill by its order and what the order had filled after it (see the class comment). */
  static String fillId(String orderId, BigDecimal cumulative) {
    return orderId + ":" + cumulative.stripTrailingZeros().toPlainString();
  }

  private Map<String, String> allSymbols() {
    return symbols;
  }

  private String venueSymbol(String universeSymbol) {
    return symbols.getOrDefault(universeSymbol, universeSymbol);
  }

  /** Alpaca's symbol as the universe's: orders say BTC/USD, positions and activities may say BTCUSD. */
  private String universeSymbol(String alpacaSymbol) {
    for (Map.Entry<String, String> e : symbols.entrySet()) {
      if (e.getValue().equals(alpacaSymbol) || e.getValue().replace("/", "").equals(alpacaSymbol)) return e.getKey();
    }
    return alpacaSymbol;
  }

  static boolean isCrypto(String alpacaSymbol) {
    return alpacaSymbol.contains("/");
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  private static CompletionStage<OrderReport> rejected(ClientOrderId id, String reason) {
    return CompletableFuture.completedFuture(new OrderReport.Rejected(id, reason));
  }

  static BigDecimal decimal(JsonNode n) {
    BigDecimal d = nullIfAbsent(n);
    return d == null ? BigDecimal.ZERO : d;
  }

  static BigDecimal nullIfAbsent(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return null;
    if (n.isNumber()) return n.decimalValue();
    String s = n.asText();
    if (s.isBlank()) return null;
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant instant(JsonNode n, Instant fallback) {
    if (n == null || !n.isTextual()) return fallback;
    try {
      return java.time.OffsetDateTime.parse(n.asText()).toInstant();
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
