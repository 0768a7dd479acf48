package io.dorado.cluster;

import io.dorado.protocol.fleet.Fleet;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Tells the fleet supervisor to wake every bot that holds a position or an unresolved order whenever
 * shards move: at once when a member is removed (its bots recover on the survivors now, not when their
 * next message happens to arrive, so their timers and reconciliation run), and after the rebalance that
 * follows a new member. The supervisor wakes them by asking their state; waking twice is harmless.
 */
final class HolderWaker {
  private HolderWaker() {}

  private record Rebalanced(String why) {}

  static Behavior<Object> create(ActorRef<Fleet.Command> fleet, Duration afterRebalance) {
    return Behaviors.setup(ctx -> {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      return Behaviors.withTimers(timers -> Behaviors.receive(Object.class)
          .onMessage(ClusterEvent.MemberRemoved.class, removed -> {
            fleet.tell(new Fleet.WakeHolders("member removed: " + removed.member().address()));
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberUp.class, up -> {
            timers.startSingleTimer("rebalanced", new Rebalanced("member up: " + up.member().address()), afterRebalance);
            return Behaviors.same();
          })
          .onMessage(Rebalanced.class, r -> {
            fleet.tell(new Fleet.WakeHolders(r.why()));
            return Behaviors.same();
          })
          .build());
    });
  }
}
