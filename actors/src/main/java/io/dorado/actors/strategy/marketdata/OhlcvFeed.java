package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** A live source of closed bars, polled: a REST OHLCV endpoint, a broker's history call. */
@FunctionalInterface
public interface OhlcvFeed {
  /** Closed bars of {@code symbol} ending after {@code since} (null: whatever the source returns), oldest first. */
  List<Bar> fetch(String symbol, Instant since) throws IOException, InterruptedException;
}
