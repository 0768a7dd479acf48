package io.dorado.actors.strategy.scan;

import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Underlying;
import io.dorado.protocol.strategy.StrategyTemplate;
import java.util.List;

/**
 * Everything the pipeline knows about one bot in one scan: its config, its template as it applies
 * in the current regime, its underlying, the bars and the indicators computed from them, and how far the bars can
 * be trusted ({@link DataQuality}: the data-quality gate and score), and whether its market is in session
 * ({@link MarketSession}: the session gate).
 */
public record BotContext(
    BotConfig bot, StrategyTemplate template, Underlying underlying, List<Bar> bars, Technicals technicals,
    DataQuality quality, MarketSession session) {

  public BotContext {
    session = session == null ? MarketSession.OFFLINE : session;
  }

  /** A context whose session is not judged. */
  public BotContext(BotConfig bot, StrategyTemplate template, Underlying underlying, List<Bar> bars, Technicals technicals,
      DataQuality quality) {
    this(bot, template, underlying, bars, technicals, quality, null);
  }

  /** Bars of a stored history (no arrival times): completeness judged, freshness not. */
  public BotContext(BotConfig bot, StrategyTemplate template, Underlying underlying, List<Bar> bars, Technicals technicals) {
    this(bot, template, underlying, bars, technicals, DataQuality.offline(bars, DataQuality.Limits.DEFAULT));
  }

  public String symbol() {
    return underlying.symbol();
  }
}
