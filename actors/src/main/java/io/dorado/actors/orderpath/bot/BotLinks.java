package io.dorado.actors.orderpath.bot;

import io.dorado.actors.orderpath.risk.VenueDirectory;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who a bot talks to. The guardian and the venues are on the order path and always present: a query or
 * cancel goes to the venue its order names ({@code venues}), never to a default one (another venue would
 * answer CANCELLED or UNKNOWN for an order still working where it is). The allocator (trade outcomes) and
 * the fleet supervisor (status, for waking after restarts) are told about what happened, and may be absent
 * in a test. Alerts go through {@link io.dorado.actors.alert.Alerts}.
 */
public record BotLinks(
    ActorRef<RiskGuardian.Command> guardian,
    VenueDirectory venues,
    Optional<ActorRef<Allocator.Command>> allocator,
    Optional<ActorRef<Fleet.Command>> fleet) {

  public static BotLinks of(ActorRef<RiskGuardian.Command> guardian, VenueDirectory venues) {
    return new BotLinks(guardian, venues, Optional.empty(), Optional.empty());
  }

  /** Every order's venue is this one actor (tests with one venue probe). */
  public static BotLinks of(ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue) {
    return of(guardian, VenueDirectory.everyVenue(venue));
  }

  public BotLinks withAllocator(ActorRef<Allocator.Command> ref) {
    return new BotLinks(guardian, venues, Optional.of(ref), fleet);
  }

  public BotLinks withFleet(ActorRef<Fleet.Command> ref) {
    return new BotLinks(guardian, venues, allocator, Optional.of(ref));
  }
}
