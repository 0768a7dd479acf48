package io.dorado.protocol.order;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.risk.DenialReason;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the bot learns about one of its orders: from the guardian (denied at acknowledgement) or from
 * the venue (accepted, filled, rejected, cancelled, or its status when asked). Keyed by client order id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(OrderReport.Denied.class),
  @JsonSubTypes.Type(OrderReport.Accepted.class),
  @JsonSubTypes.Type(OrderReport.Filled.class),
  @JsonSubTypes.Type(OrderReport.Rejected.class),
  @JsonSubTypes.Type(OrderReport.Cancelled.class),
  @JsonSubTypes.Type(OrderReport.Status.class)
})
public sealed interface OrderReport extends CborSerializable {
  ClientOrderId clientOrderId();

  /** The fills this report carries: one for a fill, every one for a status, none otherwise. */
  default List<Fill> fills() {
    return this instanceof Filled f ? List.of(f.fill()) : List.of();
  }

  /** Whether the order is over after this report (rejected, cancelled, completely filled, or a final status). */
  default boolean closesOrder() {
    return this instanceof Rejected || this instanceof Cancelled
        || (this instanceof Filled f && f.complete())
        || (this instanceof Status st && st.status().isTerminal());
  }

  /** The guardian refused to acknowledge: the order was never sent. */
  record Denied(ClientOrderId clientOrderId, DenialReason reason, String detail) implements OrderReport {}

  /** The venue accepted the order and it is working. */
  record Accepted(ClientOrderId clientOrderId, String venueOrderId) implements OrderReport {}

  /** A fill; {@code filledQuantity} is the order's cumulative filled quantity including this fill. */
  record Filled(ClientOrderId clientOrderId, Fill fill, BigDecimal filledQuantity, boolean complete)
      implements OrderReport {}

  /**
   * The venue refused the order; nothing of it was filled. {@code kind}: what the adapter read the vendor's refusal
   * as; {@link RejectionKind#OTHER} when it says nothing (and for a rejection written before kinds).
   */
  record Rejected(ClientOrderId clientOrderId, String reason, RejectionKind kind) implements OrderReport {
    public Rejected {
      kind = kind == null ? RejectionKind.OTHER : kind;
    }

    public Rejected(ClientOrderId clientOrderId, String reason) {
      this(clientOrderId, reason, RejectionKind.OTHER);
    }
  }

  /** Cancelled or expired; {@code filledQuantity} may be above zero (partially filled, then abandoned). */
  record Cancelled(ClientOrderId clientOrderId, BigDecimal filledQuantity, String reason) implements OrderReport {}

  /** The venue's answer to a status query: everything it knows, so the asker can reconcile. */
  record Status(ClientOrderId clientOrderId, OrderStatus status, BigDecimal filledQuantity, List<Fill> fills, String reason)
      implements OrderReport {
    public Status {
      fills = fills == null ? List.of() : List.copyOf(fills);
      filledQuantity = filledQuantity == null ? BigDecimal.ZERO : filledQuantity;
    }
  }
}
