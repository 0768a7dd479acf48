package io.dorado.actors.orderpath.venue.ibkr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.actors.strategy.scan.ChainQuality;
import io.dorado.actors.strategy.scan.ChainQuote;
import io.dorado.actors.strategy.scan.IbkrChain;
import io.dorado.actors.strategy.scan.OptionChain;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IBKR's chain as the scan's chain model: raw prices and their time beside IBKR's greeks, or none. */
class IbkrChainTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 12, 7);
  private FakeIbkr fake;
  private IbkrAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeIbkr();
    fake.quote(new BigDecimal("189.99"), new BigDecimal("190.01"));
    adapter = new IbkrAdapter(IbkrVenueUnderTest.settings(fake, Duration.ofSeconds(1)), IbkrVenueUnderTest.generousLimiter());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    fake.close();
  }

  private OptionChain fetch() throws Exception {
    return IbkrChain.fetch(adapter.options(), FakeIbkr.SYMBOL, AS_OF, 30, 45, 0.06).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void theChainKeepsIbkrsRawPricesAndTimesAndLeavesGreeksItDidNotSendMissing() throws Exception {
    Instant before = Instant.now();
    OptionChain chain = fetch();
    // JAN27 only (30..45 DTE), both maturities IBKR lists in it, strikes 180, 190, 200 (within 6% of 190), both rights
    assertEquals(List.of(LocalDate.of(2027, 1, 8), LocalDate.of(2027, 1, 15)), chain.expiries());
    assertEquals(12, chain.quotes().size());
    assertFalse(chain.synthetic());
    ChainQuote q = chain.of(Right.PUT, LocalDate.of(2027, 1, 15)).get(0);
    assertEquals(39, q.dte());
    assertEquals(189.99, q.bid());
    assertEquals(190.01, q.ask());
    assertEquals(190.00, q.last());
    assertEquals(190.00, q.underlyingAtQuote());
    assertNotNull(q.quotedAt());
    assertFalse(q.quotedAt().isBefore(before.minusSeconds(1)));
    assertFalse(q.hasGreeks());
    assertNull(q.greeksSource());
    // the fake prices every option like the stock: no volatility gives that mid, so a structure on it is refused
    var v = ChainQuality.assess(List.of(ChainQuality.Leg.of("short", q)), q.quotedAt().plusSeconds(1),
        ChainQuality.Limits.DEFAULT);
    assertEquals(List.of("short put 180 greeks missing and its price is unusable for a model: mid 190.00 at underlying "
        + "190.00 gives no Black-Scholes volatility"), v.refusals());
  }

  @Test
  void greeksIbkrSendsAreKeptAsTheVenuesBesideTheRawPrices() throws Exception {
    fake.optionGreeks("-0.21", "27.5%");
    ChainQuote q = fetch().of(Right.PUT, LocalDate.of(2027, 1, 8)).get(0);
    assertEquals(-0.21, q.delta());
    assertEquals(0.275, q.impliedVol(), 1e-12);
    assertEquals(GreeksSource.VENUE, q.greeksSource());
    assertTrue(q.greeksModel().startsWith("IBKR's model"));
    assertEquals(189.99, q.bid());
  }
}
