package io.dorado.persistence.readside;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;

/**
 * The lifecycle phase a bot event leads to (the bot's state table, actors/README.md). Events that
 * change no phase (an order intended or accepted, a fill, a pause) leave it as it was.
 */
final class Phases {
  private Phases() {}

  static Phase after(Phase current, BotEvent e) {
    if (e instanceof BotEvent.BotCreated) return Phase.IDLE;
    if (e instanceof BotEvent.SignalIngested) return Phase.SIGNAL_RECEIVED;
    if (e instanceof BotEvent.RiskCheckStarted) return Phase.RISK_CHECK;
    if (e instanceof BotEvent.RiskRejected) return Phase.REJECTED;
    if (e instanceof BotEvent.ApprovalRequested) return Phase.AWAITING_APPROVAL;
    if (e instanceof BotEvent.ExecutionApproved) return Phase.EXECUTING;
    if (e instanceof BotEvent.TradeCancelled) return Phase.CANCELLED;
    if (e instanceof BotEvent.EnteredMonitoring) return Phase.MONITORING;
    if (e instanceof BotEvent.OrderFailed) return Phase.FAILED;
    if (e instanceof BotEvent.ClosingStarted) return Phase.CLOSING;
    if (e instanceof BotEvent.ReturnedToIdle) return Phase.IDLE;
    if (e instanceof BotEvent.ReductionStarted) return Phase.CLOSING; // a partial close, back to MONITORING after
    return current;
  }
}
