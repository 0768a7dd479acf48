package io.dorado.fleet.telegram;

import static io.dorado.fleet.telegram.Texts.money;
import static io.dorado.fleet.telegram.Texts.num;
import static io.dorado.fleet.telegram.Texts.time;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.TradeProposal;

/** The text of each alert as the operator reads it on a phone: what happened first, the numbers after. */
final class AlertText {
  private AlertText() {}

  static String of(Alert alert) {
    if (alert instanceof Alert.OrderFilled f) {
      return (f.complete() ? "✅ Filled " : "◐ Partly filled ") + f.botId() + ": " + side(f.side()) + " "
          + num(f.quantity()) + " " + f.symbol() + " @ " + num(f.price()) + "\norder " + f.clientOrderId();
    }
    if (alert instanceof Alert.TradeDenied d) {
      return "⛔ Denied " + d.botId() + ": " + d.reason() + "\n" + d.detail() + "\nreview " + d.reviewId();
    }
    if (alert instanceof Alert.OrderDenied d) {
      return "⛔ Order denied " + d.botId() + ": " + d.reason() + "\n" + d.detail() + "\norder " + d.clientOrderId();
    }
    if (alert instanceof Alert.BreakerTripped b) {
      return "⚡ Breaker tripped: " + b.breaker() + " → " + b.state() + "\n" + b.detail();
    }
    if (alert instanceof Alert.TradingStateChanged s) {
      return "🚦 Trading " + s.from() + " → " + s.to() + " by " + s.by() + (blank(s.reason()) ? "" : "\n" + s.reason());
    }
    if (alert instanceof Alert.KillSwitchEngaged k) {
      return "🛑 KILL SWITCH engaged by " + k.by() + ": trading HALTED, " + k.workingOrdersCancelled()
          + " working order(s) cancelled" + (blank(k.reason()) ? "" : "\n" + k.reason());
    }
    if (alert instanceof Alert.ApprovalRequested a) return ApprovalCard.text(a);
    if (alert instanceof Alert.TradeClosed c) {
      return "🏁 Closed " + c.botId() + " " + c.symbol() + ": P&L " + money(c.realizedPnl())
          + (blank(c.reason()) ? "" : " (" + c.reason() + ")");
    }
    if (alert instanceof Alert.VenueRefused v) {
      return "🚨 Venue " + v.venueId() + " refused order " + v.clientOrderId() + ": " + v.reason();
    }
    if (alert instanceof Alert.OrderForgotten f) {
      return "⚠️ Order forgotten " + f.botId() + ": " + f.clientOrderId() + " failed; position " + f.symbol() + " "
          + num(f.heldBefore()) + " → " + num(f.ledgerQuantity()) + " (the guardian's ledger)\n" + f.detail();
    }
    if (alert instanceof Alert.DailySummary s) {
      return "📊 Daily summary " + s.day() + "\nRealized P&L " + money(s.realizedPnl()) + " · equity "
          + money(s.equity()) + "\n" + s.trades() + " trade(s) closed, " + s.fills() + " fill(s)";
    }
    if (alert instanceof Alert.JournalHealth j) return journal(j);
    if (alert instanceof Alert.BotPaused p) {
      return "⏸ " + p.botId() + " PAUSED by the execution throttle\n" + p.detail()
          + "\nNew entries are denied; exits still pass. To let it trade again: /resumetrading " + p.botId();
    }
    if (alert instanceof Alert.BotResumed r) {
      return "▶ " + r.botId() + " may trade again: resumed by " + r.by() + (blank(r.reason()) ? "" : "\n" + r.reason());
    }
    if (alert instanceof Alert.CloseFailing c) {
      return "🚨 " + c.botId() + " cannot close its position " + num(c.position()) + " " + c.symbol() + ": " + c.failures()
          + " closes failed, it keeps trying\nLast: " + c.lastReason()
          + "\nCompare the bot's position with the venue's: /accounts";
    }
    if (alert instanceof Alert.AccountMismatch m) {
      return "🏦 Account " + m.account() + " does not reconcile with venue " + m.venue() + ": REDUCING\n" + m.detail()
          + "\nOnce checked: /ackaccount " + m.venue();
    }
    return alert.type() + " at " + time(alert.at());
  }

  private static String journal(Alert.JournalHealth j) {
    String head = switch (j.condition()) {
      case FAILING -> "💾 Journal failing on " + j.node() + " since " + time(j.since()) + ": trading set to REDUCING";
      case RECOVERED -> "💾 Journal recovered on " + j.node() + " (failing since " + time(j.since())
          + "): trading stays REDUCING until an operator sets ACTIVE";
      case RESTARTING -> "💾 Journal still failing on " + j.node() + " (since " + time(j.since())
          + "): the node exits for its orchestrator to restart it";
    };
    return head + (blank(j.detail()) ? "" : "\n" + j.detail());
  }

  static String side(Side side) {
    return side == Side.BUY ? "BUY" : "SELL";
  }

  /** PRD §3.2 candidate line: {@code BTC Long 97200 / SL 93500 / TP 105000}. */
  static String candidate(TradeProposal p) {
    return p.symbol() + " " + (p.side() == Side.BUY ? "Long" : "Short") + " " + num(p.referencePrice())
        + " / SL " + num(p.stop()) + " / TP " + num(p.target());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
