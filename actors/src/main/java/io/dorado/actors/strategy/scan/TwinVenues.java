package io.dorado.actors.strategy.scan;

import io.dorado.protocol.market.VenueMode;
import java.util.Map;
import java.util.Set;

/**
 * Where a bot's paper twin trades. On the bot's own venue when that venue serves paper (a paper venue: the twin
 * stays beside its bot, as always); otherwise on the node's paper venue {@value #PAPER_VENUE}, which the node runs
 * beside every real venue account: a real account serves its one mode (broker_paper or live), so a twin there would
 * be refused at creation, and a twin must never reach a real venue. Either way the guardian books the twin's orders
 * in that venue's paper account ({@code GuardianAccount.accountOf}), never a live one.
 */
@FunctionalInterface
public interface TwinVenues {
  /** The paper venue's id: an unconfigured venue id is our paper venue, so this one always is unless configured. */
  String PAPER_VENUE = "paper";

  /** The venue the twin of a bot on {@code botVenue} trades on. */
  String venueOf(String botVenue);

  /** Every twin on its bot's venue: for fleets whose venues are all paper venues (tests, the bare scanner). */
  static TwinVenues sameVenue() {
    return venue -> venue;
  }

  /**
   * A bot's own venue if it serves paper ({@code servedModes}: venue id → the modes it serves), else
   * {@code paperVenue}; a venue not listed is not trusted to be paper.
   */
  static TwinVenues of(Map<String, Set<VenueMode>> servedModes, String paperVenue) {
    var served = Map.copyOf(servedModes);
    return venue -> served.getOrDefault(venue, Set.of()).contains(VenueMode.PAPER) ? venue : paperVenue;
  }
}
