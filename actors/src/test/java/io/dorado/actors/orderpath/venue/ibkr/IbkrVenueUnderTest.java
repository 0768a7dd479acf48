package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;
import io.dorado.protocol.market.VenueMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The IBKR adapter on a {@link FakeIbkr}: the symbol configured as a ticker (so the conid comes from the contract
 * search), requests timing out below the venue actor's 1 s adapter timeout, the pause after a 429 the fake's
 * Retry-After. The limiter's budgets are generous (the kit's scenarios query far more often than IBKR's 1 per 5 s
 * for live orders and trades allows; the 429 gate is what the kit tests); {@link IbkrRest#documentedLimiter} is
 * production's.
 */
final class IbkrVenueUnderTest implements VenueUnderTest {
  static final String VENUE = "ibkr-kit";

  final FakeIbkr fake;
  private volatile IbkrAdapter adapter;

  IbkrVenueUnderTest() throws Exception {
    fake = new FakeIbkr();
    adapter = newAdapter();
  }

  static IbkrSettings settings(FakeIbkr fake, Duration tickle) {
    return new IbkrSettings(VENUE, VenueMode.BROKER_PAPER, FakeIbkr.ACCOUNT, fake.baseUrl(), fake.webSocketUrl(),
        Map.of(FakeIbkr.SYMBOL, FakeIbkr.SYMBOL), Duration.ofMillis(800), tickle, 1, Duration.ofMillis(100),
        Duration.ofSeconds(2), Duration.ofSeconds(2), null);
  }

  static VenueRateLimiter generousLimiter() {
    return VenueRateLimiter.create(VENUE, List.of(
        new VenueRateLimiter.Budget(IbkrRest.GLOBAL, 1_000, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(IbkrRest.LIVE_ORDERS, 1_000, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(IbkrRest.TRADES, 1_000, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(IbkrRest.TICKLE, 1_000, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(IbkrRest.SNAPSHOT, 1_000, Duration.ofSeconds(1)),
        new VenueRateLimiter.Budget(IbkrRest.PORTFOLIO_ACCOUNTS, 1_000, Duration.ofSeconds(1))), Duration.ofSeconds(5));
  }

  private IbkrAdapter newAdapter() {
    return new IbkrAdapter(settings(fake, Duration.ofSeconds(1)), generousLimiter());
  }

  @Override
  public String name() {
    return "ibkr";
  }

  @Override
  public String venueId() {
    return VENUE;
  }

  @Override
  public String symbol() {
    return FakeIbkr.SYMBOL;
  }

  @Override
  public VenueAdapter adapter() {
    return adapter;
  }

  @Override
  public VenueAdapter restart() {
    adapter.close();
    adapter = newAdapter();
    return adapter;
  }

  @Override
  public VenueScript script() {
    return fake;
  }

  @Override
  public void close() throws Exception {
    adapter.close();
    fake.close();
  }
}
