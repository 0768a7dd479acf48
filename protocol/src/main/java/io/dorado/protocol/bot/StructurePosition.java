package io.dorado.protocol.bot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bot's multi-leg structure (an iron condor): N structures, one {@link Position} per leg built only from
 * the leg fills (so per-leg entry prices and realized P&amp;L are exact), the legs as they were opened,
 * the net credit per share the entry accepted at worst and the max loss the guardian sized it for. It is
 * set by the entry's {@code OrderIntended} and changed only by fills, so replaying the journal rebuilds it.
 * A new structure carries the realized P&amp;L of the one before ({@code realizedBefore}), so the bot's
 * total never drops; the put side and call side P&amp;L are this structure's own.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(value = {"put_side_pnl", "call_side_pnl"}, allowGetters = true) // shown, never read back
public record StructurePosition(
    String underlying,
    List<OrderLeg> legs,
    BigDecimal structures,
    BigDecimal credit,
    BigDecimal maxLoss,
    List<Position> legPositions,
    BigDecimal realizedBefore)
    implements CborSerializable {

  public StructurePosition {
    legs = List.copyOf(legs);
    legPositions = List.copyOf(legPositions);
    realizedBefore = realizedBefore == null ? BigDecimal.ZERO : realizedBefore;
  }

  /** A structure about to open with {@code entry} (a combo sell), after {@code carried} realized before it. */
  public static StructurePosition opening(Order entry, BigDecimal maxLoss, BigDecimal carried) {
    return new StructurePosition(entry.symbol(), entry.legs(), entry.quantity(), entry.limitPrice(), maxLoss,
        entry.legs().stream().map(l -> Position.flat(l.symbol())).toList(), carried);
  }

  public boolean holds(String symbol) {
    return legPositions.stream().anyMatch(p -> p.symbol().equals(symbol));
  }

  public StructurePosition apply(Fill fill) {
    var next = new ArrayList<Position>();
    for (Position p : legPositions) next.add(p.symbol().equals(fill.symbol()) ? p.apply(fill) : p);
    return new StructurePosition(underlying, legs, structures, credit, maxLoss, next, realizedBefore);
  }

  @JsonIgnore
  public boolean isFlat() {
    return legPositions.stream().allMatch(Position::isFlat);
  }

  /** Whole structures still open: the least any leg holds, in its ratio. */
  @JsonIgnore
  public BigDecimal openStructures() {
    BigDecimal open = null;
    for (OrderLeg leg : legs) {
      BigDecimal perStructure = BigDecimal.valueOf((long) leg.ratioQty() * Order.CONTRACT_MULTIPLIER);
      BigDecimal n = position(leg.symbol()).quantity().abs().divide(perStructure, 0, RoundingMode.DOWN);
      open = open == null ? n : open.min(n);
    }
    return open == null ? BigDecimal.ZERO : open;
  }

  public Position position(String symbol) {
    return legPositions.stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElse(Position.flat(symbol));
  }

  /** Every realized P&amp;L of the bot's structures, this one included, net of commissions. */
  public BigDecimal realizedPnl() {
    return legPositions.stream().map(Position::realizedPnl).reduce(realizedBefore, BigDecimal::add);
  }

  /** This structure's realized P&amp;L on its put legs (the put spread). */
  @JsonProperty("put_side_pnl")
  public BigDecimal putSidePnl() {
    return sidePnl(OptionSymbol.Right.PUT);
  }

  /** This structure's realized P&amp;L on its call legs (the call spread). */
  @JsonProperty("call_side_pnl")
  public BigDecimal callSidePnl() {
    return sidePnl(OptionSymbol.Right.CALL);
  }

  private BigDecimal sidePnl(OptionSymbol.Right right) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Position p : legPositions) {
      if (OptionSymbol.parse(p.symbol()).map(o -> o.right() == right).orElse(false)) sum = sum.add(p.realizedPnl());
    }
    return sum;
  }

  /** The net credit per share the open legs were filled at (their entry prices), or zero when flat. */
  @JsonIgnore
  public BigDecimal filledCredit() {
    BigDecimal open = openStructures();
    if (open.signum() == 0) return BigDecimal.ZERO;
    BigDecimal cash = BigDecimal.ZERO;
    for (OrderLeg leg : legs) {
      Position p = position(leg.symbol());
      BigDecimal perStructure = BigDecimal.valueOf((long) leg.ratioQty() * Order.CONTRACT_MULTIPLIER).multiply(open);
      BigDecimal legCash = p.averagePrice().multiply(perStructure);
      cash = p.quantity().signum() < 0 ? cash.add(legCash) : cash.subtract(legCash);
    }
    return cash.divide(open.multiply(BigDecimal.valueOf(Order.CONTRACT_MULTIPLIER)), MathContext.DECIMAL64);
  }

  /** The options of the open legs, with their signed units now. */
  @JsonIgnore
  public List<OpenLeg> openLegs() {
    var out = new ArrayList<OpenLeg>();
    for (Position p : legPositions) {
      if (p.isFlat()) continue;
      OptionSymbol.parse(p.symbol()).ifPresent(o -> out.add(new OpenLeg(o, p.quantity(), p.averagePrice())));
    }
    return out;
  }

  /** One open leg: the option, its signed units (contracts × multiplier) and entry price per share. */
  public record OpenLeg(OptionSymbol option, BigDecimal quantity, BigDecimal entryPrice) {}

  /** The nearest expiry among the legs. */
  @JsonIgnore
  public Optional<LocalDate> expiry() {
    return legs.stream().map(l -> OptionSymbol.parse(l.symbol())).flatMap(Optional::stream).map(OptionSymbol::expiry)
        .min(LocalDate::compareTo);
  }

  /** The strike of the short leg of {@code right} (the short put or short call), if there is one. */
  public Optional<BigDecimal> shortStrike(OptionSymbol.Right right) {
    return legs.stream().filter(l -> l.side() == Side.SELL).map(l -> OptionSymbol.parse(l.symbol()))
        .flatMap(Optional::stream).filter(o -> o.right() == right).map(OptionSymbol::strike).findFirst();
  }

  /**
   * The order that closes what is open: a reduce-only market combo buying back every leg (each the
   * other way round), for the open structures; empty when nothing is open.
   */
  public Optional<Order> closingOrder(ClientOrderId id, String venue) {
    BigDecimal open = openStructures();
    if (open.signum() == 0) return Optional.empty();
    List<OrderLeg> reversed = legs.stream().map(OrderLeg::reversed).toList();
    return Optional.of(Order.combo(id, venue, underlying, Side.BUY, open, null, reversed, true));
  }
}
