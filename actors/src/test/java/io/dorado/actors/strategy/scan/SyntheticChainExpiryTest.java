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
  void cryptoOrAnyAlwaysOpenCalendarKeepsTheFriday() {
    var chain = SyntheticChain.build("X", 250, LocalDate.of(2026, 3, 2), 0.25, 25, 40, Instant.parse("2026-03-02T15:00:00Z"),
        TradingCalendars.CRYPTO);
    assertEquals(LocalDate.of(2026, 4, 3), chain.expiries().get(1));
  }
}
