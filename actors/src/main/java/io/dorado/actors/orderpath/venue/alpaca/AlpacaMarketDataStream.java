package io.dorado.actors.orderpath.venue.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.actors.orderpath.venue.VenueCredentials;
import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketData;
import io.dorado.protocol.market.Quote;
import io.dorado.protocol.venue.VenueInfo;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca's real-time market data stream as a live source of bars and quotes (docs.alpaca.markets "Real-time Stock
 * Data" / "Real-time Crypto Data"; the shapes as alpaca-py's {@code alpaca/data/live/websocket.py} reads them): connect
 * to {@code wss://stream.data.alpaca.markets/v2/iex} (stocks; {@code /v2/sip} with a paid feed) or
 * {@code /v1beta3/crypto/us} (crypto); Alpaca greets with {@code [{"T":"success","msg":"connected"}]}; send
 * {@code {"action":"auth","key":..,"secret":..}} and on {@code [{"T":"success","msg":"authenticated"}]} send
 * {@code {"action":"subscribe","bars":[..],"quotes":[..]}}. Messages are arrays of {@code {"T":"b","S","o","h","l","c",
 * "v","t"}} (minute bars, {@code t} the bar's start) and {@code {"T":"q","S","bp","ap","t"}}; each becomes a
 * {@link MarketData.PublishBar} or {@link MarketData.PublishQuote} for the universe symbol, handed to {@code sink}
 * (e.g. the symbol's market-data actor). {@code [{"T":"error","code":..,"msg":..}]} (402 auth failed, 406 connection
 * limit exceeded, ...) and drops reconnect with backoff, then authenticate and subscribe again.
 *
 * <p>{@link #trades} opens one connection of the same protocol subscribed to one symbol's trades
 * ({@code {"T":"t","S","p","s","t",..}}) and does not reconnect: it reports subscribed, trades and one drop to
 * {@link TradeEvents}; the {@code alpaca} kind of {@code data_config.sources} ({@code AlpacaLive}) reconnects and
 * back-fills itself.
 */
public final class AlpacaMarketDataStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaMarketDataStream.class);
  public static final URI STOCKS_IEX = URI.create("wss://stream.data.alpaca.markets/v2/iex");
  public static final URI STOCKS_SIP = URI.create("wss://stream.data.alpaca.markets/v2/sip");
  public static final URI CRYPTO_US = URI.create("wss://stream.data.alpaca.markets/v1beta3/crypto/us");
  static final Duration BAR = Duration.ofMinutes(1);

  private final URI url;
  private final VenueCredentials credentials;
  /** Alpaca's symbol (BTC/USD, AAPL) to the universe's (BTC, AAPL). */
  private final Map<String, String> universeOf = new LinkedHashMap<>();
  private final BiConsumer<String, MarketData.Command> sink;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "alpaca-market-data-reconnect");
    t.setDaemon(true);
    return t;
  });
  private volatile VenueInfo.Connection state = VenueInfo.Connection.DISCONNECTED;
  private volatile WebSocket socket;
  private volatile boolean closed;
  private Duration backoff;
  /** One connection's trades (null: bars and quotes, reconnecting). */
  private final String tradeSymbol;
  private final TradeEvents events;

  /** What a {@link #trades} stream reports, on the stream's thread; nothing follows {@link #down}. */
  public interface TradeEvents {
    /** Subscribed: every trade from here on is reported. */
    void subscribed();

    void trade(Instant at, BigDecimal price, BigDecimal size);

    /** The connection failed, was refused (an error message) or dropped. */
    void down(String reason);
  }

  /** One connection subscribed to {@code alpacaSymbol}'s trades, reporting to {@code events}; call {@link #start}. */
  public static AlpacaMarketDataStream trades(URI url, VenueCredentials credentials, String alpacaSymbol,
      TradeEvents events, Duration connectTimeout) {
    return new AlpacaMarketDataStream(url, credentials, alpacaSymbol, events, connectTimeout);
  }

  private AlpacaMarketDataStream(URI url, VenueCredentials credentials, String alpacaSymbol, TradeEvents events,
      Duration connectTimeout) {
    this.url = url;
    this.credentials = credentials;
    this.sink = (symbol, command) -> {};
    this.initialBackoff = connectTimeout; // the connect timeout, for this kind
    this.maxBackoff = connectTimeout;
    this.backoff = connectTimeout;
    this.tradeSymbol = alpacaSymbol;
    this.events = events;
  }

  /**
   * @param symbols universe symbol to Alpaca's (BTC → BTC/USD, AAPL → AAPL); all on this endpoint
   * @param sink gets each bar and quote with its universe symbol; called on the stream's thread
   */
  public AlpacaMarketDataStream(URI url, VenueCredentials credentials, Map<String, String> symbols,
      BiConsumer<String, MarketData.Command> sink, Duration initialBackoff, Duration maxBackoff) {
    if (symbols.isEmpty()) throw new IllegalArgumentException("an Alpaca market data stream needs at least one symbol");
    this.url = url;
    this.credentials = credentials;
    symbols.forEach((universe, alpaca) -> universeOf.put(alpaca, universe));
    this.sink = sink;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = initialBackoff;
    this.tradeSymbol = null;
    this.events = null;
  }

  /** Subscribed and receiving: CONNECTED. */
  public VenueInfo.Connection state() {
    return state;
  }

  public void start() {
    connect();
  }

  private void connect() {
    if (closed) return;
    state = VenueInfo.Connection.CONNECTING;
    Duration timeout = events == null ? Duration.ofSeconds(10) : initialBackoff;
    http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, new Listener())
        .whenComplete((ws, error) -> {
          if (error != null && events != null) {
            lost("connect failed: " + AlpacaRest.unwrap(error));
          } else if (error != null) {
            LOG.warn("alpaca market data {}: connect failed ({}), retrying in {}", url,
                AlpacaRest.unwrap(error).toString(), backoff);
            scheduleReconnect();
          } else {
            socket = ws;
            if (closed) ws.abort();
          }
        });
  }

  /** A {@link #trades} stream is over: reported once, never reconnected. */
  private void lost(String reason) {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    state = VenueInfo.Connection.DISCONNECTED;
    WebSocket ws = socket;
    if (ws != null) ws.abort();
    timer.shutdownNow();
    events.down(reason);
  }

  private synchronized void scheduleReconnect() {
    state = VenueInfo.Connection.DISCONNECTED;
    if (closed) return;
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    timer.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    state = VenueInfo.Connection.DISCONNECTED;
    WebSocket ws = socket;
    if (ws != null) ws.abort();
    timer.shutdownNow();
  }

  private String auth() {
    ObjectNode m = AlpacaRest.JSON.createObjectNode();
    m.put("action", "auth");
    m.put("key", credentials.apiKey());
    m.put("secret", credentials.secret());
    return m.toString();
  }

  private String subscribe() {
    ObjectNode m = AlpacaRest.JSON.createObjectNode();
    m.put("action", "subscribe");
    if (events != null) {
      m.putArray("trades").add(tradeSymbol);
      return m.toString();
    }
    ArrayNode bars = m.putArray("bars");
    ArrayNode quotes = m.putArray("quotes");
    universeOf.keySet().forEach(s -> {
      bars.add(s);
      quotes.add(s);
    });
    return m.toString();
  }

  /** One element of a data message; false when it says the connection is unusable. */
  private boolean handle(WebSocket ws, JsonNode m) {
    switch (m.path("T").asText()) {
      case "success" -> {
        String msg = m.path("msg").asText();
        if ("connected".equals(msg)) ws.sendText(auth(), true);
        else if ("authenticated".equals(msg)) ws.sendText(subscribe(), true);
      }
      case "subscription" -> {
        synchronized (this) {
          backoff = initialBackoff;
        }
        state = VenueInfo.Connection.CONNECTED;
        if (events != null && !closed) events.subscribed();
      }
      case "error" -> {
        LOG.warn("alpaca market data {}: error {} {}; reconnecting", url, m.path("code").asText(), m.path("msg").asText());
        lastError = "error " + m.path("code").asText() + " " + m.path("msg").asText();
        return false;
      }
      case "t" -> {
        Instant at = time(m.path("t"));
        BigDecimal price = AlpacaAdapter.nullIfAbsent(m.path("p"));
        BigDecimal size = AlpacaAdapter.nullIfAbsent(m.path("s"));
        if (events == null || closed || at == null || price == null || size == null
            || !tradeSymbol.equals(m.path("S").asText())) {
          return true;
        }
        events.trade(at, price, size);
      }
      case "b" -> {
        String symbol = universeOf.get(m.path("S").asText());
        Instant start = time(m.path("t"));
        if (symbol == null || start == null) return true;
        sink.accept(symbol, new MarketData.PublishBar(new Bar(symbol, start.plus(BAR), BAR, AlpacaAdapter.decimal(m.path("o")),
            AlpacaAdapter.decimal(m.path("h")), AlpacaAdapter.decimal(m.path("l")), AlpacaAdapter.decimal(m.path("c")),
            AlpacaAdapter.decimal(m.path("v")))));
      }
      case "q" -> {
        String symbol = universeOf.get(m.path("S").asText());
        Instant at = time(m.path("t"));
        BigDecimal bid = AlpacaAdapter.nullIfAbsent(m.path("bp"));
        BigDecimal ask = AlpacaAdapter.nullIfAbsent(m.path("ap"));
        if (symbol == null || at == null || bid == null || ask == null) return true;
        sink.accept(symbol, new MarketData.PublishQuote(new Quote(symbol, bid, ask, at)));
      }
      default -> {} // trades, statuses, corrections: not used
    }
    return true;
  }

  private static Instant time(JsonNode n) {
    try {
      return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private volatile String lastError;

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private boolean down;

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        boolean usable = true;
        try {
          JsonNode all = AlpacaRest.JSON.readTree(message);
          for (JsonNode m : all.isArray() ? all : AlpacaRest.JSON.createArrayNode().add(all)) {
            usable &= handle(webSocket, m);
          }
        } catch (Exception e) {
          LOG.warn("alpaca market data: unreadable message skipped ({})", e.toString());
        }
        if (!usable) {
          webSocket.abort();
          down();
          return null;
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (lastError == null) lastError = "the stream closed (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")";
      down();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (lastError == null) lastError = "the stream failed: " + AlpacaRest.unwrap(error);
      down();
    }

    private void down() {
      synchronized (this) {
        if (down) return;
        down = true;
      }
      if (events != null) lost(lastError != null ? lastError : "the stream closed");
      else scheduleReconnect();
    }
  }
}
