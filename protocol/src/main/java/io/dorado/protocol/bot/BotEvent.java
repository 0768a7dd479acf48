package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.signal.Signal;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Everything that happens to a bot. Each event carries the bot id, its time and (for transitions)
 * its reason, so the journal is the audit trail and projections need nothing else.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(BotEvent.BotCreated.class),
  @JsonSubTypes.Type(BotEvent.SignalIngested.class),
  @JsonSubTypes.Type(BotEvent.RiskCheckStarted.class),
  @JsonSubTypes.Type(BotEvent.RiskRejected.class),
  @JsonSubTypes.Type(BotEvent.ApprovalRequested.class),
  @JsonSubTypes.Type(BotEvent.ExecutionApproved.class),
  @JsonSubTypes.Type(BotEvent.TradeCancelled.class),
  @JsonSubTypes.Type(BotEvent.OrderIntended.class),
  @JsonSubTypes.Type(BotEvent.OrderAccepted.class),
  @JsonSubTypes.Type(BotEvent.FillApplied.class),
  @JsonSubTypes.Type(BotEvent.EnteredMonitoring.class),
  @JsonSubTypes.Type(BotEvent.OrderFailed.class),
  @JsonSubTypes.Type(BotEvent.ClosingStarted.class),
  @JsonSubTypes.Type(BotEvent.ClosingOrderFailed.class),
  @JsonSubTypes.Type(BotEvent.ReturnedToIdle.class),
  @JsonSubTypes.Type(BotEvent.Paused.class),
  @JsonSubTypes.Type(BotEvent.Resumed.class),
  @JsonSubTypes.Type(BotEvent.ReductionStarted.class),
  @JsonSubTypes.Type(BotEvent.Reconfigured.class),
  @JsonSubTypes.Type(BotEvent.PositionReconciled.class),
  @JsonSubTypes.Type(BotEvent.ProtectionIntended.class),
  @JsonSubTypes.Type(BotEvent.ProtectionCancelling.class),
  @JsonSubTypes.Type(BotEvent.ProtectionSettled.class),
  @JsonSubTypes.Type(BotEvent.EntryCancelling.class)
})
public sealed interface BotEvent extends CborSerializable {
  String botId();

  Instant at();

  /** NEW → IDLE. */
  record BotCreated(String botId, BotConfig config, Instant at) implements BotEvent {}

  /** IDLE or MONITORING → SIGNAL_RECEIVED. {@code adjustment} when it came in MONITORING (a roll). */
  record SignalIngested(String botId, Signal signal, boolean adjustment, Instant at) implements BotEvent {}

  /** SIGNAL_RECEIVED → RISK_CHECK: the signal is valid and the trade goes to the guardian for review. */
  record RiskCheckStarted(String botId, TradeProposal proposal, Instant at) implements BotEvent {}

  /** RISK_CHECK → REJECTED, with the guardian's reason code and numbers. */
  record RiskRejected(String botId, String reviewId, DenialReason reason, String detail, Instant at)
      implements BotEvent {}

  /** RISK_CHECK → AWAITING_APPROVAL; the deadline is fixed here so it survives restarts. */
  record ApprovalRequested(
      String botId, String reviewId, BigDecimal quantity, BigDecimal maxLoss, Instant deadline, Instant at)
      implements BotEvent {}

  /** AWAITING_APPROVAL (or RISK_CHECK in auto_execute mode) → EXECUTING; {@code maxLoss} as the guardian sized it. */
  record ExecutionApproved(String botId, String reviewId, BigDecimal quantity, BigDecimal maxLoss, String by,
      boolean automatic, Instant at)
      implements BotEvent {}

  /** AWAITING_APPROVAL → CANCELLED: rejected by a human, or the approval timed out. */
  record TradeCancelled(String botId, String reviewId, String reason, String by, Instant at) implements BotEvent {}

  /**
   * The order is intended: persisted before it is sent for acknowledgement, so it is never forgotten. {@code template}:
   * the strategy template of the trade it belongs to; {@code approvedBy}: the operator who approved the trade's entry
   * (as the approval named them: {@code http:<name>}, {@code telegram @user}), null when it was approved automatically
   * ({@code auto_execute}) or when the event predates these fields (both null then).
   */
  record OrderIntended(String botId, Order order, Instant at, String template, String approvedBy) implements BotEvent {
    /** Without the trade's template and approver (as journals before them hold it). */
    public OrderIntended(String botId, Order order, Instant at) {
      this(botId, order, at, null, null);
    }
  }

  record OrderAccepted(String botId, ClientOrderId clientOrderId, String venueOrderId, Instant at) implements BotEvent {}

  /** A fill, applied once (deduplicated by fill id) to the position. */
  record FillApplied(String botId, Fill fill, Instant at) implements BotEvent {}

  /**
   * → MONITORING with a position open: EXECUTING when the order filled; REJECTED, CANCELLED or FAILED
   * after an adjustment that did not happen (the position is still there); IDLE after a late fill.
   */
  record EnteredMonitoring(String botId, String reason, Instant at) implements BotEvent {}

  /** EXECUTING → FAILED: denied, rejected, or partially filled and abandoned. */
  record OrderFailed(String botId, ClientOrderId clientOrderId, String reason, Instant at) implements BotEvent {}

  /** MONITORING (exit signal, expiry, trigger) or FAILED with a residual position → CLOSING. */
  record ClosingStarted(String botId, String signalId, String reason, Instant at) implements BotEvent {}

  /**
   * A closing order failed; the bot stays in CLOSING and tries again. In a partial close: its order was refused for the
   * balance the protection holds, which is taken down (cancels in the same batch) before the reduction goes again.
   */
  record ClosingOrderFailed(String botId, ClientOrderId clientOrderId, String reason, Instant at) implements BotEvent {}

  /** REJECTED, CANCELLED, FAILED or CLOSING → IDLE (flat). */
  record ReturnedToIdle(String botId, Phase from, String reason, Instant at) implements BotEvent {}

  record Paused(String botId, String by, Instant at) implements BotEvent {}

  record Resumed(String botId, String by, Instant at) implements BotEvent {}

  /**
   * MONITORING → CLOSING (a partial close): {@code quantity} of the position is to be sold (or bought
   * back); the reduce-only order follows as {@link OrderIntended}. Its fill (or failure) leads back to
   * MONITORING with the rest, or to IDLE when the position became flat.
   */
  record ReductionStarted(String botId, String reductionId, BigDecimal quantity, String reason, Instant at)
      implements BotEvent {}

  /**
   * The bot's config was replaced by {@code by}: at once ({@code deferred} false, in IDLE), or kept
   * pending and applied when the bot next returns to IDLE ({@code deferred} true).
   */
  record Reconfigured(String botId, BotConfig config, String by, boolean deferred, Instant at) implements BotEvent {}

  /**
   * The bot's position replaced by the guardian's ledger's ({@code before} → {@code after}): its working order
   * {@code clientOrderId} was forgotten, so the fills it made are known only to the ledger. Persisted with the
   * order's failure, in one write.
   */
  record PositionReconciled(String botId, ClientOrderId clientOrderId, Position before, Position after, String reason,
      Instant at) implements BotEvent {}

  /**
   * A protective order ({@code role}: the trade's stop or its target) intended to rest at the venue, persisted before
   * it is sent to the guardian for acknowledgement, like {@link OrderIntended}; the bot stays where it is. {@code
   * template} and {@code approvedBy} as for {@link OrderIntended}: the trade's, whose entry it protects.
   */
  record ProtectionIntended(String botId, Order order, ProtectiveOrder.Role role, Instant at, String template,
      String approvedBy) implements BotEvent {
    /** Without the trade's template and approver (as journals before them hold it). */
    public ProtectionIntended(String botId, Order order, ProtectiveOrder.Role role, Instant at) {
      this(botId, order, role, at, null, null);
    }
  }

  /** The bot asks the venue to cancel protective order {@code clientOrderId} (the trade is over, or it was replaced). */
  record ProtectionCancelling(String botId, ClientOrderId clientOrderId, String reason, Instant at) implements BotEvent {}

  /** Protective order {@code clientOrderId} is over at the venue (filled, cancelled or rejected): no longer tracked. */
  record ProtectionSettled(String botId, ClientOrderId clientOrderId, String reason, Instant at) implements BotEvent {}

  /**
   * EXECUTING: a limit entry's time-out passed, so the bot cancels what still rests of {@code clientOrderId} at the
   * venue; persisted before the cancel is sent, so a restart cancels it again. The cancel's answer settles the entry:
   * nothing filled → IDLE; a part filled → MONITORING with that part as the position.
   */
  record EntryCancelling(String botId, ClientOrderId clientOrderId, String reason, Instant at) implements BotEvent {}
}
