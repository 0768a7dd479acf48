package io.dorado.protocol.alert;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What an operator must hear about, published on the cluster-wide topic {@link #TOPIC}. Actors
 * publish after the fact is persisted; front ends (Telegram, the dashboard's event stream) subscribe
 * and choose per {@link AlertType} whether to deliver. Publishing never waits for a subscriber.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(Alert.OrderFilled.class),
  @JsonSubTypes.Type(Alert.TradeDenied.class),
  @JsonSubTypes.Type(Alert.OrderDenied.class),
  @JsonSubTypes.Type(Alert.BreakerTripped.class),
  @JsonSubTypes.Type(Alert.TradingStateChanged.class),
  @JsonSubTypes.Type(Alert.KillSwitchEngaged.class),
  @JsonSubTypes.Type(Alert.ApprovalRequested.class),
  @JsonSubTypes.Type(Alert.TradeClosed.class),
  @JsonSubTypes.Type(Alert.VenueRefused.class),
  @JsonSubTypes.Type(Alert.OrderForgotten.class),
  @JsonSubTypes.Type(Alert.DailySummary.class),
  @JsonSubTypes.Type(Alert.JournalHealth.class),
  @JsonSubTypes.Type(Alert.BotPaused.class),
  @JsonSubTypes.Type(Alert.BotResumed.class),
  @JsonSubTypes.Type(Alert.AccountMismatch.class),
  @JsonSubTypes.Type(Alert.CloseFailing.class)
})
public sealed interface Alert extends CborSerializable {

  /** The name of the pub-sub topic every alert is published on. */
  String TOPIC = "dorado-alerts";

  AlertType type();

  Instant at();

  /** A fill of a bot's order (partial or complete). */
  record OrderFilled(String botId, ClientOrderId clientOrderId, String symbol, Side side, BigDecimal quantity,
      BigDecimal price, boolean complete, Instant at) implements Alert {
    public AlertType type() { return AlertType.FILL; }
  }

  /** The guardian denied a trade under review. */
  record TradeDenied(String botId, String reviewId, DenialReason reason, String detail, Instant at) implements Alert {
    public AlertType type() { return AlertType.DENIAL; }
  }

  /** The guardian refused to acknowledge an order (state changed since the review). */
  record OrderDenied(String botId, ClientOrderId clientOrderId, DenialReason reason, String detail, Instant at)
      implements Alert {
    public AlertType type() { return AlertType.DENIAL; }
  }

  /** A circuit breaker tripped; {@code state} is the trading state it implies. */
  record BreakerTripped(String breaker, String detail, TradingState state, Instant at) implements Alert {
    public AlertType type() { return AlertType.BREAKER; }
  }

  record TradingStateChanged(TradingState from, TradingState to, String by, String reason, Instant at) implements Alert {
    public AlertType type() { return AlertType.TRADING_STATE; }
  }

  record KillSwitchEngaged(String by, String reason, int workingOrdersCancelled, Instant at) implements Alert {
    public AlertType type() { return AlertType.KILL_SWITCH; }
  }

  /** A trade passed risk and waits for a human until {@code deadline} (PRD §3.2). */
  record ApprovalRequested(String botId, TradeProposal proposal, BigDecimal quantity, BigDecimal maxLoss,
      Instant deadline, Instant at) implements Alert {
    public AlertType type() { return AlertType.APPROVAL_REQUEST; }

    public String reviewId() {
      return proposal.reviewId();
    }
  }

  /** A bot's position was closed; {@code realizedPnl} is this trade's. */
  record TradeClosed(String botId, String tradeId, String symbol, BigDecimal realizedPnl, String reason, Instant at)
      implements Alert {
    public AlertType type() { return AlertType.TRADE_CLOSED; }
  }

  /** A venue refused a submission (bad signature, expired or altered acknowledgement): a security event. */
  record VenueRefused(String venueId, ClientOrderId clientOrderId, String reason, Instant at) implements Alert {
    public AlertType type() { return AlertType.VENUE_REFUSAL; }
  }

  /**
   * A bot's working order was settled and forgotten by the venue or the guardian before the bot heard how it
   * ended: the order failed and the bot's position ({@code heldBefore}) was replaced by the guardian's ledger's
   * ({@code ledgerQuantity}). Worth a look: the bot missed its order's outcome for a whole retention period.
   */
  record OrderForgotten(String botId, ClientOrderId clientOrderId, String symbol, BigDecimal heldBefore,
      BigDecimal ledgerQuantity, String detail, Instant at) implements Alert {
    public AlertType type() { return AlertType.ORDER_FORGOTTEN; }
  }

  record DailySummary(LocalDate day, BigDecimal realizedPnl, BigDecimal equity, int trades, int fills, Instant at)
      implements Alert {
    public AlertType type() { return AlertType.DAILY_SUMMARY; }
  }

  /**
   * A node's journal failed, came back, or stayed down so long that the node exits for its orchestrator to
   * restart it (io.dorado.cluster.JournalWatchdog). {@code since}: when its probes began to fail.
   */
  record JournalHealth(String node, Condition condition, String detail, Instant since, Instant at) implements Alert {
    public AlertType type() { return AlertType.JOURNAL; }

    public enum Condition {
      /** Probes fail: the watchdog set the trading state to REDUCING. */
      FAILING,
      /** Probes pass again; the trading state stays REDUCING until an operator sets ACTIVE. */
      RECOVERED,
      /** Failing past the limit, or the journal plugin stopped: the node exits (JournalWatchdog.EXIT_CODE). */
      RESTARTING
    }
  }

  /**
   * The guardian paused a bot: it tripped its execution throttle ({@code reason}, the numbers in {@code detail}).
   * It adds no exposure until an operator resumes it; it may still close its position. A per-bot breaker.
   */
  record BotPaused(String botId, DenialReason reason, String detail, Instant at) implements Alert {
    public AlertType type() { return AlertType.BREAKER; }
  }

  /** An operator resumed a bot the execution throttle had paused. */
  record BotResumed(String botId, String by, String reason, Instant at) implements Alert {
    public AlertType type() { return AlertType.TRADING_STATE; }
  }

  /**
   * A venue account's reconciliation found the guardian's ledger and the venue apart beyond the tolerance: the
   * account is REDUCING (only reducing orders pass) until an operator acknowledges it.
   */
  record AccountMismatch(String account, String venue, String detail, Instant at) implements Alert {
    public AlertType type() { return AlertType.TRADING_STATE; }
  }

  /**
   * A bot's close keeps failing (refused, cancelled, denied), so its position stays open while the bot retries: said at
   * the {@value #CLOSE_FAILURES_FIRST_SAID}th failure and every {@value #CLOSE_FAILURES_SAID_EVERY}th after, never per
   * retry (a retry loop must not flood the operator). {@code lastReason} is what the venue or the guardian said.
   */
  record CloseFailing(String botId, String symbol, BigDecimal position, int failures, String lastReason, Instant at)
      implements Alert {
    public AlertType type() { return AlertType.VENUE_REFUSAL; }
  }

  int CLOSE_FAILURES_FIRST_SAID = 5;
  int CLOSE_FAILURES_SAID_EVERY = 100;
}
