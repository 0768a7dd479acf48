package io.dorado.actors.orderpath.venue.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.venue.VenueInfo;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca's {@code trade_updates} stream (docs.alpaca.markets "Websocket Streaming") on {@link java.net.http.WebSocket}:
 * connect to {@code wss://paper-api.alpaca.markets/stream} (or api.), send
 * {@code {"action":"authenticate","data":{"key_id":..,"secret_key":..}}}, and on
 * {@code {"stream":"authorization","data":{"action":"authenticate","status":"authorized"}}} send
 * {@code {"action":"listen","data":{"streams":["trade_updates"]}}}; on the acknowledgement
 * {@code {"stream":"listening","data":{"streams":["trade_updates"]}}} the stream is up and {@code onListening} runs
 * (the adapter's gap-fill through REST). Updates {@code {"stream":"trade_updates","data":{event, order, ...}}} go to
 * {@code onUpdate}. The paper endpoint sends binary frames and the live one text frames (the docs' note), so both are
 * read. (The market-data stream's {@code {"action":"auth","key":..,"secret":..}} is a different protocol.) A close,
 * an error or an unauthorized answer reconnects with exponential backoff.
 */
final class AlpacaTradeStream {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaTradeStream.class);

  private final URI url;
  private final VenueCredentials credentials;
  private final Consumer<JsonNode> onUpdate;
  private final Runnable onListening;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "alpaca-trade-updates-reconnect");
    t.setDaemon(true);
    return t;
  });
  private volatile VenueInfo.Connection state = VenueInfo.Connection.DISCONNECTED;
  private volatile WebSocket socket;
  private volatile boolean closed;
  private Duration backoff;

  AlpacaTradeStream(URI url, VenueCredentials credentials, Consumer<JsonNode> onUpdate, Runnable onListening,
      Duration initialBackoff, Duration maxBackoff) {
    this.url = url;
    this.credentials = credentials;
    this.onUpdate = onUpdate;
    this.onListening = onListening;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = initialBackoff;
  }

  VenueInfo.Connection state() {
    return state;
  }

  void start() {
    connect();
  }

  private void connect() {
    if (closed) return;
    state = VenueInfo.Connection.CONNECTING;
    http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new Listener())
        .whenComplete((ws, error) -> {
          if (error != null) {
            LOG.warn("alpaca trade_updates: connect failed ({}), retrying in {}", AlpacaRest.unwrap(error).toString(),
                backoff);
            scheduleReconnect();
          } else {
            socket = ws;
            if (closed) ws.abort();
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

  private String authenticate() {
    ObjectNode m = AlpacaRest.JSON.createObjectNode();
    m.put("action", "authenticate");
    ObjectNode data = m.putObject("data");
    data.put("key_id", credentials.apiKey());
    data.put("secret_key", credentials.secret());
    return m.toString();
  }

  private static String listen() {
    return "{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}";
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private boolean down;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.sendText(authenticate(), true);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        handle(webSocket, message);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        String message = binary.toString(StandardCharsets.UTF_8);
        binary.reset();
        handle(webSocket, message);
      }
      webSocket.request(1);
      return null;
    }

    private void handle(WebSocket webSocket, String text) {
      JsonNode message;
      try {
        message = AlpacaRest.JSON.readTree(text);
      } catch (Exception e) {
        LOG.warn("alpaca trade_updates: unreadable message skipped ({})", e.toString());
        return;
      }
      String stream = message.path("stream").asText();
      JsonNode data = message.path("data");
      switch (stream) {
        case "authorization" -> {
          if ("authorized".equals(data.path("status").asText())) {
            webSocket.sendText(listen(), true);
          } else {
            LOG.warn("alpaca trade_updates: not authorized ({}); reconnecting", data.path("status").asText());
            webSocket.abort();
            down();
          }
        }
        case "listening" -> {
          boolean listening = false;
          for (JsonNode s : data.path("streams")) listening |= "trade_updates".equals(s.asText());
          if (!listening) {
            LOG.warn("alpaca trade_updates: the stream was not granted ({}); reconnecting", data);
            webSocket.abort();
            down();
            return;
          }
          synchronized (AlpacaTradeStream.this) {
            backoff = initialBackoff;
          }
          state = VenueInfo.Connection.CONNECTED;
          onListening.run();
        }
        case "trade_updates" -> onUpdate.accept(data);
        default -> {} // nothing else is documented on this stream
      }
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

    private synchronized void down() {
      if (down) return;
      down = true;
      scheduleReconnect();
    }
  }
}
