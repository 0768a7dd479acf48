package io.dorado.actors.orderpath.venue.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A Client Portal gateway's market data for the {@code ibkr} live source (no account: the gateway's brokerage session).
 *
 * <p><b>Stream</b> ("Streaming WebSocket Data", interactivebrokers.github.io/cpwebapi/RealtimeSubscription.html): the
 * symbol's conid from the adapter's contract search ({@link IbkrContracts}: digits are a conid, a ticker is searched
 * once), {@code GET /iserver/accounts} (the brokerage session must be opened before market data), the session from
 * {@code POST /tickle}; then the WebSocket gets {@code {"session":"..."}} and
 * {@code smd+<conid>+{"fields":["31","7059","84","86"]}} (31 last price, 7059 last size, 84 bid, 86 ask, as in
 * {@code /iserver/marketdata/snapshot}).
 * IBKR answers {@code {"topic":"smd+<conid>","conid":..,"_updated":<epoch ms>,"31":"382.89",...}} with the fields that
 * changed. The first answer is the subscription's current values (not a trade): the stream counts as subscribed
 * from it. After it, a message carrying 31 or 7059 is a trade at the last known price and size, at {@code _updated}.
 * A last price IBKR prefixes (C: the prior close, H: halted) is no trade. A message carrying 84 or 86 is a quote (the
 * last known bid and ask, both plain numbers). IBKR's changelog (April 2026): an smd
 * subscription ends after 10 minutes, so it is sent again every {@link #RESUBSCRIBE}; {@code tic} every 30 s keeps the
 * session. A close, an error, an {@code sts} saying the session is not authenticated, no answer to the subscription
 * within the timeout, or a socket silent for twice the timeout although pinged (RFC 6455 ping every timeout; the pong,
 * or any message, counts) is a drop (the caller reopens): the JDK's client does not always report a connection the
 * gateway's side closed.
 *
 * <p><b>Caveat.</b> The smd stream is IBKR's level-1 top of book, not a tape: two trades at the same price and size
 * in a row change no field and arrive as one (IBKR also throttles updates), so a live bar's volume may be below the
 * history's; the prices of a bar are its ticks'.
 *
 * <p><b>History</b> ({@code GET /iserver/marketdata/history?conid&period&bar&outsideRth=true}; Web API reference
 * "Market Data History"): {@code {"data":[{"t":<bar start, epoch ms>,"o","h","l","c","v"}],"volumeFactor":..,..}}. No
 * {@code startTime} is sent: the period is counted back from now (the gap's start to now, rounded up to IBKR's period
 * units min/h/d), and the caller keeps the bars inside its gap. A bar's volume is {@code v × volumeFactor} (1 when
 * absent).
 */
public final class IbkrMarketData {
  /** IBKR: "Websocket market data requests using the SMD topic will terminate after 10 minutes". */
  static final Duration RESUBSCRIBE = Duration.ofMinutes(9);
  static final String FIELDS = "{\"fields\":[\"31\",\"7059\",\"84\",\"86\"]}";

  /** What one subscription reports; called on the gateway client's threads. */
  public interface Ticks {
    /** The subscription answered: trades from here on are whole. */
    void subscribed();

    void trade(Instant at, BigDecimal price, BigDecimal size);

    /** The best bid (84) and ask (86), whenever either changes (the first answer's too); ignored by default. */
    default void quote(Instant at, BigDecimal bid, BigDecimal ask) {}

    /**
     * The gateway answered a ping sent at {@code at} (its pong echoes the time): every message it sent before then has
     * arrived; ignored by default.
     */
    default void alive(Instant at) {}

    /** The subscription failed or dropped; nothing more comes from it. */
    void down(String reason);
  }

  /** One bar of IBKR's history. */
  public record HistoryBar(Instant start, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
      BigDecimal volume) {}

  private final URI webSocket;
  private final Duration timeout;
  private final IbkrRest rest;
  private final Map<String, IbkrContracts> contracts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ibkr-market-data");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param baseUrl the gateway's REST base (null: {@code https://localhost:5000/v1/api})
   * @param webSocketUrl the gateway's WebSocket (null: derived from the base, {@code .../v1/api/ws})
   * @param ssl trusts the gateway's certificate (null: the JDK's default trust)
   */
  public IbkrMarketData(URI baseUrl, URI webSocketUrl, SSLContext ssl, Duration timeout) {
    URI base = baseUrl == null ? IbkrSettings.DEFAULT_BASE : baseUrl;
    if (webSocketUrl == null) {
      String s = base.toString().replaceFirst("^http", "ws");
      webSocketUrl = URI.create((s.endsWith("/") ? s : s + "/") + "ws");
    }
    this.webSocket = webSocketUrl;
    this.timeout = timeout;
    this.rest = new IbkrRest(base, timeout, IbkrSettings.PENALTY_BOX, ssl,
        IbkrRest.documentedLimiter("ibkr-market-data", Duration.ofSeconds(5)));
  }

  /** The conid of a symbol (a conid as digits, or a stock ticker searched once). */
  CompletionStage<Long> conid(String symbol) {
    return contracts.computeIfAbsent(symbol, s -> new IbkrContracts(rest, Map.of(s, s))).conid(symbol);
  }

  /** A subscription: closing it is quiet; {@link #probe} pings the gateway (answered by {@link Ticks#alive}). */
  public interface Feed extends AutoCloseable {
    @Override
    void close();

    void probe();
  }

  /** Subscribes to {@code symbol}'s last price and size; returns at once; closing is quiet. */
  public Feed trades(String symbol, Ticks ticks) {
    Subscription s = new Subscription(symbol, ticks);
    s.start();
    return new Feed() {
      @Override
      public void close() {
        s.close();
      }

      @Override
      public void probe() {
        s.ping();
      }
    };
  }

  /** IBKR's bars of length {@code bar} from {@code from} (rounded down to IBKR's period units) to now (blocking). */
  public List<HistoryBar> history(String symbol, Duration bar, Instant from) throws IOException, InterruptedException {
    try {
      long conid = conid(symbol).toCompletableFuture().get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      String path = "/iserver/marketdata/history?conid=" + conid + "&period=" + period(Duration.between(from, Instant.now()))
          + "&bar=" + bar(bar) + "&outsideRth=true";
      IbkrRest.Answer answer = rest.get(path).toCompletableFuture().get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      if (answer.status() != 200 || answer.error() != null) {
        throw new IOException("GET " + path + " answered " + answer.status() + ": " + answer.body());
      }
      BigDecimal factor = answer.body().path("volumeFactor").isNumber() ? answer.body().path("volumeFactor").decimalValue()
          : BigDecimal.ONE;
      var bars = new ArrayList<HistoryBar>();
      for (JsonNode b : answer.body().path("data")) {
        bars.add(new HistoryBar(Instant.ofEpochMilli(b.path("t").asLong()), number(b.path("o")), number(b.path("h")),
            number(b.path("l")), number(b.path("c")), number(b.path("v")).multiply(factor)));
      }
      return bars;
    } catch (ExecutionException e) {
      Throwable cause = IbkrRest.unwrap(e);
      throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
    } catch (TimeoutException e) {
      throw new IOException("ibkr history of " + symbol + ": no answer within " + timeout.multipliedBy(2), e);
    }
  }

  /** IBKR's period covering {@code d}: {1-30}min, {1-8}h, else days. */
  static String period(Duration d) {
    long s = Math.max(1, d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    if (s <= 30 * 60) return ((s + 59) / 60) + "min";
    if (s <= 8 * 3600) return ((s + 3599) / 3600) + "h";
    return Math.min(1000, (s + 86_399) / 86_400) + "d";
  }

  /** IBKR's bar size of a bar length: S seconds, min, h, d. */
  static String bar(Duration bar) {
    long s = bar.getSeconds();
    if (s % 86_400 == 0) return s / 86_400 + "d";
    if (s % 3600 == 0) return s / 3600 + "h";
    if (s % 60 == 0) return s / 60 + "min";
    return s + "S";
  }

  /** A last price or size as IBKR writes it; null when it is not a plain number (C123.4: the prior close). */
  static BigDecimal plain(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) return null;
    if (n.isNumber()) return n.decimalValue();
    String t = n.asText().replace(",", "").trim();
    return t.matches("\\d+(\\.\\d+)?") ? new BigDecimal(t) : null;
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  private static BigDecimal number(JsonNode n) {
    BigDecimal b = plain(n);
    return b == null ? BigDecimal.ZERO : b;
  }

  private final class Subscription implements WebSocket.Listener {
    private final String symbol;
    private final Ticks ticks;
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket socket;
    private volatile boolean over;
    private boolean subscribed;
    private boolean requested;
    /** The subscription was sent again: an answer repeating the current last price and size is no trade. */
    private volatile boolean refreshing;
    private volatile long heard = System.nanoTime();
    private long conid;
    private BigDecimal last;
    private BigDecimal size;
    private BigDecimal bid;
    private BigDecimal ask;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    Subscription(String symbol, Ticks ticks) {
      this.symbol = symbol;
      this.ticks = ticks;
    }

    void start() {
      conid(symbol).thenCompose(c -> {
        conid = c;
        return rest.get("/iserver/accounts");
      }).thenCompose(x -> rest.post("/tickle", null, IbkrRest.TICKLE)).thenCompose(answer -> {
        JsonNode auth = answer.body().path("iserver").path("authStatus");
        if (!auth.path("authenticated").asBoolean(false)) {
          throw new IbkrApiException(IbkrApiException.Kind.SESSION, answer.status(),
              "the brokerage session is not authenticated: " + auth.path("message").asText(""));
        }
        String session = answer.body().path("session").asText("");
        return rest.http().newWebSocketBuilder().connectTimeout(timeout).buildAsync(webSocket, this)
            .thenCompose(ws -> {
              socket = ws;
              if (over) ws.abort();
              return ws.sendText("{\"session\":\"" + session + "\"}", true);
            });
      }).whenComplete((ws, error) -> {
        if (error != null) fail("ibkr " + symbol + ": " + IbkrRest.unwrap(error));
      });
    }

    @Override
    public void onOpen(WebSocket ws) {
      synchronized (this) {
        try {
          timers.add(timer.schedule(() -> {
            if (!subscribed) fail("ibkr " + symbol + ": smd+" + conid + " not answered within " + timeout);
          }, timeout.toMillis(), TimeUnit.MILLISECONDS));
          timers.add(timer.scheduleAtFixedRate(() -> ws.sendText("tic", true), 30, 30, TimeUnit.SECONDS));
          long t = timeout.toMillis();
          timers.add(timer.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - heard > timeout.multipliedBy(2).toNanos()) {
              fail("ibkr " + symbol + ": the stream was silent for " + timeout.multipliedBy(2) + ", pings unanswered");
            } else {
              ping();
            }
          }, t, t, TimeUnit.MILLISECONDS));
          long every = RESUBSCRIBE.toMillis();
          timers.add(timer.scheduleAtFixedRate(() -> {
            refreshing = true;
            subscribe();
          }, every, every, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          // shut down meanwhile
        }
      }
      ws.request(1);
    }

    /** A ping carrying its send time (epoch ms), which the pong echoes (RFC 6455 5.5.3). */
    void ping() {
      WebSocket ws = socket;
      if (ws == null || over) return;
      ByteBuffer sent = ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).flip();
      ws.sendPing(sent).whenComplete((x, e) -> {
        if (e != null) fail("ibkr " + symbol + ": ping failed: " + IbkrRest.unwrap(e));
      });
    }

    private void subscribe() {
      WebSocket ws = socket;
      if (ws != null && !over) ws.sendText("smd+" + conid + "+" + FIELDS, true);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      heard = System.nanoTime();
      if (message.remaining() == Long.BYTES && subscribed && !over) ticks.alive(Instant.ofEpochMilli(message.getLong()));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
      heard = System.nanoTime();
      text.append(data);
      if (lastPart) {
        String message = text.toString();
        text.setLength(0);
        try {
          handle(ws, IbkrRest.JSON.readTree(message));
        } catch (IOException unreadable) {
          // a frame that is not JSON (IBKR's plain-text answers): nothing for market data
        }
      }
      ws.request(1);
      return null;
    }

    private void handle(WebSocket ws, JsonNode m) {
      String topic = m.path("topic").asText("");
      if (topic.equals("sts") && m.path("args").has("authenticated")) {
        if (!m.path("args").path("authenticated").asBoolean()) {
          fail("ibkr " + symbol + ": the brokerage session is not authenticated");
        } else if (!requested) {
          requested = true;
          socket = ws;
          subscribe();
        }
        return;
      }
      if (!topic.equals("smd+" + conid)) return;
      boolean traded = m.has("31") || m.has("7059");
      if (refreshing) {
        refreshing = false;
        if (m.has("31") && m.has("7059") && same(last, plain(m.get("31"))) && same(size, plain(m.get("7059")))) return;
      }
      if (m.has("31")) last = plain(m.get("31"));
      if (m.has("7059")) size = plain(m.get("7059"));
      Instant at = m.has("_updated") ? Instant.ofEpochMilli(m.path("_updated").asLong()) : Instant.now();
      boolean quoted = m.has("84") || m.has("86");
      if (m.has("84")) bid = plain(m.get("84"));
      if (m.has("86")) ask = plain(m.get("86"));
      if (!subscribed) {
        subscribed = true; // the answer carries the current values: no trade (its bid and ask are a quote)
        if (!over) ticks.subscribed();
      } else if (traded && last != null && size != null && size.signum() > 0 && !over) {
        ticks.trade(at, last, size);
      }
      if (quoted && bid != null && ask != null && !over) ticks.quote(at, bid, ask);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      fail("ibkr " + symbol + ": stream closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      fail("ibkr " + symbol + ": " + IbkrRest.unwrap(error));
    }

    private void fail(String reason) {
      if (stop()) ticks.down(reason);
    }

    void close() {
      stop();
    }

    /** Ends the subscription; true the first time. */
    private synchronized boolean stop() {
      if (over) return false;
      over = true;
      timers.forEach(t -> t.cancel(false));
      WebSocket ws = socket;
      if (ws != null) ws.abort();
      return true;
    }
  }
}
