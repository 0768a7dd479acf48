package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.orderpath.venue.VenueActor;
import io.dorado.actors.orderpath.venue.ibkr.FakeIbkr;
import io.dorado.actors.orderpath.venue.ibkr.IbkrAdapter;
import io.dorado.actors.pricing.BlackScholes;
import io.dorado.actors.strategy.marketdata.MarketDataActor;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotConfig;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.bot.RegimeFilter;
import io.dorado.protocol.bot.SignalMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import io.dorado.protocol.strategy.Scan;
import io.dorado.protocol.strategy.ScanReport;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.venue.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bot whose venue is IBKR takes its option chain from IBKR (here the fake gateway, through the venue's
 * {@link Venue.GetOptionChain}), fetched before the pipeline runs; a chain the venue cannot give, or gives late, or
 * quotes stale, refuses the bot's structures and the scan report says why. Bots on other venues keep synthetic chains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IbkrChainScanTest {
  /** 32 and 39 days before the fake's two January 2027 maturities: inside the template's 30..50 DTE. */
  private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
  private static final String IBKR = "ibkr-paper";
  private final ActorTestKit testKit = ActorTestKit.create("ibkr-scan", TestConfigs.serialized());
  private FakeIbkr fake;
  private IbkrAdapter adapter;

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() throws Exception {
    fake = new FakeIbkr();
    fake.quote(new BigDecimal("189.99"), new BigDecimal("190.01"));
    adapter = fake.adapter(IBKR);
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  /** The fake quotes each option at Black-Scholes (25% vol) +/- 2 cents, IBKR's greeks beside, at {@code quotedAt}. */
  private static FakeIbkr.OptionPricer pricedAt(Instant quotedAt) {
    return (strike, call, maturity) -> {
      var right = call ? BlackScholes.Right.CALL : BlackScholes.Right.PUT;
      double years = ChronoUnit.DAYS.between(NOW.atZone(ZoneOffset.UTC).toLocalDate(), maturity) / 365.0;
      double px = BlackScholes.price(right, 190, strike.doubleValue(), years, 0.25, 0);
      double delta = BlackScholes.delta(right, 190, strike.doubleValue(), years, 0.25, 0);
      BigDecimal mid = BigDecimal.valueOf(px).setScale(2, RoundingMode.HALF_UP).max(new BigDecimal("0.05"));
      return new FakeIbkr.OptionQuote(mid.subtract(new BigDecimal("0.02")), mid.add(new BigDecimal("0.02")),
          String.format(Locale.ROOT, "%.3f", delta), "25.0%", quotedAt);
    };
  }

  private static BotConfig bot(String id, String venue) {
    return new BotConfig(id, "test", "AAPL", venue, venue.equals("paper") ? VenueMode.PAPER : VenueMode.BROKER_PAPER,
        "iron_condor", SignalMode.SCAN, ApprovalMode.HUMAN_REQUIRED, ScanFixtures.risk("1"), RegimeFilter.ANY,
        Duration.ofHours(4));
  }

  /** The IBKR venue as the node runs it: an actor answering GetOptionChain from the adapter (as VenueEntity does). */
  private ChainFeeds throughTheVenue() {
    ActorRef<Venue.Command> venue = testKit.spawn(Behaviors.receive(Venue.Command.class)
        .onMessage(Venue.GetOptionChain.class, c -> {
          VenueActor.answerChain(adapter, c);
          return Behaviors.same();
        }).build());
    return ChainFeeds.of(Set.of(IBKR), id -> venue, Duration.ofSeconds(20), testKit.system().scheduler());
  }

  private Map<String, BotScan> scan(ChainFeeds feeds, Duration chainTimeout) {
    var fleet = new ScanPipeline.Fleet(
        new Universe("test", List.of(ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS))),
        Map.of("iron_condor", ScanFixtures.ironCondor(List.of(), null, null)),
        List.of(bot("aapl-ibkr", IBKR), bot("aapl-paper", "paper")), RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ActorRef<MarketData.Command> md = testKit.spawn(MarketDataActor.create("AAPL", 2000, 1.0, clock));
    ScanFixtures.bars("AAPL", ScanFixtures.sideways(300, 190, 3), 1.0).forEach(b -> md.tell(new MarketData.PublishBar(b)));
    var settings = new ScanSettings(Duration.ZERO, 300, Duration.ofSeconds(5), 30, Duration.ofHours(26), clock)
        .withChainTimeout(chainTimeout);
    var scanner = testKit.spawn(ScanActor.create(fleet, Map.of("AAPL", md), null, new AcceptingBots(), null, Map::of,
        settings, ScanActor.Wiring.DEFAULT.withChains(feeds, ChainHistory.NONE)));
    TestProbe<ScanReport> reports = testKit.createTestProbe();
    scanner.tell(new Scan.RunScan("test", reports.ref()));
    ScanReport report = reports.receiveMessage(Duration.ofSeconds(30));
    return report.bots().stream().collect(Collectors.toMap(BotScan::botId, b -> b));
  }

  @Test
  void aBotOnIbkrStrikesItsStructuresFromIbkrsChainWhileABotOnAnotherVenueKeepsTheSyntheticChain() {
    fake.optionPricer(pricedAt(NOW.minusSeconds(5)));
    Map<String, BotScan> bots = scan(throughTheVenue(), Duration.ofSeconds(20));

    BotScan ibkr = bots.get("aapl-ibkr");
    assertFalse(ibkr.candidates().isEmpty(), ibkr.toString());
    Candidate c = ibkr.candidates().get(0);
    assertFalse(c.synthetic());
    assertTrue(c.note().startsWith("IBKR chain of AAPL at 190.00;"), c.note());
    OptionLeg sp = c.legs().stream().filter(l -> l.role() == io.dorado.protocol.strategy.StrategyTemplate.LegRole.SHORT_PUT)
        .findFirst().orElseThrow();
    assertEquals(NOW.minusSeconds(5), sp.quotedAt(), "the fake's quote time, kept");
    assertEquals(GreeksSource.VENUE, sp.greeksSource());
    assertTrue(List.of(LocalDate.of(2027, 1, 8), LocalDate.of(2027, 1, 15)).contains(sp.expiry()), sp.toString());
    assertTrue(fake.calls("/iserver/marketdata/snapshot") > 0);

    assertTrue(bots.get("aapl-paper").candidates().stream().allMatch(Candidate::synthetic), bots.get("aapl-paper").toString());
    assertFalse(bots.get("aapl-paper").candidates().isEmpty());
    System.out.println("IBKR candidate: " + c.note());
  }

  @Test
  void aStaleQuoteInIbkrsChainRefusesTheStructureAndTheReportNamesTheLegAndItsAge() {
    fake.optionPricer(pricedAt(NOW.minus(Duration.ofMinutes(5))));
    BotScan ibkr = scan(throughTheVenue(), Duration.ofSeconds(20)).get("aapl-ibkr");

    assertTrue(ibkr.candidates().isEmpty(), ibkr.candidates().toString());
    assertTrue(ibkr.skipped().startsWith("gates passed but every option structure was refused on its chain's quality"),
        ibkr.skipped());
    assertTrue(ibkr.refused().stream().anyMatch(r -> r.matches(".*short put \\d+ quote 5m old > 1m.*")), ibkr.refused().toString());
    System.out.println("refused (IBKR stale): " + ibkr.refused().get(0));
  }

  @Test
  void aChainIbkrCannotGiveRefusesTheBotsStructuresWithIbkrsReasonAndTheScanStillReports() {
    fake.optionPricer(pricedAt(NOW));
    fake.dropSession(); // every /iserver request answers 401
    Map<String, BotScan> bots = scan(throughTheVenue(), Duration.ofSeconds(20));
    BotScan ibkr = bots.get("aapl-ibkr");

    assertTrue(ibkr.candidates().isEmpty());
    assertTrue(ibkr.skipped().startsWith("gates passed but there is no option chain: IBKR chain of AAPL failed: "),
        ibkr.skipped());
    assertEquals(1, ibkr.refused().size());
    assertFalse(bots.get("aapl-paper").candidates().isEmpty(), "the other bot is unaffected");
    System.out.println("refused (IBKR down): " + ibkr.skipped());
  }

  @Test
  void aChainThatDoesNotArriveInTimeRefusesTheBotsStructuresSayingSo() {
    ChainFeeds never = (venue, r) -> venue.equals(IBKR) ? new CompletableFuture<>() : null;
    BotScan ibkr = scan(never, Duration.ofMillis(300)).get("aapl-ibkr");

    assertTrue(ibkr.candidates().isEmpty());
    assertEquals("gates passed but there is no option chain: the ibkr-paper chain of AAPL did not arrive within 0.3s",
        ibkr.skipped());
  }

  /** Bots as the scanner sees them: every command accepted. */
  private final class AcceptingBots implements BotGateway {
    @Override
    public CompletionStage<Bot.Ack> ask(String botId, Function<ActorRef<Bot.Ack>, Bot.Command> command) {
      return CompletableFuture.completedFuture(new Bot.Accepted(botId, Phase.RISK_CHECK, "ok"));
    }

    @Override
    public CompletionStage<BotState> state(String botId) {
      return CompletableFuture.failedFuture(new IllegalStateException("not needed"));
    }
  }
}
