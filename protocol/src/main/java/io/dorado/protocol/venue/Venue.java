package io.dorado.protocol.venue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A venue account's public face as bots see it. Queries and cancels need no acknowledgement;
 * nothing that adds exposure reaches a venue except through the risk guardian.
 */
public final class Venue {
  private Venue() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(QueryOrder.class),
    @JsonSubTypes.Type(CancelOrder.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** Answered with {@link OrderReport.Status} (UNKNOWN when the venue never received the order). */
  public record QueryOrder(ClientOrderId clientOrderId, ActorRef<OrderReport> reportTo) implements Command {}

  /** Answered with {@link OrderReport.Cancelled}, or the order's status when it can no longer be cancelled. */
  public record CancelOrder(ClientOrderId clientOrderId, String reason, ActorRef<OrderReport> reportTo)
      implements Command {}
}
