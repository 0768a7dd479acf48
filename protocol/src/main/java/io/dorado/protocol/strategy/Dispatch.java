package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;

/**
 * A candidate sent to a bot as a signal: to its own bot when selected, to the bot's paper twin
 * otherwise. {@code outcome} is the bot's answer (accepted, rejected with reason, or no answer).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Dispatch(String candidateId, String botId, String signalId, boolean paper, String outcome)
    implements CborSerializable {}
