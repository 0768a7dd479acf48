package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PRD's five IBKR chain-quality issues, each a refusal or a lowered score with its reason in words. */
class ChainQualityTest {
  private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");
  private static final LocalDate EXPIRY = LocalDate.parse("2027-01-15");
  private static final ChainQuality.Limits LIMITS = ChainQuality.Limits.DEFAULT;

  /** A clean venue quote: fresh, two-sided, tight, with the venue's greeks. */
  private static ChainQuote quote(Right right, double strike, double bid, double ask) {
    return new ChainQuote(right, EXPIRY, 39, strike, bid, ask, (bid + ask) / 2, NOW.minusSeconds(5), 100, -0.2, 0.25,
        GreeksSource.VENUE, "venue");
  }

  private static ChainQuote at(ChainQuote q, Instant quotedAt) {
    return new ChainQuote(q.right(), q.expiry(), q.dte(), q.strike(), q.bid(), q.ask(), q.last(), quotedAt,
        q.underlyingAtQuote(), q.delta(), q.impliedVol(), q.greeksSource(), q.greeksModel());
  }

  private static ChainQuote noGreeks(ChainQuote q) {
    return q.withGreeks(Double.NaN, Double.NaN, null, null);
  }

  private static ChainQuality.Verdict assess(ChainQuality.Leg... legs) {
    return ChainQuality.assess(List.of(legs), NOW, LIMITS);
  }

  @Test
  void aCleanVenueQuotedStructureKeepsItsFullScore() {
    var v = assess(ChainQuality.Leg.of("short", quote(Right.PUT, 95, 1.20, 1.25)),
        ChainQuality.Leg.of("long", quote(Right.PUT, 90, 0.60, 0.64)));
    assertFalse(v.refused(), v.refusals().toString());
    assertEquals(1.0, v.score());
    assertEquals("", v.why());
  }

  @Test
  void aStaleQuoteIsRefusedWithItsAgeAndTheLimit() {
    var stale = at(quote(Right.PUT, 95, 1.20, 1.25), NOW.minus(Duration.ofSeconds(252)));
    var v = assess(ChainQuality.Leg.of("short", stale), ChainQuality.Leg.of("long", quote(Right.PUT, 90, 0.60, 0.64)));
    assertTrue(v.refused());
    assertEquals(List.of("short put 95 quote 4m12s old > 1m"), v.refusals());
    assertEquals(0.0, v.score());

    var untimed = assess(ChainQuality.Leg.of("short", at(quote(Right.PUT, 95, 1.20, 1.25), null)));
    assertEquals(List.of("short put 95 has no quote time: its age is unknown"), untimed.refusals());
  }

  @Test
  void aCrossedLockedOrZeroBidMarketIsRefused() {
    assertEquals(List.of("long call 110 crossed: bid 1.25 >= ask 1.20"),
        assess(ChainQuality.Leg.of("long", quote(Right.CALL, 110, 1.25, 1.20))).refusals());
    assertEquals(List.of("long call 110 locked: bid 1.20 >= ask 1.20"),
        assess(ChainQuality.Leg.of("long", quote(Right.CALL, 110, 1.20, 1.20))).refusals());
    assertEquals(List.of("long put 80 zero bid: bid 0.00, ask 0.05 (no market to trade against)"),
        assess(ChainQuality.Leg.of("long", quote(Right.PUT, 80, 0, 0.05))).refusals());
    assertEquals(List.of("short put 95 has no two-sided quote: bid none, ask 1.25",
            "short put 95 greeks missing and no price to compute them from"),
        assess(ChainQuality.Leg.of("short", noGreeks(quote(Right.PUT, 95, Double.NaN, 1.25)))).refusals());
  }

  @Test
  void aWideMarketLowersTheScoreAndSaysWhereButAOneTickMarketOnACheapOptionIsNotWide() {
    var v = assess(ChainQuality.Leg.of("short", quote(Right.PUT, 95, 1.20, 1.25)),
        ChainQuality.Leg.of("long", quote(Right.PUT, 90, 1.00, 1.40)));
    assertFalse(v.refused());
    assertEquals(0.75, v.score());
    assertEquals("0.75 wide market (long put 90 wide: spread 0.40 = 33.3% of mid 1.20 > 15%)", v.why());

    var cheap = assess(ChainQuality.Leg.of("long", quote(Right.PUT, 80, 0.05, 0.10))); // 67% of mid, but one 0.05 tick
    assertEquals(1.0, cheap.score(), cheap.why());
  }

  @Test
  void missingGreeksAreComputedFromTheRawMidFlaggedModelDependentAndScoredLower() {
    double years = 39 / 365.0;
    double mid = BlackScholes.price(Right.PUT, 100, 95, years, 0.30, 0);
    var raw = noGreeks(quote(Right.PUT, 95, mid - 0.02, mid + 0.02));
    var v = assess(ChainQuality.Leg.of("short", raw));
    assertFalse(v.refused(), v.refusals().toString());
    ChainQuote leg = v.legs().get(0);
    assertEquals(GreeksSource.MODEL, leg.greeksSource());
    assertEquals(0.30, leg.impliedVol(), 1e-4);
    assertEquals(BlackScholes.delta(Right.PUT, 100, 95, years, 0.30, 0), leg.delta(), 1e-4);
    assertEquals(raw.bid(), leg.bid()); // the raw prices stay as quoted
    assertEquals(0.5, v.score());
    assertEquals(String.format(java.util.Locale.ROOT, "0.5 model-computed greeks, not quoted (all legs: Black-Scholes, "
        + "r = 0, IV 30.0%% inverted from mid %.2f at underlying 100.00, 39 DTE)", mid), v.why());
  }

  @Test
  void missingGreeksOnAnUnusablePriceAreRefused() {
    // a 110 put with the underlying at 100 is worth at least 10; a mid of 5 gives no volatility
    var v = assess(ChainQuality.Leg.of("short", noGreeks(quote(Right.PUT, 110, 4.90, 5.10))));
    assertEquals(List.of("short put 110 greeks missing and its price is unusable for a model: mid 5.00 at underlying "
        + "100.00 gives no Black-Scholes volatility"), v.refusals());
  }

  @Test
  void aMissingWingMovesAtMostOneIncrementOutAndSaysSoOtherwiseTheStructureIsRefused() {
    var grid = List.of(quote(Right.PUT, 80, 0.2, 0.25), quote(Right.PUT, 85, 0.4, 0.45), quote(Right.PUT, 90, 0.6, 0.65),
        quote(Right.PUT, 95, 1.2, 1.25));
    ChainQuality.Wing exact = ChainQuality.wing(grid, 90, true, "long");
    assertEquals(90, exact.quote().strike());
    assertNull(exact.moved());

    var holed = List.of(grid.get(0), grid.get(1), grid.get(3)); // 90 missing
    ChainQuality.Wing moved = ChainQuality.wing(holed, 90, true, "long");
    assertEquals(85, moved.quote().strike());
    assertEquals("long put 90 not listed: wing at 85, one 5 increment out", moved.moved());

    var gap = List.of(quote(Right.PUT, 70, 0.1, 0.15), quote(Right.PUT, 95, 1.2, 1.25), quote(Right.PUT, 100, 2.2, 2.3),
        quote(Right.PUT, 105, 4.0, 4.1));
    ChainQuality.Wing refused = ChainQuality.wing(gap, 90, true, "long");
    assertNull(refused.quote());
    assertEquals("long put 90 missing from the chain: nearest further out 70, more than one 5 increment away "
        + "(not built as specified)", refused.refusal());

    ChainQuality.Wing none = ChainQuality.wing(List.of(quote(Right.CALL, 100, 1, 1.1)), 115, false, "long");
    assertEquals("long call 115 missing from the chain (no strike further out)", none.refusal());
  }
}
