package io.dorado.fleet.backtest;

import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One bot's side of a backtest, read from its settled state after each bar: a trade opens when its position leaves
 * flat and closes when it is flat again (its P&L is the bot's realized P&L over that span, fills and fees included);
 * its equity is the fleet's starting cash plus its realized and open P&L at the bar's close.
 */
final class BotLedger {
  final String botId;
  final String symbol;
  private final BigDecimal startingCash;
  final List<BacktestReport.Trade> trades = new ArrayList<>();
  final List<BigDecimal> equity = new ArrayList<>();
  private int barsInMarket;
  private BacktestReport.Trade open;
  private BigDecimal realizedAtOpen = BigDecimal.ZERO;
  private BigDecimal realizedBefore = BigDecimal.ZERO;

  BotLedger(String botId, String symbol, BigDecimal startingCash) {
    this.botId = botId;
    this.symbol = symbol;
    this.startingCash = startingCash;
  }

  /** The bot as settled after a bar (of any symbol) closing at {@code at}; {@code mark}: its symbol's last close. */
  void record(BotState state, Instant at, BigDecimal mark) {
    Position p = state.data().position();
    BigDecimal realized = state.data().realizedPnl();
    if (open == null && !p.isFlat()) {
      open = new BacktestReport.Trade(at, null, p.quantity(), p.averagePrice(), null, null);
      realizedAtOpen = realizedBefore; // the entry's fee is the trade's: it is in this bar's realized P&L
    } else if (open != null && p.isFlat()) {
      String why = state.data().lastOutcome() == null ? null : state.data().lastOutcome().reason();
      trades.add(new BacktestReport.Trade(open.openedAt(), at, open.quantity(), open.entryPrice(),
          realized.subtract(realizedAtOpen), why));
      open = null;
    }
    realizedBefore = realized;
    if (!p.isFlat()) barsInMarket++;
    BigDecimal unrealized = p.isFlat() || mark == null ? BigDecimal.ZERO : p.unrealizedPnl(mark);
    equity.add(startingCash.add(realized).add(unrealized));
  }

  boolean holding() {
    return open != null;
  }

  int barsInMarket() {
    return barsInMarket;
  }
}
