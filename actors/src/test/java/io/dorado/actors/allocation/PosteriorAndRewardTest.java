package io.dorado.actors.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.allocation.AllocationPolicy;
import io.dorado.protocol.allocation.ArmMode;
import io.dorado.protocol.allocation.BetaPosterior;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PosteriorAndRewardTest {
  private static final AllocationPolicy POLICY = AllocationPolicy.defaults(ArmMode.BY_BOT, new BigDecimal("100000"), 1);

  @Test
  @DisplayName("the reward is realized P&L over max loss, clipped to [-1, 1], and 0 without a max loss")
  void theRewardIsPnlOverMaxLossClipped() {
    assertEquals(0.5, Reward.of(new BigDecimal("150"), new BigDecimal("300")), 1e-12);
    assertEquals(-0.5, Reward.of(new BigDecimal("-150"), new BigDecimal("-300")), 1e-12);
    assertEquals(1.0, Reward.of(new BigDecimal("900"), new BigDecimal("300")), 1e-12);
    assertEquals(-1.0, Reward.of(new BigDecimal("-450"), new BigDecimal("300")), 1e-12);
    assertEquals(0.0, Reward.of(new BigDecimal("100"), BigDecimal.ZERO), 1e-12);
  }

  @Test
  @DisplayName("a reward r adds w·(r+1)/2 to α and w·(1−r)/2 to β")
  void aRewardIsAFractionalSuccess() {
    BetaPosterior p = BetaPosterior.prior(1, 1).observe(0.5, 1.0);
    assertEquals(1.75, p.alpha(), 1e-12);
    assertEquals(1.25, p.beta(), 1e-12);
    assertEquals(1.0, p.observations(), 1e-12);
    assertEquals(1.75 / 3.0, p.meanSuccess(), 1e-12);
    assertEquals(2 * 1.75 / 3.0 - 1, p.meanReward(), 1e-12);
  }

  @Test
  @DisplayName("a paper trade counts with the paper weight and a discounted reward")
  void aPaperTradeCountsWithThePaperWeightAndADiscountedReward() {
    Reward.Applied live = Reward.applied(0.8, false, POLICY);
    Reward.Applied paper = Reward.applied(0.8, true, POLICY);
    assertEquals(new Reward.Applied(0.8, 1.0), live);
    assertEquals(0.8 * 0.7, paper.reward(), 1e-12);
    assertEquals(0.5, paper.weight(), 1e-12);

    BetaPosterior afterLive = BetaPosterior.prior(1, 1).observe(live.reward(), live.weight());
    BetaPosterior afterPaper = BetaPosterior.prior(1, 1).observe(paper.reward(), paper.weight());
    assertEquals(0.5, afterPaper.observations(), 1e-12);
    assertEquals(1 + 0.5 * (0.56 + 1) / 2, afterPaper.alpha(), 1e-12);
    assertTrue(afterPaper.meanReward() < afterLive.meanReward(), "paper evidence moves the posterior less");
    assertTrue(afterPaper.meanReward() > 0, "but in the same direction");
  }

  @Test
  @DisplayName("decay pulls the pseudo-counts toward the prior by γ and γ = 1 changes nothing")
  void decayPullsThePseudoCountsTowardThePrior() {
    BetaPosterior p = BetaPosterior.prior(1, 2);
    for (int i = 0; i < 10; i++) p = p.observe(1.0, 1.0); // α = 11, β = 2
    BetaPosterior d = p.decay(0.5);
    assertEquals(1 + 0.5 * 10, d.alpha(), 1e-12);
    assertEquals(2, d.beta(), 1e-12);
    assertEquals(5, d.observations(), 1e-12);
    assertEquals(p, p.decay(1.0));

    BetaPosterior forgotten = p;
    for (int i = 0; i < 2000; i++) forgotten = forgotten.decay(0.99);
    assertEquals(1, forgotten.alpha(), 1e-6);
    assertEquals(2, forgotten.beta(), 1e-6);
  }
}
