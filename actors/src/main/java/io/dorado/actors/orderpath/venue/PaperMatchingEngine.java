package io.dorado.actors.orderpath.venue;

import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paper venue's matching rules as pure functions: given an order and the latest quote, what fills.
 * No clock, no I/O, no randomness; all money in {@link BigDecimal}, never rounded.
 *
 * <ul>
 *   <li>A buy executes against the ask, a sell against the bid, moved against the trader by
 *       {@code slippageBps} (buy: ask × (1 + bps/10,000); sell: bid × (1 − bps/10,000)).
 *   <li>Market orders fill at once (or at the first quote, if there is none yet).
 *   <li>Limit orders rest until touched (ask ≤ limit for a buy, bid ≥ limit for a sell) and never fill
 *       beyond their limit.
 *   <li>Stop orders trigger when the market reaches the stop (ask ≥ stop for a buy, bid ≤ stop for a
 *       sell) and then behave as market (STOP) or limit (STOP_LIMIT) orders.
 *   <li>At most {@code maxFillQuantity} fills per quote (null: all of it), so large orders fill in parts.
 *   <li>Commission per fill = notional × {@code commissionBps}/10,000 + quantity × {@code commissionPerUnit}.
 *   <li>Fill ids are {@code clientOrderId + "-f" + n}, n counting from 1.
 *   <li>Combos ({@link #matchCombo}) fill all their legs together, one fill per leg, at prices per leg.
 * </ul>
 */
public final class PaperMatchingEngine {

  /** Paper venue parameters; all non-negative. */
  public record Settings(
      BigDecimal slippageBps, BigDecimal commissionBps, BigDecimal commissionPerUnit, BigDecimal maxFillQuantity) {
    public static final Settings FRICTIONLESS = new Settings(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, null);

    public Settings {
      slippageBps = nonNegative(slippageBps, "slippage_bps");
      commissionBps = nonNegative(commissionBps, "commission_bps");
      commissionPerUnit = nonNegative(commissionPerUnit, "commission_per_unit");
      if (maxFillQuantity != null && maxFillQuantity.signum() <= 0) {
        throw new IllegalArgumentException("max_fill_quantity must be > 0 (or absent for no limit)");
      }
    }

    private static BigDecimal nonNegative(BigDecimal v, String name) {
      if (v == null) return BigDecimal.ZERO;
      if (v.signum() < 0) throw new IllegalArgumentException(name + " must be >= 0, was " + v);
      return v;
    }
  }

  /** One order in the paper book. {@code triggered} is set once a stop order's stop was reached. */
  public record PaperOrder(
      Order order, String venueOrderId, OrderStatus status, BigDecimal filledQuantity, List<Fill> fills,
      boolean triggered, String reason) {

    public PaperOrder {
      fills = List.copyOf(fills);
    }

    public static PaperOrder working(Order order) {
      return new PaperOrder(order, "paper-" + order.clientOrderId().value(), OrderStatus.WORKING, BigDecimal.ZERO,
          List.of(), !order.type().needsStopPrice(), null);
    }

    public ClientOrderId clientOrderId() {
      return order.clientOrderId();
    }

    public boolean isLive() {
      return !status.isTerminal();
    }

    public BigDecimal remaining() {
      return order.fillQuantity().subtract(filledQuantity);
    }

    PaperOrder withFill(Fill fill) {
      var all = new ArrayList<>(fills);
      all.add(fill);
      BigDecimal cumulative = filledQuantity.add(fill.quantity());
      OrderStatus next = cumulative.compareTo(order.fillQuantity()) >= 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
      return new PaperOrder(order, venueOrderId, next, cumulative, all, true, reason);
    }

    PaperOrder asTriggered() {
      return new PaperOrder(order, venueOrderId, status, filledQuantity, fills, true, reason);
    }

    PaperOrder closed(OrderStatus terminal, String why) {
      return new PaperOrder(order, venueOrderId, terminal, filledQuantity, fills, triggered, why);
    }

    public OrderReport.Status toStatus() {
      return new OrderReport.Status(clientOrderId(), status, filledQuantity, fills, reason);
    }
  }

  /** The order after a quote, and the fill it produced, if any. */
  public record Match(PaperOrder order, Optional<Fill> fill) {}

  private static final BigDecimal ONE = BigDecimal.ONE;
  private final Settings settings;

  public PaperMatchingEngine(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** Matches a live order against a quote of its symbol. */
  public Match match(PaperOrder paper, Venue.MarketPrice quote) {
    return match(paper, quote, null);
  }

  /** As {@link #match(PaperOrder, Venue.MarketPrice)}, filling at most {@code cap} (null: no cap; a reduce-only order's). */
  public Match match(PaperOrder paper, Venue.MarketPrice quote, BigDecimal cap) {
    Order o = paper.order();
    if (!paper.isLive() || !o.symbol().equals(quote.symbol())) return new Match(paper, Optional.empty());
    boolean buy = o.side() == Side.BUY;
    BigDecimal market = buy ? quote.ask() : quote.bid();
    PaperOrder current = paper;
    if (!current.triggered()) {
      boolean stopReached = buy ? market.compareTo(o.stopPrice()) >= 0 : market.compareTo(o.stopPrice()) <= 0;
      if (!stopReached) return new Match(current, Optional.empty());
      current = current.asTriggered();
    }
    BigDecimal price = slipped(o.side(), market);
    if (o.type().needsLimitPrice()) {
      BigDecimal limit = o.limitPrice();
      boolean touched = buy ? market.compareTo(limit) <= 0 : market.compareTo(limit) >= 0;
      if (!touched) return new Match(current, Optional.empty());
      price = buy ? price.min(limit) : price.max(limit);
    }
    BigDecimal quantity = current.remaining();
    if (settings.maxFillQuantity() != null) quantity = quantity.min(settings.maxFillQuantity());
    if (cap != null) quantity = quantity.min(cap);
    if (quantity.signum() <= 0) return new Match(current, Optional.empty());
    Fill fill = new Fill(fillId(o.clientOrderId(), current.fills().size() + 1), o.clientOrderId(), o.symbol(), o.side(),
        quantity, price, commission(quantity, price), quote.at());
    return new Match(current.withFill(fill), Optional.of(fill));
  }

  /** A combo after a quote of its underlying, and its fills: one per leg, or none. */
  public record ComboMatch(PaperOrder order, List<Fill> fills) {}

  /**
   * Matches a live combo against a quote of its underlying: every leg priced by {@code pricer} (per share),
   * moved against the trader by the slippage and rounded to the cent that way (never below 0.01); the net
   * (credit for a SELL combo, debit for a BUY) must meet the limit, if there is one. Then every leg fills
   * at once for the whole combo, {@link Order#legQuantity} units each — all legs or none.
   */
  public ComboMatch matchCombo(PaperOrder paper, Venue.MarketPrice quote, java.util.function.Function<String, BigDecimal> pricer) {
    Order o = paper.order();
    if (!paper.isLive() || !o.isCombo() || !o.symbol().equals(quote.symbol()) || paper.filledQuantity().signum() > 0) {
      return new ComboMatch(paper, List.of());
    }
    var prices = new ArrayList<BigDecimal>();
    BigDecimal net = BigDecimal.ZERO; // what the trader receives per structure and share
    for (var leg : o.legs()) {
      BigDecimal theoretical = pricer.apply(leg.symbol());
      if (theoretical == null) return new ComboMatch(paper, List.of());
      BigDecimal price = slipped(leg.side(), theoretical)
          .setScale(2, leg.side() == Side.BUY ? java.math.RoundingMode.CEILING : java.math.RoundingMode.FLOOR)
          .max(TICK);
      prices.add(price);
      BigDecimal signed = price.multiply(BigDecimal.valueOf(leg.ratioQty()));
      net = leg.side() == Side.SELL ? net.add(signed) : net.subtract(signed);
    }
    if (o.limitPrice() != null) {
      boolean meets = o.side() == Side.SELL ? net.compareTo(o.limitPrice()) >= 0 : net.negate().compareTo(o.limitPrice()) <= 0;
      if (!meets) return new ComboMatch(paper, List.of());
    }
    PaperOrder current = paper;
    var fills = new ArrayList<Fill>();
    for (int i = 0; i < o.legs().size(); i++) {
      var leg = o.legs().get(i);
      BigDecimal qty = o.legQuantity(leg);
      Fill fill = new Fill(fillId(o.clientOrderId(), current.fills().size() + 1), o.clientOrderId(), leg.symbol(),
          leg.side(), qty, prices.get(i), commission(qty, prices.get(i)), quote.at());
      current = current.withFill(fill);
      fills.add(fill);
    }
    return new ComboMatch(current, fills);
  }

  /** The least an option trades at. */
  private static final BigDecimal TICK = new BigDecimal("0.01");

  /** The market price moved against the trader by the slippage. */
  public BigDecimal slipped(Side side, BigDecimal market) {
    BigDecimal fraction = settings.slippageBps().movePointLeft(4);
    return market.multiply(side == Side.BUY ? ONE.add(fraction) : ONE.subtract(fraction));
  }

  public BigDecimal commission(BigDecimal quantity, BigDecimal price) {
    BigDecimal byNotional = quantity.multiply(price).multiply(settings.commissionBps().movePointLeft(4));
    return byNotional.add(quantity.multiply(settings.commissionPerUnit()));
  }

  public static String fillId(ClientOrderId id, int n) {
    return id.value() + "-f" + n;
  }
}
