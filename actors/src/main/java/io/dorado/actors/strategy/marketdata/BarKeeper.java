package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.BarHistory;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Timeframe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import kamon.Kamon;
import kamon.metric.Counter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The bar series of one underlying around its feed: its source's bars ({@code base}) and the longer timeframes its
 * templates ask for, each in its own market-data actor. In order, once:
 * <ol>
 *   <li><b>warm-up</b>: the newest {@code warmUp} bars of every series are read from the {@link BarHistory} and published
 *       into the series' market-data actors, so indicators have the history of the last run (a failed read is logged,
 *       and the series start empty);
 *   <li>it subscribes to every series, and only then starts the <b>feed</b> ({@code feed}, a child): the source's bars
 *       come after the stored ones (a market-data actor drops a bar not after its newest, so nothing is seen twice);
 *   <li><b>aggregation</b>: each bar of the source is built into every longer timeframe ({@link BarAggregation});
 *   <li><b>recording</b> (when {@code record}): every bar a series closes after the warm-up is saved, asynchronously, one
 *       write at a time with whatever closed meanwhile in it; the market data never waits for it. A failed write is
 *       logged and counted ({@code dorado.market-data.history.failed}), and its bars are not retried (the history has a
 *       hole there); at most {@link #MAX_PENDING} bars wait (the oldest are dropped and counted beyond that).
 * </ol>
 */
public final class BarKeeper extends AbstractBehavior<BarKeeper.Command> {

  /** Bars waiting for the write under way; beyond this the oldest are dropped (Cassandra away a long time). */
  static final int MAX_PENDING = 10_000;

  private static final Counter FAILED = Kamon.counter("dorado.market-data.history.failed",
      "closed bars the market-data history failed to keep (a write failed or too many waited)").withoutTags();

  /** Local-only commands (never cross the network). */
  public sealed interface Command {}

  /** Tests and health: how the series are kept. */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * @param warmedUp bars published from the history at the start, all series
   * @param saved bars written to the history since
   * @param failed bars whose write failed or that were dropped waiting
   */
  public record Status(String symbol, boolean started, int warmedUp, int saved, int failed, String lastError) {}

  private record Loaded(Map<Duration, List<Bar>> bars, String error) implements Command {}

  private record Closed(MarketData.Event event) implements Command {}

  private record Saved(int count, String error) implements Command {}

  /**
   * @param base the source's bar length (its bars arrive in {@code baseMd})
   * @param aggregated a market-data actor per longer timeframe, fed from the base bars
   * @param record whether closed bars are saved (live and polled sources; a replay's are not)
   * @param feed started once the warm-up is published (null: none, a test publishes itself)
   */
  public static Behavior<Command> create(String symbol, Duration base, ActorRef<MarketData.Command> baseMd,
      Map<Duration, ActorRef<MarketData.Command>> aggregated, BarHistory history, boolean record, int warmUp,
      Behavior<?> feed, String feedName) {
    return Behaviors.setup(ctx -> new BarKeeper(ctx, symbol, base, baseMd, aggregated, history, record, warmUp, feed, feedName));
  }

  /** The actor name of an underlying's keeper. */
  public static String name(String symbol) {
    return MarketDataActor.name(symbol) + "-keeper";
  }

  private final String symbol;
  private final Duration base;
  private final Map<Duration, ActorRef<MarketData.Command>> series = new LinkedHashMap<>();
  private final Map<Duration, BarAggregation> aggregations = new LinkedHashMap<>();
  private final BarHistory history;
  private final boolean record;
  private final Behavior<?> feed;
  private final String feedName;
  private final Map<Duration, Instant> kept = new HashMap<>(); // newest bar of each series already in the history
  private final List<Bar> pending = new ArrayList<>();
  private boolean started;
  private boolean writing;
  private int warmedUp;
  private int saved;
  private int failed;
  private String lastError;

  private BarKeeper(ActorContext<Command> ctx, String symbol, Duration base, ActorRef<MarketData.Command> baseMd,
      Map<Duration, ActorRef<MarketData.Command>> aggregated, BarHistory history, boolean record, int warmUp,
      Behavior<?> feed, String feedName) {
    super(ctx);
    this.symbol = symbol;
    this.base = base;
    this.history = history;
    this.record = record;
    this.feed = feed;
    this.feedName = feedName;
    series.put(base, baseMd);
    aggregated.forEach((tf, md) -> {
      if (tf.equals(base)) throw new IllegalArgumentException(symbol + ": " + Timeframe.label(tf) + " is the source's own bar");
      series.put(tf, md);
    });
    if (warmUp > 0) {
      var reads = new LinkedHashMap<Duration, CompletableFuture<List<Bar>>>();
      series.keySet().forEach(tf -> reads.put(tf, history.last(symbol, tf, warmUp).toCompletableFuture()));
      ctx.pipeToSelf(CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)), (ok, err) -> {
        var out = new LinkedHashMap<Duration, List<Bar>>();
        reads.forEach((tf, f) -> out.put(tf, f.isCompletedExceptionally() ? List.of() : f.join()));
        return new Loaded(out, err == null ? null : LiveVenue.describe(err));
      });
    } else {
      ctx.getSelf().tell(new Loaded(Map.of(), null));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Closed.class, c -> {
          if (c.event() instanceof MarketData.BarClosed b) onBar(b.bar());
          return this;
        })
        .onMessage(Saved.class, this::onSaved)
        .onMessage(GetStatus.class, c -> {
          c.replyTo().tell(new Status(symbol, started, warmedUp, saved, failed, lastError));
          return this;
        })
        .build();
  }

  private Behavior<Command> onLoaded(Loaded l) {
    if (started) return this;
    started = true;
    if (l.error() != null) {
      lastError = l.error();
      getContext().getLog().warn("market data {}: the bar history could not be read ({}); starting without it", symbol,
          l.error());
    }
    series.forEach((tf, md) -> {
      List<Bar> bars = l.bars().getOrDefault(tf, List.of());
      bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
      warmedUp += bars.size();
      if (!bars.isEmpty()) kept.put(tf, bars.get(bars.size() - 1).end());
    });
    if (warmedUp > 0) getContext().getLog().info("market data {}: {} bars warmed up from the history", symbol, warmedUp);
    ActorRef<MarketData.Event> self = getContext().messageAdapter(MarketData.Event.class, Closed::new);
    series.values().forEach(md -> md.tell(new MarketData.Subscribe(self)));
    series.keySet().stream().filter(tf -> !tf.equals(base)).forEach(tf -> aggregations.put(tf, new BarAggregation(symbol, tf)));
    if (feed != null) getContext().spawn(feed, feedName);
    return this;
  }

  private void onBar(Bar bar) {
    if (!bar.symbol().equals(symbol)) return;
    if (!aggregations.containsKey(bar.period())) { // a source bar: build it into the longer timeframes
      aggregations.forEach((tf, agg) -> agg.add(bar).ifPresentOrElse(
          out -> out.forEach(b -> series.get(tf).tell(new MarketData.PublishBar(b))),
          () -> getContext().getLog().warn("market data {}: a {} bar ending {} does not fit the {} timeframe: not aggregated",
              symbol, bar.period(), bar.end(), Timeframe.label(tf))));
    }
    if (!record) return;
    Instant before = kept.get(bar.period());
    if (before != null && !bar.end().isAfter(before)) return;
    kept.put(bar.period(), bar.end());
    pending.add(bar);
    while (pending.size() > MAX_PENDING) {
      pending.remove(0);
      failed++;
      FAILED.increment();
    }
    flush();
  }

  private void flush() {
    if (writing || pending.isEmpty()) return;
    writing = true;
    List<Bar> batch = List.copyOf(pending);
    pending.clear();
    getContext().pipeToSelf(history.save(batch), (ok, err) -> new Saved(batch.size(), err == null ? null : LiveVenue.describe(err)));
  }

  private Behavior<Command> onSaved(Saved s) {
    writing = false;
    if (s.error() == null) {
      saved += s.count();
    } else {
      failed += s.count();
      FAILED.increment(s.count());
      lastError = s.error();
      getContext().getLog().warn("market data {}: {} bars not kept in the history ({})", symbol, s.count(), s.error());
    }
    flush();
    return this;
  }
}
