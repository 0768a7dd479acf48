package io.dorado.actors.orderpath.bot;

import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.RiskGuardian;

/**
 * What a bot tells itself: the guardian's and the venue's answers through its message adapters, and its timers.
 * Package-private records: only the bot's own package can create them, so nothing else can pose as the guardian or a venue.
 */
final class BotMessages {
  private BotMessages() {}

  /** The guardian's answer to a trade review, through a message adapter. */
  record RiskReviewed(RiskGuardian.ReviewReply reply) implements Bot.Internal {}

  /** News about the working order from the guardian or the venue. */
  record OrderReported(OrderReport report) implements Bot.Internal {}

  /** On a timer: the approval deadline of {@code reviewId} has come. */
  record ApprovalDeadline(String reviewId) implements Bot.Internal {}

  /** On a timer: ask again for what the bot is still waiting on (review, acknowledgement, venue status). */
  record RetryPending(String why) implements Bot.Internal {}

  /**
   * The guardian's ledger position, asked for when the venue or the guardian said the working order
   * {@code clientOrderId} was forgotten ({@code detail}: who said so and why); {@code position} null when the
   * guardian did not answer in time (the retry timer asks the venue, and so the guardian, again).
   */
  record LedgerPositionReported(ClientOrderId clientOrderId, String detail, Position position) implements Bot.Internal {}

  /** On a timer: the resting limit entry {@code clientOrderId} may have reached its time-out. */
  record EntryTimeout(ClientOrderId clientOrderId) implements Bot.Internal {}
}
