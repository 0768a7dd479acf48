package io.dorado.actors.orderpath.venue.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.oanda.v20.RequestException;
import com.oanda.v20.account.AccountID;
import com.oanda.v20.account.AccountInstrumentsRequest;
import com.oanda.v20.order.LimitOrder;
import com.oanda.v20.order.LimitOrderRequest;
import com.oanda.v20.order.MarketIfTouchedOrder;
import com.oanda.v20.order.MarketOrderRequest;
import com.oanda.v20.order.OrderCreateRequest;
import com.oanda.v20.order.OrderCreateResponse;
import com.oanda.v20.order.OrderPositionFill;
import com.oanda.v20.order.OrderRequest;
import com.oanda.v20.order.OrderSpecifier;
import com.oanda.v20.order.OrderState;
import com.oanda.v20.order.StopOrder;
import com.oanda.v20.order.StopLossOrder;
import com.oanda.v20.order.StopOrderRequest;
import com.oanda.v20.order.TakeProfitOrder;
import com.oanda.v20.primitives.DecimalNumber;
import com.oanda.v20.primitives.Instrument;
import com.oanda.v20.trade.TradeSetDependentOrdersRequest;
import com.oanda.v20.trade.TradeSetDependentOrdersResponse;
import com.oanda.v20.trade.TradeSpecifier;
import com.oanda.v20.transaction.ClientExtensions;
import com.oanda.v20.transaction.OrderCancelTransaction;
import com.oanda.v20.transaction.OrderFillTransaction;
import com.oanda.v20.transaction.StopLossDetails;
import com.oanda.v20.transaction.TakeProfitDetails;
import com.oanda.v20.transaction.Transaction;
import com.oanda.v20.transaction.TransactionAdapter;
import com.oanda.v20.transaction.TransactionFilter;
import com.oanda.v20.transaction.TransactionID;
import com.oanda.v20.transaction.TransactionRangeRequest;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
import io.dorado.actors.orderpath.venue.VenueCredentials;
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
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OANDA v20 (FX and CFDs), behind a {@code VenueActor}: orders, cancels and queries by client id over the v20 REST
 * API, executions over the account's transaction stream with {@code transactions/sinceid} as the gap-fill after every
 * (re)connect. broker_paper is an fxPractice account (api-fxpractice / stream-fxpractice.oanda.com), live an fxTrade
 * one (api-fxtrade / stream-fxtrade.oanda.com); the account id and the personal access token come from the venue
 * account's credentials (api key = account id, secret = token).
 *
 * <p><b>What the library does, what is ours.</b> REST goes through OANDA's Java bindings v20 3.0.25 ({@link OandaRest}:
 * its {@code Context} on our Apache HttpClient with timeouts and no automatic retries): {@code order.create} with
 * {@code MarketOrderRequest}/{@code LimitOrderRequest}/{@code StopOrderRequest} and {@code ClientExtensions},
 * {@code order.get} and {@code order.cancel} with an {@code OrderSpecifier} of {@code @<clientID>},
 * {@code order.listPending}, {@code transaction.since} and {@code transaction.range} (with the ORDER_FILL filter),
 * {@code account.summary}, {@code account.instruments}, {@code position.listOpen}, {@code trade.listOpen}. Ours: the
 * two streams ({@link OandaStream}: javap shows the library has no streaming call, and its {@code execute} reads whole answers),
 * parsed into the library's own {@link Transaction} classes with its {@link TransactionAdapter}, so the stream and
 * REST map executions the same way.
 *
 * <p><b>Orders.</b> Units are signed: a buy is positive, a sell negative (order-df "MarketOrderRequest": "A positive
 * number of units results in a long Order, and a negative number of units results in a short Order"). MARKET (time in
 * force FOK, or IOC when asked: OANDA restricts market orders to those two), LIMIT, STOP (a StopOrderRequest at the
 * stop price) and STOP_LIMIT (a StopOrderRequest with {@code priceBound} = our limit: OANDA's worst acceptable fill
 * price); LIMIT/STOP time in force GTC, GFD for DAY, IOC, FOK. Reduce-only is {@code positionFill = REDUCE_ONLY}, else
 * DEFAULT. A combo or an unmapped symbol is answered Rejected without sending anything.
 *
 * <p><b>OCO: the trade's dependent orders.</b> OANDA has no OCO order type; its one-cancels-other for a stop and a
 * target is the open trade's dependent orders (trade-ep "Set Dependent Orders", {@code PUT
 * /v3/accounts/{accountID}/trades/{tradeSpecifier}/orders} with {@code takeProfit} (TakeProfitDetails: price,
 * timeInForce, clientExtensions) and {@code stopLoss} (StopLossDetails: the same); 200 with
 * {@code takeProfitOrderTransaction} and {@code stopLossOrderTransaction}, 400 with {@code takeProfitOrderRejectTransaction}
 * / {@code stopLossOrderRejectTransaction}, errorCode and errorMessage): a TAKE_PROFIT and a STOP_LOSS order that each
 * close the whole trade; when one fills and closes the trade, OANDA cancels the other (ORDER_CANCEL reason
 * LINKED_TRADE_CLOSED, transaction-df OrderCancelReason); a partial close of the trade leaves them on the units left.
 * An {@code OrderType.OCO} is sent so ({@link #sendOco}), its legs' client ids our id plus {@code _tp} / {@code _sl}
 * ({@link OandaClientIds#leg}): queried ({@code GET orders/@<leg>}) and cancelled by their legs, one status from both.
 * Which trade: OANDA makes each opening fill a trade (ORDER_FILL {@code tradeOpened.tradeID}), and the bot's OCO
 * names no trade, so the adapter asks {@code openTrades} first and sends only when the instrument has exactly one open
 * trade, on the position's side, of exactly the OCO's units (the bot's entry, or what a partial close left of it).
 * Several open trades (a scaled-in entry, a second fill, another owner's trade), none, or other units: the OCO is
 * Rejected with nothing sent, and the bot places its stop and its target apart (reduce-only STOP and LIMIT, the
 * guardian's one-cancels-other), so the position is never left unprotected. A moved stop is an amend of the OCO (an
 * {@code Order} that {@code replaces} it, {@link #sendOcoAmend}): the same trade's dependent orders set again, which
 * OANDA replaces in one request, so the trade is never without a stop.
 *
 * <p><b>Client-order-id dedupe: only while the first order is pending.</b> transaction-df TransactionRejectReason
 * CLIENT_ORDER_ID_ALREADY_EXISTS: "The client order ID specified is already assigned to another pending order". A
 * filled or cancelled order's client id can be used again, so OANDA does not dedupe for us and {@link #info()} says
 * {@code dedupesClientOrderIds = false}. Every {@link #place} first asks {@code GET orders/@<clientID>} and answers the
 * order's status when OANDA has it, sending only on a 404; a CLIENT_ORDER_ID_ALREADY_EXISTS reject is answered with
 * the status too; a second place of an id whose first is unanswered waits for it and answers the status.
 *
 * <p><b>Outcomes.</b> Rejected only when OANDA refused: a 400/404 with an order reject transaction (errorCode =
 * the reject reason: INSUFFICIENT_MARGIN, UNITS_PRECISION_EXCEEDED, UNITS_MINIMUM_NOT_MET, PRICE_PRECISION_EXCEEDED,
 * ...), or 401/403 (the token or account was refused: nothing was placed). A 201 whose market order was cancelled at
 * once (orderCancelTransaction, e.g. INSUFFICIENT_MARGIN, MARKET_HALTED) is answered with its status, CANCELLED with
 * whatever filled. A 429 is waited out and sent again ({@link OandaRest}); 5xx, timeouts and I/O errors fail the
 * stage: the venue actor queries; nothing is re-sent here. OANDA authenticates with a bearer token, not a signed
 * timestamp, so there is no clock-skew error to adjust to.
 *
 * <p><b>Fills.</b> An ORDER_FILL transaction is one execution; its transaction id is the fill id (unique per account),
 * the same from the stream and from {@code sinceid}/{@code idrange}, so the venue actor drops a second copy. Its
 * commission (always positive, home currency) is the fill's commission. The execution cursor is the last transaction
 * id read; {@code executionsSince(null)} looks back over the last {@value #LOOK_BACK} transactions.
 *
 * <p><b>The account.</b> Cash is the balance, equity the NAV, buying power {@code marginAvailable}, all in the account's
 * home currency. Positions from {@code openPositions} (position-df Position, each with a {@code long} and a
 * {@code short} PositionSide; a netting account has at most one side open): net units (long + short, short units are
 * negative), the average price of the net side ({@code averagePrice}, volume-weighted over the side's open trades),
 * and as realized P&amp;L OANDA's position {@code pl} ("profit/loss realized by the Position over the lifetime of the
 * Account", the long side's plus the short side's), as OANDA defines it: without financing and without commission.
 * OANDA's position {@code commission} (lifetime, per instrument) is not repeated: each ORDER_FILL's commission is
 * already the fill's commission in our ledger. OANDA's position {@code financing} (lifetime, closed trades included)
 * is not what is shown either: the snapshot's {@link AccountSnapshot#financing} per symbol is the financing (swap,
 * rollover; negative paid, positive collected) of the position's <em>open trades</em>, the sum of each open trade's
 * {@code financing} from {@code openTrades}: what holding the units now has cost or earned.
 *
 * <p><b>Trades.</b> OANDA nets fills into a position but keeps each fill's opening units as a trade (trade-df Trade:
 * {@code price}, {@code openTime}, {@code initialUnits}, {@code currentUnits}, {@code financing}, {@code realizedPL});
 * a reducing fill closes the oldest trades first (FIFO). A trade is opened by an ORDER_FILL of one of our orders: its id
 * is that fill's {@code tradeOpened.tradeID}, which OANDA makes the ORDER_FILL's own transaction id, i.e. our fill id
 * ({@link VenueExecution#executionId}). The position's net units are cross-checked against the sum of its open trades'
 * {@code currentUnits} when both answers are at the same lastTransactionID (a difference is logged, the position
 * kept).
 */
public final class OandaAdapter implements VenueAdapter {

  private static final Logger log = LoggerFactory.getLogger(OandaAdapter.class);
  static final int LOOK_BACK = 1000;
  /** sinceid/idrange answer at most this many transactions at once. */
  static final int PAGE = 1000;
  private static final int MAX_PAGES = 50;

  private final OandaSettings settings;
  private final AccountID account;
  private final OandaRest rest;
  private final HttpClient http;
  private final String token;
  private final ScheduledExecutorService scheduler;
  private final OandaStream transactions;
  private final Gson gson = new GsonBuilder().registerTypeAdapter(Transaction.class, new TransactionAdapter()).create();
  private volatile Consumer<OrderReport> listener = r -> {};
  private volatile boolean started;
  /** Units of each order this adapter placed or queried (a fill completes it when the sum reaches them). */
  private final Map<ClientOrderId, BigDecimal> unitsOf = new ConcurrentHashMap<>();
  /** Fill ids and their quantities per order, as seen: the cumulative quantity a fill report carries. */
  private final Map<ClientOrderId, Map<String, BigDecimal>> fillsSeen = new ConcurrentHashMap<>();
  /** Orders believed working: after a reconnect their status is asked for (a cancel may have been missed). */
  private final Set<ClientOrderId> working = ConcurrentHashMap.newKeySet();
  private final Map<ClientOrderId, CompletableFuture<OrderReport>> placing = new ConcurrentHashMap<>();
  /** Our OCOs (a trade's TAKE_PROFIT and STOP_LOSS): queried and cancelled by their legs. */
  private final Set<ClientOrderId> ocos = ConcurrentHashMap.newKeySet();
  /** The last transaction id the gap-fill covered: null until the first connection took its baseline. */
  private volatile String streamCursor;
  /** Whether this connection's gap-fill has completed: only then may stream messages move the cursor. */
  private volatile boolean gapFilled;
  private CompletableFuture<Void> gapFills = CompletableFuture.completedFuture(null);

  public OandaAdapter(OandaSettings settings, VenueCredentials credentials) {
    this(settings, credentials, null);
  }

  /**
   * @param credentials api key = the OANDA account id (it must match {@code settings.accountId()}), secret = the token
   * @param limiter the account's request budget; null: OANDA's published limits, waiting at most
   *     {@link OandaSettings#longestRetryAfterWait}
   */
  public OandaAdapter(OandaSettings settings, VenueCredentials credentials, VenueRateLimiter limiter) {
    if (!settings.accountId().equals(credentials.apiKey())) {
      throw new IllegalArgumentException("venue " + settings.venueId() + ": the credentials are for another OANDA "
          + "account than " + settings.accountId());
    }
    this.settings = settings;
    this.account = new AccountID(settings.accountId());
    this.token = credentials.secret();
    VenueRateLimiter budget = limiter != null ? limiter
        : OandaRest.limiter(settings.venueId(), settings.longestRetryAfterWait());
    this.rest = new OandaRest(settings, token, budget);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "oanda-" + settings.venueId());
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    URI uri = URI.create(base(settings.streamBaseUri()) + "/v3/accounts/" + settings.accountId() + "/transactions/stream");
    this.transactions = new OandaStream("oanda-transactions-" + settings.venueId(), http, uri, token, budget, scheduler,
        this::onConnected, this::onTransaction, settings.heartbeatTimeout(), settings.reconnectMin(),
        settings.reconnectMax());
  }

  /** Builds the adapter from a venue account's credentials: api key = OANDA account id, secret = access token. */
  public static OandaAdapter forAccount(OandaSettings settings, VenueCredentials credentials) {
    return new OandaAdapter(settings, credentials);
  }

  private static String base(URI uri) {
    return uri.toString().replaceAll("/+$", "");
  }

  // --- placing, cancelling, asking ---------------------------------------------------------------

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    ClientOrderId id = order.clientOrderId();
    if (order.isCombo()) return rejected(id, "OANDA has no combo orders; nothing was sent");
    Optional<String> instrument = settings.instrument(order.symbol());
    if (instrument.isEmpty()) return rejected(id, order.symbol() + " is not mapped to an OANDA instrument; nothing was sent");
    unitsOf.put(id, order.quantity());
    if (order.type() == OrderType.OCO) ocos.add(id);
    CompletableFuture<OrderReport> mine = new CompletableFuture<>();
    CompletableFuture<OrderReport> earlier = placing.putIfAbsent(id, mine);
    if (earlier != null) {
      return earlier.handle((r, e) -> null).thenCompose(x -> query(id)).thenApply(s -> (OrderReport) s);
    }
    // OANDA refuses a reused client id only while the first order is pending: ask first
    (order.type() == OrderType.OCO ? query(id) : queryOrder(id, OandaClientIds.specifier(id))).handle((status, failure) -> {
      if (failure != null) {
        int http = OandaRest.status(failure);
        if (http == 401 || http == 403) {
          return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
              "not sent: OANDA refused the request before it: " + OandaRest.describe(failure)));
        }
        return CompletableFuture.<OrderReport>failedFuture(OandaRest.unwrap(failure));
      }
      if (status.status() != OrderStatus.UNKNOWN) {
        log.info("{} is already at OANDA ({}): answering its status, sending nothing", id, status.status());
        return CompletableFuture.completedFuture((OrderReport) status);
      }
      return order.type() == OrderType.OCO ? sendOco(order, instrument.get()) : send(order, instrument.get());
    }).thenCompose(stage -> stage).whenComplete((report, failure) -> {
      placing.remove(id, mine);
      if (failure != null) {
        mine.completeExceptionally(OandaRest.unwrap(failure));
      } else {
        mine.complete(report);
      }
    });
    return mine;
  }

  private CompletionStage<OrderReport> send(Order order, String instrument) {
    ClientOrderId id = order.clientOrderId();
    OrderRequest request = request(order, instrument);
    return rest.call(c -> c.order.create(new OrderCreateRequest(account).setOrder(request))).handle((response, failure) -> {
      if (failure == null) return CompletableFuture.completedFuture(placed(order, response));
      Throwable cause = OandaRest.unwrap(failure);
      if (cause instanceof RequestException e && isRefusal(e.getStatus())) {
        if ("CLIENT_ORDER_ID_ALREADY_EXISTS".equals(e.getErrorCode())) return query(id).thenApply(s -> (OrderReport) s);
        // Never RejectionKind.BALANCE_HELD: OANDA's nearest reject reasons (INSUFFICIENT_MARGIN, INSUFFICIENT_LIQUIDITY;
        // developer.oanda.com/rest-live-v20/transaction-df "TransactionRejectReason") are margin and market, which a
        // trade's dependent stop and target do not hold: taking them down would make no room.
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
            "OANDA rejected the order: " + OandaRest.describe(e)));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(stage -> stage);
  }

  /**
   * The OCO as the dependent orders of the one open trade it protects (see the class comment): trade-ep "List Open
   * Trades" to find it, then trade-ep "Set Dependent Orders" ({@code PUT trades/{tradeID}/orders}) with the target as
   * {@code takeProfit} and the stop as {@code stopLoss}, both GTC, each with its leg's client extensions. Accepted with
   * the STOP_LOSS order's id; a fill in the answer (a price already crossed) is answered with the OCO's status.
   */
  private CompletionStage<OrderReport> sendOco(Order order, String instrument) {
    if (order.isAmend()) return sendOcoAmend(order);
    ClientOrderId id = order.clientOrderId();
    return rest.call(c -> c.trade.listOpen(account)).thenCompose(open -> {
      List<com.oanda.v20.trade.Trade> mine = new ArrayList<>();
      for (com.oanda.v20.trade.Trade t : open.getTrades() == null ? List.<com.oanda.v20.trade.Trade>of() : open.getTrades()) {
        if (t.getInstrument() != null && instrument.equals(t.getInstrument().toString())) mine.add(t);
      }
      Optional<String> refusal = ocoRefusal(order, instrument, mine);
      if (refusal.isPresent()) {
        ocos.remove(id);
        log.info("{}: {}", id, refusal.get());
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, refusal.get()));
      }
      return setDependentOrders(order, mine.get(0).getId().toString());
    });
  }

  /** trade-ep "Set Dependent Orders" of {@code order} (an OCO, or its amend) on trade {@code tradeId}. */
  private CompletionStage<OrderReport> setDependentOrders(Order order, String tradeId) {
    ClientOrderId id = order.clientOrderId();
    TradeSetDependentOrdersRequest request = dependentOrders(account, tradeId, order);
    return rest.call(c -> c.trade.setDependentOrders(request)).handle((response, failure) -> {
      if (failure == null) return placedOco(id, tradeId, response);
      Throwable cause = OandaRest.unwrap(failure);
      if (cause instanceof RequestException e && isRefusal(e.getStatus())) {
        if ("CLIENT_ORDER_ID_ALREADY_EXISTS".equals(e.getErrorCode())) return query(id).thenApply(s -> (OrderReport) s);
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id,
            "OANDA rejected trade " + tradeId + "'s dependent orders: " + OandaRest.describe(e)));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(stage -> stage);
  }

  /**
   * An amend of our OCO {@code order.replaces()} (a moved stop): its trade is the one its STOP_LOSS leg closes ({@code
   * GET orders/@<leg>}, order-df StopLossOrder {@code tradeID}), and that trade's dependent orders are set again, the
   * new stop as {@code stopLoss} and the same target as {@code takeProfit}, both with the amend's leg ids. OANDA
   * replaces the trade's STOP_LOSS and TAKE_PROFIT in the same request (the old ones cancelled, reason
   * CLIENT_REQUEST_REPLACED; the new ones' {@code replacesOrderID}), so the trade always holds a stop, and both legs
   * carry the amend's id: the replaced OCO is over, queried and cancelled by its own legs as before. Refused (400, a
   * stopLossOrderRejectTransaction: a price OANDA does not take), nothing changes at OANDA and the old OCO rests on.
   */
  private CompletionStage<OrderReport> sendOcoAmend(Order order) {
    ClientOrderId id = order.clientOrderId();
    ClientOrderId replaced = order.replaces();
    OrderSpecifier leg = new OrderSpecifier(OandaClientIds.legSpecifier(replaced, OandaClientIds.STOP_LEG));
    return rest.call(c -> c.order.get(account, leg)).handle((response, failure) -> {
      if (failure != null) {
        if (OandaRest.status(failure) != 404) return CompletableFuture.<OrderReport>failedFuture(OandaRest.unwrap(failure));
        ocos.remove(id);
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, "OANDA has no stop-loss of OCO "
            + replaced + " to amend; nothing was sent"));
      }
      if (!(response.getOrder() instanceof StopLossOrder sl) || sl.getState() != OrderState.PENDING) {
        ocos.remove(id);
        return CompletableFuture.completedFuture((OrderReport) new OrderReport.Rejected(id, "OCO " + replaced
            + "'s stop-loss is no longer pending at OANDA (" + response.getOrder().getState() + "); nothing was sent"));
      }
      return setDependentOrders(order, sl.getTradeID().toString());
    }).thenCompose(stage -> stage);
  }

  /** Why the OCO cannot be the dependent orders of one trade ({@code trades}: the instrument's open trades), if so. */
  static Optional<String> ocoRefusal(Order order, String instrument, List<com.oanda.v20.trade.Trade> trades) {
    String fallback = "; nothing was sent (the bot places its stop and target apart)";
    if (trades.isEmpty()) return Optional.of("no open " + instrument + " trade to attach the OCO to" + fallback);
    if (trades.size() > 1) {
      return Optional.of(trades.size() + " open " + instrument + " trades: a native OCO protects one trade" + fallback);
    }
    var trade = trades.get(0);
    BigDecimal units = trade.getCurrentUnits() == null ? BigDecimal.ZERO : trade.getCurrentUnits().bigDecimalValue();
    boolean closes = units.signum() == (order.side() == Side.SELL ? 1 : -1)
        && units.abs().compareTo(order.quantity()) == 0;
    if (!closes) {
      return Optional.of("open " + instrument + " trade " + trade.getId() + " holds " + units.toPlainString()
          + " units, not the " + order.side().name().toLowerCase() + " OCO's " + order.quantity().toPlainString() + fallback);
    }
    return Optional.empty();
  }

  /** trade-ep "Set Dependent Orders": the OCO's target as takeProfit, its stop as stopLoss, GTC, our leg ids. */
  static TradeSetDependentOrdersRequest dependentOrders(AccountID account, String tradeId, Order order) {
    ClientOrderId id = order.clientOrderId();
    return new TradeSetDependentOrdersRequest(account, new TradeSpecifier(tradeId))
        .setTakeProfit(new TakeProfitDetails().setPrice(order.limitPrice())
            .setTimeInForce(com.oanda.v20.order.TimeInForce.GTC).setClientExtensions(new ClientExtensions()
                .setId(OandaClientIds.leg(id, OandaClientIds.TARGET_LEG)).setTag("dorado")))
        .setStopLoss(new StopLossDetails().setPrice(order.stopPrice())
            .setTimeInForce(com.oanda.v20.order.TimeInForce.GTC).setClientExtensions(new ClientExtensions()
                .setId(OandaClientIds.leg(id, OandaClientIds.STOP_LEG)).setTag("dorado")));
  }

  private CompletionStage<OrderReport> placedOco(ClientOrderId id, String tradeId, TradeSetDependentOrdersResponse r) {
    if (r.getTakeProfitOrderFillTransaction() != null || r.getStopLossOrderFillTransaction() != null
        || r.getTakeProfitOrderTransaction() == null || r.getStopLossOrderTransaction() == null) {
      return query(id).thenApply(s -> (OrderReport) s); // filled at once (or only a leg created): what OANDA holds
    }
    working.add(id);
    log.info("{}: OCO rests as trade {}'s TAKE_PROFIT {} and STOP_LOSS {}", id, tradeId,
        r.getTakeProfitOrderTransaction().getId(), r.getStopLossOrderTransaction().getId());
    return CompletableFuture.completedFuture(new OrderReport.Accepted(id, r.getStopLossOrderTransaction().getId().toString()));
  }

  /** 400 (an order reject transaction), 401/403 (token or account refused), 404 (no such account/instrument). */
  private static boolean isRefusal(int status) {
    return status == 400 || status == 401 || status == 403 || status == 404;
  }

  /** Our order as OANDA's order request: signed units, client extensions with our client order id. */
  static OrderRequest request(Order order, String instrument) {
    BigDecimal units = signedUnits(order.side(), order.quantity());
    ClientExtensions extensions = new ClientExtensions().setId(OandaClientIds.toVenue(order.clientOrderId()))
        .setTag("dorado");
    OrderPositionFill fill = order.reduceOnly() ? OrderPositionFill.REDUCE_ONLY : OrderPositionFill.DEFAULT;
    return switch (order.type()) {
      case MARKET -> new MarketOrderRequest().setInstrument(instrument).setUnits(units)
          .setTimeInForce(order.timeInForce() == TimeInForce.IOC ? com.oanda.v20.order.TimeInForce.IOC
              : com.oanda.v20.order.TimeInForce.FOK)
          .setPositionFill(fill).setClientExtensions(extensions);
      case LIMIT -> new LimitOrderRequest().setInstrument(instrument).setUnits(units).setPrice(order.limitPrice())
          .setTimeInForce(timeInForce(order.timeInForce())).setPositionFill(fill).setClientExtensions(extensions);
      case STOP -> new StopOrderRequest().setInstrument(instrument).setUnits(units).setPrice(order.stopPrice())
          .setTimeInForce(timeInForce(order.timeInForce())).setPositionFill(fill).setClientExtensions(extensions);
      case STOP_LIMIT -> new StopOrderRequest().setInstrument(instrument).setUnits(units).setPrice(order.stopPrice())
          .setPriceBound(order.limitPrice()).setTimeInForce(timeInForce(order.timeInForce())).setPositionFill(fill)
          .setClientExtensions(extensions);
      case OCO -> throw new IllegalArgumentException("an oco is sent as a trade's dependent orders (sendOco)");
    };
  }

  /** Buy positive, sell negative. */
  static BigDecimal signedUnits(Side side, BigDecimal quantity) {
    return side == Side.BUY ? quantity.abs() : quantity.abs().negate();
  }

  static com.oanda.v20.order.TimeInForce timeInForce(TimeInForce tif) {
    return switch (tif) {
      case DAY -> com.oanda.v20.order.TimeInForce.GFD;
      case IOC -> com.oanda.v20.order.TimeInForce.IOC;
      case FOK -> com.oanda.v20.order.TimeInForce.FOK;
      case GTC -> com.oanda.v20.order.TimeInForce.GTC;
    };
  }

  private OrderReport placed(Order order, OrderCreateResponse response) {
    ClientOrderId id = order.clientOrderId();
    String orderId = response.getOrderCreateTransaction() == null ? null
        : response.getOrderCreateTransaction().getId().toString();
    OrderFillTransaction fill = response.getOrderFillTransaction();
    OrderCancelTransaction cancel = response.getOrderCancelTransaction();
    if (fill == null && cancel == null) {
      working.add(id);
      return new OrderReport.Accepted(id, orderId);
    }
    // filled or cancelled at once: the status with its fill, so nothing depends on the stream
    List<Fill> fills = new ArrayList<>();
    if (fill != null) toExecution(fill).flatMap(VenueExecution::toFill).ifPresent(f -> {
      fills.add(f);
      seen(id, f.fillId(), f.quantity());
    });
    BigDecimal filled = fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (cancel != null) {
      working.remove(id);
      return new OrderReport.Status(id, OrderStatus.CANCELLED, filled, fills, "OANDA: cancelled (" + cancel.getReason() + ")");
    }
    if (filled.compareTo(order.quantity()) >= 0) {
      working.remove(id);
      return new OrderReport.Status(id, OrderStatus.FILLED, filled, fills, null);
    }
    working.add(id);
    return new OrderReport.Status(id, OrderStatus.PARTIALLY_FILLED, filled, fills, null);
  }

  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId id, String reason) {
    if (ocos.contains(id)) return cancelOco(id, reason);
    OrderSpecifier specifier = new OrderSpecifier(OandaClientIds.specifier(id));
    return rest.call(c -> c.order.cancel(account, specifier)).handle((response, failure) -> {
      if (failure == null) {
        working.remove(id);
        // what filled before the cancel, so the venue actor does not close it short of a fill on its way
        return query(id).thenApply(s -> (OrderReport) new OrderReport.Cancelled(id, s.filledQuantity(), reason));
      }
      Throwable cause = OandaRest.unwrap(failure);
      if (cause instanceof RequestException e && isRefusal(e.getStatus())) {
        // 404 ORDER_DOESNT_EXIST / not pending (filled, cancelled): what OANDA knows of it decides; an OCO this
        // adapter did not know as one (after a restart) is cancelled by its legs
        return query(id).thenCompose(s -> ocos.contains(id) && !s.status().isTerminal() ? cancelOco(id, reason)
            : CompletableFuture.completedFuture((OrderReport) s));
      }
      return CompletableFuture.<OrderReport>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  /**
   * Both legs cancelled ({@code PUT orders/@<leg>/cancel}; a leg no longer pending answers 404 and is left), then the
   * OCO's status: Cancelled with what filled when both are over unfilled, else its status (a leg filled first).
   */
  private CompletionStage<OrderReport> cancelOco(ClientOrderId id, String reason) {
    var target = cancelLeg(id, OandaClientIds.TARGET_LEG).toCompletableFuture();
    var stop = cancelLeg(id, OandaClientIds.STOP_LEG).toCompletableFuture();
    return CompletableFuture.allOf(target, stop).thenCompose(x -> query(id)).thenApply(s -> {
      if (s.status() == OrderStatus.CANCELLED) return (OrderReport) new OrderReport.Cancelled(id, s.filledQuantity(), reason);
      return (OrderReport) s;
    });
  }

  private CompletionStage<Void> cancelLeg(ClientOrderId id, String leg) {
    OrderSpecifier specifier = new OrderSpecifier(OandaClientIds.legSpecifier(id, leg));
    return rest.call(c -> c.order.cancel(account, specifier)).handle((response, failure) -> {
      if (failure == null) return CompletableFuture.<Void>completedFuture(null);
      Throwable cause = OandaRest.unwrap(failure);
      if (cause instanceof RequestException e && isRefusal(e.getStatus())) return CompletableFuture.<Void>completedFuture(null);
      return CompletableFuture.<Void>failedFuture(cause);
    }).thenCompose(stage -> stage);
  }

  /**
   * The order and its ORDER_FILL transactions; UNKNOWN when {@code GET orders/@<clientID>} answers 404. An OCO's from
   * its two legs ({@link #combineLegs}); an id OANDA does not know as an order is asked for as an OCO's legs before it
   * is UNKNOWN (after a restart this adapter does not know which ids are OCOs).
   */
  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId id) {
    if (ocos.contains(id)) return queryLegs(id);
    return queryOrder(id, OandaClientIds.specifier(id)).thenCompose(s -> s.status() != OrderStatus.UNKNOWN
        ? CompletableFuture.completedFuture(s) : queryLegs(id).thenApply(legs -> {
          if (legs.status() == OrderStatus.UNKNOWN) return s;
          ocos.add(id);
          return legs;
        }));
  }

  private CompletionStage<OrderReport.Status> queryLegs(ClientOrderId id) {
    var target = queryOrder(id, OandaClientIds.legSpecifier(id, OandaClientIds.TARGET_LEG)).toCompletableFuture();
    var stop = queryOrder(id, OandaClientIds.legSpecifier(id, OandaClientIds.STOP_LEG)).toCompletableFuture();
    return target.thenCombine(stop, (t, st) -> {
      OrderReport.Status oco = combineLegs(id, t, st);
      if (oco.status().isTerminal() || oco.status() == OrderStatus.UNKNOWN) {
        working.remove(id);
      } else {
        working.add(id);
      }
      return oco;
    });
  }

  /**
   * An OCO's status from its legs': FILLED when a leg filled (OANDA cancelled the other, LINKED_TRADE_CLOSED); over
   * (CANCELLED) when both are, unfilled; UNKNOWN when OANDA has neither; else WORKING or PARTIALLY_FILLED (one leg
   * cancelled by hand, the other still pending: the position keeps that one). Every fill of both legs.
   */
  static OrderReport.Status combineLegs(ClientOrderId id, OrderReport.Status target, OrderReport.Status stop) {
    if (target.status() == OrderStatus.UNKNOWN && stop.status() == OrderStatus.UNKNOWN) {
      return new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), target.reason());
    }
    List<Fill> fills = new ArrayList<>(target.fills());
    fills.addAll(stop.fills());
    BigDecimal filled = target.filledQuantity().add(stop.filledQuantity());
    boolean targetOver = target.status().isTerminal() || target.status() == OrderStatus.UNKNOWN;
    boolean stopOver = stop.status().isTerminal() || stop.status() == OrderStatus.UNKNOWN;
    OrderStatus status;
    if (target.status() == OrderStatus.FILLED || stop.status() == OrderStatus.FILLED) {
      status = OrderStatus.FILLED;
    } else if (targetOver && stopOver) {
      status = OrderStatus.CANCELLED;
    } else {
      status = filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    }
    return new OrderReport.Status(id, status, filled, fills, status == OrderStatus.CANCELLED
        ? "OANDA: the trade's take-profit and stop-loss are cancelled" : null);
  }

  /** The order OANDA holds as {@code specifier} (ours, or a leg of our OCO {@code id}) and its fills. */
  private CompletionStage<OrderReport.Status> queryOrder(ClientOrderId id, String venueSpecifier) {
    OrderSpecifier specifier = new OrderSpecifier(venueSpecifier);
    return rest.call(c -> c.order.get(account, specifier)).handle((response, failure) -> {
      if (failure != null) {
        if (OandaRest.status(failure) == 404) {
          return CompletableFuture.completedFuture(new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO,
              List.of(), "OANDA has no order " + venueSpecifier));
        }
        return CompletableFuture.<OrderReport.Status>failedFuture(OandaRest.unwrap(failure));
      }
      com.oanda.v20.order.Order order = response.getOrder();
      String orderId = order.getId().toString();
      BigDecimal units = unitsOfOrder(order);
      if (units != null) unitsOf.put(id, units.abs());
      return fillsOf(orderId, response.getLastTransactionID().toString()).thenApply(executions -> {
        List<Fill> fills = new ArrayList<>();
        for (VenueExecution e : executions) {
          Fill f = new Fill(e.executionId(), id, e.symbol(), e.side(), e.quantity(), e.price(), e.commission(), e.at());
          fills.add(f);
          seen(id, f.fillId(), f.quantity());
        }
        BigDecimal filled = fills.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        OrderStatus status = status(order.getState(), filled);
        if (!ocos.contains(id)) {
          if (status.isTerminal()) {
            working.remove(id);
          } else {
            working.add(id);
          }
        }
        return new OrderReport.Status(id, status, filled, fills,
            status == OrderStatus.CANCELLED ? "OANDA: cancelled" : null);
      });
    }).thenCompose(stage -> stage);
  }

  static OrderStatus status(OrderState state, BigDecimal filled) {
    if (state == null) return OrderStatus.WORKING;
    return switch (state) {
      case FILLED -> OrderStatus.FILLED;
      case CANCELLED -> OrderStatus.CANCELLED;
      case PENDING, TRIGGERED -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
    };
  }

  /** The ORDER_FILL transactions of an order: its id is the id of the transaction that created it, so from there on. */
  private CompletionStage<List<VenueExecution>> fillsOf(String orderId, String lastTransactionId) {
    return fillRange(Long.parseLong(orderId), Long.parseLong(lastTransactionId), orderId, new ArrayList<>(), 0);
  }

  private CompletionStage<List<VenueExecution>> fillRange(long from, long to, String orderId, List<VenueExecution> into,
      int page) {
    if (from > to || page >= MAX_PAGES) return CompletableFuture.completedFuture(into);
    long until = Math.min(to, from + PAGE - 1);
    TransactionRangeRequest request = new TransactionRangeRequest(account, new TransactionID(Long.toString(from)),
        new TransactionID(Long.toString(until))).setType(List.of(TransactionFilter.ORDER_FILL));
    return rest.call(c -> c.transaction.range(request)).thenCompose(response -> {
      for (Transaction t : response.getTransactions()) {
        if (t instanceof OrderFillTransaction f && f.getOrderID() != null && orderId.equals(f.getOrderID().toString())) {
          toExecution(f).ifPresent(into::add);
        }
      }
      return fillRange(until + 1, to, orderId, into, page + 1);
    });
  }

  private static BigDecimal unitsOfOrder(com.oanda.v20.order.Order order) {
    DecimalNumber units = null;
    if (order instanceof LimitOrder o) units = o.getUnits();
    if (order instanceof StopOrder o) units = o.getUnits();
    if (order instanceof MarketIfTouchedOrder o) units = o.getUnits();
    if (order instanceof com.oanda.v20.order.MarketOrder o) units = o.getUnits();
    return units == null ? null : units.bigDecimalValue();
  }

  // --- the transaction stream --------------------------------------------------------------------

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
    synchronized (this) {
      if (started) return;
      started = true;
    }
    transactions.start();
  }

  private void onTransaction(JsonNode message) {
    String type = message.path("type").asText();
    if (type.equals("HEARTBEAT")) return;
    Transaction transaction = gson.fromJson(message.toString(), Transaction.class);
    if (transaction instanceof OrderFillTransaction fill) {
      toExecution(fill).ifPresent(e -> {
        if (e.clientOrderId() == null) return; // an order placed outside the fleet: the reconciliation adopts it
        e.toFill().ifPresent(this::report);
      });
    } else if (transaction instanceof OrderCancelTransaction cancel) {
      Optional<ClientOrderId> ours = OandaClientIds.fromVenue(cancel.getClientOrderID());
      if (ours.isPresent() && OandaClientIds.legOf(cancel.getClientOrderID()).isPresent()) {
        // one leg of our OCO (LINKED_TRADE_CLOSED after the other filled, or replaced): its status (both legs) says
        ClientOrderId id = ours.get();
        ocos.add(id);
        query(id).whenComplete((status, failure) -> {
          if (status != null) tell(status);
          else log.warn("OANDA: the status of OCO {} after a leg's cancel failed ({})", id, failure.toString());
        });
        ours = Optional.empty();
      }
      ours.ifPresent(id -> {
        working.remove(id);
        tell(new OrderReport.Cancelled(id, null, "OANDA: cancelled (" + cancel.getReason() + ")"));
      });
    }
    if (gapFilled && transaction != null && transaction.getId() != null) advanceCursor(transaction.getId().toString());
  }

  private void report(Fill fill) {
    ClientOrderId id = fill.clientOrderId();
    BigDecimal cumulative = seen(id, fill.fillId(), fill.quantity());
    BigDecimal units = unitsOf.get(id);
    boolean complete = units != null && cumulative.compareTo(units) >= 0;
    if (complete) working.remove(id);
    tell(new OrderReport.Filled(id, fill, cumulative, complete));
  }

  private BigDecimal seen(ClientOrderId id, String fillId, BigDecimal quantity) {
    Map<String, BigDecimal> fills = fillsSeen.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
    fills.put(fillId, quantity);
    return fills.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private synchronized void advanceCursor(String transactionId) {
    if (streamCursor == null || streamCursor.isEmpty() || Long.parseLong(transactionId) > Long.parseLong(streamCursor)) {
      streamCursor = transactionId;
    }
  }

  /**
   * After every connection: the first takes the transaction cursor as its baseline (pushing only fills of orders this
   * adapter placed or asked about); every later one pushes the fills since the cursor and asks for the status of each
   * order believed working, so fills and cancels made while the stream was down reach the venue actor.
   */
  private void onConnected() {
    gapFilled = false;
    gapFillAfter(0);
  }

  /** A failed gap-fill is tried again, backing off like the stream, until one succeeds: a gap must not stay open. */
  private void gapFillAfter(int failures) {
    synchronized (this) {
      gapFills = gapFills.thenCompose(v -> gapFill()).exceptionally(e -> {
        long wait = Math.min(settings.reconnectMax().toMillis(), settings.reconnectMin().toMillis() << Math.min(failures, 16));
        log.warn("OANDA gap-fill failed ({}); trying again in {} ms", OandaRest.describe(e), wait);
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
        if (baseline && !unitsOf.containsKey(e.clientOrderId())) continue;
        e.toFill().ifPresent(this::report);
      }
      if (page.cursor() != null) advanceCursor(page.cursor());
      if (streamCursor == null) streamCursor = "";
      gapFilled = true;
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

  // --- executions --------------------------------------------------------------------------------

  /**
   * ORDER_FILL transactions after {@code cursor} (a transaction id) from {@code transactions/sinceid}; a null or empty
   * cursor reads the last {@value #LOOK_BACK} transactions through {@code transactions/idrange}. The next cursor is
   * the account's lastTransactionID as the answer gives it.
   */
  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return rest.call(c -> c.account.summary(account)).thenCompose(summary -> {
        long last = Long.parseLong(summary.getLastTransactionID().toString());
        long from = Math.max(1, last - LOOK_BACK + 1);
        if (last < 1) return CompletableFuture.completedFuture(new ExecutionPage(List.of(), Long.toString(last)));
        TransactionRangeRequest request = new TransactionRangeRequest(account, new TransactionID(Long.toString(from)),
            new TransactionID(Long.toString(last))).setType(List.of(TransactionFilter.ORDER_FILL));
        return rest.call(c -> c.transaction.range(request)).thenApply(range -> page(range.getTransactions(),
            Long.toString(last)));
      });
    }
    return since(cursor, new ArrayList<>(), 0);
  }

  private CompletionStage<ExecutionPage> since(String cursor, List<Transaction> into, int page) {
    TransactionID from = new TransactionID(cursor);
    return rest.call(c -> c.transaction.since(account, from)).thenCompose(response -> {
      List<Transaction> got = response.getTransactions() == null ? List.of() : response.getTransactions();
      into.addAll(got);
      String last = response.getLastTransactionID() == null ? cursor : response.getLastTransactionID().toString();
      if (got.size() >= PAGE && page + 1 < MAX_PAGES) {
        String next = got.get(got.size() - 1).getId().toString();
        return since(next, into, page + 1);
      }
      return CompletableFuture.completedFuture(page(into, last));
    });
  }

  private ExecutionPage page(List<Transaction> transactions, String cursor) {
    List<VenueExecution> executions = new ArrayList<>();
    for (Transaction t : transactions == null ? List.<Transaction>of() : transactions) {
      if (t instanceof OrderFillTransaction f) toExecution(f).ifPresent(executions::add);
    }
    executions.sort(Comparator.comparing(VenueExecution::at).thenComparing(e -> Long.parseLong(e.executionId())));
    return new ExecutionPage(executions, cursor);
  }

  /** An ORDER_FILL as an execution: units signed (positive bought), the transaction id as the fill id. */
  Optional<VenueExecution> toExecution(OrderFillTransaction t) {
    if (t.getUnits() == null || t.getId() == null) return Optional.empty();
    BigDecimal units = t.getUnits().bigDecimalValue();
    BigDecimal price = t.getPrice() != null ? t.getPrice().bigDecimalValue()
        : t.getFullVWAP() != null ? t.getFullVWAP().bigDecimalValue() : BigDecimal.ZERO;
    if (units.signum() == 0 || price.signum() <= 0) return Optional.empty();
    ClientOrderId id = OandaClientIds.fromVenue(t.getClientOrderID()).orElse(null);
    String instrument = t.getInstrument() == null ? "" : t.getInstrument().toString();
    BigDecimal commission = t.getCommission() == null ? BigDecimal.ZERO : t.getCommission().bigDecimalValue().abs();
    return Optional.of(new VenueExecution(t.getId().toString(), t.getOrderID() == null ? null : t.getOrderID().toString(),
        id, universe(instrument), units.signum() > 0 ? Side.BUY : Side.SELL, units.abs(), price, commission,
        time(t.getTime())));
  }

  static Instant time(CharSequence value) {
    if (value == null) return Instant.now();
    String s = value.toString();
    if (s.contains("T")) return Instant.parse(s);
    BigDecimal seconds = new BigDecimal(s); // Accept-Datetime-Format UNIX: seconds with up to nine decimals
    return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
  }

  // --- the account -------------------------------------------------------------------------------

  /**
   * OANDA v20 (StopOrderRequest, with {@code priceBound} for a stop-limit): both rest; reduce-only is {@code positionFill
   * = REDUCE_ONLY}, enforced by OANDA; an OCO is the trade's dependent TAKE_PROFIT and STOP_LOSS ({@link #sendOco}),
   * whose stop is moved by setting the trade's dependent orders again ({@link #sendOcoAmend}).
   */
  public static final VenueCapabilities CAPABILITIES = new VenueCapabilities(true, true, true, true, false, true);

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return CAPABILITIES;
  }

  @Override
  public VenueInfo info() {
    return new VenueInfo(settings.venueId(), "oanda", settings.mode(), settings.accountId(), false, transactions.state());
  }

  /**
   * account-ep "Account Instruments": the tick is one unit of the last price digit ({@code 10^-displayPrecision}:
   * OANDA rejects a price with more digits, PRICE_PRECISION_EXCEEDED), the lot one unit of the last units digit
   * ({@code 10^-tradeUnitsPrecision}, UNITS_PRECISION_EXCEEDED), the minimum quantity {@code minimumTradeSize}.
   * OANDA has no notional minimum. The pip ({@code 10^pipLocation}) is a unit of distance, not a rule the venue
   * enforces on our orders: the rules carry it as {@link InstrumentRules#pip}, shown, never enforced.
   */
  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    var request = new AccountInstrumentsRequest(account).setInstruments(List.copyOf(settings.symbols().values()));
    return rest.call(c -> c.account.instruments(request)).thenApply(response -> {
      List<InstrumentRules> rules = new ArrayList<>();
      for (Instrument i : response.getInstruments() == null ? List.<Instrument>of() : response.getInstruments()) {
        String name = i.getName().toString();
        Optional<String> universe = settings.universeSymbol(name);
        if (universe.isEmpty()) continue;
        rules.add(rules(universe.get(), i));
      }
      return rules;
    });
  }

  static InstrumentRules rules(String universe, Instrument i) {
    BigDecimal tick = i.getDisplayPrecision() == null ? null : BigDecimal.ONE.movePointLeft(i.getDisplayPrecision().intValue());
    BigDecimal lot = i.getTradeUnitsPrecision() == null ? null
        : BigDecimal.ONE.movePointLeft(i.getTradeUnitsPrecision().intValue());
    BigDecimal min = i.getMinimumTradeSize() == null ? null : i.getMinimumTradeSize().bigDecimalValue().stripTrailingZeros();
    BigDecimal pip = i.getPipLocation() == null ? null : pip(i);
    return new InstrumentRules(universe, i.getName().toString(), tick, lot, min, null, pip);
  }

  /** The instrument's pip: {@code 10^pipLocation} (EUR_USD -4: 0.0001, USD_JPY -2: 0.01). */
  static BigDecimal pip(Instrument i) {
    return BigDecimal.ONE.movePointRight(i.getPipLocation().intValue()).setScale(Math.max(0, -i.getPipLocation().intValue()),
        RoundingMode.UNNECESSARY);
  }

  /**
   * Pending orders (LIMIT, STOP, MARKET_IF_TOUCHED), ours and external; and the legs of our OCOs (a trade's
   * TAKE_PROFIT as a LIMIT, its STOP_LOSS as a STOP, each for the trade's current units, by our OCO's id and the leg's
   * client id). Other take-profit/stop-loss orders (set by hand on a trade) close trades and are left out.
   */
  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    return rest.call(c -> c.order.listPending(account)).thenCompose(response -> {
      List<CompletableFuture<VenueOrderView>> views = new ArrayList<>();
      String last = response.getLastTransactionID().toString();
      List<com.oanda.v20.order.Order> legs = new ArrayList<>();
      for (com.oanda.v20.order.Order o : response.getOrders()) {
        if ((o instanceof TakeProfitOrder || o instanceof StopLossOrder) && o.getClientExtensions() != null
            && OandaClientIds.legOf(o.getClientExtensions().getId()).isPresent()) {
          legs.add(o);
        }
        view(o, last).ifPresent(v -> views.add(v.toCompletableFuture()));
      }
      CompletableFuture<List<VenueOrderView>> legViews = legs.isEmpty() ? CompletableFuture.completedFuture(List.of())
          : rest.call(c -> c.trade.listOpen(account)).thenApply(open -> legViews(legs, open.getTrades()))
              .toCompletableFuture();
      return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new)).thenCombine(legViews, (x, more) -> {
        List<VenueOrderView> all = new ArrayList<>(views.stream().map(CompletableFuture::join).toList());
        all.addAll(more);
        return all;
      });
    });
  }

  /** Our OCOs' legs as orders: side against the trade, its current units, the leg's price. */
  private List<VenueOrderView> legViews(List<com.oanda.v20.order.Order> legs, List<com.oanda.v20.trade.Trade> trades) {
    Map<String, com.oanda.v20.trade.Trade> byId = new LinkedHashMap<>();
    for (var t : trades == null ? List.<com.oanda.v20.trade.Trade>of() : trades) byId.put(t.getId().toString(), t);
    List<VenueOrderView> views = new ArrayList<>();
    for (var o : legs) {
      boolean target = o instanceof TakeProfitOrder;
      var tradeId = target ? ((TakeProfitOrder) o).getTradeID() : ((StopLossOrder) o).getTradeID();
      var price = target ? ((TakeProfitOrder) o).getPrice() : ((StopLossOrder) o).getPrice();
      var trade = tradeId == null ? null : byId.get(tradeId.toString());
      if (trade == null || trade.getCurrentUnits() == null || price == null) continue;
      BigDecimal units = trade.getCurrentUnits().bigDecimalValue();
      String venueClientId = o.getClientExtensions().getId().toString();
      views.add(new VenueOrderView(o.getId().toString(), OandaClientIds.fromVenue(venueClientId).orElse(null),
          venueClientId, universe(trade.getInstrument().toString()), units.signum() > 0 ? Side.SELL : Side.BUY,
          target ? OrderType.LIMIT : OrderType.STOP, units.abs(), target ? price.bigDecimalValue() : null,
          target ? null : price.bigDecimalValue(), BigDecimal.ZERO, OrderStatus.WORKING, time(o.getCreateTime())));
    }
    return views;
  }

  private Optional<CompletionStage<VenueOrderView>> view(com.oanda.v20.order.Order o, String lastTransactionId) {
    String instrument;
    BigDecimal units;
    BigDecimal limit = null;
    BigDecimal stop = null;
    OrderType type;
    if (o instanceof LimitOrder l) {
      instrument = l.getInstrument().toString();
      units = l.getUnits().bigDecimalValue();
      limit = l.getPrice().bigDecimalValue();
      type = OrderType.LIMIT;
    } else if (o instanceof StopOrder s) {
      instrument = s.getInstrument().toString();
      units = s.getUnits().bigDecimalValue();
      stop = s.getPrice().bigDecimalValue();
      limit = s.getPriceBound() == null ? null : s.getPriceBound().bigDecimalValue();
      type = limit == null ? OrderType.STOP : OrderType.STOP_LIMIT;
    } else if (o instanceof MarketIfTouchedOrder m) {
      instrument = m.getInstrument().toString();
      units = m.getUnits().bigDecimalValue();
      stop = m.getPrice().bigDecimalValue();
      type = OrderType.STOP;
    } else {
      return Optional.empty();
    }
    String venueClientId = o.getClientExtensions() == null || o.getClientExtensions().getId() == null ? null
        : o.getClientExtensions().getId().toString();
    ClientOrderId ours = OandaClientIds.fromVenue(venueClientId).orElse(null);
    String orderId = o.getId().toString();
    Side side = units.signum() >= 0 ? Side.BUY : Side.SELL;
    BigDecimal quantity = units.abs();
    BigDecimal limitPrice = limit;
    BigDecimal stopPrice = stop;
    Instant created = time(o.getCreateTime());
    String symbol = universe(instrument);
    return Optional.of(fillsOf(orderId, lastTransactionId).thenApply(fills -> {
      BigDecimal filled = fills.stream().map(VenueExecution::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
      return new VenueOrderView(orderId, ours, venueClientId, symbol, side, type, quantity, limitPrice, stopPrice, filled,
          filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING, created);
    }));
  }

  /**
   * account-ep "Account Summary", position-ep "Open Positions" and trade-ep "Open Trades": cash = balance, equity =
   * NAV, buying power = marginAvailable, in the home currency; each open position with net units and OANDA's
   * {@code pl} as realized P&amp;L; per symbol the financing of its open trades (see the class comment).
   */
  @Override
  public CompletionStage<AccountSnapshot> account() {
    var summary = rest.call(c -> c.account.summary(account)).toCompletableFuture();
    var open = rest.call(c -> c.position.listOpen(account)).toCompletableFuture();
    var trades = rest.call(c -> c.trade.listOpen(account)).toCompletableFuture();
    return CompletableFuture.allOf(summary, open, trades).thenApply(x -> {
      var a = summary.join().getAccount();
      var p = open.join();
      var t = trades.join();
      String currency = a.getCurrency().toString();
      BigDecimal balance = a.getBalance().bigDecimalValue();
      Map<String, BigDecimal> tradeUnits = new LinkedHashMap<>();
      Map<String, BigDecimal> financing = new LinkedHashMap<>();
      for (com.oanda.v20.trade.Trade trade : t.getTrades() == null ? List.<com.oanda.v20.trade.Trade>of() : t.getTrades()) {
        String symbol = universe(trade.getInstrument().toString());
        tradeUnits.merge(symbol, trade.getCurrentUnits() == null ? BigDecimal.ZERO
            : trade.getCurrentUnits().bigDecimalValue(), BigDecimal::add);
        financing.merge(symbol, amount(trade.getFinancing()), BigDecimal::add);
      }
      boolean sameMoment = p.getLastTransactionID() != null && t.getLastTransactionID() != null
          && p.getLastTransactionID().toString().equals(t.getLastTransactionID().toString());
      List<Position> positions = new ArrayList<>();
      for (com.oanda.v20.position.Position position : p.getPositions()) {
        Position mine = position(position);
        positions.add(mine);
        BigDecimal inTrades = tradeUnits.getOrDefault(mine.symbol(), BigDecimal.ZERO);
        if (sameMoment && inTrades.compareTo(mine.quantity()) != 0) {
          log.warn("{}: OANDA's {} position is {} units but its open trades hold {}", settings.venueId(), mine.symbol(),
              mine.quantity().toPlainString(), inTrades.toPlainString());
        }
      }
      Map<String, BigDecimal> balances = new LinkedHashMap<>();
      balances.put(currency, balance);
      return new AccountSnapshot(settings.venueId(), currency, balances, balance, a.getNAV().bigDecimalValue(),
          a.getMarginAvailable().bigDecimalValue(), positions, Instant.now(), financing);
    });
  }

  Position position(com.oanda.v20.position.Position p) {
    BigDecimal longUnits = units(p.getLong());
    BigDecimal shortUnits = units(p.getShort()); // negative, or zero
    BigDecimal net = longUnits.add(shortUnits);
    var side = net.signum() >= 0 ? p.getLong() : p.getShort();
    BigDecimal average = side == null || side.getAveragePrice() == null ? BigDecimal.ZERO
        : side.getAveragePrice().bigDecimalValue();
    BigDecimal realized = amount(p.getPl()); // OANDA's realized P/L: neither financing nor commission is in it
    return new Position(universe(p.getInstrument().toString()), net, average, realized);
  }

  private static BigDecimal units(com.oanda.v20.position.PositionSide side) {
    return side == null || side.getUnits() == null ? BigDecimal.ZERO : side.getUnits().bigDecimalValue();
  }

  private static BigDecimal amount(com.oanda.v20.primitives.AccountUnits units) {
    return units == null ? BigDecimal.ZERO : units.bigDecimalValue();
  }

  // --- prices ------------------------------------------------------------------------------------

  /**
   * Starts OANDA's price stream for the mapped instruments ({@code GET /v3/accounts/{id}/pricing/stream}, pricing-ep
   * "Price Stream"): each PRICE as a {@link Venue.MarketPrice} of the universe symbol at the best bid and ask;
   * HEARTBEATs keep it alive. Close the answer to stop it.
   */
  public AutoCloseable streamPrices(Consumer<Venue.MarketPrice> prices) {
    String instruments = URLEncoder.encode(String.join(",", settings.symbols().values()), StandardCharsets.UTF_8);
    URI uri = URI.create(base(settings.streamBaseUri()) + "/v3/accounts/" + settings.accountId()
        + "/pricing/stream?instruments=" + instruments);
    OandaStream stream = new OandaStream("oanda-prices-" + settings.venueId(), http, uri, token, rest.limiter(), scheduler,
        () -> {}, message -> price(message).ifPresent(prices), settings.heartbeatTimeout(), settings.reconnectMin(),
        settings.reconnectMax());
    stream.start();
    return stream;
  }

  Optional<Venue.MarketPrice> price(JsonNode message) {
    if (!message.path("type").asText().equals("PRICE")) return Optional.empty();
    JsonNode bids = message.path("bids");
    JsonNode asks = message.path("asks");
    if (!bids.isArray() || bids.isEmpty() || !asks.isArray() || asks.isEmpty()) return Optional.empty();
    try {
      return Optional.of(new Venue.MarketPrice(universe(message.path("instrument").asText()),
          new BigDecimal(bids.get(0).path("price").asText()), new BigDecimal(asks.get(0).path("price").asText()),
          time(message.path("time").asText(null))));
    } catch (IllegalArgumentException unusable) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    transactions.close();
    rest.close();
    scheduler.shutdownNow();
  }

  // --- mapping -----------------------------------------------------------------------------------

  private String universe(String instrument) {
    return settings.universeSymbol(instrument).orElse(instrument);
  }

  private static CompletionStage<OrderReport> rejected(ClientOrderId id, String reason) {
    return CompletableFuture.completedFuture(new OrderReport.Rejected(id, reason));
  }

  /** Whether the first connection's gap-fill has taken its baseline (tests wait for it before scripting faults). */
  boolean baselineTaken() {
    return streamCursor != null;
  }

  /** Test hook: successful stream connections so far. */
  long streamConnects() {
    return transactions.connects();
  }

  @Override
  public String toString() {
    return "OandaAdapter[" + settings.venueId() + " " + settings.mode() + " " + settings.restBaseUri() + "]";
  }
}
