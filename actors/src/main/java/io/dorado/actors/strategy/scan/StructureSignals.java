package io.dorado.actors.strategy.scan;

import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.OrderLeg;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.StrategyTemplate.LegPosition;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * An option candidate as a bot's signal: its legs as OCC-named order legs (one contract each per
 * structure) and, as the price, the least net credit per share the bot will sell it for — the scan's
 * credit less {@link #CREDIT_TOLERANCE}, so a small move between the scan and the fill does not leave the
 * order resting (the guardian sizes the max loss at this worse credit).
 */
public final class StructureSignals {
  private StructureSignals() {}

  /** The share of the scan's credit the entry may give up. */
  public static final BigDecimal CREDIT_TOLERANCE = new BigDecimal("0.10");

  public static Signal of(Candidate c, String botId, String signalId, Instant at, BigDecimal riskPct) {
    List<OrderLeg> legs = c.legs().stream().map(l -> leg(c.symbol(), l)).toList();
    BigDecimal least = c.credit().multiply(BigDecimal.ONE.subtract(CREDIT_TOLERANCE)).setScale(2, RoundingMode.FLOOR)
        .max(new BigDecimal("0.01"));
    return new Signal(signalId, botId, c.symbol(), SignalAction.ENTER_SHORT, least, null, null, "scan", at, riskPct, legs);
  }

  static OrderLeg leg(String underlying, OptionLeg l) {
    var right = l.role() == LegRole.SHORT_PUT || l.role() == LegRole.LONG_PUT ? OptionSymbol.Right.PUT : OptionSymbol.Right.CALL;
    String symbol = OptionSymbol.of(underlying, l.expiry(), right, l.strike()).occ();
    return new OrderLeg(symbol, l.position() == LegPosition.SELL ? Side.SELL : Side.BUY, 1);
  }
}
