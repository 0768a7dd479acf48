package io.dorado.persistence.readside;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;

/** Runs projections as children and stops them all on request, answering once every one has stopped. */
final class ReadSideSupervisor {

  sealed interface Command permits Stop {}

  record Stop(ActorRef<Done> replyTo) implements Command {}

  private ReadSideSupervisor() {}

  static Behavior<Command> create(List<Projection<?>> projections) {
    return Behaviors.setup(context -> {
      Set<ActorRef<ProjectionBehavior.Command>> running = new HashSet<>();
      for (Projection<?> p : projections) {
        ActorRef<ProjectionBehavior.Command> child =
            context.spawn(ProjectionBehavior.create(p), actorName(p.projectionId().name() + "-" + p.projectionId().key()));
        context.watch(child);
        running.add(child);
      }
      return Behaviors.receive(Command.class)
          .onMessage(Stop.class, stop -> stopping(running, stop.replyTo()))
          .onSignal(Terminated.class, t -> {
            // A projection restarts itself with backoff on failure; stopping here is not expected.
            context.getLog().warn("projection {} stopped unexpectedly", t.getRef().path().name());
            running.remove(t.getRef());
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A projection id as an actor name: a guardian's key is its persistence id, and {@code |} is not allowed. */
  static String actorName(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static Behavior<Command> stopping(Set<ActorRef<ProjectionBehavior.Command>> running, ActorRef<Done> replyTo) {
    if (running.isEmpty()) {
      replyTo.tell(Done.getInstance());
      return Behaviors.stopped();
    }
    running.forEach(child -> child.tell(ProjectionBehavior.stopMessage()));
    return Behaviors.receive(Command.class)
        .onSignal(Terminated.class, t -> {
          running.remove(t.getRef());
          if (!running.isEmpty()) return Behaviors.same();
          replyTo.tell(Done.getInstance());
          return Behaviors.stopped();
        })
        .build();
  }
}
