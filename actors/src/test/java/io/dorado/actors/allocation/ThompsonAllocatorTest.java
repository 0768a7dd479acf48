package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.BetaPosterior;
import java.math.BigDecimal;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThompsonAllocatorTest {
  private static final AllocationPolicy POLICY =
      AllocationPolicy.defaults(ArmMode.BY_BOT, new BigDecimal("100000"), 20261121L).withFloorAndCap(0.05, 0.6);

  private static TreeMap<String, BetaPosterior> arms() {
    TreeMap<String, BetaPosterior> arms = new TreeMap<>();
    arms.put("alpha", posterior(0.30, 20));
    arms.put("bravo", posterior(0.25, 20));
    arms.put("charlie", posterior(0.0, 5));
    arms.put("delta", posterior(-0.5, 30));
    return arms;
  }

  private static BetaPosterior posterior(double reward, int trades) {
    BetaPosterior p = BetaPosterior.prior(1, 1);
    for (int i = 0; i < trades; i++) p = p.observe(reward, 1);
    return p;
  }

  @Test
  @DisplayName("the same seed and round give the same weights, to the last bit")
  void theSameSeedAndRoundGiveTheSameWeights() {
    ThompsonAllocator.Sample first = ThompsonAllocator.sample(arms(), POLICY, 3);
    ThompsonAllocator.Sample again = ThompsonAllocator.sample(arms(), POLICY, 3);
    assertEquals(first, again);
  }

  @Test
  @DisplayName("another round or another seed draws afresh")
  void anotherRoundOrSeedDrawsAfresh() {
    ThompsonAllocator.Sample round3 = ThompsonAllocator.sample(arms(), POLICY, 3);
    assertNotEquals(round3.probabilityBest(), ThompsonAllocator.sample(arms(), POLICY, 4).probabilityBest());
    assertNotEquals(
        round3.probabilityBest(), ThompsonAllocator.sample(arms(), POLICY.withSeed(99), 3).probabilityBest());
  }

  @Test
  @DisplayName("weights sum to one within floor and cap, and favour the arm most likely to be best")
  void weightsSumToOneWithinBoundsAndFavourTheLikelyBest() {
    ThompsonAllocator.Sample s = ThompsonAllocator.sample(arms(), POLICY, 1);
    double sum = s.weights().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, sum, 1e-9);
    s.weights().values().forEach(w -> assertTrue(w >= 0.05 - 1e-12 && w <= 0.6 + 1e-12, "weight " + w));
    assertTrue(s.weights().get("alpha") > s.weights().get("bravo"), s.toString());
    assertTrue(s.weights().get("bravo") > s.weights().get("delta"), s.toString());
    assertEquals(0.05, s.weights().get("delta"), 1e-12, "a clearly bad arm sits on the floor");
    assertEquals(1.0, s.probabilityBest().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
  }

  @Test
  @DisplayName("arms with no evidence share the budget equally in expectation")
  void armsWithNoEvidenceShareEqually() {
    TreeMap<String, BetaPosterior> fresh = new TreeMap<>();
    for (String id : new String[] {"a", "b", "c", "d"}) fresh.put(id, BetaPosterior.prior(1, 1));
    ThompsonAllocator.Sample s =
        ThompsonAllocator.sample(fresh, 40_000, 0.0, 1.0, ThompsonAllocator.rng(5, 0));
    s.weights().values().forEach(w -> assertEquals(0.25, w, 0.01));
  }
}
