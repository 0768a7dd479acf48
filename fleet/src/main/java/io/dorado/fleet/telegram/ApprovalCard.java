package io.dorado.fleet.telegram;

import static io.dorado.fleet.telegram.Texts.money;
import static io.dorado.fleet.telegram.Texts.num;
import static io.dorado.fleet.telegram.Texts.time;

import io.dorado.cluster.ops.PendingApproval;
import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.risk.TradeProposal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An approval request as a card (PRD §3.2): the candidate line (symbol, side, reference price, stop,
 * target), the quantity and maximum loss the guardian allowed, and the deadline; under it Approve
 * and Reject, and after the decision one-tap annotation tags.
 */
final class ApprovalCard {
  private ApprovalCard() {}

  static String text(Alert.ApprovalRequested a) {
    return text(a.botId(), a.proposal(), a.quantity(), a.maxLoss(), a.deadline());
  }

  static String text(PendingApproval p) {
    return text(p.botId(), p.proposal(), p.quantity(), p.maxLoss(), p.deadline());
  }

  private static String text(String botId, TradeProposal p, BigDecimal quantity, BigDecimal maxLoss, Instant deadline) {
    return "📋 Approval needed: " + botId + "\n"
        + AlertText.candidate(p) + "\n"
        + "Quantity " + num(quantity) + " · max loss " + money(maxLoss) + "\n"
        + "Decide by " + time(deadline) + "\n"
        + "review " + p.reviewId();
  }

  static Outgoing.Keyboard decision(String token) {
    return Outgoing.Keyboard.row(
        new Outgoing.Button("✅ Approve", CallbackData.approve(token)),
        new Outgoing.Button("❌ Reject", CallbackData.reject(token)));
  }

  /** Two tags a row, so they stay readable on a phone. */
  static Outgoing.Keyboard tags(String token, List<String> tags) {
    List<List<Outgoing.Button>> rows = new ArrayList<>();
    for (int i = 0; i < tags.size(); i += 2) {
      List<Outgoing.Button> row = new ArrayList<>();
      for (int j = i; j < Math.min(i + 2, tags.size()); j++) {
        row.add(new Outgoing.Button(tags.get(j), CallbackData.tag(token, j)));
      }
      rows.add(row);
    }
    return new Outgoing.Keyboard(rows);
  }
}
