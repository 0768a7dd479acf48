package io.dorado.actors.strategy.regime;

import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.strategy.RegimeSnapshot;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Tells the risk guardian the macro regime of every snapshot the regime radar publishes (PRD §3.4's regime-aware
 * limits): every publish, not only changes, so a guardian that restarted or moved learns it again at the radar's
 * next refresh. A snapshot without a macro regime (too little history) tells nothing.
 */
public final class RegimeToGuardian {
  private RegimeToGuardian() {}

  public static Behavior<RegimeSnapshot> create(ActorRef<Topic.Command<RegimeSnapshot>> topic,
      ActorRef<RiskGuardian.Command> guardian) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receiveMessage(s -> {
        if (s.macro() != null) {
          guardian.tell(new RiskGuardian.RegimeChanged(s.macro().label(), s.macro().confidence(), s.publishedAt()));
        }
        return Behaviors.same();
      });
    });
  }
}
