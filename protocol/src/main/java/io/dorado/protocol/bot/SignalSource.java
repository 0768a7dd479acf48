package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.util.Optional;

/**
 * When the scanner scans a bot (PRD §2.2 {@code signal_source}): {@code scheduled} on the bot's own
 * {@code schedule} ({@link ScanSchedule}; empty or {@code every_scan}: the fleet's scan interval,
 * {@code dorado.scan.interval}), or {@code on_demand}: never on a timer, only when asked (HTTP, the dashboard,
 * Telegram {@code /scan <bot>}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SignalSource(Type type, String schedule) implements CborSerializable {
  public enum Type {
    @JsonProperty("scheduled") SCHEDULED,
    @JsonProperty("on_demand") ON_DEMAND
  }

  /** The fleet's scan interval. */
  public static final SignalSource DEFAULT = new SignalSource(Type.SCHEDULED, "");
  public static final SignalSource ON_DEMAND = new SignalSource(Type.ON_DEMAND, "");
  /** The name the demo configuration gives the fleet's scan interval. */
  public static final String EVERY_SCAN = "every_scan";

  public SignalSource {
    type = type == null ? Type.SCHEDULED : type;
    schedule = schedule == null || schedule.isBlank() || schedule.trim().equals(EVERY_SCAN) ? "" : schedule.trim();
    if (type == Type.ON_DEMAND && !schedule.isEmpty()) {
      throw new IllegalArgumentException("schedule: an on_demand bot is scanned only when asked: it has no schedule"
          + " (was '" + schedule + "')");
    }
    if (!schedule.isEmpty()) {
      try {
        ScanSchedule.parse(schedule);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schedule: " + e.getMessage());
      }
    }
  }

  public boolean onDemand() {
    return type == Type.ON_DEMAND;
  }

  /** The bot's own schedule; empty: the fleet's scan interval (or none, on demand). */
  public Optional<ScanSchedule> ownSchedule() {
    return schedule.isEmpty() ? Optional.empty() : Optional.of(ScanSchedule.parse(schedule));
  }
}
