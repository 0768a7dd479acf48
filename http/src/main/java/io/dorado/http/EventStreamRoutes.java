package io.dorado.http;

import static org.apache.pekko.http.javadsl.server.Directives.completeOK;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dorado.cluster.ops.FleetEventView;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;

/**
 * {@code GET /api/v1/events[?bot=id]}: a server-sent event stream of the fleet's live events. Each event's
 * name is its kind in lower case ({@code transition}, {@code order}, {@code fill}, {@code denial},
 * {@code approval}, {@code alert}, {@code notice}) and its data the {@link FleetEventView} as JSON.
 */
final class EventStreamRoutes {
  private final LiveEvents events;
  private final Duration heartbeat;

  EventStreamRoutes(LiveEvents events, Duration heartbeat) {
    this.events = events;
    this.heartbeat = heartbeat;
  }

  List<Endpoint> endpoints() {
    return List.of(Endpoint.get("/api/v1/events", Access.READ, c -> completeOK(
        events.source(BotRoutes.botFilter(c))
            .map(EventStreamRoutes::toSse)
            .keepAlive(heartbeat, ServerSentEvent::heartbeat),
        EventStreamMarshalling.toEventStream())));
  }

  static ServerSentEvent toSse(FleetEventView e) {
    try {
      return ServerSentEvent.create(HttpJson.JSON.writeValueAsString(e), e.kind().name().toLowerCase());
    } catch (JsonProcessingException ex) {
      // A payload Jackson cannot write still reaches the client as its summary.
      return ServerSentEvent.create("{\"kind\":\"" + e.kind() + "\",\"summary\":\"unserializable event\"}",
          e.kind().name().toLowerCase());
    }
  }
}
