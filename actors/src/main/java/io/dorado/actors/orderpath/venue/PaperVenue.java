package io.dorado.actors.orderpath.venue;

import com.typesafe.config.Config;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.Match;
import io.dorado.actors.orderpath.venue.PaperMatchingEngine.PaperOrder;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * completely on arrival; DAY and GTC rest (no session calendar here).
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

  private record Settled(ClientOrderId id, Instant at) {}

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
    return new OrderReport.Accepted(order.clientOrderId(), paper.venueOrderId());
  }

  @Override
  public void onMarketPrice(Venue.MarketPrice price) {
    List<OrderReport> pushed = new ArrayList<>();
    synchronized (this) {
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
        pushed.add(new OrderReport.Filled(id, fill, cumulative, cumulative.compareTo(match.order().order().fillQuantity()) >= 0));
      }
      return;
    }
    Match match = engine.match(book.get(id), quote);
    put(match.order());
    if (match.fill().isPresent()) {
      Fill fill = match.fill().get();
      PaperOrder after = match.order();
      pushed.add(new OrderReport.Filled(id, fill, after.filledQuantity(), after.status() == OrderStatus.FILLED));
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
      var live = liveBySymbol.get(symbol);
      if (live != null && live.remove(id) && live.isEmpty()) liveBySymbol.remove(symbol);
      Instant now = clock.instant();
      settled.addLast(new Settled(id, now));
      forgetSettledBefore(now.minus(settledRetention));
    }
  }

  private void forgetSettledBefore(Instant cutoff) {
    while (!settled.isEmpty() && settled.peekFirst().at().isBefore(cutoff)) book.remove(settled.pollFirst().id());
  }

  /** A copy: matching changes the set. */
  private List<ClientOrderId> liveOf(String symbol) {
    var live = liveBySymbol.get(symbol);
    return live == null ? List.of() : List.copyOf(live);
  }

  /** How many orders the book remembers (live, and settled within the retention). */
  public synchronized int remembered() {
    return book.size();
  }

  private static OrderReport.Status unknown(ClientOrderId id) {
    return new OrderReport.Status(id, OrderStatus.UNKNOWN, BigDecimal.ZERO, List.of(), "the paper venue never received it");
  }
}
