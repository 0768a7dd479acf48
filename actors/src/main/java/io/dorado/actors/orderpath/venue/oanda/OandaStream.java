package io.dorado.actors.orderpath.venue.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.actors.orderpath.venue.VenueRateLimiter;
import io.dorado.protocol.venue.VenueInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of OANDA's v20 streaming endpoints ({@code GET /v3/accounts/{id}/transactions/stream}, {@code .../pricing/stream}):
 * a long-lived chunked HTTP answer of newline-delimited JSON objects, with a {@code {"type":"HEARTBEAT",...}} every
 * few seconds (developer.oanda.com transaction-ep "Transaction Stream", pricing-ep "Price Stream").
 *
 * <p>Ours, not the library's: {@code javap} of v20 3.0.25 shows no streaming call ({@code TransactionContext} has
 * list/get/range/since, {@code PricingContext} basePrices/getPriceRange/get/candles), and its {@code Context.execute}
 * reads a whole answer with {@code EntityUtils.toString} before parsing, which never returns on an endless stream.
 * So the JDK's {@link HttpClient} reads the body line by line on one daemon thread per stream.
 *
 * <p>Each (re)connect takes one permit of the account's {@code CONNECTIONS} budget (OANDA: 2 new connections per
 * second) and waits out a closed Retry-After gate; after the 200 it calls {@code onConnected} (the adapter's gap-fill).
 * A stream that ends, fails or stays silent longer than the heartbeat timeout is reconnected after a back-off that
 * doubles from {@code reconnectMin} to {@code reconnectMax}; {@link #close} ends it for good. Given an
 * {@code onLost}, it does not reconnect: the first end, failure or silence is reported there, once, and the stream is
 * over (for {@link OandaPricing}, whose caller reconnects and back-fills).
 */
final class OandaStream implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OandaStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final VenueRateLimiter limiter;
  private final ScheduledExecutorService scheduler;
  private final Runnable onConnected;
  private final Consumer<JsonNode> onMessage;
  private final Duration heartbeatTimeout;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final AtomicLong lastLineNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong connects = new AtomicLong();
  private volatile VenueInfo.Connection state = VenueInfo.Connection.CONNECTING;
  private volatile boolean closed;
  private volatile InputStream body;
  private volatile Thread reader;
  private ScheduledFuture<?> watchdog;
  private final Consumer<String> onLost;
  private volatile String silence;

  OandaStream(String name, HttpClient http, URI uri, String token, VenueRateLimiter limiter,
      ScheduledExecutorService scheduler, Runnable onConnected, Consumer<JsonNode> onMessage, Duration heartbeatTimeout,
      Duration reconnectMin, Duration reconnectMax) {
    this(name, http, uri, token, limiter, scheduler, onConnected, onMessage, heartbeatTimeout, reconnectMin, reconnectMax,
        null);
  }

  /** @param onLost null: reconnect; else told why the one connection is over (and nothing reconnects) */
  OandaStream(String name, HttpClient http, URI uri, String token, VenueRateLimiter limiter,
      ScheduledExecutorService scheduler, Runnable onConnected, Consumer<JsonNode> onMessage, Duration heartbeatTimeout,
      Duration reconnectMin, Duration reconnectMax, Consumer<String> onLost) {
    this.onLost = onLost;
    this.name = name;
    this.http = http;
    this.uri = uri;
    this.token = token;
    this.limiter = limiter;
    this.scheduler = scheduler;
    this.onConnected = onConnected;
    this.onMessage = onMessage;
    this.heartbeatTimeout = heartbeatTimeout;
    this.reconnectMin = reconnectMin;
    this.reconnectMax = reconnectMax;
  }

  synchronized void start() {
    if (reader != null || closed) return;
    reader = new Thread(this::run, name);
    reader.setDaemon(true);
    reader.start();
    long period = Math.max(50, heartbeatTimeout.toMillis() / 4);
    watchdog = scheduler.scheduleWithFixedDelay(this::checkSilence, period, period, TimeUnit.MILLISECONDS);
  }

  VenueInfo.Connection state() {
    return state;
  }

  /** Successful connections so far (tests wait for a reconnect). */
  long connects() {
    return connects.get();
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      String lost;
      try {
        limiter.acquire(OandaRest.ONE_CONNECTION).toCompletableFuture().join();
        HttpRequest request = HttpRequest.newBuilder(uri).GET()
            .header("Authorization", "Bearer " + token)
            .header("Accept-Datetime-Format", "RFC3339")
            .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          if (response.statusCode() == 429) {
            limiter.rateLimited(429, response.headers().firstValue("Retry-After").orElse(null));
          }
          response.body().close();
          throw new IOException(name + " answered HTTP " + response.statusCode());
        }
        body = response.body();
        lastLineNanos.set(System.nanoTime());
        state = VenueInfo.Connection.CONNECTED;
        connects.incrementAndGet();
        failures = 0;
        onConnected.run();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String line;
          while (!closed && (line = lines.readLine()) != null) {
            lastLineNanos.set(System.nanoTime());
            if (line.isBlank()) continue;
            JsonNode message;
            try {
              message = JSON.readTree(line);
            } catch (IOException unreadable) {
              log.warn("{}: unreadable line skipped ({})", name, unreadable.getMessage());
              continue;
            }
            try {
              onMessage.accept(message);
            } catch (RuntimeException e) {
              log.warn("{}: handling a message failed ({})", name, e.toString());
            }
          }
        }
        if (!closed) log.info("{}: the stream ended; reconnecting", name);
        lost = silence != null ? silence : "the stream ended";
      } catch (InterruptedException e) {
        if (closed) return;
        lost = "interrupted";
      } catch (Exception e) {
        if (!closed) log.warn("{}: {}; reconnecting", name, OandaRest.describe(e));
        lost = silence != null ? silence : OandaRest.describe(e);
      }
      body = null;
      if (closed) return;
      if (onLost != null) {
        closed = true;
        state = VenueInfo.Connection.DISCONNECTED;
        synchronized (this) {
          if (watchdog != null) watchdog.cancel(false);
        }
        onLost.accept(lost);
        return;
      }
      Thread.interrupted(); // an interrupt that did not come from close() must not cut the back-off short
      state = VenueInfo.Connection.CONNECTING;
      long wait = Math.min(reconnectMax.toMillis(), reconnectMin.toMillis() << Math.min(failures, 16));
      failures++;
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** No line (not even a heartbeat) for too long: close the body so the reader reconnects. */
  private void checkSilence() {
    InputStream current = body;
    if (current == null || closed) return;
    if (System.nanoTime() - lastLineNanos.get() > heartbeatTimeout.toNanos()) {
      log.warn("{}: no heartbeat for {}; reconnecting", name, heartbeatTimeout);
      silence = "no heartbeat for " + heartbeatTimeout;
      closeQuietly(current); // the blocked readLine ends (OandaAdapterTest: a silent stream is reconnected)
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the reader sees the end
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    state = VenueInfo.Connection.DISCONNECTED;
    if (watchdog != null) watchdog.cancel(false);
    InputStream current = body;
    if (current != null) closeQuietly(current);
    if (reader != null) reader.interrupt();
  }
}
