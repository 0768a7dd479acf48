package io.dorado.actors.strategy.scan;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.protocol.venue.Venue;
import io.dorado.protocol.venue.VenueOptionChain;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Where the scanner gets the option chains of bots on a venue that quotes them (IBKR): asked before the pipeline runs,
 * asynchronously, each within the scan's chain timeout. A venue without a feed gives its bots synthetic chains.
 */
@FunctionalInterface
public interface ChainFeeds {
  /** The chain of {@code request.underlying()} on {@code venue}; null when the venue quotes no chains (synthetic). */
  CompletionStage<VenueOptionChain> fetch(String venue, Venue.GetOptionChain request);

  /** No venue quotes chains: every option bot's chain is synthetic. */
  ChainFeeds NONE = (venue, request) -> null;

  /** The venues in {@code quoting}, asked through their venue entities ({@link Venue.GetOptionChain}). */
  static ChainFeeds of(Set<String> quoting, Function<String, ActorRef<Venue.Command>> venues, Duration timeout,
      Scheduler scheduler) {
    Set<String> ids = Set.copyOf(quoting);
    return (venue, r) -> {
      if (!ids.contains(venue)) return null;
      ActorRef<Venue.Command> ref = venues.apply(venue);
      if (ref == null) return java.util.concurrent.CompletableFuture.completedFuture(
          VenueOptionChain.failed(venue, r.underlying(), "venue " + venue + " does not run on this node"));
      return AskPattern.ask(ref, replyTo -> new Venue.GetOptionChain(r.underlying(), r.asOf(), r.minDte(), r.maxDte(),
          r.band(), replyTo), timeout, scheduler);
    };
  }

  /** The adapters of {@code adapters}, asked directly (a single node, tests). */
  static ChainFeeds direct(Map<String, VenueAdapter> adapters) {
    Map<String, VenueAdapter> copy = Map.copyOf(adapters);
    return (venue, r) -> copy.containsKey(venue) ? copy.get(venue).optionChain(r) : null;
  }
}
