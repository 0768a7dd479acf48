package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy.VolRegimeAdjustment;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * PRD §3.4's regime-aware limits, read from the regime radar: a regime with a sizing multiplier (risk_off ×
 * {@code high_vol_sizing_multiplier}, transition and recovery × their {@code sizing_by_regime}) sizes new trades down
 * at their review ({@link #review}), never at the acknowledgement (an order acknowledged smaller than the bot persisted
 * and sent left the bot waiting for the rest); a crisis regime halts them ({@link DenialReason#REGIME_HALT}, the
 * regime in the detail); reduce-only orders pass.
 *
 * <p>The regime is the guardian's view of the radar's last publish ({@link RiskGuardian.RegimeChanged}), not
 * journalled: the radar sends it on every refresh, so a guardian that restarted or moved knows it again at the next
 * refresh, and until then (as with a snapshot older than {@code max_age}) no regime rule applies — the radar is never
 * load-bearing (PRD §3.5). Journalling it would add a write per refresh to the guardian's journal for a value that
 * expires by itself.
 */
final class RegimeLimits {
  private final VolRegimeAdjustment policy;
  private RiskGuardian.RegimeChanged latest;

  RegimeLimits(VolRegimeAdjustment policy) {
    this.policy = policy;
  }

  /** The radar published {@code regime}: an older publish than the one known is ignored. */
  void observe(RiskGuardian.RegimeChanged regime) {
    if (regime == null || regime.label() == null || regime.publishedAt() == null) return;
    if (latest == null || !regime.publishedAt().isBefore(latest.publishedAt())) latest = regime;
  }

  /** The regime in force at {@code now}: the last one published within {@code max_age}. */
  Optional<RiskGuardian.RegimeChanged> current(Instant now) {
    if (latest == null || latest.publishedAt().plus(policy.maxAge()).isBefore(now)) return Optional.empty();
    return Optional.of(latest);
  }

  /** REGIME_HALT while the current regime is a halt regime (new exposure only: the caller lets reduce-only pass). */
  Optional<RiskDenial> halt(Instant now) {
    return current(now).filter(r -> policy.haltRegimes().contains(r.label()))
        .map(r -> RiskDenial.of(DenialReason.REGIME_HALT, "macro regime " + describe(r) + ": new trades halted"
            + " (circuit_breakers.vol_regime_adjustment.halt_regimes " + policy.haltRegimes() + ")"));
  }

  /**
   * The sizing multiplier of the current regime: its own ({@code sizing_by_regime}: transition and recovery 0.75 by
   * default), {@code high_vol_sizing_multiplier} in a high-volatility one, else 1.
   */
  BigDecimal multiplier(Instant now) {
    return current(now).map(r -> policy.multiplierOf(r.label())).orElse(BigDecimal.ONE);
  }

  /**
   * An approved review sized by the regime's multiplier (the quantity rounded down at its own scale, the max loss
   * in proportion), denied by a halt, or as it was.
   */
  RiskEngine.Review review(RiskEngine.Review result, Instant now) {
    if (!(result instanceof RiskEngine.Approved a)) return result;
    Optional<RiskDenial> halt = halt(now);
    if (halt.isPresent()) return new RiskEngine.Rejected(halt.get(), a.impliedState());
    BigDecimal m = multiplier(now);
    if (m.compareTo(BigDecimal.ONE) >= 0) return result;
    String regime = describe(current(now).orElseThrow());
    BigDecimal qty = a.quantity().multiply(m).setScale(Math.max(0, a.quantity().stripTrailingZeros().scale()),
        RoundingMode.DOWN);
    if (qty.signum() <= 0) {
      return new RiskEngine.Rejected(RiskDenial.of(DenialReason.INVALID_ORDER, "sized quantity "
          + a.quantity().toPlainString() + " x regime " + m.toPlainString() + " rounds down to 0 (macro regime "
          + regime + ")"), a.impliedState());
    }
    BigDecimal maxLoss = a.maxLoss().multiply(qty).divide(a.quantity(), java.math.MathContext.DECIMAL64);
    return new RiskEngine.Approved(qty, maxLoss, a.sizingMultiplier().multiply(m),
        a.note() + ", regime " + regime + " x " + m.toPlainString(), a.impliedState());
  }

  private static String describe(RiskGuardian.RegimeChanged r) {
    return String.format(Locale.ROOT, "%s (confidence %.2f, published %s)", r.label(), r.confidence(), r.publishedAt());
  }
}
