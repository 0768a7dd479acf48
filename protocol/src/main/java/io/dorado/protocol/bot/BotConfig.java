package io.dorado.protocol.bot;

import static io.dorado.protocol.Json.required;
import static io.dorado.protocol.Json.requiredText;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.VenueMode;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A bot bound to one underlying of the universe, running one strategy template (PRD §2.2). {@code signalSource}: when
 * the scanner scans it (its own schedule, the fleet's interval, or on demand only).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BotConfig(
    String id,
    String universe,
    String underlying,
    String venue,
    VenueMode venueMode,
    String strategyTemplate,
    SignalMode signalMode,
    ApprovalMode approvalMode,
    Sizing sizing,
    RegimeFilter regimeFilter,
    Duration approvalTimeout,
    SignalSource signalSource)
    implements CborSerializable {

  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(4);
  /** Ids travel in URLs, entity ids and client order ids: keep them plain. */
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

  public BotConfig {
    requiredText(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must match " + ID.pattern() + ", was '" + id + "'");
    }
    requiredText(universe, "universe");
    requiredText(underlying, "underlying");
    requiredText(venue, "venue");
    requiredText(strategyTemplate, "strategy_template");
    required(sizing, "sizing");
    venueMode = venueMode == null ? VenueMode.DEFAULT : venueMode;
    signalMode = signalMode == null ? SignalMode.WEBHOOK : signalMode;
    approvalMode = approvalMode == null ? ApprovalMode.HUMAN_REQUIRED : approvalMode;
    regimeFilter = regimeFilter == null ? RegimeFilter.ANY : regimeFilter;
    approvalTimeout = approvalTimeout == null ? DEFAULT_APPROVAL_TIMEOUT : approvalTimeout;
    if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
      throw new IllegalArgumentException("approval_timeout must be positive");
    }
    signalSource = signalSource == null ? SignalSource.DEFAULT : signalSource;
  }

  /** A bot scanned on the fleet's scan interval. */
  public BotConfig(String id, String universe, String underlying, String venue, VenueMode venueMode,
      String strategyTemplate, SignalMode signalMode, ApprovalMode approvalMode, Sizing sizing, RegimeFilter regimeFilter,
      Duration approvalTimeout) {
    this(id, universe, underlying, venue, venueMode, strategyTemplate, signalMode, approvalMode, sizing, regimeFilter,
        approvalTimeout, null);
  }

  /** The same bot running {@code template} at {@code size}, scanned as {@code source} says. */
  public BotConfig with(String template, Sizing size, SignalSource source) {
    return new BotConfig(id, universe, underlying, venue, venueMode, template, signalMode, approvalMode, size,
        regimeFilter, approvalTimeout, source);
  }
}
