package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/** One bot's part of a scan: the gates it went through, in order, and the candidates it produced. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BotScan(
    String botId, String symbol, String template, List<GateVerdict> gates, List<Candidate> candidates, String skipped)
    implements CborSerializable {
  public BotScan {
    gates = gates == null ? List.of() : List.copyOf(gates);
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }
}
