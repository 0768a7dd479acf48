package io.dorado.fleet.backtest;

import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Strategy;
import org.ta4j.core.indicators.ATRIndicator;

/**
 * The signals of a backtest: per underlying a ta4j series of its bars and the {@link BreakoutRules}; on each bar, a
 * flat bot whose entry rule holds gets an entry (price the close, stop and target by ATR), a holding bot whose exit
 * rule holds gets an exit. The bots then decide as they do live (their sizing, the guardian's approval).
 */
final class BacktestSignals {
  private final Map<String, BarSeries> series = new HashMap<>();
  private final Map<String, Strategy> strategies = new HashMap<>();
  private final Map<String, ATRIndicator> atrs = new HashMap<>();
  private final List<BotConfig> bots;
  private final BreakoutRules rules;
  private long sequence;

  BacktestSignals(List<BotConfig> bots, BreakoutRules rules) {
    this.bots = bots;
    this.rules = rules;
    for (BotConfig b : bots) {
      series.computeIfAbsent(b.underlying(), symbol -> {
        BarSeries s = BreakoutRules.series(symbol);
        strategies.put(symbol, rules.strategy(s));
        atrs.put(symbol, rules.atr(s));
        return s;
      });
    }
  }

  /** The signals {@code bar} gives the bots trading its symbol, in their configuration order. */
  List<Signal> onBar(Bar bar, Map<String, BotState> states) {
    BarSeries s = series.get(bar.symbol());
    if (s == null) return List.of();
    BreakoutRules.add(s, bar);
    int i = s.getEndIndex();
    Strategy strategy = strategies.get(bar.symbol());
    var signals = new ArrayList<Signal>();
    if (i < strategy.getUnstableBars()) return signals;
    for (BotConfig b : bots) {
      if (!b.underlying().equals(bar.symbol())) continue;
      BotState state = states.get(b.id());
      boolean flat = state.data().isFlat();
      if (flat && state.phase() != Phase.MONITORING && strategy.shouldEnter(i)) {
        signals.add(entry(b, bar, atrs.get(bar.symbol()).getValue(i).doubleValue()));
      } else if (!flat && state.phase() == Phase.MONITORING && strategy.shouldExit(i)) {
        signals.add(new Signal(id(b), b.id(), b.underlying(), SignalAction.EXIT, bar.close(), null, null, "backtest",
            bar.end()));
      }
    }
    return signals;
  }

  private Signal entry(BotConfig b, Bar bar, double atr) {
    BigDecimal close = bar.close();
    int scale = Math.max(close.scale(), 2);
    BigDecimal stop = close.subtract(BigDecimal.valueOf(rules.stopAtr() * atr)).setScale(scale, RoundingMode.HALF_EVEN);
    BigDecimal target = close.add(BigDecimal.valueOf(rules.targetAtr() * atr)).setScale(scale, RoundingMode.HALF_EVEN);
    if (stop.signum() <= 0 || stop.compareTo(close) >= 0) stop = null;
    return new Signal(id(b), b.id(), b.underlying(), SignalAction.ENTER_LONG, close, stop, target, "backtest", bar.end());
  }

  private String id(BotConfig b) {
    return "bt-" + b.id() + "-" + (++sequence);
  }
}
