package io.dorado.actors.fleet;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a bot config against what the fleet knows: its universe and underlying, its venue, its
 * strategy template, live mode only where live trading is enabled, and a mode the bot's venue serves. The
 * answer names the field.
 */
@FunctionalInterface
public interface BotConfigValidator {

  /** Empty when the config is valid; otherwise what is wrong, naming the field. */
  Optional<String> problemWith(BotConfig config);

  static BotConfigValidator of(Collection<Universe> universes, Set<String> venues, Set<String> templates,
      boolean liveTradingEnabled) {
    return of(universes, venues.stream().collect(Collectors.toMap(v -> v, v -> Set.of(VenueMode.values()))), templates,
        liveTradingEnabled);
  }

  /**
   * As {@link #of(Collection, Set, Set, boolean)}, knowing which modes each venue account serves
   * ({@code venueModes}: venue id → modes): a bot asking a mode its venue cannot serve is refused, naming both, so
   * a live bot never lands on a paper venue and a paper bot never on a live account.
   */
  static BotConfigValidator of(Collection<Universe> universes, Map<String, Set<VenueMode>> venueModes,
      Set<String> templates, boolean liveTradingEnabled) {
    Set<String> venues = venueModes.keySet();
    Map<String, Universe> byId = universes.stream().collect(Collectors.toMap(Universe::id, Function.identity()));
    return config -> {
      Universe universe = byId.get(config.universe());
      if (universe == null) {
        return Optional.of("universe: unknown universe '" + config.universe() + "' (known: " + byId.keySet() + ")");
      }
      if (!universe.contains(config.underlying())) {
        return Optional.of("underlying: '" + config.underlying() + "' is not in universe " + universe.id());
      }
      if (!venues.contains(config.venue())) {
        return Optional.of("venue: unknown venue '" + config.venue() + "' (known: " + venues + ")");
      }
      if (!templates.isEmpty() && !templates.contains(config.strategyTemplate())) {
        return Optional.of("strategy_template: unknown template '" + config.strategyTemplate() + "' (known: "
            + templates + ")");
      }
      if (config.venueMode() == VenueMode.LIVE && !liveTradingEnabled) {
        return Optional.of("venue_mode: live trading is not enabled on this fleet (dorado.venues.live-trading-enabled)");
      }
      Set<VenueMode> served = venueModes.get(config.venue());
      if (!served.contains(config.venueMode())) {
        return Optional.of("venue_mode: venue '" + config.venue() + "' cannot serve " + config.venueMode().configName()
            + " (it serves " + served.stream().map(VenueMode::configName).sorted().toList()
            + "; see dorado.venues.accounts." + config.venue() + ".mode)");
      }
      return Optional.empty();
    };
  }
}
