package io.dorado.actors.orderpath.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.protocol.venue.VenueInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's executions through Binance's WebSocket API (web-socket-api.md), the only user data stream Binance
 * spot still serves: the REST listenKey endpoints ({@code /api/v3/userDataStream}) answer 410 since 2026-02-20, and
 * XChange 5.2.0's user data stream still starts from them. Binance's own Java connector that resolves here
 * ({@code binance-connector-java} 3.4.1) only knows the listenKey flow too, so this is a small client on the JDK's
 * {@link java.net.http.WebSocket}.
 *
 * <p>On every (re)connect it sends {@code userDataStream.subscribe.signature} (web-socket-api.md "Subscribe to User
 * Data Stream through signature subscription": {@code apiKey}, {@code timestamp}, {@code recvWindow} and the
 * HMAC-SHA256 of those params sorted by name, "SIGNED request example (HMAC)"). Once the answer is status 200 the
 * stream is CONNECTED and {@code onSubscribed} runs (the adapter's gap-fill). Events arrive as {@code {"subscriptionId":
 * n, "event": {...}}} ("Event format"); {@code eventStreamTerminated} (user-data-stream.md) subscribes again on the
 * same connection, {@code serverShutdown} and any close or error reconnect after a backoff (doubling from
 * {@code reconnectMin} to {@code reconnectMax}). Pings are answered by the JDK client.
 */
final class BinanceUserStream implements WebSocket.Listener {

  private static final Logger log = LoggerFactory.getLogger(BinanceUserStream.class);

  private final HttpClient http;
  private final URI uri;
  private final BinanceCredentials credentials;
  private final BinanceRest rest;
  private final ScheduledExecutorService scheduler;
  private final Consumer<JsonNode> onEvent;
  private final Runnable onSubscribed;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final AtomicLong requestIds = new AtomicLong();
  private final StringBuilder partial = new StringBuilder();

  private volatile VenueInfo.Connection state = VenueInfo.Connection.DISCONNECTED;
  private volatile WebSocket socket;
  private volatile boolean closed;
  private volatile String subscribeRequestId;
  private int failures;
  private final AtomicLong connects = new AtomicLong();

  BinanceUserStream(HttpClient http, URI uri, BinanceCredentials credentials, BinanceRest rest,
      ScheduledExecutorService scheduler, Consumer<JsonNode> onEvent, Runnable onSubscribed, Duration reconnectMin,
      Duration reconnectMax) {
    this.http = http;
    this.uri = uri;
    this.credentials = credentials;
    this.rest = rest;
    this.scheduler = scheduler;
    this.onEvent = onEvent;
    this.onSubscribed = onSubscribed;
    this.reconnectMin = reconnectMin;
    this.reconnectMax = reconnectMax;
  }

  VenueInfo.Connection state() {
    return state;
  }

  /** Successful subscriptions so far (the first one and every reconnect's). */
  long subscriptions() {
    return connects.get();
  }

  void start() {
    if (closed) return;
    state = VenueInfo.Connection.CONNECTING;
    http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, this).whenComplete((ws, failure) -> {
      if (failure != null) {
        log.warn("Binance user data stream: cannot connect to {} ({})", uri, BinanceRest.unwrap(failure).toString());
        reconnectLater();
      }
    });
  }

  void close() {
    closed = true;
    state = VenueInfo.Connection.DISCONNECTED;
    WebSocket ws = socket;
    if (ws != null) ws.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket = webSocket;
    subscribe(webSocket);
    webSocket.request(1);
  }

  private void subscribe(WebSocket webSocket) {
    Map<String, String> params = new TreeMap<>(); // signed over the params sorted by name
    params.put("apiKey", credentials.apiKey());
    params.put("recvWindow", Long.toString(rest.recvWindowMillis()));
    params.put("timestamp", Long.toString(rest.serverNow()));
    String payload = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    ObjectNode request = BinanceRest.JSON.createObjectNode();
    String id = "sub-" + requestIds.incrementAndGet();
    subscribeRequestId = id;
    request.put("id", id);
    request.put("method", "userDataStream.subscribe.signature");
    ObjectNode p = request.putObject("params");
    p.put("apiKey", credentials.apiKey());
    p.put("recvWindow", rest.recvWindowMillis());
    p.put("timestamp", Long.parseLong(params.get("timestamp")));
    p.put("signature", credentials.sign(payload));
    webSocket.sendText(request.toString(), true);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    if (webSocket != socket) return null;
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        handle(webSocket, BinanceRest.JSON.readTree(text));
      } catch (Exception e) {
        log.warn("Binance user data stream: cannot handle a message ({})", e.toString());
      }
    }
    webSocket.request(1);
    return null;
  }

  private void handle(WebSocket webSocket, JsonNode message) {
    if (message.has("event")) {
      JsonNode event = message.get("event");
      String type = event.path("e").asText();
      if (type.equals("eventStreamTerminated")) {
        log.info("Binance user data stream: subscription ended; subscribing again");
        state = VenueInfo.Connection.CONNECTING;
        subscribe(webSocket);
      } else if (type.equals("serverShutdown")) {
        log.info("Binance user data stream: server shutting down; reconnecting");
        disconnected(webSocket);
      } else {
        onEvent.accept(event);
      }
      return;
    }
    if (message.path("id").asText().equals(subscribeRequestId)) {
      if (message.path("status").asInt() == 200) {
        synchronized (this) {
          failures = 0;
        }
        state = VenueInfo.Connection.CONNECTED;
        connects.incrementAndGet();
        onSubscribed.run();
      } else {
        JsonNode error = message.path("error");
        log.warn("Binance user data stream: subscription refused ({} {})", error.path("code").asInt(),
            error.path("msg").asText());
        if (error.path("code").asInt() == BinanceApiException.INVALID_TIMESTAMP) rest.syncTime();
        disconnected(webSocket);
      }
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    log.info("Binance user data stream closed ({} {})", statusCode, reason);
    disconnected(webSocket);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    log.warn("Binance user data stream failed ({})", error.toString());
    disconnected(webSocket);
  }

  /** The connection {@code webSocket} is over; a stale one's late close or error changes nothing. */
  private synchronized void disconnected(WebSocket webSocket) {
    if (webSocket != socket) return;
    socket = null;
    webSocket.abort();
    reconnectLater();
  }

  private synchronized void reconnectLater() {
    if (closed) return;
    state = VenueInfo.Connection.DISCONNECTED;
    long wait = Math.min(reconnectMax.toMillis(), reconnectMin.toMillis() << Math.min(failures, 16));
    failures++;
    try {
      scheduler.schedule(this::start, wait, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }
}
