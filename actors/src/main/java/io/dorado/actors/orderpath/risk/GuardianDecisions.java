package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The risk guardian's decisions as pure functions, as {@code BotTransitions} is the bot's: given the state
 * (as written plus everything decided but not yet written), what arrived and the time, the events to write,
 * the state they make and what to do about it. {@link RiskGuardianActor} routes commands, batches the writes
 * and runs the effects (tells, venue messages, alerts, metrics); the order-path simulation runs the same
 * decisions on its own message bus.
 */
public final class GuardianDecisions {

  public sealed interface Effect {}

  /** The answer to whoever sent the command (a review's, an acknowledgement's or an operator's reply). */
  public record Reply(Object message) implements Effect {}

  /**
   * The acknowledgement to the order's venue, its reports to the requester; {@code fresh}: acknowledged by this
   * decision (not a repeated request answered with the acknowledgement given before).
   */
  public record Forward(AcknowledgedOrder ack, boolean fresh) implements Effect {}

  /** Asks the order's venue for its status (which lists every fill). */
  public record QueryVenue(Order order) implements Effect {}

  /** Asks the order's venue to cancel it; the answer comes back as a venue report. */
  public record CancelAtVenue(Order order, String reason) implements Effect {}

  /** Tells a venue which of its orders the guardian forgot (written by then). */
  public record ForgetAtVenue(String venueId, Instant before, List<ClientOrderId> ids) implements Effect {}

  /** The "forgotten through" sync that heals a lost {@link ForgetAtVenue} (from the written state). */
  public record SyncForgotten(String venueId, Instant before, Map<String, Long> through, List<ClientOrderId> kept)
      implements Effect {}

  public record Publish(Alert alert) implements Effect {}

  /** A review or an acknowledgement counted for the metrics ({@code denial} null when it passed). */
  public record Count(String stage, DenialReason denial) implements Effect {}

  public enum LogAs { INFO, WARN, ALERT_WARN, ALERT_ERROR }

  /** A line for the log ({@code id}, may be null, for the order's context), nothing else. */
  public record Log(LogAs as, ClientOrderId id, String text) implements Effect {}

  /**
   * What a command leads to: {@code events} to write and the state {@code after} them (with the breakers they
   * trip or reset recorded); {@code atOnce} to run now, {@code afterWrite} once written, and {@code alertsAfterBatch}
   * published after every other effect of the write that carries them.
   */
  public record Decision(List<GuardianEvent> events, GuardianState after, List<Effect> atOnce, List<Effect> afterWrite,
      List<Alert> alertsAfterBatch) {
    public Decision {
      events = List.copyOf(events);
      atOnce = List.copyOf(atOnce);
      afterWrite = List.copyOf(afterWrite);
      alertsAfterBatch = List.copyOf(alertsAfterBatch);
    }

    /** Nothing to write and nothing to do once written: not queued behind the pending write. */
    public boolean writesNothing() {
      return events.isEmpty() && afterWrite.isEmpty();
    }
  }

  private final RiskGuardianActor.Settings settings;
  private final RiskEngine engine;
  private final ExecutionThrottle throttle;
  private final AccountReconciliation reconciliation;
  private final FleetWideLimits fleetWide;
  private final PortfolioLimits portfolio;
  private final CrossAssetLimits crossAsset;
  private final RegimeLimits regime;
  private final WindowedControls windowed;

  public GuardianDecisions(RiskGuardianActor.Settings settings, RiskEngine engine) {
    this(settings, engine, AccountReconciliation.DEFAULT);
  }

  public GuardianDecisions(RiskGuardianActor.Settings settings, RiskEngine engine, AccountReconciliation reconciliation) {
    this.settings = settings;
    this.engine = engine;
    this.throttle = new ExecutionThrottle(engine.policy().orders().botThrottle());
    this.reconciliation = reconciliation;
    this.fleetWide = new FleetWideLimits(engine.policy().fleetWide());
    this.portfolio = new PortfolioLimits(engine.policy());
    this.crossAsset = new CrossAssetLimits(engine.policy(), engine.instruments());
    this.regime = new RegimeLimits(engine.policy().circuitBreakers().volRegimeAdjustment());
    this.windowed = new WindowedControls(engine.policy().orders());
  }

  /** The regime radar published: what {@link RegimeLimits} sizes and halts by from now on (not journalled). */
  public void regimeChanged(RiskGuardian.RegimeChanged r) {
    regime.observe(r);
  }

  /** Session boundaries passed after {@code since}: the loss breakers' halts the policy resets ({@link SessionReset}). */
  public Decision sessionBoundary(GuardianState now, Instant since, Instant at) {
    return record(now, SessionReset.at(now, engine, since, at), at);
  }

  /** Collects one decision's parts; {@link #done} folds the events and records the breakers they move. */
  private final class Draft {
    final GuardianState now;
    final Instant at;
    final List<GuardianEvent> events = new ArrayList<>();
    final List<Effect> atOnce = new ArrayList<>();
    final List<Effect> afterWrite = new ArrayList<>();
    final List<Alert> alertsAfterBatch = new ArrayList<>();

    Draft(GuardianState now, Instant at) {
      this.now = now;
      this.at = at;
    }

    Decision done() {
      GuardianState next = now;
      for (GuardianEvent e : events) next = next.apply(e);
      List<GuardianEvent> written = events;
      if (!events.isEmpty()) {
        // Whatever moved the books may have tripped or reset a breaker of an account: record when, for inspection.
        for (String account : new TreeMap<>(next.accounts()).keySet()) {
          GuardianAccount a = next.accounts().get(account);
          Set<Breaker> tripped = engine.breakers(a.book(), at).tripped();
          if (!tripped.equals(a.trippedSince().keySet())) {
            var changed = new GuardianEvent.BreakersChanged(tripped, at, account);
            if (written == events) written = new ArrayList<>(events);
            written.add(changed);
            next = next.apply(changed);
          }
        }
      }
      return new Decision(written, next, atOnce, afterWrite, alertsAfterBatch);
    }
  }

  // ---------------------------------------------------------------- reviews and acknowledgements

  public Decision review(GuardianState now, TradeProposal p, Instant at) {
    Draft d = new Draft(now, at);
    String account = GuardianAccount.accountOf(p.venue(), p.botId());
    RiskBook book = now.bookOf(account);
    var result = engine.review(p, book, budgetFor(now, p.botId()), at);
    // Fleet-wide limits after the account's own: they only add denials, on live accounts.
    if (result instanceof RiskEngine.Approved) {
      var fleet = fleetWide.review(now.accounts(), now.account(account), p.at());
      if (fleet.isPresent()) result = new RiskEngine.Rejected(fleet.get(), result.impliedState());
    }
    if (result instanceof RiskEngine.Approved a) { // pre-trade controls and the VaR limit, on the approved quantity
      var limit = portfolio.review(now, account, p, a.quantity())
          .or(() -> crossAsset.review(now, account, p, a.quantity(), a.maxLoss(), at)); // underlyings, cluster, greeks
      if (limit.isPresent()) result = new RiskEngine.Rejected(limit.get(), result.impliedState());
    }
    if (result instanceof RiskEngine.Approved) { // a killed venue, account or bot scope (KillScopeDecisions)
      var killed = now.kills().denial(p.venue(), p.botId());
      if (killed.isPresent()) result = new RiskEngine.Rejected(killed.get(), result.impliedState());
    }
    result = regime.review(result, at); // PRD §3.4: the regime's halt or sizing, on what passed every limit
    var verdict = throttle.review(now.throttles(), p.botId(), ExecutionThrottle.exitUnseen(p, book), at);
    if (verdict.decides(result instanceof RiskEngine.Approved)) {
      result = new RiskEngine.Rejected(verdict.denial(), result.impliedState());
    }
    impliedState(d, result.impliedState(), account);
    if (result instanceof RiskEngine.Approved a) {
      BigDecimal sizedBy = regime.multiplier(at); // what RegimeLimits.review sized it by: its acknowledgement will not again
      d.events.add(new GuardianEvent.ReviewApproved(p, a.quantity(), a.maxLoss(), at,
          sizedBy.compareTo(BigDecimal.ONE) < 0 ? sizedBy : null));
      d.afterWrite.add(new Count("review", null));
      d.afterWrite.add(new Reply(new RiskGuardian.TradeApproved(p.reviewId(), a.quantity(), a.maxLoss(), a.note())));
    } else {
      RiskDenial denial = ((RiskEngine.Rejected) result).denial();
      d.events.add(new GuardianEvent.ReviewDenied(p.reviewId(), p.botId(), denial, at));
      paused(d, p.botId(), verdict);
      d.afterWrite.add(new Count("review", denial.reason()));
      d.afterWrite.add(new Reply(new RiskGuardian.TradeDenied(p.reviewId(), denial.reason(), denial.detail())));
    }
    return d.done();
  }

  /**
   * Signs and forwards an order allowed now; a repeated request gets the acknowledgement (or the denial) it got
   * before, a forgotten id FORGOTTEN; never two different orders under one client order id.
   */
  public Decision acknowledge(GuardianState now, Order order, Instant at) {
    return acknowledge(now, order, InstrumentRuleBook.NONE, at);
  }

  /**
   * As {@link #acknowledge(GuardianState, Order, Instant)}, the order first rounded to its venue's instrument
   * rules (or denied by them, {@link InstrumentRuleCheck}): the rounded order is what is signed and sent, and a
   * repeated request, rounded the same way, gets the same acknowledgement.
   */
  public Decision acknowledge(GuardianState now, Order asked, InstrumentRuleBook rules, Instant at) {
    InstrumentRuleCheck.Outcome byRules = rules.check(asked, now.book().ledger().lastPrice(asked.symbol()));
    Order order = byRules.order();
    Draft d = new Draft(now, at);
    ClientOrderId id = order.clientOrderId();
    AcknowledgedOrder earlier = now.signed().get(id.value());
    if (earlier != null) {
      // Idempotent: the same acknowledgement again (the venue deduplicates by client order id).
      if (!earlier.order().equals(order)) {
        denied(d, id, RiskDenial.of(DenialReason.DUPLICATE_ORDER,
            "client order id " + id + " was acknowledged for a different order"));
        d.afterWrite.add(new Count("acknowledgement", DenialReason.DUPLICATE_ORDER));
        d.afterWrite.add(new Reply(new OrderReport.Denied(id, DenialReason.DUPLICATE_ORDER,
            "client order id already acknowledged for a different order")));
        return d.done();
      }
      // Forwarded after the pending write: the earlier acknowledgement may be decided but not yet written.
      d.afterWrite.add(new Forward(earlier, false));
      return d.done();
    }
    RiskDenial deniedBefore = now.denied().get(id.value());
    if (deniedBefore != null) { // the bot abandoned it when it heard the denial: answer the same again
      d.afterWrite.add(new Reply(new OrderReport.Denied(id, deniedBefore.reason(), deniedBefore.detail())));
      return d.done();
    }
    if (now.forgotten(id)) {
      // Never acknowledged again; FORGOTTEN, not a denial: the order may have filled before it was forgotten.
      d.afterWrite.add(new Reply(new OrderReport.Status(id, OrderStatus.FORGOTTEN, null, null, "client order id "
          + id + " settled more than " + settings.settledRetention() + " ago and was forgotten by the"
          + " risk guardian: it is never acknowledged again")));
      return d.done();
    }
    // PRD §3.4's sizing is applied at the review (RegimeLimits.review), never here: an order the guardian acknowledged
    // smaller than the bot persisted and sent left the bot waiting for a fill of the rest (DemoReplayTest, session 12:
    // a regime change between a review and its acknowledgement).
    final Order checked = order;
    var result = engine.acknowledge(order, now.bookOf(order), budgetFor(now, order.botId()), at);
    if (result instanceof RiskEngine.Allowed) { // fleet-wide limits, on live accounts only; reduce-only passes
      var fleet = fleetWide.acknowledge(now.accounts(),
          now.account(GuardianAccount.accountOf(order.venue(), order.botId())), order, at);
      if (fleet.isPresent()) result = new RiskEngine.Denied(fleet.get(), result.impliedState());
    }
    if (result instanceof RiskEngine.Allowed) { // pre-trade controls and the VaR limit; reduce-only passes
      var limit = portfolio.acknowledge(now, checked).or(() -> crossAsset.acknowledge(now, checked, at))
          .or(() -> windowed.collar(checked, now.recent(), at)); // the price over a window (WindowedControls)
      if (limit.isPresent()) result = new RiskEngine.Denied(limit.get(), result.impliedState());
    }
    if (result instanceof RiskEngine.Allowed && !order.reduceOnly()) { // a killed scope: exits pass (KillScopeDecisions)
      var killed = now.kills().denial(order.venue(), order.botId());
      if (killed.isPresent()) result = new RiskEngine.Denied(killed.get(), result.impliedState());
    }
    if (result instanceof RiskEngine.Allowed && !order.reduceOnly()) { // PRD §3.4: a crisis regime halts new exposure
      var halt = regime.halt(at);
      if (halt.isPresent()) result = new RiskEngine.Denied(halt.get(), result.impliedState());
    }
    // The engine's denials (trading state, breakers, limits) come first; a venue rule denies what the engine allowed.
    if (byRules.denied() && result instanceof RiskEngine.Allowed) result = new RiskEngine.Denied(byRules.denial(), result.impliedState());
    if (result instanceof RiskEngine.Allowed) { // what the venue accepts per second and minute, exits too
      var messages = windowed.venueMessages(checked, now.recent(), at);
      if (messages.isPresent()) result = new RiskEngine.Denied(messages.get(), result.impliedState());
    }
    var verdict = result instanceof RiskEngine.AlreadyAcknowledged ? ExecutionThrottle.Verdict.PASS
        : throttle.order(now.throttles(), order, at);
    if (verdict.decides(result instanceof RiskEngine.Allowed)) result = new RiskEngine.Denied(verdict.denial(), result.impliedState());
    impliedState(d, result.impliedState(), GuardianAccount.accountOf(order.venue(), order.botId()));
    if (result instanceof RiskEngine.Allowed) {
      AcknowledgedOrder ack = settings.signer().sign(order, "ack-" + id.value(), settings.guardianId(), at,
          at.plus(settings.ackValidity()));
      d.events.add(new GuardianEvent.OrdersAcknowledged(List.of(ack), at));
      paused(d, order.botId(), verdict); // a reduce-only order that tripped the throttle
      if (byRules.rounded(asked)) {
        d.afterWrite.add(new Log(LogAs.INFO, id, "order " + id + " rounded to venue " + order.venue() + "'s rules: quantity "
            + asked.quantity().toPlainString() + " -> " + order.quantity().toPlainString() + ", limit " + asked.limitPrice()
            + " -> " + order.limitPrice() + ", stop " + asked.stopPrice() + " -> " + order.stopPrice()));
      }
      if (order.reduceOnly()) { // allowed without a fresh price (the staleness rule lets exits out): say so loudly
        engine.stalePrice(order.symbol(), now.bookOf(order).ledger(), at).ifPresent(stale -> d.afterWrite.add(
            new Log(LogAs.ALERT_WARN, id, "reduce-only " + id + " allowed without a fresh price, price band skipped: "
                + stale.detail())));
      }
      d.afterWrite.add(new Forward(ack, true));
      return d.done();
    }
    RiskDenial denial = result instanceof RiskEngine.Denied denied ? denied.denial()
        : RiskDenial.of(DenialReason.DUPLICATE_ORDER, "client order id " + id + " was acknowledged before and is closed");
    denied(d, id, denial);
    paused(d, order.botId(), verdict);
    d.afterWrite.add(new Count("acknowledgement", denial.reason()));
    d.afterWrite.add(new Reply(new OrderReport.Denied(id, denial.reason(), denial.detail())));
    // A paused bot's denials are not alerted one by one: its pause was, once.
    if (denial.reason() != DenialReason.BOT_PAUSED) {
      d.afterWrite.add(new Publish(new Alert.OrderDenied(order.botId(), id, denial.reason(), denial.detail(), at)));
    }
    return d.done();
  }

  // ---------------------------------------------------------------- venue reports

  /**
   * A venue's report: new fills recorded (never those of a forgotten order: counted when it settled), the
   * order closed when the report closes it. A fill whose cumulative quantity counts one this guardian never
   * heard of asks the venue for the status instead of closing; an UNKNOWN after the acknowledgement expired
   * asks the venue to cancel ({@link RiskGuardianActor#EXPIRED_UNSENT}); a breach halts trading.
   */
  public Decision venueReported(GuardianState now, OrderReport report, Instant at) {
    Draft d = new Draft(now, at);
    GuardianState next = now;
    String account = accountOfReport(now, report);
    for (Fill fill : report.fills()) {
      if (next.forgotten(fill.clientOrderId())) {
        // A settled order's report again, after it was forgotten: its fills were counted when it settled.
        d.atOnce.add(new Log(LogAs.WARN, null, "Fill " + fill.fillId() + " of forgotten order " + fill.clientOrderId()
            + " ignored: counted before it was forgotten"));
        continue;
      }
      if (!next.account(account).book().ledger().hasFill(fill)) {
        var e = new GuardianEvent.FillRecorded(fill, at, account);
        d.events.add(e);
        next = next.apply(e);
      }
    }
    if (next != now) d.afterWrite.addAll(oneCancelsOther(next, account, report.clientOrderId()));
    boolean missed = report instanceof OrderReport.Filled f && missedAFill(now, f);
    if (missed) d.atOnce.add(new QueryVenue(now.account(account).book().working().get(report.clientOrderId().value()).order()));
    if (unknownAfterExpiry(next, account, report, at)) {
      Order order = next.account(account).book().working().get(report.clientOrderId().value()).order();
      d.atOnce.add(new Log(LogAs.INFO, order.clientOrderId(), order.clientOrderId() + ": venue " + order.venue()
          + " answered UNKNOWN after the acknowledgement expired; asking it to cancel"));
      d.atOnce.add(new CancelAtVenue(order, RiskGuardianActor.EXPIRED_UNSENT));
    }
    // A "complete" fill that leaves this book short of a fill does not close the order: it stays working
    // until the venue's status brings the missing fill, so a crash before that is written asks again (the
    // order-path simulation lost a fill when the order was closed at once and the answer's write was lost).
    if (report.closesOrder() && !missed && next.account(account).book().working().containsKey(report.clientOrderId().value())) {
      var e = new GuardianEvent.OrderClosed(report.clientOrderId(), closeReason(report), at);
      d.events.add(e);
      next = next.apply(e);
    }
    // The breakers of this report's account: a paper account's loss never halts a live one.
    RiskBook booked = next.account(account).book();
    BreakerStatus breakers = engine.breakers(booked, at);
    if (breakers.breached() && booked.tradingState() != TradingState.HALTED) {
      d.atOnce.add(new Log(LogAs.ALERT_ERROR, null, "Circuit breaker tripped in account " + account + ": "
          + breakers.breach() + " — account HALTED"));
      TradingState from = booked.tradingState();
      d.events.add(new GuardianEvent.TradingStateChanged(TradingState.HALTED, "circuit breaker",
          account + ": " + breakers.breach(), at, account, SessionReset.breakerOf(breakers.breach())));
      d.afterWrite.add(new Publish(new Alert.BreakerTripped(breakers.breach().reason().name(), breakers.breach().detail(),
          TradingState.HALTED, at)));
      d.afterWrite.add(new Publish(new Alert.TradingStateChanged(from, TradingState.HALTED, "circuit breaker",
          breakers.breach().detail(), at)));
    }
    return d.done();
  }

  /**
   * One-cancels-other, the guardian's own: once a fill of {@code filled} (a reduce-only order: a stop, a target or a
   * close) has left its bot flat in {@code account}'s ledger, every other resting reduce-only order (stop, target) of
   * that bot in that symbol still working at that venue protects nothing, and is cancelled there through the venue's
   * normal path (in client order id order), after the fill's write. It holds whether or not the bot runs; the bot's own sibling-cancel is the second line (a cancel of a
   * cancelled order is answered with its status). Nothing for an entry's fill, a combo, or a bot still holding.
   */
  static List<Effect> oneCancelsOther(GuardianState s, String account, ClientOrderId filled) {
    RiskBook book = s.account(account).book();
    RiskBook.Working w = book.working().get(filled.value());
    AcknowledgedOrder ack = s.signed().get(filled.value());
    Order order = w != null ? w.order() : ack == null ? null : ack.order();
    if (order == null || !order.reduceOnly() || order.isCombo()) return List.of();
    if (!book.ledger().botPosition(order.botId(), order.symbol()).isFlat()) return List.of();
    return book.working().values().stream().map(RiskBook.Working::order)
        .filter(o -> resting(o) && !o.clientOrderId().equals(filled) && o.botId().equals(order.botId())
            && o.symbol().equals(order.symbol()) && o.venue().equals(order.venue()))
        .sorted(Comparator.comparing(Order::clientOrderId))
        .<Effect>map(o -> new CancelAtVenue(o, ONE_CANCELS_OTHER + filled + " left bot " + order.botId() + " flat in "
            + order.symbol()))
        .toList();
  }

  /**
   * Every account's leftover protection ({@link #oneCancelsOther}): reduce-only orders still working for a bot the
   * ledger holds flat. Asked after a recovery and on the reconciliation tick, so a cancel lost with a crash between
   * the fill's write and its sending is asked again (a cancel is idempotent at the venue).
   */
  public List<Effect> leftoverProtection(GuardianState s) {
    var effects = new ArrayList<Effect>();
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) {
      a.book().working().values().stream().map(RiskBook.Working::order).filter(GuardianDecisions::resting)
          .filter(o -> a.book().ledger().botPositions().containsKey(Ledger.botKey(o.botId(), o.symbol())))
          .filter(o -> a.book().ledger().botPosition(o.botId(), o.symbol()).isFlat())
          .sorted(Comparator.comparing(Order::clientOrderId))
          .forEach(o -> effects.add(new CancelAtVenue(o, ONE_CANCELS_OTHER + "bot " + o.botId() + " is flat in "
              + o.symbol() + ": its protection protects nothing")));
    }
    return effects;
  }

  /** A resting reduce-only order of one instrument: a stop or a target (a market exit fills at once). */
  private static boolean resting(Order o) {
    return o.reduceOnly() && !o.isCombo() && o.type() != io.dorado.protocol.order.OrderType.MARKET;
  }

  /** The reason of the guardian's own sibling cancels. */
  public static final String ONE_CANCELS_OTHER = "one-cancels-other (risk guardian): ";

  /** The venue's cumulative quantity counts a fill this guardian never heard of (its report was lost). */
  public static boolean missedAFill(GuardianState s, OrderReport.Filled f) {
    String account = s.accountHolding(f.clientOrderId());
    if (account == null) return false;
    RiskBook book = s.accounts().get(account).book();
    RiskBook.Working w = book.working().get(f.clientOrderId().value());
    if (w == null || book.ledger().hasFill(f.fill())) return false;
    BigDecimal known = w.order().fillQuantity().subtract(w.remaining()).add(f.fill().quantity());
    return f.filledQuantity().compareTo(known) > 0;
  }

  /**
   * A working order's venue answered UNKNOWN and its acknowledgement has expired. Not proof it was never
   * sent: the answer may predate the submission's arrival (the order-path simulation, seed 20276913: a
   * query answered before the venue received a valid submission reached the guardian after the expiry; the
   * order was closed as never sent, filled, and its fill was skipped once the order was forgotten). So the
   * venue decides, in one write: an id it never received is closed there for good ("cancelled before it
   * arrived": a later submission is refused), one it has is answered with its real status and fills (and
   * cancelled if still working). The order closes on that answer, else a lost close (a refusal reported while
   * the guardian restarted) would leave it working for good; a lost answer is asked for again by
   * {@link GuardianMessages.ReconcileWorking}, whose UNKNOWN comes back here.
   */
  private static boolean unknownAfterExpiry(GuardianState s, String account, OrderReport r, Instant at) {
    AcknowledgedOrder ack = s.signed().get(r.clientOrderId().value());
    return r instanceof OrderReport.Status st && st.status() == OrderStatus.UNKNOWN && ack != null
        && ack.isExpiredAt(at) && s.account(account).book().working().containsKey(r.clientOrderId().value());
  }

  /** The account of a report's order: the one holding it, else where its bot's orders at that venue go. */
  static String accountOfReport(GuardianState s, OrderReport report) {
    String holding = s.accountHolding(report.clientOrderId());
    if (holding != null) return holding;
    AcknowledgedOrder ack = s.signed().get(report.clientOrderId().value());
    if (ack != null) return GuardianAccount.accountOf(ack.order().venue(), ack.order().botId());
    return s.accountOfBot(report.clientOrderId().botId());
  }

  private static String closeReason(OrderReport r) {
    if (r instanceof OrderReport.Rejected rj) return "rejected: " + rj.reason();
    if (r instanceof OrderReport.Cancelled c) return "cancelled: " + c.reason();
    if (r instanceof OrderReport.Status st) return st.status() == OrderStatus.FILLED ? "filled" : st.status() + ": " + st.reason();
    return "filled";
  }

  // ---------------------------------------------------------------- forgetting settled orders

  /**
   * The forget tick. At once, from the written state {@code written}, the "forgotten through" sync to every venue
   * (what it says forgotten is in the journal and stays forgotten, and it never names an order held here). Then
   * the orders settled and last active longer than the retention ago are forgotten, written only when there is at
   * least one; once written, each venue is told which of its orders went: a venue forgets an order only after the
   * guardian did, so it never answers "forgotten" to a guardian still waiting for that order's last fill.
   */
  public Decision forgetSettled(GuardianState written, GuardianState now, Collection<String> venueIds, Instant at) {
    Draft d = new Draft(now, at);
    Instant before = at.minus(settings.settledRetention());
    if (!written.forgottenThrough().isEmpty()) {
      for (String venueId : venueIds) {
        d.atOnce.add(new SyncForgotten(venueId, before, written.forgottenThrough(), written.heldAtOrBelowMarks(venueId)));
      }
    }
    List<String> ids = now.settledBefore(before);
    if (ids.isEmpty()) return d.done();
    var byVenue = new TreeMap<String, List<ClientOrderId>>();
    for (String id : ids) {
      String holding = now.accountHolding(ClientOrderId.parse(id));
      Order order = holding == null ? null : now.accounts().get(holding).book().acknowledged().get(id);
      if (order != null) byVenue.computeIfAbsent(order.venue(), v -> new ArrayList<>()).add(order.clientOrderId());
    }
    d.events.add(new GuardianEvent.SettledForgotten(before, at));
    d.afterWrite.add(new Log(LogAs.INFO, null, "Forgot " + ids.size() + " orders settled and last active before " + before));
    // In client order id order: the state's map iterates in no order worth relying on (the simulation replays seeds).
    byVenue.forEach((venueId, going) -> d.afterWrite.add(new ForgetAtVenue(venueId, before, going.stream().sorted().toList())));
    return d.done();
  }

  // ---------------------------------------------------------------- the operator

  /** Halts trading; once written, every working order (in client order id order) is cancelled at its venue. */
  public Decision killSwitch(GuardianState now, String by, String reason, Instant at) {
    Draft d = new Draft(now, at);
    var working = now.accounts().values().stream().flatMap(a -> a.book().working().values().stream())
        .sorted(Comparator.comparing((RiskBook.Working w) -> w.order().clientOrderId())).toList();
    d.events.add(new GuardianEvent.KillSwitchEngaged(by, reason, at));
    d.afterWrite.add(new Log(LogAs.ALERT_ERROR, null,
        "KILL SWITCH engaged by " + by + ": " + reason + " — cancelling " + working.size() + " working orders"));
    for (RiskBook.Working w : working) d.afterWrite.add(new CancelAtVenue(w.order(), "kill switch: " + reason));
    d.afterWrite.add(new Reply(new RiskGuardian.OperatorReply(TradingState.HALTED, true,
        "HALTED; cancelling " + working.size() + " working orders")));
    d.afterWrite.add(new Publish(new Alert.KillSwitchEngaged(by, reason, working.size(), at)));
    return d.done();
  }

  public Decision setTradingState(GuardianState now, TradingState state, String by, String reason, Instant at) {
    Draft d = new Draft(now, at);
    TradingState from = fleetState(now);
    d.events.add(new GuardianEvent.TradingStateChanged(state, by, reason, at));
    d.afterWrite.add(new Log(LogAs.ALERT_WARN, null, "Trading state set to " + state + " by " + by + ": " + reason));
    d.afterWrite.add(new Publish(new Alert.TradingStateChanged(from, state, by, reason, at)));
    d.afterWrite.add(new Reply(new RiskGuardian.OperatorReply(state, false, "trading state " + state)));
    return d.done();
  }

  /** As {@link #setTradingState}, but only ever stricter: a state at least as strict (or the kill switch) stays. */
  public Decision restrictTrading(GuardianState now, TradingState atLeast, String by, String reason, Instant at) {
    RiskBook b = now.opening() == null ? now.book() : now.opening();
    var less = now.accounts().values().stream()
        .filter(a -> !a.book().killSwitch() && a.book().tradingState().severity() < atLeast.severity())
        .map(GuardianAccount::id).sorted().toList();
    boolean fleetLess = !b.killSwitch() && b.tradingState().severity() < atLeast.severity();
    if (less.isEmpty() && !fleetLess) {
      Draft d = new Draft(now, at);
      d.atOnce.add(new Reply(new RiskGuardian.OperatorReply(b.tradingState(), b.killSwitch(),
          "trading state stays " + b.tradingState())));
      return d.done();
    }
    if (fleetLess && less.size() == now.accounts().size()) return setTradingState(now, atLeast, by, reason, at);
    // Some account is stricter already (a breaker HALTED it): only the others, one by one, so none is lowered.
    Draft d = new Draft(now, at);
    for (String account : less) d.events.add(new GuardianEvent.TradingStateChanged(atLeast, by, reason, at, account));
    d.afterWrite.add(new Log(LogAs.ALERT_WARN, null, "Trading state at least " + atLeast + " by " + by + " in "
        + less + ": " + reason));
    d.afterWrite.add(new Publish(new Alert.TradingStateChanged(TradingState.ACTIVE, atLeast, by, reason, at)));
    d.afterWrite.add(new Reply(new RiskGuardian.OperatorReply(atLeast, false, "trading state " + atLeast + " in " + less)));
    return d.done();
  }

  /** The fleet-wide trading state: what an account opened now would have. */
  private static TradingState fleetState(GuardianState s) {
    return s.opening() == null ? s.book().tradingState() : s.opening().tradingState();
  }

  public Decision resumeBot(GuardianState now, String botId, String by, String reason, Instant at) {
    Draft d = new Draft(now, at);
    if (!now.throttles().isPaused(botId)) {
      d.afterWrite.add(new Reply(new RiskGuardian.BotResumeReply(botId, false,
          "bot " + botId + " is not paused by the execution throttle")));
      return d.done();
    }
    d.events.add(new GuardianEvent.BotResumed(botId, by, reason, at));
    d.afterWrite.add(new Log(LogAs.ALERT_WARN, null, "Bot " + botId + " resumed by " + by + ": " + reason));
    d.afterWrite.add(new Publish(new Alert.BotResumed(botId, by, reason, at)));
    d.afterWrite.add(new Reply(new RiskGuardian.BotResumeReply(botId, true, "bot " + botId
        + " may add exposure again; its throttle counts start afresh")));
    return d.done();
  }

  // ---------------------------------------------------------------- venue accounts

  /**
   * What a venue's account watcher read. A venue that reports no account (the paper venue) is not reconciled. Else
   * our executions this guardian has not counted become fills, executions of orders no bot owns move the account's
   * cash and EXTERNAL positions, working orders no bot owns are adopted as EXTERNAL; then the first snapshot opens
   * the account (its cash is the venue's), and every later one is compared with it: a mismatch beyond the tolerance
   * holds the account (REDUCING, that account only) and alerts, until an operator acknowledges it.
   */
  public Decision accountReported(GuardianState now, RiskGuardian.AccountReported r, Instant at) {
    Draft d = new Draft(now, at);
    if (r.account() == null) return d.done();
    String id = r.venue();
    GuardianState next = now;
    var external = new ArrayList<io.dorado.protocol.venue.VenueExecution>();
    for (var e : r.executions()) {
      var fill = e.toFill();
      if (fill.isEmpty()) {
        if (!now.account(id).externalExecutions().contains(e.executionId())) external.add(e);
        continue;
      }
      Fill f = fill.get();
      String account = next.accountHolding(f.clientOrderId());
      account = account == null ? id : account;
      if (next.forgotten(f.clientOrderId()) || next.account(account).book().ledger().hasFill(f)) continue;
      var recorded = new GuardianEvent.FillRecorded(f, at, account);
      d.events.add(recorded);
      next = next.apply(recorded);
    }
    if (!external.isEmpty()) {
      var executed = new GuardianEvent.ExternalExecuted(id, external, at);
      d.events.add(executed);
      next = next.apply(executed);
    }
    var adopted = r.openOrders().stream().filter(io.dorado.protocol.venue.VenueOrderView::isExternal)
        .sorted(Comparator.comparing(io.dorado.protocol.venue.VenueOrderView::venueOrderId)).toList();
    var known = next.account(id).externalOrders();
    if (adopted.size() != known.size() || adopted.stream().anyMatch(o -> !o.equals(known.get(o.venueOrderId())))) {
      var seen = new GuardianEvent.ExternalSeen(id, adopted, at);
      d.events.add(seen);
      next = next.apply(seen);
      if (!adopted.isEmpty()) {
        d.afterWrite.add(new Log(LogAs.ALERT_WARN, null, "Account " + id + ": " + adopted.size()
            + " order(s) at the venue no bot owns adopted as EXTERNAL (counted in risk, never managed)"));
      }
    }
    GuardianAccount a = next.account(id);
    if (!a.reconciled()) {
      var beyond = GuardianAccount.externalBeyondBots(r.account(), a.book().ledger());
      d.events.add(new GuardianEvent.AccountOpened(id, r.venue(), r.mode(), r.account(), beyond, at));
      d.afterWrite.add(new Log(LogAs.INFO, null, "Account " + id + " (" + r.mode() + ") opened from the venue: cash "
          + RiskEngine.money(r.account().cash()) + ", " + beyond.size() + " EXTERNAL position(s)"));
      return d.done();
    }
    String mismatch = reconciliation.mismatch(a, r.account());
    d.events.add(new GuardianEvent.ReconciliationChecked(id, mismatch, r.account(), at));
    if (mismatch != null && a.hold() == null) {
      d.afterWrite.add(new Log(LogAs.ALERT_ERROR, null, "Account " + id + " does not reconcile with its venue: "
          + mismatch + " — account REDUCING until an operator acknowledges it"));
      d.afterWrite.add(new Publish(new Alert.AccountMismatch(id, r.venue(), mismatch, at)));
    }
    return d.done();
  }

  /** An operator acknowledges an account's mismatch: it takes the venue's last snapshot and leaves REDUCING. */
  public Decision acknowledgeReconciliation(GuardianState now, String account, String by, String reason, Instant at) {
    Draft d = new Draft(now, at);
    GuardianAccount a = now.accounts().get(account);
    if (a == null || a.hold() == null) {
      d.atOnce.add(new Reply(new RiskGuardian.AccountReply(account, a != null, false, a == null ? "no account " + account
          : "account " + account + " is not held by a reconciliation mismatch")));
      return d.done();
    }
    d.events.add(new GuardianEvent.ReconciliationAcknowledged(account, by, reason, at));
    d.afterWrite.add(new Log(LogAs.ALERT_WARN, null, "Account " + account + " reconciliation acknowledged by " + by
        + ": " + reason));
    d.afterWrite.add(new Publish(new Alert.TradingStateChanged(TradingState.REDUCING, a.book().tradingState(), by,
        "account " + account + " reconciliation acknowledged: " + reason, at)));
    d.afterWrite.add(new Reply(new RiskGuardian.AccountReply(account, true, true, "account " + account
        + " takes the venue's last snapshot and trades again")));
    return d.done();
  }

  // ---------------------------------------------------------------- the rest

  /**
   * The breakers for inspection: the first account's at the top (as before accounts), every account's, and the
   * fleet-wide figures when the policy switches a fleet-wide limit on.
   */
  public RiskGuardian.BreakerReport breakerReport(GuardianState s, Instant at) {
    RiskGuardian.BreakerReport first = engine.breakerReport(s.book(), s.trippedSince(), at);
    var accounts = new ArrayList<RiskGuardian.AccountBreakers>();
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) {
      RiskGuardian.BreakerReport r = engine.breakerReport(a.book(), a.trippedSince(), at);
      accounts.add(new RiskGuardian.AccountBreakers(a.id(), a.venue(), a.mode(), FleetWideLimits.live(a), r.breakers(),
          r.sizingMultiplier(), r.impliedState(), a.tradingState(), r.killSwitch()));
    }
    return new RiskGuardian.BreakerReport(first.breakers(), first.sizingMultiplier(), first.impliedState(),
        first.tradingState(), first.killSwitch(), at, accounts, fleetWide.report(s.accounts(), at));
  }

  /** Value at risk, positions and greeks of every account and of the live accounts together, against their limits. */
  public RiskGuardian.PortfolioRisk portfolioRisk(GuardianState s, Instant at) {
    return portfolio.report(s, at).withGreeks(crossAsset.report(s, at));
  }

  /** The prices a mark of {@code symbol} writes: it, and the options on it carried along ({@link OptionMarks}). */
  public Map<String, BigDecimal> marks(GuardianState s, String symbol, BigDecimal price, Instant at) {
    return OptionMarks.with(s, symbol, price, at, engine.policy().greeks().riskFreeRate().doubleValue());
  }

  /** Events written as they are (marks, budgets), with the breakers they move. */
  public Decision record(GuardianState now, List<GuardianEvent> events, Instant at) {
    Draft d = new Draft(now, at);
    d.events.addAll(events);
    return d.done();
  }

  /** A bot's position in the ledger, told once everything decided so far is written: the position no restart can take back. */
  public Decision botPosition(GuardianState now, String botId, String symbol, Instant at) {
    Draft d = new Draft(now, at);
    var position = io.dorado.protocol.order.Position.flat(symbol);
    for (GuardianAccount a : new TreeMap<>(now.accounts()).values()) {
      var p = a.book().ledger().botPosition(botId, symbol);
      if (!p.isFlat() || a.book().ledger().botPositions().containsKey(Ledger.botKey(botId, symbol))) {
        position = p;
        break;
      }
    }
    d.afterWrite.add(new Reply(new RiskGuardian.BotPosition(botId, position, at)));
    return d.done();
  }

  /** The allocator's budget for the bot; zero when one is required and the allocator gave none. */
  private BigDecimal budgetFor(GuardianState s, String botId) {
    BigDecimal budget = s.budgetFor(botId);
    return budget == null && settings.budgetRequired() ? BigDecimal.ZERO : budget;
  }

  private void impliedState(Draft d, TradingState implied, String account) {
    TradingState current = d.now.account(account).book().tradingState();
    if (implied == null || implied == current) return;
    d.atOnce.add(new Log(LogAs.ALERT_ERROR, null, "Circuit breaker implies " + implied + " in account " + account
        + ": trading state changes from " + current));
    d.alertsAfterBatch.add(new Alert.BreakerTripped("breaker", account + ": breaker implies " + implied, implied, d.at));
    d.alertsAfterBatch.add(new Alert.TradingStateChanged(current, implied, "circuit breaker",
        account + ": breaker implied " + implied, d.at));
    // Which breaker implies it, recorded with the halt: its reset at the session boundary depends on it (SessionReset).
    RiskDenial breach = engine.breakers(d.now.account(account).book(), d.at).breach();
    d.events.add(new GuardianEvent.TradingStateChanged(implied, "circuit breaker", "breaker implied " + implied
        + (breach == null ? "" : " (" + breach.reason() + ")"), d.at, account,
        implied == TradingState.HALTED ? SessionReset.breakerOf(breach) : null));
  }

  /** The pause a verdict asks for (none, or one event), its alert published once it is written. */
  private static void paused(Draft d, String botId, ExecutionThrottle.Verdict verdict) {
    if (verdict.pause() == null) return;
    RiskDenial why = verdict.pause();
    d.atOnce.add(new Log(LogAs.ALERT_ERROR, null, "Bot " + botId + " PAUSED by the execution throttle: " + why));
    d.alertsAfterBatch.add(new Alert.BotPaused(botId, why.reason(), why.detail(), d.at));
    d.events.add(new GuardianEvent.BotPaused(botId, why, d.at));
  }

  private static void denied(Draft d, ClientOrderId id, RiskDenial denial) {
    d.atOnce.add(new Log(LogAs.INFO, id, "Order " + id + " denied: " + denial));
    d.events.add(new GuardianEvent.OrderDenied(id, denial, d.at));
  }
}
