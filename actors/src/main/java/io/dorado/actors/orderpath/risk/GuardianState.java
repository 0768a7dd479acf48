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
import java.util.TreeMap;
import io.dorado.protocol.order.Order;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The guardian's state: one {@link GuardianAccount} per venue account (each with the {@link RiskBook} the engine
 * decides on for that account's orders), the signed acknowledgement of
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
 * @param accounts by account id ({@link GuardianAccount#accountOf}): a venue's own, or its paper account
 * @param opening how an account opens on its first event (null in snapshots from before accounts: the actor's)
 * @param lastActiveAt when each order the book still knows was last acknowledged, filled or closed, and when
 *     each denied id was denied: it is forgotten a retention period after that, not after its acknowledgement
 *     (a GTC order may rest for days)
 * @param forgottenThrough per bot, the highest sequence of its orders forgotten so far
 * @param throttles each bot's requests, round trips and pause, for the {@link ExecutionThrottle}
 * @param returns the daily returns of the marks, for the VaR ({@link PortfolioLimits}); folded in {@link #apply}
 * @param kills the venue, account and bot scopes whose kill switch is engaged ({@link KillScopes}); folded in {@link #apply}
 * @param recent the last marks and venue acknowledgements the windowed controls measure ({@link RecentActivity}); folded
 *     in {@link #apply}
 */
public record GuardianState(Map<String, GuardianAccount> accounts, Map<String, AcknowledgedOrder> signed,
    Map<String, BigDecimal> budgets, long acknowledgedCount, Map<String, RiskDenial> denied,
    Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough, BotThrottles throttles, RiskBook opening,
    MarkReturns returns, KillScopes kills, RecentActivity recent)
    implements CborSerializable {

  /** Without the recent marks and acknowledgements: {@link #apply} sets them. */
  public GuardianState(Map<String, GuardianAccount> accounts, Map<String, AcknowledgedOrder> signed,
      Map<String, BigDecimal> budgets, long acknowledgedCount, Map<String, RiskDenial> denied,
      Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough, BotThrottles throttles, RiskBook opening,
      MarkReturns returns, KillScopes kills) {
    this(accounts, signed, budgets, acknowledgedCount, denied, lastActiveAt, forgottenThrough, throttles, opening, returns,
        kills, null);
  }

  /** Without kill scopes: {@link #apply} sets them. */
  public GuardianState(Map<String, GuardianAccount> accounts, Map<String, AcknowledgedOrder> signed,
      Map<String, BigDecimal> budgets, long acknowledgedCount, Map<String, RiskDenial> denied,
      Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough, BotThrottles throttles, RiskBook opening,
      MarkReturns returns) {
    this(accounts, signed, budgets, acknowledgedCount, denied, lastActiveAt, forgottenThrough, throttles, opening, returns,
        null);
  }

  /** Without returns: what the book's folds build, {@link #apply} then sets the returns. */
  public GuardianState(Map<String, GuardianAccount> accounts, Map<String, AcknowledgedOrder> signed,
      Map<String, BigDecimal> budgets, long acknowledgedCount, Map<String, RiskDenial> denied,
      Map<String, Instant> lastActiveAt, Map<String, Long> forgottenThrough, BotThrottles throttles, RiskBook opening) {
    this(accounts, signed, budgets, acknowledgedCount, denied, lastActiveAt, forgottenThrough, throttles, opening, null);
  }

  public GuardianState {
    accounts = Persistent.map(accounts); // persistent maps (see Persistent): an event changes an entry, not a copy
    // Acknowledgements leave only when their order closes without a fill; a filled one stays, because a bot
    // that missed its fill asks again and must get the same acknowledgement (the venue then answers FILLED).
    // So this only grows: a persistent map, shared with the state before instead of copied whole per order.
    signed = signed instanceof PMap<String, AcknowledgedOrder> p ? p : HashTreePMap.from(signed);
    budgets = Persistent.map(budgets);
    denied = Persistent.map(denied);
    // Absent from older snapshots: their orders have no time, so they are never forgotten.
    lastActiveAt = lastActiveAt instanceof PMap<String, Instant> p ? p
        : lastActiveAt == null ? HashTreePMap.empty() : HashTreePMap.from(lastActiveAt);
    forgottenThrough = Persistent.map(forgottenThrough);
    throttles = throttles == null ? BotThrottles.EMPTY : throttles; // absent from older snapshots
    returns = returns == null ? MarkReturns.EMPTY : returns; // absent from older snapshots: rebuilt from later marks
    kills = kills == null ? KillScopes.NONE : kills; // absent from older snapshots: none engaged then
    recent = recent == null ? RecentActivity.EMPTY : recent; // absent from older snapshots: rebuilt from later events
  }

  /**
   * A state with no account yet: each account opens, on its first event, as {@code opening} (the configured starting
   * cash, a full rate-limit bucket, the fleet-wide trading state) marked at the prices known then.
   */
  public static GuardianState open(RiskPolicy policy, BigDecimal cash, Instant at) {
    return new GuardianState(Map.of(), Map.of(), Map.of(), 0, Map.of(), Map.of(), Map.of(), null,
        RiskBook.open(policy, cash, at));
  }

  /** A snapshot written before accounts (see {@link GuardianStateAccounts}) has no opening book: the actor's. */
  public GuardianState withOpeningIfAbsent(RiskBook fresh) {
    return opening != null ? this : new GuardianState(accounts, signed, budgets, acknowledgedCount, denied, lastActiveAt,
        forgottenThrough, throttles, fresh, returns, kills, recent);
  }

  // ---- accounts -----------------------------------------------------------------------------------------------

  /** The account, or how it opens on its first event (not stored until then). */
  public GuardianAccount account(String id) {
    GuardianAccount a = accounts.get(id);
    if (a != null) return a;
    RiskBook b = opening;
    // Marks known to any account: an account opened later must not deny for NO_PRICE what others can price.
    var prices = new TreeMap<String, BigDecimal>();
    var times = new HashMap<String, Instant>(); // each price's mark time, from the account it came from
    for (GuardianAccount other : new TreeMap<>(accounts).values()) {
      Ledger ol = other.book().ledger();
      for (var p : ol.lastPrices().entrySet()) {
        prices.put(p.getKey(), p.getValue());
        Instant t = ol.markTime(p.getKey());
        if (t == null) times.remove(p.getKey()); // unknown age there: unknown here too
        else times.put(p.getKey(), t);
      }
    }
    Ledger l = b.ledger();
    var stamped = new HashMap<>(l.markTimes());
    stamped.keySet().removeAll(prices.keySet());
    stamped.putAll(times);
    Instant dayStart = l.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(); // no roll
    for (var p : prices.entrySet()) l = l.mark(p.getKey(), p.getValue(), dayStart);
    l = l.withMarkTimes(stamped); // not dayStart: the staleness rule judges these prices by when they were marked
    return GuardianAccount.open(id, b.withLedger(l));
  }

  /** The book an account decides on (EXTERNAL orders and positions counted, a reconciliation hold as REDUCING). */
  public RiskBook bookOf(String accountId) {
    return account(accountId).effectiveBook();
  }

  public RiskBook bookOf(Order order) {
    return bookOf(GuardianAccount.accountOf(order.venue(), order.botId()));
  }

  /**
   * The book of the one account (or the first by id; the opening book when there is none): for single-venue
   * inspection and tests. Decisions use {@link #bookOf}.
   */
  public RiskBook book() {
    if (accounts.isEmpty()) return opening;
    return new TreeMap<>(accounts).firstEntry().getValue().book();
  }

  /** The breakers of the one account (see {@link #book()}). */
  public Map<Breaker, Instant> trippedSince() {
    return accounts.isEmpty() ? Map.of() : new TreeMap<>(accounts).firstEntry().getValue().trippedSince();
  }

  /** The account holding an acknowledged order (null when no book knows it: never acknowledged or forgotten). */
  public String accountHolding(ClientOrderId id) {
    for (GuardianAccount a : accounts.values()) {
      if (a.book().acknowledged().containsKey(id.value())) return a.id();
    }
    return null;
  }

  /** The account a fill counts in: the event's, else its order's, else where its bot trades (older events). */
  public String fillAccount(GuardianEvent.FillRecorded e) {
    if (e.account() != null) return e.account();
    String holding = accountHolding(e.fill().clientOrderId());
    return holding != null ? holding : accountOfBot(e.fill().clientOrderId().botId());
  }

  /** The account a bot's position is in (the first by id), else the first account: for orders no book knows. */
  public String accountOfBot(String botId) {
    for (GuardianAccount a : new TreeMap<>(accounts).values()) {
      if (!a.book().ledger().botPositionsOf(botId).isEmpty()) return a.id();
    }
    return accounts.isEmpty() ? GuardianStateAccounts.LEGACY : new TreeMap<>(accounts).firstKey();
  }

  // ---- the fold -----------------------------------------------------------------------------------------------

  public GuardianState apply(GuardianEvent event) {
    GuardianState next = applyToBook(event);
    BotThrottles t = throttles.apply(event, this, next);
    return new GuardianState(next.accounts, next.signed, next.budgets, next.acknowledgedCount, next.denied,
        next.lastActiveAt, next.forgottenThrough, t, next.opening, returns.apply(event),
        kills.apply(event), recent.apply(event));
  }

  private GuardianState applyToBook(GuardianEvent event) {
    if (event instanceof GuardianEvent.ReviewApproved e) {
      String id = GuardianAccount.accountOf(e.proposal().venue(), e.proposal().botId());
      return withAccount(account(id).withBook(account(id).book().approved(e.proposal(), e.quantity(),
          e.regimeMultiplier())));
    }
    if (event instanceof GuardianEvent.OrdersAcknowledged e) {
      PMap<String, AcknowledgedOrder> s = (PMap<String, AcknowledgedOrder>) signed;
      PMap<String, Instant> times = (PMap<String, Instant>) lastActiveAt;
      GuardianState now = this;
      for (AcknowledgedOrder ack : e.acks()) {
        String id = GuardianAccount.accountOf(ack.order().venue(), ack.order().botId());
        GuardianAccount a = now.account(id);
        now = now.withAccount(a.withBook(a.book().acknowledged(ack.order(), e.at())));
        s = s.plus(ack.clientOrderId().value(), ack);
        times = times.plus(ack.clientOrderId().value(), e.at());
      }
      return new GuardianState(now.accounts, s, budgets, acknowledgedCount + e.acks().size(), denied, times,
          forgottenThrough, throttles, opening);
    }
    if (event instanceof GuardianEvent.FillRecorded e) {
      GuardianAccount a = account(fillAccount(e));
      GuardianState next = withAccount(a.withBook(a.book().filled(e.fill())));
      return new GuardianState(next.accounts, signed, budgets, acknowledgedCount, denied,
          active(e.fill().clientOrderId(), e.at()), forgottenThrough, throttles, opening);
    }
    if (event instanceof GuardianEvent.OrderClosed e) {
      var s = ((PMap<String, AcknowledgedOrder>) signed).minus(e.clientOrderId().value());
      String holding = accountHolding(e.clientOrderId());
      GuardianState next = holding == null ? this
          : withAccount(accounts.get(holding).withBook(accounts.get(holding).book().orderClosed(e.clientOrderId())));
      return new GuardianState(next.accounts, s, budgets, acknowledgedCount, denied, active(e.clientOrderId(), e.at()),
          forgottenThrough, throttles, opening);
    }
    if (event instanceof GuardianEvent.PricesMarked e) {
      // Together: an option leg carried along with its underlying moves the equity (and its peak) once, not per leg.
      return everyAccount(b -> b.marked(e.prices(), e.at()), true); // accounts opened later know the prices too
    }
    if (event instanceof GuardianEvent.BudgetsSet e) {
      return new GuardianState(accounts, signed, e.budgets(), acknowledgedCount, denied, lastActiveAt, forgottenThrough,
          throttles, opening);
    }
    if (event instanceof GuardianEvent.OrderDenied e && !signed.containsKey(e.clientOrderId().value())) {
      var d = denied.containsKey(e.clientOrderId().value()) ? denied
          : ((PMap<String, RiskDenial>) denied).plus(e.clientOrderId().value(), e.denial());
      // A denial is final, like a settled order: it is forgotten a retention period later (times of an id the
      // book knows, an order closed unfilled and asked for again, stay its own).
      var times = accountHolding(e.clientOrderId()) != null ? lastActiveAt
          : ((PMap<String, Instant>) lastActiveAt).plus(e.clientOrderId().value(), e.at());
      return new GuardianState(accounts, signed, budgets, acknowledgedCount, d, times, forgottenThrough, throttles,
          opening);
    }
    if (event instanceof GuardianEvent.TradingStateChanged e) {
      java.util.function.UnaryOperator<RiskBook> change = b -> e.state() == TradingState.ACTIVE ? b.resumed(e.reason())
          : b.withTradingState(e.state(), e.reason());
      if (e.account() != null) {
        GuardianAccount a = account(e.account());
        return withAccount(a.withBook(change.apply(a.book()))
            .withHaltedBy(e.state() == TradingState.HALTED ? e.breaker() : null));
      }
      return everyAccount(change, true).noBreakerHalts(); // fleet-wide: accounts opened later open so too
    }
    if (event instanceof GuardianEvent.SessionClosed e) {
      GuardianAccount a = account(e.account());
      return withAccount(a.withBook(a.book().withLedger(a.book().ledger().sessionRestarted(e.at(), e.weekEnd()))));
    }
    if (event instanceof GuardianEvent.KillSwitchEngaged e) {
      return everyAccount(b -> b.killSwitchEngaged(e.reason()), true).noBreakerHalts();
    }
    if (event instanceof GuardianEvent.BreakersChanged e) {
      var accts = new HashMap<>(accounts);
      for (GuardianAccount a : accounts.values()) {
        if (e.account() != null && !e.account().equals(a.id())) continue;
        var since = new HashMap<Breaker, Instant>();
        for (Breaker b : e.tripped()) since.put(b, a.trippedSince().getOrDefault(b, e.at()));
        accts.put(a.id(), a.withTripped(since));
      }
      if (e.account() != null && !accounts.containsKey(e.account())) {
        var since = new HashMap<Breaker, Instant>();
        for (Breaker b : e.tripped()) since.put(b, e.at());
        accts.put(e.account(), account(e.account()).withTripped(since));
      }
      return withAccounts(accts);
    }
    if (event instanceof GuardianEvent.SettledForgotten e) return forgetting(e.before());
    if (event instanceof GuardianEvent.AccountOpened e) {
      return withAccount(account(e.account()).opened(e.mode(), e.snapshot(), e.externalPositions(), e.at()));
    }
    if (event instanceof GuardianEvent.ExternalSeen e) return withAccount(account(e.account()).externalSeen(e.orders()));
    if (event instanceof GuardianEvent.ExternalExecuted e) {
      return withAccount(account(e.account()).externalExecuted(e.executions()));
    }
    if (event instanceof GuardianEvent.ReconciliationChecked e) {
      return withAccount(account(e.account()).checked(e.mismatch(), e.snapshot(), e.at()));
    }
    if (event instanceof GuardianEvent.ReconciliationAcknowledged e) {
      return withAccount(account(e.account()).acknowledged());
    }
    return this; // ReviewDenied, BotPaused, BotResumed, and OrderDenied of an acknowledged id (a different order under its id): audit only
  }

  private GuardianState withAccount(GuardianAccount a) {
    return withAccounts(((PMap<String, GuardianAccount>) accounts).plus(a.id(), a));
  }

  private GuardianState withAccounts(Map<String, GuardianAccount> accts) {
    return new GuardianState(accts, signed, budgets, acknowledgedCount, denied, lastActiveAt, forgottenThrough,
        throttles, opening);
  }

  /** {@code change} on every account's book ({@code opening} too when {@code fleetWide}: later accounts open so). */
  /** An operator's fleet-wide state or the kill switch replaced every account's: no breaker's halt any more. */
  private GuardianState noBreakerHalts() {
    var accts = new HashMap<String, GuardianAccount>();
    accounts.forEach((id, a) -> accts.put(id, a.withHaltedBy(null)));
    return withAccounts(accts);
  }

  private GuardianState everyAccount(java.util.function.UnaryOperator<RiskBook> change, boolean fleetWide) {
    var accts = new HashMap<String, GuardianAccount>();
    accounts.forEach((id, a) -> accts.put(id, a.withBook(change.apply(a.book()))));
    return new GuardianState(accts, signed, budgets, acknowledgedCount, denied, lastActiveAt, forgottenThrough,
        throttles, fleetWide && opening != null ? change.apply(opening) : opening);
  }

  /** The times with {@code id}'s moved to {@code at}, when the book still knows it. */
  private Map<String, Instant> active(ClientOrderId id, Instant at) {
    return lastActiveAt.containsKey(id.value()) ? ((PMap<String, Instant>) lastActiveAt).plus(id.value(), at) : lastActiveAt;
  }

  /** The client order ids a {@link GuardianEvent.SettledForgotten} with this cutoff would forget. */
  public List<String> settledBefore(Instant before) {
    var ids = new ArrayList<String>();
    lastActiveAt.forEach((id, at) -> {
      if (at.isBefore(before) && accounts.values().stream().noneMatch(a -> a.book().working().containsKey(id))) ids.add(id);
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
    var accts = new HashMap<String, GuardianAccount>();
    accounts.forEach((id, a) -> accts.put(id, a.withBook(a.book().forgetting(ids))));
    return new GuardianState(accts, ((PMap<String, AcknowledgedOrder>) signed).minusAll(ids), budgets,
        acknowledgedCount, d, ((PMap<String, Instant>) lastActiveAt).minusAll(ids), through, throttles, opening);
  }

  /**
   * {@code id} was settled and forgotten: unknown to the book, at or below its bot's highest forgotten
   * sequence. It must never be acknowledged again, and its fills never counted again.
   */
  public boolean forgotten(ClientOrderId id) {
    return accountHolding(id) == null && isAtOrBelow(id, forgottenThrough);
  }

  /**
   * The orders of {@code venueId} this state still holds (working, or settled within the retention) at or below
   * their bot's highest forgotten sequence: every other id of a bot at or below its mark is {@link #forgotten}.
   */
  public List<ClientOrderId> heldAtOrBelowMarks(String venueId) {
    var held = new ArrayList<ClientOrderId>();
    accounts.values().forEach(a -> a.book().acknowledged().values().forEach(order -> {
      if (order.venue().equals(venueId) && isAtOrBelow(order.clientOrderId(), forgottenThrough)) {
        held.add(order.clientOrderId());
      }
    }));
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
