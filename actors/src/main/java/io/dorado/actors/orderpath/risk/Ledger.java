package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;
import org.pcollections.PSortedMap;

/**
 * The guardian's books, in exact decimals: cash, positions (by symbol, and by bot and symbol), last
 * prices, realized P&amp;L, peak equity, the equity at the start of the UTC day and ISO week, the run
 * of losing round trips and when each symbol was last exited. Immutable: {@link #apply(Fill)} and
 * {@link #mark} return the next ledger, so an event-sourced actor folds its events into it.
 *
 * <p>Equity = cash + Σ quantity × mark, where the mark is the last price (the average price when
 * none is known). Buying spends cash, selling (also short) adds it, commissions reduce it. Fills are
 * deduplicated by fill id within their order. Each fill or price rolls the day and week first, at its own time.
 *
 * @param tripStartRealized per symbol with an open round trip: the symbol's realized P&amp;L before it opened
 * @param lastExits per symbol: when its position last went flat (or flipped)
 * @param markTimes per symbol: when its last price was marked (the guardian's clock at the mark); absent from ledgers
 *     written before it, and for a price only a fill gave: its age is unknown, so the staleness rule treats it as stale
 */
public record Ledger(
    BigDecimal cash,
    Map<String, Position> positions,
    Map<String, Position> botPositions,
    Map<String, BigDecimal> lastPrices,
    BigDecimal realizedPnl,
    BigDecimal peakEquity,
    LocalDate day,
    BigDecimal dayStartEquity,
    LocalDate week,
    BigDecimal weekStartEquity,
    int consecutiveLosses,
    Map<String, BigDecimal> tripStartRealized,
    Map<String, Instant> lastExits,
    Map<String, Set<String>> fillsByOrder,
    Map<String, Instant> markTimes)
    implements CborSerializable {

  private static final MathContext PCT = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public Ledger {
    // Persistent maps (see Persistent): a fill or a mark changes one entry of each and shares the rest with the ledger
    // before, instead of copying the positions of every bot per event. Sorted by bot and symbol: a bot's are a range.
    positions = Persistent.map(positions);
    botPositions = Persistent.sorted(botPositions);
    lastPrices = Persistent.map(lastPrices);
    tripStartRealized = Persistent.map(tripStartRealized);
    lastExits = Persistent.map(lastExits);
    // The fill ids of every order not yet forgotten (the dedupe key), by client order id, so a forgotten order's
    // go with it. Persistent maps and sets share it with the ledger before, instead of each fill copying it
    // whole (the guardian's cost per fill grew with the fills of its lifetime).
    fillsByOrder = persistent(fillsByOrder);
    markTimes = Persistent.map(markTimes); // absent from older snapshots: unknown age
  }

  /** A ledger holding only {@code cash}, opened at {@code at}: the peak, day and week start at the cash. */
  public static Ledger open(BigDecimal cash, Instant at) {
    LocalDate d = utcDate(at);
    return new Ledger(cash, Map.of(), Map.of(), Map.of(), BigDecimal.ZERO, cash, d, cash, weekOf(d), cash, 0,
        Map.of(), Map.of(), Map.of(), Map.of());
  }

  private static PMap<String, Set<String>> persistent(Map<String, Set<String>> byOrder) {
    if (byOrder == null) return HashTreePMap.empty(); // older snapshots held a flat set of fill ids
    if (byOrder instanceof PMap<String, Set<String>> p) return p; // built by apply: its sets are persistent too
    PMap<String, Set<String>> m = HashTreePMap.empty();
    for (var e : byOrder.entrySet()) m = m.plus(e.getKey(), HashTreePSet.from(e.getValue()));
    return m;
  }

  public static String botKey(String botId, String symbol) {
    return botId + "/" + symbol;
  }

  // ---- folds ------------------------------------------------------------------------------------

  /** The ledger after a fill; a fill id seen before changes nothing. */
  public Ledger apply(Fill fill) {
    if (hasFill(fill)) return this;
    Ledger l = rollTo(fill.at());
    String symbol = fill.symbol();
    Position before = l.position(symbol);
    Position after = before.apply(fill);
    BigDecimal newCash = l.cash.subtract(fill.signedQuantity().multiply(fill.price())).subtract(fill.commission());
    BigDecimal newRealized = l.realizedPnl.add(after.realizedPnl().subtract(before.realizedPnl()));

    var pos = ((PMap<String, Position>) l.positions).plus(symbol, after);
    String key = botKey(fill.clientOrderId().botId(), symbol);
    var bots = ((PMap<String, Position>) l.botPositions).plus(key,
        l.botPositions.getOrDefault(key, Position.flat(symbol)).apply(fill));
    var prices = l.lastPrices.containsKey(symbol) ? l.lastPrices
        : ((PMap<String, BigDecimal>) l.lastPrices).plus(symbol, fill.price());
    var trips = (PMap<String, BigDecimal>) l.tripStartRealized;
    var exits = (PMap<String, Instant>) l.lastExits;
    int losses = l.consecutiveLosses;

    int s0 = before.quantity().signum();
    int s1 = after.quantity().signum();
    if (s0 == 0 && s1 != 0) {
      trips = trips.plus(symbol, before.realizedPnl()); // the opening commission belongs to the trip
    } else if (s0 != 0 && s1 != s0) { // closed (flat) or flipped: a round trip ended
      BigDecimal tripPnl = after.realizedPnl().subtract(trips.getOrDefault(symbol, BigDecimal.ZERO));
      losses = tripPnl.signum() < 0 ? losses + 1 : 0;
      exits = exits.plus(symbol, fill.at());
      if (s1 == 0) trips = trips.minus(symbol);
      else trips = trips.plus(symbol, after.realizedPnl()); // the flipped remainder opens a new trip
    }
    String order = fill.clientOrderId().value();
    PSet<String> ofOrder = (PSet<String>) l.fillsByOrder.getOrDefault(order, HashTreePSet.empty());
    var ids = ((PMap<String, Set<String>>) l.fillsByOrder).plus(order, ofOrder.plus(fill.fillId()));
    Ledger next = new Ledger(newCash, pos, bots, prices, newRealized, l.peakEquity, l.day, l.dayStartEquity, l.week,
        l.weekStartEquity, losses, trips, exits, ids, l.markTimes);
    return next.withPeak();
  }

  /** The ledger after a market price for {@code symbol} at {@code at}. */
  public Ledger mark(String symbol, BigDecimal price, Instant at) {
    if (price == null || price.signum() <= 0) throw new IllegalArgumentException("price must be > 0, was " + price);
    Ledger l = rollTo(at);
    var prices = ((PMap<String, BigDecimal>) l.lastPrices).plus(symbol, price);
    var times = ((PMap<String, Instant>) l.markTimes).plus(symbol, at);
    return new Ledger(l.cash, l.positions, l.botPositions, prices, l.realizedPnl, l.peakEquity, l.day,
        l.dayStartEquity, l.week, l.weekStartEquity, l.consecutiveLosses, l.tripStartRealized, l.lastExits, l.fillsByOrder,
        times).withPeak();
  }

  /**
   * The ledger after market prices all marked at {@code at} together: the peak is the equity after all of them (marking
   * them one by one would take the equity between two legs of one structure for a peak).
   */
  public Ledger mark(Map<String, BigDecimal> marks, Instant at) {
    Ledger l = rollTo(at);
    var prices = (PMap<String, BigDecimal>) l.lastPrices;
    var times = (PMap<String, Instant>) l.markTimes;
    for (var m : marks.entrySet()) {
      BigDecimal price = m.getValue();
      if (price == null || price.signum() <= 0) throw new IllegalArgumentException("price must be > 0, was " + price);
      prices = prices.plus(m.getKey(), price);
      times = times.plus(m.getKey(), at);
    }
    return new Ledger(l.cash, l.positions, l.botPositions, prices, l.realizedPnl, l.peakEquity, l.day,
        l.dayStartEquity, l.week, l.weekStartEquity, l.consecutiveLosses, l.tripStartRealized, l.lastExits, l.fillsByOrder,
        times).withPeak();
  }

  /**
   * Rolls to the UTC day and ISO week (Monday) of {@code at}: a new day or week starts at the current
   * equity. An earlier time changes nothing.
   */
  public Ledger rollTo(Instant at) {
    LocalDate d = utcDate(at);
    boolean newDay = d.isAfter(day);
    boolean newWeek = weekOf(d).isAfter(week);
    if (!newDay && !newWeek) return this;
    BigDecimal eq = equity();
    return new Ledger(cash, positions, botPositions, lastPrices, realizedPnl, peakEquity,
        newDay ? d : day, newDay ? eq : dayStartEquity, newWeek ? weekOf(d) : week, newWeek ? eq : weekStartEquity,
        consecutiveLosses, tripStartRealized, lastExits, fillsByOrder, markTimes);
  }

  /**
   * A session closed at {@code at} ({@code circuit_breakers.breaker_reset session_close}): the day's loss is measured
   * from the equity now, and the week's too when {@code weekEnd}; a UTC day or week that starts later rolls as ever.
   */
  public Ledger sessionRestarted(Instant at, boolean weekEnd) {
    Ledger l = rollTo(at);
    BigDecimal eq = l.equity();
    return new Ledger(l.cash, l.positions, l.botPositions, l.lastPrices, l.realizedPnl, l.peakEquity, l.day, eq, l.week,
        weekEnd ? eq : l.weekStartEquity, l.consecutiveLosses, l.tripStartRealized, l.lastExits, l.fillsByOrder,
        l.markTimes);
  }

  /** Deposits or withdrawals: cash moves; the peak, day and week starts move with it. */
  public Ledger transfer(BigDecimal amount) {
    return new Ledger(cash.add(amount), positions, botPositions, lastPrices, realizedPnl, peakEquity.add(amount), day,
        dayStartEquity.add(amount), week, weekStartEquity.add(amount), consecutiveLosses, tripStartRealized,
        lastExits, fillsByOrder, markTimes);
  }

  private Ledger withPeak() {
    BigDecimal eq = equity();
    if (eq.compareTo(peakEquity) <= 0) return this;
    return new Ledger(cash, positions, botPositions, lastPrices, realizedPnl, eq, day, dayStartEquity, week,
        weekStartEquity, consecutiveLosses, tripStartRealized, lastExits, fillsByOrder, markTimes);
  }

  // ---- queries ----------------------------------------------------------------------------------

  public boolean hasFill(Fill fill) {
    Set<String> ofOrder = fillsByOrder.get(fill.clientOrderId().value());
    return ofOrder != null && ofOrder.contains(fill.fillId());
  }

  /** The ledger without the fill ids of {@code orders} (forgotten: their fills are never counted again). */
  public Ledger forgetting(Collection<String> orders) {
    return new Ledger(cash, positions, botPositions, lastPrices, realizedPnl, peakEquity, day, dayStartEquity, week,
        weekStartEquity, consecutiveLosses, tripStartRealized, lastExits,
        ((PMap<String, Set<String>>) fillsByOrder).minusAll(orders), markTimes);
  }

  public Position position(String symbol) {
    return positions.getOrDefault(symbol, Position.flat(symbol));
  }

  /** The positions of {@code botId}, by {@link #botKey} (flat ones too). */
  public Map<String, Position> botPositionsOf(String botId) {
    return Persistent.withPrefix((PSortedMap<String, Position>) botPositions, botKey(botId, ""));
  }

  public Position botPosition(String botId, String symbol) {
    return botPositions.getOrDefault(botKey(botId, symbol), Position.flat(symbol));
  }

  /** The last known price, or null. */
  public BigDecimal lastPrice(String symbol) {
    return lastPrices.get(symbol);
  }

  /** When {@code symbol}'s last price was marked, or null (no mark, or a price only a fill or an older journal gave). */
  public Instant markTime(String symbol) {
    return markTimes.get(symbol);
  }

  /** The ledger with these mark times instead (an account opening at the prices other accounts know takes their times). */
  Ledger withMarkTimes(Map<String, Instant> times) {
    return new Ledger(cash, positions, botPositions, lastPrices, realizedPnl, peakEquity, day, dayStartEquity, week,
        weekStartEquity, consecutiveLosses, tripStartRealized, lastExits, fillsByOrder, Persistent.map(times));
  }

  /** The price a position in {@code symbol} is valued at: the last price, else its average price. */
  public BigDecimal markPrice(String symbol) {
    BigDecimal last = lastPrices.get(symbol);
    return last != null ? last : position(symbol).averagePrice();
  }

  /** When {@code symbol}'s position last went flat or flipped, or null. */
  public Instant lastExit(String symbol) {
    return lastExits.get(symbol);
  }

  /** Σ signed quantity × mark. */
  public BigDecimal marketValue() {
    BigDecimal v = BigDecimal.ZERO;
    for (Position p : positions.values()) {
      if (!p.isFlat()) v = v.add(p.quantity().multiply(markPrice(p.symbol())));
    }
    return v;
  }

  public BigDecimal equity() {
    return cash.add(marketValue());
  }

  public BigDecimal unrealizedPnl() {
    BigDecimal u = BigDecimal.ZERO;
    for (Position p : positions.values()) u = u.add(p.unrealizedPnl(markPrice(p.symbol())));
    return u;
  }

  /** Loss since the start of the UTC day, in % of that day's starting equity (0 when up). */
  public BigDecimal dailyLossPct() {
    return lossPct(dayStartEquity);
  }

  /** Loss since the start of the ISO week, in % of that week's starting equity (0 when up). */
  public BigDecimal weeklyLossPct() {
    return lossPct(weekStartEquity);
  }

  /** Drawdown from peak equity, in %. */
  public BigDecimal drawdownPct() {
    return lossPct(peakEquity);
  }

  private BigDecimal lossPct(BigDecimal from) {
    if (from.signum() <= 0) return equity().compareTo(from) < 0 ? HUNDRED : BigDecimal.ZERO;
    BigDecimal loss = from.subtract(equity());
    if (loss.signum() <= 0) return BigDecimal.ZERO;
    return loss.multiply(HUNDRED).divide(from, PCT);
  }

  static LocalDate utcDate(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }

  static LocalDate weekOf(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
