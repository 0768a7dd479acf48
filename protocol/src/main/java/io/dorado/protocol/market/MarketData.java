package io.dorado.protocol.market;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dorado.protocol.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The protocol of a market-data actor: one per instrument. Sources (replay, CSV, live polling)
 * publish bars and quotes into it; it keeps a rolling history and forwards each to its subscribers.
 */
public final class MarketData {
  private MarketData() {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(PublishBar.class),
    @JsonSubTypes.Type(PublishQuote.class),
    @JsonSubTypes.Type(Subscribe.class),
    @JsonSubTypes.Type(Unsubscribe.class),
    @JsonSubTypes.Type(GetBars.class),
    @JsonSubTypes.Type(SubscriberGone.class)
  })
  public sealed interface Command extends CborSerializable {}

  /** A closed bar from a source. A bar not after the last one is ignored (sources may overlap). */
  public record PublishBar(Bar bar) implements Command {}

  public record PublishQuote(Quote quote) implements Command {}

  /** Every bar and quote from now on goes to {@code subscriber} until it stops or unsubscribes. */
  public record Subscribe(ActorRef<Event> subscriber) implements Command {}

  public record Unsubscribe(ActorRef<Event> subscriber) implements Command {}

  /** The last {@code count} bars (fewer when the history is shorter), oldest first. */
  public record GetBars(int count, ActorRef<Bars> replyTo) implements Command {}

  /** Internal: a subscriber stopped. */
  public record SubscriberGone(ActorRef<Event> subscriber) implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(BarClosed.class),
    @JsonSubTypes.Type(QuoteUpdated.class)
  })
  public sealed interface Event extends CborSerializable {
    String symbol();
  }

  public record BarClosed(Bar bar) implements Event {
    @Override
    public String symbol() {
      return bar.symbol();
    }
  }

  public record QuoteUpdated(Quote quote) implements Event {
    @Override
    public String symbol() {
      return quote.symbol();
    }
  }

  /**
   * The newest bars. {@code lastArrival}: when the newest of them reached the market-data actor, on its node's clock
   * (null: no bar yet, or an actor that does not stamp); {@code speed}: how many times faster than real time its
   * source plays (a replay's speed; 1 for live data). The scan judges freshness by these, not by the bars' own
   * (market) times, so a replay of 2013 is fresh while it plays and stale once it ends.
   */
  public record Bars(String symbol, List<Bar> bars, java.time.Instant lastArrival, Double speed)
      implements CborSerializable {
    public Bars {
      bars = List.copyOf(bars);
      speed = speed == null || !(speed > 0) ? 1.0 : speed;
    }

    public Bars(String symbol, List<Bar> bars) {
      this(symbol, bars, null, null);
    }
  }
}
