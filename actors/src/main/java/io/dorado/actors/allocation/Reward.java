package io.dorado.actors.allocation;

import io.dorado.protocol.allocation.AllocationPolicy;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The PRD §6.2 reward: realized P&L over |max loss|, clipped to [-1, 1], so trades of any structure
 * compare; 0 when the max loss is zero or unknown. Paper trades are discounted and down-weighted.
 */
public final class Reward {
  private Reward() {}

  /** What one trade contributes to its arm's posterior. */
  public record Applied(double reward, double weight) {}

  public static double of(BigDecimal realizedPnl, BigDecimal maxLoss) {
    if (realizedPnl == null || maxLoss == null || maxLoss.signum() == 0) return 0.0;
    double raw = realizedPnl.divide(maxLoss.abs(), MathContext.DECIMAL64).doubleValue();
    return Math.max(-1.0, Math.min(1.0, raw));
  }

  /** A live trade counts fully; a paper trade's reward is multiplied by the paper discount and counts with the paper weight. */
  public static Applied applied(double reward, boolean paper, AllocationPolicy policy) {
    return paper ? new Applied(reward * policy.paperDiscount(), policy.paperWeight()) : new Applied(reward, 1.0);
  }
}
