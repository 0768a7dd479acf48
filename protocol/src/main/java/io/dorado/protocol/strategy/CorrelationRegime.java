package io.dorado.protocol.strategy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/**
 * The correlation regime (PRD §3.5.4): how many principal components of the cross-asset return
 * correlation matrix explain {@code threshold} of the variance. Two or fewer: concentrated.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CorrelationRegime(
    List<String> symbols, int componentsForThreshold, double threshold, double firstPcShare, Kind kind)
    implements CborSerializable {

  public enum Kind {
    @JsonProperty("concentrated") CONCENTRATED,
    @JsonProperty("diversified") DIVERSIFIED
  }

  public CorrelationRegime {
    symbols = symbols == null ? List.of() : List.copyOf(symbols);
  }
}
