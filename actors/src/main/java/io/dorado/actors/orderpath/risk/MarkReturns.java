package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.PMap;

/**
 * The daily returns of every symbol the guardian marks, folded from its own {@link GuardianEvent.PricesMarked} (so a
 * restart rebuilds them from the journal, and a snapshot keeps them): a symbol's close of a UTC day is its last mark
 * that day, and when a later day's first mark arrives the day just ended adds one return, close / previous close − 1
 * (days without a mark, a weekend, make no return: the next return spans them). At most
 * {@link RiskPolicy.Portfolio#MAX_VAR_WINDOW} returns are kept per symbol, oldest dropped first. What {@link PortfolioVar}
 * measures value at risk on.
 *
 * @param bySymbol the series of each symbol marked at least once
 */
public record MarkReturns(Map<String, Series> bySymbol) implements CborSerializable {

  public static final MarkReturns EMPTY = new MarkReturns(Map.of());

  /**
   * One symbol: {@code day} of its last mark and {@code close} (that mark), the close of the marked day before
   * ({@code previousClose}, null until there is one), and its daily returns with the day each ended, oldest first.
   */
  public record Series(LocalDate day, BigDecimal close, BigDecimal previousClose, List<LocalDate> days,
      List<Double> returns) implements CborSerializable {
    public Series {
      days = List.copyOf(days);
      returns = List.copyOf(returns);
      if (days.size() != returns.size()) throw new IllegalArgumentException("a return per day: " + days + " " + returns);
    }

    Series marked(LocalDate on, BigDecimal price) {
      if (!on.isAfter(day)) return new Series(day, on.isBefore(day) ? close : price, previousClose, days, returns);
      if (previousClose == null) return new Series(on, price, close, days, returns);
      var d = new ArrayList<>(days);
      var r = new ArrayList<>(returns);
      d.add(day);
      r.add(close.divide(previousClose, MathContext.DECIMAL64).subtract(BigDecimal.ONE).doubleValue());
      while (r.size() > RiskPolicy.Portfolio.MAX_VAR_WINDOW) {
        d.remove(0);
        r.remove(0);
      }
      return new Series(on, price, close, d, r);
    }
  }

  public MarkReturns {
    bySymbol = Persistent.map(bySymbol); // a mark changes its symbols' series, the others are shared (see Persistent)
  }

  /** The returns after {@code event}: only marks move them. */
  public MarkReturns apply(GuardianEvent event) {
    if (!(event instanceof GuardianEvent.PricesMarked e)) return this;
    LocalDate on = Ledger.utcDate(e.at());
    var next = (PMap<String, Series>) bySymbol;
    for (var p : e.prices().entrySet()) {
      Series s = next.get(p.getKey());
      next = next.plus(p.getKey(), s == null ? new Series(on, p.getValue(), null, List.of(), List.of()) : s.marked(on, p.getValue()));
    }
    return new MarkReturns(next);
  }

  /** The symbol's series, or none yet. */
  public Series of(String symbol) {
    Series s = bySymbol.get(symbol);
    return s != null ? s : new Series(LocalDate.MIN, BigDecimal.ONE, null, List.of(), List.of());
  }

  /** A series of {@code returns} ending on consecutive days up to {@code last}, for tests and replays. */
  public static Series series(LocalDate last, List<Double> returns) {
    var days = new ArrayList<LocalDate>();
    for (int i = returns.size() - 1; i >= 0; i--) days.add(0, last.minusDays(returns.size() - 1 - i));
    return new Series(last.plusDays(1), BigDecimal.ONE, BigDecimal.ONE, days, returns);
  }
}
