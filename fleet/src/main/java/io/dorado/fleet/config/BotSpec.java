package io.dorado.fleet.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalSource;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import java.time.Duration;

/**
 * One entry of bots.yaml, as the PRD writes it (§2.2): {@code timeout_hours} and {@code signal_source}
 * included. The loader checks it against the universe and the templates, then makes a {@link BotConfig}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BotSpec(
    String id,
    String universe,
    String underlying,
    String venue,
    VenueMode venueMode,
    String strategyTemplate,
    SignalMode signalMode,
    SignalSource signalSource,
    ApprovalMode approvalMode,
    Sizing sizing,
    RegimeFilter regimeFilter,
    Double timeoutHours) {

  BotConfig toConfig(String defaultVenue) {
    Duration timeout = timeoutHours == null ? null : Duration.ofSeconds(Math.round(timeoutHours * 3600));
    return new BotConfig(id, universe, underlying, venue == null ? defaultVenue : venue, venueMode, strategyTemplate,
        signalMode, approvalMode, sizing, regimeFilter, timeout, signalSource);
  }
}
