package io.dorado.protocol.risk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.venue.AccountSnapshot;
import io.dorado.protocol.venue.VenueExecution;
import io.dorado.protocol.venue.VenueOrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the risk guardian decided and learned. Decisions made while a journal write was under way are
 * written together in the next one, so several acknowledgements share one write.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(GuardianEvent.ReviewApproved.class),
  @JsonSubTypes.Type(GuardianEvent.ReviewDenied.class),
  @JsonSubTypes.Type(GuardianEvent.OrdersAcknowledged.class),
  @JsonSubTypes.Type(GuardianEvent.OrderDenied.class),
  @JsonSubTypes.Type(GuardianEvent.FillRecorded.class),
  @JsonSubTypes.Type(GuardianEvent.OrderClosed.class),
  @JsonSubTypes.Type(GuardianEvent.PricesMarked.class),
  @JsonSubTypes.Type(GuardianEvent.BudgetsSet.class),
  @JsonSubTypes.Type(GuardianEvent.TradingStateChanged.class),
  @JsonSubTypes.Type(GuardianEvent.KillSwitchEngaged.class),
  @JsonSubTypes.Type(GuardianEvent.KillScopeEngaged.class),
  @JsonSubTypes.Type(GuardianEvent.KillScopeReleased.class),
  @JsonSubTypes.Type(GuardianEvent.BreakersChanged.class),
  @JsonSubTypes.Type(GuardianEvent.SettledForgotten.class),
  @JsonSubTypes.Type(GuardianEvent.BotPaused.class),
  @JsonSubTypes.Type(GuardianEvent.BotResumed.class),
  @JsonSubTypes.Type(GuardianEvent.AccountOpened.class),
  @JsonSubTypes.Type(GuardianEvent.ExternalSeen.class),
  @JsonSubTypes.Type(GuardianEvent.ExternalExecuted.class),
  @JsonSubTypes.Type(GuardianEvent.ReconciliationChecked.class),
  @JsonSubTypes.Type(GuardianEvent.ReconciliationAcknowledged.class),
  @JsonSubTypes.Type(GuardianEvent.SessionClosed.class)
})
public sealed interface GuardianEvent extends CborSerializable {
  Instant at();

  /**
   * {@code regimeMultiplier}: the regime radar's sizing multiplier the approved quantity already carries (null: none,
   * and in every older event), so the acknowledgement does not apply it twice.
   */
  record ReviewApproved(TradeProposal proposal, BigDecimal quantity, BigDecimal maxLoss, Instant at,
      BigDecimal regimeMultiplier) implements GuardianEvent {
    public ReviewApproved(TradeProposal proposal, BigDecimal quantity, BigDecimal maxLoss, Instant at) {
      this(proposal, quantity, maxLoss, at, null);
    }
  }

  record ReviewDenied(String reviewId, String botId, RiskDenial denial, Instant at) implements GuardianEvent {}

  /** Persisted before any of these orders reaches its venue. */
  record OrdersAcknowledged(List<AcknowledgedOrder> acks, Instant at) implements GuardianEvent {
    public OrdersAcknowledged {
      acks = List.copyOf(acks);
    }
  }

  record OrderDenied(ClientOrderId clientOrderId, RiskDenial denial, Instant at) implements GuardianEvent {}

  /**
   * {@code account}: the account whose ledger counts it (null in events written before accounts: the account of
   * the fill's order, see {@code GuardianState}).
   */
  record FillRecorded(Fill fill, Instant at, String account) implements GuardianEvent {
    public FillRecorded(Fill fill, Instant at) {
      this(fill, at, null);
    }
  }

  /** Cancelled, rejected or completely filled: the order no longer commits cash. */
  record OrderClosed(ClientOrderId clientOrderId, String reason, Instant at) implements GuardianEvent {}

  record PricesMarked(Map<String, BigDecimal> prices, Instant at) implements GuardianEvent {
    public PricesMarked {
      prices = Map.copyOf(prices);
    }
  }

  record BudgetsSet(Map<String, BigDecimal> budgets, Instant at) implements GuardianEvent {
    public BudgetsSet {
      budgets = Map.copyOf(budgets);
    }
  }

  /** A breaker tripped (HALTED) or an operator changed the trading state. ACTIVE releases the kill switch. */
  /**
   * {@code account}: the one account it applies to; null: every account (fleet-wide, and every older event).
   * {@code breaker}: the loss breaker whose breach halts it (daily, weekly, drawdown), which decides when the halt may
   * lift at a session boundary; null for an operator's change and in every older event.
   */
  record TradingStateChanged(TradingState state, String by, String reason, Instant at, String account, Breaker breaker)
      implements GuardianEvent {
    public TradingStateChanged(TradingState state, String by, String reason, Instant at, String account) {
      this(state, by, reason, at, account, null);
    }

    public TradingStateChanged(TradingState state, String by, String reason, Instant at) {
      this(state, by, reason, at, null, null);
    }
  }

  /**
   * {@code circuit_breakers.breaker_reset session_close}: the session of {@code account}'s exchange calendar closed at
   * {@code boundary}; the account's daily loss is measured afresh from its equity now, and its weekly loss too when
   * {@code weekEnd} (the next session is in a later ISO week).
   */
  record SessionClosed(String account, Instant boundary, boolean weekEnd, Instant at) implements GuardianEvent {}

  record KillSwitchEngaged(String by, String reason, Instant at) implements GuardianEvent {}

  /** A venue, account or bot scope's kill switch (the fleet-wide one is {@link KillSwitchEngaged}). */
  record KillScopeEngaged(KillScope scope, String by, String reason, Instant at) implements GuardianEvent {}

  /** An operator released a venue, account or bot scope's kill switch. */
  record KillScopeReleased(KillScope scope, String by, String reason, Instant at) implements GuardianEvent {}

  /** The set of tripped circuit breakers changed: {@code tripped} is the new set (so each trip's time is known). */
  record BreakersChanged(Set<Breaker> tripped, Instant at, String account) implements GuardianEvent {
    public BreakersChanged {
      tripped = Set.copyOf(tripped);
    }

    public BreakersChanged(Set<Breaker> tripped, Instant at) {
      this(tripped, at, null);
    }
  }

  /**
   * Every order no longer working and last active (acknowledged, filled, closed) before {@code before} is
   * forgotten, with its fills' ids
   * and its acknowledgement: the state stays bounded by the retention period, not the account's life. Per
   * bot, the highest forgotten sequence is kept, and an id at or below it is never acknowledged again.
   */
  record SettledForgotten(Instant before, Instant at) implements GuardianEvent {}

  /**
   * The bot tripped its execution throttle ({@code denial} says which limit and the numbers): it may add no
   * exposure until an operator resumes it; its reduce-only orders still pass, so it can close its position.
   */
  record BotPaused(String botId, RiskDenial denial, Instant at) implements GuardianEvent {}

  /** An operator resumed a bot the execution throttle paused; its throttle counts start afresh. */
  record BotResumed(String botId, String by, String reason, Instant at) implements GuardianEvent {}

  // ---- venue accounts (a live account's truth is the venue's) ------------------------------------------------

  /**
   * The venue's first account snapshot: the account's cash is the venue's from now on (it replaces the configured
   * starting cash), and the venue's positions beyond what the fleet's bots hold are EXTERNAL.
   */
  record AccountOpened(String account, String venue, String mode, AccountSnapshot snapshot,
      Map<String, BigDecimal> externalPositions, Instant at) implements GuardianEvent {
    public AccountOpened {
      externalPositions = externalPositions == null ? Map.of() : Map.copyOf(externalPositions);
    }
  }

  /** The orders working at the venue that no bot owns (adopted as EXTERNAL), replacing those seen before. */
  record ExternalSeen(String account, List<VenueOrderView> orders, Instant at) implements GuardianEvent {
    public ExternalSeen {
      orders = List.copyOf(orders);
    }
  }

  /** Executions of orders no bot owns: they move the account's cash and its EXTERNAL positions. */
  record ExternalExecuted(String account, List<VenueExecution> executions, Instant at) implements GuardianEvent {
    public ExternalExecuted {
      executions = List.copyOf(executions);
    }
  }

  /**
   * A periodic comparison of the account with the venue's snapshot: {@code mismatch} null when within the
   * tolerance; otherwise what differs, and the account is REDUCING until {@link ReconciliationAcknowledged}.
   */
  record ReconciliationChecked(String account, String mismatch, AccountSnapshot snapshot, Instant at)
      implements GuardianEvent {}

  /** An operator looked at a mismatch: the account's ledger takes the venue's last snapshot and trades again. */
  record ReconciliationAcknowledged(String account, String by, String reason, Instant at) implements GuardianEvent {}
}
