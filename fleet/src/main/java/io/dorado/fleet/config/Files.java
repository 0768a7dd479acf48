package io.dorado.fleet.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.ScoringWeights;
import java.util.List;

/** The top-level shape of each config file: one named block per file, as in the PRD. */
final class Files {
  private Files() {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UniverseFile(UniverseSpec universe) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UniverseSpec(String id, List<Underlying> underlyings, DataConfig dataConfig) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record BotsFile(List<BotSpec> bots) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RiskPolicyFile(RiskPolicy riskPolicy) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ScoringFile(ScoringWeights scoring) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record LadderFile(io.dorado.protocol.fleet.LadderPolicy ladder) {}
}
