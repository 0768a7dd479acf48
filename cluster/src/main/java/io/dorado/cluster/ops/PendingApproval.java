package io.dorado.cluster.ops;

import io.dorado.protocol.risk.TradeProposal;
import java.math.BigDecimal;
import java.time.Instant;

/** A trade that passed risk and waits for a human (PRD §3.2): what to show and until when. */
public record PendingApproval(String botId, String template, TradeProposal proposal, BigDecimal quantity,
    BigDecimal maxLoss, Instant requestedAt, Instant deadline) {

  public String reviewId() {
    return proposal.reviewId();
  }
}
