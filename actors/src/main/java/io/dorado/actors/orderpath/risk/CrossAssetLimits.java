package io.dorado.actors.orderpath.risk;

import static io.dorado.protocol.risk.DenialReason.CONTRADICTORY_POSITION;
import static io.dorado.protocol.risk.DenialReason.CORRELATED_CLUSTER;
import static io.dorado.protocol.risk.DenialReason.GREEKS_LIMIT;

import io.dorado.actors.strategy.regime.CorrelationRegimes;
import io.dorado.protocol.order.DefinedRisk;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.GreeksPolicy;
import io.dorado.protocol.risk.PortfolioGreeks;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.strategy.CorrelationRegime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Limits across symbols and accounts, beside {@link PortfolioLimits} (pure: fed the guardian's state; they only add
 * denials to what the engine allowed, and never to a reduce-only order). For an order or review adding exposure:
 *
 * <ol>
 *   <li>The contradictory-position blocker per underlying: the universe names one underlying for several venue symbols
 *       (BTCUSDT on one venue and XBT/USD on another are BTC); an entry against a position or a working entry in
 *       another symbol of its underlying is denied {@code CONTRADICTORY_POSITION}, in its own account and, for a live
 *       account, in every live account (the engine already blocks the same symbol in the same account). Option
 *       structures are not held to it (a structure holds both sides by design).
 *   <li>The correlated-cluster cap, the scan's rule (PortfolioSelection) in the guardian, so a webhook signal meets it
 *       too: while the correlation regime of the marked symbols' daily returns is concentrated ({@link
 *       CorrelationRegimes}: two or fewer principal components explain 80 % of the variance; at least
 *       {@value CorrelationRegimes#MIN_OBSERVATIONS} common days of at least two symbols, the last
 *       {@code portfolio.var_window_days}), the account's heat with the order may not pass
 *       {@code portfolio.max_correlated_cluster_pct} ({@code CORRELATED_CLUSTER}). Without such a history the regime is
 *       unknown and the cap is not applied (as the scan does without one).
 *   <li>The {@code greeks} limits ({@link GreeksPolicy}): delta notional and vega per underlying and of the live accounts
 *       together, measured by {@link OptionGreeks} ({@code GREEKS_LIMIT}); an option leg with no implied volatility (no
 *       mark of its own nor of another option of its root) cannot be measured and is denied while a limit is on.
 * </ol>
 */
public final class CrossAssetLimits {

  /** Every reason these limits can deny with. */
  public static final Set<DenialReason> REASONS = Collections.unmodifiableSet(EnumSet.of(CONTRADICTORY_POSITION,
      CORRELATED_CLUSTER, GREEKS_LIMIT));

  private final RiskPolicy.Portfolio portfolio;
  private final GreeksPolicy greeks;
  private final Instrument.Lookup instruments;
  private final double rate;

  public CrossAssetLimits(RiskPolicy policy, Instrument.Lookup instruments) {
    this.portfolio = policy.portfolio();
    this.greeks = policy.greeks();
    this.instruments = instruments;
    this.rate = greeks.riskFreeRate().doubleValue();
  }

  /** The universe's underlying of {@code symbol} (an option's: its root's); the symbol itself when the universe has none. */
  String underlyingOf(String symbol) {
    String s = OptionSymbol.parse(symbol).map(OptionSymbol::root).orElse(symbol);
    return instruments.find(s).map(Instrument::underlying).orElse(s);
  }

  /** A review the engine approved for {@code quantity} risking {@code orderRisk}, on {@code account}. */
  public Optional<RiskDenial> review(GuardianState s, String account, TradeProposal p, BigDecimal quantity,
      BigDecimal orderRisk, Instant at) {
    var legs = new TreeMap<String, BigDecimal>();
    if (p.isStructure()) {
      for (OrderLeg leg : p.legs()) {
        legs.merge(leg.symbol(), quantity.multiply(BigDecimal.valueOf((long) leg.ratioQty() * Order.CONTRACT_MULTIPLIER))
            .multiply(BigDecimal.valueOf(leg.side().sign())), BigDecimal::add);
      }
    } else {
      legs.put(p.symbol(), quantity.multiply(BigDecimal.valueOf(p.side().sign())));
    }
    return check(s, account, p.symbol(), p.side(), quantity, p.isStructure(), orderRisk, legs, at);
  }

  /** An order the engine allowed; reduce-only orders always pass. */
  public Optional<RiskDenial> acknowledge(GuardianState s, Order order, Instant at) {
    if (order.reduceOnly()) return Optional.empty();
    String account = GuardianAccount.accountOf(order.venue(), order.botId());
    RiskBook book = s.account(account).book();
    var legs = new TreeMap<String, BigDecimal>();
    BigDecimal risk;
    if (order.isCombo()) {
      for (OrderLeg leg : order.legs()) {
        legs.merge(leg.symbol(), order.legQuantity(leg).multiply(BigDecimal.valueOf(leg.side().sign())), BigDecimal::add);
      }
      risk = DefinedRisk.maxLoss(order).orElse(BigDecimal.ZERO);
    } else {
      legs.put(order.symbol(), order.quantity().multiply(BigDecimal.valueOf(order.side().sign())));
      BigDecimal price = RiskEngine.orderPrice(order, book.ledger());
      RiskBook.Approval a = book.approvals().get(order.botId());
      BigDecimal stop = a != null && a.symbol().equals(order.symbol()) && a.side() == order.side() ? a.stop() : null;
      price = price == null ? BigDecimal.ZERO : price;
      risk = stop == null ? order.quantity().multiply(price) : order.quantity().multiply(price.subtract(stop).abs());
    }
    return check(s, account, order.symbol(), order.side(), order.quantity(), order.isCombo(), risk, legs, at);
  }

  private Optional<RiskDenial> check(GuardianState s, String accountId, String symbol, Side side, BigDecimal qty,
      boolean structure, BigDecimal orderRisk, Map<String, BigDecimal> legs, Instant at) {
    GuardianAccount account = s.account(accountId);
    if (!structure && OptionSymbol.parse(symbol).isEmpty()) {
      Optional<RiskDenial> against = contradictory(s, account, symbol, side, qty);
      if (against.isPresent()) return against;
    }
    Optional<RiskDenial> cluster = cluster(s, account, orderRisk);
    if (cluster.isPresent()) return cluster;
    return greeks.any() ? greeksLimits(s, account, legs, at) : Optional.empty();
  }

  // ---- the contradictory-position blocker per underlying ---------------------------------------------------------

  private Optional<RiskDenial> contradictory(GuardianState s, GuardianAccount account, String symbol, Side side,
      BigDecimal qty) {
    String underlying = underlyingOf(symbol);
    for (GuardianAccount other : new TreeMap<>(s.accounts()).values()) {
      boolean same = other.id().equals(account.id());
      if (!same && !(FleetWideLimits.live(account) && FleetWideLimits.live(other))) continue;
      Ledger l = other.book().ledger();
      for (Position p : new TreeMap<>(l.positions()).values()) {
        if (p.isFlat() || p.quantity().signum() != -side.sign() || (same && p.symbol().equals(symbol))) continue;
        if (OptionSymbol.parse(p.symbol()).isPresent() || !underlyingOf(p.symbol()).equals(underlying)) continue;
        return deny(CONTRADICTORY_POSITION, describe(side, qty, symbol) + " would open against position "
            + p.quantity().toPlainString() + " " + p.symbol() + " in account " + other.id() + " (one underlying, "
            + underlying + ") without reduce_only");
      }
      for (RiskBook.Working w : other.book().working().values()) {
        Order o = w.order();
        if (o.reduceOnly() || o.isCombo() || o.side() == side || (same && o.symbol().equals(symbol))) continue;
        if (OptionSymbol.parse(o.symbol()).isPresent() || !underlyingOf(o.symbol()).equals(underlying)) continue;
        return deny(CONTRADICTORY_POSITION, describe(side, qty, symbol) + " would open against a working "
            + o.side().name().toLowerCase(Locale.ROOT) + " of " + w.remaining().toPlainString() + " " + o.symbol()
            + " in account " + other.id() + " (one underlying, " + underlying + ") without reduce_only");
      }
    }
    return Optional.empty();
  }

  private static String describe(Side side, BigDecimal qty, String symbol) {
    return side.name().toLowerCase(Locale.ROOT) + " " + qty.toPlainString() + " " + symbol;
  }

  // ---- the correlated-cluster cap ---------------------------------------------------------------------------------

  /** The regime of every marked symbol with enough daily returns (options left out); empty when unknown. */
  Optional<Regime> regime(MarkReturns returns) {
    var symbols = new ArrayList<String>();
    TreeSet<LocalDate> common = null;
    for (var e : new TreeMap<>(returns.bySymbol()).entrySet()) {
      if (OptionSymbol.parse(e.getKey()).isPresent()) continue;
      if (e.getValue().returns().size() < CorrelationRegimes.MIN_OBSERVATIONS) continue;
      var days = new TreeSet<>(e.getValue().days());
      TreeSet<LocalDate> with = common == null ? days : new TreeSet<>(common);
      if (common != null) with.retainAll(days);
      if (with.size() < CorrelationRegimes.MIN_OBSERVATIONS) continue; // it would leave too few common days
      symbols.add(e.getKey());
      common = with;
    }
    if (symbols.size() < 2) return Optional.empty();
    while (common.size() > portfolio.varWindowDays()) common.pollFirst();
    double[][] m = new double[common.size()][symbols.size()];
    for (int j = 0; j < symbols.size(); j++) {
      MarkReturns.Series series = returns.of(symbols.get(j));
      var byDay = new HashMap<LocalDate, Double>();
      for (int i = 0; i < series.days().size(); i++) byDay.put(series.days().get(i), series.returns().get(i));
      int t = 0;
      for (LocalDate day : common) m[t++][j] = byDay.get(day);
    }
    return Optional.of(new Regime(CorrelationRegimes.of(symbols, m, CorrelationRegimes.THRESHOLD), common.size()));
  }

  record Regime(CorrelationRegime regime, int days) {}

  private Optional<RiskDenial> cluster(GuardianState s, GuardianAccount account, BigDecimal orderRisk) {
    Optional<Regime> r = regime(s.returns());
    if (r.isEmpty() || r.get().regime().kind() != CorrelationRegime.Kind.CONCENTRATED) return Optional.empty();
    RiskBook book = account.book();
    BigDecimal equity = book.ledger().equity();
    if (equity.signum() <= 0) return Optional.empty(); // the engine's BUYING_POWER
    BigDecimal heat = RiskEngine.heatPct(book, orderRisk);
    if (heat.compareTo(portfolio.maxCorrelatedClusterPct()) <= 0) return Optional.empty();
    CorrelationRegime c = r.get().regime();
    return deny(CORRELATED_CLUSTER, String.format(Locale.ROOT, "correlation regime concentrated (%d PCs explain %.0f%%"
        + " of %s over %d days, first PC %.1f%%): heat with this order %s%% (open risk %s + order risk %s of equity %s) >"
        + " portfolio.max_correlated_cluster_pct %s%%", c.componentsForThreshold(), c.threshold() * 100, c.symbols(),
        r.get().days(), c.firstPcShare() * 100, RiskEngine.pct(heat), RiskEngine.money(RiskEngine.openRisk(book)),
        RiskEngine.money(orderRisk), RiskEngine.money(equity), RiskEngine.pct(portfolio.maxCorrelatedClusterPct())));
  }

  // ---- the greeks limits ------------------------------------------------------------------------------------------

  /** An account's greeks. */
  OptionGreeks.Book book(GuardianAccount a, Instant at) {
    return OptionGreeks.of(a, this::underlyingOf, at, rate);
  }

  /** The live accounts' greeks together. */
  OptionGreeks.Book fleet(GuardianState s, Instant at) {
    OptionGreeks.Book b = OptionGreeks.Book.EMPTY;
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) if (FleetWideLimits.live(a)) b = b.plus(book(a, at));
    return b;
  }

  private Optional<RiskDenial> greeksLimits(GuardianState s, GuardianAccount account, Map<String, BigDecimal> legs,
      Instant at) {
    Ledger l = account.book().ledger();
    OptionGreeks.Book order = OptionGreeks.Book.EMPTY;
    for (var leg : legs.entrySet()) {
      String sym = leg.getKey();
      double q = leg.getValue().doubleValue();
      var option = OptionSymbol.parse(sym);
      if (option.isEmpty()) {
        BigDecimal mark = l.lastPrice(sym);
        if (mark == null) return deny(GREEKS_LIMIT, "no price for " + sym + ": its delta cannot be measured");
        order = order.plus(underlyingOf(sym), new OptionGreeks.Sum(mark.doubleValue(), q, 0, 0, 0));
        continue;
      }
      OptionSymbol o = option.get();
      BigDecimal spot = l.lastPrice(o.root());
      if (spot == null) return deny(GREEKS_LIMIT, "no price for " + o.root() + ": the greeks of " + sym + " cannot be measured");
      OptionalDouble iv = impliedVol(l, o, spot.doubleValue(), at);
      if (iv.isEmpty()) {
        return deny(GREEKS_LIMIT, "no implied volatility for " + sym + " (no mark of it, nor of another " + o.root()
            + " option, that a volatility explains): its greeks cannot be measured");
      }
      order = order.plus(underlyingOf(o.root()), OptionGreeks.perUnit(o, spot.doubleValue(), iv.getAsDouble(), at, rate)
          .times(q));
    }
    OptionGreeks.Book before = book(account, at);
    Optional<RiskDenial> own = perUnderlying(before, order, "account " + account.id());
    if (own.isPresent() || !FleetWideLimits.live(account)) return own;
    OptionGreeks.Book fleetBefore = fleet(s, at);
    Optional<RiskDenial> fleetUnderlying = perUnderlying(fleetBefore, order, "the live accounts");
    if (fleetUnderlying.isPresent()) return fleetUnderlying;
    OptionGreeks.Book fleetAfter = fleetBefore.plus(order);
    Optional<RiskDenial> d = limit("fleet delta notional", fleetBefore.deltaNotional(), fleetAfter.deltaNotional(),
        greeks.maxAbsDeltaFleet(), "greeks.max_abs_delta_fleet", "the live accounts");
    if (d.isPresent()) return d;
    return limit("fleet vega", fleetBefore.vega(), fleetAfter.vega(), greeks.maxAbsVegaFleet(),
        "greeks.max_abs_vega_fleet", "the live accounts");
  }

  private Optional<RiskDenial> perUnderlying(OptionGreeks.Book before, OptionGreeks.Book order, String scope) {
    for (var e : order.byUnderlying().entrySet()) {
      String u = e.getKey();
      OptionGreeks.Sum was = before.of(u);
      OptionGreeks.Sum will = was.plus(e.getValue());
      Optional<RiskDenial> d = limit(u + " delta notional", was.deltaNotional(), will.deltaNotional(),
          greeks.maxAbsDeltaPerUnderlying(), "greeks.max_abs_delta_per_underlying", scope);
      if (d.isPresent()) return d;
      d = limit(u + " vega", was.vega(), will.vega(), greeks.maxAbsVegaPerUnderlying(),
          "greeks.max_abs_vega_per_underlying", scope);
      if (d.isPresent()) return d;
    }
    return Optional.empty();
  }

  private static Optional<RiskDenial> limit(String what, double before, double after, BigDecimal max, String field,
      String scope) {
    if (max == null || Math.abs(after) <= max.doubleValue() || Math.abs(after) <= Math.abs(before)) return Optional.empty();
    return deny(GREEKS_LIMIT, String.format(Locale.ROOT, "%s of %s with this order %.2f (before %.2f): |%.2f| > %s %s",
        what, scope, after, before, after, field, max.toPlainString()));
  }

  /**
   * The option's implied volatility: its own mark's, else that of the marked option of its root nearest in strike
   * (then expiry): the chain's volatility where the book has a quote of it.
   */
  private OptionalDouble impliedVol(Ledger l, OptionSymbol o, double spot, Instant at) {
    BigDecimal own = l.lastPrice(o.occ());
    if (own != null) {
      OptionalDouble iv = OptionGreeks.impliedVol(o, spot, own.doubleValue(), at, rate);
      if (iv.isPresent()) return iv;
    }
    OptionSymbol nearest = null;
    OptionalDouble best = OptionalDouble.empty();
    for (var e : new TreeMap<>(l.lastPrices()).entrySet()) {
      var other = OptionSymbol.parse(e.getKey());
      if (other.isEmpty() || !other.get().root().equals(o.root()) || other.get().equals(o)) continue;
      OptionalDouble iv = OptionGreeks.impliedVol(other.get(), spot, e.getValue().doubleValue(), at, rate);
      if (iv.isEmpty()) continue;
      if (nearest == null || closer(o, other.get(), nearest)) {
        nearest = other.get();
        best = iv;
      }
    }
    return best;
  }

  private static boolean closer(OptionSymbol target, OptionSymbol a, OptionSymbol b) {
    int byStrike = target.strike().subtract(a.strike()).abs().compareTo(target.strike().subtract(b.strike()).abs());
    if (byStrike != 0) return byStrike < 0;
    return Math.abs(target.expiry().toEpochDay() - a.expiry().toEpochDay())
        < Math.abs(target.expiry().toEpochDay() - b.expiry().toEpochDay());
  }

  // ---- the report -------------------------------------------------------------------------------------------------

  /** Every account's greeks per underlying and the live accounts' together, against the limits. */
  public PortfolioGreeks report(GuardianState s, Instant at) {
    var accounts = new ArrayList<PortfolioGreeks.Scope>();
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) accounts.add(OptionGreeks.scope(a.id(), book(a, at)));
    return new PortfolioGreeks(accounts, OptionGreeks.scope(PortfolioLimits.FLEET, fleet(s, at)),
        greeks.maxAbsDeltaPerUnderlying(), greeks.maxAbsDeltaFleet(), greeks.maxAbsVegaPerUnderlying(),
        greeks.maxAbsVegaFleet());
  }

  private static Optional<RiskDenial> deny(DenialReason reason, String detail) {
    return Optional.of(RiskDenial.of(reason, detail));
  }
}
