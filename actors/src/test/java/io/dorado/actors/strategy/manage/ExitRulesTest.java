package io.dorado.actors.strategy.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Management.Watch;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.ExitAction;
import io.dorado.protocol.strategy.StrategyTemplate.ExitRule;
import io.dorado.protocol.strategy.StrategyTemplate.ExitTrigger;
import io.dorado.protocol.strategy.StrategyTemplate.Management;
import io.dorado.protocol.strategy.StrategyTemplate.TrailingStop;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExitRulesTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void a_long_is_stopped_when_a_bar_trades_at_or_below_its_stop() {
    var v = ExitRules.onBar(longAt100(), bar(1, "101", "95", "99"), null, null);
    assertEquals(Optional.of("stop 95 hit (bar low 95)"), v.exit());
  }

  @Test
  void a_short_takes_profit_when_a_bar_trades_at_or_below_its_target() {
    var w = new Watch("b", "X", Side.SELL, bd("100"), bd("105"), bd("90"), T0, null, null);
    assertEquals(Optional.of("target 90 reached (bar low 89.5)"), ExitRules.onBar(w, bar(1, "99", "89.5", "90"), null, null).exit());
  }

  @Test
  void a_bar_that_touches_both_stop_and_target_counts_as_a_stop() {
    assertTrue(ExitRules.onBar(longAt100(), bar(1, "111", "94", "100"), null, null).exit().orElseThrow().startsWith("stop"));
  }

  @Test
  void a_bar_inside_the_levels_keeps_the_position() {
    var v = ExitRules.onBar(longAt100(), bar(1, "104", "97", "103"), null, null);
    assertEquals(Optional.empty(), v.exit());
    assertEquals(bd("104"), v.watch().best());
  }

  @Test
  void the_time_exit_counts_market_time_from_the_first_managed_bar() {
    var m = management(2, null, null, null);
    assertEquals(Optional.empty(), ExitRules.onBar(longAt100(), bar(47, "101", "99", "100"), m, null).exit());
    assertEquals(Optional.of("time exit after 2 days (market time)"),
        ExitRules.onBar(longAt100(), bar(48, "101", "99", "100"), m, null).exit());
  }

  @Test
  void the_trailing_stop_follows_the_best_price_once_activated_and_never_loosens() {
    var m = management(null, new TrailingStop(true, 1.5, 1.0), null, null);
    Technicals atr2 = technicals(2.0, Double.NaN, Double.NaN);
    // best 102: a gain of 1 ATR, below the 1.5 ATR activation: the stop stays
    var v = ExitRules.onBar(longAt100(), bar(1, "102", "99", "101"), m, atr2);
    assertEquals(bd("95"), v.watch().stop());
    // best 106: 3 ATR in favour: stop = 106 - 1 ATR = 104
    v = ExitRules.onBar(v.watch(), bar(2, "106", "103", "105"), m, atr2);
    assertEquals(0, v.watch().stop().compareTo(bd("104")), v.watch().stop().toPlainString());
    // a wider ATR would put the trail lower: the stop keeps its level
    v = ExitRules.onBar(v.watch(), bar(3, "105.5", "104.5", "105"), m, technicals(4.0, Double.NaN, Double.NaN));
    assertEquals(0, v.watch().stop().compareTo(bd("104")));
    assertEquals(Optional.of("stop 104 hit (bar low 103.9)"),
        ExitRules.onBar(v.watch(), bar(4, "105", "103.9", "104"), m, atr2).exit());
  }

  @Test
  void the_volatility_and_hurst_exits_fire_above_and_below_their_thresholds() {
    var vol = management(null, null, new ExitRule(ExitTrigger.VOL_ZSCORE_ABOVE, 2.0, ExitAction.CLOSE_FULL), null);
    assertEquals(Optional.empty(), ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), vol, technicals(1, 1.9, 0.6)).exit());
    assertEquals(Optional.of("volatility exit: vol z-score 2.50 > 2.00"),
        ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), vol, technicals(1, 2.5, 0.6)).exit());
    var hurst = management(null, null, null, new ExitRule(ExitTrigger.HURST_BELOW, 0.45, ExitAction.CLOSE_FULL));
    assertEquals(Optional.empty(), ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), hurst, technicals(1, 0, 0.5)).exit());
    assertEquals(Optional.of("Hurst exit: H 0.40 < 0.45"),
        ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), hurst, technicals(1, 0, 0.4)).exit());
  }

  @Test
  void an_iv_rank_spike_exit_fires_above_its_threshold_and_says_the_rank_is_from_realized_volatility() {
    var spike = management(null, null, new ExitRule(ExitTrigger.IV_RANK_SPIKE, 70.0, ExitAction.CLOSE_FULL), null);
    double nan = Double.NaN;
    var calm = new Technicals("X", 100, 100, nan, 1, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 65, true, nan, nan, nan, 8760);
    var spiking = new Technicals("X", 100, 100, nan, 1, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, 74, true, nan, nan, nan, 8760);
    assertEquals(Optional.empty(), ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), spike, calm).exit());
    assertEquals(Optional.of("IV rank spike: IV rank 74 > 70 (IV rank from realized volatility: no implied-vol history)"),
        ExitRules.onBar(longAt100(), bar(1, "101", "99", "100"), spike, spiking).exit());
  }

  private static Watch longAt100() {
    return new Watch("b", "X", Side.BUY, bd("100"), bd("95"), bd("110"), T0, null, null);
  }

  private static Management management(Integer timeExitDays, TrailingStop trailing, ExitRule vol, ExitRule hurst) {
    return new Management(null, null, null, null, vol, hurst, null, null, null, timeExitDays, trailing);
  }

  /** A bar ending {@code hours} after T0. */
  private static Bar bar(int hours, String high, String low, String close) {
    return new Bar("X", T0.plus(Duration.ofHours(hours)), Duration.ofHours(1), bd(close), bd(high), bd(low), bd(close), null);
  }

  private static Technicals technicals(double atr, double volZ, double hurst) {
    double nan = Double.NaN;
    return new Technicals("X", 100, 100, nan, atr, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, true, volZ, hurst,
        hurst, 8760);
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }
}
