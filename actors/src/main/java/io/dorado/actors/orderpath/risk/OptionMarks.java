package io.dorado.actors.orderpath.risk;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Position;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Option legs marked to market, not held at their entry price (pure). A mark of an option itself (the venue's or the
 * chain's price for its OCC symbol) is taken as it is. A mark of an underlying carries every held option on it (OCC
 * root = the underlying's symbol) along: to its Black-Scholes price at the new underlying price, with the implied
 * volatility of its last mark (else its average fill price) at the underlying's previous price and the time then: the
 * last IV. So equity, drawdown, the daily and weekly losses and the breakers see an option position move with its
 * underlying. An option whose last mark no volatility explains (at or below intrinsic value), or with no earlier
 * underlying price, keeps its mark until the venue or the chain marks it.
 */
public final class OptionMarks {
  private OptionMarks() {}

  /** The smallest mark an option is carried to (a mark is > 0). */
  static final BigDecimal FLOOR = new BigDecimal("0.0001");

  /** The prices to mark for a mark of {@code symbol} at {@code price}: it, and the options on it carried along. */
  public static Map<String, BigDecimal> with(GuardianState s, String symbol, BigDecimal price, Instant at, double rate) {
    var out = new TreeMap<String, BigDecimal>();
    out.put(symbol, price);
    if (OptionSymbol.parse(symbol).isPresent()) return out;
    for (GuardianAccount a : new TreeMap<>(s.accounts()).values()) {
      Ledger l = a.book().ledger();
      BigDecimal before = l.lastPrice(symbol);
      if (before == null) continue;
      for (Position p : l.positions().values()) {
        var option = OptionSymbol.parse(p.symbol());
        if (p.isFlat() || option.isEmpty() || !option.get().root().equals(symbol) || out.containsKey(p.symbol())) continue;
        OptionSymbol o = option.get();
        BigDecimal mark = l.markPrice(p.symbol());
        Instant markedAt = l.markTime(p.symbol()) == null ? at : l.markTime(p.symbol());
        OptionalDouble iv = OptionGreeks.impliedVol(o, before.doubleValue(), mark.doubleValue(), markedAt, rate);
        if (iv.isEmpty()) continue;
        double v = BlackScholes.price(OptionGreeks.right(o), price.doubleValue(), o.strike().doubleValue(),
            OptionGreeks.years(o.expiry(), at), iv.getAsDouble(), rate);
        out.put(p.symbol(), BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).max(FLOOR));
      }
    }
    return out;
  }
}
