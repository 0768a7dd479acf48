package io.dorado.actors.orderpath.risk;

import static io.dorado.protocol.risk.DenialReason.FLEET_MAX_POSITIONS;
import static io.dorado.protocol.risk.DenialReason.MAX_NOTIONAL;
import static io.dorado.protocol.risk.DenialReason.MAX_POSITIONS;
import static io.dorado.protocol.risk.DenialReason.MAX_QUANTITY;
import static io.dorado.protocol.risk.DenialReason.RESTRICTED_INSTRUMENT;
import static io.dorado.protocol.risk.DenialReason.VAR_LIMIT;

import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pre-trade controls and the VaR limit, beside the per-account {@link RiskEngine} (pure: fed the guardian's state;
 * the engine decides first, this only adds denials, and never to a reduce-only order). For an order or review adding
 * exposure, in this order:
 *
 * <ol>
 *   <li>{@code orders.restricted_symbols}: its symbol, or an option's underlying, takes no new exposure
 *       ({@code RESTRICTED_INSTRUMENT});
 *   <li>{@code orders.max_order_notional_by_symbol} / {@code max_order_quantity_by_symbol}: the symbol's own limits
 *       ({@code MAX_NOTIONAL} / {@code MAX_QUANTITY}; the global ones are the engine's);
 *   <li>{@code portfolio.max_positions}: a new position (a symbol the account neither holds nor has an entry working in)
 *       past the account's maximum ({@code MAX_POSITIONS}); {@code portfolio.max_fleet_positions}: the same over the live
 *       accounts together ({@code FLEET_MAX_POSITIONS}; paper accounts never count and are never limited by it);
 *   <li>{@code portfolio.var_limit_95_pct}: the account's 1-day VaR at 95 % with the order, in % of its equity, past the
 *       limit and above the VaR without it ({@code VAR_LIMIT}, with both figures), or the symbol has too few daily
 *       returns to be measured. Option structures (combos) are not in the VaR: their max loss is the engine's limit.
 * </ol>
 */
public final class PortfolioLimits {

  /** Every reason these controls can deny with. */
  public static final Set<DenialReason> REASONS = Collections.unmodifiableSet(EnumSet.of(RESTRICTED_INSTRUMENT,
      MAX_NOTIONAL, MAX_QUANTITY, MAX_POSITIONS, FLEET_MAX_POSITIONS, VAR_LIMIT));

  /** The scope of the live accounts together in {@link RiskGuardian.PortfolioRisk}. */
  public static final String FLEET = "fleet";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final RiskPolicy.Portfolio portfolio;
  private final RiskPolicy.Orders orders;

  public PortfolioLimits(RiskPolicy policy) {
    this.portfolio = policy.portfolio();
    this.orders = policy.orders();
  }

  /** A review the engine approved for {@code quantity}, on {@code account}. */
  public Optional<RiskDenial> review(GuardianState s, String account, TradeProposal p, BigDecimal quantity) {
    BigDecimal price = p.referencePrice();
    return check(s, account, p.symbol(), p.side(), quantity, price, p.isStructure());
  }

  /** An order the engine allowed; reduce-only orders always pass. */
  public Optional<RiskDenial> acknowledge(GuardianState s, Order order) {
    if (order.reduceOnly()) return Optional.empty();
    String account = GuardianAccount.accountOf(order.venue(), order.botId());
    BigDecimal price = RiskEngine.orderPrice(order, s.account(account).book().ledger());
    return check(s, account, order.symbol(), order.side(), order.quantity(), price == null ? BigDecimal.ZERO : price,
        order.isCombo());
  }

  private Optional<RiskDenial> check(GuardianState s, String accountId, String symbol, Side side, BigDecimal qty,
      BigDecimal price, boolean structure) {
    String underlying = OptionSymbol.parse(symbol).map(OptionSymbol::root).orElse(symbol);
    if (orders.restrictedSymbols().contains(symbol) || orders.restrictedSymbols().contains(underlying)) {
      return deny(RESTRICTED_INSTRUMENT, symbol + (underlying.equals(symbol) ? "" : " (underlying " + underlying + ")")
          + " is on orders.restricted_symbols " + orders.restrictedSymbols() + ": no new exposure");
    }
    if (!structure) {
      BigDecimal maxNotional = orders.maxOrderNotionalBySymbol().get(symbol);
      BigDecimal notional = qty.multiply(price);
      if (maxNotional != null && notional.compareTo(maxNotional) > 0) {
        return deny(MAX_NOTIONAL, symbol + " notional " + RiskEngine.money(notional) + " > its max "
            + RiskEngine.money(maxNotional) + " (orders.max_order_notional_by_symbol)");
      }
      BigDecimal maxQty = orders.maxOrderQuantityBySymbol().get(symbol);
      if (maxQty != null && qty.compareTo(maxQty) > 0) {
        return deny(MAX_QUANTITY, symbol + " quantity " + qty.toPlainString() + " > its max " + maxQty.toPlainString()
            + " (orders.max_order_quantity_by_symbol)");
      }
    }
    GuardianAccount account = s.account(accountId);
    if (portfolio.maxPositions() != null) {
      Set<String> held = positions(account);
      if (!held.contains(symbol) && held.size() + 1 > portfolio.maxPositions()) {
        return deny(MAX_POSITIONS, "a new position in " + symbol + " would make " + (held.size() + 1)
            + " concurrent positions in account " + accountId + " > max " + portfolio.maxPositions() + " (held or entering: "
            + held + ")");
      }
    }
    if (portfolio.maxFleetPositions() != null && FleetWideLimits.live(account)) {
      int fleet = fleetPositions(s);
      if (!positions(account).contains(symbol) && fleet + 1 > portfolio.maxFleetPositions()) {
        return deny(FLEET_MAX_POSITIONS, "a new position in " + symbol + " in account " + accountId + " would make "
            + (fleet + 1) + " concurrent positions across live accounts " + liveIds(s) + " > max "
            + portfolio.maxFleetPositions());
      }
    }
    if (portfolio.varLimit95Pct() != null && !structure) return varLimit(account, symbol, side, qty, price, s);
    return Optional.empty();
  }

  private Optional<RiskDenial> varLimit(GuardianAccount account, String symbol, Side side, BigDecimal qty,
      BigDecimal price, GuardianState s) {
    MarkReturns returns = s.returns();
    int have = returns.of(symbol).returns().size();
    if (have < portfolio.varMinObservations()) {
      return deny(VAR_LIMIT, "no VaR for " + symbol + ": " + have + " daily returns < portfolio.var_min_observations "
          + portfolio.varMinObservations() + " (limit " + RiskEngine.pct(portfolio.varLimit95Pct()) + "% of equity)");
    }
    BigDecimal equity = account.book().ledger().equity();
    if (equity.signum() <= 0) return Optional.empty(); // the engine's BUYING_POWER
    Map<String, BigDecimal> before = exposure(account);
    var after = new HashMap<>(before);
    after.merge(symbol, qty.multiply(price).multiply(BigDecimal.valueOf(side.sign())), BigDecimal::add);
    boolean parametric = portfolio.varMethod() == RiskPolicy.VarMethod.PARAMETRIC;
    PortfolioVar.Result was = measure(before, returns);
    PortfolioVar.Result will = measure(after, returns);
    String method = parametric ? "parametric" : "historical";
    if (!will.measurable()) {
      return deny(VAR_LIMIT, "no VaR for account " + account.id() + " with " + symbol + ": " + will.observations()
          + " days on which every held symbol has a return < " + portfolio.varMinObservations());
    }
    BigDecimal varAfter = will.var95(parametric);
    BigDecimal pctAfter = pctOf(varAfter, equity);
    BigDecimal varBefore = was.measurable() ? was.var95(parametric) : null;
    boolean adds = varBefore == null || varAfter.compareTo(varBefore) > 0;
    if (pctAfter.compareTo(portfolio.varLimit95Pct()) > 0 && adds) {
      return deny(VAR_LIMIT, "1-day VaR95 (" + method + ", " + will.observations() + " days) with this order "
          + RiskEngine.money(varAfter) + " = " + RiskEngine.pct(pctAfter) + "% of equity " + RiskEngine.money(equity)
          + " > limit " + RiskEngine.pct(portfolio.varLimit95Pct()) + "% (before: " + (varBefore == null ? "not measurable"
              : RiskEngine.money(varBefore) + " = " + RiskEngine.pct(pctOf(varBefore, equity)) + "%") + ")");
    }
    return Optional.empty();
  }

  // ---- measures -------------------------------------------------------------------------------------------------

  /** Every account's figures, and the live accounts' together. */
  public RiskGuardian.PortfolioRisk report(GuardianState s, Instant at) {
    var accounts = new ArrayList<RiskGuardian.ScopeRisk>();
    var fleetExposure = new TreeMap<String, BigDecimal>();
    BigDecimal fleetEquity = BigDecimal.ZERO;
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) {
      Map<String, BigDecimal> exposure = exposure(a);
      BigDecimal equity = a.book().ledger().equity();
      accounts.add(scope(a.id(), equity, exposure, positions(a).size(), portfolio.maxPositions(), s.returns()));
      if (FleetWideLimits.live(a)) {
        exposure.forEach((sym, v) -> fleetExposure.merge(sym, v, BigDecimal::add));
        fleetEquity = fleetEquity.add(equity);
      }
    }
    RiskGuardian.ScopeRisk fleet = scope(FLEET, fleetEquity, fleetExposure, fleetPositions(s),
        portfolio.maxFleetPositions(), s.returns());
    return new RiskGuardian.PortfolioRisk(portfolio.varMethod().name().toLowerCase(), accounts, fleet, at);
  }

  private RiskGuardian.ScopeRisk scope(String id, BigDecimal equity, Map<String, BigDecimal> exposure, int positions,
      Integer maxPositions, MarkReturns returns) {
    PortfolioVar.Result r = measure(exposure, returns);
    BigDecimal var = r.var95(portfolio.varMethod() == RiskPolicy.VarMethod.PARAMETRIC);
    BigDecimal varPct = var == null || equity.signum() <= 0 ? null
        : pctOf(var, equity).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    return new RiskGuardian.ScopeRisk(id, equity, exposure, r.observations(), r.historical(), r.parametric(), varPct,
        portfolio.varLimit95Pct(), positions, maxPositions, r.unmeasured());
  }

  private PortfolioVar.Result measure(Map<String, BigDecimal> exposure, MarkReturns returns) {
    return PortfolioVar.measure(exposure, returns, portfolio.varWindowDays(), portfolio.varMinObservations());
  }

  /** The account's held positions' value by symbol (signed), EXTERNAL positions included, at their marks. */
  static Map<String, BigDecimal> exposure(GuardianAccount a) {
    Ledger l = a.book().ledger();
    var out = new TreeMap<String, BigDecimal>();
    l.positions().forEach((sym, p) -> { if (!p.isFlat()) out.merge(sym, p.quantity().multiply(l.markPrice(sym)), BigDecimal::add); });
    a.externalPositions().forEach((sym, q) -> {
      BigDecimal mark = l.markPrice(sym);
      if (mark != null) out.merge(sym, q.multiply(mark), BigDecimal::add);
    });
    return out;
  }

  /** The symbols the account holds (EXTERNAL too) or has an entry working in: its concurrent positions. */
  static Set<String> positions(GuardianAccount a) {
    var out = new TreeSet<>(a.symbolsHeld());
    for (RiskBook.Working w : a.book().working().values()) if (!w.order().reduceOnly()) out.add(w.order().symbol());
    return out;
  }

  /** The live accounts' positions together. */
  private static int fleetPositions(GuardianState s) {
    int n = 0;
    for (GuardianAccount a : s.accounts().values()) if (FleetWideLimits.live(a)) n += positions(a).size();
    return n;
  }

  private static List<String> liveIds(GuardianState s) {
    return s.accounts().values().stream().filter(FleetWideLimits::live).map(GuardianAccount::id).sorted().toList();
  }

  private static BigDecimal pctOf(BigDecimal part, BigDecimal whole) {
    return part.multiply(HUNDRED).divide(whole, MathContext.DECIMAL64);
  }

  private static Optional<RiskDenial> deny(DenialReason reason, String detail) {
    return Optional.of(RiskDenial.of(reason, detail));
  }
}
