package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.VenueRequestNotSent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OptionSymbol;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive Brokers behind the venue contract, through the Client Portal Web API (the gateway's REST + WebSocket,
 * JSON; documented at ibkrcampus.com "Web API" and in IBKR's published OpenAPI, api.ibkr.com/gw/api/v3/api-docs). The
 * TWS API jar is not on Maven Central, so this is the API the fleet can build against.
 *
 * <p><b>Orders.</b> {@code POST /iserver/account/{accountId}/orders} with {@code {"orders":[{acctId, conid, secType,
 * cOID, orderType MKT|LMT|STP|STOP_LIMIT, side, quantity, tif DAY|GTC|IOC, price, auxPrice}]}}; STP carries its stop
 * in {@code price}, STOP_LIMIT its limit in {@code price} and its stop in {@code auxPrice}. {@code cOID} is our
 * deterministic client order id ({@link IbkrClientOrderIds}). An answer {@code [{"order_id":...,"order_status":...}]}
 * is Accepted; an order-reply question {@code [{"id","message","messageIds"}]} is confirmed or refused by
 * {@link IbkrReplyPolicy} (refused: {@code {"confirmed":false}} and Rejected with IBKR's message); an {@code error}
 * body is Rejected once a query finds no order with that cOID (the gateway's duplicate-cOID refusal is an error body
 * too); a timeout, 5xx or 401 fails the stage (UNKNOWN: the venue actor queries and never re-sends).
 *
 * <p><b>OCO</b> (a trade's stop and target, {@code OrderType.OCO}) goes as IBKR's OCA group ({@link #ocaGroup}): an
 * {@code STP} leg (cOID {@code <ours>/s}) and an {@code LMT} leg ({@code <ours>/t}) in one request, each with
 * {@code isSingleGroup: true}; IBKR cancels the other leg when one fills. Both legs' order ids are our OCO's: its
 * status combines theirs ({@link #combineLegs}), its fills are theirs, a cancel cancels each, and after a restart the
 * legs are found by their cOIDs in live orders and trades.
 *
 * <p><b>Cancel and query go through IBKR's order id.</b> IBKR cancels ({@code DELETE
 * /iserver/account/{accountId}/order/{orderId}}) and reports status ({@code GET
 * /iserver/account/order/status/{orderId}}) by its own order id, not by cOID. The adapter remembers the order id of
 * every order it placed or saw; an unknown one is resolved through live orders ({@code GET /iserver/account/orders},
 * where {@code order_ref} is the cOID), then through trades. <b>Caveat:</b> live orders lists the working orders and
 * those of the current brokerage session only, and trades the last 7 days: an order that ended unfilled before the
 * gateway's session restarted is not found, and a query answers UNKNOWN for it.
 *
 * <p><b>No cOID dedupe is relied on.</b> IBKR's reference describes cOID as a client-configurable identifier and says
 * nothing the fleet could rely on about re-use (a duplicate is refused with an error body, for a period IBKR does not
 * publish). So {@link VenueInfo#dedupesClientOrderIds()} is false, and as for Binance and Kraken: the venue actor never
 * re-sends an order whose outcome is unknown; this adapter answers a second {@link #place} of an id it has sent with
 * {@link #query}; a refused place is Rejected only when a query finds no order with that cOID.
 *
 * <p><b>Executions.</b> {@code GET /iserver/account/trades?days=N} (at most 7 days; {@code execution_id},
 * {@code order_id}, {@code order_ref}, {@code side} B/S, {@code size}, {@code price}, {@code commission},
 * {@code trade_time_r} in epoch ms) is the gap-fill and {@link #executionsSince}; the WebSocket's {@code str} topic
 * pushes the same records live and {@code sor} pushes order updates ({@link IbkrStream}). The cursor is
 * {@code <trade_time_r>:<execution_id>}.
 *
 * <p><b>Session.</b> The gateway holds the brokerage session a person logged in to; {@code POST /tickle} every
 * {@link IbkrSettings#tickleInterval()} keeps it alive and reports {@code iserver.authStatus.authenticated}.
 * {@code /iserver/accounts} is called before the first order request of every session (IBKR requires it). A 401 or an
 * unauthenticated tickle marks the venue DISCONNECTED: nothing is re-sent, failed places stay UNKNOWN, and once a
 * tickle finds the session back the stream reconnects and gap-fills, and the venue actor's queries resolve them.
 *
 * <p><b>Combos</b> (an iron condor's four legs) go as one BAG order with a net limit ({@link #comboTicket}); their legs'
 * conids come from {@link IbkrOptions#contract}. FOK is not offered.
 */
public final class IbkrAdapter implements VenueAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(IbkrAdapter.class);
  private static final int MAX_REPLIES = 5;
  /** IBKR's spread conid for USD combos: a BAG's conidex is {@code 28812380;;;<conid>/<ratio>,...}. */
  static final long USD_SPREAD_CONID = 28812380L;

  private final IbkrSettings settings;
  private final IbkrRest rest;
  private final IbkrContracts contracts;
  private final IbkrOptions options;
  private final String account;
  /** Ids this process has sent (see the class comment). */
  private final Set<ClientOrderId> sent = ConcurrentHashMap.newKeySet();
  /** cOID to IBKR order id, and back. */
  private final Map<String, String> orderIds = new ConcurrentHashMap<>();
  private final Map<String, ClientOrderId> owners = new ConcurrentHashMap<>();
  /** Our OCOs: each one's legs (IBKR order ids of its OCA group), and its quantity. */
  private final Map<ClientOrderId, Set<String>> ocoLegs = new ConcurrentHashMap<>();
  private final Map<ClientOrderId, BigDecimal> ocoSizes = new ConcurrentHashMap<>();
  /** IBKR order id to its total size in fill units, where known (for a fill's completeness). */
  private final Map<String, BigDecimal> sizes = new ConcurrentHashMap<>();
  /** A combo's IBKR order id to its fill units per structure (sum of ratios × 100): IBKR counts combos in structures. */
  private final Map<String, BigDecimal> comboUnits = new ConcurrentHashMap<>();
  /** Every execution seen, per IBKR order id, by execution id. */
  private final Map<String, Map<String, VenueExecution>> executions = new ConcurrentHashMap<>();
  /** Execution ids already pushed to the listener. */
  private final Set<String> pushed = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ibkr-tickle");
    t.setDaemon(true);
    return t;
  });
  private volatile Consumer<OrderReport> listener = r -> {};
  private volatile IbkrStream stream;
  private volatile String streamCursor;
  private volatile boolean authenticated = true;
  private volatile CompletableFuture<Void> accountsCalled;
  private volatile CompletableFuture<Void> portfolioCalled;

  /** An account's adapter on IBKR's documented pacing ({@link IbkrRest#documentedLimiter}). */
  public static IbkrAdapter forAccount(IbkrSettings settings) {
    return new IbkrAdapter(settings, IbkrRest.documentedLimiter(settings.venueId(), Duration.ofSeconds(5)));
  }

  public IbkrAdapter(IbkrSettings settings, VenueRateLimiter limiter) {
    this.settings = settings;
    this.account = settings.accountId();
    this.rest = new IbkrRest(settings, limiter);
    this.contracts = new IbkrContracts(rest, settings.symbols());
    this.options = new IbkrOptions(rest, contracts);
  }

  /** Market data snapshots, option chains and option contracts of this account's gateway. */
  public IbkrOptions options() {
    return options;
  }

  /**
   * The option chain of an underlying from this account's gateway ({@link IbkrChains}); a fetch that fails answers with
   * the failure's reason, never a crash.
   */
  @Override
  public CompletionStage<io.dorado.protocol.venue.VenueOptionChain> optionChain(
      io.dorado.protocol.venue.Venue.GetOptionChain r) {
    String venue = settings.venueId();
    CompletionStage<io.dorado.protocol.venue.VenueOptionChain> fetch;
    try {
      fetch = IbkrChains.fetch(venue, options, r.underlying(), r.asOf(), r.minDte(), r.maxDte(), r.band());
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    return fetch.exceptionally(e -> io.dorado.protocol.venue.VenueOptionChain.failed(venue, r.underlying(),
        "IBKR chain of " + r.underlying() + " failed: " + describe(IbkrRest.unwrap(e))));
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public String toString() {
    return "IbkrAdapter[" + settings.venueId() + ", " + settings.mode() + ", " + account + ", " + settings.baseUrl() + "]";
  }

  // ---------------------------------------------------------------- orders

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    ClientOrderId id = order.clientOrderId();
    if (sent.contains(id)) return query(id).thenApply(s -> s);
    if (order.timeInForce() == TimeInForce.FOK) return rejected(id, "not sent: the IBKR adapter offers DAY, GTC and IOC");
    if (order.isCombo()) {
      for (var leg : order.legs()) {
        if (OptionSymbol.parse(leg.symbol()).isEmpty()) {
          return rejected(id, "not sent: combo leg " + leg.symbol() + " is not an OCC option symbol");
        }
      }
    } else if (!contracts.trades(order.symbol())) {
      return rejected(id, "not sent: " + order.symbol() + " has no IBKR contract");
    }
    sent.add(id);
    CompletionStage<List<Map<String, Object>>> tickets = order.isCombo() ? comboTicket(order).thenApply(List::of)
        : contracts.conid(order.symbol()).thenApply(conid -> order.type() == OrderType.OCO ? ocaGroup(order, conid)
            : List.of(ticket(order, conid)));
    return tickets
        .thenCompose(t -> ready().thenApply(x -> t))
        .thenCompose(t -> rest.post("/iserver/account/" + account + "/orders", Map.of("orders", t)))
        .thenCompose(answer -> answered(order, answer, 0))
        .handle((report, error) -> {
          if (error == null) return CompletableFuture.completedFuture(report);
          Throwable cause = failed(error);
          if (cause instanceof VenueRequestNotSent || cause instanceof IllegalArgumentException) {
            sent.remove(id); // it did not leave: the venue actor may send it when a query finds it UNKNOWN
          }
          return CompletableFuture.<OrderReport>failedFuture(cause);
        }).thenCompose(s -> s);
  }

  private Map<String, Object> ticket(Order order, long conid) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("acctId", account);
    t.put("conid", conid);
    t.put("secType", conid + ":STK");
    t.put("cOID", IbkrClientOrderIds.toVenue(order.clientOrderId()));
    t.put("orderType", switch (order.type()) {
      case MARKET -> "MKT";
      case LIMIT -> "LMT";
      case STOP -> "STP";
      case STOP_LIMIT -> "STOP_LIMIT";
      case OCO -> throw new IllegalArgumentException("an OCO is an OCA group of two orders (ocaGroup), not one order");
    });
    t.put("side", order.side() == Side.BUY ? "BUY" : "SELL");
    t.put("quantity", order.quantity());
    t.put("tif", switch (order.timeInForce()) {
      case GTC -> "GTC";
      case IOC -> "IOC";
      default -> "DAY";
    });
    switch (order.type()) {
      case LIMIT -> t.put("price", order.limitPrice());
      case STOP -> t.put("price", order.stopPrice());
      case STOP_LIMIT -> {
        t.put("price", order.limitPrice());
        t.put("auxPrice", order.stopPrice());
      }
      default -> {}
    }
    return t;
  }

  /**
   * An OCO as IBKR's OCA group: Web API reference "Submit A New Order(s) Ticket, Bracket, Or OCA Group" ({@code POST
   * /iserver/account/{accountId}/orders}, SingleOrderSubmissionRequest {@code isSingleGroup}: "Indicates that all
   * orders in the containing array are to be treated as an OCA group"), as IBKR's campus note "How to Code an OCA
   * Order in the Web API" shows: both orders in one {@code orders} array, each with {@code isSingleGroup: true} and its
   * own {@code cOID}. The stop leg is an {@code STP} (its stop in {@code price}), cOID {@code <ours>/s}; the target leg
   * an {@code LMT} at the target, cOID {@code <ours>/t} ({@link IbkrClientOrderIds#leg}: deterministic, so a re-send
   * would carry the same cOIDs and be refused as a duplicate). Both for the whole quantity, the OCO's side and time in
   * force. IBKR: "Completion of one piece of the group causes cancellation of the remaining group orders while partial
   * completion causes the group to rebalance".
   */
  private List<Map<String, Object>> ocaGroup(Order order, long conid) {
    ClientOrderId id = order.clientOrderId();
    Order stop = new Order(id, order.venue(), order.symbol(), order.side(), OrderType.STOP, order.quantity(), null,
        order.stopPrice(), order.timeInForce(), order.reduceOnly());
    Order target = new Order(id, order.venue(), order.symbol(), order.side(), OrderType.LIMIT, order.quantity(),
        order.limitPrice(), null, order.timeInForce(), order.reduceOnly());
    Map<String, Object> s = ticket(stop, conid);
    s.put("cOID", IbkrClientOrderIds.leg(id, IbkrClientOrderIds.STOP_LEG));
    s.put("isSingleGroup", true);
    Map<String, Object> t = ticket(target, conid);
    t.put("cOID", IbkrClientOrderIds.leg(id, IbkrClientOrderIds.TARGET_LEG));
    t.put("isSingleGroup", true);
    return List.of(s, t);
  }

  /**
   * A combo as one BAG order: {@code conidex = "28812380;;;<leg conid>/<ratio>,..."}, the ratios as IBKR defines them for
   * buying the BAG (selling it reverses every leg), so a leg that trades the way the combo does is positive, the other
   * way negative;
   * {@code quantity} the number of structures, {@code price} the net limit per share (a credit for a SELL, a debit for
   * a BUY), DAY. IBKR fills a combo leg by leg; each leg's execution is a fill of its OCC symbol, in units of
   * contracts × 100 as {@link Order#legQuantity} counts them.
   */
  private CompletionStage<Map<String, Object>> comboTicket(Order order) {
    List<CompletableFuture<IbkrOptions.Contract>> legs = new ArrayList<>();
    for (var leg : order.legs()) legs.add(options.contract(OptionSymbol.parse(leg.symbol()).orElseThrow()).toCompletableFuture());
    return CompletableFuture.allOf(legs.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < legs.size(); i++) {
        var leg = order.legs().get(i);
        // a BAG's ratios describe buying it, and selling it reverses every leg: our legs say what each leg does
        parts.add(legs.get(i).join().conid() + "/" + (leg.side() == order.side() ? leg.ratioQty() : -leg.ratioQty()));
      }
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("acctId", account);
      t.put("conidex", USD_SPREAD_CONID + ";;;" + String.join(",", parts));
      t.put("secType", USD_SPREAD_CONID + ":BAG");
      t.put("cOID", IbkrClientOrderIds.toVenue(order.clientOrderId()));
      t.put("orderType", order.limitPrice() == null ? "MKT" : "LMT");
      t.put("side", order.side() == Side.BUY ? "BUY" : "SELL");
      t.put("quantity", order.quantity());
      t.put("tif", "DAY");
      if (order.limitPrice() != null) t.put("price", order.limitPrice());
      return t;
    });
  }

  /** A place's (or a reply's) answer: an order id, a question, or a refusal. */
  private CompletionStage<OrderReport> answered(Order order, IbkrRest.Answer answer, int replies) {
    ClientOrderId id = order.clientOrderId();
    String error = answer.error();
    if (error != null || answer.status() >= 400) {
      String reason = error != null ? error : "HTTP " + answer.status() + " " + answer.body();
      // Never RejectionKind.BALANCE_HELD: the Client Portal API answers a refused order with free text only (its "error"
      // field, no code; interactivebrokers.github.io/cpwebapi "Place Orders"), and an IBKR margin account's resting
      // orders hold no position that a sell beside them would lack.
      return query(id).thenApply(st -> st.status() == OrderStatus.UNKNOWN ? (OrderReport) new OrderReport.Rejected(id, reason) : st);
    }
    JsonNode first = answer.body().isArray() ? answer.body().path(0) : answer.body();
    if (first.hasNonNull("order_id") && order.type() == OrderType.OCO) {
      // one element per order of the group; IBKR does not say which is which: both are the OCO's legs
      List<String> legs = new ArrayList<>();
      for (JsonNode o : answer.body()) {
        if (!o.hasNonNull("order_id")) continue;
        String orderId = o.path("order_id").asText();
        legs.add(orderId);
        ocoLegs.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(orderId);
        owners.put(orderId, id);
        sizes.put(orderId, order.quantity());
      }
      ocoSizes.put(id, order.quantity());
      return CompletableFuture.completedFuture(new OrderReport.Accepted(id, String.join(",", legs)));
    }
    if (first.hasNonNull("order_id")) {
      String orderId = first.path("order_id").asText();
      remember(IbkrClientOrderIds.toVenue(id), orderId, id);
      sizes.put(orderId, order.fillQuantity());
      if (order.isCombo()) comboUnits.put(orderId, order.fillQuantity().divide(order.quantity()));
      return CompletableFuture.completedFuture(new OrderReport.Accepted(id, orderId));
    }
    if (first.hasNonNull("id") && first.has("message")) {
      String replyId = first.path("id").asText();
      List<String> questions = new ArrayList<>();
      first.path("messageIds").forEach(m -> questions.add(m.asText()));
      List<String> text = new ArrayList<>();
      first.path("message").forEach(m -> text.add(m.asText()));
      if (replies < MAX_REPLIES && IbkrReplyPolicy.confirms(questions)) {
        return rest.post("/iserver/reply/" + replyId, Map.of("confirmed", true))
            .thenCompose(next -> answered(order, next, replies + 1));
      }
      String reason = "IBKR asked to confirm " + questions + " (" + String.join(" ", text)
          + "); the fleet confirms only " + IbkrReplyPolicy.CONFIRMED;
      // answered no: IBKR keeps nothing of an unconfirmed order, so it is Rejected whatever this answer is
      return rest.post("/iserver/reply/" + replyId, Map.of("confirmed", false))
          .handle((x, e) -> (OrderReport) new OrderReport.Rejected(id, reason));
    }
    return CompletableFuture.failedFuture(new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(),
        "unrecognised answer to a place: " + answer.body()));
  }

  /**
   * By IBKR's order id ({@code DELETE /iserver/account/{accountId}/order/{orderId}}); an OCO leg by leg (IBKR documents
   * a cancel of one bracket child cancelling its sibling, not an OCA group's: each leg is asked, a leg already over
   * answers an error that its status explains).
   */
  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
    return orderIdOf(clientOrderId).thenCompose(orderId -> {
      Set<String> legs = ocoLegs.get(clientOrderId);
      if (orderId == null && (legs == null || legs.isEmpty())) return query(clientOrderId).thenApply(s -> (OrderReport) s);
      CompletionStage<IbkrRest.Answer> deleted = ready().thenApply(x -> (IbkrRest.Answer) null);
      for (String leg : orderId != null ? List.of(orderId) : List.copyOf(legs)) {
        deleted = deleted.thenCompose(x -> rest.delete("/iserver/account/" + account + "/order/" + leg));
      }
      return deleted
          // cancelled, or not cancellable (filled, already cancelled): the order's status says which
          .thenCompose(answer -> query(clientOrderId))
          .thenApply(status -> status.status() == OrderStatus.CANCELLED
              ? (OrderReport) new OrderReport.Cancelled(clientOrderId, status.filledQuantity(),
                  status.reason() == null ? reason : status.reason())
              : status);
    }).handle((r, e) -> {
      if (e != null) throw new java.util.concurrent.CompletionException(failed(e));
      return r;
    });
  }

  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
    String cOID = IbkrClientOrderIds.toVenue(clientOrderId);
    return orderIdOf(clientOrderId)
        .thenCompose(orderId -> orderId != null || isOco(clientOrderId) ? CompletableFuture.completedFuture(orderId)
            : trades(settings.tradesLookBackDays()).thenApply(x -> orderIds.get(cOID)))
        .thenCompose(orderId -> {
          if (orderId == null && isOco(clientOrderId)) return ocoStatus(clientOrderId);
          if (orderId == null) {
            return CompletableFuture.completedFuture(new OrderReport.Status(clientOrderId, OrderStatus.UNKNOWN,
                BigDecimal.ZERO, List.of(), "IBKR lists no order with cOID " + cOID + " (live orders of this session,"
                    + " trades of " + settings.tradesLookBackDays() + " days)"));
          }
          return rest.get("/iserver/account/order/status/" + orderId).thenCompose(answer -> {
            if (answer.error() != null || answer.status() >= 400) {
              throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(),
                  "status of order " + orderId + ": " + answer.body());
            }
            return statusOf(clientOrderId, orderId, answer.body());
          });
        })
        .handle((r, e) -> {
          if (e != null) throw new java.util.concurrent.CompletionException(failed(e));
          return r;
        });
  }

  private boolean isOco(ClientOrderId id) {
    Set<String> legs = ocoLegs.get(id);
    return legs != null && !legs.isEmpty();
  }

  /** An OCO's status from its legs' ({@link #combineLegs}), each asked by its IBKR order id. */
  private CompletionStage<OrderReport.Status> ocoStatus(ClientOrderId id) {
    List<CompletableFuture<OrderReport.Status>> legs = new ArrayList<>();
    for (String orderId : List.copyOf(ocoLegs.get(id))) {
      legs.add(rest.get("/iserver/account/order/status/" + orderId).thenCompose(answer -> {
        if (answer.error() != null || answer.status() >= 400) {
          throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(),
              "status of order " + orderId + " (a leg of " + id + "): " + answer.body());
        }
        return statusOf(id, orderId, answer.body());
      }).toCompletableFuture());
    }
    return CompletableFuture.allOf(legs.toArray(CompletableFuture[]::new))
        .thenApply(x -> combineLegs(id, legs.stream().map(CompletableFuture::join).toList()));
  }

  /**
   * An OCO's status from its legs': FILLED once a leg filled (IBKR cancels the rest of the group); over (CANCELLED, or
   * REJECTED when every leg was) once every leg is; else PARTIALLY_FILLED or WORKING. Every fill of every leg, the
   * quantity filled their sum (a partial fill of one leg reduces the others: IBKR's group "rebalances").
   */
  static OrderReport.Status combineLegs(ClientOrderId id, List<OrderReport.Status> legs) {
    List<Fill> fills = new ArrayList<>();
    BigDecimal filled = BigDecimal.ZERO;
    boolean anyFilled = false;
    boolean allOver = true;
    boolean allRejected = true;
    String reason = null;
    for (OrderReport.Status leg : legs) {
      fills.addAll(leg.fills());
      filled = filled.add(leg.filledQuantity());
      anyFilled |= leg.status() == OrderStatus.FILLED;
      allOver &= leg.status().isTerminal();
      allRejected &= leg.status() == OrderStatus.REJECTED;
      if (reason == null) reason = leg.reason();
    }
    fills.sort(Comparator.comparing(Fill::at).thenComparing(Fill::fillId));
    OrderStatus status = anyFilled ? OrderStatus.FILLED
        : allOver ? (allRejected ? OrderStatus.REJECTED : OrderStatus.CANCELLED)
        : filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    return new OrderReport.Status(id, status, filled, fills,
        status == OrderStatus.CANCELLED || status == OrderStatus.REJECTED ? reason : null);
  }

  /** {@code /iserver/account/order/status/{orderId}}: order_status, cum_fill, total_size; fills from trades. */
  private CompletionStage<OrderReport.Status> statusOf(ClientOrderId id, String orderId, JsonNode s) {
    BigDecimal units = comboUnits.getOrDefault(orderId, BigDecimal.ONE);
    BigDecimal filled = decimal(s.path("cum_fill")).multiply(units);
    if (s.has("total_size")) sizes.put(orderId, decimal(s.path("total_size")).multiply(units));
    String state = s.path("order_status").asText("");
    OrderStatus status = switch (state) {
      case "Filled" -> OrderStatus.FILLED;
      case "Cancelled", "ApiCancelled" -> OrderStatus.CANCELLED;
      case "Inactive" -> filled.signum() > 0 ? OrderStatus.CANCELLED : OrderStatus.REJECTED;
      default -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    };
    String reason = status == OrderStatus.CANCELLED || status == OrderStatus.REJECTED
        ? "IBKR order " + orderId + " " + state : null;
    CompletionStage<Void> fetched = filledOf(orderId).compareTo(filled) >= 0 ? CompletableFuture.completedFuture(null)
        : trades(settings.tradesLookBackDays()).thenApply(x -> (Void) null);
    return fetched.thenApply(x -> {
      List<Fill> fills = new ArrayList<>();
      for (VenueExecution e : executions.getOrDefault(orderId, Map.of()).values()) {
        fills.add(new Fill(e.executionId(), id, e.symbol(), e.side(), e.quantity(), e.price(), e.commission(), e.at()));
      }
      fills.sort(Comparator.comparing(Fill::at).thenComparing(Fill::fillId));
      return new OrderReport.Status(id, status, filled, fills, reason);
    });
  }

  /** IBKR's order id of ours: remembered, or looked up in live orders. Null when live orders do not list it. */
  private CompletionStage<String> orderIdOf(ClientOrderId id) {
    String cOID = IbkrClientOrderIds.toVenue(id);
    String known = orderIds.get(cOID);
    if (known != null) return CompletableFuture.completedFuture(known);
    Set<String> legs = ocoLegs.get(id);
    if (legs != null && legs.size() > 1) return CompletableFuture.completedFuture(null); // an OCO whose legs are known
    return liveOrders().thenApply(x -> orderIds.get(cOID));
  }

  // ---------------------------------------------------------------- stream

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
    if (stream != null) return;
    synchronized (this) {
      if (stream != null) return;
      stream = new IbkrStream(settings.webSocketUrl(), rest.http(), this::session, this::onOrderUpdate,
          this::onTrade, this::gapFill, settings.reconnectBackoff(), settings.maxReconnectBackoff());
      contracts.resolveAll().whenComplete((x, e) -> stream.start());
      long every = settings.tickleInterval().toMillis();
      timer.scheduleAtFixedRate(this::tickle, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** {@code POST /tickle}: keeps the session, tells whether it is authenticated, and names it for the WebSocket. */
  private CompletionStage<String> session() {
    return rest.post("/tickle", null, IbkrRest.TICKLE).thenApply(answer -> {
      JsonNode auth = answer.body().path("iserver").path("authStatus");
      boolean now = auth.path("authenticated").asBoolean(false);
      boolean before = authenticated;
      authenticated = now;
      if (!now) {
        accountsCalled = null;
        throw new IbkrApiException(IbkrApiException.Kind.SESSION, answer.status(),
            "the brokerage session is not authenticated: " + auth.path("message").asText(""));
      }
      if (!before) LOG.info("ibkr {}: the brokerage session is back", settings.venueId());
      return answer.body().path("session").asText("");
    });
  }

  private void tickle() {
    boolean before = authenticated;
    session().whenComplete((s, e) -> {
      if (e != null) {
        Throwable cause = failed(e);
        if (before) LOG.warn("ibkr {}: tickle failed: {}", settings.venueId(), cause.toString());
        return;
      }
      IbkrStream st = stream;
      if (!before && st != null) st.reconnect(); // a new session: resubscribe, and the gap-fill follows
    });
  }

  /** One {@code sor} element: a cancel the fleet did not see answered is reported; the rest the queries read. */
  private void onOrderUpdate(JsonNode o) {
    String orderId = o.path("orderId").asText(null);
    String ref = o.path("order_ref").asText(null);
    ClientOrderId id = IbkrClientOrderIds.fromVenue(ref);
    if (orderId == null) return;
    if (id != null) remember(ref, orderId, id);
    else id = owners.get(orderId);
    BigDecimal units = comboUnits.getOrDefault(orderId, BigDecimal.ONE);
    if (o.has("totalSize")) sizes.put(orderId, decimal(o.path("totalSize")).multiply(units));
    if (id == null) return; // external
    String status = o.path("status").asText("");
    if (status.equals("Cancelled") && isOco(id) && ocoLegs.get(id).contains(orderId)) {
      // one leg of our OCO: the OCO is over only with every leg; its status (every leg, every fill) says which
      ClientOrderId oco = id;
      query(oco).whenComplete((st, e) -> {
        if (st != null) listener.accept(st);
        else LOG.warn("ibkr: the status of OCO {} after a leg's cancel failed: {}", oco, IbkrRest.unwrap(e).toString());
      });
      return;
    }
    if (status.equals("Cancelled")) {
      listener.accept(new OrderReport.Cancelled(id, decimal(o.path("filledQuantity")).multiply(units),
          "IBKR order " + orderId + " Cancelled"));
    }
  }

  /** One {@code str} element: a fill of ours, pushed once. */
  private void onTrade(JsonNode t) {
    VenueExecution x = ingest(t);
    if (x != null) push(x);
  }

  private void push(VenueExecution x) {
    if (x.clientOrderId() == null || !pushed.add(x.executionId())) return;
    Set<String> legs = ocoLegs.get(x.clientOrderId());
    boolean oco = legs != null && legs.contains(x.venueOrderId());
    BigDecimal cumulative = oco ? legs.stream().map(this::filledOf).reduce(BigDecimal.ZERO, BigDecimal::add)
        : filledOf(x.venueOrderId());
    BigDecimal size = oco ? ocoSizes.get(x.clientOrderId()) : sizes.get(x.venueOrderId());
    listener.accept(new OrderReport.Filled(x.clientOrderId(), new Fill(x.executionId(), x.clientOrderId(), x.symbol(),
        x.side(), x.quantity(), x.price(), x.commission(), x.at()), cumulative, size != null && cumulative.compareTo(size) >= 0));
    String cursor = cursor(x);
    synchronized (this) {
      if (streamCursor == null || compareCursors(cursor, streamCursor) > 0) streamCursor = cursor;
    }
  }

  /** After every (re)subscribe: what IBKR executed while the stream was down, from REST trades. */
  private void gapFill() {
    String from = streamCursor;
    executionsSince(from).whenComplete((page, error) -> {
      if (error != null) {
        LOG.warn("ibkr gap-fill from {} failed: {}", from, IbkrRest.unwrap(error).toString());
        return;
      }
      page.executions().forEach(this::push);
    });
  }

  // ---------------------------------------------------------------- account, rules, history

  /**
   * IBKR Client Portal (orderType STP, STOP_LIMIT): both rest; no reduce-only field is sent; a stop and a target rest
   * together as one OCA group ({@code isSingleGroup}, {@link #ocaGroup}) for the stocks this adapter trades (brackets
   * are not sent).
   */
  public static final VenueCapabilities CAPABILITIES = new VenueCapabilities(true, true, false, true);

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return CAPABILITIES;
  }

  @Override
  public VenueInfo info() {
    IbkrStream s = stream;
    VenueInfo.Connection c = !authenticated || s == null ? VenueInfo.Connection.DISCONNECTED : s.state();
    return new VenueInfo(settings.venueId(), "ibkr", settings.mode(), account, false, c);
  }

  /**
   * Per symbol, {@code GET /iserver/contract/{conid}/info-and-rules?isBuy=true}: {@code rules.increment} is the tick,
   * {@code rules.sizeIncrement} the lot and the smallest quantity; IBKR publishes no minimum notional.
   */
  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    List<CompletableFuture<InstrumentRules>> all = new ArrayList<>();
    for (String symbol : settings.symbols().keySet()) {
      all.add(contracts.conid(symbol)
          .thenCompose(conid -> rest.get("/iserver/contract/" + conid + "/info-and-rules?isBuy=true").thenApply(a -> {
            JsonNode r = a.body().path("rules");
            BigDecimal tick = r.has("increment") ? decimal(r.path("increment")) : null;
            BigDecimal lot = r.has("sizeIncrement") ? decimal(r.path("sizeIncrement")) : null;
            return new InstrumentRules(symbol, Long.toString(conid), tick, lot, lot, null);
          })).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> all.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    return liveOrders().thenApply(orders -> {
      List<VenueOrderView> views = new ArrayList<>();
      for (JsonNode o : orders) {
        String status = o.path("status").asText("");
        if (Set.of("Filled", "Cancelled", "ApiCancelled", "Inactive").contains(status)) continue;
        String ref = o.hasNonNull("order_ref") ? o.path("order_ref").asText() : null;
        String type = o.path("orderType").asText(o.path("origOrderType").asText(""));
        OrderType t = switch (type.toUpperCase()) {
          case "MARKET", "MKT" -> OrderType.MARKET;
          case "LIMIT", "LMT" -> OrderType.LIMIT;
          case "STOP", "STP" -> OrderType.STOP;
          case "STOP LIMIT", "STOP_LIMIT", "STPLMT" -> OrderType.STOP_LIMIT;
          default -> null;
        };
        BigDecimal filled = decimal(o.path("filledQuantity"));
        BigDecimal total = o.has("totalSize") ? decimal(o.path("totalSize")) : filled.add(decimal(o.path("remainingQuantity")));
        BigDecimal price = o.has("price") ? decimal(o.path("price")) : null;
        BigDecimal aux = o.has("auxPrice") ? decimal(o.path("auxPrice")) : null;
        String symbol = contracts.symbolOf(o.path("conid").asLong());
        views.add(new VenueOrderView(o.path("orderId").asText(), IbkrClientOrderIds.fromVenue(ref), ref,
            symbol != null ? symbol : o.path("ticker").asText("?"),
            o.path("side").asText().startsWith("S") ? Side.SELL : Side.BUY, t, total,
            t == OrderType.STOP ? null : price, t == OrderType.STOP ? price : t == OrderType.STOP_LIMIT ? aux : null,
            filled, filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING,
            o.has("lastExecutionTime_r") ? Instant.ofEpochMilli(o.path("lastExecutionTime_r").asLong()) : null));
      }
      return views;
    });
  }

  /**
   * {@code GET /iserver/account/orders}: the working orders and this session's others ({@code {"orders":[...]}}),
   * 1 request per 5 seconds. Remembers every cOID's order id it lists.
   */
  private CompletionStage<List<JsonNode>> liveOrders() {
    return ready().thenCompose(x -> rest.get("/iserver/account/orders", IbkrRest.LIVE_ORDERS)).thenApply(answer -> {
      if (answer.error() != null || answer.status() >= 400) {
        throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(), "live orders: " + answer.body());
      }
      List<JsonNode> orders = new ArrayList<>();
      for (JsonNode o : answer.body().path("orders")) {
        if (!account.equals(o.path("acct").asText(account))) continue;
        orders.add(o);
        String ref = o.hasNonNull("order_ref") ? o.path("order_ref").asText() : null;
        ClientOrderId id = IbkrClientOrderIds.fromVenue(ref);
        if (id != null) remember(ref, o.path("orderId").asText(), id);
        if (o.has("totalSize")) {
          String orderId = o.path("orderId").asText();
          sizes.put(orderId, decimal(o.path("totalSize")).multiply(comboUnits.getOrDefault(orderId, BigDecimal.ONE)));
        }
      }
      return orders;
    });
  }

  /**
   * Executions after the cursor, oldest first, from {@code /iserver/account/trades}, which reaches back at most 7 days:
   * from nothing it asks {@link IbkrSettings#tradesLookBackDays()} days, from a cursor the days since the cursor's
   * trade (at most 7: a cursor older than that cannot be gap-filled through this API).
   */
  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    int days = settings.tradesLookBackDays();
    if (cursor != null) {
      long ms = Long.parseLong(cursor.substring(0, cursor.indexOf(':')));
      long age = Duration.between(Instant.ofEpochMilli(ms), Instant.now()).toDays() + 1;
      days = (int) Math.max(1, Math.min(7, age));
    }
    return trades(days).thenApply(all -> {
      List<VenueExecution> after = new ArrayList<>();
      for (VenueExecution x : all) if (cursor == null || compareCursors(cursor(x), cursor) > 0) after.add(x);
      after.sort((a, b) -> compareCursors(cursor(a), cursor(b)));
      String next = after.isEmpty() ? cursor : cursor(after.get(after.size() - 1));
      return new ExecutionPage(after, next);
    }).handle((r, e) -> {
      if (e != null) throw new java.util.concurrent.CompletionException(failed(e));
      return r;
    });
  }

  private CompletionStage<List<VenueExecution>> trades(int days) {
    return rest.get("/iserver/account/trades?days=" + days, IbkrRest.TRADES).thenApply(answer -> {
      if (answer.error() != null || answer.status() >= 400 || !answer.body().isArray()) {
        throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(), "trades: " + answer.body());
      }
      List<VenueExecution> all = new ArrayList<>();
      for (JsonNode t : answer.body()) {
        VenueExecution x = ingest(t);
        if (x != null) all.add(x);
      }
      return all;
    });
  }

  /** One trade record (REST or {@code str}) of this account, remembered by its order. */
  private VenueExecution ingest(JsonNode t) {
    String acct = t.path("account").asText(t.path("accountCode").asText(account));
    if (!account.equals(acct)) return null;
    String execId = t.path("execution_id").asText(null);
    String orderId = t.path("order_id").asText(null);
    String secType = t.path("sec_type").asText("");
    if (secType.equals("BAG")) return null; // a combo's summary line: its legs are the executions
    // an option leg counts in units of contracts x multiplier, as Order.legQuantity does
    BigDecimal size = decimal(t.path("size")).multiply(secType.equals("OPT")
        ? BigDecimal.valueOf(Order.CONTRACT_MULTIPLIER) : BigDecimal.ONE);
    BigDecimal price = decimal(t.path("price"));
    if (execId == null || orderId == null || size.signum() <= 0 || price.signum() <= 0) return null;
    String ref = t.hasNonNull("order_ref") ? t.path("order_ref").asText() : null;
    ClientOrderId id = IbkrClientOrderIds.fromVenue(ref);
    if (id != null) remember(ref, orderId, id);
    else id = owners.get(orderId);
    String symbol = contracts.symbolOf(t.path("conid").asLong());
    String side = t.path("side").asText("");
    VenueExecution x = new VenueExecution(execId, orderId, id, symbol != null ? symbol : t.path("symbol").asText("?"),
        side.startsWith("S") ? Side.SELL : Side.BUY, size, price, decimal(t.path("commission")).abs(),
        Instant.ofEpochMilli(t.path("trade_time_r").asLong()));
    executions.computeIfAbsent(orderId, k -> new ConcurrentHashMap<>()).putIfAbsent(execId, x);
    return x;
  }

  private BigDecimal filledOf(String orderId) {
    return executions.getOrDefault(orderId, Map.of()).values().stream().map(VenueExecution::quantity)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * {@code GET /portfolio/{accountId}/summary}: cash {@code totalcashvalue}, equity {@code netliquidation}, buying
   * power {@code buyingpower} (each {@code {"amount":...,"currency":...}}); positions from
   * {@code GET /portfolio/{accountId}/positions/0} (position, avgCost, realizedPnl). {@code /portfolio/accounts} is
   * called once first, as IBKR requires.
   */
  @Override
  public CompletionStage<AccountSnapshot> account() {
    CompletableFuture<Void> p = portfolioCalled;
    if (p == null || p.isCompletedExceptionally()) {
      // 1 request per 5 s (IBKR's pacing table): a failed first call is not asked again sooner
      p = rest.get("/portfolio/accounts", IbkrRest.PORTFOLIO_ACCOUNTS).thenAccept(x -> {}).toCompletableFuture();
      portfolioCalled = p;
    }
    return p.thenCompose(x -> rest.get("/portfolio/" + account + "/summary")).thenCompose(summary ->
        rest.get("/portfolio/" + account + "/positions/0").thenApply(positions -> {
          JsonNode s = summary.body();
          String currency = s.path("netliquidation").path("currency").asText("USD");
          BigDecimal cash = decimal(s.path("totalcashvalue").path("amount"));
          BigDecimal equity = decimal(s.path("netliquidation").path("amount"));
          BigDecimal buyingPower = decimal(s.path("buyingpower").path("amount"));
          List<Position> held = new ArrayList<>();
          for (JsonNode pos : positions.body()) {
            BigDecimal qty = decimal(pos.path("position"));
            if (qty.signum() == 0) continue;
            String symbol = contracts.symbolOf(pos.path("conid").asLong());
            held.add(new Position(symbol != null ? symbol : pos.path("ticker").asText(pos.path("contractDesc").asText("?")),
                qty, decimal(pos.path("avgCost")), decimal(pos.path("realizedPnl"))));
          }
          return new AccountSnapshot(settings.venueId(), currency, Map.of(currency, cash), cash, equity, buyingPower,
              held, Instant.now());
        }));
  }

  @Override
  public void close() {
    IbkrStream s = stream;
    if (s != null) s.close();
    timer.shutdownNow();
  }

  // ---------------------------------------------------------------- helpers

  /** {@code GET /iserver/accounts} once per session: IBKR answers order requests only after it. */
  private CompletionStage<Void> ready() {
    CompletableFuture<Void> r = accountsCalled;
    if (r != null && !r.isCompletedExceptionally()) return r;
    r = rest.get("/iserver/accounts").thenAccept(answer -> {
      if (answer.status() >= 400) {
        throw new IbkrApiException(IbkrApiException.Kind.UNAVAILABLE, answer.status(), "accounts: " + answer.body());
      }
    }).toCompletableFuture();
    accountsCalled = r;
    return r;
  }

  private void remember(String cOID, String orderId, ClientOrderId id) {
    orderIds.put(cOID, orderId);
    owners.put(orderId, id);
    if (IbkrClientOrderIds.isLeg(cOID)) ocoLegs.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(orderId);
  }

  /** Unwraps a failure and notes a lost session. */
  private Throwable failed(Throwable error) {
    Throwable cause = IbkrRest.unwrap(error);
    if (cause instanceof IbkrApiException api && api.kind() == IbkrApiException.Kind.SESSION) {
      authenticated = false;
      accountsCalled = null;
    }
    return cause;
  }

  private static String cursor(VenueExecution x) {
    return x.at().toEpochMilli() + ":" + x.executionId();
  }

  static int compareCursors(String a, String b) {
    int ca = a.indexOf(':');
    int cb = b.indexOf(':');
    int byTime = Long.compare(Long.parseLong(a.substring(0, ca)), Long.parseLong(b.substring(0, cb)));
    return byTime != 0 ? byTime : a.substring(ca + 1).compareTo(b.substring(cb + 1));
  }

  private static CompletionStage<OrderReport> rejected(ClientOrderId id, String reason) {
    return CompletableFuture.completedFuture(new OrderReport.Rejected(id, reason));
  }

  static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return BigDecimal.ZERO;
    if (n.isNumber()) return n.decimalValue();
    String s = n.asText().replace(",", "").trim();
    if (s.isEmpty()) return BigDecimal.ZERO;
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }
}
