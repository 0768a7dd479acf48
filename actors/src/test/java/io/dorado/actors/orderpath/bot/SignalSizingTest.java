package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a bot proposes to the guardian when the signal carries the risk % its sender (the scan) sized it at. */
class SignalSizingTest {

  @Test
  void a_risk_sized_bot_proposes_the_signals_risk_pct() {
    assertEquals(Sizing.riskPct(new BigDecimal("0.4")), BotTransitions.sizing(Sizing.riskPct(BigDecimal.ONE), signal("0.4")));
  }

  @Test
  void the_signal_never_raises_the_risk_above_the_bots_own() {
    var adaptive = new Sizing(SizingMethod.ADAPTIVE_RULES, null, null, new BigDecimal("1.5"));
    assertEquals(Sizing.riskPct(new BigDecimal("1.5")), BotTransitions.sizing(adaptive, signal("3")));
  }

  @Test
  void without_a_risk_pct_or_for_a_fixed_quantity_bot_the_bots_own_sizing_stands() {
    Sizing own = Sizing.riskPct(BigDecimal.ONE);
    assertEquals(own, BotTransitions.sizing(own, signal(null)));
    Sizing fixed = Sizing.fixedQuantity(new BigDecimal("0.05"));
    assertEquals(fixed, BotTransitions.sizing(fixed, signal("0.4")));
  }

  private static Signal signal(String riskPct) {
    return new Signal("s1", "b1", "BTC", SignalAction.ENTER_LONG, new BigDecimal("100"), new BigDecimal("95"), null, "scan",
        Instant.parse("2026-01-05T00:00:00Z"), riskPct == null ? null : new BigDecimal(riskPct));
  }
}
