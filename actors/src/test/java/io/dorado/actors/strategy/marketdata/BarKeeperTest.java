package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.BarHistory;
import io.dorado.protocol.market.MarketData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An underlying's keeper: the stored history comes before the feed's bars, the bars that close are kept (not the ones
 * read back), and a history that fails never stops the market data. (On the real Cassandra, across a restart:
 * {@code io.dorado.cluster.MarketDataHistoryRestartTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BarKeeperTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("bar-keeper", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  static Bar minute(String symbol, int i) {
    BigDecimal open = new BigDecimal("2000").add(BigDecimal.valueOf((i * 37) % 23));
    return new Bar(symbol, T0.plus(MINUTE.multipliedBy(i + 1)), MINUTE, open, open.add(BigDecimal.valueOf(3)),
        open.subtract(BigDecimal.ONE), open.add(BigDecimal.ONE), BigDecimal.valueOf(i % 4 + 1));
  }

  static List<Bar> minutes(String symbol, int from, int to) {
    var out = new ArrayList<Bar>();
    for (int i = from; i < to; i++) out.add(minute(symbol, i));
    return out;
  }

  /** A feed that publishes its bars when it starts. */
  static Behavior<Void> feed(List<Bar> bars, ActorRef<MarketData.Command> md) {
    return Behaviors.setup(ctx -> {
      bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
      return Behaviors.empty();
    });
  }

  /** Keeps bars in memory; {@code failing} refuses every write. */
  static final class MemoryHistory implements BarHistory {
    final List<Bar> kept = new CopyOnWriteArrayList<>();
    final boolean failing;

    MemoryHistory(boolean failing, List<Bar> initial) {
      this.failing = failing;
      kept.addAll(initial);
    }

    @Override
    public CompletionStage<Void> save(List<Bar> bars) {
      if (failing) return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is away"));
      kept.addAll(bars);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Bar>> last(String symbol, Duration period, int count) {
      var of = kept.stream().filter(b -> b.symbol().equals(symbol) && b.period().equals(period)).toList();
      return CompletableFuture.completedFuture(of.subList(Math.max(0, of.size() - count), of.size()));
    }
  }

  @Test
  void theStoredBarsComeFirstThenTheFeedsAndOnlyTheNewOnesAreKept() {
    var history = new MemoryHistory(false, minutes("BTC", 0, 10));
    var md = testKit.spawn(MarketDataActor.create("BTC", 100), "md-btc");
    var five = testKit.spawn(MarketDataActor.create("BTC", 100), "md-btc-5m");
    // the feed re-publishes two stored minutes (a venue's back-fill overlaps) and five new ones
    var keeper = testKit.spawn(BarKeeper.create("BTC", MINUTE, md, Map.of(Duration.ofMinutes(5), five), history, true, 1000,
        feed(minutes("BTC", 8, 15), md), "feed"), "keeper-btc");
    TestProbe<MarketData.Bars> bars = testKit.createTestProbe();
    TestProbe<BarKeeper.Status> status = testKit.createTestProbe();
    status.awaitAssert(() -> {
      keeper.tell(new BarKeeper.GetStatus(status.ref()));
      assertEquals(5 + 1, status.receiveMessage().saved(), "10:10..10:15 and the five minutes 10:10-10:15");
      return null;
    });
    md.tell(new MarketData.GetBars(100, bars.ref()));
    assertEquals(minutes("BTC", 0, 15), bars.receiveMessage().bars());
    five.tell(new MarketData.GetBars(100, bars.ref()));
    assertEquals(BarAggregation.aggregate(minutes("BTC", 10, 15), "BTC", Duration.ofMinutes(5)), bars.receiveMessage().bars());
    assertEquals(16, history.kept.size(), "10 stored + 5 new minutes + one 5m bar; none of the stored ones again");
  }

  @Test
  void aHistoryThatCannotBeWrittenNeverStopsTheMarketData() {
    var history = new MemoryHistory(true, List.of());
    var md = testKit.spawn(MarketDataActor.create("ETH", 100), "md-eth");
    TestProbe<MarketData.Event> subscriber = testKit.createTestProbe();
    md.tell(new MarketData.Subscribe(subscriber.ref()));
    var keeper = testKit.spawn(BarKeeper.create("ETH", MINUTE, md, Map.of(), history, true, 1000,
        feed(minutes("ETH", 0, 20), md), "feed"), "keeper-eth");
    for (int i = 0; i < 20; i++) {
      assertEquals(minute("ETH", i), ((MarketData.BarClosed) subscriber.receiveMessage()).bar());
    }
    TestProbe<BarKeeper.Status> status = testKit.createTestProbe();
    status.awaitAssert(() -> {
      keeper.tell(new BarKeeper.GetStatus(status.ref()));
      BarKeeper.Status s = status.receiveMessage();
      assertEquals(20, s.failed(), s.toString());
      assertEquals(0, s.saved());
      assertEquals("IllegalStateException: Cassandra is away", s.lastError());
      return null;
    });
  }
}
