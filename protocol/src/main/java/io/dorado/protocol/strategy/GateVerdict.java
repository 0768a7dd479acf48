package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * One gate's verdict for one bot in one scan, with the numbers it looked at and a line per check
 * (including checks that could not run for lack of data, which pass and say so).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateVerdict(Gate gate, boolean passed, List<String> checks, Map<String, Double> numbers)
    implements CborSerializable {
  public GateVerdict {
    checks = checks == null ? List.of() : List.copyOf(checks);
    numbers = numbers == null ? Map.of() : Map.copyOf(numbers);
  }
}
