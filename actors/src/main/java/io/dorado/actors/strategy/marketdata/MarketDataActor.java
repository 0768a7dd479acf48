package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The market data of one instrument: keeps the last {@code capacity} bars and forwards every new bar
 * and quote to its subscribers. Sources may overlap (a poll that returns bars already seen): a bar
 * that does not end after the last one is dropped, so subscribers see each bar once, in order. Each new bar's
 * arrival is stamped on the node's clock: {@link MarketData.Bars} tells it, with the source's speed.
 */
public final class MarketDataActor extends AbstractBehavior<MarketData.Command> {
  private final String symbol;
  private final int capacity;
  private final ArrayDeque<Bar> history;
  private final Set<ActorRef<MarketData.Event>> subscribers = new LinkedHashSet<>();
  private final double speed;
  private final Clock clock;
  private Instant lastArrival;

  /** Live data (speed 1), arrivals stamped on the system clock. */
  public static Behavior<MarketData.Command> create(String symbol, int capacity) {
    return create(symbol, capacity, 1.0, Clock.systemUTC());
  }

  /**
   * @param speed how many times faster than real time the source plays (a replay's speed), told with the bars
   * @param clock stamps each new bar's arrival: the node's clock, the one the scan judges freshness on
   */
  public static Behavior<MarketData.Command> create(String symbol, int capacity, double speed, Clock clock) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    return Behaviors.setup(ctx -> new MarketDataActor(ctx, symbol, capacity, speed, clock));
  }

  /** The actor name for an instrument's market data. */
  public static String name(String symbol) {
    return "market-data-" + symbol.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private MarketDataActor(ActorContext<MarketData.Command> context, String symbol, int capacity, double speed,
      Clock clock) {
    super(context);
    this.speed = speed;
    this.clock = clock;
    this.symbol = symbol;
    this.capacity = capacity;
    this.history = new ArrayDeque<>(Math.min(capacity, 4096));
  }

  @Override
  public Receive<MarketData.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MarketData.PublishBar.class, c -> onBar(c.bar()))
        .onMessage(MarketData.PublishQuote.class, c -> {
          if (c.quote().symbol().equals(symbol)) publish(new MarketData.QuoteUpdated(c.quote()));
          return this;
        })
        .onMessage(MarketData.Subscribe.class, c -> {
          if (subscribers.add(c.subscriber())) {
            getContext().watchWith(c.subscriber(), new MarketData.SubscriberGone(c.subscriber()));
          }
          return this;
        })
        .onMessage(MarketData.Unsubscribe.class, c -> {
          if (subscribers.remove(c.subscriber())) getContext().unwatch(c.subscriber());
          return this;
        })
        .onMessage(MarketData.SubscriberGone.class, c -> {
          subscribers.remove(c.subscriber());
          return this;
        })
        .onMessage(MarketData.GetBars.class, c -> {
          c.replyTo().tell(new MarketData.Bars(symbol, last(c.count()), lastArrival, speed));
          return this;
        })
        .build();
  }

  private Behavior<MarketData.Command> onBar(Bar bar) {
    if (!bar.symbol().equals(symbol)) {
      getContext().getLog().warn("market data for {} got a bar of {}: dropped", symbol, bar.symbol());
      return this;
    }
    Bar last = history.peekLast();
    if (last != null && !bar.end().isAfter(last.end())) return this;
    history.addLast(bar);
    lastArrival = clock.instant();
    while (history.size() > capacity) history.removeFirst();
    publish(new MarketData.BarClosed(bar));
    return this;
  }

  private void publish(MarketData.Event event) {
    for (ActorRef<MarketData.Event> s : subscribers) s.tell(event);
  }

  private List<Bar> last(int count) {
    int n = Math.max(0, Math.min(count, history.size()));
    var out = new ArrayList<Bar>(n);
    int skip = history.size() - n;
    for (Bar b : history) {
      if (skip-- > 0) continue;
      out.add(b);
    }
    return out;
  }
}
