package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.risk.Instrument;
import io.dorado.actors.orderpath.risk.RiskEngine;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.util.List;

/** The market the invariant runs trade in: BTC and ETH on one paper venue, breakers tight enough to trip. */
final class OrderPathWorld {
  private OrderPathWorld() {}

  static final RiskPolicy POLICY = new RiskPolicy(null, null,
      new RiskPolicy.CircuitBreakers(new BigDecimal("1"), new BigDecimal("3"), null, null, null, null), null, null);

  static RiskEngine engine() {
    return engine(OrderPathSimulation.VENUE);
  }

  static RiskEngine engine(String venue) {
    var universe = new Universe("sim", List.of(
        new Underlying("BTC", AssetClass.CRYPTO, venue, "USD"),
        new Underlying("ETH", AssetClass.CRYPTO, venue, "USD")));
    return new RiskEngine(POLICY, Instrument.Lookup.of(universe, POLICY));
  }
}
