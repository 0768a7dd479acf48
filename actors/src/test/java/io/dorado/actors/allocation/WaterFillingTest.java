package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WaterFillingTest {
  private static final double EPS = 1e-9;

  @Test
  @DisplayName("scores inside the bounds are only renormalised")
  void scoresInsideTheBoundsAreOnlyRenormalised() {
    double[] w = WaterFilling.apply(new double[] {2, 3, 5}, 0.1, 0.6);
    assertArrayEquals(new double[] {0.2, 0.3, 0.5}, w, EPS);
  }

  @Test
  @DisplayName("an arm over the cap is cut to the cap and the excess goes to the others in proportion")
  void anArmOverTheCapIsCutAndTheExcessSpreadInProportion() {
    double[] w = WaterFilling.apply(new double[] {0.9, 0.06, 0.04}, 0.0, 0.5);
    assertEquals(0.5, w[0], EPS);
    assertEquals(0.3, w[1], EPS);
    assertEquals(0.2, w[2], EPS);
  }

  @Test
  @DisplayName("an arm under the floor is lifted to the floor and the others pay for it in proportion")
  void anArmUnderTheFloorIsLiftedToTheFloor() {
    double[] w = WaterFilling.apply(new double[] {0.0, 0.25, 0.75}, 0.1, 1.0);
    assertEquals(0.1, w[0], EPS);
    assertEquals(0.225, w[1], EPS);
    assertEquals(0.675, w[2], EPS);
  }

  @Test
  @DisplayName("when capped positive arms cannot absorb everything the zero-score arms share the rest")
  void zeroScoreArmsShareWhatTheCappedArmsCannotTake() {
    double[] w = WaterFilling.apply(new double[] {1.0, 0.0, 0.0}, 0.05, 0.4);
    assertArrayEquals(new double[] {0.4, 0.3, 0.3}, w, EPS);
  }

  @Test
  @DisplayName("an infeasible floor gives every arm an equal share and an infeasible cap leaves cash unallocated")
  void infeasibleBoundsResolveOnTheSideOfRisk() {
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, WaterFilling.apply(new double[] {1, 0, 0, 0}, 0.3, 1.0), EPS);
    assertArrayEquals(new double[] {0.2, 0.2}, WaterFilling.apply(new double[] {1, 0}, 0.0, 0.2), EPS);
  }

  @Test
  @DisplayName("for any scores the weights sum to one, honour floor and cap, and keep the arms' order")
  void forAnyScoresTheWeightsSumToOneHonourTheBoundsAndKeepOrder() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20_000; trial++) {
      int n = 1 + random.nextInt(12);
      double floor = random.nextDouble() / n; // feasible: n·floor < 1
      double cap = Math.min(1.0, 1.0 / n + random.nextDouble() * (1 - 1.0 / n) + 1e-12); // n·cap >= 1
      cap = Math.max(cap, floor);
      double[] raw = new double[n];
      for (int i = 0; i < n; i++) {
        raw[i] = random.nextInt(4) == 0 ? 0.0 : random.nextDouble() * (random.nextBoolean() ? 1 : 1e-6);
      }
      double[] w = WaterFilling.apply(raw, floor, cap);
      String ctx = "raw=" + Arrays.toString(raw) + " floor=" + floor + " cap=" + cap + " w=" + Arrays.toString(w);
      assertEquals(1.0, Arrays.stream(w).sum(), 1e-9, ctx);
      for (int i = 0; i < n; i++) {
        assertTrue(w[i] >= floor - EPS && w[i] <= cap + EPS, ctx);
        for (int j = 0; j < n; j++) {
          if (raw[i] > raw[j]) assertTrue(w[i] >= w[j] - EPS, ctx);
        }
      }
    }
  }
}
