package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.actors.strategy.marketdata.Ta4jHistory;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.Universe;
import io.dorado.protocol.risk.RiskPolicy;
import io.dorado.protocol.strategy.BotScan;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.ScoringWeights;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A scan refuses option structures built on stale or crossed quotes, and its report says which leg and why. */
class ChainQualityScanTest {
  private static final List<Bar> AAPL = Ta4jHistory.aaplDaily("AAPL");
  private static final Instant NOW = AAPL.get(AAPL.size() - 1).end().plus(Duration.ofHours(1));

  private static final ScanPipeline.Fleet FLEET = new ScanPipeline.Fleet(
      new Universe("test", List.of(ScanFixtures.underlying("AAPL", AssetClass.EQUITY_OPTIONS))),
      Map.of("iron_condor", ScanFixtures.ironCondor(List.of(), null, null)),
      List.of(ScanFixtures.bot("aapl-ic", "AAPL", "iron_condor", ScanFixtures.risk("2"), ApprovalMode.HUMAN_REQUIRED)),
      RiskPolicy.DEFAULT, ScoringWeights.DEFAULT);

  /** A venue's chain: the synthetic chain's prices, quoted with the venue's greeks, then tampered with. */
  private static ChainSource venue(UnaryOperator<ChainQuote> tamper) {
    return (ctx, lo, hi, now) -> {
      OptionChain syn = ChainSource.SYNTHETIC.chain(ctx, lo, hi, now);
      return new OptionChain.Quoted(syn.underlying(), syn.spot(), "test venue chain", syn.quotes().stream()
          .map(q -> tamper.apply(q.withGreeks(q.delta(), q.impliedVol(), GreeksSource.VENUE, "venue")))
          .toList());
    };
  }

  private static BotScan scan(ChainSource chains) {
    var out = ScanPipeline.run(new ScanPipeline.Inputs("s", NOW, FLEET, Map.of("AAPL", AAPL), null, Duration.ofHours(26),
        null, Map.of(), 30, 0, null, null, chains, ChainQuality.Limits.DEFAULT));
    return out.report().bots().get(0);
  }

  private static OptionLeg leg(Candidate c, LegRole role) {
    return c.legs().stream().filter(l -> l.role() == role).findFirst().orElseThrow();
  }

  private static String strike(OptionLeg l) {
    return ChainQuality.num(l.strike().doubleValue());
  }

  @Test
  void aCleanVenueChainStillProducesTheCandidateWithItsRawQuotesAndVenueGreeks() {
    BotScan clean = scan(venue(q -> q));
    assertFalse(clean.candidates().isEmpty(), clean.toString());
    assertTrue(clean.refused().isEmpty(), clean.refused().toString());
    Candidate c = clean.candidates().get(0);
    assertFalse(c.synthetic());
    assertTrue(c.note().startsWith("test venue chain;"), c.note());
    assertFalse(c.note().contains("chain quality"), c.note());
    OptionLeg sp = leg(c, LegRole.SHORT_PUT);
    assertEquals(NOW, sp.quotedAt());
    assertEquals(GreeksSource.VENUE, sp.greeksSource());
    assertTrue(sp.underlyingAtQuote().signum() > 0);
  }

  @Test
  void aStructureOnStaleQuotesIsRefusedAndTheReportNamesTheLegAndItsAge() {
    Candidate clean = scan(venue(q -> q)).candidates().get(0);
    BotScan stale = scan(venue(q -> new ChainQuote(q.right(), q.expiry(), q.dte(), q.strike(), q.bid(), q.ask(), q.last(),
        NOW.minus(Duration.ofMinutes(5)), q.underlyingAtQuote(), q.delta(), q.impliedVol(), q.greeksSource(),
        q.greeksModel())));

    assertTrue(stale.candidates().isEmpty(), stale.candidates().toString());
    assertTrue(stale.skipped().startsWith("gates passed but every option structure was refused on its chain's quality: "),
        stale.skipped());
    String expected = "short put " + strike(leg(clean, LegRole.SHORT_PUT)) + " quote 5m old > 1m";
    assertTrue(stale.refused().stream().anyMatch(r -> r.contains(expected)), expected + " not in " + stale.refused());
    System.out.println("refused (stale): " + stale.refused().get(0));
  }

  @Test
  void aStructureOnACrossedLegIsRefusedAndTheReportShowsTheBidAndAsk() {
    Candidate clean = scan(venue(q -> q)).candidates().get(0);
    // every call crossed: bid and ask swapped
    BotScan crossed = scan(venue(q -> q.right() != Right.CALL ? q : new ChainQuote(q.right(), q.expiry(), q.dte(),
        q.strike(), q.ask(), q.bid(), q.last(), q.quotedAt(), q.underlyingAtQuote(), q.delta(), q.impliedVol(),
        q.greeksSource(), q.greeksModel())));

    assertTrue(crossed.candidates().isEmpty(), crossed.candidates().toString());
    OptionLeg sc = leg(clean, LegRole.SHORT_CALL);
    String expected = String.format(java.util.Locale.ROOT, "short call %s crossed: bid %.2f >= ask %.2f", strike(sc),
        sc.ask(), sc.bid());
    assertTrue(crossed.refused().stream().anyMatch(r -> r.contains(expected)), expected + " not in " + crossed.refused());
    System.out.println("refused (crossed): " + crossed.refused().get(0));
  }

  @Test
  void theSyntheticChainPassesAsFreshWithItsModelGreeksSaidAndScored() {
    BotScan synthetic = scan(null);
    assertFalse(synthetic.candidates().isEmpty());
    Candidate c = synthetic.candidates().get(0);
    assertTrue(c.synthetic());
    assertTrue(c.note().contains("x 0.5 synthetic chain (greeks from Black-Scholes on realized volatility, not quoted), "
        + "its quotes fresh by construction"), c.note());
    assertEquals(GreeksSource.MODEL, leg(c, LegRole.SHORT_PUT).greeksSource());
    assertTrue(leg(c, LegRole.SHORT_PUT).greeksModel().startsWith("Black-Scholes at realized volatility"));
    assertEquals(0.5 * DataQuality.offline(AAPL, DataQuality.Limits.DEFAULT).score(),
        c.features().get(ScoreFeature.DATA_QUALITY), 1e-12);
  }
}
