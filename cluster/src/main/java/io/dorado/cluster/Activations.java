package io.dorado.cluster;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/** The node's {@link ActivationLog} when {@code dorado.cluster.activation-log} names a file; otherwise behaviours pass unchanged. */
final class Activations {
  private final Optional<ActivationLog> log;

  private Activations(Optional<ActivationLog> log) {
    this.log = log;
  }

  static Activations fromConfig(ActorSystem<?> system) {
    String file = system.settings().config().getString("dorado.cluster.activation-log");
    if (file.isBlank()) return new Activations(Optional.empty());
    var address = system.address();
    ActivationLog log = ActivationLog.open(Path.of(file), address.host().get() + ":" + address.port().get());
    system.getWhenTerminated().thenRun(() -> {
      try {
        log.close();
      } catch (java.io.IOException e) {
        // the process is ending; the lines are already written
      }
    });
    return new Activations(Optional.of(log));
  }

  <T> Behavior<T> track(String kind, String id, Behavior<T> behavior) {
    return log.map(l -> l.track(kind, id, behavior)).orElse(behavior);
  }
}
