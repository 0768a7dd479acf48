package io.dorado.persistence.readside;

import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradeProposal;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the events a real bot persists for whole trades (the sequences of actors/README.md's state
 * table), with a clock that moves one second per event. Each method returns the events of one command.
 */
final class BotStory {

  static final String SYMBOL = "AAPL";
  static final String VENUE = "paper";

  final String botId;
  private Instant now;
  private long orderSeq;
  private int fills;
  private int signals;

  BotStory(String botId, Instant start) {
    this.botId = botId;
    this.now = start;
  }

  /** A fresh bot id (config ids are lower-case) for each test, so tests share one node without clashing. */
  static String newBotId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Instant now() {
    return now;
  }

  private Instant tick() {
    now = now.plusSeconds(1);
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  List<BotEvent> created() {
    return List.of(new BotEvent.BotCreated(botId, new BotConfig(botId, "core", SYMBOL, VENUE, VenueMode.PAPER,
        "equity_momentum", null, ApprovalMode.HUMAN_REQUIRED, Sizing.fixedQuantity(BigDecimal.TEN), null, null),
        tick()));
  }

  /** IDLE → SIGNAL_RECEIVED → RISK_CHECK → AWAITING_APPROVAL → EXECUTING, the entry order intended and accepted. */
  List<BotEvent> entryApproved(Side side, String quantity, String price) {
    String signalId = "s" + (++signals);
    var signal = new Signal(signalId, botId, SYMBOL, side == Side.BUY ? SignalAction.ENTER_LONG : SignalAction.ENTER_SHORT,
        new BigDecimal(price), null, null, "tradingview", tick());
    String reviewId = TradeProposal.reviewIdFor(botId, signalId);
    var proposal = new TradeProposal(reviewId, botId, signalId, VENUE, SYMBOL, side, new BigDecimal(price), null, null,
        Sizing.fixedQuantity(new BigDecimal(quantity)), false, now);
    Order order = Order.market(ClientOrderId.of(botId, ++orderSeq), VENUE, SYMBOL, side, new BigDecimal(quantity), false);
    return List.of(
        new BotEvent.SignalIngested(botId, signal, false, now),
        new BotEvent.RiskCheckStarted(botId, proposal, tick()),
        new BotEvent.ApprovalRequested(botId, reviewId, new BigDecimal(quantity), new BigDecimal("50"),
            now.plus(Duration.ofHours(4)), tick()),
        new BotEvent.ExecutionApproved(botId, reviewId, new BigDecimal(quantity), new BigDecimal("50"), "alice", false, tick()),
        new BotEvent.OrderIntended(botId, order, tick()),
        new BotEvent.OrderAccepted(botId, order.clientOrderId(), "v-" + order.clientOrderId(), tick()));
  }

  /** A signal the guardian denies: back to IDLE with the reason. */
  List<BotEvent> entryDenied(String price) {
    String signalId = "s" + (++signals);
    var signal = new Signal(signalId, botId, SYMBOL, SignalAction.ENTER_LONG, new BigDecimal(price), null, null,
        "tradingview", tick());
    String reviewId = TradeProposal.reviewIdFor(botId, signalId);
    var proposal = new TradeProposal(reviewId, botId, signalId, VENUE, SYMBOL, Side.BUY, new BigDecimal(price), null,
        null, Sizing.fixedQuantity(BigDecimal.TEN), false, now);
    return List.of(
        new BotEvent.SignalIngested(botId, signal, false, now),
        new BotEvent.RiskCheckStarted(botId, proposal, tick()),
        new BotEvent.RiskRejected(botId, reviewId, DenialReason.MAX_NOTIONAL, "notional 125000 > max 100000", tick()),
        new BotEvent.ReturnedToIdle(botId, Phase.REJECTED, "risk denied: MAX_NOTIONAL", tick()));
  }

  /** A fill of the current order ({@code last}: it completes an entry, so the bot enters MONITORING). */
  List<BotEvent> fill(Side side, String quantity, String price, String commission, boolean completesEntry) {
    var fill = new Fill(botId + "-f" + (++fills), ClientOrderId.of(botId, orderSeq), SYMBOL, side,
        new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(commission), tick());
    List<BotEvent> events = new ArrayList<>();
    events.add(new BotEvent.FillApplied(botId, fill, now));
    if (completesEntry) events.add(new BotEvent.EnteredMonitoring(botId, "order filled", now));
    return events;
  }

  /** MONITORING → CLOSING on an exit signal, the reduce-only closing order intended and accepted. */
  List<BotEvent> exitStarted(Side closingSide, String quantity) {
    Order order = Order.market(ClientOrderId.of(botId, ++orderSeq), VENUE, SYMBOL, closingSide, new BigDecimal(quantity), true);
    return List.of(
        new BotEvent.ClosingStarted(botId, "x" + orderSeq, "exit signal x" + orderSeq, tick()),
        new BotEvent.OrderIntended(botId, order, now),
        new BotEvent.OrderAccepted(botId, order.clientOrderId(), null, tick()));
  }

  /** The closing fill that flattens the position: CLOSING → IDLE. */
  List<BotEvent> closingFill(Side side, String quantity, String price, String commission) {
    List<BotEvent> events = new ArrayList<>(fill(side, quantity, price, commission, false));
    events.add(new BotEvent.ReturnedToIdle(botId, Phase.CLOSING, "position closed", now));
    return events;
  }

  /**
   * Two trades: long 10 (4 @ 100, 6 @ 100.5) closed at 105, P&amp;L 44 net of 3 commission; then short 5 at
   * 110 closed at 112, P&amp;L -11 net of 1. The second closes {@code gap} after the first.
   */
  List<BotEvent> twoTrades(Duration gap) {
    List<BotEvent> all = new ArrayList<>();
    all.addAll(created());
    all.addAll(entryApproved(Side.BUY, "10", "100"));
    all.addAll(fill(Side.BUY, "4", "100", "1", false));
    all.addAll(fill(Side.BUY, "6", "100.5", "1", true));
    all.addAll(exitStarted(Side.SELL, "10"));
    all.addAll(closingFill(Side.SELL, "10", "105", "1"));
    advance(gap);
    all.addAll(entryApproved(Side.SELL, "5", "110"));
    all.addAll(fill(Side.SELL, "5", "110", "0.5", true));
    all.addAll(exitStarted(Side.BUY, "5"));
    all.addAll(closingFill(Side.BUY, "5", "112", "0.5"));
    return all;
  }
}
