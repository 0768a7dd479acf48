package io.dorado.actors.strategy.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketDataActorTest {
  private final ActorTestKit testKit = ActorTestKit.create("market-data", MarketDataTesting.config());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  static Bar bar(String symbol, int minute, String close) {
    BigDecimal c = new BigDecimal(close);
    return new Bar(symbol, Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(minute)), Duration.ofMinutes(1),
        c, c, c, c, BigDecimal.ONE);
  }

  @Test
  void subscribersGetEachNewBarOnceAndInOrder() {
    var md = testKit.spawn(MarketDataActor.create("BTC", 3));
    TestProbe<MarketData.Event> sub = testKit.createTestProbe();
    md.tell(new MarketData.Subscribe(sub.ref()));
    md.tell(new MarketData.PublishBar(bar("BTC", 1, "100")));
    md.tell(new MarketData.PublishBar(bar("BTC", 2, "101")));
    md.tell(new MarketData.PublishBar(bar("BTC", 2, "999"))); // same bar again (overlapping poll): dropped
    md.tell(new MarketData.PublishBar(bar("BTC", 1, "998"))); // older: dropped
    md.tell(new MarketData.PublishBar(bar("ETH", 5, "7"))); // another instrument: dropped
    md.tell(new MarketData.PublishBar(bar("BTC", 3, "102")));
    assertEquals("100", close(sub.expectMessageClass(MarketData.BarClosed.class)));
    assertEquals("101", close(sub.expectMessageClass(MarketData.BarClosed.class)));
    assertEquals("102", close(sub.expectMessageClass(MarketData.BarClosed.class)));
  }

  @Test
  void keepsTheLastBarsUpToItsCapacity() {
    var md = testKit.spawn(MarketDataActor.create("ETH", 3));
    for (int m = 1; m <= 5; m++) md.tell(new MarketData.PublishBar(bar("ETH", m, String.valueOf(100 + m))));
    TestProbe<MarketData.Bars> probe = testKit.createTestProbe();
    md.tell(new MarketData.GetBars(10, probe.ref()));
    assertEquals(List.of("103", "104", "105"), probe.receiveMessage().bars().stream().map(b -> b.close().toPlainString()).toList());
    md.tell(new MarketData.GetBars(2, probe.ref()));
    assertEquals(List.of("104", "105"), probe.receiveMessage().bars().stream().map(b -> b.close().toPlainString()).toList());
  }

  @Test
  void itsBarsTellWhenTheNewestArrivedOnTheNodesClockAndTheSourcesSpeed() {
    var clock = new io.dorado.protocol.testing.MutableClock(Instant.parse("2026-12-07T04:00:00Z"));
    var md = testKit.spawn(MarketDataActor.create("SOL", 10, 900, clock));
    TestProbe<MarketData.Bars> probe = testKit.createTestProbe();
    md.tell(new MarketData.GetBars(10, probe.ref()));
    assertEquals(null, probe.receiveMessage().lastArrival()); // no bar yet
    md.tell(new MarketData.PublishBar(bar("SOL", 1, "20")));
    md.tell(new MarketData.GetBars(10, probe.ref()));
    probe.receiveMessage();
    clock.advance(Duration.ofSeconds(7));
    md.tell(new MarketData.PublishBar(bar("SOL", 1, "21"))); // not newer: dropped, the arrival stays
    md.tell(new MarketData.GetBars(10, probe.ref()));
    MarketData.Bars bars = probe.receiveMessage();
    assertEquals(Instant.parse("2026-12-07T04:00:00Z"), bars.lastArrival());
    assertEquals(900.0, bars.speed());
  }

  @Test
  void anUnsubscribedOrStoppedSubscriberGetsNothingMore() {
    var md = testKit.spawn(MarketDataActor.create("AAPL", 10));
    TestProbe<MarketData.Event> leaving = testKit.createTestProbe();
    TestProbe<MarketData.Event> staying = testKit.createTestProbe();
    md.tell(new MarketData.Subscribe(leaving.ref()));
    md.tell(new MarketData.Subscribe(staying.ref()));
    md.tell(new MarketData.Unsubscribe(leaving.ref()));
    md.tell(new MarketData.PublishBar(bar("AAPL", 1, "150")));
    assertEquals("150", close(staying.expectMessageClass(MarketData.BarClosed.class)));
    // the staying subscriber saw the bar, so the unsubscribe (sent before it) was handled
    TestProbe<MarketData.Bars> probe = testKit.createTestProbe();
    md.tell(new MarketData.GetBars(1, probe.ref()));
    probe.receiveMessage();
    leaving.expectNoMessage(Duration.ZERO);
  }

  private static String close(MarketData.BarClosed e) {
    return e.bar().close().toPlainString();
  }
}
