package io.dorado.protocol.strategy;

import static io.dorado.protocol.Json.required;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the regime radar publishes: the macro regime (absent until enough history), a trend state
 * per instrument, and the correlation regime (absent with fewer than two instruments). Readers
 * check {@link #freshAt}: a stale or missing snapshot lets every gate pass (PRD: never load-bearing).
 *
 * @param asOf the time of the newest bar the snapshot was computed from
 * @param publishedAt when the radar published it (the staleness clock)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegimeSnapshot(
    Instant asOf,
    Instant publishedAt,
    MacroRegime macro,
    Map<String, TrendState> trends,
    CorrelationRegime correlation)
    implements CborSerializable {

  public RegimeSnapshot {
    required(asOf, "as_of");
    required(publishedAt, "published_at");
    trends = trends == null ? Map.of() : Map.copyOf(trends);
  }

  public boolean freshAt(Instant now, Duration maxAge) {
    return !publishedAt.plus(maxAge).isBefore(now);
  }

  public Optional<TrendState> trend(String symbol) {
    return Optional.ofNullable(trends.get(symbol));
  }
}
