package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.BarHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.market.Timeframe;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Spawns the market data of a universe under one parent: a {@link MarketDataActor} per underlying,
 * fed by a {@link ReplayActor} (replay and CSV sources, at the source's speed) or a
 * {@link PollingActor} (http sources) or a {@link LiveFeedActor} (binance, kraken, alpaca, oanda: the venue's live
 * trade or price stream built into bars, gaps back-filled over REST). What the run command calls with the universe's data sources.
 */
public final class MarketDataFeeds {
  private MarketDataFeeds() {}

  /**
   * @param capacity bars each market-data actor keeps
   * @param preload bars of a replay published at once, so indicators have history from the start; for a live
   *     source, bars of the venue's REST history its first connection back-fills
   * @param replayDone told when a replay has published its last bar (may be null)
   */
  public static Map<String, ActorRef<MarketData.Command>> spawn(ActorContext<?> ctx, Map<String, MarketDataSource> sources,
      int capacity, int preload, ActorRef<ReplayActor.Finished> replayDone) {
    return spawn(ctx, sources, capacity, preload, replayDone, null);
  }

  /** As above, with {@code subscriber} (may be null) subscribed to every instrument before its feed starts. */
  public static Map<String, ActorRef<MarketData.Command>> spawn(ActorContext<?> ctx, Map<String, MarketDataSource> sources,
      int capacity, int preload, ActorRef<ReplayActor.Finished> replayDone, ActorRef<MarketData.Event> subscriber) {
    return spawn(ctx, sources, capacity, preload, replayDone, subscriber, Map.of(), BarHistory.NONE, 0);
  }

  /**
   * As above, each underlying's feed under a {@link BarKeeper}: its bars also built into the longer {@code timeframes}
   * its templates ask for (each a series of its own, keyed {@link Timeframe#seriesKey} in the map returned; a timeframe
   * equal to the source's bar is the underlying's own series, under both keys), and, for live and polled sources, kept in
   * {@code history} and the newest {@code warmUp} of each series read back from it before the feed starts.
   *
   * @param subscriber subscribed to each underlying's own series only
   */
  public static Map<String, ActorRef<MarketData.Command>> spawn(ActorContext<?> ctx, Map<String, MarketDataSource> sources,
      int capacity, int preload, ActorRef<ReplayActor.Finished> replayDone, ActorRef<MarketData.Event> subscriber,
      Map<String, Set<Duration>> timeframes, BarHistory history, int warmUp) {
    var out = new LinkedHashMap<String, ActorRef<MarketData.Command>>();
    sources.forEach((symbol, source) -> {
      double speed = source.type() == MarketDataSource.Kind.HTTP ? 1.0 : source.speed(); // a replay's bars come faster
      ActorRef<MarketData.Command> md = ctx.spawn(MarketDataActor.create(symbol, capacity, speed, java.time.Clock.systemUTC()),
          MarketDataActor.name(symbol));
      if (subscriber != null) md.tell(new MarketData.Subscribe(subscriber));
      String feed = MarketDataActor.name(symbol) + "-" + source.type().name().toLowerCase();
      Behavior<?> behavior;
      Duration base;
      switch (source.type()) {
        case REPLAY, CSV -> {
          var bars = BarSources.history(source, symbol);
          if (bars.isEmpty()) return;
          base = bars.get(0).period();
          behavior = ReplayActor.create(bars, md, source.speed(), preload, new ReplayClock(bars.get(0).start()), replayDone);
        }
        case HTTP -> {
          base = source.bar() == null ? Duration.ofMinutes(1) : source.bar();
          var http = new HttpOhlcvFeed(URI.create(source.url()), base, Duration.ofSeconds(10));
          behavior = PollingActor.create(symbol, http, source.pollInterval(), md, null);
        }
        default -> { // BINANCE, KRAKEN, ALPACA, OANDA, IBKR
          var config = ctx.getSystem().settings().config(); // dorado.market-data.live
          base = source.bar();
          behavior = LiveFeedActor.create(symbol, source.symbol(), source.bar(), preload,
              LiveVenue.of(source, LiveFeedActor.Settings.connectTimeout(config)), md, LiveFeedActor.Settings.from(config));
        }
      }
      out.put(symbol, md);
      var aggregated = new LinkedHashMap<Duration, ActorRef<MarketData.Command>>();
      for (Duration tf : new TreeSet<>(timeframes.getOrDefault(symbol, Set.of()))) {
        if (tf.equals(base)) { // the source's own bars: the key names the underlying's series too
          out.put(Timeframe.seriesKey(symbol, tf), md);
          continue;
        }
        if (tf.compareTo(base) < 0 || tf.getSeconds() % base.getSeconds() != 0) {
          throw new IllegalArgumentException(symbol + ": a timeframe of " + Timeframe.label(tf) + " cannot be built from its "
              + "source's " + Timeframe.label(base) + " bars (it must be a whole multiple of them)");
        }
        String key = Timeframe.seriesKey(symbol, tf);
        var series = ctx.spawn(MarketDataActor.create(symbol, capacity, speed, java.time.Clock.systemUTC()),
            MarketDataActor.name(key));
        aggregated.put(tf, series);
        out.put(key, series);
      }
      boolean keep = source.type().live() || source.type() == MarketDataSource.Kind.HTTP;
      ctx.spawn(BarKeeper.create(symbol, base, md, aggregated, keep ? history : BarHistory.NONE, keep, keep ? warmUp : 0,
          behavior, feed), BarKeeper.name(symbol));
    });
    return Map.copyOf(out);
  }

  /** The symbols whose source is a finite history (these finish; http sources poll and live streams run forever). */
  public static List<String> finite(Map<String, MarketDataSource> sources) {
    return sources.entrySet().stream().filter(e -> e.getValue().type() != MarketDataSource.Kind.HTTP && !e.getValue().type().live())
        .map(Map.Entry::getKey).sorted().toList();
  }
}
