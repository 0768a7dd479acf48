package io.dorado.cluster.ops;

import io.dorado.protocol.bot.Phase;
import java.time.Instant;

/**
 * One line of the audit log (from the read side): what happened to whom, when and why. {@code from}
 * and {@code to} are the phases where the event is a transition, else null; {@code by} the operator
 * where one acted.
 */
public record AuditEntry(String entityId, long sequenceNr, Instant at, String eventType, Phase from, Phase to,
    String by, String detail) {}
