package io.dorado.actors.strategy.regime;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The regime radar (PRD §3.5): on its timer or on demand it asks every instrument's market-data actor
 * for its history, computes the macro regime (HMM), a Hurst trend state per instrument and the
 * correlation regime, and publishes the snapshot on the {@link RegimeRadar#TOPIC} topic. Meant to
 * run as a cluster singleton; nothing waits on it (readers keep the latest snapshot and treat a stale
 * one as missing). A refresh asked for while one is running is answered by that one.
 */
public final class RegimeRadarActor extends AbstractBehavior<RegimeRadar.Command> {
  private final Map<String, ActorRef<MarketData.Command>> instruments;
  private final RegimeSettings settings;
  private final ActorRef<Topic.Command<RegimeSnapshot>> topic;
  private final List<ActorRef<RegimeRadar.Latest>> waiting = new ArrayList<>();
  private long round;
  private boolean busy;
  private RegimeSnapshot latest;
  private String note = "no snapshot yet";

  public static Behavior<RegimeRadar.Command> create(
      Map<String, ActorRef<MarketData.Command>> instruments,
      RegimeSettings settings,
      ActorRef<Topic.Command<RegimeSnapshot>> topic) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay("refresh", new RegimeRadar.Refresh(null), settings.refreshInterval());
      return Behaviors.setup(ctx -> new RegimeRadarActor(ctx, instruments, settings, topic));
    });
  }

  /** The topic actor regime snapshots go through; spawn one per node with this. */
  public static Behavior<Topic.Command<RegimeSnapshot>> topic() {
    return Topic.create(RegimeSnapshot.class, RegimeRadar.TOPIC);
  }

  private RegimeRadarActor(ActorContext<RegimeRadar.Command> ctx, Map<String, ActorRef<MarketData.Command>> instruments,
      RegimeSettings settings, ActorRef<Topic.Command<RegimeSnapshot>> topic) {
    super(ctx);
    this.instruments = Map.copyOf(instruments);
    this.settings = settings;
    this.topic = topic;
  }

  @Override
  public Receive<RegimeRadar.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RegimeRadar.Refresh.class, this::refresh)
        .onMessage(RegimeRadar.GetLatest.class, c -> {
          c.replyTo().tell(new RegimeRadar.Latest(latest, note));
          return this;
        })
        .onMessage(RegimeRadar.HistoryCollected.class, this::collected)
        .build();
  }

  private Behavior<RegimeRadar.Command> refresh(RegimeRadar.Refresh c) {
    if (c.replyTo() != null) waiting.add(c.replyTo());
    if (busy) return this;
    busy = true;
    long thisRound = ++round;
    var asks = new LinkedHashMap<String, CompletableFuture<MarketData.Bars>>();
    instruments.forEach((symbol, md) -> {
      CompletionStage<MarketData.Bars> ask = AskPattern.ask(md, replyTo -> new MarketData.GetBars(settings.historyBars(),
          replyTo), settings.askTimeout(), getContext().getSystem().scheduler());
      asks.put(symbol, ask.toCompletableFuture().exceptionally(e -> null));
    });
    CompletableFuture<Void> all = CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new));
    getContext().pipeToSelf(all, (ok, err) -> {
      var history = new ArrayList<MarketData.Bars>();
      var missing = new ArrayList<String>();
      asks.forEach((symbol, f) -> {
        MarketData.Bars bars = f.getNow(null);
        if (bars == null) missing.add(symbol);
        else history.add(bars);
      });
      return new RegimeRadar.HistoryCollected(thisRound, history, missing);
    });
    return this;
  }

  private Behavior<RegimeRadar.Command> collected(RegimeRadar.HistoryCollected c) {
    if (c.round() != round) return this;
    busy = false;
    var history = new LinkedHashMap<String, List<Bar>>();
    for (MarketData.Bars b : c.history()) history.put(b.symbol(), b.bars());
    try {
      RegimeModel.Result result = RegimeModel.compute(history, settings, settings.clock().instant());
      latest = result.snapshot();
      var notes = new ArrayList<>(result.notes());
      c.missing().forEach(s -> notes.add(s + ": market data did not answer"));
      note = String.join("; ", notes);
      topic.tell(Topic.publish(latest));
      if (!notes.isEmpty()) getContext().getLog().info("regime radar published with gaps: {}", note);
    } catch (RuntimeException e) {
      // keep the previous snapshot: readers see it age and stop relying on it
      note = "refresh failed: " + e;
      getContext().getLog().warn("regime radar refresh failed", e);
    }
    for (ActorRef<RegimeRadar.Latest> w : waiting) w.tell(new RegimeRadar.Latest(latest, note));
    waiting.clear();
    return this;
  }
}
