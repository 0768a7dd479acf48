package io.dorado.fleet;

import io.dorado.actors.strategy.scan.ScanPipeline;
import io.dorado.cluster.NodeSetup;
import io.dorado.fleet.config.FleetConfig;
import io.dorado.protocol.allocation.AllocationMethod;
import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.PosteriorKind;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** What a node and its strategy pipeline run with, from the user's YAML configuration. */
public final class FleetSetup {
  private FleetSetup() {}

  /** The venues are those of the universe's underlyings and the bots, in that order (the first is the bots' default). */
  public static NodeSetup node(FleetConfig config, BigDecimal startingCash, boolean liveTradingEnabled) {
    return node(config, startingCash, liveTradingEnabled, AllocationMethod.THOMPSON);
  }

  /** With the allocator's method ({@code dorado.allocator.method}: thompson or hrp). */
  public static NodeSetup node(FleetConfig config, BigDecimal startingCash, boolean liveTradingEnabled,
      AllocationMethod allocatorMethod) {
    return node(config, startingCash, liveTradingEnabled, allocatorMethod, PosteriorKind.BETA); // dorado.conf's default
  }

  /** With the allocator's method and the posterior Thompson sampling draws from ({@code dorado.allocator.posterior}). */
  public static NodeSetup node(FleetConfig config, BigDecimal startingCash, boolean liveTradingEnabled,
      AllocationMethod allocatorMethod, PosteriorKind posterior) {
    var venues = new LinkedHashSet<String>();
    for (Underlying u : config.universe().underlyings()) venues.add(u.venue());
    for (BotConfig b : config.bots()) venues.add(b.venue());
    return new NodeSetup(List.of(config.universe()), List.copyOf(venues), config.templates().keySet(), config.riskPolicy(),
        AllocationPolicy.defaults(ArmMode.BY_BOT, startingCash, 42).withMethod(allocatorMethod)
            .withPosterior(posterior), startingCash, liveTradingEnabled,
        config.ladder(), templateClasses(config));
  }

  private static Map<String, AssetClass> templateClasses(FleetConfig config) {
    var classes = new HashMap<String, AssetClass>();
    config.templates().forEach((name, t) -> classes.put(name, t.underlyingClass()));
    return classes;
  }

  public static ScanPipeline.Fleet pipeline(FleetConfig config) {
    return new ScanPipeline.Fleet(config.universe(), config.templates(), config.bots(), config.riskPolicy(),
        config.scoring());
  }
}
