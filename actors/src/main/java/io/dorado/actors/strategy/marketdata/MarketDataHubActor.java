package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataHub;
import io.dorado.protocol.market.MarketDataSource;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
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
    return Behaviors.setup(ctx -> {
      // The relay subscribes before any feed starts, so it sees the preloaded bars too.
      Map<String, ActorRef<MarketData.Command>> instruments = spawn(ctx, sources, capacity, preload, prices);
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

  private static Map<String, ActorRef<MarketData.Command>> spawn(ActorContext<MarketDataHub.Command> ctx,
      Map<String, MarketDataSource> sources, int capacity, int preload, Behavior<MarketData.Event> prices) {
    if (prices == null) return MarketDataFeeds.spawn(ctx, sources, capacity, preload, null);
    ActorRef<MarketData.Event> relay = ctx.spawn(prices, "prices");
    return MarketDataFeeds.spawn(ctx, sources, capacity, preload, null, relay);
  }

  /** A market-data ref for {@code symbol} that routes through {@code hub} (one per symbol and node). */
  public static Behavior<MarketData.Command> forwarder(String symbol, ActorRef<MarketDataHub.Command> hub) {
    return Behaviors.receiveMessage(c -> {
      hub.tell(new MarketDataHub.Route(symbol, c));
      return Behaviors.same();
    });
  }
}
