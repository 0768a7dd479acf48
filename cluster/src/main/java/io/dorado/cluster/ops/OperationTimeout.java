package io.dorado.cluster.ops;

/** An actor did not answer in time: the front end says so (HTTP 503), it never hangs. */
public final class OperationTimeout extends RuntimeException {
  public OperationTimeout(String what, java.time.Duration after) {
    super(what + " did not answer within " + after.toMillis() + " ms");
  }
}
