package io.dorado.cluster;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.fleet.LadderPolicy;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a node runs with, from the user's configuration: the universes, the venues it trades on (the
 * first is the bots' venue), the strategy templates bots may use, the risk policy, the allocation
 * policy, the starting cash of the account, whether live trading is enabled at all, and the promotion
 * ladder's policy (the size a promoted bot runs at), and the asset class each template trades (so a bot created or
 * reconfigured at runtime is checked as the YAML loader checks it; a template missing there is not class-checked).
 */
public record NodeSetup(List<Universe> universes, List<String> venues, Set<String> templates, RiskPolicy riskPolicy,
    AllocationPolicy allocation, BigDecimal startingCash, boolean liveTradingEnabled, LadderPolicy ladder,
    Map<String, AssetClass> templateClasses) {

  public NodeSetup(List<Universe> universes, List<String> venues, Set<String> templates, RiskPolicy riskPolicy,
      AllocationPolicy allocation, BigDecimal startingCash, boolean liveTradingEnabled, LadderPolicy ladder) {
    this(universes, venues, templates, riskPolicy, allocation, startingCash, liveTradingEnabled, ladder, Map.of());
  }

  public NodeSetup(List<Universe> universes, List<String> venues, Set<String> templates, RiskPolicy riskPolicy,
      AllocationPolicy allocation, BigDecimal startingCash, boolean liveTradingEnabled) {
    this(universes, venues, templates, riskPolicy, allocation, startingCash, liveTradingEnabled, null, Map.of());
  }

  public NodeSetup {
    ladder = ladder == null ? LadderPolicy.DEFAULT : ladder;
    universes = List.copyOf(universes);
    venues = List.copyOf(venues);
    templates = Set.copyOf(templates);
    templateClasses = templateClasses == null ? Map.of() : Map.copyOf(templateClasses);
    if (universes.isEmpty()) throw new IllegalArgumentException("a node needs at least one universe");
    if (venues.isEmpty()) throw new IllegalArgumentException("a node needs at least one venue");
  }

  public String defaultVenue() {
    return venues.get(0);
  }
}
