package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/**
 * One bot's part of a scan: the gates it went through, in order, the candidates it produced, and the option structures
 * it built but refused on their chain's quality ({@code refused}: each names the structure, the leg and the measure,
 * e.g. "short put 95 quote 4m12s old > 60s"; empty in reports recorded before it existed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BotScan(
    String botId, String symbol, String template, List<GateVerdict> gates, List<Candidate> candidates, String skipped,
    List<String> refused)
    implements CborSerializable {
  public BotScan {
    gates = gates == null ? List.of() : List.copyOf(gates);
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    refused = refused == null ? List.of() : List.copyOf(refused);
  }

  public BotScan(
      String botId, String symbol, String template, List<GateVerdict> gates, List<Candidate> candidates, String skipped) {
    this(botId, symbol, template, gates, candidates, skipped, List.of());
  }
}
