package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.RiskGuardian;

/**
 * What the risk guardian tells itself: the flush of its write batch and its timers. Package-private records: only
 * the guardian's own package can create them.
 */
final class GuardianMessages {
  private GuardianMessages() {}

  /** Write what was decided since the last write, in one journal write, then act on it. */
  record Flush(int size) implements RiskGuardian.Internal {}

  /**
   * On a timer: ask the venue of every working order for its status. Venue reports are sent
   * once; one lost with a venue that stopped between writing a fill and reporting it is found this way.
   */
  record ReconcileWorking() implements RiskGuardian.Internal {}

  /** On a timer: forget the orders settled longer ago than the retention period. */
  record ForgetSettled() implements RiskGuardian.Internal {}
}
