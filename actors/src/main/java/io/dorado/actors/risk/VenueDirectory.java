package io.dorado.actors.risk;

import io.dorado.protocol.venue.Venue;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** Finds the venue actor for a venue id (a local actor here, a shard region proxy in a cluster). */
@FunctionalInterface
public interface VenueDirectory {
  Optional<ActorRef<Venue.Command>> venue(String venueId);

  static VenueDirectory of(Map<String, ActorRef<Venue.Command>> venues) {
    return id -> Optional.ofNullable(venues.get(id));
  }
}
