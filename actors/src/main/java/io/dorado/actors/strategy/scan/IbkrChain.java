package io.dorado.actors.strategy.scan;

import io.dorado.actors.orderpath.venue.ibkr.IbkrChains;
import io.dorado.actors.orderpath.venue.ibkr.IbkrOptions;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An option chain from IBKR ({@link IbkrChains}) as the scan's {@link OptionChain} ({@link VenueChains#toChain}): every
 * quote keeps IBKR's raw bid/ask/last and its {@code _updated} time, the underlying's price from its own snapshot, and
 * IBKR's delta and implied vol when it sent them (source VENUE, "IBKR's model"); greeks it did not send stay missing,
 * for {@link ChainQuality} to compute from the raw mid or refuse. The scan actor asks for it through the venue
 * ({@link ChainFeeds}); this is the direct fetch.
 */
public final class IbkrChain {
  private IbkrChain() {}

  static final String VENUE_MODEL = IbkrChains.VENUE_MODEL;

  public static CompletionStage<OptionChain> fetch(IbkrOptions options, String underlying, LocalDate asOf, int minDte,
      int maxDte, double band) {
    return IbkrChains.fetch("ibkr", options, underlying, asOf, minDte, maxDte, band)
        .thenApply(c -> VenueChains.toChain(c, asOf));
  }

  /** A chain source over chains fetched before the scan ran (by symbol); a symbol without one has no chain. */
  public static ChainSource prefetched(Map<String, OptionChain> chains) {
    Map<String, OptionChain> copy = Map.copyOf(chains);
    return (ctx, minDte, maxDte, now) -> copy.get(ctx.symbol());
  }
}
