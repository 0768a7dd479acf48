package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.RejectionKind;

/**
 * Whether a venue refused an order because other resting orders hold the balance it would use: what a spot venue
 * answers to an exit while the position's own stop or target rests (no reduce-only there, a resting sell holds the
 * asset). The adapters say so from the vendor's error code ({@link RejectionKind#BALANCE_HELD}); the bot never reads
 * the reason's text. A guardian's denial, or any other report, is not such a refusal.
 */
final class HeldBalance {
  private HeldBalance() {}

  static boolean refused(OrderReport report) {
    return report instanceof OrderReport.Rejected r && r.kind() == RejectionKind.BALANCE_HELD;
  }
}
