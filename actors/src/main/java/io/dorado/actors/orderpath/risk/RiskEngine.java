package io.dorado.actors.orderpath.risk;

import static io.dorado.protocol.risk.DenialReason.*;

import io.dorado.actors.orderpath.risk.RiskBook.Approval;
import io.dorado.actors.orderpath.risk.RiskBook.Working;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.DefinedRisk;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderType;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.Breaker;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskDenial;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.risk.RiskPolicy.DrawdownAction;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one gate (after nautilus_trader's RiskEngine), as pure functions of the policy, the
 * instruments and the guardian's {@link RiskBook}. {@link #review} sizes a proposed trade or denies
 * it; {@link #acknowledge} lets an order through or denies it; {@link #breakers} measures the circuit
 * breakers. Nothing here changes state: the actor persists what a decision implies and folds it into
 * the book. Every denial names the numbers that tripped it.
 *
 * <p>Acknowledgement checks, in order: an identical retry is answered as already acknowledged;
 * kill switch / HALTED and REDUCING (reduce-only orders pass); unknown instrument, wrong venue, no
 * last price; a stale last price ({@link #stalePrice}: an order adding exposure is denied, a reduce-only one passes
 * with the price band skipped); circuit breakers; rate limit; duplicate client order id; price band; then a reduce-only
 * order must really reduce and is allowed. An order adding exposure goes on: review required, max
 * notional, max quantity, contradictory position, re-entry cooldown, portfolio heat, concentration,
 * asset-class cap, minimum cash, buying power, max loss per trade, the allocator's budget.
 *
 * <p>Multi-leg structures (combo orders, proposals with legs) are sized and limited by their max loss
 * ({@link DefinedRisk}), which is what they count for in heat, exposure, committed cash and budget; their
 * closes (reduce-only, buying back every leg) pass like any reduce-only order.
 */
public final class RiskEngine {

  /** Every reason this engine can deny with; a test fails if one of them is never exercised. */
  public static final Set<DenialReason> REASONS =
      Collections.unmodifiableSet(EnumSet.of(
          KILL_SWITCH, TRADING_HALTED, TRADING_REDUCING, UNKNOWN_INSTRUMENT, INVALID_ORDER, NO_PRICE, STALE_PRICE,
          DAILY_LOSS_LIMIT, WEEKLY_LOSS_LIMIT, DRAWDOWN_LIMIT, RATE_LIMIT_EXCEEDED, DUPLICATE_ORDER, PRICE_BAND,
          NOT_REVIEWED, MAX_NOTIONAL, MAX_QUANTITY, CONTRADICTORY_POSITION, COOLDOWN, HEAT_LIMIT, CONCENTRATION,
          ASSET_CLASS_CAP, MIN_CASH, BUYING_POWER, MAX_LOSS_PER_TRADE, BUDGET_EXCEEDED));

  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** The answer to a review. */
  public sealed interface Review {
    /** The trading state the breakers imply (null: no change); persist it before replying. */
    TradingState impliedState();
  }

  /**
   * Approved: {@code quantity} rounded down to the instrument's step; {@code maxLoss} is what it
   * loses at its stop (its notional without one); {@code sizingMultiplier} the breakers' multiplier.
   */
  public record Approved(BigDecimal quantity, BigDecimal maxLoss, BigDecimal sizingMultiplier, String note,
      TradingState impliedState) implements Review {}

  public record Rejected(RiskDenial denial, TradingState impliedState) implements Review {}

  /** The answer to an acknowledgement request. */
  public sealed interface Ack {
    TradingState impliedState();
  }

  /** Allowed: persist the acknowledgement (fold with {@link RiskBook#acknowledged}) and forward it. */
  public record Allowed(Order order, BigDecimal price, TradingState impliedState) implements Ack {}

  public record Denied(RiskDenial denial, TradingState impliedState) implements Ack {}

  /** The same order was acknowledged before: answer as before, persist nothing. */
  public record AlreadyAcknowledged(Order order) implements Ack {
    public TradingState impliedState() {
      return null;
    }
  }

  private final RiskPolicy policy;
  private final Instrument.Lookup instruments;
  private final java.util.Set<String> paperVenues;

  public RiskEngine(RiskPolicy policy, Instrument.Lookup instruments) {
    this(policy, instruments, java.util.Set.of());
  }

  private RiskEngine(RiskPolicy policy, Instrument.Lookup instruments, java.util.Set<String> paperVenues) {
    this.policy = policy;
    this.instruments = instruments;
    this.paperVenues = java.util.Set.copyOf(paperVenues);
  }

  /**
   * The same engine, letting a paper twin (bot id ending {@link GuardianAccount#PAPER_TWIN_SUFFIX}) trade an
   * instrument on one of {@code venues} (paper venues) as well as on the instrument's own: the twin of a bot on a
   * real venue trades on the paper venue, in its paper account.
   */
  public RiskEngine withPaperVenues(java.util.Set<String> venues) {
    return new RiskEngine(policy, instruments, venues);
  }

  /** An order or proposal of {@code botId} on {@code venue} may trade {@code inst} there. */
  private boolean tradesOn(Instrument inst, String venue, String botId) {
    return inst.venue().equals(venue) || (paperVenues.contains(venue) && botId != null
        && botId.endsWith(GuardianAccount.PAPER_TWIN_SUFFIX));
  }

  /** The instruments it knows (their underlyings, for the limits across symbols). */
  Instrument.Lookup instruments() {
    return instruments;
  }

  public RiskPolicy policy() {
    return policy;
  }

  // ---- circuit breakers -------------------------------------------------------------------------

  /**
   * The breakers at {@code now}: the ledger is first rolled to {@code now}'s UTC day and week (without
   * changing the book), so yesterday's loss does not halt today. Call it on price updates too, and
   * persist a non-null {@link BreakerStatus#impliedState()}.
   */
  public BreakerStatus breakers(RiskBook book, Instant now) {
    Ledger l = book.ledger().rollTo(now);
    var cb = policy.circuitBreakers();
    BigDecimal daily = l.dailyLossPct();
    BigDecimal weekly = l.weeklyLossPct();
    BigDecimal dd = l.drawdownPct();
    RiskDenial breach = null;
    if (daily.compareTo(cb.dailyLossHaltPct()) >= 0) {
      breach = RiskDenial.of(DAILY_LOSS_LIMIT, "daily loss " + pct(daily) + "% >= halt " + pct(cb.dailyLossHaltPct())
          + "% (equity " + money(l.equity()) + " from day start " + money(l.dayStartEquity()) + ")");
    } else if (weekly.compareTo(cb.weeklyLossHaltPct()) >= 0) {
      breach = RiskDenial.of(WEEKLY_LOSS_LIMIT, "weekly loss " + pct(weekly) + "% >= halt "
          + pct(cb.weeklyLossHaltPct()) + "% (equity " + money(l.equity()) + " from week start "
          + money(l.weekStartEquity()) + ")");
    } else if (cb.drawdownAction() == DrawdownAction.HALT && dd.compareTo(cb.drawdownHaltPct()) >= 0) {
      breach = RiskDenial.of(DRAWDOWN_LIMIT, "drawdown " + pct(dd) + "% >= halt " + pct(cb.drawdownHaltPct())
          + "% (equity " + money(l.equity()) + " from peak " + money(l.peakEquity()) + ")");
    }
    boolean halve = (cb.drawdownAction() == DrawdownAction.HALVE_SIZING && dd.compareTo(cb.drawdownHaltPct()) >= 0)
        || (cb.consecutiveLossesHalveAfter() > 0 && l.consecutiveLosses() >= cb.consecutiveLossesHalveAfter());
    TradingState implied = breach != null && book.tradingState().severity() < TradingState.HALTED.severity()
        ? TradingState.HALTED : null;
    var tripped = EnumSet.noneOf(Breaker.class);
    if (daily.compareTo(cb.dailyLossHaltPct()) >= 0) tripped.add(Breaker.DAILY_LOSS);
    if (weekly.compareTo(cb.weeklyLossHaltPct()) >= 0) tripped.add(Breaker.WEEKLY_LOSS);
    if (dd.compareTo(cb.drawdownHaltPct()) >= 0) tripped.add(Breaker.DRAWDOWN);
    if (cb.consecutiveLossesHalveAfter() > 0 && l.consecutiveLosses() >= cb.consecutiveLossesHalveAfter()) {
      tripped.add(Breaker.CONSECUTIVE_LOSSES);
    }
    return new BreakerStatus(daily, weekly, dd, l.consecutiveLosses(),
        halve ? cb.reducedSizingMultiplier() : BigDecimal.ONE, breach, implied, tripped);
  }

  /**
   * The breakers at {@code now} for inspection: each measure against its limit, with the time the
   * guardian first saw it tripped ({@code trippedSince}; {@code now} for a trip not yet recorded).
   */
  public RiskGuardian.BreakerReport breakerReport(RiskBook book, Map<Breaker, Instant> trippedSince, Instant now) {
    BreakerStatus br = breakers(book, now);
    var cb = policy.circuitBreakers();
    String drawdownAction = cb.drawdownAction() == DrawdownAction.HALT ? HALT : REDUCE;
    var gauges = List.of(
        gauge(Breaker.DAILY_LOSS, br.dailyLossPct(), cb.dailyLossHaltPct(), HALT, br, trippedSince, now),
        gauge(Breaker.WEEKLY_LOSS, br.weeklyLossPct(), cb.weeklyLossHaltPct(), HALT, br, trippedSince, now),
        gauge(Breaker.DRAWDOWN, br.drawdownPct(), cb.drawdownHaltPct(), drawdownAction, br, trippedSince, now),
        gauge(Breaker.CONSECUTIVE_LOSSES, BigDecimal.valueOf(br.consecutiveLosses()),
            BigDecimal.valueOf(cb.consecutiveLossesHalveAfter()), REDUCE, br, trippedSince, now));
    boolean halts = gauges.stream().anyMatch(g -> g.tripped() && g.action().equals(HALT));
    return new RiskGuardian.BreakerReport(gauges, br.sizingMultiplier(), halts ? TradingState.HALTED : TradingState.ACTIVE,
        book.tradingState(), book.killSwitch(), now);
  }

  private static final String HALT = "halt";
  private static final String REDUCE = "reduce sizing";

  private static RiskGuardian.BreakerGauge gauge(Breaker b, BigDecimal value, BigDecimal limit, String action,
      BreakerStatus br, Map<Breaker, Instant> trippedSince, Instant now) {
    boolean tripped = br.tripped().contains(b);
    return new RiskGuardian.BreakerGauge(b, value, limit, tripped,
        tripped ? trippedSince.getOrDefault(b, now) : null, action);
  }

  // ---- review -----------------------------------------------------------------------------------

  /**
   * Sizes a proposed trade, or denies it. {@code budget}: the allocator's notional budget for the
   * bot, or null for none. The proposal's own time is "now".
   */
  public Review review(TradeProposal p, RiskBook book, BigDecimal budget) {
    return review(p, book, budget, p.at());
  }

  /**
   * As {@link #review(TradeProposal, RiskBook, BigDecimal)}, judging the age of the symbol's last mark at the
   * guardian's {@code now} (the breakers and the cooldown still count at the proposal's own time).
   */
  public Review review(TradeProposal p, RiskBook book, BigDecimal budget, Instant now) {
    BreakerStatus br = breakers(book, p.at());
    TradingState implied = br.impliedState();
    Optional<RiskDenial> state = stateDenial(book, false);
    if (state.isPresent()) return new Rejected(state.get(), implied);
    Optional<Instrument> found = instruments.find(p.symbol());
    if (found.isEmpty()) return new Rejected(unknown(p.symbol()), implied);
    Instrument inst = found.get();
    if (!tradesOn(inst, p.venue(), p.botId())) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "venue " + p.venue() + " but " + p.symbol() + " trades on "
          + inst.venue()), implied);
    }
    if (br.breached()) return new Rejected(br.breach(), implied);
    Optional<RiskDenial> stale = stalePrice(p.symbol(), book.ledger(), now); // a review always adds exposure
    if (stale.isPresent()) return new Rejected(stale.get(), implied);
    if (p.isStructure()) return reviewStructure(p, inst, book, budget, br.sizingMultiplier(), implied);

    BigDecimal price = p.referencePrice();
    BigDecimal stop = p.stop();
    if (price.signum() <= 0) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "reference price " + price.toPlainString() + " <= 0"), implied);
    }
    if (stop != null && (stop.signum() <= 0 || stop.subtract(price).signum() != -p.side().sign())) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "stop " + stop.toPlainString() + " is not on the losing side of "
          + p.side().name().toLowerCase() + " at " + price.toPlainString()), implied);
    }

    Ledger l = book.ledger();
    Sizing sizing = p.sizing();
    BigDecimal mult = br.sizingMultiplier();
    BigDecimal raw;
    String note;
    switch (sizing.method()) {
      case FIXED_QUANTITY -> {
        raw = sizing.quantity().multiply(mult);
        note = "fixed quantity " + sizing.quantity().toPlainString();
      }
      case FIXED_NOTIONAL -> {
        raw = sizing.notional().multiply(mult).divide(price, MC);
        note = "fixed notional " + money(sizing.notional()) + " / " + price.toPlainString();
      }
      default -> {
        if (stop == null) {
          return new Rejected(RiskDenial.of(INVALID_ORDER, sizing.method().name().toLowerCase()
              + " sizing needs a stop"), implied);
        }
        BigDecimal riskPct = sizing.riskPct().multiply(mult);
        if (sizing.method() == SizingMethod.ADAPTIVE_RULES) {
          // PRD §3.4 adaptive rules, with what the guardian knows: half the remaining heat, clamped.
          BigDecimal remainingHeat = policy.portfolio().maxHeatPct().subtract(heatPct(book, BigDecimal.ZERO));
          riskPct = riskPct.min(remainingHeat.multiply(new BigDecimal("0.5")))
              .min(policy.sizing().adaptiveMaxRiskPct()).max(policy.sizing().adaptiveMinRiskPct());
        }
        BigDecimal equity = l.equity();
        raw = equity.multiply(riskPct).divide(HUNDRED, MC).divide(price.subtract(stop).abs(), MC);
        note = "equity " + money(equity) + " x " + riskPct.stripTrailingZeros().toPlainString() + "% / |"
            + price.toPlainString() + " - " + stop.toPlainString() + "|";
      }
    }
    if (mult.compareTo(BigDecimal.ONE) < 0) note += ", breakers x " + mult.toPlainString();
    BigDecimal qty = inst.roundDown(raw);
    if (qty.signum() <= 0) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "sized quantity " + raw.round(MC).toPlainString()
          + " rounds down to 0 at " + inst.quantityScale() + " decimals (" + note + ")"), implied);
    }
    Optional<RiskDenial> exposure = exposureChecks(p.botId(), inst, p.side(), qty, price, null, stop, book, budget,
        p.at());
    if (exposure.isPresent()) return new Rejected(exposure.get(), implied);
    BigDecimal maxLoss = loss(qty, price, stop);
    return new Approved(qty, maxLoss, mult, note, implied);
  }

  // ---- acknowledge ------------------------------------------------------------------------------

  /**
   * Allows or denies an order at {@code now}. {@code budget}: the allocator's notional budget for the
   * order's bot, or null for none.
   */
  public Ack acknowledge(Order order, RiskBook book, BigDecimal budget, Instant now) {
    String id = order.clientOrderId().value();
    Order before = book.acknowledged().get(id);
    if (before != null && before.equals(order)) return new AlreadyAcknowledged(before);

    BreakerStatus br = breakers(book, now);
    TradingState implied = br.impliedState();
    Optional<RiskDenial> state = stateDenial(book, order.reduceOnly());
    if (state.isPresent()) return new Denied(state.get(), implied);

    Optional<Instrument> found = instruments.find(order.symbol());
    if (found.isEmpty()) return new Denied(unknown(order.symbol()), implied);
    Instrument inst = found.get();
    if (!tradesOn(inst, order.venue(), order.clientOrderId().botId())) {
      return new Denied(RiskDenial.of(INVALID_ORDER, "venue " + order.venue() + " but " + order.symbol()
          + " trades on " + inst.venue()), implied);
    }
    Ledger l = book.ledger();
    BigDecimal last = l.lastPrice(order.symbol());
    if (last == null) return new Denied(RiskDenial.of(NO_PRICE, "no last price for " + order.symbol()), implied);
    // A reduce-only exit must still pass when the feed is down: it is allowed (the guardian alerts it), see below.
    Optional<RiskDenial> stale = stalePrice(order.symbol(), l, now);
    if (stale.isPresent() && !order.reduceOnly()) return new Denied(stale.get(), implied);
    if (order.quantity().stripTrailingZeros().scale() > inst.quantityScale()) {
      return new Denied(RiskDenial.of(INVALID_ORDER, "quantity " + order.quantity().toPlainString() + " has more than "
          + inst.quantityScale() + " decimals"), implied);
    }
    if (!order.reduceOnly() && br.breached()) return new Denied(br.breach(), implied);

    if (!book.rateLimiter().canTake(now)) {
      var rl = policy.orders().rateLimit();
      return new Denied(RiskDenial.of(RATE_LIMIT_EXCEEDED, "rate limit " + rl.ordersPerSecond() + "/s, burst "
          + rl.burst() + ": " + book.rateLimiter().available(now).setScale(2, RoundingMode.DOWN).toPlainString()
          + " tokens available"), implied);
    }
    if (before != null) {
      return new Denied(RiskDenial.of(DUPLICATE_ORDER, "client order id " + id
          + " was acknowledged before for a different order"), implied);
    }
    if (order.isCombo()) return acknowledgeCombo(order, inst, book, budget, now, implied);
    // A stale last price is no reference for a band: a reduce-only exit is not held to it. It can only reduce, and
    // a limit or stop far from the market fills no worse than the market exit it would otherwise have to be.
    Optional<RiskDenial> band = stale.isPresent() ? Optional.empty() : priceBand(order, last);
    if (band.isPresent()) return new Denied(band.get(), implied);

    BigDecimal price = orderPrice(order, l);
    if (order.reduceOnly()) {
      Optional<RiskDenial> reduce = reallyReduces(order, book);
      return reduce.<Ack>map(d -> new Denied(d, implied)).orElseGet(() -> new Allowed(order, price, implied));
    }

    BigDecimal stop = null;
    if (policy.orders().requireReview()) {
      Optional<RiskDenial> unreviewed = notReviewed(order, book);
      if (unreviewed.isPresent()) return new Denied(unreviewed.get(), implied);
      stop = book.approvals().get(order.botId()).stop();
    } else {
      Approval a = book.approvals().get(order.botId());
      if (a != null && a.symbol().equals(order.symbol()) && a.side() == order.side()) stop = a.stop();
    }
    Optional<RiskDenial> exposure = exposureChecks(order.botId(), inst, order.side(), order.quantity(), price,
        order, stop, book, budget, now);
    return exposure.<Ack>map(d -> new Denied(d, implied)).orElseGet(() -> new Allowed(order, price, implied));
  }

  // ---- multi-leg structures ---------------------------------------------------------------------

  /**
   * Sizes a defined-risk structure in whole structures by its max loss ((wider wing − credit) ×
   * multiplier for an iron condor) rather than by notional, then checks that max loss against the limits.
   */
  private Review reviewStructure(TradeProposal p, Instrument inst, RiskBook book, BigDecimal budget, BigDecimal mult,
      TradingState implied) {
    Order probe;
    try {
      probe = Order.combo(ClientOrderId.of(p.botId(), 1), p.venue(), p.symbol(), Side.SELL, BigDecimal.ONE,
          p.referencePrice(), p.legs(), false);
    } catch (IllegalArgumentException e) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "structure: " + e.getMessage()), implied);
    }
    Optional<BigDecimal> per = DefinedRisk.maxLoss(probe);
    if (per.isEmpty() || per.get().signum() <= 0) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, per.isEmpty()
          ? "the structure's legs are not options of " + p.symbol() + " with a defined max loss"
          : "the structure risks nothing at a credit of " + p.referencePrice().toPlainString() + ": not a real quote"), implied);
    }
    BigDecimal perStructure = per.get();
    Sizing sizing = p.sizing();
    BigDecimal raw;
    String note;
    switch (sizing.method()) {
      case FIXED_QUANTITY -> {
        raw = sizing.quantity().multiply(mult);
        note = "fixed quantity " + sizing.quantity().toPlainString() + " structures";
      }
      case FIXED_NOTIONAL -> {
        raw = sizing.notional().multiply(mult).divide(perStructure, MC);
        note = "fixed notional " + money(sizing.notional()) + " / max loss " + money(perStructure) + " per structure";
      }
      default -> {
        BigDecimal riskPct = sizing.riskPct().multiply(mult);
        if (sizing.method() == SizingMethod.ADAPTIVE_RULES) {
          BigDecimal remainingHeat = policy.portfolio().maxHeatPct().subtract(heatPct(book, BigDecimal.ZERO));
          riskPct = riskPct.min(remainingHeat.multiply(new BigDecimal("0.5")))
              .min(policy.sizing().adaptiveMaxRiskPct()).max(policy.sizing().adaptiveMinRiskPct());
        }
        BigDecimal equity = book.ledger().equity();
        raw = equity.multiply(riskPct).divide(HUNDRED, MC).divide(perStructure, MC);
        note = "equity " + money(equity) + " x " + riskPct.stripTrailingZeros().toPlainString() + "% / max loss "
            + money(perStructure) + " per structure";
      }
    }
    if (mult.compareTo(BigDecimal.ONE) < 0) note += ", breakers x " + mult.toPlainString();
    BigDecimal qty = raw.setScale(0, RoundingMode.DOWN);
    if (qty.signum() <= 0) {
      return new Rejected(RiskDenial.of(INVALID_ORDER, "sized " + raw.round(MC).toPlainString()
          + " structures, which rounds down to 0 (" + note + ")"), implied);
    }
    BigDecimal maxLoss = perStructure.multiply(qty);
    Optional<RiskDenial> limits = structureChecks(p.botId(), inst, qty, maxLoss, book, budget);
    if (limits.isPresent()) return new Rejected(limits.get(), implied);
    return new Approved(qty, maxLoss, mult, note + "; max loss " + money(maxLoss), implied);
  }

  /**
   * A combo: a close (reduce-only) must buy back no more of any leg than is open, and passes in every
   * trading state; an entry needs its review (same underlying, side, structures) and a defined max loss
   * within the limits. No price band: its limit is a net premium, not a price of the underlying.
   */
  private Ack acknowledgeCombo(Order order, Instrument inst, RiskBook book, BigDecimal budget, Instant now,
      TradingState implied) {
    BigDecimal price = order.limitPrice() == null ? BigDecimal.ZERO : order.limitPrice();
    if (order.reduceOnly()) {
      Optional<RiskDenial> reduce = comboReallyReduces(order, book);
      return reduce.<Ack>map(d -> new Denied(d, implied)).orElseGet(() -> new Allowed(order, price, implied));
    }
    if (policy.orders().requireReview()) {
      Optional<RiskDenial> unreviewed = notReviewed(order, book);
      if (unreviewed.isPresent()) return new Denied(unreviewed.get(), implied);
    }
    Optional<BigDecimal> maxLoss = DefinedRisk.maxLoss(order);
    if (maxLoss.isEmpty()) {
      return new Denied(RiskDenial.of(INVALID_ORDER, "combo " + order.clientOrderId() + " has no defined max loss"
          + " (a leg that is not an option, or net short calls)"), implied);
    }
    Optional<RiskDenial> limits = structureChecks(order.botId(), inst, order.quantity(), maxLoss.get(), book, budget);
    return limits.<Ack>map(d -> new Denied(d, implied)).orElseGet(() -> new Allowed(order, price, implied));
  }

  /** The limits, for a structure whose risk and committed cash is its {@code maxLoss}. */
  private Optional<RiskDenial> structureChecks(String botId, Instrument inst, BigDecimal qty, BigDecimal maxLoss,
      RiskBook book, BigDecimal budget) {
    var orders = policy.orders();
    var portfolio = policy.portfolio();
    Ledger l = book.ledger();
    if (orders.maxOrderQuantity() != null && qty.compareTo(orders.maxOrderQuantity()) > 0) {
      return deny(MAX_QUANTITY, "quantity " + qty.toPlainString() + " structures > max " + orders.maxOrderQuantity().toPlainString());
    }
    if (maxLoss.compareTo(orders.maxOrderNotional()) > 0) {
      return deny(MAX_NOTIONAL, "max loss " + money(maxLoss) + " > max order notional " + money(orders.maxOrderNotional()));
    }
    BigDecimal equity = l.equity();
    if (equity.signum() <= 0) return deny(BUYING_POWER, "equity " + money(equity) + " <= 0");
    BigDecimal heat = heatPct(book, maxLoss);
    if (heat.compareTo(portfolio.maxHeatPct()) > 0) {
      return deny(HEAT_LIMIT, "heat " + pct(heat) + "% > max " + pct(portfolio.maxHeatPct()) + "% (open risk "
          + money(openRisk(book)) + " + structure max loss " + money(maxLoss) + " of equity " + money(equity) + ")");
    }
    Exposure held = heldExposure(l, book, inst);
    BigDecimal underlying = maxLoss.add(OptionRisk.byUnderlying(l).getOrDefault(inst.underlying(), BigDecimal.ZERO))
        .add(held.underlying());
    BigDecimal cls = maxLoss.add(held.assetClass());
    Optional<RiskDenial> capped = exposureCaps(inst, underlying, cls, equity, " (structures at max loss)");
    if (capped.isPresent()) return capped;
    BigDecimal available = availableCash(book);
    BigDecimal after = available.subtract(maxLoss);
    BigDecimal afterPct = pctOf(after, equity);
    if (after.signum() >= 0 && afterPct.compareTo(portfolio.minCashPct()) < 0) {
      return deny(MIN_CASH, "free cash after the structure's max loss " + money(after) + " = " + pct(afterPct)
          + "% of equity " + money(equity) + " < min " + pct(portfolio.minCashPct()) + "%");
    }
    if (available.compareTo(maxLoss) < 0) {
      return deny(BUYING_POWER, "max loss " + money(maxLoss) + " > free cash " + money(available));
    }
    if (orders.maxLossPerTrade() != null && maxLoss.compareTo(orders.maxLossPerTrade()) > 0) {
      return deny(MAX_LOSS_PER_TRADE, "structure max loss " + money(maxLoss) + " > max " + money(orders.maxLossPerTrade()));
    }
    if (budget != null) {
      BigDecimal used = OptionRisk.byBot(l).getOrDefault(botId, BigDecimal.ZERO).add(workingExposure(book, botId));
      if (used.add(maxLoss).compareTo(budget) > 0) {
        return deny(BUDGET_EXCEEDED, "bot " + botId + " exposure " + money(used) + " + max loss " + money(maxLoss)
            + " > budget " + money(budget));
      }
    }
    return Optional.empty();
  }

  /** Every leg of a reduce-only combo closes part of an open position in it, within what is left to close. */
  private Optional<RiskDenial> comboReallyReduces(Order order, RiskBook book) {
    for (OrderLeg leg : order.legs()) {
      Position pos = book.ledger().position(leg.symbol());
      BigDecimal pending = BigDecimal.ZERO;
      for (Working w : book.working().values()) {
        Order o = w.order();
        if (!o.reduceOnly() || !o.isCombo()) continue;
        for (OrderLeg other : o.legs()) {
          if (other.symbol().equals(leg.symbol()) && other.side() == leg.side()) {
            pending = pending.add(o.legQuantity(other).multiply(w.remaining()).divide(o.fillQuantity(), MC));
          }
        }
      }
      boolean opposite = pos.quantity().signum() == -leg.side().sign();
      BigDecimal closable = opposite ? pos.quantity().abs().subtract(pending).max(BigDecimal.ZERO) : BigDecimal.ZERO;
      if (order.legQuantity(leg).compareTo(closable) > 0) {
        return Optional.of(RiskDenial.of(INVALID_ORDER, "reduce-only combo leg " + leg.side().name().toLowerCase() + " "
            + order.legQuantity(leg).toPlainString() + " " + leg.symbol() + " would not only reduce position "
            + pos.quantity().toPlainString() + " (pending reduce-only " + pending.toPlainString() + ")"));
      }
    }
    return Optional.empty();
  }

  // ---- the checks -------------------------------------------------------------------------------

  private Optional<RiskDenial> stateDenial(RiskBook book, boolean reduceOnly) {
    if (reduceOnly) return Optional.empty();
    return switch (book.tradingState()) {
      case ACTIVE -> Optional.empty();
      case REDUCING -> Optional.of(RiskDenial.of(TRADING_REDUCING,
          "trading is REDUCING (" + book.stateReason() + "): only reduce-only orders pass"));
      case HALTED -> Optional.of(RiskDenial.of(book.killSwitch() ? KILL_SWITCH : TRADING_HALTED,
          (book.killSwitch() ? "kill switch engaged" : "trading is HALTED") + " (" + book.stateReason()
              + "): only reduce-only orders pass"));
    };
  }

  /**
   * The staleness rule ({@code orders.max_price_age}, per symbol {@code max_price_age_by_symbol}): why {@code symbol}
   * has no fresh reference price at {@code now} (the guardian's clock), or empty when it has one or the rule is off
   * for it. A price without a mark time (only a fill gave it, or a journal from before mark times were kept) is of
   * unknown age: stale.
   */
  public Optional<RiskDenial> stalePrice(String symbol, Ledger l, Instant now) {
    Duration limit = policy.orders().maxPriceAge(symbol);
    if (limit == null) return Optional.empty();
    if (l.lastPrice(symbol) == null) return deny(STALE_PRICE, "no mark price for " + symbol + " (limit " + age(limit) + ")");
    Instant at = l.markTime(symbol);
    if (at == null) {
      return deny(STALE_PRICE, "last price of " + symbol + " " + l.lastPrice(symbol).toPlainString()
          + " has no mark time (a fill's price or an older journal's): age unknown, limit " + age(limit));
    }
    Duration age = Duration.between(at, now);
    if (age.compareTo(limit) > 0) {
      return deny(STALE_PRICE, "last mark of " + symbol + " is " + age(age) + " old > limit " + age(limit) + " (marked "
          + at + ")");
    }
    return Optional.empty();
  }

  /** 7m12s, 5m, 1h0m5s, 2h, 45s. */
  static String age(Duration d) {
    long s = d.getSeconds();
    if (s < 60) return s + "s";
    long h = s / 3600, m = (s / 60) % 60, sec = s % 60;
    return (h > 0 ? h + "h" : "") + (m > 0 || (h > 0 && sec > 0) ? m + "m" : "") + (sec > 0 ? sec + "s" : "");
  }

  private Optional<RiskDenial> priceBand(Order order, BigDecimal last) {
    BigDecimal band = policy.orders().priceBandPct();
    for (BigDecimal px : new BigDecimal[] {order.limitPrice(), order.stopPrice()}) {
      if (px == null) continue;
      BigDecimal dev = px.subtract(last).abs().multiply(HUNDRED).divide(last, MC);
      if (dev.compareTo(band) > 0) {
        return Optional.of(RiskDenial.of(PRICE_BAND, "price " + px.toPlainString() + " is " + pct(dev)
            + "% from last " + last.toPlainString() + " > band " + pct(band) + "%"));
      }
    }
    return Optional.empty();
  }

  /** NOT_REVIEWED unless the bot's approved review covers this order's symbol, side and quantity. */
  private static Optional<RiskDenial> notReviewed(Order order, RiskBook book) {
    Approval a = book.approvals().get(order.botId());
    if (a != null && a.symbol().equals(order.symbol()) && a.side() == order.side()
        && a.remaining().compareTo(order.quantity()) >= 0) {
      return Optional.empty();
    }
    return Optional.of(RiskDenial.of(NOT_REVIEWED, a == null
        ? "no approved review for bot " + order.botId()
        : "approved review " + a.reviewId() + " covers " + a.side().name().toLowerCase() + " "
            + a.remaining().toPlainString() + " " + a.symbol() + ", order is " + describe(order)));
  }

  /**
   * A reduce-only order must be on the opposite side of the position, within what is left to close. Pending
   * reduce-only orders count by kind, so a trade's protection resting at the venue (a STOP or STOP_LIMIT stop and
   * a LIMIT target, one-cancels-other by their bot and capped at the position by the venue) never holds back an
   * exit, and never adds up to more than the position within its kind:
   * <ul>
   *   <li>MARKET (an exit now): within the position less the pending market exits;
   *   <li>a resting kind, LIMIT (a target) or STOP/STOP_LIMIT (a stop): within the position less the pending market
   *       exits and the other pending orders of its kind, but for one of the same bot, the one it replaces (place
   *       new, then cancel old: never a window without a stop); a bot never rests more than two of a kind in a
   *       symbol.
   * </ul>
   * An amend ({@link Order#replaces}) moves a resting order of its bot at the venue: only one this book holds working,
   * of the same venue, symbol, side, type and quantity (a moved stop, nothing more); then it counts as that order's
   * replacement.
   */
  private Optional<RiskDenial> reallyReduces(Order order, RiskBook book) {
    if (order.isAmend()) {
      Working replaced = book.working().get(order.replaces().value());
      Order o = replaced == null ? null : replaced.order();
      if (o == null || !o.venue().equals(order.venue()) || !o.symbol().equals(order.symbol()) || o.side() != order.side()
          || o.type() != order.type() || o.quantity().compareTo(order.quantity()) != 0) {
        return Optional.of(RiskDenial.of(INVALID_ORDER, "amend " + describe(order) + " replaces " + order.replaces()
            + (o == null ? ", which is not working" : ", which is " + describe(o) + ": an amend moves a price, nothing else")));
      }
    }
    Position pos = book.ledger().position(order.symbol());
    boolean resting = order.type() != OrderType.MARKET;
    BigDecimal pending = BigDecimal.ZERO;
    BigDecimal replaced = BigDecimal.ZERO;
    int sameKind = 0;
    for (Working w : book.working().values()) {
      Order o = w.order();
      if (!o.reduceOnly() || o.isCombo() || !o.symbol().equals(order.symbol()) || o.side() != order.side()) continue;
      boolean kind = resting && sameKind(o, order);
      if (o.type() != OrderType.MARKET && !kind) continue;
      pending = pending.add(w.remaining());
      if (kind && o.botId().equals(order.botId())) {
        sameKind++;
        replaced = replaced.max(w.remaining());
      }
    }
    String what = order.type().needsStopPrice() ? "stop" : "limit";
    if (sameKind >= 2) {
      return Optional.of(RiskDenial.of(INVALID_ORDER, "reduce-only " + what + " " + describe(order) + ": bot "
          + order.botId() + " already rests " + sameKind + " " + what + "s in " + order.symbol()
          + " (one and its replacement at most)"));
    }
    pending = pending.subtract(replaced);
    boolean opposite = pos.quantity().signum() == -order.side().sign();
    BigDecimal closable = opposite ? pos.quantity().abs().subtract(pending).max(BigDecimal.ZERO) : BigDecimal.ZERO;
    if (order.quantity().compareTo(closable) > 0) {
      return Optional.of(RiskDenial.of(INVALID_ORDER, "reduce-only " + describe(order) + " would not only reduce "
          + "position " + pos.quantity().toPlainString() + " (pending reduce-only " + pending.toPlainString()
          + ", closable " + closable.toPlainString() + ")"));
    }
    return Optional.empty();
  }

  /** Both stops (STOP, STOP_LIMIT), or both limits. */
  private static boolean sameKind(Order a, Order b) {
    return a.type().needsStopPrice() == b.type().needsStopPrice() && a.type() != OrderType.MARKET;
  }

  private Optional<RiskDenial> exposureChecks(String botId, Instrument inst, Side side, BigDecimal qty,
      BigDecimal price, Order order, BigDecimal stop, RiskBook book, BigDecimal budget, Instant now) {
    var orders = policy.orders();
    var portfolio = policy.portfolio();
    Ledger l = book.ledger();
    String symbol = inst.symbol();
    BigDecimal notional = qty.multiply(price);

    if (notional.compareTo(orders.maxOrderNotional()) > 0) {
      return deny(MAX_NOTIONAL, "notional " + money(notional) + " > max " + money(orders.maxOrderNotional()));
    }
    if (orders.maxOrderQuantity() != null && qty.compareTo(orders.maxOrderQuantity()) > 0) {
      return deny(MAX_QUANTITY, "quantity " + qty.toPlainString() + " > max "
          + orders.maxOrderQuantity().toPlainString());
    }
    if (order == null) { // a review: its reference price against the last price
      BigDecimal last = l.lastPrice(symbol);
      if (last != null) {
        BigDecimal dev = price.subtract(last).abs().multiply(HUNDRED).divide(last, MC);
        if (dev.compareTo(orders.priceBandPct()) > 0) {
          return deny(PRICE_BAND, "price " + price.toPlainString() + " is " + pct(dev) + "% from last "
              + last.toPlainString() + " > band " + pct(orders.priceBandPct()) + "%");
        }
      }
    }
    Position pos = l.position(symbol);
    if (pos.quantity().signum() == -side.sign()) {
      return deny(CONTRADICTORY_POSITION, side.name().toLowerCase() + " " + qty.toPlainString() + " " + symbol
          + " would open against position " + pos.quantity().toPlainString() + " without reduce_only");
    }
    // Working entries count too: two bots entering opposite sides while flat would leave one unable to exit
    // (reduce-only is judged on the account's position).
    BigDecimal opposite = BigDecimal.ZERO;
    for (Working w : book.working().values()) {
      Order o = w.order();
      if (!o.reduceOnly() && o.symbol().equals(symbol) && o.side() != side) opposite = opposite.add(w.remaining());
    }
    if (opposite.signum() > 0) {
      return deny(CONTRADICTORY_POSITION, side.name().toLowerCase() + " " + qty.toPlainString() + " " + symbol
          + " would open against working orders for " + opposite.toPlainString() + " on the other side without reduce_only");
    }
    Instant exit = l.lastExit(symbol);
    Duration cooldown = orders.reentryCooldown();
    if (pos.isFlat() && exit != null && now.isBefore(exit.plus(cooldown))) {
      return deny(COOLDOWN, "re-entry in " + symbol + " " + minutes(Duration.between(exit, now)) + " after exit at "
          + exit + " < cooldown " + minutes(cooldown));
    }

    BigDecimal equity = l.equity();
    if (equity.signum() <= 0) return deny(BUYING_POWER, "equity " + money(equity) + " <= 0");
    BigDecimal orderRisk = loss(qty, price, stop);
    BigDecimal heat = heatPct(book, orderRisk);
    if (heat.compareTo(portfolio.maxHeatPct()) > 0) {
      return deny(HEAT_LIMIT, "heat " + pct(heat) + "% > max " + pct(portfolio.maxHeatPct()) + "% (open risk "
          + money(openRisk(book)) + " + order risk " + money(orderRisk) + " of equity " + money(equity) + ")");
    }
    Exposure held = heldExposure(l, book, inst);
    BigDecimal underlying = notional.add(held.underlying());
    BigDecimal cls = notional.add(held.assetClass());
    Optional<RiskDenial> capped = exposureCaps(inst, underlying, cls, equity, "");
    if (capped.isPresent()) return capped;
    BigDecimal available = availableCash(book);
    BigDecimal after = available.subtract(notional);
    BigDecimal afterPct = pctOf(after, equity);
    // Minimum cash is a reserve on an affordable order; an unaffordable one is BUYING_POWER below.
    if (after.signum() >= 0 && afterPct.compareTo(portfolio.minCashPct()) < 0) {
      return deny(MIN_CASH, "free cash after order " + money(after) + " = " + pct(afterPct) + "% of equity "
          + money(equity) + " < min " + pct(portfolio.minCashPct()) + "%");
    }
    if (available.compareTo(notional) < 0) {
      return deny(BUYING_POWER, "notional " + money(notional) + " > free cash " + money(available) + " (cash "
          + money(l.cash()) + " - committed " + money(l.cash().subtract(available)) + ")");
    }
    if (orders.maxLossPerTrade() != null && orderRisk.compareTo(orders.maxLossPerTrade()) > 0) {
      return deny(MAX_LOSS_PER_TRADE, "loss at " + (stop == null ? "no stop (whole notional)" : "stop "
          + stop.toPlainString()) + " " + money(orderRisk) + " > max " + money(orders.maxLossPerTrade()));
    }
    if (budget != null) {
      BigDecimal used = l.botPosition(botId, symbol).notional(l.markPrice(symbol)).add(workingExposure(book, botId));
      if (used.add(notional).compareTo(budget) > 0) {
        return deny(BUDGET_EXCEEDED, "bot " + botId + " exposure " + money(used) + " + notional " + money(notional)
            + " > budget " + money(budget));
      }
    }
    return Optional.empty();
  }

  // ---- measures ---------------------------------------------------------------------------------

  /** Open risk of every bot's position (to its stop, or its whole value without one) and working orders. */
  public static BigDecimal openRisk(RiskBook book) {
    Ledger l = book.ledger();
    BigDecimal risk = BigDecimal.ZERO;
    for (var e : l.botPositions().entrySet()) {
      Position p = e.getValue();
      if (p.isFlat() || OptionSymbol.parse(p.symbol()).isPresent()) continue; // options: by structure below
      BigDecimal mark = l.markPrice(p.symbol());
      BigDecimal stop = book.stops().get(e.getKey());
      risk = risk.add(stop == null ? p.notional(mark) : mark.subtract(stop).multiply(p.quantity()).max(BigDecimal.ZERO));
    }
    for (Working w : book.working().values()) risk = risk.add(w.openRisk());
    return risk.add(OptionRisk.byBot(l).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  /** Portfolio heat in % of equity, with {@code extraRisk} added. */
  public static BigDecimal heatPct(RiskBook book, BigDecimal extraRisk) {
    BigDecimal equity = book.ledger().equity();
    if (equity.signum() <= 0) return HUNDRED;
    return pctOf(openRisk(book).add(extraRisk), equity);
  }

  /** Cash not spoken for: cash less short positions' value and working orders that add exposure. */
  public static BigDecimal availableCash(RiskBook book) {
    Ledger l = book.ledger();
    BigDecimal reserved = BigDecimal.ZERO;
    for (Position p : l.positions().values()) {
      if (p.quantity().signum() < 0 && OptionSymbol.parse(p.symbol()).isEmpty()) {
        reserved = reserved.add(p.notional(l.markPrice(p.symbol())));
      }
    }
    // Option structures reserve what they can lose at most (their margin), not their premium.
    reserved = reserved.add(OptionRisk.byUnderlying(l).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    for (Working w : book.working().values()) reserved = reserved.add(w.exposure());
    return l.cash().subtract(reserved);
  }

  /** The price an order is valued at: its limit, else its stop, else the last price (null if none). */
  public static BigDecimal orderPrice(Order order, Ledger ledger) {
    if (order.limitPrice() != null) return order.limitPrice();
    if (order.stopPrice() != null) return order.stopPrice();
    return ledger.lastPrice(order.symbol());
  }

  private static BigDecimal loss(BigDecimal qty, BigDecimal price, BigDecimal stop) {
    return stop == null ? qty.multiply(price) : qty.multiply(price.subtract(stop).abs());
  }

  private static BigDecimal pctOf(BigDecimal part, BigDecimal whole) {
    return part.multiply(HUNDRED).divide(whole, MC);
  }

  private static Optional<RiskDenial> deny(DenialReason reason, String detail) {
    return Optional.of(RiskDenial.of(reason, detail));
  }

  private static RiskDenial unknown(String symbol) {
    return RiskDenial.of(UNKNOWN_INSTRUMENT, symbol + " is not in the universe");
  }

  private static String describe(Order o) {
    return o.side().name().toLowerCase() + " " + o.quantity().toPlainString() + " " + o.symbol();
  }

  static String money(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String pct(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String minutes(Duration d) {
    long s = d.getSeconds();
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }

  /**
   * The exposure to {@code inst}'s underlying and to its asset class, this order included, against their caps;
   * {@code counted} says how the exposure was counted (in the denial's detail).
   */
  private Optional<RiskDenial> exposureCaps(Instrument inst, BigDecimal underlying, BigDecimal cls, BigDecimal equity,
      String counted) {
    var portfolio = policy.portfolio();
    BigDecimal underlyingPct = pctOf(underlying, equity);
    if (underlyingPct.compareTo(portfolio.maxSingleUnderlyingPct()) > 0) {
      return deny(CONCENTRATION, inst.underlying() + " exposure " + money(underlying) + counted + " = "
          + pct(underlyingPct) + "% of equity " + money(equity) + " > max " + pct(portfolio.maxSingleUnderlyingPct()) + "%");
    }
    BigDecimal clsPct = pctOf(cls, equity);
    BigDecimal clsMax = portfolio.maxAssetClassPct(inst.assetClass());
    if (clsPct.compareTo(clsMax) > 0) {
      return deny(ASSET_CLASS_CAP, inst.assetClass().name().toLowerCase() + " exposure " + money(cls) + " = "
          + pct(clsPct) + "% of equity " + money(equity) + " > max " + pct(clsMax) + "%");
    }
    return Optional.empty();
  }

  /** The exposure of the bot's working orders (counted against its budget with what it holds). */
  private static BigDecimal workingExposure(RiskBook book, String botId) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Working w : book.working().values()) {
      if (w.order().botId().equals(botId)) sum = sum.add(w.exposure());
    }
    return sum;
  }

  /** Exposure already held in {@code inst}'s underlying and asset class: open positions at their marks, working orders. */
  private record Exposure(BigDecimal underlying, BigDecimal assetClass) {}

  private Exposure heldExposure(Ledger l, RiskBook book, Instrument inst) {
    BigDecimal underlying = BigDecimal.ZERO;
    BigDecimal cls = BigDecimal.ZERO;
    for (Position p : l.positions().values()) {
      if (p.isFlat()) continue;
      Optional<Instrument> pi = instruments.find(p.symbol());
      BigDecimal v = p.notional(l.markPrice(p.symbol()));
      if (pi.isPresent() && pi.get().underlying().equals(inst.underlying())) underlying = underlying.add(v);
      if (pi.isPresent() && pi.get().assetClass() == inst.assetClass()) cls = cls.add(v);
    }
    for (Working w : book.working().values()) {
      Optional<Instrument> wi = instruments.find(w.order().symbol());
      if (wi.isPresent() && wi.get().underlying().equals(inst.underlying())) underlying = underlying.add(w.exposure());
      if (wi.isPresent() && wi.get().assetClass() == inst.assetClass()) cls = cls.add(w.exposure());
    }
    return new Exposure(underlying, cls);
  }
}
