package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.venue.Venue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Finds the venue actor for a venue id (a local actor here, a shard region proxy in a cluster). The risk
 * guardian acknowledges and reconciles through it; bots query and cancel their orders through it, each at
 * the venue its order names.
 */
public interface VenueDirectory {
  Optional<ActorRef<Venue.Command>> venue(String venueId);

  /** Every venue id it knows, in order (the guardian tells each what it forgot). */
  Set<String> ids();

  /** Reads through to {@code venues}: a venue added to the map later is found too (tests wire them so). */
  static VenueDirectory of(Map<String, ActorRef<Venue.Command>> venues) {
    return new VenueDirectory() {
      @Override
      public Optional<ActorRef<Venue.Command>> venue(String venueId) {
        return Optional.ofNullable(venues.get(venueId));
      }

      @Override
      public Set<String> ids() {
        return new TreeSet<>(venues.keySet());
      }
    };
  }

  /**
   * One actor for every venue id (a test with one venue probe, or one venue behind a router): it lists no
   * ids, so a guardian given it tells no venue what it forgot; give a guardian {@link #of} instead.
   */
  static VenueDirectory everyVenue(ActorRef<Venue.Command> venue) {
    return new VenueDirectory() {
      @Override
      public Optional<ActorRef<Venue.Command>> venue(String venueId) {
        return Optional.of(venue);
      }

      @Override
      public Set<String> ids() {
        return Set.of();
      }
    };
  }
}
