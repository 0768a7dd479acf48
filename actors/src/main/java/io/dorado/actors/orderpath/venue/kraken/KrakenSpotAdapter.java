package io.dorado.actors.orderpath.venue.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCapabilities;
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
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.knowm.xchange.kraken.dto.trade.KrakenTrade;
import org.knowm.xchange.kraken.dto.trade.KrakenType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken spot behind the venue contract: REST for orders, account and rules, the WebSocket v2 {@code executions}
 * channel for fills, REST TradesHistory (through XChange) as the gap-fill.
 *
 * <p><b>What goes through XChange, what does not, and why.</b> XChange 5.2.0 ({@code xchange-kraken}) was checked in
 * its jar (javap -v of {@code org.knowm.xchange.kraken.KrakenAuthenticated}: each method's {@code @Path} and
 * {@code @FormParam}s; of its DTOs: their {@code @JsonProperty} names).
 * <ul>
 *   <li><b>Through XChange</b> — its raw {@code KrakenAuthenticated} as a rescu proxy ({@link KrakenXChangeReads}),
 *       signed by its {@code KrakenDigest}: {@code TradesHistory} ({@code tradeHistory}, the gap-fill and
 *       {@link #executionsSince}), {@code QueryTrades} ({@code queryTrades}, the fills of a {@link #query}) — both read
 *       into {@code KrakenTrade} (ordertxid, pair, time, type, price, fee, vol: all the executions need; the trade id
 *       is the result's key) — and {@code GetWebSocketsToken} ({@code getWebsocketToken}).
 *   <li><b>Orders stay on our REST</b> ({@link KrakenRest}): {@code addOrder}'s form parameters are pair, type,
 *       ordertype, price, price2, volume, leverage, position, oflags, starttm, expiretm, userref, close, timeinforce;
 *       {@code cancelOrder}'s txid; {@code openOrders}' trades, userref; {@code closedOrders}' trades, userref, start,
 *       end, ofs, closetime — none is {@code cl_ord_id}, by which we place, cancel and query.
 *   <li><b>Reads XChange cannot express, on our REST:</b> the unfiltered {@code OpenOrders} listing and
 *       {@code QueryOrders} need each order's {@code cl_ord_id} (ours or external; a trade's order after a restart),
 *       and {@code KrakenOrder} reads refid, userref, status, opentm, starttm, expiretm, descr, vol, vol_exec, cost,
 *       fee, price, stopprice, limitprice, misc, oflags, trades, closetm, reason — no {@code cl_ord_id}.
 *       {@code BalanceEx} has no method ({@code balance} is plain Balance, a {@code Map<String, BigDecimal>} without
 *       {@code hold_trade}, which buying power needs). {@code TradeBalance}: {@code KrakenTradeBalanceInfo} reads tb,
 *       m, n, c, v, e, mf, ml — not {@code eb}, our equity. Public {@code AssetPairs}: {@code KrakenAssetPair} has
 *       ordermin but neither {@code tick_size} nor {@code costmin}. Public {@code Time} (the nonce resync) stays with
 *       the lane that uses it.
 *   <li><b>Executions</b>: {@code xchange-stream-kraken} speaks WebSocket v1 only; {@link KrakenExecutionStream} is
 *       WebSocket v2.
 * </ul>
 * One API key has one nonce sequence, so both clients sign with the same {@link KrakenNonces} (handed to XChange's
 * proxy as its nonce argument, never {@code BaseExchange}'s own millisecond {@code CurrentTimeIncrementalNonceFactory})
 * and send through {@link KrakenRest#privateLane}: one private call at a time, the same request gate, the same
 * re-sign after {@code EAPI:Invalid nonce} and wait after the rate-limit error.
 *
 * <p><b>Client order ids.</b> Ours go out as {@code cl_ord_id}, mapped by {@link KrakenClientOrderIds} (free text up to
 * 18 characters, else a deterministic UUID). Cancel and query are by {@code cl_ord_id} (CancelOrder, OpenOrders and
 * ClosedOrders take it as a parameter).
 *
 * <p><b>Kraken does not dedupe a re-placed order.</b> Kraken enforces {@code cl_ord_id} uniqueness only among OPEN
 * orders ("Spot Client Order Identifiers": "Enforced Uniqueness: Open orders (+ FIX session) per client"): once an order
 * is filled, cancelled or expired, the same {@code cl_ord_id} would be accepted as a new order. So
 * {@link VenueInfo#dedupesClientOrderIds()} is false, and: (1) the venue actor never re-sends an order whose outcome is
 * unknown — it queries ({@link #query}) until Kraken answers; (2) this adapter remembers every id it has sent and
 * answers a second {@link #place} of one with {@link #query} instead of sending; (3) a refusal of a place is
 * answered Rejected only after a query finds no order with that {@code cl_ord_id} at Kraken (Kraken's refusal of a
 * duplicate open {@code cl_ord_id} is answered with that order's status).
 *
 * <p><b>Errors</b> ({@link KrakenApiException}): Kraken's verdicts on the order ({@code EOrder:Insufficient funds},
 * {@code EOrder:Order minimum not met}, {@code EOrder:Cost minimum not met}, {@code EGeneral:Invalid arguments:...}) are
 * {@link OrderReport.Rejected}; {@code EAPI:Invalid nonce} and the rate-limit errors are refused before processing,
 * so {@link KrakenRest} re-signs or waits and sends again; {@code EService:Unavailable/Busy}, 5xx and timeouts fail the
 * stage (UNKNOWN: the venue actor queries; this adapter never re-sends).
 *
 * <p><b>Spot only.</b> No margin: {@code reduce_only} is not sent (a spot sell only reduces what is held), FOK and
 * combos are not offered by Kraken's AddOrder for spot and are answered Rejected without sending. DAY is GTD until the
 * next 00:00 UTC.
 */
public final class KrakenSpotAdapter implements VenueAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(KrakenSpotAdapter.class);

  /** How the adapter reaches Kraken (or its fake) and how patient it is. */
  public record Settings(URI restBase, URI webSocketUrl, Duration requestTimeout, Duration lookBack,
      Duration reconnectBackoff, Duration maxReconnectBackoff, Duration ratePause) {
    public static Settings production() {
      return new Settings(URI.create("https://api.kraken.com"), URI.create("wss://ws-auth.kraken.com/v2"),
          Duration.ofSeconds(10), Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofSeconds(30),
          KrakenRest.DEFAULT_RATE_PAUSE);
    }

    public Settings withEndpoints(URI rest, URI ws) {
      return new Settings(rest, ws, requestTimeout, lookBack, reconnectBackoff, maxReconnectBackoff, ratePause);
    }

    public Settings withTimeouts(Duration request, Duration reconnect, Duration ratePause) {
      return new Settings(restBase, webSocketUrl, request, lookBack, reconnect, maxReconnectBackoff, ratePause);
    }
  }

  private final String venueId;
  private final String account;
  private final VenueMode mode;
  private final Settings settings;
  private final List<KrakenSymbol> symbols;
  private final String quoteAsset;
  private final KrakenRest rest;
  private final KrakenXChangeReads reads;
  private final Clock clock;
  private final KrakenClientOrderIds ids = new KrakenClientOrderIds();
  /** Ids this process has sent (see the class comment). */
  private final Set<ClientOrderId> sent = ConcurrentHashMap.newKeySet();
  /** Per Kraken order id: our id, its volume and the trades already pushed (for cumulative quantities). */
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
  private volatile Consumer<OrderReport> listener = r -> {};
  private volatile KrakenExecutionStream stream;
  /** The last execution the stream or the gap-fill pushed: where the next gap-fill starts. */
  private volatile String streamCursor;

  private static final class Tracked {
    final ClientOrderId id;
    volatile BigDecimal volume;
    final Map<String, BigDecimal> trades = new LinkedHashMap<>();

    Tracked(ClientOrderId id, BigDecimal volume) {
      this.id = id;
      this.volume = volume;
    }

    synchronized BigDecimal add(String tradeId, BigDecimal qty) {
      trades.putIfAbsent(tradeId, qty);
      return trades.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  /**
   * An account's adapter on Kraken's starter-tier REST budget ({@link KrakenRequestGate#starterLimiter}), as the
   * node's venue registry makes it; long bot ids decode once the venue actor's recovery has queried their orders.
   */
  public static KrakenSpotAdapter forAccount(String venueId, String account, VenueMode mode, KrakenCredentials credentials,
      Settings settings, List<KrakenSymbol> symbols, String quoteAsset) {
    return new KrakenSpotAdapter(venueId, account, mode, credentials, settings, symbols, quoteAsset,
        KrakenRequestGate.of(KrakenRequestGate.starterLimiter(venueId, Duration.ofSeconds(5))), Set.of(),
        Clock.systemUTC());
  }

  /**
   * @param symbols the universe symbols this account trades, as Kraken names them (BTC ↔ XBT/USD, XXBTZUSD)
   * @param quoteAsset the account currency's balance key (ZUSD): cash, equity and buying power are in it
   * @param knownBotIds bot ids whose long client order ids must decode after a restart (see {@link KrakenClientOrderIds})
   */
  public KrakenSpotAdapter(String venueId, String account, VenueMode mode, KrakenCredentials credentials,
      Settings settings, List<KrakenSymbol> symbols, String quoteAsset, KrakenRequestGate gate,
      Set<String> knownBotIds, Clock clock) {
    this.venueId = venueId;
    this.account = account == null ? venueId : account;
    this.mode = mode;
    this.settings = settings;
    this.symbols = List.copyOf(symbols);
    this.quoteAsset = quoteAsset;
    this.clock = clock;
    this.rest = new KrakenRest(settings.restBase(), credentials, settings.requestTimeout(), gate, settings.ratePause(),
        clock);
    this.reads = new KrakenXChangeReads(settings.restBase(), credentials, settings.requestTimeout(), rest);
    knownBotIds.forEach(ids::register);
  }

  @Override
  public String toString() {
    return "KrakenSpotAdapter[" + venueId + ", " + mode + ", " + settings.restBase() + "]";
  }

  // ---------------------------------------------------------------- orders

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    ClientOrderId id = order.clientOrderId();
    if (sent.contains(id)) return query(id).thenApply(s -> s);
    KrakenSymbol symbol = symbol(order.symbol());
    if (symbol == null) return rejected(id, "not sent: " + order.symbol() + " has no Kraken pair in the universe");
    if (order.isCombo()) return rejected(id, "not sent: Kraken spot has no combo orders");
    if (order.type() == OrderType.OCO) return rejected(id, "not sent: no native OCO in this adapter (its capabilities say oco=false)");
    if (order.timeInForce() == TimeInForce.FOK) return rejected(id, "not sent: Kraken spot AddOrder has no FOK");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("cl_ord_id", ids.encode(id));
    p.put("ordertype", switch (order.type()) {
      case MARKET -> "market";
      case LIMIT -> "limit";
      case STOP -> "stop-loss";
      case STOP_LIMIT -> "stop-loss-limit";
      case OCO -> throw new IllegalArgumentException("oco is refused before");
    });
    p.put("type", order.side() == Side.BUY ? "buy" : "sell");
    p.put("volume", order.quantity().toPlainString());
    p.put("pair", symbol.restPair());
    switch (order.type()) {
      case LIMIT -> p.put("price", order.limitPrice().toPlainString());
      case STOP -> p.put("price", order.stopPrice().toPlainString());
      case STOP_LIMIT -> {
        p.put("price", order.stopPrice().toPlainString());
        p.put("price2", order.limitPrice().toPlainString());
      }
      default -> {}
    }
    if (order.type() != OrderType.MARKET) {
      switch (order.timeInForce()) {
        case GTC -> p.put("timeinforce", "GTC");
        case IOC -> p.put("timeinforce", "IOC");
        case DAY -> {
          p.put("timeinforce", "GTD");
          long midnight = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1)
              .atStartOfDay(ZoneOffset.UTC).toEpochSecond();
          p.put("expiretm", Long.toString(midnight));
        }
        default -> {}
      }
    }
    sent.add(id);
    return rest.privatePost("AddOrder", p, 0).handle((result, error) -> {
      if (error == null) {
        String txid = result.path("txid").path(0).asText(null);
        if (txid != null) tracked.computeIfAbsent(txid, t -> new Tracked(id, order.quantity()));
        return CompletableFuture.<OrderReport>completedFuture(new OrderReport.Accepted(id, txid));
      }
      Throwable cause = KrakenRest.unwrap(error);
      if (cause instanceof KrakenApiException api) {
        if (api.kind() == KrakenApiException.Kind.REFUSED) {
          // Kraken's refusal of a cl_ord_id it already has open is an EOrder error too (its exact text is not in the
          // published list): a refusal is Rejected only when Kraken has no order with this id, else its status
          return query(id).thenApply(st -> st.status() == OrderStatus.UNKNOWN
              ? (OrderReport) new OrderReport.Rejected(id, api.reason(), api.rejectionKind()) : st);
        }
      }
      return CompletableFuture.<OrderReport>failedFuture(cause); // unknown outcome: the venue actor queries
    }).thenCompose(s -> s);
  }

  @Override
  public CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("cl_ord_id", ids.encode(clientOrderId));
    return rest.privatePost("CancelOrder", p, 0).handle((result, error) -> {
      Throwable cause = error == null ? null : KrakenRest.unwrap(error);
      if (cause != null && !(cause instanceof KrakenApiException api
          && (api.kind() == KrakenApiException.Kind.UNKNOWN_ORDER || api.kind() == KrakenApiException.Kind.REFUSED))) {
        return CompletableFuture.<OrderReport>failedFuture(cause);
      }
      // cancelled, or not cancellable (already closed, never received): the order's status says which
      return query(clientOrderId).thenApply(status -> status.status() == OrderStatus.CANCELLED
          ? (OrderReport) new OrderReport.Cancelled(clientOrderId, status.filledQuantity(),
              status.reason() == null ? reason : status.reason())
          : status);
    }).thenCompose(s -> s);
  }

  @Override
  public CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
    String clOrdId = ids.encode(clientOrderId);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("trades", "true");
    p.put("cl_ord_id", clOrdId);
    return rest.privatePost("OpenOrders", p, 1)
        .thenCompose(open -> {
          JsonNode orders = open.path("open");
          if (orders.size() > 0) return CompletableFuture.completedFuture(orders);
          return rest.privatePost("ClosedOrders", p, 1).thenApply(closed -> closed.path("closed"));
        })
        .thenCompose(orders -> {
          if (orders.size() == 0) {
            return CompletableFuture.completedFuture(new OrderReport.Status(clientOrderId, OrderStatus.UNKNOWN,
                BigDecimal.ZERO, List.of(), "Kraken has no order with cl_ord_id " + clOrdId));
          }
          // the newest order with this cl_ord_id (Kraken allows the id again once the first one closed)
          String txid = null;
          JsonNode info = null;
          for (var it = orders.fields(); it.hasNext(); ) {
            var e = it.next();
            if (info == null || e.getValue().path("opentm").decimalValue().compareTo(info.path("opentm").decimalValue()) > 0) {
              txid = e.getKey();
              info = e.getValue();
            }
          }
          return status(clientOrderId, txid, info);
        });
  }

  private CompletionStage<OrderReport.Status> status(ClientOrderId id, String txid, JsonNode info) {
    BigDecimal volume = decimal(info.path("vol"));
    BigDecimal executed = decimal(info.path("vol_exec"));
    tracked.computeIfAbsent(txid, t -> new Tracked(id, volume)).volume = volume;
    String state = info.path("status").asText();
    OrderStatus status = switch (state) {
      case "pending", "open" -> executed.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING;
      case "closed" -> executed.compareTo(volume) >= 0 ? OrderStatus.FILLED : OrderStatus.CANCELLED;
      case "canceled", "expired" -> OrderStatus.CANCELLED;
      default -> OrderStatus.WORKING;
    };
    String reason = info.path("reason").isTextual() ? info.path("reason").asText() : null;
    List<String> tradeIds = new ArrayList<>();
    info.path("trades").forEach(t -> tradeIds.add(t.asText()));
    if (tradeIds.isEmpty()) {
      return CompletableFuture.completedFuture(new OrderReport.Status(id, status, executed, List.of(), reason));
    }
    return reads.queryTrades(tradeIds).thenApply(trades -> {
      List<Fill> fills = new ArrayList<>();
      for (Map.Entry<String, KrakenTrade> e : trades.entrySet()) {
        VenueExecution x = execution(e.getKey(), e.getValue(), id);
        if (x != null) x.toFill().ifPresent(fills::add);
      }
      fills.sort(Comparator.comparing(Fill::at).thenComparing(Fill::fillId));
      return new OrderReport.Status(id, status, executed, fills, reason);
    });
  }

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
    if (stream != null) return;
    synchronized (this) {
      if (stream != null) return;
      stream = new KrakenExecutionStream(settings.webSocketUrl(), this::webSocketToken, this::onStreamReport,
          this::gapFill, settings.reconnectBackoff(), settings.maxReconnectBackoff());
      stream.start();
    }
  }

  private CompletionStage<String> webSocketToken() {
    return reads.webSocketToken();
  }

  /** One element of an executions message (docs.kraken.com, WebSocket v2 "Executions", Snapshot / Update). */
  private void onStreamReport(JsonNode report) {
    String execType = report.path("exec_type").asText();
    ClientOrderId id = ids.decode(report.path("cl_ord_id").asText(null));
    String txid = report.path("order_id").asText(null);
    if (id == null && txid != null && tracked.containsKey(txid)) id = tracked.get(txid).id; // null: external
    if (id == null) return; // an external order: the reconciliation reads it from REST
    switch (execType) {
      case "trade" -> {
        String tradeId = report.path("exec_id").asText();
        String symbol = universeSymbol(report.path("symbol").asText());
        BigDecimal qty = decimal(report.path("last_qty"));
        BigDecimal price = decimal(report.path("last_price"));
        BigDecimal fee = BigDecimal.ZERO;
        for (JsonNode f : report.path("fees")) fee = fee.add(decimal(f.path("qty")));
        Instant at = Instant.parse(report.path("timestamp").asText());
        Side side = "buy".equals(report.path("side").asText()) ? Side.BUY : Side.SELL;
        Fill fill = new Fill(tradeId, id, symbol, side, qty, price, fee, at);
        Tracked t = tracked.computeIfAbsent(txid, k -> new Tracked(fill.clientOrderId(), null));
        BigDecimal cumulative = report.has("cum_qty") ? decimal(report.path("cum_qty")) : t.add(tradeId, qty);
        t.add(tradeId, qty);
        boolean complete = "filled".equals(report.path("order_status").asText())
            || (t.volume != null && cumulative.compareTo(t.volume) >= 0);
        listener.accept(new OrderReport.Filled(id, fill, cumulative, complete));
        streamCursor = KrakenCursor.max(streamCursor, KrakenCursor.of(at, tradeId));
      }
      case "canceled", "expired" -> listener.accept(new OrderReport.Cancelled(id, decimal(report.path("cum_qty")),
          report.path("reason").asText(execType)));
      default -> {} // pending_new, new, amended, restated, status: nothing the order path needs
    }
  }

  /** After every (re)subscribe: the fills Kraken made while the stream was down, from REST TradesHistory. */
  private void gapFill() {
    String from = streamCursor;
    executionsSince(from).whenComplete((page, error) -> {
      if (error != null) {
        LOG.warn("kraken gap-fill from {} failed: {}", from, KrakenRest.unwrap(error).toString());
        return;
      }
      for (VenueExecution x : page.executions()) {
        Tracked t = tracked.get(x.venueOrderId());
        ClientOrderId id = x.clientOrderId() != null ? x.clientOrderId() : t == null ? null : t.id;
        if (id == null) continue;
        Tracked track = tracked.computeIfAbsent(x.venueOrderId(), k -> new Tracked(id, null));
        BigDecimal cumulative = track.add(x.executionId(), x.quantity());
        boolean complete = track.volume != null && cumulative.compareTo(track.volume) >= 0;
        listener.accept(new OrderReport.Filled(id,
            new Fill(x.executionId(), id, x.symbol(), x.side(), x.quantity(), x.price(), x.commission(), x.at()),
            cumulative, complete));
      }
      if (page.cursor() != null) streamCursor = KrakenCursor.max(streamCursor, page.cursor());
    });
  }

  // ---------------------------------------------------------------- account and rules

  /**
   * Kraken spot (AddOrder {@code stop-loss}, {@code stop-loss-limit}): both stops rest; reduce_only is not sent (spot), no
   * OCO; an open sell holds the base it would sell (BalanceEx {@code hold_trade}), so a target cannot rest beside the
   * stop: it stays virtual. AddOrder's conditional close ({@code close[ordertype]}, {@code close[price]}) is not used:
   * it is one order attached to the entry, placed by Kraken per fill under an id that is not ours, and it could hold
   * the stop or the target, not both.
   */
  public static final VenueCapabilities CAPABILITIES = new VenueCapabilities(true, true, false, false, true, false);

  @Override
  public VenueCapabilities capabilities(String symbol) {
    return CAPABILITIES;
  }

  @Override
  public VenueInfo info() {
    KrakenExecutionStream s = stream;
    return new VenueInfo(venueId, "kraken", mode, account, false,
        s == null ? VenueInfo.Connection.DISCONNECTED : s.state());
  }

  @Override
  public CompletionStage<List<InstrumentRules>> instruments() {
    Map<String, String> p = Map.of("pair", String.join(",", symbols.stream().map(KrakenSymbol::restPair).toList()));
    return rest.publicGet("AssetPairs", p).thenApply(result -> {
      List<InstrumentRules> rules = new ArrayList<>();
      for (KrakenSymbol s : symbols) {
        JsonNode pair = result.path(s.restPair());
        if (pair.isMissingNode()) continue;
        BigDecimal lot = pair.has("lot_decimals")
            ? BigDecimal.ONE.movePointLeft(pair.path("lot_decimals").asInt()) : null;
        BigDecimal tick = pair.has("tick_size") ? decimal(pair.path("tick_size"))
            : pair.has("pair_decimals") ? BigDecimal.ONE.movePointLeft(pair.path("pair_decimals").asInt()) : null;
        rules.add(new InstrumentRules(s.symbol(), s.wsName(), tick, lot,
            pair.has("ordermin") ? decimal(pair.path("ordermin")) : null,
            pair.has("costmin") ? decimal(pair.path("costmin")) : null));
      }
      return rules;
    });
  }

  @Override
  public CompletionStage<List<VenueOrderView>> openOrders() {
    return rest.privatePost("OpenOrders", Map.of(), 1).thenApply(result -> {
      List<VenueOrderView> views = new ArrayList<>();
      for (var it = result.path("open").fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode o = e.getValue();
        JsonNode d = o.path("descr");
        String raw = o.path("cl_ord_id").isTextual() ? o.path("cl_ord_id").asText() : null;
        OrderType type = switch (d.path("ordertype").asText()) {
          case "market" -> OrderType.MARKET;
          case "limit" -> OrderType.LIMIT;
          case "stop-loss" -> OrderType.STOP;
          case "stop-loss-limit" -> OrderType.STOP_LIMIT;
          default -> null;
        };
        BigDecimal price = nonZero(decimal(d.path("price")));
        BigDecimal price2 = nonZero(decimal(d.path("price2")));
        BigDecimal limit = type == OrderType.STOP_LIMIT ? price2 : type == OrderType.STOP ? null : price;
        BigDecimal stop = type == OrderType.STOP || type == OrderType.STOP_LIMIT ? price : null;
        BigDecimal executed = decimal(o.path("vol_exec"));
        views.add(new VenueOrderView(e.getKey(), ids.decode(raw), raw, universeSymbol(d.path("pair").asText()),
            "buy".equals(d.path("type").asText()) ? Side.BUY : Side.SELL, type, decimal(o.path("vol")), limit, stop,
            executed, executed.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.WORKING,
            seconds(o.path("opentm"))));
      }
      views.sort(Comparator.comparing(VenueOrderView::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
      return views;
    });
  }

  /**
   * Trades after the cursor, oldest first. The cursor is {@code <trade time>:<trade id>} (Kraken's decimal seconds and
   * trade id, {@link KrakenCursor}): TradesHistory is asked from the second before that time ({@code start} is
   * exclusive and trades can share a timestamp) and everything at or before the cursor in (time, id) order is dropped.
   * Pages through {@code ofs} until {@code count} is reached.
   */
  @Override
  public CompletionStage<ExecutionPage> executionsSince(String cursor) {
    KrakenCursor from = cursor == null ? null : KrakenCursor.parse(cursor);
    long start = from == null ? clock.instant().minus(settings.lookBack()).getEpochSecond()
        : from.time().setScale(0, RoundingMode.FLOOR).longValue() - 1;
    return tradesPage(start, 0, new ArrayList<>()).thenCompose(all -> resolveOrders(all).thenApply(x -> all))
        .thenApply(all -> {
      List<KrakenCursor.Keyed> after = new ArrayList<>();
      for (KrakenCursor.Keyed k : all) if (from == null || k.cursor().compareTo(from) > 0) after.add(k);
      after.sort(Comparator.comparing(KrakenCursor.Keyed::cursor));
      List<VenueExecution> executions = new ArrayList<>();
      for (KrakenCursor.Keyed k : after) {
        VenueExecution x = execution(k.cursor().tradeId(), k.trade(), null);
        if (x != null) executions.add(x);
      }
      String next = after.isEmpty() ? cursor : after.get(after.size() - 1).cursor().toString();
      return new ExecutionPage(executions, next);
    });
  }

  /**
   * TradesHistory names a trade's order ({@code ordertxid}) but not its {@code cl_ord_id}: orders this process has not
   * seen (after a restart, or placed outside the fleet) are looked up once through QueryOrders (by txid, 50 at a time).
   */
  private CompletionStage<Void> resolveOrders(List<KrakenCursor.Keyed> trades) {
    List<String> unknown = trades.stream().map(k -> k.trade().getOrderTxId())
        .filter(t -> t != null && !tracked.containsKey(t)).distinct().toList();
    CompletionStage<Void> done = CompletableFuture.completedFuture(null);
    for (int i = 0; i < unknown.size(); i += 50) {
      List<String> batch = unknown.subList(i, Math.min(unknown.size(), i + 50));
      Map<String, String> p = new LinkedHashMap<>();
      p.put("txid", String.join(",", batch));
      done = done.thenCompose(x -> rest.privatePost("QueryOrders", p, 1)).thenAccept(result -> {
        for (var it = result.fields(); it.hasNext(); ) {
          var e = it.next();
          String raw = e.getValue().path("cl_ord_id").isTextual() ? e.getValue().path("cl_ord_id").asText() : null;
          tracked.putIfAbsent(e.getKey(), new Tracked(ids.decode(raw), decimal(e.getValue().path("vol"))));
        }
      });
    }
    return done;
  }

  private CompletionStage<List<KrakenCursor.Keyed>> tradesPage(long start, int offset, List<KrakenCursor.Keyed> into) {
    return reads.tradesHistory(start, offset).thenCompose(result -> {
      int page = 0;
      Map<String, KrakenTrade> trades = result.getTrades() == null ? Map.of() : result.getTrades();
      for (Map.Entry<String, KrakenTrade> e : trades.entrySet()) {
        into.add(new KrakenCursor.Keyed(new KrakenCursor(time(e.getValue()), e.getKey()), e.getValue()));
        page++;
      }
      int count = result.getCount();
      if (page == 0 || offset + page >= count) return CompletableFuture.completedFuture(into);
      return tradesPage(start, offset + page, into);
    });
  }

  /**
   * One TradesHistory/QueryTrades entry (docs.kraken.com REST "Get Trades History": TradeInfo) as XChange's
   * {@link KrakenTrade}; its order's client order id comes from what this adapter tracks (placed here, or resolved
   * through QueryOrders by {@link #resolveOrders}): TradeInfo names the order by {@code ordertxid} only.
   */
  private VenueExecution execution(String tradeId, KrakenTrade t, ClientOrderId known) {
    String txid = t.getOrderTxId();
    Tracked track = txid == null ? null : tracked.get(txid);
    ClientOrderId id = known != null ? known : track != null ? track.id : null;
    BigDecimal qty = orZero(t.getVolume());
    BigDecimal price = orZero(t.getPrice());
    if (qty.signum() <= 0 || price.signum() <= 0) return null;
    return new VenueExecution(tradeId, txid, id, universeSymbol(t.getAssetPair()),
        t.getType() == KrakenType.BUY ? Side.BUY : Side.SELL, qty, price, orZero(t.getFee()), seconds(time(t)));
  }

  /**
   * A trade's time as Kraken wrote it: XChange reads it as a {@code double}; Kraken's 4 decimal places on a 10-digit
   * second count are 14 significant digits, which a double's shortest decimal form ({@link BigDecimal#valueOf}) gives
   * back exactly.
   */
  private static BigDecimal time(KrakenTrade t) {
    return BigDecimal.valueOf(t.getUnixTimestamp());
  }

  private static BigDecimal orZero(BigDecimal d) {
    return d == null ? BigDecimal.ZERO : d;
  }

  /**
   * BalanceEx (balance and hold_trade per asset) and TradeBalance ({@code eb}: every asset valued in the quote
   * asset). Cash is the quote asset's balance, buying power that balance less what open orders hold, equity
   * {@code eb}; a position is a universe symbol's base-asset balance (its average price Kraken does not know).
   */
  @Override
  public CompletionStage<AccountSnapshot> account() {
    return rest.privatePost("BalanceEx", Map.of(), 1).thenCompose(balances -> {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("asset", quoteAsset);
      return rest.privatePost("TradeBalance", p, 1).thenApply(trade -> {
        Map<String, BigDecimal> all = new HashMap<>();
        Map<String, BigDecimal> held = new HashMap<>();
        for (var it = balances.fields(); it.hasNext(); ) {
          var e = it.next();
          all.put(e.getKey(), decimal(e.getValue().path("balance")));
          held.put(e.getKey(), decimal(e.getValue().path("hold_trade")));
        }
        BigDecimal cash = all.getOrDefault(quoteAsset, BigDecimal.ZERO);
        BigDecimal buyingPower = cash.subtract(held.getOrDefault(quoteAsset, BigDecimal.ZERO));
        BigDecimal equity = trade.has("eb") ? decimal(trade.path("eb")) : cash;
        List<Position> positions = new ArrayList<>();
        for (KrakenSymbol s : symbols) {
          BigDecimal qty = all.getOrDefault(s.baseAsset(), BigDecimal.ZERO);
          if (qty.signum() != 0) positions.add(new Position(s.symbol(), qty, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        return new AccountSnapshot(venueId, quoteAsset, all, cash, equity, buyingPower, positions, clock.instant());
      });
    });
  }

  @Override
  public void close() {
    KrakenExecutionStream s = stream;
    if (s != null) s.close();
    reads.close();
  }

  // ---------------------------------------------------------------- helpers

  private KrakenSymbol symbol(String universeSymbol) {
    for (KrakenSymbol s : symbols) if (s.symbol().equals(universeSymbol)) return s;
    return null;
  }

  private String universeSymbol(String krakenName) {
    for (KrakenSymbol s : symbols) if (s.names(krakenName)) return s.symbol();
    return krakenName;
  }

  private static CompletionStage<OrderReport> rejected(ClientOrderId id, String reason) {
    return CompletableFuture.completedFuture(new OrderReport.Rejected(id, reason));
  }

  static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return BigDecimal.ZERO;
    if (n.isNumber()) return n.decimalValue();
    String s = n.asText();
    if (s.isBlank()) return BigDecimal.ZERO;
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  private static BigDecimal nonZero(BigDecimal d) {
    return d.signum() == 0 ? null : d;
  }

  private static Instant seconds(JsonNode n) {
    return seconds(decimal(n));
  }

  private static Instant seconds(BigDecimal s) {
    return Instant.ofEpochSecond(0, s.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }
}
