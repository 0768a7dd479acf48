package io.dorado.protocol.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Polls until a condition holds, for tests on real nodes where singletons, shards, projections or the
 * journal come (back) up in their own time. Fails with the last answer and the last error.
 */
public final class Eventually {
  private Eventually() {}

  /** One try; it may throw while the system is not up yet. */
  public interface Attempt<T> {
    T get() throws Exception;
  }

  public static final Duration DEFAULT = Duration.ofSeconds(60);

  public static <T> T eventually(Attempt<T> attempt, Predicate<T> done) throws InterruptedException {
    return eventually(DEFAULT, attempt, done);
  }

  public static <T> T eventually(Duration within, Attempt<T> attempt, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    T last = null;
    Throwable failure = null;
    while (System.nanoTime() < deadline) {
      try {
        last = attempt.get();
        if (done.test(last)) return last;
      } catch (Exception | AssertionError e) {
        failure = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not reached in " + within.toSeconds() + " s; last " + last, failure);
  }
}
