package io.dorado.persistence.readside;

import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.TradingState;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The audit line of a risk guardian decision: reviews approved and denied, orders acknowledged and
 * denied, trading state changes, the kill switch and the set of tripped circuit breakers. Bookkeeping
 * (fills recorded, orders closed, budgets, price marks) is not audited here; it is in the guardian's journal.
 */
final class GuardianAudit {
  private GuardianAudit() {}

  /** The trading state after the event, given the one before (ACTIVE for a guardian never seen). */
  static String stateAfter(String before, GuardianEvent e) {
    if (e instanceof GuardianEvent.TradingStateChanged c) return c.state().name();
    if (e instanceof GuardianEvent.KillSwitchEngaged) return TradingState.HALTED.name();
    return before;
  }

  static Optional<AuditEntry> entry(String guardianId, long seqNr, GuardianEvent e, String before) {
    String after = stateAfter(before, e);
    String reason;
    String detail;
    if (e instanceof GuardianEvent.ReviewApproved a) {
      reason = "review approved";
      detail = "review " + a.proposal().reviewId() + " of bot " + a.proposal().botId() + ": quantity "
          + a.quantity().toPlainString() + (a.maxLoss() == null ? "" : ", max loss " + a.maxLoss().toPlainString());
    } else if (e instanceof GuardianEvent.ReviewDenied d) {
      reason = d.denial().reason().name();
      detail = "review " + d.reviewId() + " of bot " + d.botId() + ": " + d.denial().detail();
    } else if (e instanceof GuardianEvent.OrdersAcknowledged a) {
      reason = "orders acknowledged";
      detail = a.acks().stream().map(GuardianAudit::ack).collect(Collectors.joining(", "));
    } else if (e instanceof GuardianEvent.OrderDenied d) {
      reason = d.denial().reason().name();
      detail = "order " + d.clientOrderId() + ": " + d.denial().detail();
    } else if (e instanceof GuardianEvent.TradingStateChanged c) {
      reason = c.reason();
      detail = "by " + c.by();
    } else if (e instanceof GuardianEvent.KillSwitchEngaged k) {
      reason = "kill switch: " + k.reason();
      detail = "by " + k.by();
    } else if (e instanceof GuardianEvent.KillScopeEngaged k) {
      reason = "kill switch " + k.scope().key() + ": " + k.reason();
      detail = "by " + k.by();
    } else if (e instanceof GuardianEvent.KillScopeReleased k) {
      reason = "kill switch " + k.scope().key() + " released: " + k.reason();
      detail = "by " + k.by();
    } else if (e instanceof GuardianEvent.BreakersChanged b) {
      reason = "circuit breakers";
      detail = b.tripped().isEmpty() ? "none tripped"
          : "tripped: " + b.tripped().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    } else if (e instanceof GuardianEvent.SettledForgotten f) {
      reason = "settled orders forgotten";
      detail = "orders acknowledged before " + f.before() + " and no longer working (never acknowledged again)";
    } else {
      return Optional.empty();
    }
    return Optional.of(new AuditEntry(AuditEntry.GUARDIAN, guardianId, seqNr, e.at(), e.getClass().getSimpleName(),
        before, after, reason, detail));
  }

  private static String ack(AcknowledgedOrder a) {
    return a.order().clientOrderId().value();
  }
}
