package io.dorado.actors.orderpath.venue.binance;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.actors.orderpath.venue.conformance.VenueConformanceKit;
import io.dorado.actors.orderpath.venue.conformance.VenueScript;
import io.dorado.actors.orderpath.venue.conformance.VenueUnderTest;
import io.dorado.protocol.market.VenueMode;
import io.dorado.protocol.venue.VenueInfo;
import java.time.Duration;
import java.util.Map;

/**
 * The Binance spot adapter under the venue conformance kit, against {@link FakeBinance} on 127.0.0.1. The kit's
 * venue actor waits 1 s for an adapter call, so REST answers time out after 800 ms and the rate limiter waits at
 * most 500 ms (a longer Retry-After fails the call as not sent).
 */
class BinanceConformanceTest extends VenueConformanceKit {

  @Override
  protected VenueUnderTest start() throws Exception {
    FakeBinance fake = new FakeBinance(BinanceSpotAdapterTest.KEY, BinanceSpotAdapterTest.SECRET);
    fake.silentFor(Duration.ofMillis(1500));
    BinanceSettings settings = new BinanceSettings("binance-kit", VenueMode.PAPER, "kit", fake.restUri(),
        fake.webSocketApiUri(), Map.of("BTC", "BTCUSDT"), "USDT", Duration.ofMillis(800), null, Duration.ofMillis(50),
        Duration.ofMillis(400), Duration.ofMillis(500));
    return new VenueUnderTest() {
      private BinanceSpotAdapter adapter = connected(new BinanceSpotAdapter(settings, credentials()));

      @Override
      public String name() {
        return "binance";
      }

      @Override
      public String venueId() {
        return settings.venueId();
      }

      @Override
      public String symbol() {
        return "BTC";
      }

      @Override
      public VenueAdapter adapter() {
        return adapter;
      }

      @Override
      public VenueAdapter restart() {
        adapter.close();
        adapter = new BinanceSpotAdapter(settings, credentials());
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

  private static BinanceCredentials credentials() {
    return BinanceCredentials.of(BinanceSpotAdapterTest.KEY, BinanceSpotAdapterTest.SECRET);
  }

  /** Connected to the fake before the kit scripts anything, so its first gap-fill is not the request a fault hits. */
  private static BinanceSpotAdapter connected(BinanceSpotAdapter adapter) throws InterruptedException {
    adapter.connect(report -> {});
    long until = System.currentTimeMillis() + 5000;
    while (adapter.info().connection() != VenueInfo.Connection.CONNECTED || !adapter.baselineTaken()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("the Binance stream did not connect");
      Thread.sleep(10);
    }
    return adapter;
  }
}
