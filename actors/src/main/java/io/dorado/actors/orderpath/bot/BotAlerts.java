package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import java.util.List;

/** Which of a bot's persisted events an operator hears about, and how. */
final class BotAlerts {
  private BotAlerts() {}

  /** The alerts for {@code event}, given the state after the batch it was persisted in. */
  static List<Alert> of(BotEvent event, BotState after) {
    if (event instanceof BotEvent.FillApplied f) {
      boolean stillWorking = after instanceof BotState.WithOrder w && w.working() != null
          && w.working().order().clientOrderId().equals(f.fill().clientOrderId());
      var fill = f.fill();
      return List.of(new Alert.OrderFilled(f.botId(), fill.clientOrderId(), fill.symbol(), fill.side(),
          fill.quantity(), fill.price(), !stillWorking, f.at()));
    }
    if (event instanceof BotEvent.PositionReconciled p) {
      return List.of(new Alert.OrderForgotten(p.botId(), p.clientOrderId(), p.after().symbol(), p.before().quantity(),
          p.after().quantity(), p.reason(), p.at()));
    }
    // A paused bot's denials are not alerted one by one: its pause was, once (a looping bot would flood the operator).
    if (event instanceof BotEvent.RiskRejected r && r.reason() != io.dorado.protocol.risk.DenialReason.BOT_PAUSED) {
      return List.of(new Alert.TradeDenied(r.botId(), r.reviewId(), r.reason(), r.detail(), r.at()));
    }
    if (event instanceof BotEvent.ApprovalRequested a && after instanceof BotState.AwaitingApproval w) {
      return List.of(new Alert.ApprovalRequested(a.botId(), w.proposal(), a.quantity(), a.maxLoss(), a.deadline(), a.at()));
    }
    if (event instanceof BotEvent.ReturnedToIdle r && r.from() == Phase.CLOSING && after.data().openTrade() != null) {
      var data = after.data();
      return List.of(new Alert.TradeClosed(r.botId(), data.openTrade().tradeId(), data.config().underlying(),
          data.tradeRealizedPnl(), r.reason(), r.at()));
    }
    if (event instanceof BotEvent.ClosingOrderFailed c && after instanceof BotState.Closing cl
        && closeFailuresWorthSaying(cl.failedAttempts())) {
      return List.of(new Alert.CloseFailing(c.botId(), cl.data().config().underlying(), cl.data().position().quantity(),
          cl.failedAttempts(), c.reason(), c.at()));
    }
    return List.of();
  }

  private static boolean closeFailuresWorthSaying(int failures) {
    return failures == Alert.CLOSE_FAILURES_FIRST_SAID || failures > 0 && failures % Alert.CLOSE_FAILURES_SAID_EVERY == 0;
  }
}
