package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;
import io.dorado.protocol.market.VenueMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Alpaca adapter on a {@link FakeAlpaca} (broker_paper: the paper endpoint's binary frames). Requests time out
 * below the venue actor's 1 s adapter timeout; the request budget is generous (the kit's scenarios are short): the
 * gate after Alpaca's 429 is what is tested.
 */
final class AlpacaVenueUnderTest implements VenueUnderTest {
  static final String VENUE = "alpaca-kit";

  private final FakeAlpaca fake;
  private volatile AlpacaAdapter adapter;

  AlpacaVenueUnderTest() throws Exception {
    fake = new FakeAlpaca();
    adapter = newAdapter();
  }

  private AlpacaAdapter newAdapter() {
    var settings = AlpacaAdapter.Settings.paper().withEndpoints(fake.restBase(), fake.streamUrl())
        .withTimeouts(Duration.ofMillis(800), Duration.ofMillis(100));
    var limiter = VenueRateLimiter.create(VENUE,
        List.of(new VenueRateLimiter.Budget(AlpacaAdapter.rateBudget(), 1_000, Duration.ofSeconds(1))),
        Duration.ofSeconds(5));
    return new AlpacaAdapter(VENUE, "alpaca-kit-account", VenueMode.BROKER_PAPER,
        VenueCredentials.of(FakeAlpaca.API_KEY, FakeAlpaca.API_SECRET), settings,
        Map.of(FakeAlpaca.SYMBOL, FakeAlpaca.ALPACA_SYMBOL), limiter, Clock.systemUTC());
  }

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public String venueId() {
    return VENUE;
  }

  @Override
  public String symbol() {
    return FakeAlpaca.SYMBOL;
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
