package io.dorado.protocol.risk;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Order;
import java.time.Instant;

/**
 * An order the risk guardian has acknowledged, with the guardian's signature. The only thing a venue
 * actor will send. {@code signature} is an HMAC-SHA256 ({@link AckSigner}) over every field of the
 * order and every other field of this record; a venue refuses the ack when the signature does not
 * match, when it has expired, or when it names another venue.
 *
 * <p>The compact constructor accepts a missing signature so that an unsigned ack can still be
 * received and refused with a reason (rather than failing deserialization with none).
 *
 * @param ackId the guardian's id for this acknowledgement (unique per acknowledgement)
 * @param guardianId who acknowledged: the venue checks it against the guardian it trusts
 * @param signature Base64 HMAC-SHA256, see {@link AckSigner#canonical}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AcknowledgedOrder(
    Order order, String ackId, String guardianId, Instant issuedAt, Instant expiresAt, String signature)
    implements CborSerializable {

  public AcknowledgedOrder {
    required(order, "order");
    requiredText(ackId, "ack_id");
    requiredText(guardianId, "guardian_id");
    required(issuedAt, "issued_at");
    required(expiresAt, "expires_at");
  }

  public ClientOrderId clientOrderId() {
    return order.clientOrderId();
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The same acknowledgement carrying another order (what a tamperer would send). */
  public AcknowledgedOrder withOrder(Order other) {
    return new AcknowledgedOrder(other, ackId, guardianId, issuedAt, expiresAt, signature);
  }

  public AcknowledgedOrder withSignature(String other) {
    return new AcknowledgedOrder(order, ackId, guardianId, issuedAt, expiresAt, other);
  }

  public AcknowledgedOrder withExpiry(Instant other) {
    return new AcknowledgedOrder(order, ackId, guardianId, issuedAt, other, signature);
  }
}
