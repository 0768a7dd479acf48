package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.TradingState;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One venue account in the guardian: its own {@link RiskBook} (trading state, ledger, working orders, approvals), the
 * breakers it tripped, and what its venue reported. An account is a venue's own ({@link #accountOf}: id = the venue id)
 * or that venue's paper account (id = venue + {@value #PAPER}), where paper twins trade, so a paper loss never trips a
 * live breaker and a paper position never blocks a live entry.
 *
 * <p>A venue that reports its account (a real venue) is reconciled: its cash comes from the venue's first snapshot,
 * orders and positions no bot owns are EXTERNAL (counted in heat and exposure as working notional, never managed), and
 * a periodic check beyond the tolerance puts the account on hold (REDUCING) until an operator acknowledges it.
 *
 * @param mode the venue's mode as its adapter reported it (paper, broker_paper, live); "paper" until it reports
 * @param snapshot the venue's last account snapshot (null: the venue reports no account, the ledger is ours)
 * @param hold why the account is REDUCING after a reconciliation mismatch (null: no hold)
 * @param lastCheck when the venue's account was last compared with the ledger
 * @param mismatch what the last check found apart (null: within the tolerance)
 * @param externalOrders the venue's working orders no bot owns, by venue order id
 * @param externalPositions per symbol, the venue's position beyond what the bots hold
 * @param externalExecutions ids of external executions already counted (the last {@value #SEEN_KEPT})
 * @param haltedBy the loss breaker whose breach wrote the account's HALTED state (null: no breaker's halt, or a halt
 *     written before the breaker was recorded: {@link SessionReset} then reads the state's reason)
 */
public record GuardianAccount(String id, String venue, String mode, RiskBook book, Map<Breaker, Instant> trippedSince,
    AccountSnapshot snapshot, String hold, Instant lastCheck, String mismatch, Map<String, VenueOrderView> externalOrders,
    Map<String, BigDecimal> externalPositions, List<String> externalExecutions, Breaker haltedBy)
    implements CborSerializable {

  public static final String PAPER = "/paper";
  /** The paper twin's bot id ends so ({@code ScanActor.PAPER_SUFFIX}): its orders go to the paper account. */
  public static final String PAPER_TWIN_SUFFIX = ".paper";
  static final int SEEN_KEPT = 1_000;

  public GuardianAccount {
    trippedSince = trippedSince == null ? Map.of() : Map.copyOf(trippedSince);
    externalOrders = externalOrders == null ? Map.of() : Map.copyOf(externalOrders);
    externalPositions = externalPositions == null ? Map.of() : Map.copyOf(externalPositions);
    externalExecutions = externalExecutions == null ? List.of() : List.copyOf(externalExecutions);
    mode = mode == null ? "paper" : mode;
  }

  public GuardianAccount(String id, String venue, String mode, RiskBook book, Map<Breaker, Instant> trippedSince,
      AccountSnapshot snapshot, String hold, Instant lastCheck, String mismatch, Map<String, VenueOrderView> externalOrders,
      Map<String, BigDecimal> externalPositions, List<String> externalExecutions) {
    this(id, venue, mode, book, trippedSince, snapshot, hold, lastCheck, mismatch, externalOrders, externalPositions,
        externalExecutions, null);
  }

  /**
   * The account an order of {@code botId} at {@code venue} trades in: the venue's paper account for a paper twin,
   * else the venue's own. A paper venue is an account of its own (its id is no live venue's).
   */
  public static String accountOf(String venue, String botId) {
    return botId != null && botId.endsWith(PAPER_TWIN_SUFFIX) ? venue + PAPER : venue;
  }

  public static String venueOf(String accountId) {
    return accountId.endsWith(PAPER) ? accountId.substring(0, accountId.length() - PAPER.length()) : accountId;
  }

  /** A fresh account: {@code book} opened with the configured cash. */
  public static GuardianAccount open(String id, RiskBook book) {
    return new GuardianAccount(id, venueOf(id), id.endsWith(PAPER) ? "paper" : null, book, Map.of(), null, null, null,
        null, Map.of(), Map.of(), List.of());
  }

  public boolean reconciled() {
    return snapshot != null;
  }

  public GuardianAccount withBook(RiskBook b) {
    return new GuardianAccount(id, venue, mode, b, trippedSince, snapshot, hold, lastCheck, mismatch, externalOrders,
        externalPositions, externalExecutions, haltedBy);
  }

  /** The breaker whose halt the account's state is from now on (null: none). */
  public GuardianAccount withHaltedBy(Breaker breaker) {
    return java.util.Objects.equals(breaker, haltedBy) ? this : new GuardianAccount(id, venue, mode, book, trippedSince,
        snapshot, hold, lastCheck, mismatch, externalOrders, externalPositions, externalExecutions, breaker);
  }

  public GuardianAccount withTripped(Map<Breaker, Instant> since) {
    return new GuardianAccount(id, venue, mode, book, since, snapshot, hold, lastCheck, mismatch, externalOrders,
        externalPositions, externalExecutions, haltedBy);
  }

  /** The venue's first snapshot: its cash replaces the ledger's (the peak and day start move with it). */
  GuardianAccount opened(String venueMode, AccountSnapshot s, Map<String, BigDecimal> external, Instant at) {
    RiskBook b = book.withLedger(book.ledger().transfer(s.cash().subtract(book.ledger().cash())));
    return new GuardianAccount(id, venue, venueMode, b, trippedSince, s, hold, at, null, externalOrders, external,
        externalExecutions, haltedBy);
  }

  GuardianAccount externalSeen(List<VenueOrderView> orders) {
    var byId = new HashMap<String, VenueOrderView>();
    for (VenueOrderView o : orders) byId.put(o.venueOrderId(), o);
    return new GuardianAccount(id, venue, mode, book, trippedSince, snapshot, hold, lastCheck, mismatch, byId,
        externalPositions, externalExecutions, haltedBy);
  }

  /** External executions: cash moves as a fill's would, the external position by the signed quantity. */
  GuardianAccount externalExecuted(List<VenueExecution> executions) {
    var seen = new LinkedHashSet<>(externalExecutions);
    var positions = new HashMap<>(externalPositions);
    BigDecimal cash = BigDecimal.ZERO;
    for (VenueExecution e : executions) {
      if (!seen.add(e.executionId())) continue;
      BigDecimal signed = e.side() == Side.BUY ? e.quantity() : e.quantity().negate();
      positions.merge(e.symbol(), signed, BigDecimal::add);
      if (positions.get(e.symbol()).signum() == 0) positions.remove(e.symbol());
      cash = cash.subtract(signed.multiply(e.price())).subtract(e.commission());
    }
    var kept = new ArrayList<>(seen);
    if (kept.size() > SEEN_KEPT) kept = new ArrayList<>(kept.subList(kept.size() - SEEN_KEPT, kept.size()));
    RiskBook b = book.withLedger(book.ledger().transfer(cash));
    return new GuardianAccount(id, venue, mode, b, trippedSince, snapshot, hold, lastCheck, mismatch, externalOrders,
        positions, kept, haltedBy);
  }

  /** A check: a mismatch holds the account (the first reason stays until acknowledged). */
  GuardianAccount checked(String found, AccountSnapshot s, Instant at) {
    String h = hold != null ? hold : found == null ? null : "reconciliation mismatch at " + at + ": " + found;
    return new GuardianAccount(id, venue, mode, book, trippedSince, s, h, at, found, externalOrders, externalPositions,
        externalExecutions, haltedBy);
  }

  /** Acknowledged: the ledger takes the venue's last cash, what the bots do not hold is EXTERNAL, the hold goes. */
  GuardianAccount acknowledged() {
    if (snapshot == null) return new GuardianAccount(id, venue, mode, book, trippedSince, snapshot, null, lastCheck, null,
        externalOrders, externalPositions, externalExecutions, haltedBy);
    RiskBook b = book.withLedger(book.ledger().transfer(snapshot.cash().subtract(book.ledger().cash())));
    return new GuardianAccount(id, venue, mode, b, trippedSince, snapshot, null, lastCheck, null, externalOrders,
        externalBeyondBots(snapshot, b.ledger()), externalExecutions, haltedBy);
  }

  /** Per symbol, the venue's position less the ledger's (what the bots hold): the part no bot owns. */
  static Map<String, BigDecimal> externalBeyondBots(AccountSnapshot s, Ledger ledger) {
    var out = new HashMap<String, BigDecimal>();
    for (var p : s.positions()) {
      BigDecimal beyond = p.quantity().subtract(ledger.position(p.symbol()).quantity());
      if (beyond.signum() != 0) out.put(p.symbol(), beyond);
    }
    return out;
  }

  /** The trading state in force: the book's, at least REDUCING while held. */
  public TradingState tradingState() {
    return hold != null && book.tradingState() == TradingState.ACTIVE ? TradingState.REDUCING : book.tradingState();
  }

  /**
   * The book the engine decides on: held, REDUCING with the hold's reason; EXTERNAL orders and positions as working
   * notional (no stop), so they count in heat, concentration and committed cash, and block contradicting entries.
   */
  public RiskBook effectiveBook() {
    RiskBook b = book;
    if (hold != null && b.tradingState() == TradingState.ACTIVE) b = b.withTradingState(TradingState.REDUCING, hold);
    if (externalOrders.isEmpty() && externalPositions.isEmpty()) return b;
    var working = (org.pcollections.PMap<String, RiskBook.Working>) b.working(); // shared, not copied (Persistent)
    long seq = 1;
    for (VenueOrderView o : externalOrders.values()) {
      BigDecimal left = o.quantity().subtract(o.filledQuantity());
      if (left.signum() <= 0) continue;
      BigDecimal price = o.limitPrice() != null ? o.limitPrice() : o.stopPrice() != null ? o.stopPrice()
          : b.ledger().markPrice(o.symbol());
      working = working.plus("external/" + o.venueOrderId(), new RiskBook.Working(synthetic(seq++, o.symbol(), o.side(), left),
          left, price == null ? BigDecimal.ZERO : price, null));
    }
    for (var p : externalPositions.entrySet()) {
      BigDecimal qty = p.getValue().abs();
      BigDecimal mark = b.ledger().markPrice(p.getKey());
      Side side = p.getValue().signum() > 0 ? Side.BUY : Side.SELL;
      working = working.plus("external-position/" + p.getKey(), new RiskBook.Working(synthetic(seq++, p.getKey(), side, qty), qty,
          mark == null ? BigDecimal.ZERO : mark, null));
    }
    return new RiskBook(b.tradingState(), b.killSwitch(), b.stateReason(), b.ledger(), b.rateLimiter(), b.acknowledged(),
        working, b.approvals(), b.stops());
  }

  private Order synthetic(long seq, String symbol, Side side, BigDecimal qty) {
    return new Order(io.dorado.protocol.order.ClientOrderId.of("EXTERNAL", seq), venue, symbol, side, OrderType.MARKET,
        qty, null, null, TimeInForce.GTC, false);
  }

  Set<String> symbolsHeld() {
    var out = new java.util.TreeSet<String>();
    book.ledger().positions().forEach((s, p) -> { if (!p.isFlat()) out.add(s); });
    out.addAll(externalPositions.keySet());
    return out;
  }
}
