package io.dorado.fleet.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Where a scan-mode bot's scans come from (PRD §2.2 {@code signal_source}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignalSource(Type type, String schedule) {
  public enum Type {
    /** The scanner's schedule ({@code dorado.scan.interval}); {@code schedule} names it for people. */
    @JsonProperty("scheduled") SCHEDULED,
    /** Only when asked (HTTP, Telegram, CLI). */
    @JsonProperty("on_demand") ON_DEMAND
  }

  public static final SignalSource DEFAULT = new SignalSource(Type.SCHEDULED, "daily_market_open");

  public SignalSource {
    if (type == null) throw new IllegalArgumentException("type: is required (scheduled or on_demand)");
    schedule = schedule == null ? "" : schedule;
  }
}
