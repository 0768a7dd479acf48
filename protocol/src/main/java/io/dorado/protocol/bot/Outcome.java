package io.dorado.protocol.bot;

import io.dorado.protocol.CborSerializable;
import java.time.Instant;

/** How the bot's last trade attempt ended, kept in IDLE so the reason is never lost. */
public record Outcome(Phase phase, String reason, Instant at) implements CborSerializable {}
