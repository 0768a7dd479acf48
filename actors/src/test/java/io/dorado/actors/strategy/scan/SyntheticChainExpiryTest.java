package io.dorado.actors.strategy.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.protocol.market.TradingCalendars;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic chain lists its weekly expiries where the exchange would: a Friday holiday moves to the Thursday. */
class SyntheticChainExpiryTest {
  @Test
  void aGoodFridayExpiryIsListedOnTheThursdayWithItsDaysToExpiryCountedToIt() {
    LocalDate asOf = LocalDate.of(2026, 3, 2); // a Monday
    var chain = SyntheticChain.build("AAPL", 250, asOf, 0.25, 25, 40, Instant.parse("2026-03-02T15:00:00Z"),
        TradingCalendars.US_OPTIONS);
    assertEquals(List.of(LocalDate.of(2026, 3, 27), LocalDate.of(2026, 4, 2), LocalDate.of(2026, 4, 10)), chain.expiries());
    assertEquals(31, chain.of(io.dorado.actors.pricing.BlackScholes.Right.PUT, LocalDate.of(2026, 4, 2)).get(0).dte());
  }

  @Test
  void theScansSyntheticChainIsAsOfTheMarketsDateNotTheUtcDate() {
    var u = ScanFixtures.underlying("SPY", io.dorado.protocol.market.AssetClass.EQUITY_OPTIONS);
    var bot = ScanFixtures.bot("spy-ic", "SPY", "iron_condor", ScanFixtures.risk("1"),
        io.dorado.protocol.bot.ApprovalMode.HUMAN_REQUIRED);
    var ctx = ScanFixtures.context(bot, ScanFixtures.ironCondor(List.of(), null, null), u,
        ScanFixtures.bars("SPY", ScanFixtures.sideways(120, 500, 3), 0.5));
    // the last hourly bar ends 2026-01-10T00:00Z: Friday the 9th, 19:00 in New York
    assertEquals(Instant.parse("2026-01-10T00:00:00Z"), ctx.bars().get(ctx.bars().size() - 1).end());
    var chain = (SyntheticChain) ChainSource.SYNTHETIC.chain(ctx, 30, 50, Instant.parse("2026-01-10T00:00:00Z"));
    assertEquals(LocalDate.of(2026, 1, 9), chain.asOf());
    assertEquals(42, chain.of(io.dorado.actors.pricing.BlackScholes.Right.PUT, LocalDate.of(2026, 2, 20)).get(0).dte());
  }

  @Test
  void cryptoOrAnyAlwaysOpenCalendarKeepsTheFriday() {
    var chain = SyntheticChain.build("X", 250, LocalDate.of(2026, 3, 2), 0.25, 25, 40, Instant.parse("2026-03-02T15:00:00Z"),
        TradingCalendars.CRYPTO);
    assertEquals(LocalDate.of(2026, 4, 3), chain.expiries().get(1));
  }
}
