package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy.VolRegimeAdjustment;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PRD §3.4/§3.5 sizing by regime: each regime's multiplier, as a pure function of the regime. */
class RegimeSizingTest {
  private static RegimeLimits limits(String regime) {
    var l = new RegimeLimits(VolRegimeAdjustment.DEFAULT);
    l.observe(new RiskGuardian.RegimeChanged(regime, 0.8, T0));
    return l;
  }

  @Test
  void each_regime_has_its_multiplier_transition_and_recovery_by_default_three_quarters_risk_off_a_half() {
    assertEquals(d("0.75"), limits("transition").multiplier(T0));
    assertEquals(d("0.75"), limits("recovery").multiplier(T0));
    assertEquals(d("0.5"), limits("risk_off").multiplier(T0));
    assertEquals(BigDecimal.ONE, limits("goldilocks").multiplier(T0));
    var own = new RegimeLimits(new VolRegimeAdjustment(null, null, null, null, Map.of("transition", d("0.6"))));
    own.observe(new RiskGuardian.RegimeChanged("transition", 0.8, T0));
    assertEquals(d("0.6"), own.multiplier(T0), "sizing_by_regime overrides");
  }
}
