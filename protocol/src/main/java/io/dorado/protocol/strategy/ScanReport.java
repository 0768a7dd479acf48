package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * Everything one scan did: per bot the gate verdicts and candidates, the ranked selection with a
 * reason per candidate, and the signals sent. The whole pipeline of PRD §3.2 in one record.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScanReport(
    String scanId,
    Instant at,
    String regime,
    List<BotScan> bots,
    List<Selection> selections,
    List<Dispatch> dispatches)
    implements CborSerializable {
  public ScanReport {
    bots = bots == null ? List.of() : List.copyOf(bots);
    selections = selections == null ? List.of() : List.copyOf(selections);
    dispatches = dispatches == null ? List.of() : List.copyOf(dispatches);
  }

  public ScanReport withDispatches(List<Dispatch> sent) {
    return new ScanReport(scanId, at, regime, bots, selections, sent);
  }
}
