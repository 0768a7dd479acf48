package io.dorado.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dorado.actors.strategy.marketdata.BarAggregation;
import io.dorado.actors.strategy.marketdata.BarKeeper;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.persistence.cassandra.Sessions;
import io.dorado.persistence.marketdata.BarStore;
import io.dorado.persistence.testing.TestCassandra;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * A restart does not start from nothing: the bars an underlying's series closed (its source's minutes and the 5-minute
 * bars of a template's timeframe) are kept in Cassandra as they close, and a new actor system reads them back into its
 * market-data actors before its feed's first bar.
 */
class MarketDataHistoryRestartTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration FIVE = Duration.ofMinutes(5);
  // Recent bars (the history reads back as far as the retention reaches: 30 days of intraday bars)
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

  private static Config config() {
    return ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load());
  }

  private static List<Bar> minutes(String symbol, int from, int to) {
    var out = new ArrayList<Bar>();
    for (int i = from; i < to; i++) {
      BigDecimal open = new BigDecimal("37000.00").add(BigDecimal.valueOf((i * 7919L) % 1000, 2));
      out.add(new Bar(symbol, T0.plus(MINUTE.multipliedBy(i + 1)), MINUTE, open, open.add(new BigDecimal("12.50")),
          open.subtract(new BigDecimal("8.25")), open.add(new BigDecimal("3.75")), new BigDecimal("0.0" + (i % 9 + 1))));
    }
    return out;
  }

  private static Behavior<Void> feed(List<Bar> bars, ActorRef<MarketData.Command> md) {
    return Behaviors.setup(ctx -> {
      bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
      return Behaviors.empty();
    });
  }

  /** One run: the series of {@code symbol} (1m and 5m) on the real Cassandra, fed {@code fed}. */
  private record Run(ActorTestKit kit, ActorRef<MarketData.Command> md, ActorRef<MarketData.Command> five,
      ActorRef<BarKeeper.Command> keeper) {
    static Run start(String name, String symbol, BarStore store, List<Bar> fed) {
      ActorTestKit kit = ActorTestKit.create(name, config());
      var md = kit.spawn(MarketDataActor.create(symbol, 2000), "md");
      var five = kit.spawn(MarketDataActor.create(symbol, 2000), "md-5m");
      var keeper = kit.spawn(BarKeeper.create(symbol, MINUTE, md, Map.of(FIVE, five), store, true, 1000, feed(fed, md),
          "feed"), "keeper");
      return new Run(kit, md, five, keeper);
    }

    BarKeeper.Status settled(int saved) {
      TestProbe<BarKeeper.Status> probe = kit.createTestProbe();
      return probe.awaitAssert(Duration.ofSeconds(20), () -> {
        keeper.tell(new BarKeeper.GetStatus(probe.ref()));
        BarKeeper.Status s = probe.receiveMessage();
        assertEquals(saved, s.saved(), s.toString());
        return s;
      });
    }

    List<Bar> bars(ActorRef<MarketData.Command> series) {
      TestProbe<MarketData.Bars> probe = kit.createTestProbe();
      series.tell(new MarketData.GetBars(2000, probe.ref()));
      return probe.receiveMessage().bars();
    }
  }

  @Test
  void barsKeptBeforeARestartAreTheFirstBarsAfterIt() {
    String symbol = "BTC-" + UUID.randomUUID().toString().substring(0, 8);
    try (CqlSession session = Sessions.open(TestCassandra.settings())) {
      var store = new BarStore(session, BarStore.Retention.DEFAULT);

      Run first = Run.start("history-run-1", symbol, store, minutes(symbol, 0, 60));
      first.settled(60 + 12);
      List<Bar> fiveBefore = first.bars(first.five());
      assertEquals(BarAggregation.aggregate(minutes(symbol, 0, 60), symbol, FIVE), fiveBefore);
      first.kit().shutdownTestKit();

      // a new actor system, whose feed goes on from where the last one stopped (overlapping it by ten minutes)
      Run second = Run.start("history-run-2", symbol, store, minutes(symbol, 50, 70));
      BarKeeper.Status s = second.settled(10 + 2);
      assertEquals(60 + 12, s.warmedUp(), s.toString());
      assertEquals(minutes(symbol, 0, 70), second.bars(second.md()), "the kept hour, then the feed's new minutes");
      assertEquals(BarAggregation.aggregate(minutes(symbol, 0, 70), symbol, FIVE), second.bars(second.five()),
          "the kept 5-minute bars, then those built from the new minutes");
      System.out.println("restart: " + s.warmedUp() + " bars warmed up from Cassandra (60 1m + 12 5m), then "
          + s.saved() + " new ones kept");
      second.kit().shutdownTestKit();
    }
  }
}
