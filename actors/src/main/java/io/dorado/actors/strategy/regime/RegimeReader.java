package io.dorado.actors.strategy.regime;

import io.dorado.protocol.strategy.RegimeRadar;
import io.dorado.protocol.strategy.RegimeSnapshot;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * A node's copy of the regime radar's latest snapshot: subscribes to the radar's topic and answers
 * {@code GetLatest} from what it last heard, so readers (the API, Telegram) never wait on the singleton.
 */
public final class RegimeReader {
  private RegimeReader() {}

  public static Behavior<RegimeRadar.Command> create(ActorRef<Topic.Command<RegimeSnapshot>> topic) {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(RegimeSnapshot.class, RegimeRadar.Published::new)));
      return holding(null);
    });
  }

  private static Behavior<RegimeRadar.Command> holding(RegimeSnapshot latest) {
    return Behaviors.receive(RegimeRadar.Command.class)
        .onMessage(RegimeRadar.Published.class, p -> holding(p.snapshot()))
        .onMessage(RegimeRadar.GetLatest.class, g -> {
          g.replyTo().tell(new RegimeRadar.Latest(latest, latest == null ? "no snapshot published yet" : null));
          return Behaviors.same();
        })
        .build();
  }
}
