package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy.VolRegimeAdjustment;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PRD §3.4/§3.5 sizing by regime at the acknowledgement, as a pure function of the regime and the order. */
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

  @Test
  void an_order_is_sized_down_by_the_regime_less_what_its_review_applied_and_the_note_says_so() {
    var order = Fixtures.market("b1", "AAPL", Side.BUY, "10");
    var sized = limits("transition").size(order, null, T0);
    assertEquals(d("7"), sized.order().quantity(), "10 x 0.75 = 7.5, down to a whole unit");
    assertEquals(0, d("0.75").compareTo(sized.multiplier()));
    assertEquals("macro regime transition (confidence 0.80, published 2026-01-05T10:00:00Z): sizing x 0.75, quantity"
        + " 10 -> 7 (circuit_breakers.vol_regime_adjustment)", sized.note());

    var reviewedHalf = limits("risk_off").size(Fixtures.market("b2", "AAPL", Side.BUY, "5"), d("0.5"), T0);
    assertSame(null, reviewedHalf.note(), "its review applied risk_off's 0.5 already");
    var reviewedInTransition = limits("risk_off").size(Fixtures.market("b3", "AAPL", Side.BUY, "6"), d("0.75"), T0);
    assertEquals(d("4"), reviewedInTransition.order().quantity(), "6 x 0.5/0.75 = 4: the regime worsened since");

    var exit = Fixtures.reduceOnly("b4", "AAPL", Side.SELL, "10");
    assertSame(exit, limits("risk_off").size(exit, null, T0).order(), "exits are never sized");
    var nothing = limits("risk_off").size(Fixtures.market("b5", "AAPL", Side.BUY, "1"), null, T0);
    assertEquals(DenialReason.INVALID_ORDER, nothing.denial().reason());
    assertEquals("quantity 1 x regime 0.5 rounds down to 0 (macro regime risk_off (confidence 0.80, published"
        + " 2026-01-05T10:00:00Z))", nothing.denial().detail());
    assertNull(new RegimeLimits(VolRegimeAdjustment.DEFAULT).size(order, null, T0).note(), "no regime: as asked");
  }
}
