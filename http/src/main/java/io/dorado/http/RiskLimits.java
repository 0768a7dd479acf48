package io.dorado.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.protocol.risk.PortfolioGreeks;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Every limit of the risk policy the guardian measures, as one row: its measure against its limit. The guardian's
 * status carries the measures (and the VaR, positions and greeks limits); the policy the rest (heat, daily loss,
 * drawdown). Limits that are off (null) are left out. The API's {@code limits} and Telegram's {@code /risk} list them.
 */
public final class RiskLimits {
  private RiskLimits() {}

  /** The API's mapper, its trees keeping decimals as written (100250.50, not 100250.5). */
  private static final com.fasterxml.jackson.databind.ObjectMapper TREES = HttpJson.JSON.copy()
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  /**
   * One limit: {@code name} (heat, daily_loss, drawdown, var_95, positions, delta, vega), {@code scope} (an account,
   * {@code fleet}, {@code guardian} for the guardian's own totals, or {@code account/underlying} for the greeks),
   * {@code measure} against {@code limit} in {@code unit} ({@code %} of equity, {@code count}, {@code money}, {@code
   * money/vol pt}); {@code breached}: the measure (its absolute value for the greeks) is past the limit.
   */
  public record Limit(String name, String scope, BigDecimal measure, BigDecimal limit, String unit, boolean breached) {
    static Limit of(String name, String scope, BigDecimal measure, BigDecimal limit, String unit) {
      BigDecimal m = measure == null ? BigDecimal.ZERO : measure;
      return new Limit(name, scope, m, limit, unit, m.abs().compareTo(limit) > 0);
    }
  }

  public static List<Limit> of(RiskGuardian.GuardianStatus s, RiskPolicy policy) {
    List<Limit> out = new ArrayList<>();
    RiskPolicy.Portfolio p = policy.portfolio();
    RiskPolicy.CircuitBreakers b = policy.circuitBreakers();
    out.add(Limit.of("heat", "guardian", s.heatPct(), p.maxHeatPct(), "%"));
    for (RiskGuardian.AccountView a : s.accounts()) {
      out.add(Limit.of("heat", a.account(), a.heatPct(), p.maxHeatPct(), "%"));
    }
    if (b.dailyLossHaltPct() != null) out.add(Limit.of("daily_loss", "guardian", s.dailyLossPct(), b.dailyLossHaltPct(), "%"));
    if (b.drawdownHaltPct() != null) out.add(Limit.of("drawdown", "guardian", s.drawdownPct(), b.drawdownHaltPct(), "%"));
    RiskGuardian.PortfolioRisk risk = s.portfolioRisk();
    if (risk == null) return out;
    List<RiskGuardian.ScopeRisk> scopes = new ArrayList<>(risk.accounts());
    if (risk.fleet() != null) scopes.add(risk.fleet());
    for (RiskGuardian.ScopeRisk r : scopes) {
      if (r.varLimitPct() != null) out.add(Limit.of("var_95", r.scope(), r.varPct(), r.varLimitPct(), "%"));
      if (r.maxPositions() != null) {
        out.add(Limit.of("positions", r.scope(), BigDecimal.valueOf(r.positions()), BigDecimal.valueOf(r.maxPositions()),
            "count"));
      }
    }
    PortfolioGreeks g = risk.greeks();
    if (g == null) return out;
    List<PortfolioGreeks.Scope> books = new ArrayList<>(g.accounts());
    if (g.fleet() != null) books.add(g.fleet());
    for (PortfolioGreeks.Scope book : books) {
      for (PortfolioGreeks.Underlying u : book.underlyings()) {
        String scope = book.scope() + "/" + u.underlying();
        if (g.maxAbsDeltaPerUnderlying() != null) {
          out.add(Limit.of("delta", scope, u.deltaNotional(), g.maxAbsDeltaPerUnderlying(), "money"));
        }
        if (g.maxAbsVegaPerUnderlying() != null) out.add(Limit.of("vega", scope, u.vega(), g.maxAbsVegaPerUnderlying(), "money/vol pt"));
      }
    }
    if (g.fleet() != null && g.maxAbsDeltaFleet() != null) {
      out.add(Limit.of("delta", "fleet", g.fleet().deltaNotional(), g.maxAbsDeltaFleet(), "money"));
    }
    if (g.fleet() != null && g.maxAbsVegaFleet() != null) {
      out.add(Limit.of("vega", "fleet", g.fleet().vega(), g.maxAbsVegaFleet(), "money/vol pt"));
    }
    return out;
  }

  /**
   * The guardian's status as the API has always written it, with the policy's {@code version} (risk_policy.version, the
   * label of the policy these limits come from), {@code limits} and the policy's restricted symbols.
   */
  static ObjectNode view(RiskGuardian.GuardianStatus s, RiskPolicy policy) {
    ObjectNode json = TREES.valueToTree(s);
    json.put("policy_version", policy.version());
    json.set("limits", TREES.valueToTree(of(s, policy)));
    json.set("restricted_symbols", TREES.valueToTree(policy.orders().restrictedSymbols()));
    return json;
  }
}
