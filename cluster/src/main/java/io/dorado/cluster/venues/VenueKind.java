package io.dorado.cluster.venues;

import io.dorado.actors.orderpath.venue.VenueAdapter;
import io.dorado.protocol.market.VenueMode;
import java.util.Set;

/**
 * A kind of venue adapter the node can make ({@code kind = ...} in a venue account's config): which modes it can
 * serve, whether it needs credentials and instrument rules, and how to make one for an account.
 *
 * @param needsCredentials an account of this kind without credentials fails the node's start
 * @param needsInstrumentRules the guardian denies this kind's orders (INSTRUMENT_RULES) until its rules are reported
 */
public record VenueKind(String name, Set<VenueMode> modes, boolean needsCredentials, boolean needsInstrumentRules,
    Factory factory) {

  /** Makes the adapter of one account; called when the account's venue entity starts (on whichever node). */
  @FunctionalInterface
  public interface Factory {
    VenueAdapter create(VenueAccount account);
  }

  public VenueKind {
    modes = Set.copyOf(modes);
  }

  /** A real venue's kind: its testnet (broker_paper) and live, with credentials and instrument rules. */
  public static VenueKind real(String name, Factory factory) {
    return new VenueKind(name, Set.of(VenueMode.BROKER_PAPER, VenueMode.LIVE), true, true, factory);
  }
}
