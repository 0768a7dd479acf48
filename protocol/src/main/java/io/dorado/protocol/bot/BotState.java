package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.BotEvent.ApprovalRequested;
import io.dorado.protocol.bot.BotEvent.ExecutionApproved;
import io.dorado.protocol.bot.BotEvent.RiskRejected;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.signal.Signal;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One state type per lifecycle phase (PRD §3.1). Transitions are pure functions on these records;
 * the entity's event handler only routes events to them. Every state carries the {@link BotData}
 * that survives all phases.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(BotState.New.class),
  @JsonSubTypes.Type(BotState.Idle.class),
  @JsonSubTypes.Type(BotState.SignalReceived.class),
  @JsonSubTypes.Type(BotState.RiskCheck.class),
  @JsonSubTypes.Type(BotState.Rejected.class),
  @JsonSubTypes.Type(BotState.AwaitingApproval.class),
  @JsonSubTypes.Type(BotState.Executing.class),
  @JsonSubTypes.Type(BotState.Monitoring.class),
  @JsonSubTypes.Type(BotState.Closing.class),
  @JsonSubTypes.Type(BotState.Cancelled.class),
  @JsonSubTypes.Type(BotState.Failed.class),
  @JsonSubTypes.Type(BotState.Reducing.class)
})
public sealed interface BotState extends CborSerializable {
  BotData data();

  Phase phase();

  BotState withData(BotData data);

  /** A state that sends or waits for an order: EXECUTING and CLOSING. */
  sealed interface WithOrder extends BotState permits Executing, Closing, Reducing {
    /** The unresolved order, or null before one is intended. */
    WorkingOrder working();

    WithOrder withWorking(WorkingOrder working);
  }

  /** Settles into IDLE, keeping how the attempt ended. */
  default Idle toIdle(BotEvent.ReturnedToIdle e) {
    return new Idle(data().withOutcome(new Outcome(phase(), e.reason(), e.at())).withPendingConfigApplied());
  }

  /** Settles into MONITORING: a position is open and stays managed. */
  default Monitoring toMonitoring(BotEvent.EnteredMonitoring e) {
    return new Monitoring(data().withOutcome(new Outcome(phase(), e.reason(), e.at())), e.at());
  }

  /** Starts closing the position (exit signal, operator, expiry, management trigger, cleanup). */
  default Closing toClosing(BotEvent.ClosingStarted e) {
    return new Closing(data().withSignal(e.signalId()), e.reason(), null, 0, e.at());
  }

  /** Before creation: only {@link Bot.Create} is valid. */
  record New(String botId) implements BotState {
    public BotData data() {
      return null;
    }

    public Phase phase() {
      return Phase.NEW;
    }

    public BotState withData(BotData data) {
      return this;
    }

    public Idle create(BotEvent.BotCreated e) {
      return new Idle(BotData.initial(e.config()));
    }
  }

  record Idle(BotData data) implements BotState {
    public Phase phase() {
      return Phase.IDLE;
    }

    public Idle withData(BotData data) {
      return new Idle(data);
    }

    public SignalReceived receive(Signal signal) {
      return new SignalReceived(data.withSignal(signal.signalId()), signal, false);
    }

  }

  record SignalReceived(BotData data, Signal signal, boolean adjustment) implements BotState {
    public Phase phase() {
      return Phase.SIGNAL_RECEIVED;
    }

    public SignalReceived withData(BotData data) {
      return new SignalReceived(data, signal, adjustment);
    }

    public RiskCheck startRiskCheck(TradeProposal proposal, Instant at) {
      return new RiskCheck(data, proposal, at);
    }
  }

  record RiskCheck(BotData data, TradeProposal proposal, Instant since) implements BotState {
    public Phase phase() {
      return Phase.RISK_CHECK;
    }

    public RiskCheck withData(BotData data) {
      return new RiskCheck(data, proposal, since);
    }

    public Rejected reject(RiskRejected e) {
      return new Rejected(data, e.reviewId(), e.reason(), e.detail());
    }

    public AwaitingApproval awaitApproval(ApprovalRequested e) {
      return new AwaitingApproval(data, proposal, e.quantity(), e.maxLoss(), e.at(), e.deadline());
    }

    public Executing execute(ExecutionApproved e) {
      BotData opened = data.openingTrade(e.reviewId(), e.maxLoss(), e.at(), proposal.stop(), proposal.target(),
          e.automatic() ? null : e.by());
      return new Executing(opened, proposal, e.quantity(), null, e.at());
    }
  }

  record Rejected(BotData data, String reviewId, DenialReason reason, String detail) implements BotState {
    public Phase phase() {
      return Phase.REJECTED;
    }

    public Rejected withData(BotData data) {
      return new Rejected(data, reviewId, reason, detail);
    }
  }

  record AwaitingApproval(
      BotData data, TradeProposal proposal, BigDecimal quantity, BigDecimal maxLoss, Instant requestedAt, Instant deadline)
      implements BotState {
    public Phase phase() {
      return Phase.AWAITING_APPROVAL;
    }

    public AwaitingApproval withData(BotData data) {
      return new AwaitingApproval(data, proposal, quantity, maxLoss, requestedAt, deadline);
    }

    public boolean isExpiredAt(Instant now) {
      return !now.isBefore(deadline);
    }

    public Executing execute(ExecutionApproved e) {
      BotData opened = data.openingTrade(e.reviewId(), e.maxLoss(), e.at(), proposal.stop(), proposal.target(),
          e.automatic() ? null : e.by());
      return new Executing(opened, proposal, e.quantity(), null, e.at());
    }

    public Cancelled cancel(BotEvent.TradeCancelled e) {
      return new Cancelled(data, e.reason());
    }
  }

  /**
   * The entry order works. {@code cancelling}: a limit entry's time-out passed and its rest is being cancelled
   * ({@link BotEvent.EntryCancelling}; null otherwise).
   */
  record Executing(BotData data, TradeProposal proposal, BigDecimal quantity, WorkingOrder working, Instant since,
      String cancelling) implements WithOrder {
    public Executing(BotData data, TradeProposal proposal, BigDecimal quantity, WorkingOrder working, Instant since) {
      this(data, proposal, quantity, working, since, null);
    }

    public Phase phase() {
      return Phase.EXECUTING;
    }

    public Executing withData(BotData data) {
      return new Executing(data, proposal, quantity, working, since, cancelling);
    }

    public Executing withWorking(WorkingOrder working) {
      return new Executing(data, proposal, quantity, working, since, cancelling);
    }

    /** When a limit entry stops resting and is cancelled (null for a market entry). */
    @JsonIgnore
    public Instant limitDeadline() {
      return proposal.limitTimeout() == null ? null : since.plus(proposal.limitTimeout());
    }

    public Executing cancelEntry(BotEvent.EntryCancelling e) {
      return new Executing(data, proposal, quantity, working, since, e.reason());
    }

    public Failed fail(String reason) {
      return new Failed(data, reason);
    }
  }

  record Monitoring(BotData data, Instant since) implements BotState {
    public Phase phase() {
      return Phase.MONITORING;
    }

    public Monitoring withData(BotData data) {
      return new Monitoring(data, since);
    }

    public SignalReceived adjust(Signal signal) {
      return new SignalReceived(data.withSignal(signal.signalId()), signal, true);
    }

    /** Starts a partial close; the reduction id is remembered at once, so a repeat reduces nothing. */
    public Reducing reduce(BotEvent.ReductionStarted e) {
      return new Reducing(data.withSignal(e.reductionId()).withReduction(e.reductionId()), e.reductionId(), e.quantity(),
          e.reason(), null, e.at());
    }

  }

  record Closing(BotData data, String reason, WorkingOrder working, int failedAttempts, Instant since)
      implements WithOrder {
    public Phase phase() {
      return Phase.CLOSING;
    }

    public Closing withData(BotData data) {
      return new Closing(data, reason, working, failedAttempts, since);
    }

    public Closing withWorking(WorkingOrder working) {
      return new Closing(data, reason, working, failedAttempts, since);
    }

    /** The closing order failed; a new one is intended on the next retry. */
    public Closing orderFailed() {
      return new Closing(data, reason, null, failedAttempts + 1, since);
    }
  }

  record Cancelled(BotData data, String reason) implements BotState {
    public Phase phase() {
      return Phase.CANCELLED;
    }

    public Cancelled withData(BotData data) {
      return new Cancelled(data, reason);
    }
  }

  record Failed(BotData data, String reason) implements BotState {
    public Phase phase() {
      return Phase.FAILED;
    }

    public Failed withData(BotData data) {
      return new Failed(data, reason);
    }

  }

  /**
   * A partial close under way (a scaled exit): public phase CLOSING, but it ends back in MONITORING with
   * the rest of the position, or in IDLE when nothing is left. {@code quantity} is what it reduces.
   * {@code makingRoom}: the protection taken down because the venue refused the reduction for the balance it holds
   * (a spot venue): the reduction goes again once it is off the venue, and it is placed again, at its prices, for
   * what is left (empty otherwise, and in states written before it).
   */
  record Reducing(BotData data, String reductionId, BigDecimal quantity, String reason, WorkingOrder working,
      Instant since, List<ProtectiveOrder> makingRoom) implements WithOrder {
    public Reducing {
      makingRoom = makingRoom == null ? List.of() : List.copyOf(makingRoom);
    }

    public Reducing(BotData data, String reductionId, BigDecimal quantity, String reason, WorkingOrder working,
        Instant since) {
      this(data, reductionId, quantity, reason, working, since, List.of());
    }

    public Phase phase() {
      return Phase.CLOSING;
    }

    public Reducing withData(BotData data) {
      return new Reducing(data, reductionId, quantity, reason, working, since, makingRoom);
    }

    public Reducing withWorking(WorkingOrder working) {
      return new Reducing(data, reductionId, quantity, reason, working, since, makingRoom);
    }

    /**
     * The reduction's order failed and the protection still protecting is being taken down to make room for it
     * (the same events cancel it): remembered, and the reduction waits for it to be off the venue.
     */
    public Reducing makeRoom() {
      var room = new ArrayList<>(makingRoom);
      room.addAll(data.protecting());
      return new Reducing(data, reductionId, quantity, reason, null, since, room);
    }
  }

  /** Applies a fill to the position, and to the working order when it belongs to it. */
  default BotState applyFill(Fill fill) {
    BotState next = withData(data().withFill(fill));
    if (next instanceof WithOrder w && w.working() != null && w.working().isFor(fill)) {
      return w.withWorking(w.working().withFill(fill));
    }
    return next;
  }

  /** Records a newly intended order and advances the order sequence. */
  default BotState intend(Order order) {
    BotState next = withData(data().withOrderSequence(order.clientOrderId().sequence()));
    if (order.isCombo() && !order.reduceOnly()) { // a structure opens: its legs' positions start here
      TradeMark mark = next.data().openTrade();
      next = next.withData(next.data().withStructureEntry(order, mark == null ? null : mark.maxLoss()));
    }
    return next instanceof WithOrder w ? w.withWorking(WorkingOrder.intended(order)) : next;
  }

  default BotState markAccepted() {
    return this instanceof WithOrder w && w.working() != null ? w.withWorking(w.working().asAccepted()) : this;
  }
}
