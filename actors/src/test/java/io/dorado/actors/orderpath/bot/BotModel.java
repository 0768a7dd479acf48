package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import java.time.Clock;
import java.util.List;

/**
 * The bot's real decisions ({@link BotTransitions}) and the fold of {@link BotEntity}'s event handler,
 * for simulations that drive a bot without an actor (the order-path invariant test). Each method
 * returns the events the entity would persist; {@link #apply} folds one into the state.
 */
public final class BotModel {
  private final BotTransitions transitions;

  public BotModel(String botId, Clock clock) {
    this.transitions = new BotTransitions(botId, clock);
  }

  public List<BotEvent> create(BotState s, BotConfig config) {
    return s instanceof BotState.New n ? transitions.create(n, config).events() : List.of();
  }

  /** The events of a signal; empty when the bot refuses it (a duplicate signal id included). */
  public List<BotEvent> ingest(BotState s, Signal signal) {
    if (s instanceof BotState.New || s.data().hasSeenSignal(signal.signalId())) return List.of();
    return transitions.ingest(s, signal).events();
  }

  public List<BotEvent> reviewed(BotState s, RiskGuardian.ReviewReply reply) {
    return s instanceof BotState.RiskCheck rc ? transitions.reviewed(rc, reply) : List.of();
  }

  /** A human approval: executes before the deadline, cancels at or after it (as the entity does). */
  public List<BotEvent> approve(BotState s, String by) {
    if (!(s instanceof BotState.AwaitingApproval a)) return List.of();
    return a.isExpiredAt(transitions.now()) ? transitions.timeout(a) : transitions.approve(a, by);
  }

  public List<BotEvent> reject(BotState s, String by) {
    return s instanceof BotState.AwaitingApproval a ? transitions.rejectByHuman(a, by, "simulated") : List.of();
  }

  /** The approval deadline timer: cancels once the deadline has passed. */
  public List<BotEvent> deadline(BotState s) {
    return s instanceof BotState.AwaitingApproval a && a.isExpiredAt(transitions.now()) ? transitions.timeout(a) : List.of();
  }

  public List<BotEvent> close(BotState s, String reason) {
    return s instanceof BotState.Monitoring ? transitions.close(s, null, reason) : List.of();
  }

  public List<BotEvent> orderReported(BotState s, OrderReport report) {
    return transitions.orderReported(s, report);
  }

  /** The entity asks the venue for the status when this report closes its order with fills it has not seen. */
  public boolean asksForStatus(BotState s, OrderReport report) {
    return transitions.asksForStatus(s, report);
  }

  /** The venue or the guardian said the working order was forgotten: the entity asks the guardian's ledger. */
  public boolean forgotten(BotState s, OrderReport report) {
    return transitions.forgotten(s, report);
  }

  /** The guardian's ledger position, after the working order {@code id} was forgotten. */
  public List<BotEvent> forgottenOrderFailed(BotState s, ClientOrderId id, String detail, Position ledger) {
    return transitions.forgottenOrderFailed(s, id, detail, ledger);
  }

  /** The retry timer in CLOSING without a working order: the next reduce-only order. */
  public List<BotEvent> nextClosingOrder(BotState s) {
    return s instanceof BotState.Closing c && c.working() == null ? transitions.nextClosingOrder(c) : List.of();
  }

  /** {@link BotEntity#eventHandler()} as a function. */
  public static BotState apply(BotState s, BotEvent e) {
    if (s instanceof BotState.New n && e instanceof BotEvent.BotCreated c) return n.create(c);
    if (s instanceof BotState.Idle i && e instanceof BotEvent.SignalIngested si) return i.receive(si.signal());
    if (s instanceof BotState.Monitoring m && e instanceof BotEvent.SignalIngested si) return m.adjust(si.signal());
    if (s instanceof BotState.SignalReceived r && e instanceof BotEvent.RiskCheckStarted rc) {
      return r.startRiskCheck(rc.proposal(), rc.at());
    }
    if (s instanceof BotState.RiskCheck rc) {
      if (e instanceof BotEvent.RiskRejected x) return rc.reject(x);
      if (e instanceof BotEvent.ApprovalRequested x) return rc.awaitApproval(x);
      if (e instanceof BotEvent.ExecutionApproved x) return rc.execute(x);
    }
    if (s instanceof BotState.AwaitingApproval a) {
      if (e instanceof BotEvent.ExecutionApproved x) return a.execute(x);
      if (e instanceof BotEvent.TradeCancelled x) return a.cancel(x);
    }
    if (s instanceof BotState.Executing x && e instanceof BotEvent.OrderFailed f) return x.fail(f.reason());
    if (s instanceof BotState.Closing c && e instanceof BotEvent.ClosingOrderFailed) return c.orderFailed();
    if (e instanceof BotEvent.OrderIntended oi) return s.intend(oi.order());
    if (e instanceof BotEvent.OrderAccepted) return s.markAccepted();
    if (e instanceof BotEvent.FillApplied f) return s.applyFill(f.fill());
    if (e instanceof BotEvent.PositionReconciled p) return s.withData(s.data().withPosition(p.after()));
    if (e instanceof BotEvent.EnteredMonitoring x) return s.toMonitoring(x);
    if (e instanceof BotEvent.ClosingStarted x) return s.toClosing(x);
    if (e instanceof BotEvent.ReturnedToIdle x) return s.toIdle(x);
    if (e instanceof BotEvent.Paused) return s.withData(s.data().withPaused(true));
    if (e instanceof BotEvent.Resumed) return s.withData(s.data().withPaused(false));
    throw new IllegalStateException("no handler for " + e.getClass().getSimpleName() + " in " + s.phase());
  }
}
