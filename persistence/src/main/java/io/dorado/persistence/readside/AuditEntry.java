package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.time.Instant;

/**
 * One line of the audit log: an event of a bot (kind {@code bot}; states are lifecycle phases) or a
 * decision of a risk guardian (kind {@code guardian}; states are trading states). {@code fromState}
 * equals {@code toState} for an event that changes no state (a fill, a pause).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEntry(
    String kind,
    String entityId,
    long seqNr,
    Instant at,
    String eventType,
    String fromState,
    String toState,
    String reason,
    String detail)
    implements CborSerializable {

  public static final String BOT = "bot";
  public static final String GUARDIAN = "guardian";
}
