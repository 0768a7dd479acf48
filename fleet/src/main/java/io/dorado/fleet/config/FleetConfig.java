package io.dorado.fleet.config;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's whole configuration, validated: every bot's underlying is in the universe, its template
 * exists and trades the underlying's asset class, and every data source names a universe underlying. A bot's
 * {@code signal_source} is its {@link BotConfig#signalSource()}, which the scan reads.
 *
 * @param templates by id (the key in templates.yaml, which bots name in {@code strategy_template})
 * @param ladder the promotion ladder's criteria (ladder.yaml; PRD defaults when absent)
 */
public record FleetConfig(
    Universe universe,
    DataConfig dataConfig,
    Map<String, StrategyTemplate> templates,
    List<BotConfig> bots,
    RiskPolicy riskPolicy,
    ScoringWeights scoring,
    LadderPolicy ladder) {

  public FleetConfig {
    ladder = ladder == null ? LadderPolicy.DEFAULT : ladder;
    templates = Map.copyOf(templates);
    bots = List.copyOf(bots);
  }

  public Optional<BotConfig> bot(String id) {
    return bots.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  public Optional<StrategyTemplate> template(String id) {
    return Optional.ofNullable(templates.get(id));
  }
}
