package io.dorado.actors.bot;

import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who a bot talks to. The guardian and the venue are on the order path and always present; the
 * allocator (trade outcomes) and the fleet supervisor (status, for waking after restarts) are told
 * about what happened, and may be absent in a test. Alerts go through {@link io.dorado.actors.alert.Alerts}.
 */
public record BotLinks(
    ActorRef<RiskGuardian.Command> guardian,
    ActorRef<Venue.Command> venue,
    Optional<ActorRef<Allocator.Command>> allocator,
    Optional<ActorRef<Fleet.Command>> fleet) {

  public static BotLinks of(ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue) {
    return new BotLinks(guardian, venue, Optional.empty(), Optional.empty());
  }

  public BotLinks withAllocator(ActorRef<Allocator.Command> ref) {
    return new BotLinks(guardian, venue, Optional.of(ref), fleet);
  }

  public BotLinks withFleet(ActorRef<Fleet.Command> ref) {
    return new BotLinks(guardian, venue, allocator, Optional.of(ref));
  }
}
