package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dorado.protocol.allocation.AllocatorState.DayRewards;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HierarchicalRiskParityTest {

  @Test
  @DisplayName("a diagonal covariance gives the inverse-variance weights, whatever the clustering")
  void diagonalCovarianceGivesInverseVarianceWeights() {
    RealMatrix cov = MatrixUtils.createRealDiagonalMatrix(new double[] {0.01, 0.04, 0.09, 0.16});
    // 1/σ²: 100, 25, 11.111…, 6.25; total 142.361…
    double total = 100 + 25 + 100.0 / 9 + 6.25;
    double[] expected = {100 / total, 25 / total, 100.0 / 9 / total, 6.25 / total};
    double[] w = HierarchicalRiskParity.weights(cov).weights();
    assertArrayEquals(expected, w, 1e-12);
    System.out.printf(Locale.ROOT, "hrp diagonal: %s (inverse variance %s)%n", fmt(w), fmt(expected));
  }

  @Test
  @DisplayName("two correlated pairs given interleaved are clustered back into pairs, then split by inverse cluster variance")
  void twoCorrelatedPairsAreQuasiDiagonalisedAndBisected() {
    // Input order A, C, B, D. σ_A = 1, σ_B = 2, σ_C = σ_D = 1; ρ(A,B) = ρ(C,D) = 0.5; across the pairs 0.
    RealMatrix cov = MatrixUtils.createRealMatrix(new double[][] {
        {1.0, 0.0, 1.0, 0.0},   // A
        {0.0, 1.0, 0.0, 0.5},   // C
        {1.0, 0.0, 4.0, 0.0},   // B: cov(A,B) = 0.5·1·2 = 1
        {0.0, 0.5, 0.0, 1.0}}); // D
    HierarchicalRiskParity.Result r = HierarchicalRiskParity.weights(cov);
    assertEquals(List.of(0, 2, 1, 3), r.order(), "quasi-diagonal order: A, B, then C, D");
    // By hand. Cluster {A,B}: inverse-variance weights (1, 1/4) → (0.8, 0.2); variance
    //   0.64·1 + 2·0.8·0.2·1 + 0.04·4 = 1.12. Cluster {C,D}: (0.5, 0.5); variance 0.25 + 0.25 + 2·0.25·0.5 = 0.75.
    //   α = 1 − 1.12 / 1.87 = 0.75 / 1.87 to {A,B}, 1.12 / 1.87 to {C,D}.
    // {A} vs {B}: variances 1 and 4 → A gets 0.8, B 0.2. {C} vs {D}: halves.
    // A = 0.6/1.87, B = 0.15/1.87, C = D = 0.56/1.87.
    double[] expected = {0.6 / 1.87, 0.56 / 1.87, 0.15 / 1.87, 0.56 / 1.87};
    assertArrayEquals(expected, r.weights(), 1e-12);
    System.out.printf(Locale.ROOT, "hrp two pairs (A, C, B, D): %s (hand-computed %s)%n", fmt(r.weights()), fmt(expected));
  }

  @Test
  @DisplayName("one asset gets everything; a zero variance is refused with the asset named")
  void edgeCases() {
    assertArrayEquals(new double[] {1.0},
        HierarchicalRiskParity.weights(MatrixUtils.createRealDiagonalMatrix(new double[] {0.3})).weights());
    var e = assertThrows(IllegalArgumentException.class,
        () -> HierarchicalRiskParity.weights(MatrixUtils.createRealDiagonalMatrix(new double[] {0.3, 0.0})));
    assertEquals("variance of asset 1 must be positive and finite, was 0.0", e.getMessage());
  }

  @Test
  @DisplayName("the Kelly cap is the fraction of mean over variance of the per-trade rewards; no edge, no weight")
  void kellyCap() {
    // rewards 0.3 and −0.1: mean 0.1, sample variance ((0.09 + 0.01) − 2·0.01) / 1 = 0.08, Kelly 1.25.
    var days = List.of(new DayRewards(0.3, 0.09, 1), new DayRewards(-0.1, 0.01, 1));
    assertEquals(0.3125, HrpAllocator.kellyCap(days, 0.25), 1e-12, "quarter-Kelly");
    assertEquals(0.0, HrpAllocator.kellyCap(List.of(new DayRewards(0.0, 0.02, 2)), 0.25), "mean 0: nothing");
    assertEquals(Double.NaN, HrpAllocator.kellyCap(List.of(new DayRewards(0.5, 0.25, 1)), 0.25), "one trade: no estimate");
  }

  private static String fmt(double[] w) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < w.length; i++) b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", w[i]));
    return b.append(']').toString();
  }
}
