package io.dorado.protocol.strategy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where every scan's report is kept (Cassandra in a fleet: {@code io.dorado.persistence.scan.ScanStore}), for a bounded
 * time: its ranked candidates with score, each gate's values and verdict, the sizing, and the selection's fate and reason
 * per candidate. Asynchronous; a failed save is the caller's to log, never to wait for.
 */
public interface ScanHistory {

  CompletionStage<Void> save(ScanReport report);

  /** The newest {@code limit} reports kept, newest first. */
  CompletionStage<List<ScanReport>> recent(int limit);

  /** Keeps nothing. */
  ScanHistory NONE = new ScanHistory() {
    @Override
    public CompletionStage<Void> save(ScanReport report) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<ScanReport>> recent(int limit) {
      return CompletableFuture.completedFuture(List.of());
    }
  };
}
