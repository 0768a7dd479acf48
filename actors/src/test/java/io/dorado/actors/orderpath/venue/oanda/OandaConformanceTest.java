package io.dorado.actors.orderpath.venue.oanda;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.actors.orderpath.venue.conformance.VenueConformanceKit;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * The OANDA adapter under the venue conformance kit, against {@link FakeOanda} on 127.0.0.1 (built from OANDA's
 * published v20 documentation). The kit's venue actor waits 1 s for an adapter call, so REST answers time out after
 * 800 ms and the rate limiter waits at most 500 ms (a longer Retry-After fails the call as not sent). The kit trades
 * universe symbol EUR as EUR_USD with its own rules (tick 0.01, lot 0.0001); the instrument's marginRate is 1, so an
 * order's initial margin is its notional and the kit's "beyond the free balance" order is refused INSUFFICIENT_MARGIN.
 */
class OandaConformanceTest extends VenueConformanceKit {

  static final String TOKEN = "0123456789abcdef0123456789abcdef-0123456789abcdef0123456789abcdef";

  @Override
  protected VenueUnderTest start() throws Exception {
    FakeOanda fake = new FakeOanda(TOKEN, "EUR_USD", "EUR");
    fake.marginRate(BigDecimal.ONE);
    fake.silentFor(Duration.ofMillis(1500));
    OandaSettings settings = settings(fake);
    return new VenueUnderTest() {
      private OandaAdapter adapter = connected(new OandaAdapter(settings, credentials()));

      @Override
      public String name() {
        return "oanda";
      }

      @Override
      public String venueId() {
        return settings.venueId();
      }

      @Override
      public String symbol() {
        return "EUR";
      }

      @Override
      public VenueAdapter adapter() {
        return adapter;
      }

      @Override
      public VenueAdapter restart() {
        adapter.close();
        adapter = new OandaAdapter(settings, credentials());
        return adapter;
      }

      @Override
      public VenueScript script() {
        return fake;
      }

      @Override
      public void close() {
        adapter.close();
        fake.close();
      }
    };
  }

  static OandaSettings settings(FakeOanda fake) {
    return new OandaSettings("oanda-kit", VenueMode.BROKER_PAPER, FakeOanda.ACCOUNT, fake.restUri(), fake.streamUri(),
        Map.of("EUR", "EUR_USD"), Duration.ofMillis(800), Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofMillis(500));
  }

  static VenueCredentials credentials() {
    return VenueCredentials.of(FakeOanda.ACCOUNT, TOKEN);
  }

  /** Connected to the fake before the kit scripts anything, so its first gap-fill is not the request a fault hits. */
  static OandaAdapter connected(OandaAdapter adapter) throws InterruptedException {
    adapter.connect(report -> {});
    long until = System.currentTimeMillis() + 5000;
    while (adapter.info().connection() != VenueInfo.Connection.CONNECTED || !adapter.baselineTaken()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("the OANDA transaction stream did not connect");
      Thread.sleep(10);
    }
    return adapter;
  }
}
