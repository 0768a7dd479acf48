package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotData;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.ProtectiveOrder;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.TradeMark;
import io.dorado.protocol.bot.WorkingOrder;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.order.TimeInForce;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bot's decisions as pure functions: given a state and what happened, the events to persist.
 * No actor here, so every rule can be read (and tested) on its own.
 */
final class BotTransitions {

  /** What an incoming command leads to: events to persist, or a rejection with its reason. */
  record Decision(List<BotEvent> events, String detail, String rejection) {
    static Decision accept(List<BotEvent> events, String detail) {
      return new Decision(events, detail, null);
    }

    static Decision reject(String reason) {
      return new Decision(List.of(), null, reason);
    }

    boolean isRejected() {
      return rejection != null;
    }
  }

  private final String botId;
  private final Clock clock;
  /** Whether the trade's stop and target rest at the venue ({@link BotSettings#protectiveOrders}). */
  private final boolean protective;
  /** Which order a stop rests as on the bot's venue ({@link ProtectionStyle}). */
  private final ProtectionStyle style;

  BotTransitions(String botId, Clock clock) {
    this(botId, clock, false);
  }

  BotTransitions(String botId, Clock clock, boolean protective) {
    this(botId, clock, protective, ProtectionStyle.defaults());
  }

  BotTransitions(String botId, Clock clock, boolean protective, ProtectionStyle style) {
    this.botId = botId;
    this.clock = clock;
    this.protective = protective;
    this.style = style;
  }

  Instant now() {
    return clock.instant();
  }

  Decision create(BotState.New s, BotConfig config) {
    if (!config.id().equals(botId)) return Decision.reject("config id " + config.id() + " does not match bot " + botId);
    return Decision.accept(List.of(new BotEvent.BotCreated(botId, config, now())), "created");
  }

  // ---------------------------------------------------------------- signals

  Decision ingest(BotState s, Signal signal) {
    if (s instanceof BotState.New) return Decision.reject("bot " + botId + " does not exist");
    BotData d = s.data();
    if (!signal.botId().equals(botId)) return Decision.reject("signal is for bot " + signal.botId() + ", not " + botId);
    if (!signal.symbol().equals(d.config().underlying())) {
      return Decision.reject("signal symbol " + signal.symbol() + " is not this bot's underlying " + d.config().underlying());
    }
    if (d.paused()) return Decision.reject("paused: new signals are refused until the bot is resumed");
    if (s instanceof BotState.Idle) {
      if (!signal.action().isEntry()) {
        return Decision.reject("no open position: a " + signal.action() + " signal needs one");
      }
      Side side = signal.action() == SignalAction.ENTER_LONG ? Side.BUY : Side.SELL;
      return Decision.accept(
          List.of(new BotEvent.SignalIngested(botId, signal, false, now()),
              new BotEvent.RiskCheckStarted(botId, proposal(d, signal, side, false), now())),
          "sent to the risk guardian for review");
    }
    if (s instanceof BotState.Monitoring m) {
      switch (signal.action()) {
        case EXIT:
          return Decision.accept(close(m, signal.signalId(), "exit signal " + signal.signalId()), "closing the position");
        case ADJUST:
          if (signal.price() == null) return Decision.reject("an adjust signal needs a price");
          if (d.position().isFlat() && d.structure() != null && !d.structure().isFlat()) {
            return Decision.reject("a multi-leg structure is not adjusted (rolls are not built): send exit");
          }
          Side side = d.position().quantity().signum() >= 0 ? Side.BUY : Side.SELL;
          return Decision.accept(
              List.of(new BotEvent.SignalIngested(botId, signal, true, now()),
                  new BotEvent.RiskCheckStarted(botId, proposal(d, signal, side, true), now())),
              "adjustment sent to the risk guardian for review");
        default:
          return Decision.reject("already holds a position: send adjust or exit");
      }
    }
    return Decision.reject("busy: signals are taken in IDLE and MONITORING");
  }

  private TradeProposal proposal(BotData d, Signal signal, Side side, boolean adjustment) {
    BotConfig c = d.config();
    return new TradeProposal(TradeProposal.reviewIdFor(botId, signal.signalId()), botId, signal.signalId(),
        c.venue(), c.underlying(), side, signal.price(), signal.stop(), signal.target(), sizing(c.sizing(), signal),
        adjustment, now(), signal.legs(), signal.limitTimeout());
  }

  /**
   * The sizing the bot proposes: its own, or the risk % the signal's sender computed (the scan's adaptive
   * or Kelly sizing) when the bot sizes by risk, never above the bot's configured risk %. The guardian
   * still applies its breakers' multiplier and every exposure limit to it.
   */
  static Sizing sizing(Sizing own, Signal signal) {
    if (signal.riskPct() == null || own.riskPct() == null) return own;
    return Sizing.riskPct(signal.riskPct().min(own.riskPct()));
  }

  /** Starts closing: a reduce-only market order for the whole position (or straight to IDLE when flat). */
  List<BotEvent> close(BotState s, String signalId, String reason) {
    var events = new ArrayList<BotEvent>();
    events.add(new BotEvent.ClosingStarted(botId, signalId, reason, now()));
    events.addAll(closingOrderOrIdle(s.data()));
    return events;
  }

  List<BotEvent> nextClosingOrder(BotState.Closing s) {
    return closingOrderOrIdle(s.data());
  }

  private List<BotEvent> closingOrderOrIdle(BotData d) {
    if (d.structure() != null && !d.structure().isFlat() && d.position().isFlat()) return structureClosingOrder(d);
    if (d.isFlat()) {
      var events = new ArrayList<BotEvent>();
      events.add(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING, "position is flat", now()));
      events.addAll(cancelProtection(d, "the position is flat"));
      return events;
    }
    BigDecimal qty = d.position().quantity();
    Order order = Order.market(d.nextClientOrderId(), d.config().venue(), d.config().underlying(),
        qty.signum() > 0 ? Side.SELL : Side.BUY, qty.abs(), true);
    return List.of(ofTrade(d, order));
  }

  /**
   * An exit of the open trade (a close, a partial close, a structure's close): it carries the trade's template and
   * the operator who approved its entry (null when that was automatic).
   */
  private BotEvent.OrderIntended ofTrade(BotData d, Order order) {
    return new BotEvent.OrderIntended(botId, order, now(), d.config().strategyTemplate(), approverOf(d));
  }

  private static String approverOf(BotData d) {
    return d.openTrade() == null ? null : d.openTrade().approvedBy();
  }

  // ---------------------------------------------------------------- risk and approval

  List<BotEvent> reviewed(BotState.RiskCheck s, RiskGuardian.ReviewReply reply) {
    TradeProposal p = s.proposal();
    if (!reply.reviewId().equals(p.reviewId())) return List.of(); // an answer to an older review
    if (reply instanceof RiskGuardian.TradeDenied denied) {
      return List.of(new BotEvent.RiskRejected(botId, p.reviewId(), denied.reason(), denied.detail(), now()),
          settle(s.data(), Phase.REJECTED, "risk denied: " + denied.reason() + " (" + denied.detail() + ")"));
    }
    var approved = (RiskGuardian.TradeApproved) reply;
    if (approved.quantity() == null || approved.quantity().signum() <= 0) {
      String detail = "approved quantity " + approved.quantity() + " is not positive";
      return List.of(new BotEvent.RiskRejected(botId, p.reviewId(), DenialReason.INVALID_ORDER, detail, now()),
          settle(s.data(), Phase.REJECTED, "risk denied: " + detail));
    }
    if (s.data().config().approvalMode() == ApprovalMode.AUTO_EXECUTE) {
      return List.of(new BotEvent.ExecutionApproved(botId, p.reviewId(), approved.quantity(), approved.maxLoss(), "auto_execute", true, now()),
          new BotEvent.OrderIntended(botId, entryOrder(s.data(), p, approved.quantity()), now(),
              s.data().config().strategyTemplate(), null));
    }
    Instant deadline = now().plus(s.data().config().approvalTimeout());
    return List.of(new BotEvent.ApprovalRequested(botId, p.reviewId(), approved.quantity(), approved.maxLoss(), deadline, now()));
  }

  List<BotEvent> approve(BotState.AwaitingApproval s, String by) {
    return List.of(new BotEvent.ExecutionApproved(botId, s.proposal().reviewId(), s.quantity(), s.maxLoss(), by, false, now()),
        new BotEvent.OrderIntended(botId, entryOrder(s.data(), s.proposal(), s.quantity()), now(),
            s.data().config().strategyTemplate(), by));
  }

  List<BotEvent> rejectByHuman(BotState.AwaitingApproval s, String by, String reason) {
    String why = "rejected by " + by + (reason == null || reason.isBlank() ? "" : ": " + reason);
    return List.of(new BotEvent.TradeCancelled(botId, s.proposal().reviewId(), why, by, now()),
        settle(s.data(), Phase.CANCELLED, why));
  }

  List<BotEvent> timeout(BotState.AwaitingApproval s) {
    String why = "approval timed out at " + s.deadline();
    return List.of(new BotEvent.TradeCancelled(botId, s.proposal().reviewId(), why, "timeout", now()),
        settle(s.data(), Phase.CANCELLED, why));
  }

  private static Order entryOrder(BotData d, TradeProposal p, BigDecimal quantity) {
    if (p.isStructure()) { // sell the structures for at least the net credit the signal named
      return Order.combo(d.nextClientOrderId(), p.venue(), p.symbol(), Side.SELL, quantity, p.referencePrice(), p.legs(), false);
    }
    if (p.isLimitEntry()) { // rests at the venue at the signal's price until it fills or its time-out cancels it
      return Order.limit(d.nextClientOrderId(), p.venue(), p.symbol(), p.side(), quantity, p.referencePrice());
    }
    return Order.market(d.nextClientOrderId(), p.venue(), p.symbol(), p.side(), quantity, false);
  }

  /**
   * A limit entry's time-out has passed ({@link BotState.Executing#limitDeadline}): cancel what rests at the venue,
   * persisted first. Nothing when the entry is not a resting limit, is already being cancelled, or its time is not up.
   */
  List<BotEvent> entryTimedOut(BotState.Executing s) {
    Instant deadline = s.limitDeadline();
    if (deadline == null || s.cancelling() != null || s.working() == null || now().isBefore(deadline)) return List.of();
    WorkingOrder w = s.working();
    String reason = "limit entry not filled within " + s.proposal().limitTimeout() + " (filled "
        + plain(w.filledQuantity()) + " of " + plain(w.order().quantity()) + "): cancelling the rest";
    return List.of(new BotEvent.EntryCancelling(botId, w.order().clientOrderId(), reason, now()));
  }

  /** Where a trade attempt that did not happen leaves the bot: IDLE when flat, else still MONITORING. */
  private BotEvent settle(BotData d, Phase from, String reason) {
    return d.isFlat()
        ? new BotEvent.ReturnedToIdle(botId, from, reason, now())
        : new BotEvent.EnteredMonitoring(botId, reason, now());
  }

  // ---------------------------------------------------------------- orders

  /**
   * News about an order. Unseen fills are applied whatever the state (the position is the truth);
   * then the working order is resolved: filled, failed, or merely accepted.
   */
  List<BotEvent> orderReported(BotState s, OrderReport report) {
    if (s instanceof BotState.New) return List.of();
    if (forgotten(s, report)) return List.of(); // settled once the guardian's ledger position is in: forgottenOrderFailed
    var events = new ArrayList<BotEvent>();
    BotState projected = s;
    for (Fill fill : report.fills()) {
      if (!projected.data().hasSeenFill(fill) && projected.data().trades(fill.symbol())) {
        events.add(new BotEvent.FillApplied(botId, fill, now()));
        projected = projected.applyFill(fill);
      }
    }
    ProtectiveOrder protection = projected.data().protective(report.clientOrderId());
    if (protection != null) {
      events.addAll(protectionReported(projected, protection, report));
      return events;
    }
    WorkingOrder working = projected instanceof BotState.WithOrder w && w.working() != null
        && w.working().order().clientOrderId().equals(report.clientOrderId()) ? w.working() : null;
    if (working != null) {
      events.addAll(resolve(projected, working, report));
    } else if (!events.isEmpty()) {
      events.addAll(afterStrayFill(projected));
    }
    return events;
  }

  private List<BotEvent> resolve(BotState s, WorkingOrder w, OrderReport report) {
    if (w.isComplete()) return completed(s, w);
    if (closedWithUnseenFills(w, report)) {
      return List.of(); // fills we never heard of: settle only once the venue's status (with every fill) is in
    }
    String failure = failureOf(report, w);
    if (failure != null) return failed(s, w, failure, HeldBalance.refused(report));
    boolean acceptedNow = report instanceof OrderReport.Accepted
        || report instanceof OrderReport.Status st && st.status() != OrderStatus.UNKNOWN;
    if (acceptedNow && !w.accepted()) {
      String venueOrderId = report instanceof OrderReport.Accepted a ? a.venueOrderId() : null;
      return List.of(new BotEvent.OrderAccepted(botId, w.order().clientOrderId(), venueOrderId, now()));
    }
    return List.of();
  }

  /**
   * True when {@code report} closes the working order counting more filled than the bot has seen ("cancelled,
   * filled X", X above its fills): the bot does not settle on it but asks the venue for the order's status,
   * which lists every fill, at once rather than on its next retry.
   */
  boolean asksForStatus(BotState s, OrderReport report) {
    return s instanceof BotState.WithOrder w && w.working() != null
        && w.working().order().clientOrderId().equals(report.clientOrderId())
        && !w.working().isComplete() && closedWithUnseenFills(w.working(), report);
  }

  /**
   * True when the venue or the guardian says the working order was settled and forgotten ({@link
   * OrderStatus#FORGOTTEN}): what it filled is known only to the guardian's ledger, so the bot asks the guardian
   * for its position before it settles anything ({@link #forgottenOrderFailed}).
   */
  boolean forgotten(BotState s, OrderReport report) {
    return report instanceof OrderReport.Status st && st.status() == OrderStatus.FORGOTTEN
        && s instanceof BotState.WithOrder w && w.working() != null
        && w.working().order().clientOrderId().equals(report.clientOrderId());
  }

  /**
   * The forgotten working order {@code id} fails, and the bot's position becomes {@code ledger}, the guardian's:
   * {@link BotEvent.PositionReconciled}, then the order's failure as for any other (EXECUTING → FAILED → IDLE,
   * MONITORING after an adjustment, or CLOSING to close what an abandoned entry left; a closing order or a
   * reduction fails as those do). Nothing when {@code id} is no longer the working order (settled meanwhile).
   */
  List<BotEvent> forgottenOrderFailed(BotState s, ClientOrderId id, String detail, Position ledger) {
    WorkingOrder w = s instanceof BotState.WithOrder wo && wo.working() != null
        && wo.working().order().clientOrderId().equals(id) ? wo.working() : null;
    if (w == null || ledger == null) return List.of();
    Position before = s.data().position();
    String reason = "order " + id + " was forgotten (" + detail + "); position " + before.quantity().toPlainString()
        + " → " + ledger.quantity().toPlainString() + " " + ledger.symbol() + " from the risk guardian's ledger";
    var events = new ArrayList<BotEvent>();
    events.add(new BotEvent.PositionReconciled(botId, id, before, ledger, reason, now()));
    BotState reconciled = s.withData(s.data().withPosition(ledger));
    events.addAll(failed(reconciled, w, reason, false));
    return events;
  }

  private static boolean closedWithUnseenFills(WorkingOrder w, OrderReport report) {
    return report instanceof OrderReport.Cancelled c && c.filledQuantity() != null
        && c.filledQuantity().compareTo(w.filledQuantity()) > 0;
  }

  private static String failureOf(OrderReport report, WorkingOrder w) {
    String filled = " (filled " + w.filledQuantity().toPlainString() + " of " + w.order().quantity().toPlainString() + ")";
    if (report instanceof OrderReport.Denied d) return "denied by the risk guardian: " + d.reason() + " (" + d.detail() + ")";
    if (report instanceof OrderReport.Rejected r) return "rejected by the venue: " + r.reason();
    if (report instanceof OrderReport.Cancelled c) return "cancelled: " + c.reason() + filled;
    if (report instanceof OrderReport.Status st && (st.status() == OrderStatus.CANCELLED || st.status() == OrderStatus.REJECTED)) {
      return "venue reports " + st.status() + ": " + st.reason() + filled;
    }
    return null;
  }

  private List<BotEvent> completed(BotState s, WorkingOrder w) {
    var id = w.order().clientOrderId();
    if (s instanceof BotState.Reducing r) return reductionSettled(r, "reduction " + r.reductionId() + " filled by " + id);
    if (s instanceof BotState.Closing) {
      if (s.data().isFlat()) {
        var events = new ArrayList<BotEvent>();
        events.add(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING,
            "position closed by " + id + "; realized P&L " + s.data().realizedPnl().toPlainString() + sides(s.data()), now()));
        events.addAll(cancelProtection(s.data(), "the position was closed by " + id));
        return events;
      }
      return List.of(new BotEvent.ClosingOrderFailed(botId, id,
          "close order filled but the position is still " + s.data().position().quantity().toPlainString(), now()));
    }
    var events = new ArrayList<BotEvent>();
    events.add(new BotEvent.EnteredMonitoring(botId, "order " + id + " filled: position "
        + s.data().position().quantity().toPlainString() + " at " + s.data().position().averagePrice().toPlainString(), now()));
    if (s instanceof BotState.Executing ex && !ex.proposal().adjustment()) events.addAll(placeProtection(s.data()));
    return events;
  }

  /**
   * {@code balanceHeld}: the venue refused the order for the balance the account's resting orders hold ({@link
   * HeldBalance}).
   */
  private List<BotEvent> failed(BotState s, WorkingOrder w, String reason, boolean balanceHeld) {
    var id = w.order().clientOrderId();
    if (s instanceof BotState.Reducing r) {
      if (balanceHeld && !r.data().protecting().isEmpty()) return makeRoom(r, id, reason);
      return reductionSettled(r, "reduction " + r.reductionId() + " failed: " + reason);
    }
    if (s instanceof BotState.Closing) {
      var events = new ArrayList<BotEvent>();
      events.add(new BotEvent.ClosingOrderFailed(botId, id, reason, now()));
      // Spot venues have no reduce-only: the resting stop/target hold the balance the close would sell, and the venue
      // refuses the close for it. Then the protection goes first (the retry timer sends the close again); a close refused
      // for anything else keeps the position protected.
      if (balanceHeld) {
        events.addAll(cancelProtection(s.data(), "the close " + id + " was refused for the balance the protection holds ("
            + reason + "): cancelled so the close can go"));
      }
      return events;
    }
    BotData d = s.data();
    if (s instanceof BotState.Executing ex && ex.cancelling() != null && !ex.proposal().adjustment() && !d.isFlat()) {
      // A limit entry cancelled at its time-out after a part filled: that part is the position, managed as any entry.
      var events = new ArrayList<BotEvent>();
      events.add(new BotEvent.EnteredMonitoring(botId, "limit entry " + id + " timed out after "
          + ex.proposal().limitTimeout() + ": filled " + plain(w.filledQuantity()) + " of " + plain(w.order().quantity())
          + ", kept as the position " + plain(d.position().quantity()) + " at " + plain(d.position().averagePrice()), now()));
      events.addAll(placeProtection(d));
      return events;
    }
    if (s instanceof BotState.Executing ex && ex.cancelling() != null) {
      reason = "limit entry not filled within " + ex.proposal().limitTimeout() + ": cancelled at the venue";
    }
    var events = new ArrayList<BotEvent>();
    events.add(new BotEvent.OrderFailed(botId, id, reason, now()));
    if (d.isFlat()) {
      events.add(new BotEvent.ReturnedToIdle(botId, Phase.FAILED, reason, now()));
    } else if (((BotState.Executing) s).proposal().adjustment()) {
      events.add(new BotEvent.EnteredMonitoring(botId, "adjustment failed: " + reason, now()));
    } else {
      // Cleanup: a partial entry that was abandoned is closed rather than left unmanaged.
      events.add(new BotEvent.ClosingStarted(botId, null, "cleanup after failed entry: " + reason, now()));
      events.addAll(closingOrderOrIdle(d));
    }
    return events;
  }

  /** A fill for an order no longer working: keep the position managed. */
  private List<BotEvent> afterStrayFill(BotState s) {
    var position = s.data().position();
    if (s instanceof BotState.Idle && !s.data().isFlat()) {
      return List.of(new BotEvent.EnteredMonitoring(botId, "a late fill left a position of " + position.quantity().toPlainString(), now()));
    }
    if (s instanceof BotState.Monitoring && s.data().isFlat()) {
      return List.of(new BotEvent.ReturnedToIdle(botId, Phase.MONITORING, "position flat after a late fill", now()));
    }
    return List.of();
  }

  // ---------------------------------------------------------------- partial closes (scaled exits)

  /**
   * A partial close: a reduce-only market order for {@code quantity}, never more than the position.
   * The entity answers a reduction id it has seen before without calling this.
   */
  Decision reduce(BotState.Monitoring m, String reductionId, BigDecimal quantity, String reason) {
    if (reductionId == null || reductionId.isBlank()) return Decision.reject("a reduction needs a reduction id");
    if (quantity == null || quantity.signum() <= 0) return Decision.reject("a reduction needs a quantity > 0, was " + quantity);
    BotData d = m.data();
    BigDecimal held = d.position().quantity();
    if (d.position().isFlat()) return Decision.reject("no open position to reduce");
    if (quantity.compareTo(held.abs()) > 0) {
      return Decision.reject("cannot reduce by " + quantity.toPlainString() + ": the position is only "
          + held.abs().toPlainString() + " (a reduction never exceeds it; close the position instead)");
    }
    Order order = Order.market(d.nextClientOrderId(), d.config().venue(), d.config().underlying(),
        held.signum() > 0 ? Side.SELL : Side.BUY, quantity, true);
    return Decision.accept(List.of(new BotEvent.ReductionStarted(botId, reductionId, quantity, reason, now()),
        ofTrade(d, order)), "reducing by " + quantity.toPlainString() + ": " + reason);
  }

  /**
   * A reduction's order settled (filled or not): back to MONITORING with what is left, or IDLE when flat. The protection
   * is resized for what is left, and what was taken down to make room for the reduction is placed again for it.
   */
  private List<BotEvent> reductionSettled(BotState.Reducing r, String why) {
    var position = r.data().position();
    var events = new ArrayList<BotEvent>();
    if (position.isFlat()) {
      events.add(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING, why + "; position closed, realized P&L "
          + position.realizedPnl().toPlainString(), now()));
      events.addAll(cancelProtection(r.data(), why));
      return events;
    }
    events.add(new BotEvent.EnteredMonitoring(botId, why + "; position now " + position.quantity().toPlainString(), now()));
    events.addAll(resizeProtection(r.data(), r.makingRoom()));
    return events;
  }

  /**
   * The venue refused the reduction {@code id} for the balance the protection holds (a spot venue: no reduce-only, a
   * resting sell holds what it would sell). Room is made: the protection is cancelled ({@link BotState.Reducing#makeRoom}
   * remembers it), the reduction goes again once it is off the venue ({@link #reductionAfterRoom}), and the protection is
   * placed again at its prices for what is left once the reduction settles. Spot venues here can neither shrink a
   * resting order nor rest a second one beside it (it would need the same balance), so cancelling is the only room.
   */
  private List<BotEvent> makeRoom(BotState.Reducing r, ClientOrderId id, String reason) {
    var events = new ArrayList<BotEvent>();
    events.add(new BotEvent.ClosingOrderFailed(botId, id, reason, now()));
    events.addAll(cancelProtection(r.data(), "making room for reduction " + r.reductionId() + ": " + id
        + " was refused for the balance the protection holds (" + reason + ")"));
    return events;
  }

  /**
   * The reduction again, once the protection taken down to make room for it is off the venue: a reduce-only market
   * order for the reduction's quantity, never more than the position (a stop that filled meanwhile reduced it; when it
   * closed it, the reduction settles). Nothing while a protective order being taken down still rests.
   */
  List<BotEvent> reductionAfterRoom(BotState.Reducing r) {
    BotData d = r.data();
    if (r.working() != null || r.makingRoom().isEmpty()
        || r.makingRoom().stream().anyMatch(p -> d.protective(p.clientOrderId()) != null)) {
      return List.of();
    }
    if (d.position().isFlat()) return reductionSettled(r, "reduction " + r.reductionId() + ": nothing left to reduce");
    BigDecimal held = d.position().quantity();
    Order order = Order.market(d.nextClientOrderId(), d.config().venue(), d.config().underlying(),
        held.signum() > 0 ? Side.SELL : Side.BUY, r.quantity().min(held.abs()), true);
    return List.of(ofTrade(d, order));
  }

  // ---------------------------------------------------------------- protection resting at the venue

  /**
   * On the entry's fill: the trade's stop (a reduce-only STOP) and its target (a reduce-only LIMIT), each for the
   * whole position, GTC, with the next client order ids (the target kept virtual where it cannot rest beside the stop,
   * {@link #targetVirtual}); nothing when protection is off, the trade has no stop and no target, or the bot holds a
   * structure (its legs are closed as one combo).
   */
  private List<BotEvent> placeProtection(BotData d) {
    TradeMark mark = d.openTrade();
    if (!protective || mark == null || d.position().isFlat() || d.structure() != null) return List.of();
    return protectionFor(d, mark.stop(), mark.target(), d.position().quantity().abs());
  }

  /**
   * True when the bot holds a position whose stop (or target) should rest at the venue and none of that role does:
   * a protective order the guardian denied (its ledger may not have had the entry's fill yet: the bot heard the
   * fill from the venue first), the venue rejected, or someone cancelled. The retry timer places it again.
   */
  boolean protectionMissing(BotState s) {
    return !missingProtection(s).isEmpty();
  }

  /** The stop and target missing at the venue ({@link #protectionMissing}), placed again with new client order ids. */
  List<BotEvent> replaceMissingProtection(BotState s) {
    List<ProtectiveOrder.Role> missing = missingProtection(s);
    if (missing.isEmpty()) return List.of();
    TradeMark mark = s.data().openTrade();
    BigDecimal quantity = s.data().position().quantity().abs();
    return protectionFor(s.data(), missing.contains(ProtectiveOrder.Role.STOP) ? mark.stop() : null,
        missing.contains(ProtectiveOrder.Role.TARGET) ? mark.target() : null, quantity);
  }

  private List<ProtectiveOrder.Role> missingProtection(BotState s) {
    if (!protective || !(s instanceof BotState.Monitoring)) return List.of();
    BotData d = s.data();
    TradeMark mark = d.openTrade();
    if (mark == null || d.position().isFlat() || d.structure() != null) return List.of();
    var missing = new ArrayList<ProtectiveOrder.Role>();
    if (mark.stop() != null && mark.stop().signum() > 0 && !resting(d, ProtectiveOrder.Role.STOP)) {
      missing.add(ProtectiveOrder.Role.STOP);
    }
    if (mark.target() != null && mark.target().signum() > 0 && !resting(d, ProtectiveOrder.Role.TARGET)
        && !targetVirtual(d, mark.stop(), stopRestsApart(d))) {
      missing.add(ProtectiveOrder.Role.TARGET);
    }
    return missing;
  }

  /**
   * True when the trade's target stays virtual beside its stop ({@code stop}, or one resting): each open exit holds the
   * balance it would sell, and the two would rest {@code apart} or the venue has no OCO (Kraken spot, Alpaca crypto; Binance
   * spot once it rejected the OCO), so a target beside the stop would be refused for insufficient funds. The stop rests;
   * position management closes on the target, and the close over the stop cancels it first ({@link HeldBalance}).
   */
  private boolean targetVirtual(BotData d, BigDecimal stop, boolean apart) {
    boolean withStop = stop != null && stop.signum() > 0 || resting(d, ProtectiveOrder.Role.STOP);
    String venue = d.config().venue();
    String symbol = d.config().underlying();
    return withStop && style.targetVirtualApart(venue, symbol) && (apart || !style.oco(venue, symbol));
  }

  /** A stop rests on its own, not inside an OCO (the OCO was rejected, or the venue has none). */
  private static boolean stopRestsApart(BotData d) {
    return d.protecting().stream().anyMatch(p -> p.role() == ProtectiveOrder.Role.STOP);
  }

  private static boolean resting(BotData d, ProtectiveOrder.Role role) {
    return d.protecting().stream().anyMatch(p -> role == ProtectiveOrder.Role.STOP ? p.hasStop() : p.hasTarget());
  }

  private List<BotEvent> protectionFor(BotData d, BigDecimal stop, BigDecimal target, BigDecimal quantity) {
    return protectionFor(d, stop, target, quantity, true);
  }

  /** {@code nativeOco}: false when the venue rejected this trade's native OCO: the stop and target go apart. */
  private List<BotEvent> protectionFor(BotData d, BigDecimal stop, BigDecimal target, BigDecimal quantity,
      boolean nativeOco) {
    Side exit = d.position().quantity().signum() > 0 ? Side.SELL : Side.BUY;
    var events = new ArrayList<BotEvent>();
    long sequence = d.lastOrderSequence();
    boolean both = stop != null && stop.signum() > 0 && target != null && target.signum() > 0;
    if (both && nativeOco && style.oco(d.config().venue(), d.config().underlying())) { // one native OCO where the venue has one
      Order order = style.ocoOrder(ClientOrderId.of(botId, ++sequence), d.config().venue(), d.config().underlying(), exit,
          quantity, stop, target);
      events.add(new BotEvent.ProtectionIntended(botId, order, ProtectiveOrder.Role.OCO, now()));
      return events;
    }
    if (stop != null && stop.signum() > 0) {
      Order order = style.stopOrder(ClientOrderId.of(botId, ++sequence), d.config().venue(), d.config().underlying(), exit,
          quantity, stop);
      events.add(new BotEvent.ProtectionIntended(botId, order, ProtectiveOrder.Role.STOP, now(),
          d.config().strategyTemplate(), approverOf(d)));
    }
    if (target != null && target.signum() > 0 && !targetVirtual(d, stop, true)) { // not one OCO: apart
      Order order = new Order(ClientOrderId.of(botId, ++sequence), d.config().venue(), d.config().underlying(), exit,
          OrderType.LIMIT, quantity, target, null, TimeInForce.GTC, true);
      events.add(new BotEvent.ProtectionIntended(botId, order, ProtectiveOrder.Role.TARGET, now(),
          d.config().strategyTemplate(), approverOf(d)));
    }
    return events;
  }

  /**
   * After a scaled exit, the resting stop and target are replaced by ones for what is left, at the same prices: the
   * new ones are placed now, the old ones cancelled once the new ones rest ({@link #protectionReported}). {@code
   * takenDown}: protection cancelled to make room for the exit, placed again the same way.
   */
  private List<BotEvent> resizeProtection(BotData d, List<ProtectiveOrder> takenDown) {
    BigDecimal left = d.position().quantity().abs();
    BigDecimal stop = null;
    BigDecimal target = null;
    var before = new ArrayList<>(takenDown);
    before.addAll(d.protecting());
    for (ProtectiveOrder p : before) {
      if (!takenDown.contains(p) && p.order().quantity().compareTo(left) <= 0) continue;
      if (p.hasStop()) stop = p.order().stopPrice();
      if (p.hasTarget()) target = p.order().limitPrice();
    }
    return stop == null && target == null ? List.of() : protectionFor(d, stop, target, left);
  }

  /**
   * A stop move ({@code Bot.MoveStop}: trailing, break-even after a scaled exit): a new reduce-only stop for the whole
   * position at {@code stop}; the old one is cancelled only once the new one rests ({@link #protectionReported}), and
   * stays if the new one is denied or rejected. Refused as {@link StopMoves#refusal} says; no events when the stop
   * already rests there.
   */
  Decision moveStop(BotState.Monitoring m, BigDecimal asked, String reason) {
    BotData d = m.data();
    BigDecimal stop = d.position().isFlat() ? asked : style.stopOnTick(d.config().venue(), d.config().underlying(),
        d.position().quantity().signum() > 0 ? Side.SELL : Side.BUY, asked); // a move within a tick changes nothing
    var refusal = StopMoves.refusal(d, protective, style.amendsOcoStop(d.config().venue(), d.config().underlying()), stop);
    if (refusal.isPresent()) return Decision.reject(refusal.get());
    if (StopMoves.alreadyAt(d, stop)) return Decision.accept(List.of(), "the stop already rests at " + stop.toPlainString());
    ProtectiveOrder resting = StopMoves.restingStop(d);
    if (resting.role() == ProtectiveOrder.Role.OCO) return amendOcoStop(d, resting, stop, reason);
    return Decision.accept(protectionFor(d, stop, null, d.position().quantity().abs()),
        "moving the stop to " + stop.toPlainString() + " (" + reason + "): the new stop first, then the old cancelled");
  }

  /**
   * The stop of a resting native OCO moved with the venue's amend: a new OCO (the next client order id, persisted
   * before it goes to the guardian) of the same quantity and target at the new stop, which {@code replaces} the resting
   * one at the venue. The venue swaps them in one step, so the position is never without a stop; refused there, the
   * old OCO simply stays ({@link #protectionReported}).
   */
  private Decision amendOcoStop(BotData d, ProtectiveOrder resting, BigDecimal stop, String reason) {
    Order old = resting.order();
    Order amend = style.ocoOrder(d.nextClientOrderId(), old.venue(), old.symbol(),
        old.side(), old.quantity(), stop, old.limitPrice()).replacing(old.clientOrderId());
    return Decision.accept(List.of(new BotEvent.ProtectionIntended(botId, amend, ProtectiveOrder.Role.OCO, now(),
        d.config().strategyTemplate(), approverOf(d))), "moving the stop to " + stop.toPlainString() + " (" + reason
        + "): OCO " + old.clientOrderId() + " amended at the venue as " + amend.clientOrderId());
  }

  /** One-cancels-other: every protective order still protecting is cancelled at the venue. */
  private List<BotEvent> cancelProtection(BotData d, String why) {
    return d.protecting().stream().<BotEvent>map(p -> new BotEvent.ProtectionCancelling(botId, p.clientOrderId(),
        why, now())).toList();
  }

  /**
   * News about a protective order (its fills already applied to {@code s}). Over at the venue: it is settled. Newly
   * resting: accepted, and the older ones of its role (the ones it replaces) cancelled. And when its fills made the
   * position flat while the bot was MONITORING, the trade closed at the venue: settled as a close is (CLOSING, then
   * IDLE with the trade's P&amp;L), the other protective orders cancelled.
   */
  private List<BotEvent> protectionReported(BotState s, ProtectiveOrder p, OrderReport report) {
    var events = new ArrayList<BotEvent>();
    var id = p.clientOrderId();
    boolean unseenFills = report instanceof OrderReport.Cancelled c && c.filledQuantity() != null
        && c.filledQuantity().compareTo(p.filledQuantity()) > 0;
    boolean over = report instanceof OrderReport.Denied || report.closesOrder();
    boolean filledOut = p.filledQuantity().compareTo(p.order().quantity()) >= 0;
    if (over && !unseenFills || filledOut) {
      events.add(new BotEvent.ProtectionSettled(botId, id, filledOut ? "filled at the venue" : describe(report), now()));
      if (p.role() == ProtectiveOrder.Role.OCO && report instanceof OrderReport.Rejected && !filledOut
          && !p.order().isAmend()) { // a refused amend leaves the OCO it would have replaced resting
        events.addAll(protectionApart(s, p));
      }
      if (s instanceof BotState.Reducing r) events.addAll(reductionAfterRoom(r.withData(r.data().withoutProtective(id))));
    } else if (!over && !p.accepted() && (report instanceof OrderReport.Accepted
        || report instanceof OrderReport.Status st && rests(st.status()))) {
      String venueOrderId = report instanceof OrderReport.Accepted a ? a.venueOrderId() : null;
      events.add(new BotEvent.OrderAccepted(botId, id, venueOrderId, now()));
      for (ProtectiveOrder older : s.data().protecting()) {
        if (older.role() == p.role() && !older.isFor(id) && older.clientOrderId().compareTo(id) < 0) {
          events.add(new BotEvent.ProtectionCancelling(botId, older.clientOrderId(), "replaced by " + id, now()));
        }
      }
    }
    if (s instanceof BotState.Monitoring && s.data().isFlat() && p.filledQuantity().signum() > 0) {
      String what = switch (p.role()) {
        case STOP -> "stop";
        case TARGET -> "target";
        case OCO -> "OCO " + ocoLeg(p.order(), report);
      };
      events.add(new BotEvent.ClosingStarted(botId, null, what + " " + id + " filled at the venue", now()));
      events.add(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING, "position closed at the venue by " + what + " " + id
          + "; realized P&L " + s.data().realizedPnl().toPlainString(), now()));
      for (ProtectiveOrder other : s.data().protecting()) {
        if (!other.isFor(id)) {
          events.add(new BotEvent.ProtectionCancelling(botId, other.clientOrderId(), "one-cancels-other: " + what + " "
              + id + " closed the position", now()));
        }
      }
    }
    return events;
  }

  /**
   * The venue rejected a native OCO (OANDA: the account holds several open trades on the instrument, say): the same
   * stop and target placed at once apart, a reduce-only STOP and a reduce-only LIMIT whose one-cancels-other is the
   * bot's and the guardian's, so the position is not left unprotected while the retry timer would send the same OCO.
   * Where each open exit holds the balance (Binance spot: the stop locks the base), the stop goes alone and the target
   * stays virtual ({@link #targetVirtual}): apart, it would be refused for insufficient balance.
   */
  private List<BotEvent> protectionApart(BotState s, ProtectiveOrder rejected) {
    BotData d = s.data();
    if (!protective || !(s instanceof BotState.Monitoring) || d.position().isFlat() || d.structure() != null) {
      return List.of();
    }
    boolean stopRests = d.protecting().stream().anyMatch(o -> !o.isFor(rejected.clientOrderId()) && o.hasStop());
    boolean targetRests = d.protecting().stream().anyMatch(o -> !o.isFor(rejected.clientOrderId()) && o.hasTarget());
    return protectionFor(d, stopRests ? null : rejected.order().stopPrice(), targetRests ? null
        : rejected.order().limitPrice(), d.position().quantity().abs(), false);
  }

  /**
   * Whether a status says the venue holds the order. SUBMITTED is not enough: the venue actor has it written but the
   * venue's answer is not in (a re-sent acknowledgement answers the status so), and the order it replaces is cancelled
   * only once the venue holds this one; a refused amend would otherwise leave no stop at all.
   */
  private static boolean rests(OrderStatus status) {
    return status != OrderStatus.UNKNOWN && status != OrderStatus.SUBMITTED;
  }

  /** Which leg of an OCO filled: its target when a fill is at its limit or better for the exit, else its stop. */
  private static String ocoLeg(Order oco, OrderReport report) {
    boolean target = report.fills().stream().anyMatch(f -> oco.side() == Side.SELL
        ? f.price().compareTo(oco.limitPrice()) >= 0 : f.price().compareTo(oco.limitPrice()) <= 0);
    return report.fills().isEmpty() ? "(stop and target)" : target ? "target" : "stop";
  }

  /**
   * True when {@code report} closes a protective order counting more filled than the bot has seen: the bot asks the
   * venue for its status (every fill) rather than settle it.
   */
  boolean asksForProtectionStatus(BotState s, OrderReport report) {
    ProtectiveOrder p = s.data() == null ? null : s.data().protective(report.clientOrderId());
    return p != null && report instanceof OrderReport.Cancelled c && c.filledQuantity() != null
        && c.filledQuantity().compareTo(p.filledQuantity()) > 0;
  }

  private static String describe(OrderReport report) {
    if (report instanceof OrderReport.Denied d) return "denied by the risk guardian: " + d.reason() + " (" + d.detail() + ")";
    if (report instanceof OrderReport.Rejected r) return "rejected by the venue: " + r.reason();
    if (report instanceof OrderReport.Cancelled c) return "cancelled: " + c.reason();
    if (report instanceof OrderReport.Status st) return "venue reports " + st.status() + (st.reason() == null ? "" : ": " + st.reason());
    return "filled at the venue";
  }

  // ---------------------------------------------------------------- config

  /**
   * A new config: applied at once in IDLE, else kept until the bot is next IDLE (an open trade keeps the
   * sizing it was opened with). {@code problem} is what the fleet's validator found wrong, if anything.
   */
  Decision reconfigure(BotState s, BotConfig config, String by, Optional<String> problem) {
    if (config == null) return Decision.reject("a reconfiguration needs a config");
    if (!config.id().equals(botId)) return Decision.reject("config id " + config.id() + " does not match bot " + botId);
    if (problem.isPresent()) return Decision.reject("invalid bot config: " + problem.get());
    BotData d = s.data();
    BotConfig target = d.pendingConfig() != null ? d.pendingConfig() : d.config();
    if (config.equals(target)) {
      return Decision.accept(List.of(), d.pendingConfig() != null ? "already pending until IDLE" : "config unchanged");
    }
    boolean deferred = !(s instanceof BotState.Idle);
    return Decision.accept(List.of(new BotEvent.Reconfigured(botId, config, by, deferred, now())),
        deferred ? "reconfigured by " + by + ": applies when the bot is next IDLE (now " + s.phase() + ")"
            : "reconfigured by " + by);
  }

  // ---------------------------------------------------------------- multi-leg structures

  /** Closing a structure: one reduce-only market combo buying back every open leg, through the guardian. */
  private List<BotEvent> structureClosingOrder(BotData d) {
    Order order = d.structure().closingOrder(d.nextClientOrderId(), d.config().venue()).orElse(null);
    if (order == null) { // less than one whole structure left: close the legs one by one is not modelled
      return List.of(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING, "no whole structure left to close", now()));
    }
    return List.of(ofTrade(d, order));
  }

  /** The structure's put-side and call-side P&L, for the closed trade's reason. */
  private static String sides(BotData d) {
    if (d.structure() == null) return "";
    return " (this structure: put side " + d.structure().putSidePnl().toPlainString() + ", call side "
        + d.structure().callSidePnl().toPlainString() + ")";
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
