package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.strategy.marketdata.PriceRelay;
import io.dorado.actors.strategy.marketdata.ReplayActor;
import io.dorado.actors.strategy.marketdata.ReplayClock;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.actors.strategy.scan.DataQuality;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.testing.MutableClock;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The default run's path, wired as the node wires it: a replay of 2013 bars → market data → the price relay → the
 * guardian, the relay and the guardian on the same node clock. The marks are stamped with that clock, not with the
 * bars' market time, so orders pass while the replay plays; once it has ended, its prices go stale after the limit
 * (and the scan's data-quality gate sees the same), which is the rule working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayMarksFreshnessTest {
  private static final RiskPolicy POLICY = new RiskPolicy(null, null, null,
      new RiskPolicy.Orders(null, null, null, null, null, null, false, null, Duration.ofMinutes(5), null), null);

  // Journalled, every protocol message serialized; the replay's own timer messages are local-only.
  private final ActorTestKit kit = ActorTestKit.create("replay-marks-freshness", com.typesafe.config.ConfigFactory
      .parseString("pekko.actor.no-serialization-verification-needed-class-prefix = "
          + "[\"org.apache.pekko.\", \"io.dorado.actors.strategy.marketdata.\"]")
      .withFallback(TestConfigs.eventSourced()));
  private final MutableClock clock = new MutableClock(T0); // the node's clock: 2026, the bars are of 2013

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aReplaysMarksAreFreshWhileItPlaysAndStaleOnceItHasEnded() {
    TestProbe<Venue.Command> venue = kit.createTestProbe();
    var guardian = kit.spawn(RiskGuardianActor.create(new RiskGuardianActor.Settings("guardian-replay-marks", d("100000"),
        Duration.ofSeconds(30), AckSigner.ofSecret("replay-marks-freshness-secret-0123"), clock, false),
        Fixtures.engine(POLICY), VenueDirectory.of(Map.of(VENUE, venue.ref()))));
    List<Bar> bars = Ta4jHistory.aaplDaily("AAPL").subList(0, 30);
    var md = kit.spawn(MarketDataActor.create("AAPL", 100, 86_400 * 20, clock));
    md.tell(new MarketData.Subscribe(kit.spawn(PriceRelay.create(guardian, Map.of(), BigDecimal.ZERO, clock))));
    TestProbe<ReplayActor.Finished> done = kit.createTestProbe();
    kit.spawn(ReplayActor.create(bars, md, 86_400 * 20, 5, new ReplayClock(bars.get(0).start()), done.ref()));
    done.receiveMessage(Duration.ofSeconds(10));

    TestProbe<OrderReport> bot = kit.createTestProbe();
    guardian.tell(new RiskGuardian.AcknowledgeOrder(market("bot-r", "AAPL", Side.BUY, "1"), bot.ref()));
    assertInstanceOf(Venue.Submit.class, venue.fishForMessage(Duration.ofSeconds(3), m -> m instanceof Venue.Submit
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).get(0));
    TestProbe<MarketData.Bars> history = kit.createTestProbe();
    md.tell(new MarketData.GetBars(100, history.ref()));
    MarketData.Bars got = history.receiveMessage();
    var arrival = new DataQuality.Arrival(got.lastArrival(), got.speed());
    assertTrue(DataQuality.judge(got.bars(), true, arrival, DataQuality.Limits.DEFAULT, clock.instant()).fresh());

    clock.advance(Duration.ofMinutes(6)); // the replay ended six minutes ago: nothing has marked AAPL since
    guardian.tell(new RiskGuardian.AcknowledgeOrder(market("bot-r", "AAPL", Side.BUY, "1"), bot.ref()));
    var denied = assertInstanceOf(OrderReport.Denied.class, bot.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(DenialReason.STALE_PRICE, denied.reason());
    assertEquals("last mark of AAPL is 6m old > limit 5m (marked 2026-01-05T10:00:00Z)", denied.detail());
    DataQuality dq = DataQuality.judge(got.bars(), true, arrival, DataQuality.Limits.DEFAULT, clock.instant());
    assertFalse(dq.fresh(), dq.reason());
  }
}
