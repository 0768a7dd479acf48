package io.dorado.actors.orderpath.venue.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.venue.VenueInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kraken's WebSocket v2 {@code executions} channel (docs.kraken.com, "WebSocket v2 / User Data / Executions"), on
 * {@link java.net.http.WebSocket}: XChange 5.2.0's stream-kraken speaks only v1 ({@code ownTrades}/{@code openOrders})
 * with a fixed URL. Each (re)connect fetches a token (REST {@code GetWebSocketsToken}), subscribes
 * ({@code {"method":"subscribe","params":{"channel":"executions","token":...,"snap_orders":false,"snap_trades":false}}}),
 * and once Kraken acknowledges ({@code "method":"subscribe","success":true}) calls {@code onSubscribed}: the adapter's
 * gap-fill through REST TradesHistory. A close or error reconnects with exponential backoff. Kraken sends a heartbeat
 * ({@code {"channel":"heartbeat"}}) about once a second on a subscribed connection ("WebSocket v2 / Heartbeat"): a
 * subscribed stream silent for {@link #SILENCE_LIMIT} is taken for dead (a half-open connection never closes by
 * itself) and reconnected the same way. Execution reports ({@code "channel":"executions"},
 * {@code "type":"snapshot"|"update"}) go to {@code onReport}, one data element at a time.
 */
final class KrakenExecutionStream {
  private static final Logger LOG = LoggerFactory.getLogger(KrakenExecutionStream.class);
  /** Ten of Kraken's once-a-second heartbeats missed. */
  static final Duration SILENCE_LIMIT = Duration.ofSeconds(10);

  private final URI url;
  private final Supplier<CompletionStage<String>> token;
  private final Consumer<JsonNode> onReport;
  private final Runnable onSubscribed;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kraken-ws-reconnect");
    t.setDaemon(true);
    return t;
  });
  private volatile VenueInfo.Connection state = VenueInfo.Connection.DISCONNECTED;
  private volatile WebSocket socket;
  private volatile Listener current;
  private volatile long heardAt = System.nanoTime();
  private volatile boolean closed;
  private Duration backoff;

  KrakenExecutionStream(URI url, Supplier<CompletionStage<String>> token, Consumer<JsonNode> onReport,
      Runnable onSubscribed, Duration initialBackoff, Duration maxBackoff) {
    this.url = url;
    this.token = token;
    this.onReport = onReport;
    this.onSubscribed = onSubscribed;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = initialBackoff;
  }

  VenueInfo.Connection state() {
    return state;
  }

  void start() {
    connect();
    timer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
  }

  /** A subscribed stream that has been silent past the limit is dropped and reconnected. */
  private void watch() {
    Listener listening = current;
    WebSocket ws = socket;
    if (closed || listening == null || ws == null || state != VenueInfo.Connection.CONNECTED) return;
    Duration silent = Duration.ofNanos(System.nanoTime() - heardAt);
    if (silent.compareTo(SILENCE_LIMIT) <= 0) return;
    LOG.warn("kraken executions stream: nothing heard for {} (heartbeats are once a second): reconnecting", silent);
    if (listening.goneDown()) {
      ws.abort();
      scheduleReconnect();
    }
  }

  private void connect() {
    if (closed) return;
    state = VenueInfo.Connection.CONNECTING;
    token.get()
        .thenCompose(t -> {
          Listener listener = new Listener(t);
          current = listener;
          return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, listener);
        })
        .whenComplete((ws, error) -> {
          if (error != null) {
            LOG.warn("kraken executions stream: connect failed ({}), retrying in {}", KrakenRest.unwrap(error).toString(),
                backoff);
            scheduleReconnect();
          } else {
            socket = ws;
          }
        });
  }

  private synchronized void scheduleReconnect() {
    state = VenueInfo.Connection.DISCONNECTED;
    if (closed) return;
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  void close() {
    closed = true;
    state = VenueInfo.Connection.DISCONNECTED;
    WebSocket ws = socket;
    if (ws != null) ws.abort();
    timer.shutdownNow();
  }

  private final class Listener implements WebSocket.Listener {
    private final String token;
    private final StringBuilder text = new StringBuilder();
    private boolean down;

    Listener(String token) {
      this.token = token;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      String subscribe = "{\"method\":\"subscribe\",\"params\":{\"channel\":\"executions\",\"token\":\"" + token
          + "\",\"snap_orders\":false,\"snap_trades\":false}}";
      webSocket.sendText(subscribe, true);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      heardAt = System.nanoTime();
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          handle(webSocket, KrakenRest.JSON.readTree(message));
        } catch (Exception e) {
          LOG.warn("kraken executions stream: unreadable message skipped ({})", e.toString());
        }
      }
      webSocket.request(1);
      return null;
    }

    private void handle(WebSocket webSocket, JsonNode message) {
      if ("subscribe".equals(message.path("method").asText())) {
        if (message.path("success").asBoolean(false)) {
          synchronized (KrakenExecutionStream.this) {
            backoff = initialBackoff;
          }
          heardAt = System.nanoTime();
          state = VenueInfo.Connection.CONNECTED;
          onSubscribed.run();
        } else {
          LOG.warn("kraken executions stream: subscription refused: {}", message.path("error").asText());
          webSocket.abort();
        }
        return;
      }
      if (!"executions".equals(message.path("channel").asText())) return; // heartbeat, status
      for (JsonNode report : message.path("data")) onReport.accept(report);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      down();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      down();
    }

    private void down() {
      if (goneDown()) scheduleReconnect();
    }

    /** True the first time only: a connection is reconnected once, whoever saw it go (listener or watchdog). */
    synchronized boolean goneDown() {
      if (down) return false;
      down = true;
      return true;
    }
  }
}
