package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorado.protocol.venue.VenueInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's WebSocket ({@code wss://localhost:5000/v1/api/ws}; "Streaming WebSocket Data",
 * interactivebrokers.github.io/cpwebapi/RealtimeSubscription.html): on open it sends {@code {"session":"<session
 * from /tickle>"}}, then subscribes to live orders ({@code sor+{}}) and trades ({@code str+{}}). The first
 * {@code str} message after a (re)connect is the subscription's answer: then {@code onSubscribed} runs (the adapter's
 * gap-fill through REST trades). {@code sor} answers the account's working orders at once, so a cancel missed while
 * the socket was down arrives again. Every message's {@code args} go to {@code onOrders} ({@code sor}) or
 * {@code onTrades} ({@code str}); {@code system}, {@code sts}, {@code ntf}, {@code blt} and heartbeats are ignored.
 * The session is pinged with {@code tic} while the socket is open. A close or error reconnects with exponential
 * backoff.
 */
final class IbkrStream {
  private static final Logger LOG = LoggerFactory.getLogger(IbkrStream.class);

  private final URI url;
  private final HttpClient http;
  private final Supplier<CompletionStage<String>> session;
  private final Consumer<JsonNode> onOrders;
  private final Consumer<JsonNode> onTrades;
  private final Runnable onSubscribed;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ibkr-ws");
    t.setDaemon(true);
    return t;
  });
  private volatile VenueInfo.Connection state = VenueInfo.Connection.DISCONNECTED;
  private volatile WebSocket socket;
  private volatile boolean closed;
  private Duration backoff;

  IbkrStream(URI url, HttpClient http, Supplier<CompletionStage<String>> session, Consumer<JsonNode> onOrders,
      Consumer<JsonNode> onTrades, Runnable onSubscribed, Duration initialBackoff, Duration maxBackoff) {
    this.url = url;
    this.http = http;
    this.session = session;
    this.onOrders = onOrders;
    this.onTrades = onTrades;
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
  }

  /** Drops the socket (the session was lost); it reconnects with backoff. */
  void reconnect() {
    WebSocket ws = socket;
    if (ws != null) ws.abort();
  }

  private void connect() {
    if (closed) return;
    state = VenueInfo.Connection.CONNECTING;
    session.get()
        .thenCompose(s -> http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(url, new Listener(s)))
        .whenComplete((ws, error) -> {
          if (error != null) {
            LOG.warn("ibkr stream: connect failed ({}), retrying in {}", IbkrRest.unwrap(error).toString(), backoff);
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
    try {
      timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  void close() {
    closed = true;
    state = VenueInfo.Connection.DISCONNECTED;
    WebSocket ws = socket;
    if (ws != null) ws.abort();
    timer.shutdownNow();
  }

  private final class Listener implements WebSocket.Listener {
    private final String session;
    private final StringBuilder text = new StringBuilder();
    private boolean down;
    private boolean tradesAnswered;
    private ScheduledFuture<?> ping;

    Listener(String session) {
      this.session = session;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.sendText("{\"session\":\"" + session + "\"}", true)
          .thenCompose(ws -> ws.sendText("sor+{}", true))
          .thenCompose(ws -> ws.sendText("str+{}", true));
      try {
        ping = timer.scheduleAtFixedRate(() -> webSocket.sendText("tic", true), 30, 30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed meanwhile
      }
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          handle(IbkrRest.JSON.readTree(message));
        } catch (Exception e) {
          LOG.warn("ibkr stream: unreadable message skipped ({})", e.toString());
        }
      }
      webSocket.request(1);
      return null;
    }

    private void handle(JsonNode message) {
      String topic = message.path("topic").asText("");
      if (topic.equals("sor")) {
        for (JsonNode o : message.path("args")) onOrders.accept(o);
      } else if (topic.equals("str")) {
        if (!tradesAnswered) {
          tradesAnswered = true;
          synchronized (IbkrStream.this) {
            backoff = initialBackoff;
          }
          state = VenueInfo.Connection.CONNECTED;
          onSubscribed.run();
        }
        for (JsonNode t : message.path("args")) onTrades.accept(t);
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

    private void down() {
      if (down) return;
      down = true;
      if (ping != null) ping.cancel(false);
      scheduleReconnect();
    }
  }
}
