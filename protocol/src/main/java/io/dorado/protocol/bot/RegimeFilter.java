package io.dorado.protocol.bot;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.List;

/** Regimes a bot may enter in, and how confident the radar must be. Empty = any regime. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegimeFilter(List<String> allowed, double minRegimeConfidence) implements CborSerializable {
  public static final RegimeFilter ANY = new RegimeFilter(List.of(), 0.0);

  public RegimeFilter {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    if (minRegimeConfidence < 0 || minRegimeConfidence > 1) {
      throw new IllegalArgumentException("regime_filter.min_regime_confidence must be within [0, 1]");
    }
  }

  /** True when the regime passes; a missing regime passes too (the radar is never load-bearing). */
  public boolean allows(String regime, double confidence) {
    if (allowed.isEmpty() || regime == null) return true;
    return allowed.contains(regime) && confidence >= minRegimeConfidence;
  }
}
