package io.dorado.actors.fleet;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import java.math.BigDecimal;
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

  /** The most a bot may risk per trade, in percent of its budget: the YAML loader and runtime changes alike. */
  BigDecimal MAX_RISK_PCT_PER_TRADE = BigDecimal.valueOf(5);

  /** Empty when the config is valid; otherwise what is wrong, naming the field. */
  Optional<String> problemWith(BotConfig config);

  /** This check, then {@code next} (the first problem found is the answer). */
  default BotConfigValidator andThen(BotConfigValidator next) {
    return config -> problemWith(config).or(() -> next.problemWith(config));
  }

  /**
   * What the YAML loader checks beyond names, for bots created or reconfigured at runtime (HTTP, Telegram): a risk
   * per trade of at most {@link #MAX_RISK_PCT_PER_TRADE} %, and a template trading the underlying's asset class
   * ({@code templateClasses}: template → class; a template not there is not class-checked).
   */
  static BotConfigValidator sizingAndClass(Collection<Universe> universes, Map<String, AssetClass> templateClasses) {
    Map<String, Universe> byId = universes.stream().collect(Collectors.toMap(Universe::id, Function.identity()));
    return config -> {
      var sizing = config.sizing();
      if (sizing != null && sizing.riskPct() != null && (sizing.method() == SizingMethod.FIXED_RISK_PCT
          || sizing.method() == SizingMethod.ADAPTIVE_RULES) && sizing.riskPct().compareTo(MAX_RISK_PCT_PER_TRADE) > 0) {
        return Optional.of("sizing.risk_pct: must be between 0 and " + MAX_RISK_PCT_PER_TRADE.toPlainString()
            + " (was " + sizing.riskPct().toPlainString() + ")");
      }
      AssetClass wanted = templateClasses.get(config.strategyTemplate());
      Universe universe = byId.get(config.universe());
      Optional<Underlying> underlying = universe == null ? Optional.empty() : universe.find(config.underlying());
      if (wanted != null && underlying.isPresent() && underlying.get().assetClass() != wanted) {
        return Optional.of("strategy_template: template " + config.strategyTemplate() + " trades "
            + wanted.name().toLowerCase() + " but " + config.underlying() + " is "
            + underlying.get().assetClass().name().toLowerCase());
      }
      return Optional.empty();
    };
  }

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
