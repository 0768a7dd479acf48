package io.dorado.persistence.readside;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotEvent.ApprovalRequested;
import io.dorado.protocol.bot.BotEvent.BotCreated;
import io.dorado.protocol.bot.BotEvent.ClosingOrderFailed;
import io.dorado.protocol.bot.BotEvent.ClosingStarted;
import io.dorado.protocol.bot.BotEvent.EnteredMonitoring;
import io.dorado.protocol.bot.BotEvent.ExecutionApproved;
import io.dorado.protocol.bot.BotEvent.FillApplied;
import io.dorado.protocol.bot.BotEvent.OrderAccepted;
import io.dorado.protocol.bot.BotEvent.OrderFailed;
import io.dorado.protocol.bot.BotEvent.OrderIntended;
import io.dorado.protocol.bot.BotEvent.Paused;
import io.dorado.protocol.bot.BotEvent.Resumed;
import io.dorado.protocol.bot.BotEvent.ReturnedToIdle;
import io.dorado.protocol.bot.BotEvent.RiskCheckStarted;
import io.dorado.protocol.bot.BotEvent.RiskRejected;
import io.dorado.protocol.bot.BotEvent.SignalIngested;
import io.dorado.protocol.bot.BotEvent.TradeCancelled;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import java.math.BigDecimal;

/** The audit line of a bot event: why it happened (reason) and what it carried (detail), in words. */
final class BotAudit {
  private BotAudit() {}

  static AuditEntry entry(String botId, long seqNr, BotEvent e, Phase from, Phase to) {
    Text text = describe(e);
    return new AuditEntry(AuditEntry.BOT, botId, seqNr, e.at(), e.getClass().getSimpleName(), from.name(), to.name(),
        text.reason(), text.detail());
  }

  private record Text(String reason, String detail) {}

  private static Text describe(BotEvent e) {
    if (e instanceof BotCreated c) {
      var k = c.config();
      return of("created", "underlying " + k.underlying() + " on " + k.venue() + " (" + k.venueMode() + "), template "
          + k.strategyTemplate() + ", approval " + k.approvalMode());
    }
    if (e instanceof SignalIngested s) {
      var g = s.signal();
      return of(s.adjustment() ? "adjustment signal" : "signal", "signal " + g.signalId() + " " + g.action() + " "
          + g.symbol() + (g.price() == null ? "" : " @ " + plain(g.price())) + " from " + g.source());
    }
    if (e instanceof RiskCheckStarted r) {
      var p = r.proposal();
      return of("sent for risk review", "review " + p.reviewId() + ": " + p.side() + " " + p.symbol() + " on " + p.venue()
          + (p.adjustment() ? " (adjustment)" : ""));
    }
    if (e instanceof RiskRejected r) return of(r.reason().name(), "review " + r.reviewId() + ": " + r.detail());
    if (e instanceof ApprovalRequested a) {
      return of("awaiting approval until " + a.deadline(), "review " + a.reviewId() + ": quantity " + plain(a.quantity())
          + (a.maxLoss() == null ? "" : ", max loss " + plain(a.maxLoss())));
    }
    if (e instanceof ExecutionApproved a) {
      return of(a.automatic() ? "approved automatically (" + a.by() + ")" : "approved by " + a.by(),
          "review " + a.reviewId() + ": quantity " + plain(a.quantity()));
    }
    if (e instanceof TradeCancelled c) return of(c.reason(), "review " + c.reviewId() + " by " + c.by());
    if (e instanceof OrderIntended o) return of("order intended", order(o.order()));
    if (e instanceof OrderAccepted a) {
      return of("accepted by the venue", a.clientOrderId() + (a.venueOrderId() == null ? "" : " as " + a.venueOrderId()));
    }
    if (e instanceof FillApplied f) return of("fill", fill(f.fill()));
    if (e instanceof EnteredMonitoring m) return of(m.reason(), "");
    if (e instanceof OrderFailed f) return of(f.reason(), "order " + f.clientOrderId());
    if (e instanceof ClosingStarted c) return of(c.reason(), c.signalId() == null ? "" : "signal " + c.signalId());
    if (e instanceof ClosingOrderFailed c) return of(c.reason(), "order " + c.clientOrderId());
    if (e instanceof ReturnedToIdle r) return of(r.reason(), "");
    if (e instanceof Paused p) return of("paused by " + p.by(), "");
    if (e instanceof Resumed r) return of("resumed by " + r.by(), "");
    if (e instanceof BotEvent.ReductionStarted r) {
      return of(r.reason(), "reduction " + r.reductionId() + ": " + plain(r.quantity()));
    }
    if (e instanceof BotEvent.PositionReconciled r) {
      return of(r.reason(), "order " + r.clientOrderId() + ": position " + plain(r.before().quantity()) + " → "
          + plain(r.after().quantity()));
    }
    if (e instanceof BotEvent.Reconfigured r) {
      return of("reconfigured by " + r.by() + (r.deferred() ? " (applies when IDLE)" : ""),
          r.config().venueMode().name().toLowerCase() + ", sizing " + r.config().sizing().method().name().toLowerCase());
    }
    return of(e.getClass().getSimpleName(), ""); // a new event type: still audited, described once added here
  }

  private static String order(Order o) {
    return o.clientOrderId() + ": " + o.side() + " " + plain(o.quantity()) + " " + o.symbol() + " " + o.type()
        + (o.limitPrice() == null ? "" : " limit " + plain(o.limitPrice()))
        + (o.stopPrice() == null ? "" : " stop " + plain(o.stopPrice()))
        + (o.reduceOnly() ? " reduce-only" : "") + (o.isAmend() ? " amending " + o.replaces() : "") + " on " + o.venue();
  }

  private static String fill(Fill f) {
    return f.fillId() + " of " + f.clientOrderId() + ": " + f.side() + " " + plain(f.quantity()) + " " + f.symbol()
        + " @ " + plain(f.price()) + ", commission " + plain(f.commission());
  }

  private static String plain(BigDecimal d) {
    return d.toPlainString();
  }

  private static Text of(String reason, String detail) {
    return new Text(reason, detail);
  }
}
