package io.dorado.actors.strategy.scan;

import io.dorado.protocol.market.ChainHistory;
import io.dorado.protocol.market.OptionChainSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chains a scan's decisions used, as they are kept ({@link ChainHistory}): {@link #recording} wraps the scan's
 * {@link ChainSource} and notes every chain it hands out, with the bot it was for.
 */
final class ChainSnapshots {
  private final String scanId;
  private final List<OptionChainSnapshot> taken = new ArrayList<>();

  ChainSnapshots(String scanId) {
    this.scanId = scanId;
  }

  /** {@code source}, noting each chain it returns (called on the scan's thread only). */
  ChainSource recording(ChainSource source) {
    return new ChainSource() {
      @Override
      public OptionChain chain(BotContext ctx, int minDte, int maxDte, Instant now) {
        OptionChain chain = source.chain(ctx, minDte, maxDte, now);
        if (chain != null) taken.add(of(scanId, ctx.bot().id(), now, chain));
        return chain;
      }

      @Override
      public String missing(BotContext ctx) { // why there is no chain (a venue's failure), as the source says
        return source.missing(ctx);
      }
    };
  }

  List<OptionChainSnapshot> taken() {
    return List.copyOf(taken);
  }

  static OptionChainSnapshot of(String scanId, String botId, Instant at, OptionChain chain) {
    var contracts = chain.quotes().stream().map(q -> new OptionChainSnapshot.Contract(
        q.right().name().toLowerCase(Locale.ROOT), q.expiry(), q.dte(), q.strike(), given(q.bid()), given(q.ask()),
        given(q.last()), q.quotedAt(), given(q.underlyingAtQuote()), given(q.delta()), given(q.impliedVol()),
        q.greeksSource() == null ? null : q.greeksSource().name().toLowerCase(Locale.ROOT), q.greeksModel())).toList();
    return new OptionChainSnapshot(chain.underlying(), scanId, botId, at, chain.spot(), chain.label(), chain.synthetic(),
        contracts);
  }

  private static Double given(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
