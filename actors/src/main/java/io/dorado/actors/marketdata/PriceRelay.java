package io.dorado.actors.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Turns market data into what the order path needs: every closed bar marks the guardian at its close
 * and quotes the instrument's venue at the close ± half of {@code spreadBps} (bars carry no bid and
 * ask; the paper venue fills against this quote). Quotes, when a source has them, go through as they are.
 * Times are the node's clock: the guardian's breakers count in wall-clock days, not replay time.
 */
public final class PriceRelay {
  private PriceRelay() {}

  /** @param venues venue per symbol */
  public static Behavior<MarketData.Event> create(ActorRef<RiskGuardian.Command> guardian,
      Map<String, ActorRef<Venue.Command>> venues, BigDecimal spreadBps, Clock clock) {
    return Behaviors.receive(MarketData.Event.class)
        .onMessage(MarketData.BarClosed.class, e -> {
          Bar bar = e.bar();
          var now = clock.instant();
          guardian.tell(new RiskGuardian.MarkPrice(bar.symbol(), bar.close(), now));
          ActorRef<Venue.Command> venue = venues.get(bar.symbol());
          if (venue != null) {
            BigDecimal half = halfSpread(bar.close(), spreadBps);
            venue.tell(new Venue.MarketPrice(bar.symbol(), bar.close().subtract(half), bar.close().add(half), now));
          }
          return Behaviors.same();
        })
        .onMessage(MarketData.QuoteUpdated.class, e -> {
          ActorRef<Venue.Command> venue = venues.get(e.symbol());
          var q = e.quote();
          if (venue != null) venue.tell(new Venue.MarketPrice(q.symbol(), q.bid(), q.ask(), clock.instant()));
          return Behaviors.same();
        })
        .build();
  }

  /** Half the spread, rounded to the price's own decimals (at least one unit of the last decimal). */
  static BigDecimal halfSpread(BigDecimal price, BigDecimal spreadBps) {
    int scale = Math.max(price.scale(), 2);
    BigDecimal half = price.multiply(spreadBps, MathContext.DECIMAL64).divide(BigDecimal.valueOf(20_000), MathContext.DECIMAL64)
        .setScale(scale, RoundingMode.HALF_EVEN);
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    return spreadBps.signum() == 0 ? BigDecimal.ZERO : half.max(unit);
  }
}
