package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import io.dorado.actors.strategy.indicators.Indicators;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Turns market data into what the order path needs: every closed bar marks the guardian at its close
 * and quotes the instrument's venue at the close ± half of {@code spreadBps} (bars carry no bid and
 * ask; the paper venue fills against this quote). Quotes, when a source has them, go through as they are, and from a
 * symbol's first quote on its bars no longer quote its venues (a live bid/ask is not overwritten by a bar's close ±
 * half the spread); they still mark the guardian.
 * Each bar also gives the venue the underlying's realized volatility and market time, which the paper
 * venue prices option combo legs with ({@link Venue.OptionInputs}).
 * Times are the node's clock: the guardian's breakers count in wall-clock days, not replay time, and its staleness rule
 * (orders.max_price_age) judges a mark's age on its own clock, the same one in the run command.
 */
public final class PriceRelay {
  private PriceRelay() {}

  /** @param venues venue per symbol */
  public static Behavior<MarketData.Event> create(ActorRef<RiskGuardian.Command> guardian,
      Map<String, ActorRef<Venue.Command>> venues, BigDecimal spreadBps, Clock clock) {
    var each = new HashMap<String, List<ActorRef<Venue.Command>>>();
    venues.forEach((symbol, venue) -> each.put(symbol, List.of(venue)));
    return toVenues(guardian, each, spreadBps, clock);
  }

  /**
   * As {@link #create}, quoting every venue listed for a symbol: the instrument's own and, for one on a real venue,
   * the paper venue its bots' paper twins trade on.
   *
   * @param venues the venues per symbol
   */
  public static Behavior<MarketData.Event> toVenues(ActorRef<RiskGuardian.Command> guardian,
      Map<String, List<ActorRef<Venue.Command>>> venues, BigDecimal spreadBps, Clock clock) {
    var recent = new HashMap<String, ArrayDeque<Bar>>();
    var quotedLive = new java.util.HashSet<String>();
    return Behaviors.receive(MarketData.Event.class)
        .onMessage(MarketData.BarClosed.class, e -> {
          Bar bar = e.bar();
          var now = clock.instant();
          guardian.tell(new RiskGuardian.MarkPrice(bar.symbol(), bar.close(), now));
          List<ActorRef<Venue.Command>> quoted = venues.getOrDefault(bar.symbol(), List.of());
          if (!quoted.isEmpty()) {
            var inputsOnly = quotedLive.contains(bar.symbol());
            BigDecimal half = halfSpread(bar.close(), spreadBps);
            var price = new Venue.MarketPrice(bar.symbol(), bar.close().subtract(half), bar.close().add(half), now);
            var inputs = optionInputs(recent, bar);
            for (ActorRef<Venue.Command> venue : quoted) {
              if (!inputsOnly) venue.tell(price);
              inputs.ifPresent(venue::tell);
            }
          }
          return Behaviors.same();
        })
        .onMessage(MarketData.QuoteUpdated.class, e -> {
          var q = e.quote();
          quotedLive.add(q.symbol());
          for (ActorRef<Venue.Command> venue : venues.getOrDefault(e.symbol(), List.of())) {
            venue.tell(new Venue.MarketPrice(q.symbol(), q.bid(), q.ask(), clock.instant()));
          }
          return Behaviors.same();
        })
        .build();
  }

  /**
   * The realized volatility the scan's synthetic chain would use now (the last {@link Indicators#WINDOW}
   * returns of these bars) and the bar's end as the market time: what the paper venue prices option legs with.
   */
  static java.util.Optional<Venue.OptionInputs> optionInputs(Map<String, ArrayDeque<Bar>> recent, Bar bar) {
    ArrayDeque<Bar> bars = recent.computeIfAbsent(bar.symbol(), s -> new ArrayDeque<>());
    bars.addLast(bar);
    while (bars.size() > Indicators.WINDOW + 16) bars.removeFirst();
    if (bars.size() <= Indicators.WINDOW + 1) return java.util.Optional.empty();
    double vol = Indicators.compute(List.copyOf(bars)).realizedVolPct() / 100;
    if (!(vol > 0)) return java.util.Optional.empty();
    return java.util.Optional.of(new Venue.OptionInputs(bar.symbol(), vol, bar.end()));
  }

  /** Half the spread, rounded to the price's own decimals (at least one unit of the last decimal). */
  public static BigDecimal halfSpread(BigDecimal price, BigDecimal spreadBps) {
    int scale = Math.max(price.scale(), 2);
    BigDecimal half = price.multiply(spreadBps, MathContext.DECIMAL64).divide(BigDecimal.valueOf(20_000), MathContext.DECIMAL64)
        .setScale(scale, RoundingMode.HALF_EVEN);
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    return spreadBps.signum() == 0 ? BigDecimal.ZERO : half.max(unit);
  }
}
