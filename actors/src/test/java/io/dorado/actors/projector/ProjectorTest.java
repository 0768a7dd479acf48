package io.dorado.actors.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The projector: a seeded bootstrap of realised trades into equity bands, drawdown odds, Kelly and allocations. */
class ProjectorTest {

  private static double[] trades(int wins, double win, int losses, double loss) {
    double[] r = new double[wins + losses];
    for (int i = 0; i < r.length; i++) r[i] = i < wins ? win : -loss;
    return r;
  }

  private static Projection project(double[] returns, int horizon, int paths, long seed) {
    return Projector.project(new Projector.Inputs(returns, horizon, 10_000, 0.20, paths, seed));
  }

  @Test
  void when_every_trade_wins_the_same_the_bands_collapse_onto_compounding_and_no_path_draws_down() {
    Projection p = project(trades(30, 0.01, 0, 0), 100, 1_000, 7);
    double expected = 10_000 * Math.pow(1.01, 100);
    for (Projection.Band b : p.bands()) {
      assertEquals(b.p10(), b.p50(), 0.0, "step " + b.step());
      assertEquals(b.p50(), b.p90(), 0.0, "step " + b.step());
    }
    assertEquals(expected, p.medianFinal(), 1e-6);
    assertEquals(0.0, p.drawdownProbability());
    assertEquals(101, p.bands().size(), "the start and one band per trade");
    // Without a loss there is no payoff to measure: Kelly has no basis and sizes nothing.
    assertEquals(0.0, p.kelly().full());
    assertTrue(p.kelly().basis().contains("no basis"), p.kelly().basis());
  }

  @Test
  void a_fair_coin_keeps_the_median_near_the_start_with_bands_symmetric_in_log_terms() {
    Projection p = project(trades(20, 0.01, 20, 0.01), 100, 10_000, 42);
    Projection.Band last = p.last();
    // Compounding ±1% loses a little (1.01 × 0.99 < 1): the median is 10,000 × 0.9999^50 ≈ 9,950, near the start.
    assertEquals(10_000, last.p50(), 100);
    // A sum of ±1% steps is symmetric: ln(P90/P50) and ln(P50/P10) agree within one lattice step (2%).
    double up = Math.log(last.p90() / last.p50()), down = Math.log(last.p50() / last.p10());
    assertEquals(up, down, 0.021, "up " + up + ", down " + down);
    // Over 100 trades about ±1.28 standard deviations of the sum (σ = 10%) away.
    assertEquals(0.128, up, 0.03);
    // A fair coin has no edge: f* = 0.5 − 0.5 / 1 = 0.
    assertEquals(0.5, p.kelly().winRate());
    assertEquals(1.0, p.kelly().payoff(), 1e-12);
    assertEquals(0.0, p.kelly().full(), 1e-12);
  }

  @Test
  void only_losses_of_five_percent_breach_a_twenty_percent_drawdown_on_every_path() {
    Projection p = project(trades(0, 0, 25, 0.05), 10, 500, 1);
    assertEquals(1.0, p.drawdownProbability());
    assertEquals(10_000 * Math.pow(0.95, 10), p.medianFinal(), 1e-6);
  }

  @Test
  void a_tighter_drawdown_limit_is_reached_more_often() {
    double[] coin = trades(20, 0.05, 20, 0.05);
    double loose = Projector.project(new Projector.Inputs(coin, 100, 10_000, 0.30, 5_000, 3)).drawdownProbability();
    double tight = Projector.project(new Projector.Inputs(coin, 100, 10_000, 0.10, 5_000, 3)).drawdownProbability();
    assertTrue(tight > loose && loose > 0 && tight < 1.0001, "10%: " + tight + ", 30%: " + loose);
  }

  @Test
  void the_same_seed_gives_the_same_projection_and_another_seed_another() {
    double[] edge = trades(24, 0.03, 16, 0.02);
    assertEquals(project(edge, 50, 2_000, 11), project(edge, 50, 2_000, 11));
    assertNotEquals(project(edge, 50, 2_000, 11).bands(), project(edge, 50, 2_000, 12).bands());
  }

  @Test
  void kelly_comes_from_the_same_trades_and_is_halved_and_quartered() {
    // 60% wins of +3%, 40% losses of −2%: b = 1.5, f* = 0.6 − 0.4 / 1.5 = 1/3.
    Projection p = project(trades(24, 0.03, 16, 0.02), 100, 10_000, 2026);
    assertEquals(1.0 / 3, p.kelly().full(), 1e-12);
    assertEquals(1.0 / 6, p.kelly().half(), 1e-12);
    assertEquals(1.0 / 12, p.kelly().quarter(), 1e-12);
    Projection.Band last = p.last();
    assertTrue(last.p10() < last.p50() && last.p50() < last.p90(), last.toString());
    assertTrue(last.p50() > 10_000, "an edge grows the median: " + last);
    System.out.printf(Locale.ROOT, "projection: %d paths x %d trades, P10 %.0f P50 %.0f P90 %.0f, P(drawdown >= %.0f%%) %.4f,"
            + " half Kelly %.4f%n", p.paths(), p.horizon(), last.p10(), last.p50(), last.p90(), p.drawdownLimit() * 100,
        p.drawdownProbability(), p.kelly().half());
  }

  @Test
  void a_losing_distribution_has_no_kelly_and_gets_no_money() {
    double[] losing = trades(12, 0.01, 28, 0.01); // p 0.3, b 1: f* = 0.3 − 0.7 < 0, clamped at 0
    assertEquals(0.0, KellyFractions.of(losing).full());
    var plan = Allocations.rank(new BigDecimal("10000"), List.of(new Allocations.Candidate("loser", "t", losing)), 20);
    assertEquals(new BigDecimal("0.00"), plan.allocations().get(0).amount());
    assertEquals(new BigDecimal("10000.00"), plan.unallocated());
    assertTrue(plan.allocations().get(0).note().contains("no edge"), plan.allocations().get(0).note());
  }

  @Test
  void an_amount_is_allocated_in_proportion_to_quarter_kelly_and_ranked_by_it() {
    var strong = new Allocations.Candidate("strong", "trend", trades(24, 0.03, 16, 0.02)); // f* 1/3, quarter 1/12
    var mild = new Allocations.Candidate("mild", "trend", trades(22, 0.02, 18, 0.02)); // f* 0.1, quarter 0.025
    var young = new Allocations.Candidate("young", "trend", trades(5, 0.05, 0, 0));
    var plan = Allocations.rank(new BigDecimal("12000"), List.of(mild, young, strong), 20);
    List<Allocations.Allocation> a = plan.allocations();
    assertEquals(List.of("strong", "mild", "young"), a.stream().map(Allocations.Allocation::id).toList());
    assertEquals(new BigDecimal("1000.00"), a.get(0).amount()); // 12,000 / 12
    assertEquals(new BigDecimal("300.00"), a.get(1).amount()); // 12,000 × 0.025
    assertEquals(new BigDecimal("0.00"), a.get(2).amount());
    assertEquals("5 closed trades, needs 20", a.get(2).note());
    assertEquals(new BigDecimal("10700.00"), plan.unallocated());
  }

  @Test
  void quarter_kellies_adding_up_to_more_than_the_amount_are_scaled_down_together() {
    var sure = trades(39, 0.10, 1, 0.01); // f* ≈ 0.97: quarter ≈ 0.24 each, five of them ≈ 1.2
    var five = java.util.stream.IntStream.range(0, 5)
        .mapToObj(i -> new Allocations.Candidate("b" + i, null, sure)).toList();
    var plan = Allocations.rank(new BigDecimal("1000"), five, 20);
    for (var a : plan.allocations()) assertEquals(new BigDecimal("200.00"), a.amount(), a.toString());
    assertEquals(new BigDecimal("0.00"), plan.unallocated());
  }

  @Test
  void inputs_out_of_bounds_are_refused_with_the_bound() {
    double[] one = {0.01};
    assertThrows(IllegalArgumentException.class, () -> new Projector.Inputs(one, 0, 1, 0.2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Projector.Inputs(one, 10, 0, 0.2, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Projector.Inputs(one, 10, 1, 1.5, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Projector.Inputs(new double[0], 10, 1, 0.2, 1, 1));
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Projector.Inputs(one, Projector.MAX_HORIZON, 1, 0.2, Projector.MAX_PATHS, 1));
    assertTrue(e.getMessage().contains("paths x horizon"), e.getMessage());
  }
}
