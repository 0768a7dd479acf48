package io.dorado.actors.testing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;

/** The in-memory journal of {@code system} made slow, by {@code delay} per write, for the persistence ids added to the returned set. */
public final class SlowWrites {
  private SlowWrites() {}

  public static Set<String> install(ActorSystem<?> system, Duration delay) {
    Set<String> slow = ConcurrentHashMap.newKeySet();
    PersistenceTestKit.create(system).withPolicy(new ProcessingPolicy<JournalOperation>() {
      @Override
      public ProcessingResult tryProcess(String persistenceId, JournalOperation op) {
        if (op instanceof WriteEvents && slow.contains(persistenceId)) {
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return ProcessingSuccess$.MODULE$;
      }
    });
    return slow;
  }
}
