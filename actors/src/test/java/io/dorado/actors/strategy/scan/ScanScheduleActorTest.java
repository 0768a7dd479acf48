package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.bot.SignalSource;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which bots the scanner scans, and when: the fleet registry's bots (a bot created while the fleet runs included), each on
 * its own schedule on a manual clock, an {@code on_demand} bot only when asked. The ticks are sent by hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanScheduleActorTest {
  /** Saturday 2026-12-05 12:00 New York: AAPL's market is closed until Monday 09:30. */
  private static final Instant SATURDAY = Instant.parse("2026-12-05T17:00:00Z");
  private final ActorTestKit testKit = ActorTestKit.create("scan-schedule", TestConfigs.serialized());

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BotConfig bot(String id, String underlying, SignalMode mode, SignalSource source) {
    return new BotConfig(id, "test", underlying, "paper", VenueMode.PAPER, "long", mode, ApprovalMode.HUMAN_REQUIRED,
        ScanFixtures.risk("0.25"), RegimeFilter.ANY, Duration.ofHours(4), source);
  }

  private final class AcceptingBots implements BotGateway {
    private final ActorRef<Bot.Ack> nobody = testKit.<Bot.Ack>createTestProbe().ref();

    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      command.apply(nobody);
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.RISK_CHECK, "ok"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private ActorRef<MarketData.Command> marketData(String symbol) {
    var md = testKit.spawn(MarketDataActor.create(symbol, 2000));
    ScanFixtures.bars(symbol, ScanFixtures.climbing(100, 300, 50), 200).forEach(b -> md.tell(new MarketData.PublishBar(b)));
    return md;
  }

  private final class Scanner {
    final MutableClock clock = new MutableClock(SATURDAY);
    final AtomicReference<List<BotConfig>> registry = new AtomicReference<>(List.of());
    final ActorRef<Scan.Command> ref;
    final TestProbe<Scan.LastReport> last = testKit.createTestProbe();
    final TestProbe<Scan.BotScanAnswer> answers = testKit.createTestProbe();

    Scanner(Duration interval) {
      var universe = new Universe("test", List.of(ScanFixtures.underlying("BTC", AssetClass.CRYPTO),
          ScanFixtures.underlying("AAPL", AssetClass.EQUITY)));
      var fleet = new ScanPipeline.Fleet(universe, Map.of("long", ScanFixtures.anything(AssetClass.CRYPTO)), List.of(),
          RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
      var settings = new ScanSettings(interval, 200, Duration.ofSeconds(5), 30, Duration.ofHours(26), clock);
      // Ticks by hand only (the timer's is an hour); the registry is asked on every tick.
      var scheduling = new ScanActor.Scheduling(Duration.ofHours(1), () -> CompletableFuture.completedFuture(registry.get()),
          Duration.ZERO);
      ref = testKit.spawn(ScanActor.create(fleet, Map.of("BTC", marketData("BTC"), "AAPL", marketData("AAPL")), null,
          new AcceptingBots(), null, Map::of, settings, ScanActor.Wiring.DEFAULT.withScheduling(scheduling)));
    }

    /** A tick at the clock's time, handled before this returns (a round trip after it), so the clock may move on. */
    void tick() {
      ref.tell(new Scan.Tick());
      lastReport();
    }

    /**
     * The registry read: a scan of an id no bot has makes the scanner read the registry before it answers (it arrives
     * as a message of its own, so only an answer that waited for it says it was handled).
     */
    void readRegistry() {
      assertEquals(Scan.Outcome.UNKNOWN_BOT, scan("ghost").outcome());
    }

    ScanReport lastReport() {
      ref.tell(new Scan.GetLastReport(last.getRef()));
      return last.receiveMessage().report();
    }

    /** The next report after {@code previous}: the bots it scanned. */
    List<String> nextScan(ScanReport previous) throws InterruptedException {
      ScanReport r = io.dorado.protocol.testing.Eventually.eventually(Duration.ofSeconds(20), this::lastReport,
          x -> x != null && (previous == null || !x.scanId().equals(previous.scanId())));
      return r.bots().stream().map(BotScan::botId).toList();
    }

    Scan.BotScanAnswer scan(String botId) {
      ref.tell(new Scan.ScanBot(botId, "test", answers.getRef()));
      return answers.receiveMessage(Duration.ofSeconds(10));
    }
  }

  @Test
  void a_bot_created_while_the_fleet_runs_is_scanned_on_its_own_schedule_and_an_on_demand_bot_only_when_asked() throws InterruptedException {
    var s = new Scanner(Duration.ZERO); // no fleet interval: only bots with their own schedule run on a timer
    s.tick();
    assertNull(s.lastReport());
    // POST /api/v1/bots: the registry lists them from now on.
    s.registry.set(List.of(
        bot("btc-30s", "BTC", SignalMode.SCAN, new SignalSource(SignalSource.Type.SCHEDULED, "every 30s")),
        bot("btc-ask", "BTC", SignalMode.SCAN, SignalSource.ON_DEMAND),
        bot("btc-hook", "BTC", SignalMode.WEBHOOK, null)));
    s.readRegistry();
    s.tick(); // first sight of btc-30s: due at 17:00:30
    s.clock.advance(Duration.ofSeconds(29));
    s.tick();
    assertEquals(Scan.Outcome.STARTED, s.scan("btc-ask").outcome(), "no scheduled scan runs before 17:00:30");
    List<String> asked = s.nextScan(null);
    assertEquals(List.of("btc-ask"), asked);
    ScanReport first = s.lastReport();

    s.clock.advance(Duration.ofSeconds(1));
    s.tick();
    assertEquals(List.of("btc-30s"), s.nextScan(first), "the on_demand bot is never scanned on a timer");

    assertEquals(Scan.Outcome.NOT_SCANNED, s.scan("btc-hook").outcome());
  }

  @Test
  void a_bots_own_schedule_skips_the_times_its_market_is_closed_while_the_fleet_interval_does_not() throws InterruptedException {
    var s = new Scanner(Duration.ofMinutes(1));
    s.registry.set(List.of(
        bot("aapl-30s", "AAPL", SignalMode.SCAN, new SignalSource(SignalSource.Type.SCHEDULED, "every 30s")),
        bot("btc-default", "BTC", SignalMode.SCAN, null)));
    s.readRegistry();
    s.tick(); // first sight: btc-default due at 17:01 (the fleet interval); aapl-30s at Monday's open
    s.clock.advance(Duration.ofMinutes(1));
    s.tick();
    assertEquals(List.of("btc-default"), s.nextScan(null), "Saturday: AAPL's own schedule waits for Monday");
    ScanReport saturday = s.lastReport();

    s.clock.advance(Duration.ofHours(24 + 24 + 2).plusMinutes(29).plusSeconds(59)); // Monday 2026-12-07 09:30:59 NY
    s.tick();
    List<String> monday = s.nextScan(saturday);
    assertEquals(List.of("aapl-30s", "btc-default"), monday.stream().sorted().toList(),
        "both were due: one scan of both");
  }
}
