package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The guardian's state: the {@link RiskBook} the engine decides on, the signed acknowledgement of
 * every order not closed unfilled (so a repeated request is answered with the very same one), and the
 * allocator's budgets. {@link #apply} is the whole event handler: a pure fold.
 *
 * <p>Bounded by the retention period, not by the account's life: {@link GuardianEvent.SettledForgotten}
 * drops every order no longer working and last active (acknowledged, filled, closed) before its cutoff
 * (its acknowledgement, fills' ids and denial) and keeps, per bot, only the highest sequence forgotten. Client order ids grow per bot, so
 * "at or below that sequence and unknown" identifies a forgotten order, which is never acknowledged again:
 * forgetting cannot let an order be sent twice.
 *
 * @param denied the denial of every client order id refused at acknowledgement: final, because the bot
 *     abandons a denied order (a late duplicate request must not send it after all)
 * @param trippedSince every circuit breaker tripped at the last measure, with when it tripped
 * @param lastActiveAt when each order the book still knows was last acknowledged, filled or closed, and when
 *     each denied id was denied: it is forgotten a retention period after that, not after its acknowledgement
 *     (a GTC order may rest for days)
 * @param forgottenThrough per bot, the highest sequence of its orders forgotten so far
 * @param throttles each bot's requests, round trips and pause, for the {@link ExecutionThrottle}
 */
public record GuardianState(RiskBook book, Map<String, AcknowledgedOrder> signed, Map<String, BigDecimal> budgets,
    long acknowledgedCount, Map<String, RiskDenial> denied, Map<Breaker, Instant> trippedSince,
    Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough, BotThrottles throttles)
    implements CborSerializable {

  public GuardianState {
    // Acknowledgements leave only when their order closes without a fill; a filled one stays, because a bot
    // that missed its fill asks again and must get the same acknowledgement (the venue then answers FILLED).
    // So this only grows: a persistent map, shared with the state before instead of copied whole per order.
    signed = signed instanceof PMap<String, AcknowledgedOrder> p ? p : HashTreePMap.from(signed);
    budgets = Map.copyOf(budgets);
    denied = denied == null ? Map.of() : Map.copyOf(denied);
    trippedSince = trippedSince == null ? Map.of() : Map.copyOf(trippedSince); // absent from older snapshots
    // Absent from older snapshots: their orders have no time, so they are never forgotten.
    lastActiveAt = lastActiveAt instanceof PMap<String, Instant> p ? p
        : lastActiveAt == null ? HashTreePMap.empty() : HashTreePMap.from(lastActiveAt);
    forgottenThrough = forgottenThrough == null ? Map.of() : Map.copyOf(forgottenThrough);
    throttles = throttles == null ? BotThrottles.EMPTY : throttles; // absent from older snapshots
  }

  /** The folds below build the rest; {@link #apply} then folds the throttles. */
  private GuardianState(RiskBook book, Map<String, AcknowledgedOrder> signed, Map<String, BigDecimal> budgets,
      long acknowledgedCount, Map<String, RiskDenial> denied, Map<Breaker, Instant> trippedSince,
      Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough) {
    this(book, signed, budgets, acknowledgedCount, denied, trippedSince, lastActiveAt, forgottenThrough, null);
  }

  private GuardianState(RiskBook book, Map<String, AcknowledgedOrder> signed, Map<String, BigDecimal> budgets,
      long acknowledgedCount, Map<String, RiskDenial> denied, Map<Breaker, Instant> trippedSince, GuardianState was) {
    this(book, signed, budgets, acknowledgedCount, denied, trippedSince, was.lastActiveAt, was.forgottenThrough);
  }

  public static GuardianState open(RiskPolicy policy, BigDecimal cash, Instant at) {
    return new GuardianState(RiskBook.open(policy, cash, at), Map.of(), Map.of(), 0, Map.of(), Map.of(), Map.of(),
        Map.of());
  }

  public GuardianState apply(GuardianEvent event) {
    GuardianState next = applyToBook(event);
    BotThrottles t = throttles.apply(event, this, next);
    return new GuardianState(next.book, next.signed, next.budgets, next.acknowledgedCount, next.denied,
        next.trippedSince, next.lastActiveAt, next.forgottenThrough, t);
  }

  private GuardianState applyToBook(GuardianEvent event) {
    if (event instanceof GuardianEvent.ReviewApproved e) {
      return withBook(book.approved(e.proposal(), e.quantity()));
    }
    if (event instanceof GuardianEvent.OrdersAcknowledged e) {
      RiskBook b = book;
      PMap<String, AcknowledgedOrder> s = (PMap<String, AcknowledgedOrder>) signed;
      PMap<String, Instant> times = (PMap<String, Instant>) lastActiveAt;
      for (AcknowledgedOrder ack : e.acks()) {
        b = b.acknowledged(ack.order(), e.at());
        s = s.plus(ack.clientOrderId().value(), ack);
        times = times.plus(ack.clientOrderId().value(), e.at());
      }
      return new GuardianState(b, s, budgets, acknowledgedCount + e.acks().size(), denied, trippedSince, times,
          forgottenThrough);
    }
    if (event instanceof GuardianEvent.FillRecorded e) {
      return new GuardianState(book.filled(e.fill()), signed, budgets, acknowledgedCount, denied, trippedSince,
          active(e.fill().clientOrderId(), e.at()), forgottenThrough);
    }
    if (event instanceof GuardianEvent.OrderClosed e) {
      var s = ((PMap<String, AcknowledgedOrder>) signed).minus(e.clientOrderId().value());
      return new GuardianState(book.orderClosed(e.clientOrderId()), s, budgets, acknowledgedCount, denied, trippedSince,
          active(e.clientOrderId(), e.at()), forgottenThrough);
    }
    if (event instanceof GuardianEvent.PricesMarked e) {
      RiskBook b = book;
      for (var price : e.prices().entrySet()) b = b.marked(price.getKey(), price.getValue(), e.at());
      return withBook(b);
    }
    if (event instanceof GuardianEvent.BudgetsSet e) {
      return new GuardianState(book, signed, e.budgets(), acknowledgedCount, denied, trippedSince, this);
    }
    if (event instanceof GuardianEvent.OrderDenied e && !signed.containsKey(e.clientOrderId().value())) {
      var d = new HashMap<>(denied);
      d.putIfAbsent(e.clientOrderId().value(), e.denial());
      // A denial is final, like a settled order: it is forgotten a retention period later (times of an id the
      // book knows, an order closed unfilled and asked for again, stay its own).
      var times = book.acknowledged().containsKey(e.clientOrderId().value()) ? lastActiveAt
          : ((PMap<String, Instant>) lastActiveAt).plus(e.clientOrderId().value(), e.at());
      return new GuardianState(book, signed, budgets, acknowledgedCount, d, trippedSince, times, forgottenThrough);
    }
    if (event instanceof GuardianEvent.TradingStateChanged e) {
      return withBook(e.state() == TradingState.ACTIVE ? book.resumed(e.reason()) : book.withTradingState(e.state(), e.reason()));
    }
    if (event instanceof GuardianEvent.KillSwitchEngaged e) return withBook(book.killSwitchEngaged(e.reason()));
    if (event instanceof GuardianEvent.BreakersChanged e) {
      var since = new HashMap<Breaker, Instant>();
      for (Breaker b : e.tripped()) since.put(b, trippedSince.getOrDefault(b, e.at()));
      return new GuardianState(book, signed, budgets, acknowledgedCount, denied, since, this);
    }
    if (event instanceof GuardianEvent.SettledForgotten e) return forgetting(e.before());
    return this; // ReviewDenied, BotPaused, BotResumed, and OrderDenied of an acknowledged id (a different order under its id): audit only
  }

  private GuardianState withBook(RiskBook b) {
    return new GuardianState(b, signed, budgets, acknowledgedCount, denied, trippedSince, this);
  }

  /** The times with {@code id}'s moved to {@code at}, when the book still knows it. */
  private Map<String, Instant> active(ClientOrderId id, Instant at) {
    return lastActiveAt.containsKey(id.value()) ? ((PMap<String, Instant>) lastActiveAt).plus(id.value(), at) : lastActiveAt;
  }

  /** The client order ids a {@link GuardianEvent.SettledForgotten} with this cutoff would forget. */
  public List<String> settledBefore(Instant before) {
    var ids = new ArrayList<String>();
    lastActiveAt.forEach((id, at) -> {
      if (at.isBefore(before) && !book.working().containsKey(id)) ids.add(id);
    });
    return ids;
  }

  private GuardianState forgetting(Instant before) {
    List<String> ids = settledBefore(before);
    if (ids.isEmpty()) return this;
    var through = new HashMap<>(forgottenThrough);
    for (String id : ids) through.merge(ClientOrderId.parse(id).botId(), ClientOrderId.parse(id).sequence(), Math::max);
    var d = new HashMap<>(denied);
    d.keySet().removeIf(id -> isAtOrBelow(ClientOrderId.parse(id), through));
    return new GuardianState(book.forgetting(ids), ((PMap<String, AcknowledgedOrder>) signed).minusAll(ids), budgets,
        acknowledgedCount, d, trippedSince, ((PMap<String, Instant>) lastActiveAt).minusAll(ids), through);
  }

  /**
   * {@code id} was settled and forgotten: unknown to the book, at or below its bot's highest forgotten
   * sequence. It must never be acknowledged again, and its fills never counted again.
   */
  public boolean forgotten(ClientOrderId id) {
    return !book.acknowledged().containsKey(id.value()) && isAtOrBelow(id, forgottenThrough);
  }

  /**
   * The orders of {@code venueId} this state still holds (working, or settled within the retention) at or below
   * their bot's highest forgotten sequence: every other id of a bot at or below its mark is {@link #forgotten}.
   */
  public List<ClientOrderId> heldAtOrBelowMarks(String venueId) {
    var held = new ArrayList<ClientOrderId>();
    book.acknowledged().values().forEach(order -> {
      if (order.venue().equals(venueId) && isAtOrBelow(order.clientOrderId(), forgottenThrough)) {
        held.add(order.clientOrderId());
      }
    });
    held.sort(null);
    return held;
  }

  private static boolean isAtOrBelow(ClientOrderId id, Map<String, Long> through) {
    Long highest = through.get(id.botId());
    return highest != null && id.sequence() <= highest;
  }

  public BigDecimal budgetFor(String botId) {
    return budgets.get(botId);
  }
}
