package io.dorado.actors.strategy.scan;

import java.time.Instant;

/**
 * Where a scan gets a bot's option chain. The default builds a {@link SyntheticChain} at the scan's time (fresh by
 * construction, greeks model-computed by construction); a venue-backed source returns what the venue quoted.
 */
@FunctionalInterface
public interface ChainSource {
  /** The chain of {@code ctx}'s underlying with expiries in [minDte, maxDte]; null when there is none. */
  OptionChain chain(BotContext ctx, int minDte, int maxDte, Instant now);

  /**
   * Why {@code ctx} has no chain, when that is something to report (a venue's chain that failed or did not arrive): the
   * bot's option structures are then refused with it. Null: no chain, nothing to say (no candidates, as before).
   */
  default String missing(BotContext ctx) {
    return null;
  }

  ChainSource SYNTHETIC = (ctx, minDte, maxDte, now) -> {
    var t = ctx.technicals();
    if (!io.dorado.actors.strategy.indicators.Technicals.has(t.realizedVolPct())) return null;
    var calendar = ctx.underlying().tradingCalendar(); // the market's date; its holidays move an expiry a day earlier
    var asOf = ctx.bars().get(ctx.bars().size() - 1).end().atZone(calendar.zone()).toLocalDate();
    return SyntheticChain.build(ctx.symbol(), t.close(), asOf, t.realizedVolPct() / 100, minDte, maxDte, now, calendar);
  };
}
