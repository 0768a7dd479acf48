package io.dorado.protocol.strategy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * The macro regime (PRD §3.5.1): the HMM's current state, labelled, with its posterior probability
 * as confidence. {@code transitionAlert} when the most likely regime changed within the last few bars.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MacroRegime(String label, double confidence, Map<String, Double> probabilities, boolean transitionAlert)
    implements CborSerializable {
  /** The regime labels of PRD §3.5.1, calm to stressed (recovery last: it is reached from stress). */
  public static final List<String> LABELS = List.of("risk_on", "goldilocks", "transition", "risk_off", "crisis", "recovery");

  public MacroRegime {
    probabilities = probabilities == null ? Map.of() : Map.copyOf(probabilities);
  }
}
