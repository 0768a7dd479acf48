package io.dorado.cluster.ops;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.bot.BotEvent;
import java.time.Instant;

/**
 * One live event of the fleet as front ends stream it: a bot's journal event or an {@link Alert}.
 * {@code botId} is null for fleet-wide events; {@code payload} is the original record (serialized as
 * JSON by the HTTP layer). Local only: it never crosses the wire, so it is not CborSerializable.
 */
public record FleetEventView(FleetEventKind kind, String type, String botId, Instant at, String summary, Object payload) {

  public boolean concerns(String bot) {
    return bot == null || bot.equals(botId);
  }

  public static FleetEventView notice(String summary, Instant at) {
    return new FleetEventView(FleetEventKind.NOTICE, "Notice", null, at, summary, null);
  }

  public static FleetEventView of(BotEvent e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof BotEvent.OrderIntended o) {
      var order = o.order();
      return view(FleetEventKind.ORDER, e, "order " + order.clientOrderId() + " " + order.side() + " "
          + order.quantity().toPlainString() + " " + order.symbol() + " intended");
    } else if (e instanceof BotEvent.OrderAccepted o) {
      return view(FleetEventKind.ORDER, e, "order " + o.clientOrderId() + " accepted by the venue");
    } else if (e instanceof BotEvent.FillApplied f) {
      var fill = f.fill();
      return view(FleetEventKind.FILL, e, "filled " + fill.side() + " " + fill.quantity().toPlainString() + " "
          + fill.symbol() + " @ " + fill.price().toPlainString());
    } else if (e instanceof BotEvent.RiskRejected r) {
      return view(FleetEventKind.DENIAL, e, "risk rejected " + r.reviewId() + ": " + r.reason() + " " + r.detail());
    } else if (e instanceof BotEvent.ApprovalRequested a) {
      return view(FleetEventKind.APPROVAL, e, "awaiting approval of " + a.reviewId() + " until " + a.deadline());
    } else if (e instanceof BotEvent.ExecutionApproved a) {
      return view(FleetEventKind.TRANSITION, e, (a.automatic() ? "auto-approved " : "approved by " + a.by() + " ")
          + a.reviewId() + " → EXECUTING");
    } else if (e instanceof BotEvent.TradeCancelled c) {
      return view(FleetEventKind.TRANSITION, e, "cancelled " + c.reviewId() + ": " + c.reason());
    }
    return view(FleetEventKind.TRANSITION, e, type);
  }

  public static FleetEventView of(Alert a) {
    FleetEventKind kind = switch (a.type()) {
      case FILL -> FleetEventKind.FILL;
      case DENIAL -> FleetEventKind.DENIAL;
      case APPROVAL_REQUEST -> FleetEventKind.APPROVAL;
      default -> FleetEventKind.ALERT;
    };
    return new FleetEventView(kind, a.getClass().getSimpleName(), botOf(a), a.at(), summaryOf(a), a);
  }

  private static FleetEventView view(FleetEventKind kind, BotEvent e, String summary) {
    return new FleetEventView(kind, e.getClass().getSimpleName(), e.botId(), e.at(), summary, e);
  }

  private static String botOf(Alert a) {
    if (a instanceof Alert.OrderFilled x) return x.botId();
    if (a instanceof Alert.TradeDenied x) return x.botId();
    if (a instanceof Alert.OrderDenied x) return x.botId();
    if (a instanceof Alert.ApprovalRequested x) return x.botId();
    if (a instanceof Alert.TradeClosed x) return x.botId();
    if (a instanceof Alert.BotPaused x) return x.botId();
    if (a instanceof Alert.BotResumed x) return x.botId();
    if (a instanceof Alert.CloseFailing x) return x.botId();
    return null;
  }

  private static String summaryOf(Alert a) {
    if (a instanceof Alert.OrderFilled x) {
      return "filled " + x.side() + " " + x.quantity().toPlainString() + " " + x.symbol() + " @ " + x.price().toPlainString();
    } else if (a instanceof Alert.TradeDenied x) {
      return "trade " + x.reviewId() + " denied: " + x.reason() + " " + x.detail();
    } else if (a instanceof Alert.OrderDenied x) {
      return "order " + x.clientOrderId() + " denied: " + x.reason() + " " + x.detail();
    } else if (a instanceof Alert.BreakerTripped x) {
      return "breaker " + x.breaker() + " tripped (" + x.detail() + ") → " + x.state();
    } else if (a instanceof Alert.TradingStateChanged x) {
      return "trading state " + x.from() + " → " + x.to() + " by " + x.by() + ": " + x.reason();
    } else if (a instanceof Alert.KillSwitchEngaged x) {
      return "kill switch engaged by " + x.by() + ": " + x.reason() + " (" + x.workingOrdersCancelled() + " orders cancelled)";
    } else if (a instanceof Alert.ApprovalRequested x) {
      return "approval requested for " + x.reviewId() + " until " + x.deadline();
    } else if (a instanceof Alert.TradeClosed x) {
      return "trade " + x.tradeId() + " closed, P&L " + x.realizedPnl().toPlainString() + ": " + x.reason();
    } else if (a instanceof Alert.VenueRefused x) {
      return "venue " + x.venueId() + " refused " + x.clientOrderId() + ": " + x.reason();
    } else if (a instanceof Alert.OrderForgotten x) {
      return "order " + x.clientOrderId() + " forgotten; position " + x.heldBefore().toPlainString() + " → "
          + x.ledgerQuantity().toPlainString() + " from the guardian's ledger";
    } else if (a instanceof Alert.BotPaused x) {
      return "bot " + x.botId() + " paused by the execution throttle until an operator resumes it: " + x.detail();
    } else if (a instanceof Alert.BotResumed x) {
      return "bot " + x.botId() + " resumed by " + x.by() + ": " + x.reason();
    } else if (a instanceof Alert.CloseFailing x) {
      return "bot " + x.botId() + " cannot close " + x.position().toPlainString() + " " + x.symbol() + ": " + x.failures()
          + " closes failed, last: " + x.lastReason();
    } else if (a instanceof Alert.DailySummary x) {
      return "day " + x.day() + ": P&L " + x.realizedPnl().toPlainString() + ", " + x.trades() + " trades";
    } else if (a instanceof Alert.JournalHealth x) {
      return "journal " + x.condition().name().toLowerCase() + " on " + x.node() + " (since " + x.since() + "): " + x.detail();
    }
    return a.getClass().getSimpleName();
  }
}
