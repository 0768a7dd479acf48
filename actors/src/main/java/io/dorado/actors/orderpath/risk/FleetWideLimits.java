package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The policy's {@code fleet_wide} limits ({@link RiskPolicy.FleetWide}), measured on the totals of every live-money
 * account (mode {@code live}): open risk over equity, and loss since the UTC day's / ISO week's start over the equity
 * then. Paper accounts, paper twins and broker_paper testnets never count and are never limited by it. Pure: fed the
 * accounts, as {@link GuardianDecisions} holds them; the per-account engine decides first, this only adds denials.
 */
final class FleetWideLimits {
  /** The mode of an account trading real money ({@link GuardianAccount#mode()}). */
  static final String LIVE = "live";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final MathContext MC = MathContext.DECIMAL64;

  private final RiskPolicy.FleetWide policy;

  FleetWideLimits(RiskPolicy.FleetWide policy) {
    this.policy = policy;
  }

  static boolean live(GuardianAccount a) {
    return LIVE.equals(a.mode()) && !a.id().endsWith(GuardianAccount.PAPER);
  }

  /** The live accounts' totals at {@code at}: what the limits measure. */
  record Totals(List<String> accounts, BigDecimal equity, BigDecimal openRisk, BigDecimal dayStartEquity,
      BigDecimal weekStartEquity) {
    BigDecimal heatPct() {
      return equity.signum() <= 0 ? (openRisk.signum() > 0 ? HUNDRED : BigDecimal.ZERO) : pctOf(openRisk, equity);
    }

    BigDecimal dailyLossPct() {
      return lossPct(dayStartEquity);
    }

    BigDecimal weeklyLossPct() {
      return lossPct(weekStartEquity);
    }

    private BigDecimal lossPct(BigDecimal start) {
      if (start.signum() <= 0) return BigDecimal.ZERO;
      BigDecimal loss = start.subtract(equity);
      return loss.signum() <= 0 ? BigDecimal.ZERO : pctOf(loss, start);
    }
  }

  /** Totals over {@code accounts}' live ones, each as the engine decides on it ({@link GuardianAccount#effectiveBook}). */
  static Totals totals(Map<String, GuardianAccount> accounts, Instant at) {
    var ids = new ArrayList<String>();
    BigDecimal equity = BigDecimal.ZERO;
    BigDecimal risk = BigDecimal.ZERO;
    BigDecimal day = BigDecimal.ZERO;
    BigDecimal week = BigDecimal.ZERO;
    for (GuardianAccount a : new TreeMap<>(accounts).values()) {
      if (!live(a)) continue;
      RiskBook b = a.effectiveBook();
      Ledger l = b.ledger().rollTo(at);
      ids.add(a.id());
      equity = equity.add(l.equity());
      risk = risk.add(RiskEngine.openRisk(b));
      day = day.add(l.dayStartEquity());
      week = week.add(l.weekStartEquity());
    }
    return new Totals(ids, equity, risk, day, week);
  }

  boolean enabled() {
    return policy.any();
  }

  /**
   * The denial for {@code order} (to go to account {@code account}), the engine having allowed it on that account:
   * none when the limits are off, the account is not live, or the order is reduce-only. Heat is measured with the
   * order as the account would hold it once acknowledged.
   */
  Optional<RiskDenial> acknowledge(Map<String, GuardianAccount> accounts, GuardianAccount account, Order order,
      Instant at) {
    if (!enabled() || order.reduceOnly() || !live(account)) return Optional.empty();
    Optional<RiskDenial> losses = losses(totals(accounts, at));
    if (losses.isPresent() || !policy.heat()) return losses;
    var after = new TreeMap<>(accounts);
    after.put(account.id(), account.withBook(account.book().acknowledged(order, at)));
    Totals with = totals(after, at);
    BigDecimal heat = with.heatPct();
    if (heat.compareTo(policy.maxHeatPct()) > 0) {
      return Optional.of(RiskDenial.of(DenialReason.FLEET_HEAT_LIMIT, "fleet-wide heat " + RiskEngine.pct(heat)
          + "% > max " + RiskEngine.pct(policy.maxHeatPct()) + "% (open risk " + RiskEngine.money(with.openRisk())
          + " with this order, of equity " + RiskEngine.money(with.equity()) + " across live accounts "
          + with.accounts() + ")"));
    }
    return Optional.empty();
  }

  /**
   * The denial for a review of a trade on {@code account} (sized later, so only what holds already): a breached loss
   * limit, or heat at or past the limit.
   */
  Optional<RiskDenial> review(Map<String, GuardianAccount> accounts, GuardianAccount account, Instant at) {
    if (!enabled() || !live(account)) return Optional.empty();
    Totals t = totals(accounts, at);
    Optional<RiskDenial> losses = losses(t);
    if (losses.isPresent() || !policy.heat()) return losses;
    if (t.heatPct().compareTo(policy.maxHeatPct()) >= 0) {
      return Optional.of(RiskDenial.of(DenialReason.FLEET_HEAT_LIMIT, "fleet-wide heat " + RiskEngine.pct(t.heatPct())
          + "% >= max " + RiskEngine.pct(policy.maxHeatPct()) + "% across live accounts " + t.accounts()));
    }
    return Optional.empty();
  }

  private Optional<RiskDenial> losses(Totals t) {
    if (policy.dailyLoss() && t.dailyLossPct().compareTo(policy.dailyLossHaltPct()) >= 0) {
      return Optional.of(RiskDenial.of(DenialReason.FLEET_DAILY_LOSS_LIMIT, "fleet-wide daily loss "
          + RiskEngine.pct(t.dailyLossPct()) + "% >= halt " + RiskEngine.pct(policy.dailyLossHaltPct()) + "% (equity "
          + RiskEngine.money(t.equity()) + " from day start " + RiskEngine.money(t.dayStartEquity())
          + " across live accounts " + t.accounts() + ")"));
    }
    if (policy.weeklyLoss() && t.weeklyLossPct().compareTo(policy.weeklyLossHaltPct()) >= 0) {
      return Optional.of(RiskDenial.of(DenialReason.FLEET_WEEKLY_LOSS_LIMIT, "fleet-wide weekly loss "
          + RiskEngine.pct(t.weeklyLossPct()) + "% >= halt " + RiskEngine.pct(policy.weeklyLossHaltPct()) + "% (equity "
          + RiskEngine.money(t.equity()) + " from week start " + RiskEngine.money(t.weekStartEquity())
          + " across live accounts " + t.accounts() + ")"));
    }
    return Optional.empty();
  }

  /** The fleet-wide figures for inspection; null when no limit is switched on. */
  RiskGuardian.FleetWideReport report(Map<String, GuardianAccount> accounts, Instant at) {
    if (!enabled()) return null;
    Totals t = totals(accounts, at);
    var gauges = new ArrayList<RiskGuardian.FleetGauge>();
    if (policy.heat()) gauges.add(gauge("heat", t.heatPct(), policy.maxHeatPct(), t.heatPct().compareTo(policy.maxHeatPct()) >= 0));
    if (policy.dailyLoss()) gauges.add(gauge("daily_loss", t.dailyLossPct(), policy.dailyLossHaltPct(),
        t.dailyLossPct().compareTo(policy.dailyLossHaltPct()) >= 0));
    if (policy.weeklyLoss()) gauges.add(gauge("weekly_loss", t.weeklyLossPct(), policy.weeklyLossHaltPct(),
        t.weeklyLossPct().compareTo(policy.weeklyLossHaltPct()) >= 0));
    return new RiskGuardian.FleetWideReport(t.accounts(), t.equity(), t.openRisk(), gauges);
  }

  private static RiskGuardian.FleetGauge gauge(String limit, BigDecimal value, BigDecimal max, boolean tripped) {
    return new RiskGuardian.FleetGauge(limit, value.setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros(),
        max, tripped);
  }

  private static BigDecimal pctOf(BigDecimal part, BigDecimal whole) {
    return part.multiply(HUNDRED).divide(whole, MC);
  }
}
