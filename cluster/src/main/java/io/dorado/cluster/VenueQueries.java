package io.dorado.cluster;

import io.dorado.cluster.venues.VenueAccounts;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Each venue account's id, kind, mode, account and connection state, asked of its venue entity (the adapter's
 * {@code info()}); a venue that does not answer in time shows as configured, disconnected. Never a credential.
 */
final class VenueQueries {
  private final Asks asks;
  private final VenueAccounts accounts;
  private final Map<String, ActorRef<Venue.Command>> routers;

  VenueQueries(Asks asks, VenueAccounts accounts, Map<String, ActorRef<Venue.Command>> routers) {
    this.asks = asks;
    this.accounts = accounts;
    this.routers = Map.copyOf(routers);
  }

  /** The venue's instrument rules from its adapter; empty when {@code venue} is not one of this node's accounts. */
  CompletionStage<java.util.Optional<io.dorado.protocol.venue.VenueInstruments>> instruments(String venue) {
    if (!accounts.ids().contains(venue) || routers.get(venue) == null) {
      return CompletableFuture.completedFuture(java.util.Optional.empty());
    }
    return asks.<io.dorado.protocol.venue.VenueInstruments>ask("venue " + venue, routers.get(venue),
        Venue.GetInstruments::new).thenApply(java.util.Optional::of);
  }

  CompletionStage<List<VenueInfo>> venues() {
    List<CompletableFuture<VenueInfo>> each = new ArrayList<>();
    for (String id : accounts.ids()) {
      each.add(asks.<VenueInfo>ask("venue " + id, routers.get(id), Venue.GetInfo::new)
          .exceptionally(e -> accounts.configured(id, VenueInfo.Connection.DISCONNECTED)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
  }
}
