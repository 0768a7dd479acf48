package io.dorado.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What wraps every bot, venue and singleton of the node: the {@link PauseGuard} (always, unless
 * {@code dorado.cluster.pause-limit} is 0), and the {@link ActivationLog} when
 * {@code dorado.cluster.activation-log} names a file.
 */
final class Activations {
  private final Optional<PauseGuard> guard;
  private final Optional<ActivationLog> log;

  private Activations(Optional<PauseGuard> guard, Optional<ActivationLog> log) {
    this.guard = guard;
    this.log = log;
  }

  static Activations fromConfig(ActorSystem<?> system) {
    var config = system.settings().config();
    Duration limit = config.getDuration("dorado.cluster.pause-limit");
    // Only a member of a several-node cluster can be replaced while it is paused; only a fleet node runs entities.
    boolean clustered = !config.getStringList("pekko.cluster.seed-nodes").isEmpty()
        || !config.getString("dorado.cluster.bootstrap").isBlank();
    boolean fleet = config.getStringList("pekko.cluster.roles").contains("fleet");
    Optional<PauseGuard> guard = limit.isZero() || !clustered || !fleet ? Optional.empty()
        : Optional.of(PauseGuard.start(limit));
    guard.ifPresent(g -> system.getWhenTerminated().thenRun(g::stop));
    String file = config.getString("dorado.cluster.activation-log");
    if (file.isBlank()) return new Activations(guard, Optional.empty());
    var address = system.address();
    ActivationLog log = ActivationLog.open(Path.of(file), address.host().get() + ":" + address.port().get());
    system.getWhenTerminated().thenRun(() -> {
      try {
        log.close();
      } catch (java.io.IOException e) {
        // the process is ending; the lines are already written
      }
    });
    return new Activations(guard, Optional.of(log));
  }

  /** The guard checks before the log writes: a message the guard stops never shows as activity. */
  <T> Behavior<T> track(String kind, String id, Behavior<T> behavior) {
    return track(kind, id, behavior, null);
  }

  /** As {@link #track(String, String, Behavior)}, for an actor the cluster stops with {@code stopMessage}. */
  <T> Behavior<T> track(String kind, String id, Behavior<T> behavior, T stopMessage) {
    Behavior<T> logged = log.map(l -> l.track(kind, id, behavior, stopMessage)).orElse(behavior);
    return guard.map(g -> g.guard(logged)).orElse(logged);
  }

  <T> Behavior<T> guard(Behavior<T> behavior) {
    return guard.map(g -> g.guard(behavior)).orElse(behavior);
  }
}
