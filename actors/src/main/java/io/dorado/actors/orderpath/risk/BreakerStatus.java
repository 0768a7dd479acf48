package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The circuit breakers at one moment: the measured losses, the sizing multiplier they impose
 * (1, or the policy's reduced multiplier after a drawdown with the halve action or a run of losses),
 * the first breach (or null), and the trading state that breach implies (or null when the state is
 * already at least that severe), which the actor persists; {@code tripped}: every breaker whose measure
 * has reached its limit, whatever its action.
 */
public record BreakerStatus(
    BigDecimal dailyLossPct,
    BigDecimal weeklyLossPct,
    BigDecimal drawdownPct,
    int consecutiveLosses,
    BigDecimal sizingMultiplier,
    RiskDenial breach,
    TradingState impliedState,
    Set<Breaker> tripped) {

  public BreakerStatus {
    tripped = Set.copyOf(tripped);
  }

  public boolean breached() {
    return breach != null;
  }

  public boolean sizingReduced() {
    return sizingMultiplier.compareTo(BigDecimal.ONE) < 0;
  }
}
