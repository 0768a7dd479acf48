package io.dorado.actors.orderpath.venue;

import com.typesafe.config.Config;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.Match;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.PaperOrder;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.RejectionKind;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.market.TradingCalendar;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.ExecutionPage;
import io.dorado.protocol.venue.InstrumentRules;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueInfo;
import io.dorado.protocol.venue.VenueOrderView;
import io.dorado.protocol.venue.VenueState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The paper venue (the default): an in-memory book matched by {@link PaperMatchingEngine} against the
 * latest {@link Venue.MarketPrice} of each symbol. Deduplicates by client order id like a real venue.
 * Answers at once (completed stages); fills are pushed to the listener in the order they happen.
 *
 * <p>Its book lives in memory: a fresh instance knows no orders, so after a crash the venue actor
 * finds its working paper orders UNKNOWN and closes them as lost (it never re-sends a placed order). A
 * settled order is remembered for the settled retention (as the venue actor does), then forgotten: the book
 * holds the live orders and a retention period's settled ones, and a quote touches only its symbol's live
 * orders, so neither memory nor the cost of a quote grows with every order ever placed.
 *
 * <p>Combos (multi-leg orders) fill all their legs at once when their underlying is quoted and its
 * {@link Venue.OptionInputs} are known: each leg at its Black-Scholes price on the underlying's mid, the
 * realized volatility and the days to expiry in market time ({@link SyntheticOptionPrices}, labelled
 * synthetic: there is no real option market here), one fill per leg.
 *
 * <p>Time in force: IOC cancels what does not fill on arrival; FOK is rejected unless it fills
 * completely on arrival; GTC rests until cancelled; DAY rests until the close of the session of its symbol's
 * trading calendar ({@link #calendars}; the session in progress when placed, or the next one when placed while the market
 * is closed), then it expires: cancelled with the reason, pushed to the listener as any cancel (the venue actor
 * persists it and tells the bot). A market that never closes (crypto), or a symbol with no calendar, keeps a DAY order
 * as GTC, as the crypto venues do. The close is checked on the clock by a timer, and before every quote is matched.
 *
 * <p><b>As a venue account</b> (the venue contract's listing side, for the conformance kit and reconciliation):
 * it lists its open orders and its executions since a cursor (the last {@value #EXECUTION_LOG} of them; the
 * cursor is the execution's sequence number). Balances and instrument rules are optional and enforced ONLY
 * when configured ({@link #instrument}, {@link #balance}): by default it accepts any quantity at any price, as
 * it always did, and has no account to report. An order placed outside the fleet ({@link #placeExternal}) rests
 * and fills like any other, but carries no client order id of ours: its executions are listed, never pushed.
 *
 * <p><b>Reduce-only</b>, as venues enforce it (Binance's and Alpaca's reduce-only): when a reduce-only order of a bot
 * would trade, it fills at most the bot's position in the symbol on the other side; the rest is cancelled, and when
 * the bot is flat (or holds the order's side) the order is cancelled with the reason instead of filling. So a trade's
 * stop and target resting for the whole position cannot both close it. The position is the venue entity's, not this
 * instance's: what its journal's recorded fills built ({@link #positionsWritten}, told on recovery and after each
 * written fill, on whatever node the entity runs) plus this instance's fills not yet written. A paper venue no entity
 * tells counts its own fills from flat; one told the positions are unknown (an old snapshot) enforces nothing.
 */
public final class PaperVenue implements VenueAdapter {
  /** As the risk guardian's ({@code dorado.orders.settled-retention}). */
  public static final Duration DEFAULT_SETTLED_RETENTION = Duration.ofDays(1);

  private final PaperMatchingEngine engine;
  private final Clock clock;
  private final Duration settledRetention;
  private final Map<String, Venue.MarketPrice> quotes = new HashMap<>();
  /** Per underlying: what its option legs are priced with. */
  private final Map<String, Venue.OptionInputs> optionInputs = new HashMap<>();
  /** Every live order, and every settled one for the retention period (answers repeats and queries). */
  private final Map<ClientOrderId, PaperOrder> book = new HashMap<>();
  /**
   * The live orders of each symbol (a combo's is its underlying), in client order id order so matching is
   * deterministic: a quote touches these, not every order the book remembers.
   */
  private final Map<String, TreeSet<ClientOrderId>> liveBySymbol = new HashMap<>();
  /** Settled orders, oldest first, with when: forgotten once older than the retention. */
  private final ArrayDeque<Settled> settled = new ArrayDeque<>();
  private volatile Consumer<OrderReport> listener = report -> {};

  /** How many executions {@link #executionsSince} can look back over. */
  public static final int EXECUTION_LOG = 10_000;
  /** The bot id of the keys orders placed outside the fleet are booked under (never one of ours: no dash in it). */
  private static final String EXTERNAL = "external";

  private String venueName = "paper";
  /** Per symbol, when configured: the rules enforced on placement, and its base and quote assets. */
  private final Map<String, Instrument> instruments = new LinkedHashMap<>();
  /** Balance per asset; null: balances are not enforced (the default). */
  private Map<String, BigDecimal> balances;
  /** The last {@link #EXECUTION_LOG} executions, ours and external; {@code executionsLogged} numbers them. */
  private final ArrayDeque<VenueExecution> executionLog = new ArrayDeque<>();
  private long executionsLogged;
  private final Set<ClientOrderId> external = new HashSet<>();
  private final Map<ClientOrderId, Instant> createdAt = new HashMap<>();
  private long externalOrders;
  /**
   * Per bot and symbol ({@link VenueState#positionKey}): the venue entity's written positions, or this instance's
   * own fills while no entity told it any ({@code told} false); null: unknown, reduce-only not enforced.
   */
  private Map<String, BigDecimal> positions = new HashMap<>();
  private boolean told;
  /** Once told: this instance's fills of bots' orders not yet in the written positions, by fill id (key, signed). */
  private final Map<String, Map.Entry<String, BigDecimal>> unwritten = new LinkedHashMap<>();
  /** Per symbol (a combo's is its underlying): its market's calendar, if any; a DAY order expires at its close. */
  private java.util.function.Function<String, java.util.Optional<TradingCalendar>> calendars = s -> java.util.Optional.empty();
  /** The live DAY orders that expire, with when (the close of their session). */
  private final Map<ClientOrderId, DayEnd> dayEnds = new HashMap<>();
  private ScheduledFuture<?> expiry;
  /** One daemon thread for every paper venue's DAY-order expiry timers. */
  private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "paper-venue-day-orders");
    t.setDaemon(true);
    return t;
  });

  private record DayEnd(Instant at, String calendar) {}

  private record Settled(ClientOrderId id, Instant at) {}

  private record Instrument(InstrumentRules rules, String baseAsset, String quoteAsset) {}

  public PaperVenue(PaperMatchingEngine.Settings settings) {
    this(settings, Clock.systemUTC(), DEFAULT_SETTLED_RETENTION);
  }

  /**
   * @param settledRetention how long a settled order is remembered: far longer than an acknowledgement
   *     lives, so the venue actor (which never sends an expired acknowledgement) never places it twice
   */
  public PaperVenue(PaperMatchingEngine.Settings settings, Clock clock, Duration settledRetention) {
    this.engine = new PaperMatchingEngine(settings);
    this.clock = clock;
    this.settledRetention = settledRetention;
  }

  /**
   * From {@code dorado.venue.paper}: {@code slippage-bps} (default 5), {@code commission-bps} (0),
   * {@code commission-per-unit} (0), {@code max-fill-quantity} (absent or empty: no limit).
   */
  public static PaperVenue fromConfig(Config config) {
    String retention = "dorado.orders.settled-retention";
    return new PaperVenue(settingsFrom(config), Clock.systemUTC(),
        config.hasPath(retention) ? config.getDuration(retention) : DEFAULT_SETTLED_RETENTION);
  }

  public static PaperMatchingEngine.Settings settingsFrom(Config config) {
    String p = "dorado.venue.paper.";
    return new PaperMatchingEngine.Settings(
        decimal(config, p + "slippage-bps", "5"),
        decimal(config, p + "commission-bps", "0"),
        decimal(config, p + "commission-per-unit", "0"),
        decimal(config, p + "max-fill-quantity", null));
  }

  private static BigDecimal decimal(Config config, String path, String fallback) {
    String text = config.hasPath(path) ? config.getString(path).trim() : fallback;
    if (text == null || text.isEmpty()) return null;
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(path + " must be a decimal number, was '" + text + "'", e);
    }
  }

  @Override
  public void connect(Consumer<OrderReport> listener) {
    this.listener = listener;
  }

  @Override
  public CompletionStage<OrderReport> place(Order order) {
    List<OrderReport> pushed = new ArrayList<>();
    OrderReport answer;
    synchronized (this) {
      PaperOrder known = book.get(order.clientOrderId());
      if (known != null) {
        answer = known.toStatus();
      } else {
        answer = accept(order, pushed);
      }
    }
    pushed.forEach(listener);
    return CompletableFuture.completedFuture(answer);
  }

  private OrderReport accept(Order order, List<OrderReport> pushed) {
    PaperOrder paper = PaperOrder.working(order);
    Venue.MarketPrice quote = quotes.get(order.symbol());
    OrderReport.Rejected refusal = refusal(order, quote);
    if (refusal != null) {
      put(paper.closed(OrderStatus.REJECTED, refusal.reason()));
      return refusal;
    }
    createdAt.put(order.clientOrderId(), clock.instant());
    if (order.timeInForce() == TimeInForce.FOK) {
      Match trial = quote == null ? null : engine.match(paper, quote);
      if (trial == null || trial.order().status() != OrderStatus.FILLED) {
        String why = "fill or kill: cannot fill " + order.quantity() + " at once";
        put(paper.closed(OrderStatus.REJECTED, why));
        return new OrderReport.Rejected(order.clientOrderId(), why);
      }
    }
    put(paper);
    if (quote != null) matchOne(order.clientOrderId(), quote, pushed);
    if (order.timeInForce() == TimeInForce.IOC) {
      PaperOrder after = book.get(order.clientOrderId());
      if (after.isLive()) {
        String why = "immediate or cancel: the rest was not fillable on arrival";
        put(after.closed(OrderStatus.CANCELLED, why));
        pushed.add(new OrderReport.Cancelled(order.clientOrderId(), after.filledQuantity(), why));
      }
    }
    if (order.timeInForce() == TimeInForce.DAY && book.get(order.clientOrderId()).isLive()) {
      calendars.apply(order.symbol()).filter(c -> !c.alwaysOpen()).ifPresent(c -> {
        dayEnds.put(order.clientOrderId(), new DayEnd(c.nextSession(clock.instant()).close().toInstant(), c.id()));
        armExpiry();
      });
    }
    return new OrderReport.Accepted(order.clientOrderId(), paper.venueOrderId());
  }

  @Override
  public void onMarketPrice(Venue.MarketPrice price) {
    List<OrderReport> pushed = new ArrayList<>();
    synchronized (this) {
      expireDue(pushed); // a quote after the close never fills a DAY order of the session that closed
      quotes.put(price.symbol(), price);
      for (ClientOrderId id : liveOf(price.symbol())) {
        if (book.get(id).isLive()) matchOne(id, price, pushed);
      }
    }
    pushed.forEach(listener);
  }

  @Override
  public void onOptionInputs(Venue.OptionInputs inputs) {
    List<OrderReport> pushed = new ArrayList<>();
    synchronized (this) {
      optionInputs.put(inputs.underlying(), inputs);
      Venue.MarketPrice quote = quotes.get(inputs.underlying());
      if (quote != null) {
        for (ClientOrderId id : liveOf(inputs.underlying())) {
          PaperOrder order = book.get(id);
          if (order.isLive() && order.order().isCombo()) matchOne(id, quote, pushed);
        }
      }
    }
    pushed.forEach(listener);
  }

  private void matchOne(ClientOrderId id, Venue.MarketPrice quote, List<OrderReport> pushed) {
    if (book.get(id).order().isCombo()) {
      Venue.OptionInputs inputs = optionInputs.get(quote.symbol());
      if (inputs == null) return; // no volatility yet: the combo rests until there is one
      var match = engine.matchCombo(book.get(id), quote, SyntheticOptionPrices.pricer(quote, inputs));
      put(match.order());
      BigDecimal cumulative = BigDecimal.ZERO;
      for (Fill fill : match.fills()) {
        cumulative = cumulative.add(fill.quantity());
        executed(match.order(), fill);
        pushed.add(new OrderReport.Filled(id, fill, cumulative, cumulative.compareTo(match.order().order().fillQuantity()) >= 0));
      }
      return;
    }
    PaperOrder paper = book.get(id);
    BigDecimal cap = reduceOnlyCap(paper.order());
    if (cap != null && cap.signum() == 0) {
      Match trial = engine.match(paper, quote);
      if (trial.fill().isEmpty()) {
        put(trial.order()); // a stop reached whose limit is not touched stays triggered
      } else {
        cancelReduceOnly(paper, "reduce-only: no " + (paper.order().side() == Side.SELL ? "long" : "short")
            + " position of " + id.botId() + " in " + paper.order().symbol() + " to reduce", pushed);
      }
      return;
    }
    Match match = engine.match(paper, quote, cap);
    put(match.order());
    if (match.fill().isPresent()) {
      Fill fill = match.fill().get();
      PaperOrder after = match.order();
      executed(after, fill);
      if (!external.contains(id)) {
        pushed.add(new OrderReport.Filled(id, fill, after.filledQuantity(), after.status() == OrderStatus.FILLED));
      }
      if (cap != null && after.isLive() && fill.quantity().compareTo(cap) >= 0) {
        cancelReduceOnly(after, "reduce-only: reduced to the open position " + cap.toPlainString() + " of " + id.botId()
            + " in " + fill.symbol() + "; the rest (" + after.remaining().toPlainString() + ") cancelled", pushed);
      }
    }
  }

  /**
   * What a reduce-only order may still fill: its bot's position in the symbol on the other side (zero when flat or
   * on the same side); null when not enforced (not reduce-only, a combo, an external order, positions unknown).
   */
  private BigDecimal reduceOnlyCap(Order order) {
    if (!order.reduceOnly() || order.isCombo() || external.contains(order.clientOrderId()) || positions == null) {
      return null;
    }
    BigDecimal held = position(VenueState.positionKey(order.clientOrderId().botId(), order.symbol()));
    return held.signum() == -order.side().sign() ? held.abs() : BigDecimal.ZERO;
  }

  private BigDecimal position(String key) {
    BigDecimal held = positions.getOrDefault(key, BigDecimal.ZERO);
    for (var f : unwritten.values()) {
      if (f.getKey().equals(key)) held = held.add(f.getValue());
    }
    return held;
  }

  private void cancelReduceOnly(PaperOrder paper, String why, List<OrderReport> pushed) {
    put(paper.closed(OrderStatus.CANCELLED, why));
    pushed.add(new OrderReport.Cancelled(paper.clientOrderId(), paper.filledQuantity(), why));
  }

  /** The venue entity's written positions, and the fills now in them: this instance's cap is the entity's. */
  @Override
  public synchronized void positionsWritten(Map<String, BigDecimal> written, Set<String> fillIds) {
    if (written == null) {
      positions = null;
      unwritten.clear();
    } else {
      if (!told) unwritten.clear(); // its own tally gives way to the journal's
      positions = written;
      fillIds.forEach(unwritten::remove);
    }
    told = true;
  }

  /** A fill of a bot's order: into the position (own tally) or the unwritten fills (told), unless unknown. */
  private void countPosition(PaperOrder order, Fill fill) {
    if (positions == null || order.order().isCombo() || external.contains(order.clientOrderId())) return;
    String key = VenueState.positionKey(order.clientOrderId().botId(), fill.symbol());
    BigDecimal signed = fill.side() == Side.BUY ? fill.quantity() : fill.quantity().negate();
    if (told) {
      unwritten.put(fill.fillId(), Map.entry(key, signed));
    } else {
      BigDecimal held = positions.getOrDefault(key, BigDecimal.ZERO).add(signed);
      if (held.signum() == 0) positions.remove(key);
      else positions.put(key, held);
    }
  }

  @Override
  public synchronized CompletionStage<OrderReport> cancel(ClientOrderId clientOrderId, String reason) {
    PaperOrder order = book.get(clientOrderId);
    if (order == null) return CompletableFuture.completedFuture(unknown(clientOrderId));
    if (!order.isLive()) return CompletableFuture.completedFuture(order.toStatus());
    String why = reason == null || reason.isBlank() ? "cancelled" : reason;
    put(order.closed(OrderStatus.CANCELLED, why));
    return CompletableFuture.completedFuture(new OrderReport.Cancelled(clientOrderId, order.filledQuantity(), why));
  }

  @Override
  public synchronized CompletionStage<OrderReport.Status> query(ClientOrderId clientOrderId) {
    PaperOrder order = book.get(clientOrderId);
    return CompletableFuture.completedFuture(order == null ? unknown(clientOrderId) : order.toStatus());
  }

  /** Into the book, and into or out of its symbol's live orders; a settled one starts its retention. */
  private void put(PaperOrder order) {
    ClientOrderId id = order.clientOrderId();
    PaperOrder before = book.put(id, order);
    String symbol = order.order().symbol();
    if (order.isLive()) {
      liveBySymbol.computeIfAbsent(symbol, s -> new TreeSet<>()).add(id);
    } else if (before == null || before.isLive()) {
      dayEnds.remove(id);
      var live = liveBySymbol.get(symbol);
      if (live != null && live.remove(id) && live.isEmpty()) liveBySymbol.remove(symbol);
      Instant now = clock.instant();
      settled.addLast(new Settled(id, now));
      forgetSettledBefore(now.minus(settledRetention));
    }
  }

  private void forgetSettledBefore(Instant cutoff) {
    while (!settled.isEmpty() && settled.peekFirst().at().isBefore(cutoff)) {
      ClientOrderId id = settled.pollFirst().id();
      book.remove(id);
      createdAt.remove(id);
      external.remove(id);
    }
  }

  /**
   * The calendar of each symbol's market (a combo's: its underlying's; empty: none): a DAY order placed from now on
   * expires at the close of its session ({@code TradingCalendar#nextSession} at placement).
   */
  public synchronized PaperVenue calendars(java.util.function.Function<String, java.util.Optional<TradingCalendar>> calendars) {
    this.calendars = calendars;
    return this;
  }

  /**
   * Expires every live DAY order whose session has closed on the clock: cancelled ("expired: ..."), pushed to the
   * listener. The timer calls it at each close; callable at any time (a test's clock moved past the close).
   */
  public void expireDayOrders() {
    List<OrderReport> pushed = new ArrayList<>();
    synchronized (this) {
      expiry = null;
      expireDue(pushed);
      armExpiry();
    }
    pushed.forEach(listener);
  }

  private void expireDue(List<OrderReport> pushed) {
    if (dayEnds.isEmpty()) return;
    Instant now = clock.instant();
    var due = dayEnds.entrySet().stream().filter(e -> !now.isBefore(e.getValue().at()))
        .sorted(Map.Entry.comparingByKey()).toList();
    for (var e : due) {
      ClientOrderId id = e.getKey();
      PaperOrder order = book.get(id);
      dayEnds.remove(id);
      if (order == null || !order.isLive()) continue;
      String why = "expired: day order, the " + e.getValue().calendar() + " session closed at " + e.getValue().at();
      put(order.closed(OrderStatus.CANCELLED, why));
      if (!external.contains(id)) pushed.add(new OrderReport.Cancelled(id, order.filledQuantity(), why));
    }
  }

  /** The timer for the earliest DAY order's close (on the clock; a past one fires at once). */
  private void armExpiry() {
    if (expiry != null) expiry.cancel(false);
    expiry = null;
    dayEnds.values().stream().map(DayEnd::at).min(Instant::compareTo).ifPresent(next -> {
      long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
      expiry = EXPIRY.schedule(this::expireDayOrders, delay, TimeUnit.MILLISECONDS);
    });
  }

  /** A copy: matching changes the set. */
  private List<ClientOrderId> liveOf(String symbol) {
    var live = liveBySymbol.get(symbol);
    return live == null ? List.of() : List.copyOf(live);
  }

  // --- the venue account: listings, rules, balances, external orders ----------------------------

  /** The venue id this paper venue serves, for {@link #info()} ("paper" unless named). */
  public synchronized PaperVenue named(String venue) {
    this.venueName = venue;
    return this;
  }

  /**
   * Enforces {@code rules} on the orders of its symbol from now on (tick, lot, minimum quantity and notional) and
   * books its fills against {@code baseAsset}/{@code quoteAsset} when balances are configured.
   */
  public synchronized void instrument(InstrumentRules rules, String baseAsset, String quoteAsset) {
    instruments.put(rules.symbol(), new Instrument(rules, baseAsset, quoteAsset));
  }

  /** Sets an asset's balance; from the first call on, orders must fit the free balance (nothing else set: zero). */
  public synchronized void balance(String asset, BigDecimal amount) {
    if (balances == null) balances = new TreeMap<>();
    balances.put(asset, amount);
  }

  /**
   * A counterparty trades {@code quantity} (at most what remains) at {@code price} against a resting order: the
   * fill is pushed like any other and listed in the executions. Nothing happens to an order that is not live.
   */
  public void fill(ClientOrderId id, BigDecimal quantity, BigDecimal price) {
    List<OrderReport> pushed = new ArrayList<>();
    synchronized (this) {
      PaperOrder order = book.get(id);
      if (order == null || !order.isLive() || order.order().isCombo()) return;
      BigDecimal q = quantity.min(order.remaining());
      if (q.signum() <= 0) return;
      Fill fill = new Fill(PaperMatchingEngine.fillId(id, order.fills().size() + 1), id, order.order().symbol(),
          order.order().side(), q, price, engine.commission(q, price), clock.instant());
      PaperOrder after = order.withFill(fill);
      put(after);
      executed(after, fill);
      if (!external.contains(id)) {
        pushed.add(new OrderReport.Filled(id, fill, after.filledQuantity(), after.status() == OrderStatus.FILLED));
      }
    }
    pushed.forEach(listener);
  }

  /**
   * An order placed on the account outside the fleet (by hand, on the venue's site): it rests and fills like any
   * other, is listed with no client order id of ours, and its fills are never pushed (no bot owns them).
   */
  public VenueOrderView placeExternal(String symbol, Side side, BigDecimal quantity, BigDecimal limitPrice) {
    List<OrderReport> pushed = new ArrayList<>();
    VenueOrderView view;
    synchronized (this) {
      ClientOrderId key = ClientOrderId.of(EXTERNAL, ++externalOrders);
      external.add(key);
      Order order = limitPrice == null
          ? Order.market(key, venueName, symbol, side, quantity, false)
          : Order.limit(key, venueName, symbol, side, quantity, limitPrice);
      createdAt.put(key, clock.instant());
      put(PaperOrder.working(order));
      Venue.MarketPrice quote = quotes.get(symbol);
      if (quote != null) matchOne(key, quote, pushed);
      view = viewOf(book.get(key));
    }
    pushed.forEach(listener);
    return view;
  }

  @Override
  public synchronized VenueInfo info() {
    return new VenueInfo(venueName, "paper", VenueMode.PAPER, venueName, true, VenueInfo.Connection.CONNECTED);
  }

  @Override
  public synchronized CompletionStage<List<InstrumentRules>> instruments() {
    return CompletableFuture.completedFuture(instruments.values().stream().map(Instrument::rules).toList());
  }

  @Override
  public synchronized CompletionStage<List<VenueOrderView>> openOrders() {
    List<VenueOrderView> open = new ArrayList<>();
    liveBySymbol.values().forEach(ids -> ids.forEach(id -> open.add(viewOf(book.get(id)))));
    return CompletableFuture.completedFuture(open);
  }

  /** The cursor is the sequence number of the last execution returned; null asks from the oldest still kept. */
  @Override
  public synchronized CompletionStage<ExecutionPage> executionsSince(String cursor) {
    long after = cursor == null ? 0 : Long.parseLong(cursor);
    long first = executionsLogged - executionLog.size() + 1; // the number of the oldest kept
    List<VenueExecution> page = new ArrayList<>();
    long n = first;
    for (VenueExecution e : executionLog) {
      if (n > after) page.add(e);
      n++;
    }
    return CompletableFuture.completedFuture(new ExecutionPage(page, Long.toString(Math.max(after, executionsLogged))));
  }

  /** Only when balances are configured: they are the account (cash in the first instrument's quote asset). */
  @Override
  public synchronized CompletionStage<AccountSnapshot> account() {
    if (balances == null) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException(
          "the paper venue keeps no account unless balances are configured (the guardian's paper ledger is the account)"));
    }
    String currency = instruments.values().stream().map(Instrument::quoteAsset).findFirst().orElse("USD");
    List<Position> positions = new ArrayList<>();
    instruments.forEach((symbol, i) -> {
      BigDecimal held = balances.getOrDefault(i.baseAsset(), BigDecimal.ZERO);
      if (held.signum() != 0) positions.add(new Position(symbol, held, BigDecimal.ZERO, BigDecimal.ZERO));
    });
    BigDecimal cash = balances.getOrDefault(currency, BigDecimal.ZERO);
    return CompletableFuture.completedFuture(new AccountSnapshot(venueName, currency, balances, cash, null,
        cash.subtract(reserved(currency)), positions, clock.instant()));
  }

  /** Why the venue refuses the order (its rules, the free balance), or null; nothing is checked unless configured. */
  private OrderReport.Rejected refusal(Order order, Venue.MarketPrice quote) {
    String why = ruleBroken(order, quote);
    if (why != null) return new OrderReport.Rejected(order.clientOrderId(), why);
    Instrument instrument = instruments.get(order.symbol());
    if (balances == null || instrument == null || order.isCombo()) return null;
    boolean buy = order.side() == Side.BUY;
    String asset = buy ? instrument.quoteAsset() : instrument.baseAsset();
    BigDecimal price = priceOf(order, quote);
    BigDecimal needed = buy ? (price == null ? BigDecimal.ZERO : order.quantity().multiply(price)) : order.quantity();
    BigDecimal balance = balances.getOrDefault(asset, BigDecimal.ZERO);
    BigDecimal free = balance.subtract(reserved(asset));
    if (needed.compareTo(free) <= 0) return null;
    // Held when the balance would do but the live orders hold it: an exit beside its own resting stop or target
    return new OrderReport.Rejected(order.clientOrderId(), "Account has insufficient balance for requested action ("
        + asset + ": " + needed + " needed, " + free + " free)",
        needed.compareTo(balance) <= 0 ? RejectionKind.BALANCE_HELD : RejectionKind.OTHER);
  }

  private static BigDecimal priceOf(Order order, Venue.MarketPrice quote) {
    return order.limitPrice() != null ? order.limitPrice()
        : quote == null ? null : order.side() == Side.BUY ? quote.ask() : quote.bid();
  }

  /** The instrument rule the order breaks, or null. */
  private String ruleBroken(Order order, Venue.MarketPrice quote) {
    if (order.type() == io.dorado.protocol.order.OrderType.OCO) {
      return "the paper venue has no native OCO (its capabilities say oco=false): rest the stop and the target apart";
    }
    Instrument instrument = instruments.get(order.symbol());
    if (instrument == null || order.isCombo()) return null;
    InstrumentRules r = instrument.rules();
    BigDecimal price = priceOf(order, quote);
    if (r.tickSize() != null && r.tickSize().signum() > 0) {
      for (BigDecimal p : new BigDecimal[] {order.limitPrice(), order.stopPrice()}) {
        if (p != null && p.remainder(r.tickSize()).signum() != 0) return "Filter failure: PRICE_FILTER (tick " + r.tickSize() + ")";
      }
    }
    if (r.lotSize() != null && r.lotSize().signum() > 0 && order.quantity().remainder(r.lotSize()).signum() != 0) {
      return "Filter failure: LOT_SIZE (step " + r.lotSize() + ")";
    }
    if (r.minQuantity() != null && order.quantity().compareTo(r.minQuantity()) < 0) {
      return "Filter failure: LOT_SIZE (minimum " + r.minQuantity() + ")";
    }
    if (r.minNotional() != null && price != null && order.quantity().multiply(price).compareTo(r.minNotional()) < 0) {
      return "Filter failure: NOTIONAL (minimum " + r.minNotional() + ")";
    }
    return null;
  }

  /** What the live orders hold of {@code asset}: a resting buy its limit notional, a resting sell its quantity. */
  private BigDecimal reserved(String asset) {
    BigDecimal held = BigDecimal.ZERO;
    for (var ids : liveBySymbol.values()) {
      for (ClientOrderId id : ids) {
        PaperOrder o = book.get(id);
        Instrument i = instruments.get(o.order().symbol());
        if (i == null || o.order().isCombo()) continue;
        if (o.order().side() == Side.BUY && asset.equals(i.quoteAsset()) && o.order().limitPrice() != null) {
          held = held.add(o.remaining().multiply(o.order().limitPrice()));
        } else if (o.order().side() == Side.SELL && asset.equals(i.baseAsset())) {
          held = held.add(o.remaining());
        }
      }
    }
    return held;
  }

  /** Logs an execution and, with balances configured, books it. */
  private void executed(PaperOrder order, Fill fill) {
    ClientOrderId id = order.clientOrderId();
    boolean ours = !external.contains(id);
    executionLog.addLast(new VenueExecution(fill.fillId(), order.venueOrderId(), ours ? id : null, fill.symbol(),
        fill.side(), fill.quantity(), fill.price(), fill.commission(), fill.at()));
    executionsLogged++;
    while (executionLog.size() > EXECUTION_LOG) executionLog.pollFirst();
    countPosition(order, fill);
    Instrument i = instruments.get(order.order().symbol());
    if (balances == null || i == null || order.order().isCombo()) return;
    BigDecimal notional = fill.quantity().multiply(fill.price());
    boolean buy = fill.side() == Side.BUY;
    balances.merge(i.baseAsset(), buy ? fill.quantity() : fill.quantity().negate(), BigDecimal::add);
    balances.merge(i.quoteAsset(), (buy ? notional.negate() : notional).subtract(fill.commission()), BigDecimal::add);
  }

  private VenueOrderView viewOf(PaperOrder o) {
    boolean ours = !external.contains(o.clientOrderId());
    Order order = o.order();
    return new VenueOrderView(o.venueOrderId(), ours ? o.clientOrderId() : null,
        ours ? o.clientOrderId().value() : "web_" + o.clientOrderId().sequence(), order.symbol(), order.side(),
        order.type(), order.quantity(), order.limitPrice(), order.stopPrice(), o.filledQuantity(), o.status(),
        createdAt.getOrDefault(o.clientOrderId(), clock.instant()));
  }

  /** How many orders the book remembers (live, and settled within the retention). */
  public synchronized int remembered() {
    return book.size();
  }

  private static OrderReport.Status unknown(ClientOrderId id) {
    return new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), "the paper venue never received it");
  }
}
