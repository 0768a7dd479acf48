package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.BarHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataHub;
import io.dorado.protocol.market.MarketDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The market data of a universe in one place (run it as a cluster singleton, so each replay or poll
 * happens once): a market-data actor and a feed per underlying ({@link MarketDataFeeds}), and the
 * {@code prices} relay subscribed to all of them. Commands for one instrument arrive as
 * {@link MarketDataHub.Route}; {@link #forwarder} gives other actors a plain market-data ref for it.
 */
public final class MarketDataHubActor {
  private MarketDataHubActor() {}

  /**
   * @param prices subscribed to every instrument (marks the guardian, quotes the paper venue); may be null
   */
  public static Behavior<MarketDataHub.Command> create(Map<String, MarketDataSource> sources, int capacity, int preload,
      Behavior<MarketData.Event> prices) {
    return create(sources, capacity, preload, prices, Map.of(), BarHistory.NONE, 0);
  }

  /**
   * @param timeframes per underlying, the longer bar lengths its templates read (routed as {@code BTC@5m}, see
   *     {@link MarketDataFeeds})
   * @param history where live and polled bars are kept; {@code warmUp} of each series are read back at the start
   */
  public static Behavior<MarketDataHub.Command> create(Map<String, MarketDataSource> sources, int capacity, int preload,
      Behavior<MarketData.Event> prices, Map<String, Set<Duration>> timeframes, BarHistory history, int warmUp) {
    return Behaviors.setup(ctx -> {
      // The relay subscribes before any feed starts, so it sees the preloaded bars too.
      ActorRef<MarketData.Event> relay = prices == null ? null : ctx.spawn(prices, "prices");
      Map<String, ActorRef<MarketData.Command>> instruments = MarketDataFeeds.spawn(ctx, sources, capacity, preload, null,
          relay, timeframes, history, warmUp);
      return Behaviors.receive(MarketDataHub.Command.class)
          .onMessage(MarketDataHub.Route.class, r -> {
            ActorRef<MarketData.Command> md = instruments.get(r.symbol());
            if (md == null) ctx.getLog().warn("market data for unknown symbol {}: {} dropped", r.symbol(), r.command());
            else md.tell(r.command());
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A market-data ref for {@code symbol} that routes through {@code hub} (one per symbol and node). */
  public static Behavior<MarketData.Command> forwarder(String symbol, ActorRef<MarketDataHub.Command> hub) {
    return Behaviors.receiveMessage(c -> {
      hub.tell(new MarketDataHub.Route(symbol, c));
      return Behaviors.same();
    });
  }
}
