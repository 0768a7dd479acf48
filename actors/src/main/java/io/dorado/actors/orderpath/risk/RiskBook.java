package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * Everything the guardian remembers, as one immutable value the RiskGuardian actor keeps as its
 * state: trading state, the ledger, the rate limiter, acknowledged orders (for idempotency and
 * duplicates), working orders still committing cash, unconsumed review approvals per bot, and the
 * stop of each bot's open position (for portfolio heat). Each fold method is what the actor's event
 * handler calls for the matching event; none of them decides anything (that is {@link RiskEngine}).
 *
 * @param acknowledged every acknowledged order by client order id, until it is settled and forgotten
 * @param working acknowledged orders not yet completely filled, cancelled or rejected
 * @param approvals by bot id: the bot's last approved review, less what its orders have used
 * @param stops by {@link Ledger#botKey}: the stop protecting that bot's open position
 */
public record RiskBook(
    TradingState tradingState,
    boolean killSwitch,
    String stateReason,
    Ledger ledger,
    TokenBucket rateLimiter,
    Map<String, Order> acknowledged,
    Map<String, Working> working,
    Map<String, Approval> approvals,
    Map<String, BigDecimal> stops)
    implements CborSerializable {

  /** An acknowledged order's open remainder, valued at {@code price}, protected by {@code stop} (or null). */
  public record Working(Order order, BigDecimal remaining, BigDecimal price, BigDecimal stop) implements CborSerializable {
    /** Notional that adds exposure: zero for reduce-only orders; a combo's max loss for what is left of it. */
    public BigDecimal exposure() {
      if (order.reduceOnly()) return BigDecimal.ZERO;
      if (order.isCombo()) {
        return io.dorado.protocol.order.DefinedRisk.maxLoss(order).orElse(BigDecimal.ZERO).multiply(remaining)
            .divide(order.fillQuantity(), java.math.MathContext.DECIMAL64);
      }
      return remaining.multiply(price);
    }

    /** Loss if the remainder fills and the stop is hit (the whole notional without a stop; a combo's max loss). */
    public BigDecimal openRisk() {
      if (order.reduceOnly()) return BigDecimal.ZERO;
      if (order.isCombo()) return exposure();
      return stop == null ? exposure() : remaining.multiply(price.subtract(stop).abs());
    }
  }

  /**
   * A review the guardian approved: what the bot may still order under it; {@code regimeMultiplier}: the regime sizing
   * its quantity already carries (null: none, or approved before it was recorded).
   */
  public record Approval(
      String reviewId, String symbol, Side side, BigDecimal remaining, BigDecimal price, BigDecimal stop, Instant at,
      BigDecimal regimeMultiplier)
      implements CborSerializable {
    public Approval(String reviewId, String symbol, Side side, BigDecimal remaining, BigDecimal price, BigDecimal stop,
        Instant at) {
      this(reviewId, symbol, side, remaining, price, stop, at, null);
    }
  }

  public RiskBook {
    if (tradingState == null) throw new IllegalArgumentException("trading_state is required");
    if (ledger == null) throw new IllegalArgumentException("ledger is required");
    if (rateLimiter == null) throw new IllegalArgumentException("rate_limiter is required");
    stateReason = stateReason == null ? "" : stateReason;
    // Every acknowledged order ever (the dedupe key) only grows: a persistent map shares it with the book
    // before, instead of each acknowledgement copying it whole (twice: decided, then written).
    acknowledged = acknowledged instanceof PMap<String, Order> p ? p : HashTreePMap.from(acknowledged);
    // The others change an entry or two per order or fill: persistent too, shared instead of copied whole per event.
    working = Persistent.map(working);
    approvals = Persistent.map(approvals);
    stops = Persistent.map(stops);
  }

  /** A fresh book: ACTIVE, {@code cash} in the ledger, a full rate-limit bucket. */
  public static RiskBook open(RiskPolicy policy, BigDecimal cash, Instant at) {
    var rate = policy.orders().rateLimit();
    return new RiskBook(TradingState.ACTIVE, false, "opened", Ledger.open(cash, at),
        TokenBucket.full(rate.ordersPerSecond(), rate.burst(), at), Map.of(), Map.of(), Map.of(), Map.of());
  }

  // ---- folds ------------------------------------------------------------------------------------

  /** A trading-state change (a breaker's implied state, or an operator's). Does not touch the kill switch. */
  public RiskBook withTradingState(TradingState state, String reason) {
    return new RiskBook(state, killSwitch && state == TradingState.HALTED, reason, ledger, rateLimiter, acknowledged,
        working, approvals, stops);
  }

  /** Kill switch: HALTED until {@link #resumed}. */
  public RiskBook killSwitchEngaged(String reason) {
    return new RiskBook(TradingState.HALTED, true, reason, ledger, rateLimiter, acknowledged, working, approvals, stops);
  }

  /** An operator resumes trading: ACTIVE, kill switch released. */
  public RiskBook resumed(String reason) {
    return new RiskBook(TradingState.ACTIVE, false, reason, ledger, rateLimiter, acknowledged, working, approvals, stops);
  }

  /** A review approved {@code quantity} for the proposal's bot; it replaces the bot's earlier approval. */
  public RiskBook approved(TradeProposal p, BigDecimal quantity) {
    return approved(p, quantity, null);
  }

  /** As {@link #approved(TradeProposal, BigDecimal)}, the quantity sized by the regime's {@code regimeMultiplier}. */
  public RiskBook approved(TradeProposal p, BigDecimal quantity, BigDecimal regimeMultiplier) {
    var a = ((PMap<String, Approval>) approvals).plus(p.botId(), new Approval(p.reviewId(), p.symbol(), p.side(),
        quantity, p.referencePrice(), p.stop(), p.at(), regimeMultiplier));
    return new RiskBook(tradingState, killSwitch, stateReason, ledger, rateLimiter, acknowledged, working, a, stops);
  }

  /**
   * An order was acknowledged at {@code at}: it takes a rate-limit token, commits cash while it
   * works, and (if it adds exposure) uses its bot's approval, whose stop then protects the position.
   * Acknowledging the same client order id again changes nothing.
   */
  public RiskBook acknowledged(Order order, Instant at) {
    String id = order.clientOrderId().value();
    if (acknowledged.containsKey(id)) return this;
    PMap<String, Order> acks = ((PMap<String, Order>) acknowledged).plus(id, order);
    BigDecimal price = RiskEngine.orderPrice(order, ledger);
    if (price == null) price = BigDecimal.ZERO;
    BigDecimal stop = null;
    var a = (PMap<String, Approval>) approvals;
    var s = (PMap<String, BigDecimal>) stops;
    Approval approval = approvals.get(order.botId());
    if (!order.reduceOnly() && approval != null && approval.symbol().equals(order.symbol())
        && approval.side() == order.side()) {
      stop = approval.stop();
      BigDecimal left = approval.remaining().subtract(order.quantity());
      if (left.signum() <= 0) a = a.minus(order.botId());
      else a = a.plus(order.botId(), new Approval(approval.reviewId(), approval.symbol(), approval.side(), left,
          approval.price(), approval.stop(), approval.at(), approval.regimeMultiplier()));
      if (stop != null) s = s.plus(Ledger.botKey(order.botId(), order.symbol()), stop);
    }
    var w = ((PMap<String, Working>) working).plus(id, new Working(order, order.fillQuantity(), price, stop)); // a combo: every leg's units
    TokenBucket bucket = rateLimiter.canTake(at) ? rateLimiter.take(at) : rateLimiter.refill(at);
    return new RiskBook(tradingState, killSwitch, stateReason, ledger, bucket, acks, w, a, s);
  }

  /** A fill: into the ledger, off its working order. A fill id seen before changes nothing. */
  public RiskBook filled(Fill fill) {
    if (ledger.hasFill(fill)) return this;
    Ledger l = ledger.apply(fill);
    var w = (PMap<String, Working>) working;
    String id = fill.clientOrderId().value();
    Working wo = w.get(id);
    if (wo != null) {
      BigDecimal left = wo.remaining().subtract(fill.quantity());
      if (left.signum() <= 0) w = w.minus(id);
      else w = w.plus(id, new Working(wo.order(), left, wo.price(), wo.stop()));
    }
    var s = (PMap<String, BigDecimal>) stops;
    if (l.botPosition(fill.clientOrderId().botId(), fill.symbol()).isFlat()) {
      s = s.minus(Ledger.botKey(fill.clientOrderId().botId(), fill.symbol()));
    }
    return new RiskBook(tradingState, killSwitch, stateReason, l, rateLimiter, acknowledged, w, approvals, s);
  }

  /** The order is done at the venue (cancelled, rejected, expired): it no longer commits anything. */
  public RiskBook orderClosed(ClientOrderId id) {
    if (!working.containsKey(id.value())) return this;
    var w = ((PMap<String, Working>) working).minus(id.value());
    return new RiskBook(tradingState, killSwitch, stateReason, ledger, rateLimiter, acknowledged, w, approvals, stops);
  }

  /** The book without these settled orders (forgotten: see {@code GuardianEvent.SettledForgotten}). */
  public RiskBook forgetting(Collection<String> ids) {
    return new RiskBook(tradingState, killSwitch, stateReason, ledger.forgetting(ids), rateLimiter,
        ((PMap<String, Order>) acknowledged).minusAll(ids), working, approvals, stops);
  }

  /** A market price. */
  public RiskBook marked(String symbol, BigDecimal price, Instant at) {
    return withLedger(ledger.mark(symbol, price, at));
  }

  /** Prices marked together ({@link Ledger#mark(Map, Instant)}). */
  public RiskBook marked(Map<String, BigDecimal> prices, Instant at) {
    return withLedger(ledger.mark(prices, at));
  }

  public RiskBook withLedger(Ledger l) {
    return new RiskBook(tradingState, killSwitch, stateReason, l, rateLimiter, acknowledged, working, approvals, stops);
  }
}
