package io.dorado.actors.alert;

import io.dorado.protocol.alert.Alert;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * How actors raise alerts without knowing who listens: they publish on their node's event stream
 * (fire and forget, never blocking the order path), and one {@link #relay()} per node forwards each
 * alert to the cluster-wide topic {@link Alert#TOPIC}, where the Telegram bridge and the dashboard's
 * event stream subscribe. Tests subscribe a probe to the event stream.
 */
public final class Alerts {
  private Alerts() {}

  public static void publish(ActorSystem<?> system, Alert alert) {
    system.eventStream().tell(new EventStream.Publish<>(alert));
  }

  /** The per-node relay from the local event stream to the cluster topic. */
  public static Behavior<Alert> relay() {
    return Behaviors.setup(context -> {
      var topic = context.spawn(Topic.create(Alert.class, Alert.TOPIC), "alert-topic");
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(Alert.class, context.getSelf()));
      return Behaviors.receiveMessage(alert -> {
        topic.tell(Topic.publish(alert));
        return Behaviors.same();
      });
    });
  }
}
