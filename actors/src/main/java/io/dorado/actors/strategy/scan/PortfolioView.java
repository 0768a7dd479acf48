package io.dorado.actors.strategy.scan;

import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskGuardian;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The portfolio as the selection loop simulates it, in % of equity: heat (open risk), exposure per
 * underlying and per asset class, free cash. Built from the guardian's status; adding a candidate
 * gives a new view (the loop is order-dependent, PRD §3.2).
 */
public record PortfolioView(
    double equity, double heatPct, Map<String, Double> underlyingPct, Map<AssetClass, Double> classPct, double cashPct,
    double drawdownPct) {

  public PortfolioView {
    underlyingPct = Map.copyOf(underlyingPct);
    classPct = Map.copyOf(classPct);
  }

  /** From the guardian's status, valuing positions at {@code marks} (symbol → last price). */
  public static PortfolioView of(RiskGuardian.GuardianStatus s, Universe universe, Map<String, Double> marks) {
    double equity = s.equity().doubleValue();
    var under = new HashMap<String, Double>();
    var cls = new EnumMap<AssetClass, Double>(AssetClass.class);
    if (s.positions() != null && equity > 0) {
      for (var e : s.positions().entrySet()) {
        Double mark = marks.get(e.getKey());
        if (mark == null || e.getValue() == null) continue;
        double pct = Math.abs(e.getValue().doubleValue()) * mark / equity * 100;
        under.merge(e.getKey(), pct, Double::sum);
        universe.find(e.getKey()).ifPresent(u -> cls.merge(u.assetClass(), pct, Double::sum));
      }
    }
    double cash = equity > 0 ? s.cash().doubleValue() / equity * 100 : 0;
    return new PortfolioView(equity, num(s.heatPct()), under, cls, cash, num(s.drawdownPct()));
  }

  private static double num(BigDecimal v) {
    return v == null ? 0 : v.doubleValue();
  }

  public double underlying(String symbol) {
    return underlyingPct.getOrDefault(symbol, 0.0);
  }

  public double assetClass(AssetClass c) {
    return classPct.getOrDefault(c, 0.0);
  }

  /** The view after adding a trade risking {@code riskPct} with {@code exposurePct} of notional (or margin). */
  public PortfolioView add(String symbol, AssetClass c, double riskPct, double exposurePct, double cashUsePct) {
    var under = new HashMap<>(underlyingPct);
    under.merge(symbol, exposurePct, Double::sum);
    var cls = new EnumMap<AssetClass, Double>(AssetClass.class);
    cls.putAll(classPct);
    cls.merge(c, exposurePct, Double::sum);
    return new PortfolioView(equity, heatPct + riskPct, under, cls, cashPct - cashUsePct, drawdownPct);
  }
}
