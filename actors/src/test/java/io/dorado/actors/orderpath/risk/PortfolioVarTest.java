package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskGuardian.VarFigures;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Value at risk of a book on fixed return series, against figures computed by hand; and the daily returns the
 * guardian folds from its marks.
 */
class PortfolioVarTest {
  private static final LocalDate LAST = LocalDate.of(2026, 1, 2);

  /** 40 daily returns: −6 %, −4 %, −3 %, thirteen of +1 % and twenty-four of 0 (mean 0, Σr² = 0.0074). */
  private static List<Double> fixed() {
    var r = new ArrayList<>(List.of(-0.06, -0.04, -0.03));
    r.addAll(Collections.nCopies(13, 0.01));
    r.addAll(Collections.nCopies(24, 0.0));
    Collections.shuffle(r, new java.util.Random(7)); // order does not matter to VaR
    return r;
  }

  private static MarkReturns returns(Map<String, List<Double>> bySymbol) {
    var m = new java.util.HashMap<String, MarkReturns.Series>();
    bySymbol.forEach((s, r) -> m.put(s, MarkReturns.series(LAST, r)));
    return new MarkReturns(m);
  }

  @Test
  void a_long_book_of_10000_on_the_fixed_series_has_the_hand_computed_historical_and_normal_var_and_cvar() {
    var r = PortfolioVar.measure(Map.of("AAPL", d("10000")), returns(Map.of("AAPL", fixed())), 250, 20);
    assertEquals(40, r.observations());
    // Historical, n = 40: k95 = ⌈40 × 0.05⌉ = 2 → VaR95 = 2nd worst loss = 0.04 × 10,000 = 400;
    // CVaR95 = mean of the 2 worst = (600 + 400) / 2 = 500. k99 = ⌈0.4⌉ = 1 → VaR99 = CVaR99 = 600.
    VarFigures h = r.historical();
    System.out.println("portfolio risk: VaR95 " + h.var95() + " CVaR95 " + h.cvar95() + " (hand-computed 400.00 500.00)");
    assertEquals(new VarFigures(d("400.00"), d("500.00"), d("600.00"), d("600.00")), h);
    // Normal: P&L mean 0, σ = 10,000 × √(0.0074 / 39) = 137.7474; z95 = 1.644854, φ(z95) = 0.1031356;
    // VaR95 = 137.7474 × 1.644854 = 226.57; CVaR95 = 137.7474 × 0.1031356 / 0.05 = 284.13;
    // z99 = 2.326348, φ(z99) = 0.0266521: VaR99 = 320.45, CVaR99 = 137.7474 × 0.0266521 / 0.01 = 367.13.
    VarFigures p = r.parametric();
    System.out.println("portfolio risk (parametric): VaR95 " + p.var95() + " CVaR95 " + p.cvar95()
        + " (hand-computed 226.57 284.13)");
    assertEquals(new VarFigures(d("226.57"), d("284.13"), d("320.45"), d("367.13")), p);
  }

  @Test
  void a_short_book_loses_on_the_up_days_so_its_var_is_the_plus_one_percent_days() {
    var r = PortfolioVar.measure(Map.of("AAPL", d("-10000")), returns(Map.of("AAPL", fixed())), 250, 20);
    // The short's losses: thirteen days of 0.01 × 10,000 = 100; the 2 worst are 100 and 100.
    assertEquals(d("100.00"), r.historical().var95());
    assertEquals(d("100.00"), r.historical().cvar95());
  }

  @Test
  void a_perfectly_hedged_pair_has_no_var_and_a_doubled_position_twice_the_var() {
    List<Double> a = fixed();
    List<Double> opposite = a.stream().map(x -> -x).toList();
    var hedged = PortfolioVar.measure(Map.of("AAPL", d("10000"), "MSFT", d("10000")),
        returns(Map.of("AAPL", a, "MSFT", opposite)), 250, 20);
    assertEquals(d("0.00"), hedged.historical().var95().abs());
    assertEquals(d("0.00"), hedged.parametric().var95().abs());
    var same = PortfolioVar.measure(Map.of("AAPL", d("10000"), "MSFT", d("10000")),
        returns(Map.of("AAPL", a, "MSFT", a)), 250, 20);
    assertEquals(d("800.00"), same.historical().var95());
    assertEquals(d("453.15"), same.parametric().var95());
  }

  @Test
  void the_window_keeps_the_last_days_and_a_symbol_with_too_few_returns_is_left_out_and_named() {
    var r = PortfolioVar.measure(Map.of("AAPL", d("10000"), "NEW", d("5000")),
        returns(Map.of("AAPL", fixed(), "NEW", List.of(0.5, -0.5))), 20, 20);
    assertEquals(20, r.observations());
    assertEquals(List.of("NEW"), r.unmeasured());
    var none = PortfolioVar.measure(Map.of("NEW", d("5000")), returns(Map.of("NEW", List.of(0.5, -0.5))), 250, 20);
    assertEquals(0, none.observations());
    assertEquals(PortfolioVar.ZERO, none.historical()); // nothing measured is held
  }

  @Test
  void two_symbols_are_measured_on_the_days_both_have_a_return_and_too_few_common_days_are_not_measurable() {
    var m = new MarkReturns(Map.of("AAPL", MarkReturns.series(LAST, fixed()),
        "MSFT", MarkReturns.series(LAST.minusDays(30), fixed()))); // overlaps AAPL's first 10 days only
    var r = PortfolioVar.measure(Map.of("AAPL", d("10000"), "MSFT", d("10000")), m, 250, 5);
    assertEquals(10, r.observations());
    var short_ = PortfolioVar.measure(Map.of("AAPL", d("10000"), "MSFT", d("10000")), m, 250, 20);
    assertFalse(short_.measurable());
    assertNull(short_.var95(false));
  }

  @Test
  void the_guardian_folds_a_daily_return_from_each_days_last_mark_when_the_next_day_is_marked() {
    Instant day1 = Instant.parse("2026-01-05T10:00:00Z");
    MarkReturns r = MarkReturns.EMPTY;
    r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("90")), day1));
    r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), day1.plusSeconds(3600))); // day 1 closes 100
    r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("104")), day1.plusSeconds(86_400))); // day 2
    assertTrue(r.of("AAPL").returns().isEmpty(), "no close before day 1: no return yet");
    r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("110")), day1.plusSeconds(2 * 86_400))); // day 2 closed 104
    r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", d("99")), day1.plusSeconds(5 * 86_400))); // day 3 closed 110
    assertEquals(List.of(0.04, round(6 / 104.0)), r.of("AAPL").returns().stream().map(PortfolioVarTest::round).toList());
    assertEquals(List.of(LocalDate.of(2026, 1, 6), LocalDate.of(2026, 1, 7)), r.of("AAPL").days());
  }

  @Test
  void at_most_the_longest_window_of_returns_is_kept_per_symbol() {
    MarkReturns r = MarkReturns.EMPTY;
    Instant t = Instant.parse("2024-01-01T12:00:00Z");
    int max = RiskPolicy.Portfolio.MAX_VAR_WINDOW;
    for (int i = 0; i < max + 10; i++) {
      r = r.apply(new GuardianEvent.PricesMarked(Map.of("AAPL", BigDecimal.valueOf(100 + i % 2)), t.plusSeconds(86_400L * i)));
    }
    assertEquals(max, r.of("AAPL").returns().size());
  }

  private static double round(double x) {
    return Math.round(x * 1e9) / 1e9;
  }
}
