package io.dorado.protocol.market;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where closed bars are kept between runs (Cassandra in a fleet: {@code io.dorado.persistence.marketdata.BarStore}), so a
 * restart warms its indicators up from what it saw before instead of starting from nothing. Both calls are asynchronous
 * and may fail (the store is away): callers log and go on.
 */
public interface BarHistory {

  /** Keeps {@code bars} (closed bars, any instruments and lengths); a bar already kept is written again (same row). */
  CompletionStage<Void> save(List<Bar> bars);

  /** The newest {@code count} kept bars of {@code symbol} of length {@code period}, oldest first (fewer when fewer are kept). */
  CompletionStage<List<Bar>> last(String symbol, Duration period, int count);

  /** Keeps nothing (replays, tests, a node without Cassandra). */
  BarHistory NONE = new BarHistory() {
    @Override
    public CompletionStage<Void> save(List<Bar> bars) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Bar>> last(String symbol, Duration period, int count) {
      return CompletableFuture.completedFuture(List.of());
    }
  };
}
