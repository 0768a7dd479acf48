package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.MarketDataSource;
import io.dorado.protocol.market.MarketDataSource.Dataset;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A universe's data sources become market-data actors fed by replays of the real histories. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketDataFeedsTest {
  private final ActorTestKit testKit = ActorTestKit.create("feeds", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everySourceIsReplayedIntoItsInstrumentsMarketData() throws Exception {
    var sources = Map.of(
        "AAPL", MarketDataSource.replay(Dataset.AAPL_DAILY_2013, null, 86400.0 * 1000),
        "ETH", MarketDataSource.replay(Dataset.ETH_USD_5M_2023, null, 300.0 * 1000));
    TestProbe<ReplayActor.Finished> done = testKit.createTestProbe();
    var spawned = new java.util.concurrent.CompletableFuture<Map<String, ActorRef<MarketData.Command>>>();
    testKit.spawn(Behaviors.setup(ctx -> {
      spawned.complete(MarketDataFeeds.spawn(ctx, sources, 1000, 50, done.ref()));
      return Behaviors.empty();
    }));
    Map<String, ActorRef<MarketData.Command>> md = spawned.get(10, java.util.concurrent.TimeUnit.SECONDS);
    Set<String> finished = new HashSet<>();
    finished.add(done.receiveMessage(Duration.ofSeconds(30)).symbol());
    finished.add(done.receiveMessage(Duration.ofSeconds(30)).symbol());
    assertEquals(Set.of("AAPL", "ETH"), finished);
    TestProbe<MarketData.Bars> bars = testKit.createTestProbe();
    md.get("AAPL").tell(new MarketData.GetBars(1000, bars.ref()));
    assertEquals(252, bars.receiveMessage().bars().size());
    md.get("ETH").tell(new MarketData.GetBars(1000, bars.ref()));
    assertEquals(580, bars.receiveMessage().bars().size());
  }

  @Test
  void aTemplateTimeframeIsASeriesOfItsOwnBuiltFromTheSourcesBars() throws Exception {
    var sources = Map.of("ETH", MarketDataSource.replay(Dataset.ETH_USD_5M_2023, null, 300.0 * 1000));
    TestProbe<ReplayActor.Finished> done = testKit.createTestProbe();
    var spawned = new java.util.concurrent.CompletableFuture<Map<String, ActorRef<MarketData.Command>>>();
    testKit.spawn(Behaviors.setup(ctx -> {
      spawned.complete(MarketDataFeeds.spawn(ctx, sources, 1000, 50, done.ref(), null,
          Map.of("ETH", Set.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1))),
          io.dorado.protocol.market.BarHistory.NONE, 0));
      return Behaviors.empty();
    }), "timeframes");
    Map<String, ActorRef<MarketData.Command>> md = spawned.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(Set.of("ETH", "ETH@5m", "ETH@15m", "ETH@1h"), md.keySet());
    assertEquals(md.get("ETH"), md.get("ETH@5m"), "the source's own bar length is the underlying's own series");
    done.receiveMessage(Duration.ofSeconds(30));
    TestProbe<MarketData.Bars> bars = testKit.createTestProbe();
    var fiveMinutes = Ta4jHistory.ethUsd5m("ETH");
    for (Duration tf : java.util.List.of(Duration.ofMinutes(15), Duration.ofHours(1))) {
      var expected = BarAggregation.aggregate(fiveMinutes, "ETH", tf);
      // the replay's last bar reaches the series a moment after the replay says it is done
      bars.awaitAssert(() -> {
        md.get(io.dorado.protocol.market.Timeframe.seriesKey("ETH", tf)).tell(new MarketData.GetBars(1000, bars.ref()));
        assertEquals(expected, bars.receiveMessage().bars(), tf.toString());
        return null;
      });
      System.out.println("timeframe " + tf + ": " + fiveMinutes.size() + " ETH 5m bars -> " + expected.size() + " bars");
    }
  }
}
