package io.dorado.actors.strategy.scan;

import io.dorado.actors.orderpath.venue.ibkr.IbkrOptions;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An option chain from IBKR ({@link IbkrOptions}: months → strikes → each maturity's contract → snapshot) as the
 * scan's {@link OptionChain}: every quote keeps IBKR's raw bid/ask/last and its {@code _updated} time, the underlying's
 * price from its own snapshot, and IBKR's delta and implied vol when it sent them (source VENUE, "IBKR's model");
 * greeks it did not send stay missing, for {@link ChainQuality} to compute from the raw mid or refuse. Only strikes
 * within {@code band} of the underlying's price are asked (IBKR's snapshot budget is ~10 a second).
 *
 * <p>Not yet wired into the scan actor (which would prefetch chains with the history, as {@code ChainSource.of});
 * the pipeline takes any {@link ChainSource}.
 */
public final class IbkrChain {
  private IbkrChain() {}

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMyy", Locale.US);
  static final String VENUE_MODEL = "IBKR's model (snapshot fields 7308 delta, 7633 implied vol)";

  public static CompletionStage<OptionChain> fetch(IbkrOptions options, String underlying, LocalDate asOf, int minDte,
      int maxDte, double band) {
    LocalDate first = asOf.plusDays(minDte), last = asOf.plusDays(maxDte);
    return options.snapshot(underlying).thenCompose(u -> {
      BigDecimal px = u.last() != null ? u.last()
          : u.bid() != null && u.ask() != null ? u.bid().add(u.ask()).divide(BigDecimal.valueOf(2)) : null;
      if (px == null) throw new IllegalStateException("IBKR sent no price for " + underlying + ": no chain");
      double spot = px.doubleValue();
      return options.expirations(underlying).thenCompose(months -> {
        List<CompletableFuture<List<ChainQuote>>> parts = new ArrayList<>();
        for (String m : months) {
          YearMonth ym = YearMonth.parse(m.substring(0, 1) + m.substring(1).toLowerCase(Locale.US), MONTH);
          if (ym.atEndOfMonth().isBefore(first) || ym.atDay(1).isAfter(last)) continue;
          parts.add(options.strikes(underlying, m).thenCompose(strikes -> {
            List<CompletableFuture<List<ChainQuote>>> legs = new ArrayList<>();
            for (Right r : Right.values()) {
              for (BigDecimal k : r == Right.CALL ? strikes.calls() : strikes.puts()) {
                if (Math.abs(k.doubleValue() - spot) > band * spot) continue;
                legs.add(quotes(options, underlying, m, k, r, asOf, first, last, spot).toCompletableFuture());
              }
            }
            return all(legs);
          }).toCompletableFuture());
        }
        return all(parts);
      }).thenApply(quotes -> (OptionChain) new OptionChain.Quoted(underlying, spot,
          String.format(Locale.ROOT, "IBKR chain of %s at %.2f", underlying, spot), quotes));
    });
  }

  private static CompletionStage<List<ChainQuote>> quotes(IbkrOptions options, String underlying, String month,
      BigDecimal strike, Right right, LocalDate asOf, LocalDate first, LocalDate last, double spot) {
    return options.monthContracts(underlying, month, strike, right == Right.CALL).thenCompose(contracts -> {
      List<CompletableFuture<List<ChainQuote>>> out = new ArrayList<>();
      for (IbkrOptions.Contract c : contracts) {
        if (c.maturity().isBefore(first) || c.maturity().isAfter(last)) continue;
        out.add(options.optionSnapshot(c.conid()).thenApply(q -> List.of(quote(q, right, c.maturity(), asOf, strike, spot)))
            .toCompletableFuture());
      }
      return all(out);
    });
  }

  /** IBKR's answer as a chain quote: nulls become missing (NaN) values, never zeros. */
  static ChainQuote quote(IbkrOptions.OptionQuote q, Right right, LocalDate expiry, LocalDate asOf, BigDecimal strike,
      double spot) {
    boolean greeks = q.delta() != null;
    return new ChainQuote(right, expiry, (int) ChronoUnit.DAYS.between(asOf, expiry), strike.doubleValue(), num(q.bid()),
        num(q.ask()), num(q.last()), q.updated(), spot, greeks ? q.delta() : Double.NaN,
        greeks && q.impliedVol() != null ? q.impliedVol() : Double.NaN, greeks ? GreeksSource.VENUE : null,
        greeks ? VENUE_MODEL : null);
  }

  private static double num(BigDecimal v) {
    return v == null ? Double.NaN : v.doubleValue();
  }

  private static CompletableFuture<List<ChainQuote>> all(List<CompletableFuture<List<ChainQuote>>> parts) {
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<ChainQuote> out = new ArrayList<>();
      parts.forEach(p -> out.addAll(p.join()));
      return out;
    });
  }

  /** A chain source over chains fetched before the scan ran (by symbol); a symbol without one has no chain. */
  public static ChainSource prefetched(Map<String, OptionChain> chains) {
    Map<String, OptionChain> copy = Map.copyOf(chains);
    return (ctx, minDte, maxDte, now) -> copy.get(ctx.symbol());
  }
}
