package io.dorado.actors.strategy.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management.Scaling;
import io.dorado.protocol.strategy.Management.Watch;
import io.dorado.protocol.strategy.StrategyTemplate.AtrLevel;
import io.dorado.protocol.strategy.StrategyTemplate.Management;
import io.dorado.protocol.strategy.StrategyTemplate.ScaledExit;
import io.dorado.protocol.strategy.StrategyTemplate.StopMove;
import io.dorado.protocol.strategy.StrategyTemplate.TrailingStop;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Scaled exits as a pure function: 33% at 1R, 33% at 2R with the stop to break-even, the last 34% trails.
 * R = |entry − stop at entry|; each tranche's size is its share of the entered position, taken from what
 * is left; which tranches are done comes from the bot's state (the {@link Scaling} the manager builds).
 */
class ScaledExitsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Management RULES = new Management(null, null, null, null, null, null, null,
      new AtrLevel(null, 2.0), null, null, new TrailingStop(true, 1.0, 2.0),
      List.of(new ScaledExit(1.0, 33.0, null), new ScaledExit(2.0, 33.0, StopMove.BREAK_EVEN)));

  @Test
  void the_first_third_goes_when_the_price_has_moved_one_r_in_favour() {
    Watch w = longAt100("100", List.of());
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "104.99", "99"), RULES));
    var r = ExitRules.scaleOut(w, bar(2, "105", "99"), RULES).orElseThrow();
    assertEquals("t1/scale-1", r.reductionId());
    assertEquals(new BigDecimal("33"), r.quantity());
    assertEquals(new BigDecimal("95"), r.stopAfter(), "the first tranche keeps the stop");
    assertTrue(r.reason().contains("scaled exit 1 of 2"), r.reason());
  }

  @Test
  void the_second_third_goes_at_two_r_and_moves_the_stop_to_break_even() {
    Watch w = longAt100("67", List.of("t1/scale-1"));
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "109", "104"), RULES));
    var r = ExitRules.scaleOut(w, bar(2, "110", "104"), RULES).orElseThrow();
    assertEquals("t1/scale-2", r.reductionId());
    assertEquals(new BigDecimal("33"), r.quantity(), "33% of the entered 100, out of the 67 left");
    assertEquals(new BigDecimal("100"), r.stopAfter());
  }

  @Test
  void the_last_34_percent_has_no_tranche_and_trails_with_the_trailing_stop() {
    Watch w = longAt100("34", List.of("t1/scale-1", "t1/scale-2")).withStop(new BigDecimal("100"), new BigDecimal("110"));
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "130", "120"), RULES));
    var verdict = ExitRules.onBar(w, bar(1, "130", "120"), RULES, technicals(5));
    assertEquals(Optional.empty(), verdict.exit());
    assertEquals(0, new BigDecimal("120").compareTo(verdict.watch().stop()), "130 − 2 ATR of 5");
  }

  @Test
  void nothing_more_is_asked_while_a_tranche_is_pending() {
    Watch w = longAt100("100", List.of());
    w = w.withScaling(w.scaling().withPending("t1/scale-1"));
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "120", "104"), RULES));
  }

  @Test
  void a_level_reached_earlier_counts_even_when_this_bar_fell_back() {
    Watch w = longAt100("67", List.of("t1/scale-1")).withStop(new BigDecimal("95"), new BigDecimal("111"));
    assertEquals("t1/scale-2", ExitRules.scaleOut(w, bar(1, "104", "102"), RULES).orElseThrow().reductionId());
  }

  @Test
  void a_short_scales_out_as_the_price_falls() {
    Watch w = new Watch("b", "X", Side.SELL, bd("100"), bd("105"), null, T0, null, null,
        new Scaling("t1", bd("105"), bd("0.50000000"), List.of(), null));
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "101", "95.01"), RULES));
    var r = ExitRules.scaleOut(w, bar(2, "101", "95"), RULES).orElseThrow();
    assertEquals(new BigDecimal("0.16500000"), r.quantity(), "rounded down to the position's decimals");
  }

  @Test
  void a_tranche_that_rounds_to_nothing_is_not_sent() {
    Watch w = longAt100("1", List.of());
    assertEquals(Optional.empty(), ExitRules.scaleOut(w, bar(1, "120", "104"), RULES));
  }

  @Test
  void a_template_without_scaled_exits_never_reduces() {
    Management none = new Management(null, null, null, null, null, null, null, new AtrLevel(null, 2.0), null, null, null);
    assertEquals(Optional.empty(), ExitRules.scaleOut(longAt100("100", List.of()), bar(1, "150", "104"), none));
  }

  @Test
  void tranches_must_rise_and_leave_something_to_trail() {
    var down = assertThrows(IllegalArgumentException.class, () -> new Management(null, null, null, null, null, null, null,
        null, null, null, null, List.of(new ScaledExit(2.0, 33.0, null), new ScaledExit(1.0, 33.0, null))));
    assertTrue(down.getMessage().startsWith("scaled_exits: at_r must rise"), down.getMessage());
    var all = assertThrows(IllegalArgumentException.class, () -> new Management(null, null, null, null, null, null, null,
        null, null, null, null, List.of(new ScaledExit(1.0, 50.0, null), new ScaledExit(2.0, 50.0, null))));
    assertTrue(all.getMessage().startsWith("scaled_exits: the tranches close 100%"), all.getMessage());
    var bad = assertThrows(IllegalArgumentException.class, () -> new ScaledExit(0.0, 33.0, null));
    assertTrue(bad.getMessage().startsWith("at_r: must be > 0"), bad.getMessage());
  }

  /** A long of {@code quantity} entered at 100 with its stop at 95 (R = 5), tranches {@code done}. */
  private static Watch longAt100(String quantity, List<String> done) {
    return new Watch("b", "X", Side.BUY, bd("100"), bd("95"), null, T0, null, null,
        new Scaling("t1", bd("95"), bd(quantity), done, null));
  }

  private static Bar bar(int hours, String high, String low) {
    return new Bar("X", T0.plus(Duration.ofHours(hours)), Duration.ofHours(1), bd(low), bd(high), bd(low), bd(low), null);
  }

  private static Technicals technicals(double atr) {
    double nan = Double.NaN;
    return new Technicals("X", 100, 100, nan, atr, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, true, 0, 0.5,
        0.5, 8760);
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }
}
