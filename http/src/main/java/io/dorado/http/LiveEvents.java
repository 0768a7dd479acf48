package io.dorado.http;

import io.dorado.cluster.ops.FleetEventView;
import io.dorado.cluster.ops.FleetOperations;
import io.dorado.protocol.alert.Alert;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

/**
 * The fleet's live events for server-sent event streams: alerts from the cluster-wide
 * {@link Alert#TOPIC} (one subscription per node, fanned out to every client through a broadcast hub)
 * merged with the bots' own events from {@link FleetOperations#events}. A slow client loses its oldest
 * events rather than slowing anyone else.
 */
final class LiveEvents {
  private static final int BUFFER = 256;

  private final FleetOperations ops;
  private final Source<FleetEventView, NotUsed> alerts;
  private final Clock clock;

  private LiveEvents(FleetOperations ops, Source<FleetEventView, NotUsed> alerts, Clock clock) {
    this.ops = ops;
    this.alerts = alerts;
    this.clock = clock;
  }

  static LiveEvents create(ActorSystem<?> system, FleetOperations ops, Clock clock) {
    Pair<ActorRef<Alert>, Source<Alert, NotUsed>> hub = ActorSource.<Alert>actorRef(
            m -> false, m -> Optional.empty(), BUFFER, OverflowStrategy.dropHead())
        .toMat(BroadcastHub.of(Alert.class, BUFFER), Keep.both())
        .run(system);
    // Nobody may be listening yet: keep the hub drained so the topic's buffer never fills up.
    hub.second().runWith(org.apache.pekko.stream.javadsl.Sink.ignore(), system);
    ActorRef<Topic.Command<Alert>> topic =
        system.systemActorOf(Topic.create(Alert.class, Alert.TOPIC), "http-alerts-" + UUID.randomUUID(),
            org.apache.pekko.actor.typed.Props.empty());
    topic.tell(Topic.subscribe(hub.first()));
    return new LiveEvents(ops, hub.second().map(FleetEventView::of), clock);
  }

  /** Everything from now on, or only what concerns {@code botId} (fleet-wide alerts then left out). */
  Source<FleetEventView, NotUsed> source(Optional<String> botId) {
    Source<FleetEventView, NotUsed> bots = ops.events(botId)
        .recover(Throwable.class, () -> FleetEventView.notice("bot events are not available on this node", clock.instant()));
    Source<FleetEventView, NotUsed> alertsFor = botId.isEmpty()
        ? alerts
        : alerts.filter(e -> botId.get().equals(e.botId()));
    return alertsFor.merge(bots.filter(e -> e.botId() == null || botId.map(b -> b.equals(e.botId())).orElse(true)))
        .buffer(BUFFER, OverflowStrategy.dropHead());
  }
}
