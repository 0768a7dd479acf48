package io.dorado.protocol.risk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import java.math.BigDecimal;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The risk guardian's public face: the gate every order passes. A bot asks it to review a trade
 * (RISK_CHECK) and, just before sending, to acknowledge the order; only an acknowledged order
 * reaches a venue.
 */
public final class RiskGuardian {
  private RiskGuardian() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(ReviewTrade.class),
    @JsonSubTypes.Type(AcknowledgeOrder.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Review a proposed trade; answered with {@link TradeApproved} or {@link TradeDenied}. */
  public record ReviewTrade(TradeProposal proposal, ActorRef<ReviewReply> replyTo) implements Command {}

  /**
   * Acknowledge an order and forward it to its venue. Idempotent per client order id. A denial is
   * reported to {@code reportTo} as {@link OrderReport.Denied}; the venue reports the rest there.
   */
  public record AcknowledgeOrder(Order order, ActorRef<OrderReport> reportTo) implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(TradeApproved.class),
    @JsonSubTypes.Type(TradeDenied.class)
  })
  public sealed interface ReviewReply extends CborSerializable {
    String reviewId();
  }

  /** The trade may go ahead with {@code quantity}; {@code maxLoss} is what it risks at its stop. */
  public record TradeApproved(String reviewId, BigDecimal quantity, BigDecimal maxLoss, String note)
      implements ReviewReply {}

  public record TradeDenied(String reviewId, DenialReason reason, String detail) implements ReviewReply {}
}
