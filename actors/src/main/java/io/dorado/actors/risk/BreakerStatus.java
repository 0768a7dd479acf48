package io.dorado.actors.risk;

import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;

/**
 * The circuit breakers at one moment: the measured losses, the sizing multiplier they impose
 * (1, or the policy's reduced multiplier after a drawdown with the halve action or a run of losses),
 * the first breach (or null), and the trading state that breach implies (or null when the state is
 * already at least that severe), which the actor persists.
 */
public record BreakerStatus(
    BigDecimal dailyLossPct,
    BigDecimal weeklyLossPct,
    BigDecimal drawdownPct,
    int consecutiveLosses,
    BigDecimal sizingMultiplier,
    RiskDenial breach,
    TradingState impliedState) {

  public boolean breached() {
    return breach != null;
  }

  public boolean sizingReduced() {
    return sizingMultiplier.compareTo(BigDecimal.ONE) < 0;
  }
}
