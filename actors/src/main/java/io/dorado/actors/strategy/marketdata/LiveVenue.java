package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import io.dorado.protocol.market.MarketDataSource;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A venue's public market data as {@link LiveFeedActor} needs it: its trade stream, and its REST history for a gap.
 * Implementations: {@link BinanceLive} and {@link KrakenLive} (XChange streaming for the trades, the venue's REST for
 * the history), {@link AlpacaLive} (its stream's trades, its REST trades) and {@link OandaLive} (mid prices of its
 * pricing stream as ticks, its mid candles) and {@link IbkrLive} (the Client Portal gateway's {@code smd} last price
 * and size as trades, its history bars).
 */
public interface LiveVenue {

  /** What a stream reports; called on the stream's threads. */
  interface Sink {
    /** The stream is open and subscribed: trades from here on are whole. */
    void connected();

    void trade(Ta4jHistory.Trade trade);

    /** The venue's best bid and ask, where its stream has them (IBKR's smd 84/86, OANDA's PRICE); ignored by default. */
    default void quote(java.time.Instant at, java.math.BigDecimal bid, java.math.BigDecimal ask) {}

    /**
     * The stream answered a {@link Connection#probe} sent at {@code at}: every message it sent before then has arrived
     * (where the venue {@link LiveVenue#probes}); ignored by default.
     */
    default void alive(java.time.Instant at) {}

    /** The stream failed to open, or dropped; no more calls come from this connection. */
    void dropped(String reason);
  }

  /** One connection; closing it is quiet (no {@link Sink#dropped}). */
  interface Connection extends AutoCloseable {
    @Override
    void close();

    /** Asks the stream for a sign of life, answered by {@link Sink#alive} (where the venue {@link LiveVenue#probes}). */
    default void probe() {}
  }

  /**
   * Whether its connections answer {@link Connection#probe}: then a bar closed by the clock waits for a sign of life
   * after its end, so a drop the client notices late never publishes the part of a bar it saw ({@link LiveBars}).
   */
  default boolean probes() {
    return false;
  }

  /** Opens the public trade stream of {@code symbol} (the venue's own symbol). Returns at once. */
  Connection open(String symbol, Sink sink);

  /** The bars of {@code gap}, closed, of length {@code bar}, from the venue's REST history (blocking). */
  List<Bar> history(String symbol, Duration bar, LiveBars.Gap gap) throws IOException, InterruptedException;

  /** The venue of a live source, with its URL overrides (null: the venue's public endpoints). */
  static LiveVenue of(MarketDataSource source, Duration timeout) {
    return of(source, timeout, System::getenv);
  }

  /**
   * As above, the credentials of {@code alpaca} and {@code oanda} read from {@code env} by their {@code credentials_env}
   * names (an unset one is an {@link IllegalArgumentException} naming the source and the variable).
   */
  static LiveVenue of(MarketDataSource source, Duration timeout, java.util.function.Function<String, String> env) {
    URI rest = source.restUrl() == null ? null : URI.create(source.restUrl());
    URI stream = source.streamUrl() == null ? null : URI.create(source.streamUrl());
    return switch (source.type()) {
      case BINANCE -> new BinanceLive(rest, source.streamUrl(), timeout);
      case KRAKEN -> new KrakenLive(rest, source.streamUrl(), timeout);
      case ALPACA -> {
        var c = source.credentials(env);
        yield new AlpacaLive(source.feed(), io.dorado.actors.orderpath.venue.VenueCredentials.of(c.key(), c.secret()), rest,
            stream, timeout);
      }
      case OANDA -> {
        var c = source.credentials(env);
        yield new OandaLive(source.feed(), c.key(), c.secret(), rest, stream, timeout);
      }
      case IBKR -> new IbkrLive(rest, stream, timeout);
      default -> throw new IllegalArgumentException(source.type() + " is not a live venue source");
    };
  }

  /** An error's own message, without RxJava's and the JDK's wrappers. */
  static String describe(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.CompletionException
        || t.getClass().getName().startsWith("io.reactivex"))) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
