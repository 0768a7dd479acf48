package io.dorado.persistence.readside;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.order.Side;
import java.util.ArrayList;
import java.util.List;
import io.dorado.persistence.readside.ClosedTrade.Direction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Optional;

/**
 * What the bot projection remembers per bot between events: the sequence number of the last event
 * applied, the lifecycle phase, the position (rebuilt from fills with the protocol's own
 * {@link Position#apply}, so it equals the bot's), the trade that is open and the price the next order is decided
 * at (null in ledgers written before it). {@link #next} is a pure
 * function: the same ledger and event always give the same rows, which is what makes re-applying an
 * event after a crash harmless.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record BotLedger(String botId, long seqNr, Phase phase, Position position, OpenTrade openTrade, List<Position> legs,
    BigDecimal decisionPrice) {

  BotLedger {
    legs = legs == null ? List.of() : List.copyOf(legs);
  }

  BotLedger(String botId, long seqNr, Phase phase, Position position, OpenTrade openTrade) {
    this(botId, seqNr, phase, position, openTrade, List.of(), null);
  }

  /** A trade from the fill that left the position flat until now. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record OpenTrade(
      String tradeId,
      Direction direction,
      Instant openedAt,
      BigDecimal realizedAtOpen,
      BigDecimal commission,
      int fills,
      BigDecimal maxQuantity,
      BigDecimal entryQuantity,
      BigDecimal entryNotional,
      BigDecimal exitQuantity,
      BigDecimal exitNotional) {

    static OpenTrade open(String tradeId, Fill f, BigDecimal quantity, BigDecimal commission, BigDecimal realizedAtOpen,
        BigDecimal positionAfter) {
      return new OpenTrade(tradeId, positionAfter.signum() > 0 ? Direction.LONG : Direction.SHORT, f.at(),
          realizedAtOpen, commission, 1, positionAfter.abs(), quantity, f.price().multiply(quantity),
          BigDecimal.ZERO, BigDecimal.ZERO);
    }

    OpenTrade added(Fill f, BigDecimal positionAfter) {
      return new OpenTrade(tradeId, direction, openedAt, realizedAtOpen, commission.add(f.commission()), fills + 1,
          maxQuantity.max(positionAfter.abs()), entryQuantity.add(f.quantity()),
          entryNotional.add(f.notional()), exitQuantity, exitNotional);
    }

    OpenTrade reduced(Fill f, BigDecimal closing) {
      return new OpenTrade(tradeId, direction, openedAt, realizedAtOpen, commission.add(f.commission()), fills + 1,
          maxQuantity, entryQuantity, entryNotional, exitQuantity.add(closing),
          exitNotional.add(f.price().multiply(closing)));
    }

    ClosedTrade close(String botId, String symbol, BigDecimal realizedNow, Instant closedAt) {
      return new ClosedTrade(botId, tradeId, symbol, direction, maxQuantity, average(entryNotional, entryQuantity),
          average(exitNotional, exitQuantity), realizedNow.subtract(realizedAtOpen), commission, fills, openedAt,
          closedAt);
    }

    private static BigDecimal average(BigDecimal notional, BigDecimal quantity) {
      return quantity.signum() == 0 ? null : notional.divide(quantity, MathContext.DECIMAL128);
    }
  }

  /** What one event does to the read side. */
  record Step(BotLedger ledger, AuditEntry audit, Optional<ClosedTrade> closed) {}

  static BotLedger initial(String botId) {
    return new BotLedger(botId, 0, Phase.NEW, null, null);
  }

  /** True when the event with this sequence number is already in the read side. */
  boolean hasApplied(long eventSeqNr) {
    return eventSeqNr <= seqNr;
  }

  Step next(long eventSeqNr, BotEvent event) {
    Phase to = Phases.after(phase, event);
    Phase from = event instanceof BotEvent.ReturnedToIdle r && r.from() != null ? r.from() : phase;
    AuditEntry audit = BotAudit.entry(botId, eventSeqNr, event, from, to);
    if (event instanceof BotEvent.BotCreated c && position == null) {
      return new Step(new BotLedger(botId, eventSeqNr, to, Position.flat(c.config().underlying()), null), audit,
          Optional.empty());
    }
    if (event instanceof BotEvent.FillApplied f && OptionSymbol.parse(f.fill().symbol()).isPresent()) {
      return applyLegFill(eventSeqNr, f.fill(), to, audit);
    }
    if (event instanceof BotEvent.FillApplied f) {
      return applyFill(eventSeqNr, f.fill(), to, audit);
    }
    if (event instanceof BotEvent.PositionReconciled r) { // a forgotten order: the guardian's ledger's position
      return new Step(new BotLedger(botId, eventSeqNr, to, r.after(), openTrade, legs, decisionPrice), audit,
          Optional.empty());
    }
    return new Step(new BotLedger(botId, eventSeqNr, to, position, openTrade, legs, decisionAfter(event)), audit,
        Optional.empty());
  }

  /**
   * The price the bot's next order is decided at ({@link FillQuality}): an entry or adjustment signal's price, then
   * its proposal's reference price; the intended order takes it (see {@code BotProjectionHandler}) and clears it, so
   * a close (an exit signal journals no SignalIngested) has none. A structure's net credit is no price to fill against.
   */
  private BigDecimal decisionAfter(BotEvent event) {
    if (event instanceof BotEvent.SignalIngested s) return s.signal().legs().isEmpty() ? s.signal().price() : null;
    if (event instanceof BotEvent.RiskCheckStarted r) {
      return r.proposal().isStructure() ? null : r.proposal().referencePrice();
    }
    if (event instanceof BotEvent.OrderIntended) return null;
    return decisionPrice;
  }

  private Step applyFill(long eventSeqNr, Fill fill, Phase to, AuditEntry audit) {
    Position before = position == null ? Position.flat(fill.symbol()) : position;
    Position after = before.apply(fill);
    BigDecimal held = before.quantity();
    BigDecimal delta = fill.signedQuantity();
    String newTradeId = botId + "@" + eventSeqNr;
    OpenTrade trade = openTrade;
    ClosedTrade closed = null;
    if (held.signum() == 0 || trade == null && held.signum() == delta.signum()) {
      trade = OpenTrade.open(newTradeId, fill, fill.quantity(), fill.commission(), before.realizedPnl(), after.quantity());
    } else if (held.signum() == delta.signum()) {
      trade = trade.added(fill, after.quantity());
    } else {
      BigDecimal closing = delta.abs().min(held.abs());
      if (trade == null) { // history before the projection's first bucket: the trade starts here
        trade = new OpenTrade(newTradeId, held.signum() > 0 ? Direction.LONG : Direction.SHORT, fill.at(),
            before.realizedPnl(), BigDecimal.ZERO, 0, held.abs(), held.abs(), before.averagePrice().multiply(held.abs()),
            BigDecimal.ZERO, BigDecimal.ZERO);
      }
      trade = trade.reduced(fill, closing);
      if (after.quantity().signum() != held.signum()) {
        closed = trade.close(botId, before.symbol(), after.realizedPnl(), fill.at());
        // A flip: the rest opens a new trade at the fill price; the fill's commission stayed with the closed one.
        trade = after.isFlat() ? null : OpenTrade.open(newTradeId, fill, after.quantity().abs(), BigDecimal.ZERO,
            after.realizedPnl(), after.quantity());
      }
    }
    return new Step(new BotLedger(botId, eventSeqNr, to, after, trade, legs, decisionPrice), audit,
        Optional.ofNullable(closed));
  }

  /**
   * A fill of an option leg: one trade per multi-leg structure, from the first leg fill after every leg was
   * flat to the fill that leaves them all flat again. Its quantity is the units of a leg, its entry price the
   * net credit (or debit) per share the opening fills took in, its exit price the net the closing fills paid,
   * its P&amp;L the sum of the legs' (each leg its own {@link Position}, so it equals the bot's to the cent).
   * The underlying of the trade is the option's root; flat legs are dropped when the structure closes.
   */
  private Step applyLegFill(long eventSeqNr, Fill fill, Phase to, AuditEntry audit) {
    var next = new ArrayList<Position>();
    boolean wasFlat = true;
    Position before = Position.flat(fill.symbol());
    for (Position p : legs) {
      wasFlat &= p.isFlat();
      if (p.symbol().equals(fill.symbol())) before = p;
      else next.add(p);
    }
    Position after = before.apply(fill);
    next.add(after);
    BigDecimal realizedBefore = legs.stream().map(Position::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal realizedAfter = next.stream().map(Position::realizedPnl).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal cash = fill.side() == Side.SELL ? fill.notional() : fill.notional().negate();
    boolean opening = before.isFlat() || before.quantity().signum() == fill.signedQuantity().signum();
    OpenTrade trade = wasFlat || openTrade == null
        ? new OpenTrade(botId + "@" + eventSeqNr, cash.signum() >= 0 ? Direction.SHORT : Direction.LONG, fill.at(),
            realizedBefore, BigDecimal.ZERO, 0, fill.quantity(), fill.quantity(), BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO)
        : openTrade;
    int sign = trade.direction() == Direction.SHORT ? 1 : -1; // notionals count what the direction takes in
    trade = opening
        ? new OpenTrade(trade.tradeId(), trade.direction(), trade.openedAt(), trade.realizedAtOpen(),
            trade.commission().add(fill.commission()), trade.fills() + 1, trade.maxQuantity().max(fill.quantity()),
            trade.entryQuantity().max(fill.quantity()), trade.entryNotional().add(cash.multiply(BigDecimal.valueOf(sign))),
            trade.exitQuantity(), trade.exitNotional())
        : new OpenTrade(trade.tradeId(), trade.direction(), trade.openedAt(), trade.realizedAtOpen(),
            trade.commission().add(fill.commission()), trade.fills() + 1, trade.maxQuantity(), trade.entryQuantity(),
            trade.entryNotional(), trade.exitQuantity().max(fill.quantity()),
            trade.exitNotional().subtract(cash.multiply(BigDecimal.valueOf(sign))));
    if (next.stream().allMatch(Position::isFlat)) {
      String underlying = OptionSymbol.parse(fill.symbol()).orElseThrow().root();
      ClosedTrade closed = trade.close(botId, underlying, realizedAfter, fill.at());
      return new Step(new BotLedger(botId, eventSeqNr, to, position, null, List.of(), decisionPrice), audit,
          Optional.of(closed));
    }
    return new Step(new BotLedger(botId, eventSeqNr, to, position, trade, next, decisionPrice), audit, Optional.empty());
  }
}
