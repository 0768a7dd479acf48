package io.dorado.fleet.telegram;

import io.dorado.protocol.CborSerializable;

/**
 * What the outbound queue has done since it started: {@code dropped} counts the oldest messages
 * discarded because the queue was full (Telegram slow or down for long), {@code failed} the ones
 * Telegram refused for good (4xx), {@code retried} the 5xx and timeouts, {@code throttled} the 429s.
 */
public record OutboxStats(int queued, int inFlight, long sent, long dropped, long failed, long retried, long throttled)
    implements CborSerializable {}
