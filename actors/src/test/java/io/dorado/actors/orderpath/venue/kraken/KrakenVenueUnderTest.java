package io.dorado.actors.orderpath.venue.kraken;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;
import io.dorado.protocol.market.VenueMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The Kraken spot adapter on a {@link FakeKraken}. Kraken sends no Retry-After, so the pause after its rate-limit
 * error is the adapter's setting ({@link #RATE_PAUSE}, the account tier's decay in production): here a little more
 * than the kit's 400 ms hold. Requests time out below the venue actor's 1 s adapter timeout.
 */
final class KrakenVenueUnderTest implements VenueUnderTest {
  static final String VENUE = "kraken-kit";
  static final Duration RATE_PAUSE = Duration.ofMillis(600);

  private final FakeKraken fake;
  private volatile KrakenSpotAdapter adapter;

  KrakenVenueUnderTest() throws Exception {
    fake = new FakeKraken();
    adapter = newAdapter();
  }

  private KrakenSpotAdapter newAdapter() {
    var settings = KrakenSpotAdapter.Settings.production()
        .withEndpoints(fake.restBase(), fake.webSocketUrl())
        .withTimeouts(Duration.ofMillis(800), Duration.ofMillis(100), RATE_PAUSE);
    // a generous counter budget (the kit's scenarios are short); the gate after Kraken's refusal is what is tested
    var limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(KrakenRequestGate.REST_COUNTER, 1_000, Duration.ofSeconds(1))),
        Duration.ofSeconds(5));
    return new KrakenSpotAdapter(VENUE, "kraken-kit-account", VenueMode.LIVE,
        KrakenCredentials.of(FakeKraken.API_KEY, FakeKraken.API_SECRET), settings, List.of(FakeKraken.symbolMapping()),
        FakeKraken.QUOTE, KrakenRequestGate.of(limiter), Set.of(), Clock.systemUTC());
  }

  @Override
  public String name() {
    return "kraken";
  }

  @Override
  public String venueId() {
    return VENUE;
  }

  @Override
  public String symbol() {
    return FakeKraken.SYMBOL;
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
