package io.dorado.actors.strategy.scan;

import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import io.dorado.protocol.venue.VenueOptionChain;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Venue-quoted chains ({@link VenueOptionChain}) in the scan: as the pipeline's {@link OptionChain}, and as the
 * {@link ChainSource} of a scan whose chains were fetched before it ran.
 */
public final class VenueChains {
  private VenueChains() {}

  /** The venue's chain as the scan's model: missing prices and greeks become NaN, never zeros; DTE from {@code asOf}. */
  public static OptionChain toChain(VenueOptionChain c, LocalDate asOf) {
    return new OptionChain.Quoted(c.underlying(), c.spot(), c.label(), c.quotes().stream().map(q -> {
      boolean greeks = q.delta() != null;
      return new ChainQuote(q.right() == OptionSymbol.Right.CALL ? Right.CALL : Right.PUT, q.expiry(),
          (int) ChronoUnit.DAYS.between(asOf, q.expiry()), q.strike(), num(q.bid()), num(q.ask()), num(q.last()),
          q.quotedAt(), q.underlyingAtQuote(), greeks ? q.delta() : Double.NaN,
          greeks && q.impliedVol() != null ? q.impliedVol() : Double.NaN, greeks ? GreeksSource.VENUE : null,
          greeks ? q.greeksModel() : null);
    }).toList());
  }

  private static double num(Double v) {
    return v == null ? Double.NaN : v;
  }

  /** The key of a venue's chain of an underlying in {@link #source}. */
  public static String key(String venue, String underlying) {
    return venue + "/" + underlying;
  }

  /**
   * The chains fetched before the scan ran ({@link #key} → chain): a bot whose venue and underlying have one gets it,
   * or, when it failed, none, and why ({@link ChainSource#missing}); every other bot gets {@code otherwise}'s.
   */
  public static ChainSource source(Map<String, VenueOptionChain> fetched, ChainSource otherwise) {
    Map<String, VenueOptionChain> copy = Map.copyOf(fetched);
    return new ChainSource() {
      @Override
      public OptionChain chain(BotContext ctx, int minDte, int maxDte, java.time.Instant now) {
        VenueOptionChain c = copy.get(key(ctx.bot().venue(), ctx.symbol()));
        if (c == null) return otherwise.chain(ctx, minDte, maxDte, now);
        if (c.failed()) return null;
        OptionChain chain = toChain(c, now.atZone(ZoneOffset.UTC).toLocalDate());
        return new OptionChain.Quoted(chain.underlying(), chain.spot(), chain.label(), chain.quotes().stream()
            .filter(q -> q.dte() >= minDte && q.dte() <= maxDte).toList());
      }

      @Override
      public String missing(BotContext ctx) {
        VenueOptionChain c = copy.get(key(ctx.bot().venue(), ctx.symbol()));
        return c == null ? otherwise.missing(ctx) : c.failure();
      }
    };
  }
}
