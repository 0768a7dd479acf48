package io.dorado.protocol.market;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the option chains scans decided on are kept (Cassandra in a fleet: {@code io.dorado.persistence.marketdata.ChainStore}),
 * for a bounded time. Asynchronous; a failed save is the caller's to log, never to wait for.
 */
public interface ChainHistory {

  CompletionStage<Void> save(List<OptionChainSnapshot> snapshots);

  /** The snapshots of {@code underlying} taken on {@code day} (UTC), newest first. */
  CompletionStage<List<OptionChainSnapshot>> of(String underlying, LocalDate day);

  /** Keeps nothing. */
  ChainHistory NONE = new ChainHistory() {
    @Override
    public CompletionStage<Void> save(List<OptionChainSnapshot> snapshots) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<OptionChainSnapshot>> of(String underlying, LocalDate day) {
      return CompletableFuture.completedFuture(List.of());
    }
  };
}
