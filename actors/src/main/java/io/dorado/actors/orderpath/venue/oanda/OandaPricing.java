package io.dorado.actors.orderpath.venue.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One connection to OANDA's price stream of one instrument ({@code GET /v3/accounts/{id}/pricing/stream?instruments=},
 * pricing-ep "Price Stream"), outside an adapter: {@link OandaStream} reading the lines (PRICE and HEARTBEAT objects),
 * closing on a silence longer than {@code heartbeatTimeout}, and not reconnecting: its end is told to {@code onLost}
 * once. The {@code oanda} kind of {@code data_config.sources} ({@code OandaLive}) reconnects and back-fills.
 */
public final class OandaPricing {
  private OandaPricing() {}

  /** Opens it on a daemon thread; returns at once. Closing is quiet (no {@code onLost}). */
  public static AutoCloseable open(URI streamBase, String accountId, String token, String instrument,
      Duration connectTimeout, Duration heartbeatTimeout, Runnable onConnected, Consumer<JsonNode> onMessage,
      Consumer<String> onLost) {
    URI uri = URI.create(streamBase.toString().replaceAll("/+$", "") + "/v3/accounts/"
        + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "/pricing/stream?instruments="
        + URLEncoder.encode(instrument, StandardCharsets.UTF_8));
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "oanda-pricing-watchdog-" + instrument);
      t.setDaemon(true);
      return t;
    });
    HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    // a connection per reconnect: OANDA's published budget of 2 new connections a second applies
    VenueRateLimiter limiter = OandaRest.limiter("oanda-pricing-" + instrument, connectTimeout);
    OandaStream stream = new OandaStream("oanda-pricing-" + instrument, http, uri, token, limiter, scheduler, onConnected,
        onMessage, heartbeatTimeout, Duration.ZERO, Duration.ZERO, reason -> {
          scheduler.shutdown();
          onLost.accept(reason);
        });
    stream.start();
    return () -> {
      stream.close();
      scheduler.shutdownNow();
    };
  }
}
