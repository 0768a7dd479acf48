package io.dorado.actors.bot;

import io.dorado.protocol.alert.Alert;
import io.dorado.protocol.allocation.Allocator;
import io.dorado.protocol.fleet.Fleet;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.venue.Venue;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Who a bot talks to. The guardian and the venue are on the order path and always present; the
 * allocator (trade outcomes), the fleet supervisor (status, for waking after restarts) and the alert
 * topic are told about what happened, and may be absent in a test.
 */
public record BotLinks(
    ActorRef<RiskGuardian.Command> guardian,
    ActorRef<Venue.Command> venue,
    Optional<ActorRef<Allocator.Command>> allocator,
    Optional<ActorRef<Fleet.Command>> fleet,
    Optional<ActorRef<Alert>> alerts) {

  public static BotLinks of(ActorRef<RiskGuardian.Command> guardian, ActorRef<Venue.Command> venue) {
    return new BotLinks(guardian, venue, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public BotLinks withAllocator(ActorRef<Allocator.Command> ref) {
    return new BotLinks(guardian, venue, Optional.of(ref), fleet, alerts);
  }

  public BotLinks withFleet(ActorRef<Fleet.Command> ref) {
    return new BotLinks(guardian, venue, allocator, Optional.of(ref), alerts);
  }

  public BotLinks withAlerts(ActorRef<Alert> ref) {
    return new BotLinks(guardian, venue, allocator, fleet, Optional.of(ref));
  }
}
