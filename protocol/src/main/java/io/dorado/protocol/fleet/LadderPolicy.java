package io.dorado.protocol.fleet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import java.math.BigDecimal;

/**
 * The promotion ladder's criteria (ladder.yaml; PRD §3.3). Each step up needs, counted on the current
 * step: {@code minClosedTrades} closed trades (the bot's own and its paper twin's), a win rate of at least
 * {@code minWinRatePct}, {@code minDays} on the step, and a realized P&L of at least {@code minPnl} (when set). {@code canarySizePct}: the canary's live size, in % of the target size.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LadderPolicy(Step toCanary, Step toFull, BigDecimal canarySizePct) implements CborSerializable {

  /** PRD defaults: 5 lifecycles without error to leave paper; 4 weeks of canary before full size, at 50%. */
  public static final LadderPolicy DEFAULT = new LadderPolicy(null, null, null);

  public LadderPolicy {
    toCanary = toCanary == null ? new Step(5, null, 0, null) : toCanary;
    toFull = toFull == null ? new Step(8, null, 28, null) : toFull;
    canarySizePct = canarySizePct == null ? BigDecimal.valueOf(50) : canarySizePct;
    if (canarySizePct.signum() <= 0 || canarySizePct.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("canary_size_pct: must be in (0, 100], was " + canarySizePct);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Step(Integer minClosedTrades, BigDecimal minWinRatePct, Integer minDays, BigDecimal minPnl)
      implements CborSerializable {
    public Step {
      minClosedTrades = nonNegative(minClosedTrades, 0, "min_closed_trades");
      minDays = nonNegative(minDays, 0, "min_days");
      if (minWinRatePct != null && (minWinRatePct.signum() < 0 || minWinRatePct.compareTo(BigDecimal.valueOf(100)) > 0)) {
        throw new IllegalArgumentException("min_win_rate_pct: must be in [0, 100], was " + minWinRatePct);
      }
    }

    private static int nonNegative(Integer v, int dflt, String name) {
      if (v == null) return dflt;
      if (v < 0) throw new IllegalArgumentException(name + ": must be >= 0, was " + v);
      return v;
    }
  }

  public Step step(Stage to) {
    return to == Stage.FULL ? toFull : toCanary;
  }
}
