package io.dorado.fleet.bench;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.ReplayActor;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.BaseTradingRecord;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.backtest.TradeOnCurrentCloseModel;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.HighestValueIndicator;
import org.ta4j.core.indicators.helpers.PreviousValueIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.rules.OverIndicatorRule;
import org.ta4j.core.rules.UnderIndicatorRule;

/**
 * P6: the fleet replaying real bars to {@code bots} strategy bots against plain ta4j backtests of the
 * same strategy on the same bars, in this JVM. Fleet: the bars go through the real {@link ReplayActor}
 * and {@link MarketDataActor} to a ta4j feed (each bar converted once) and on to one actor per bot, which
 * keeps its own bar series and evaluates the strategy on every closed bar (as a live bot would). ta4j: {@link BarSeriesManager#run} once per bot on
 * one series. Both count one evaluation per bar per bot, and both must find the same trades.
 *
 * <p>The strategy is the technical gate of the crypto momentum template as ta4j rules: enter on a close
 * above the 20-bar high with ADX(14) above 20, exit on a close below SMA(20).
 */
final class ReplaySpeed {
  /**
   * The strategy bots' dispatcher: a replay hands each bot thousands of bars at once, and letting a bot work
   * through 100 of them before the thread moves on keeps its indicator caches warm (the default, 5, cost
   * about a fifth of the speed). Defined in {@link FleetBenchmark}'s config.
   */
  static final String DISPATCHER = "dorado-bench-replay-dispatcher";

  /**
   * Bars a strategy bot keeps: its strategy looks back 28 bars at most, so 100 is plenty (the trades match
   * the full-history backtest's). Longer costs on every bar: once full, ta4j shifts each cached indicator's
   * values by one per bar, and with 500 bars that put the ratio at 0.70 against 0.92 in the same session.
   */
  static final int WINDOW = 100;

  private ReplaySpeed() {}

  /** The median round's figures, and the lowest and highest ratio among the measured rounds. */
  record Result(int bots, int bars, double fleetSeconds, double ta4jSeconds, long fleetPositions, long ta4jPositions,
      double lowestRatio, double highestRatio) {
    double ratio() {
      return fleetPerSecond() / ta4jPerSecond();
    }

    double fleetPerSecond() {
      return (double) bots * bars / fleetSeconds;
    }

    double ta4jPerSecond() {
      return (double) bots * bars / ta4jSeconds;
    }
  }

  /** Bitstamp BTC/USD trades of 2013-11-25..12-01 (ta4j-examples) as one-minute bars. */
  static List<Bar> bars() {
    return Ta4jHistory.bars(io.dorado.protocol.market.MarketDataSource.Dataset.BITSTAMP_BTC_TRADES_2013, "BTC",
        Duration.ofMinutes(1));
  }

  static Strategy strategy(BarSeries series) {
    var close = new ClosePriceIndicator(series);
    var high20 = new PreviousValueIndicator(new HighestValueIndicator(new HighPriceIndicator(series), 20), 1);
    var adx = new ADXIndicator(series, 14);
    var sma20 = new SMAIndicator(close, 20);
    var entry = new OverIndicatorRule(close, high20).and(new OverIndicatorRule(adx, 20));
    var exit = new UnderIndicatorRule(close, sma20);
    return new BaseStrategy("breakout-20 adx>20, exit below sma20", entry, exit, 28);
  }

  /**
   * Runs {@code warmups} uncounted rounds (the JIT compiles both sides: the first round is 2–3 times slower
   * than the fifth), then {@code rounds} measured ones, each the fleet then ta4j; the round with the median
   * ratio is returned, with the lowest and highest ratio seen.
   */
  static Result measure(ActorSystem<?> system, List<Bar> bars, int bots, int warmups, int rounds) throws Exception {
    List<Result> measured = new ArrayList<>();
    for (int round = 0; round < warmups + rounds; round++) {
      var positions = new AtomicLong();
      double fleet = fleet(system, bars, bots, positions);
      long t0 = System.nanoTime();
      long ta4jPositions = 0;
      BarSeries series = series(bars);
      for (int b = 0; b < bots; b++) {
        TradingRecord record = new BarSeriesManager(series, new TradeOnCurrentCloseModel()).run(strategy(series));
        ta4jPositions += record.getPositionCount();
      }
      double ta4j = (System.nanoTime() - t0) / 1e9;
      if (round >= warmups) measured.add(new Result(bots, bars.size(), fleet, ta4j, positions.get(), ta4jPositions, 0, 0));
    }
    measured.sort(java.util.Comparator.comparingDouble(Result::ratio));
    Result median = measured.get(measured.size() / 2);
    return new Result(bots, bars.size(), median.fleetSeconds(), median.ta4jSeconds(), median.fleetPositions(),
        median.ta4jPositions(), measured.get(0).ratio(), measured.get(measured.size() - 1).ratio());
  }

  private static double fleet(ActorSystem<?> system, List<Bar> bars, int bots, AtomicLong positions) throws Exception {
    long run = System.nanoTime();
    var marketData = system.systemActorOf(MarketDataActor.create("BTC", 500), "bench-md-" + run, Props.empty());
    var finished = new CountDownLatch(bots);
    List<ActorRef<org.ta4j.core.Bar>> strategyBots = new ArrayList<>();
    for (int b = 0; b < bots; b++) {
      strategyBots.add(system.systemActorOf(strategyBot(bars.size(), finished, positions), "bench-sb-" + run + "-" + b,
          DispatcherSelector.fromConfig(DISPATCHER)));
    }
    var feed = system.systemActorOf(ta4jFeed(strategyBots), "bench-feed-" + run, Props.empty());
    marketData.tell(new MarketData.Subscribe(feed));
    long t0 = System.nanoTime();
    // Speed without limit: the replay publishes every bar at once, in order.
    system.systemActorOf(ReplayActor.create(bars, marketData, Double.MAX_VALUE, bars.size(), null, null),
        "bench-replay-" + run, Props.empty());
    if (!finished.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the replay did not finish");
    return (System.nanoTime() - t0) / 1e9; // the market data actor and the feed stay, idle: their bots have stopped
  }

  /**
   * The node's ta4j view of one instrument's bars: each closed bar is converted once and the same
   * (never changed) ta4j bar goes to every strategy bot, as the ta4j baseline builds its one series once.
   */
  private static Behavior<MarketData.Event> ta4jFeed(List<ActorRef<org.ta4j.core.Bar>> strategyBots) {
    return Behaviors.setup(ctx -> {
      BarSeries converter = new BaseBarSeriesBuilder().withName("BTC").withNumTypeOf(DoubleNum::valueOf).build();
      converter.setMaximumBarCount(1);
      return Behaviors.receive(MarketData.Event.class)
          .onMessage(MarketData.BarClosed.class, m -> {
            add(converter, m.bar());
            org.ta4j.core.Bar bar = converter.getLastBar();
            for (var bot : strategyBots) bot.tell(bar);
            return Behaviors.same();
          })
          .onAnyMessage(m -> Behaviors.same())
          .build();
    });
  }

  /** A bot evaluating the strategy on each closed bar against its own series; stops after {@code total} bars. */
  private static Behavior<org.ta4j.core.Bar> strategyBot(int total, CountDownLatch finished, AtomicLong positions) {
    return Behaviors.setup(ctx -> {
      BarSeries series = new BaseBarSeriesBuilder().withName("BTC").withNumTypeOf(DoubleNum::valueOf).build();
      series.setMaximumBarCount(WINDOW);
      Strategy strategy = strategy(series);
      TradingRecord record = new BaseTradingRecord();
      int[] seen = {0};
      return Behaviors.receive(org.ta4j.core.Bar.class)
          .onAnyMessage(bar -> {
            series.addBar(bar);
            int i = series.getEndIndex();
            if (strategy.shouldOperate(i, record)) record.operate(i, series.getBar(i).getClosePrice(), series.one());
            if (++seen[0] < total) return Behaviors.same();
            positions.addAndGet(record.getPositionCount());
            finished.countDown();
            return Behaviors.stopped();
          })
          .build();
    });
  }

  static BarSeries series(List<Bar> bars) {
    BarSeries s = new BaseBarSeriesBuilder().withName("BTC").withNumTypeOf(DoubleNum::valueOf).build();
    for (Bar b : bars) add(s, b);
    return s;
  }

  private static void add(BarSeries s, Bar b) {
    s.addBar(b.period(), b.end().atZone(ZoneOffset.UTC), b.open().doubleValue(), b.high().doubleValue(),
        b.low().doubleValue(), b.close().doubleValue(), b.volume().doubleValue());
  }

  static List<Bar> firstBars(List<Bar> bars, int count) {
    return new ArrayList<>(bars.subList(0, Math.min(count, bars.size())));
  }
}
