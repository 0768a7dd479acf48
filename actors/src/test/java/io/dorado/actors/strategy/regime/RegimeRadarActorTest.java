package io.dorado.actors.strategy.regime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.actors.strategy.marketdata.TradeBars;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.strategy.MacroRegime;
import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import io.dorado.protocol.strategy.TrendState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import io.dorado.actors.testing.TestConfigs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The radar on real history: it publishes a labelled macro regime, trend states and what it lacked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegimeRadarActorTest {
  private static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("regime-radar", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<MarketData.Command> marketData(String symbol, List<Bar> bars) {
    var md = testKit.spawn(MarketDataActor.create(symbol, 5000));
    bars.forEach(b -> md.tell(new MarketData.PublishBar(b)));
    return md;
  }

  private RegimeSettings settings(String reference) {
    return RegimeSettings.from(ConfigFactory.load().getConfig("dorado.regime"), Clock.fixed(NOW, ZoneOffset.UTC))
        .withReference(reference);
  }

  @Test
  void publishesAMacroRegimeAndATrendStatePerInstrument() {
    var instruments = Map.of(
        "AAPL", marketData("AAPL", Ta4jHistory.aaplDaily("AAPL")),
        "BTC", marketData("BTC", TradeBars.aggregate(Ta4jHistory.bitstampTrades(), "BTC", Duration.ofMinutes(15))),
        "ETH", marketData("ETH", Ta4jHistory.ethUsd5m("ETH")));
    var topic = testKit.spawn(RegimeRadarActor.topic());
    TestProbe<RegimeSnapshot> subscriber = testKit.createTestProbe();
    topic.tell(Topic.subscribe(subscriber.ref()));
    var radar = testKit.spawn(RegimeRadarActor.create(instruments, settings("AAPL"), topic));
    TestProbe<RegimeRadar.Latest> probe = testKit.createTestProbe();

    radar.tell(new RegimeRadar.Refresh(probe.ref()));
    RegimeRadar.Latest latest = probe.receiveMessage(Duration.ofSeconds(20));
    RegimeSnapshot s = latest.snapshot();
    assertNotNull(s.macro(), latest.note());
    assertTrue(MacroRegime.LABELS.contains(s.macro().label()), s.macro().label());
    assertEquals(1.0, s.macro().probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    assertEquals(s.macro().confidence(), s.macro().probabilities().get(s.macro().label()), 1e-12);
    assertEquals(java.util.Set.of("AAPL", "BTC", "ETH"), s.trends().keySet());
    for (TrendState t : s.trends().values()) assertTrue(t.hurst() > 0 && t.hurst() < 1, t.toString());
    assertEquals(NOW, s.publishedAt());
    assertEquals(Ta4jHistory.ethUsd5m("ETH").get(579).end(), s.asOf()); // the newest bar anywhere
    assertNull(s.correlation()); // three histories from different years share no bar times
    assertTrue(latest.note().contains("correlation"), latest.note());
    assertEquals(s, subscriber.receiveMessage(Duration.ofSeconds(5)));
    System.out.println("radar: " + s.macro() + " trends " + s.trends().values());

    TestProbe<RegimeRadar.Latest> reader = testKit.createTestProbe();
    radar.tell(new RegimeRadar.GetLatest(reader.ref()));
    assertEquals(s, reader.receiveMessage().snapshot());
  }

  @Test
  void tooLittleHistoryIsSaidAndTheRestIsStillPublished() {
    var instruments = Map.of(
        "AAPL", marketData("AAPL", Ta4jHistory.aaplDaily("AAPL").subList(0, 40)),
        "ETH", marketData("ETH", Ta4jHistory.ethUsd5m("ETH")));
    var topic = testKit.spawn(RegimeRadarActor.topic());
    var radar = testKit.spawn(RegimeRadarActor.create(instruments, settings("AAPL"), topic));
    TestProbe<RegimeRadar.Latest> probe = testKit.createTestProbe();
    radar.tell(new RegimeRadar.Refresh(probe.ref()));
    RegimeRadar.Latest latest = probe.receiveMessage(Duration.ofSeconds(20));
    assertNull(latest.snapshot().macro());
    assertTrue(latest.note().contains("macro: reference AAPL has 40 bars"), latest.note());
    assertTrue(latest.note().contains("AAPL: 40 bars, the trend state needs 65"), latest.note());
    assertEquals(List.of("ETH"), List.copyOf(latest.snapshot().trends().keySet()));
  }

  @Test
  void beforeAnyRefreshThereIsNoSnapshotAndItSaysSo() {
    var radar = testKit.spawn(RegimeRadarActor.create(Map.of(), settings("AAPL"), testKit.spawn(RegimeRadarActor.topic())));
    TestProbe<RegimeRadar.Latest> probe = testKit.createTestProbe();
    radar.tell(new RegimeRadar.GetLatest(probe.ref()));
    RegimeRadar.Latest latest = probe.receiveMessage();
    assertNull(latest.snapshot());
    assertEquals("no snapshot yet", latest.note());
  }
}
