package io.dorado.persistence.readside;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well orders filled, per venue and order type: the slippage of each order's quantity-weighted average fill price
 * in basis points, against two references, signed so that positive is worse for us (a buy filled above the
 * reference, a sell below).
 *
 * <ul>
 *   <li><b>Decision price</b>: the price the bot decided on — the {@code TradeProposal.referencePrice} its RISK_CHECK
 *       carried (the entry or adjustment signal's price). Null for every close: an exit signal goes straight to
 *       CLOSING and its journal ({@code ClosingStarted}) keeps the signal's id, not its price; a stop or an expiry
 *       has none. Null too for a protective order and a multi-leg structure (its reference is a net credit, its
 *       fills are legs).
 *   <li><b>Arrival price</b>: the risk guardian's last mark of the symbol when it acknowledged the order. Every order
 *       of every venue passes that gate and the guardian journals its marks, so the figure exists whatever the venue;
 *       a venue's own quote at placing is seen only by the paper venue's matching engine and journalled by none.
 *       Null when the guardian had no mark of the symbol yet (or its audit projection restarted since the last one).
 * </ul>
 */
public final class FillQuality {

  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

  private FillQuality() {}

  /** One order as measured: what it filled and at what average, and the two references (either may be null). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Measured(String venue, String orderType, String botId, String clientOrderId, String symbol, String side,
      BigDecimal filledQuantity, BigDecimal averagePrice, BigDecimal decisionPrice, BigDecimal arrivalPrice) {

    @JsonIgnore
    public boolean isFilled() {
      return averagePrice != null && filledQuantity != null && filledQuantity.signum() > 0;
    }

    /** Basis points the average fill is worse than the decision price (negative: better); null without one. */
    public Double vsDecisionBps() {
      return slippageBps(side, averagePrice, decisionPrice);
    }

    public Double vsArrivalBps() {
      return slippageBps(side, averagePrice, arrivalPrice);
    }
  }

  /**
   * {@code (filled - reference) / reference} in basis points, negated for a sell: positive = worse for us. Null
   * when either price is missing.
   */
  public static Double slippageBps(String side, BigDecimal filled, BigDecimal reference) {
    if (filled == null || reference == null || reference.signum() <= 0) return null;
    BigDecimal bps = filled.subtract(reference).multiply(BPS).divide(reference, MathContext.DECIMAL64);
    return ("SELL".equals(side) ? bps.negate() : bps).doubleValue();
  }

  /** Count, mean, median and 90th percentile (nearest rank) of some orders' slippage in bps; null figures when none. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Stats(int count, Double meanBps, Double medianBps, Double p90Bps) {

    static Stats of(List<Double> bps) {
      List<Double> sorted = bps.stream().sorted().toList();
      if (sorted.isEmpty()) return new Stats(0, null, null, null);
      double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      return new Stats(sorted.size(), round(mean), round(rank(sorted, 0.5)), round(rank(sorted, 0.9)));
    }

    private static double rank(List<Double> sorted, double q) {
      return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static double round(double bps) {
      return BigDecimal.valueOf(bps).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }
  }

  /** The orders of one venue and order type that filled (some quantity), with their slippage. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Group(String venue, String orderType, int orders, BigDecimal filledQuantity, Stats vsDecision,
      Stats vsArrival) {}

  /** Filled orders grouped by venue and order type, in that order; orders without a fill are left out. */
  public static List<Group> summarize(List<Measured> orders) {
    Map<String, List<Measured>> byGroup = new TreeMap<>();
    for (Measured m : orders) {
      if (m.isFilled()) byGroup.computeIfAbsent(m.venue() + "\u0000" + m.orderType(), k -> new ArrayList<>()).add(m);
    }
    var groups = new ArrayList<Group>();
    byGroup.values().forEach(ms -> groups.add(new Group(ms.get(0).venue(), ms.get(0).orderType(), ms.size(),
        ms.stream().map(Measured::filledQuantity).reduce(BigDecimal.ZERO, BigDecimal::add),
        Stats.of(ms.stream().map(Measured::vsDecisionBps).filter(b -> b != null).toList()),
        Stats.of(ms.stream().map(Measured::vsArrivalBps).filter(b -> b != null).toList()))));
    groups.sort(Comparator.comparing(Group::venue).thenComparing(Group::orderType));
    return groups;
  }
}
