package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.venue.VenueOptionChain;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An option chain from IBKR ({@link IbkrOptions}: the underlying's snapshot → its option months → each month's strikes
 * → each strike's contracts (every maturity of the month) → each contract's snapshot) as a {@link VenueOptionChain}:
 * IBKR's raw bid/ask/last and its {@code _updated} time per contract, the underlying's price from its own snapshot,
 * IBKR's delta and implied vol only when it sent them. Only strikes within {@code band} of the underlying's price are
 * asked: every snapshot counts against IBKR's pacing (the adapter's limiter holds them to it).
 */
public final class IbkrChains {
  private IbkrChains() {}

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMyy", Locale.US);
  public static final String VENUE_MODEL = "IBKR's model (snapshot fields 7308 delta, 7633 implied vol)";

  public static CompletionStage<VenueOptionChain> fetch(String venue, IbkrOptions options, String underlying,
      LocalDate asOf, int minDte, int maxDte, double band) {
    LocalDate first = asOf.plusDays(minDte), last = asOf.plusDays(maxDte);
    return options.snapshot(underlying).thenCompose(u -> {
      BigDecimal px = u.last() != null ? u.last()
          : u.bid() != null && u.ask() != null ? u.bid().add(u.ask()).divide(BigDecimal.valueOf(2)) : null;
      if (px == null) throw new IllegalStateException("IBKR sent no price for " + underlying + ": no chain");
      double spot = px.doubleValue();
      return options.expirations(underlying).thenCompose(months -> {
        List<CompletableFuture<List<VenueOptionChain.Quote>>> parts = new ArrayList<>();
        for (String m : months) {
          YearMonth ym = YearMonth.parse(m.substring(0, 1) + m.substring(1).toLowerCase(Locale.US), MONTH);
          if (ym.atEndOfMonth().isBefore(first) || ym.atDay(1).isAfter(last)) continue;
          parts.add(options.strikes(underlying, m).thenCompose(strikes -> {
            List<CompletableFuture<List<VenueOptionChain.Quote>>> legs = new ArrayList<>();
            for (boolean call : new boolean[] {false, true}) {
              for (BigDecimal k : call ? strikes.calls() : strikes.puts()) {
                if (Math.abs(k.doubleValue() - spot) > band * spot) continue;
                legs.add(quotes(options, underlying, m, k, call, first, last, spot).toCompletableFuture());
              }
            }
            return all(legs);
          }).toCompletableFuture());
        }
        return all(parts);
      }).thenApply(quotes -> new VenueOptionChain(venue, underlying, spot,
          String.format(Locale.ROOT, "IBKR chain of %s at %.2f", underlying, spot), quotes, null));
    });
  }

  private static CompletionStage<List<VenueOptionChain.Quote>> quotes(IbkrOptions options, String underlying,
      String month, BigDecimal strike, boolean call, LocalDate first, LocalDate last, double spot) {
    return options.monthContracts(underlying, month, strike, call).thenCompose(contracts -> {
      List<CompletableFuture<List<VenueOptionChain.Quote>>> out = new ArrayList<>();
      for (IbkrOptions.Contract c : contracts) {
        if (c.maturity().isBefore(first) || c.maturity().isAfter(last)) continue;
        out.add(options.optionSnapshot(c.conid()).thenApply(q -> List.of(quote(q, call, c.maturity(), strike, spot)))
            .toCompletableFuture());
      }
      return all(out);
    });
  }

  /** IBKR's answer as a chain quote: what it did not send stays null, never zero. */
  static VenueOptionChain.Quote quote(IbkrOptions.OptionQuote q, boolean call, LocalDate expiry, BigDecimal strike,
      double spot) {
    boolean greeks = q.delta() != null;
    return new VenueOptionChain.Quote(call ? OptionSymbol.Right.CALL : OptionSymbol.Right.PUT, expiry,
        strike.doubleValue(), num(q.bid()), num(q.ask()), num(q.last()), q.updated(), spot, greeks ? q.delta() : null,
        greeks ? q.impliedVol() : null, greeks ? VENUE_MODEL : null);
  }

  private static Double num(BigDecimal v) {
    return v == null ? null : v.doubleValue();
  }

  private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<List<T>>> parts) {
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<T> out = new ArrayList<>();
      parts.forEach(p -> out.addAll(p.join()));
      return out;
    });
  }
}
