package io.dorado.actors.strategy.marketdata;

import io.dorado.actors.strategy.marketdata.Ta4jHistory.Trade;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One live source: a venue's public trade stream built into time bars ({@link LiveBars}) and published into the
 * instrument's market-data actor like every other feed (so {@link PriceRelay} marks the guardian and quotes the
 * venues, and the paper venue fills against the live price). A venue whose stream has the best bid and ask (IBKR,
 * OANDA) also publishes them as quotes while connected ({@link MarketData.PublishQuote}): the paper venue then fills
 * against the live bid/ask rather than a bar's close ± half the spread. A bar closes on the node clock at its end (plus
 * {@code grace}, for trades in flight), whether or not another trade comes. A failed or dropped stream is reopened
 * after a backoff ({@code backoffMin} doubling to {@code backoffMax}); every connection's gap is back-filled from the
 * venue's REST history under {@link LiveBars}' rule (no bar missing, none twice), the back-fill retried
 * {@code backFillAttempts} times before the gap is given up (logged, counted).
 */
public final class LiveFeedActor extends AbstractBehavior<LiveFeedActor.Command> {

  /** Local-only commands (never cross the network: no serialization). */
  public sealed interface Command {}

  /** Asks how the feed is doing (tests, health). */
  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** How the feed is doing. */
  public record Status(String symbol, boolean connected, int connections, int disconnects, int published,
      int backFilled, int givenUp, int lateTrades, String lastError) {}

  private record Connect() implements Command {}

  private record Connected(long connection) implements Command {}

  private record Dropped(long connection, String reason) implements Command {}

  private record TradeSeen(long connection, Trade trade) implements Command {}

  private record QuoteSeen(long connection, java.time.Instant at, java.math.BigDecimal bid, java.math.BigDecimal ask)
      implements Command {}

  private record Alive(long connection, java.time.Instant at) implements Command {}

  private record CloseBars() implements Command {}

  private record FetchGap(LiveBars.Gap gap, int attempt) implements Command {}

  private record Fetched(LiveBars.Gap gap, int attempt, List<Bar> bars, String error) implements Command {}

  /**
   * @param grace how long after a bar's end trades of it may still arrive before it closes
   * @param backFillDelay how long after a gap's end its history is asked for (the venue's REST history may lag its
   *     stream by a moment; a bar read too early would miss its last trades)
   * @param backoffMin first wait before reopening a failed stream (doubles each failure up to {@code backoffMax})
   */
  public record Settings(Duration grace, Duration backFillDelay, Duration backoffMin, Duration backoffMax,
      int backFillAttempts, Clock clock) {
    public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), Duration.ofSeconds(2),
        Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Clock.systemUTC());

    /** From {@code dorado.market-data.live} ({@link #DEFAULT} where a key is absent). */
    public static Settings from(com.typesafe.config.Config config) {
      String p = "dorado.market-data.live.";
      return new Settings(
          config.hasPath(p + "grace") ? config.getDuration(p + "grace") : DEFAULT.grace(),
          config.hasPath(p + "back-fill-delay") ? config.getDuration(p + "back-fill-delay") : DEFAULT.backFillDelay(),
          config.hasPath(p + "backoff-min") ? config.getDuration(p + "backoff-min") : DEFAULT.backoffMin(),
          config.hasPath(p + "backoff-max") ? config.getDuration(p + "backoff-max") : DEFAULT.backoffMax(),
          config.hasPath(p + "back-fill-attempts") ? config.getInt(p + "back-fill-attempts") : DEFAULT.backFillAttempts(),
          Clock.systemUTC());
    }

    /** {@code dorado.market-data.live.connect-timeout} (10 s when absent). */
    public static Duration connectTimeout(com.typesafe.config.Config config) {
      String key = "dorado.market-data.live.connect-timeout";
      return config.hasPath(key) ? config.getDuration(key) : Duration.ofSeconds(10);
    }
  }

  public static Behavior<Command> create(String symbol, String venueSymbol, Duration bar, LiveVenue venue,
      ActorRef<MarketData.Command> target, Settings settings) {
    return create(symbol, venueSymbol, bar, 0, venue, target, settings);
  }

  /** @param warmUp bars of history the first connection back-fills before the stream's (see {@link LiveBars}) */
  public static Behavior<Command> create(String symbol, String venueSymbol, Duration bar, int warmUp, LiveVenue venue,
      ActorRef<MarketData.Command> target, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new LiveFeedActor(ctx, timers, symbol, venueSymbol, bar, warmUp, venue, target, settings)));
  }

  private final TimerScheduler<Command> timers;
  private final String venueSymbol;
  private final Duration bar;
  private final LiveVenue venue;
  private final ActorRef<MarketData.Command> target;
  private final Settings settings;
  private final LiveBars bars;
  private final Executor blocking;
  private final String symbol;

  private long connection;
  private LiveVenue.Connection open;
  private boolean connected;
  private Duration backoff;
  private int connections;
  private int disconnects;
  private int published;
  private int backFilled;
  private String lastError;

  private LiveFeedActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, String symbol, String venueSymbol,
      Duration bar, int warmUp, LiveVenue venue, ActorRef<MarketData.Command> target, Settings settings) {
    super(ctx);
    this.timers = timers;
    this.symbol = symbol;
    this.venueSymbol = venueSymbol;
    this.bar = bar;
    this.venue = venue;
    this.target = target;
    this.settings = settings;
    this.bars = new LiveBars(symbol, bar, Math.min(warmUp, LiveBars.MAX_GAP_BARS - 1), venue.probes());
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.backoff = settings.backoffMin();
    ctx.getSelf().tell(new Connect());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, c -> onConnect())
        .onMessage(Connected.class, c -> onConnected(c))
        .onMessage(Dropped.class, c -> onDropped(c))
        .onMessage(TradeSeen.class, c -> {
          if (c.connection() == connection && connected) {
            publish(bars.trade(c.trade()));
            scheduleClose();
          }
          return this;
        })
        .onMessage(QuoteSeen.class, c -> {
          if (c.connection() == connection && connected && c.bid().signum() > 0 && c.ask().compareTo(c.bid()) >= 0) {
            target.tell(new MarketData.PublishQuote(new io.dorado.protocol.market.Quote(symbol, c.bid(), c.ask(), c.at())));
          }
          return this;
        })
        .onMessage(Alive.class, c -> {
          if (c.connection() == connection && connected) publish(bars.alive(c.at()));
          return this;
        })
        .onMessage(CloseBars.class, c -> {
          publish(bars.tick(settings.clock().instant(), settings.grace()));
          if (bars.awaitingLife() && open != null) open.probe(); // a bar closed by the clock waits for a sign of life
          scheduleClose();
          return this;
        })
        .onMessage(FetchGap.class, this::onFetchGap)
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(GetStatus.class, c -> {
          c.replyTo().tell(new Status(symbol, connected, connections, disconnects, published, backFilled, bars.givenUp(),
              bars.lateTrades(), lastError));
          return this;
        })
        .onSignal(PostStop.class, s -> {
          if (open != null) open.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onConnect() {
    long id = ++connection;
    ActorRef<Command> self = getContext().getSelf();
    open = venue.open(venueSymbol, new LiveVenue.Sink() {
      @Override
      public void connected() {
        self.tell(new Connected(id));
      }

      @Override
      public void trade(Trade trade) {
        self.tell(new TradeSeen(id, trade));
      }

      @Override
      public void quote(java.time.Instant at, java.math.BigDecimal bid, java.math.BigDecimal ask) {
        self.tell(new QuoteSeen(id, at, bid, ask));
      }

      @Override
      public void alive(java.time.Instant at) {
        self.tell(new Alive(id, at));
      }

      @Override
      public void dropped(String reason) {
        self.tell(new Dropped(id, reason));
      }
    });
    return this;
  }

  private Behavior<Command> onConnected(Connected c) {
    if (c.connection() != connection) return this;
    connected = true;
    connections++;
    backoff = settings.backoffMin();
    LiveBars.Gap gap = bars.connected(settings.clock().instant());
    getContext().getLog().info("live {} ({}): stream open; back-filling {} .. {} once it has closed", symbol, venueSymbol,
        gap.from(), gap.to());
    timers.startSingleTimer("gap", new FetchGap(gap, 1), until(gap.to().plus(settings.backFillDelay())));
    return this;
  }

  private Behavior<Command> onDropped(Dropped d) {
    if (d.connection() != connection) return this;
    if (connected) disconnects++;
    connected = false;
    lastError = d.reason();
    bars.disconnected();
    timers.cancel("close");
    if (open != null) open.close();
    getContext().getLog().warn("live {} ({}): stream lost ({}); reopening in {}", symbol, venueSymbol, d.reason(), backoff);
    timers.startSingleTimer("connect", new Connect(), backoff);
    backoff = backoff.multipliedBy(2).compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : backoff.multipliedBy(2);
    return this;
  }

  private Behavior<Command> onFetchGap(FetchGap f) {
    if (!bars.pending().map(f.gap()::equals).orElse(false)) return this;
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        // the venue names its bars by its own symbol (BTCUSDT, XBT/USD); ours carry the instrument's
        return venue.history(venueSymbol, bar, f.gap()).stream().map(b -> new Bar(symbol, b.end(), b.period(), b.open(),
            b.high(), b.low(), b.close(), b.volume())).toList();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking), (list, err) -> err == null ? new Fetched(f.gap(), f.attempt(), list, null)
        : new Fetched(f.gap(), f.attempt(), List.of(), LiveVenue.describe(err)));
    return this;
  }

  private Behavior<Command> onFetched(Fetched f) {
    if (f.error() == null) {
      List<Bar> out = bars.backFilled(f.gap(), f.bars());
      backFilled += bars.lastBackFilled();
      publish(out);
      return this;
    }
    lastError = f.error();
    if (f.attempt() < settings.backFillAttempts()) {
      Duration wait = settings.backoffMin().multipliedBy(1L << Math.min(f.attempt() - 1, 5));
      getContext().getLog().warn("live {}: back-fill of {} .. {} failed ({}); retrying in {}", symbol, f.gap().from(),
          f.gap().to(), f.error(), wait);
      timers.startSingleTimer("gap", new FetchGap(f.gap(), f.attempt() + 1), wait);
    } else {
      getContext().getLog().error("live {}: back-fill of {} .. {} failed {} times ({}); those bars are missing", symbol,
          f.gap().from(), f.gap().to(), f.attempt(), f.error());
      publish(bars.gaveUp(f.gap()));
    }
    return this;
  }

  private void publish(List<Bar> out) {
    for (Bar b : out) {
      getContext().getLog().debug("live {}: bar {}", symbol, b);
      target.tell(new MarketData.PublishBar(b));
      published++;
    }
  }

  private void scheduleClose() {
    bars.closesAt().ifPresentOrElse(
        end -> timers.startSingleTimer("close", new CloseBars(), until(end.plus(settings.grace()))),
        () -> timers.cancel("close"));
  }

  private Duration until(java.time.Instant at) {
    Duration d = Duration.between(settings.clock().instant(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
