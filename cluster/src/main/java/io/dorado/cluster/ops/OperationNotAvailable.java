package io.dorado.cluster.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The operation exists in the API but this node cannot answer it (not wired yet, or its read side is
 * not running): front ends say so (HTTP 501) instead of pretending.
 */
public final class OperationNotAvailable extends RuntimeException {
  public OperationNotAvailable(String what) {
    super(what + " is not available on this node");
  }

  public static <T> CompletionStage<T> stage(String what) {
    return CompletableFuture.failedStage(new OperationNotAvailable(what));
  }
}
