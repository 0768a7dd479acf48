package io.dorado.actors.orderpath.risk;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.protocol.order.OptionSymbol;
import io.dorado.protocol.order.Position;
import io.dorado.protocol.risk.PortfolioGreeks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The greeks of a book (pure): each option position by Black-Scholes at its underlying's last price, with the implied
 * volatility of the option's own mark (the venue's or the chain's price, else the price {@link OptionMarks} carried it
 * to, else its average fill price), summed per underlying; a spot position counts delta 1 per unit. Options expire at
 * the end of their expiry day (UTC); time is in years of 365 days.
 *
 * <ul>
 *   <li>delta: units of the underlying; delta notional = delta × spot (money)
 *   <li>gamma: the change of delta per 1.00 of the underlying
 *   <li>vega: money per volatility point (BS vega / 100); theta: money per calendar day (BS theta / 365)
 * </ul>
 *
 * An option whose mark no volatility explains (at or below intrinsic value) counts its intrinsic delta (±1 in the money,
 * else 0) and no gamma, vega or theta.
 */
final class OptionGreeks {
  private OptionGreeks() {}

  private static final double YEAR_SECONDS = 365.0 * 86_400;

  /** One underlying's greeks (see the class comment for units). */
  record Sum(double spot, double delta, double gamma, double vega, double theta) {
    static final Sum ZERO = new Sum(0, 0, 0, 0, 0);

    double deltaNotional() {
      return delta * spot;
    }

    Sum plus(Sum o) {
      return new Sum(o.spot != 0 ? o.spot : spot, delta + o.delta, gamma + o.gamma, vega + o.vega, theta + o.theta);
    }

    Sum times(double q) {
      return new Sum(spot, delta * q, gamma * q, vega * q, theta * q);
    }
  }

  /** A book's greeks by underlying, and the held options left out for want of an underlying price. */
  record Book(Map<String, Sum> byUnderlying, List<String> unpriced) {
    double deltaNotional() {
      return byUnderlying.values().stream().mapToDouble(Sum::deltaNotional).sum();
    }

    double vega() {
      return byUnderlying.values().stream().mapToDouble(Sum::vega).sum();
    }

    double theta() {
      return byUnderlying.values().stream().mapToDouble(Sum::theta).sum();
    }

    Sum of(String underlying) {
      return byUnderlying.getOrDefault(underlying, Sum.ZERO);
    }

    Book plus(Book o) {
      var m = new TreeMap<>(byUnderlying);
      o.byUnderlying.forEach((u, s) -> m.merge(u, s, Sum::plus));
      var un = new ArrayList<>(unpriced);
      un.addAll(o.unpriced);
      return new Book(m, un);
    }

    Book plus(String underlying, Sum s) {
      var m = new TreeMap<>(byUnderlying);
      m.merge(underlying, s, Sum::plus);
      return new Book(m, unpriced);
    }

    static final Book EMPTY = new Book(Map.of(), List.of());
  }

  /** Years from {@code at} to the end of {@code expiry}'s day (UTC); 0 once expired. */
  static double years(LocalDate expiry, Instant at) {
    Instant end = expiry.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return Math.max(0, Duration.between(at, end).getSeconds() / YEAR_SECONDS);
  }

  static BlackScholes.Right right(OptionSymbol o) {
    return o.right() == OptionSymbol.Right.CALL ? BlackScholes.Right.CALL : BlackScholes.Right.PUT;
  }

  /** The volatility that explains {@code price} with the underlying at {@code spot}; empty when none does. */
  static OptionalDouble impliedVol(OptionSymbol o, double spot, double price, Instant at, double rate) {
    double iv = BlackScholes.impliedVol(right(o), spot, o.strike().doubleValue(), years(o.expiry(), at), price, rate);
    return Double.isNaN(iv) ? OptionalDouble.empty() : OptionalDouble.of(iv);
  }

  /** One unit's greeks at volatility {@code vol} (0: intrinsic delta only). */
  static Sum perUnit(OptionSymbol o, double spot, double vol, Instant at, double rate) {
    double t = years(o.expiry(), at);
    double k = o.strike().doubleValue();
    return new Sum(spot, BlackScholes.delta(right(o), spot, k, t, vol, rate), BlackScholes.gamma(spot, k, t, vol, rate),
        BlackScholes.vega(spot, k, t, vol, rate) / 100, BlackScholes.theta(right(o), spot, k, t, vol, rate) / 365);
  }

  /** One unit's greeks at the volatility its {@code price} implies (intrinsic delta when none does). */
  static Sum perUnitAtPrice(OptionSymbol o, double spot, double price, Instant at, double rate) {
    return perUnit(o, spot, impliedVol(o, spot, price, at, rate).orElse(0), at, rate);
  }

  /**
   * The account's book: its positions (EXTERNAL ones too) by underlying, {@code underlyingOf} naming a symbol's
   * underlying (the universe's, so two venues' symbols for one asset are one underlying).
   */
  static Book of(GuardianAccount a, java.util.function.UnaryOperator<String> underlyingOf, Instant at, double rate) {
    Ledger l = a.book().ledger();
    var by = new TreeMap<String, Sum>();
    var unpriced = new ArrayList<String>();
    var held = new TreeMap<String, BigDecimal>();
    for (Position p : l.positions().values()) if (!p.isFlat()) held.merge(p.symbol(), p.quantity(), BigDecimal::add);
    a.externalPositions().forEach((sym, q) -> held.merge(sym, q, BigDecimal::add));
    held.forEach((sym, q) -> {
      if (q.signum() == 0) return;
      var option = OptionSymbol.parse(sym);
      if (option.isEmpty()) {
        BigDecimal mark = l.markPrice(sym);
        if (mark == null) return;
        by.merge(underlyingOf.apply(sym), new Sum(mark.doubleValue(), q.doubleValue(), 0, 0, 0), Sum::plus);
        return;
      }
      OptionSymbol o = option.get();
      BigDecimal spot = l.lastPrice(o.root());
      BigDecimal price = l.markPrice(sym);
      if (spot == null || price == null) {
        unpriced.add(sym);
        return;
      }
      Sum unit = perUnitAtPrice(o, spot.doubleValue(), price.doubleValue(), at, rate);
      by.merge(underlyingOf.apply(o.root()), unit.times(q.doubleValue()), Sum::plus);
    });
    return new Book(by, unpriced);
  }

  static PortfolioGreeks.Scope scope(String id, Book b) {
    var rows = new ArrayList<PortfolioGreeks.Underlying>();
    b.byUnderlying().forEach((u, s) -> rows.add(new PortfolioGreeks.Underlying(u, round(s.spot(), 8), round(s.delta(), 6),
        round(s.deltaNotional(), 2), round(s.gamma(), 6), round(s.vega(), 2), round(s.theta(), 2))));
    return new PortfolioGreeks.Scope(id, rows, round(b.deltaNotional(), 2), round(b.vega(), 2), round(b.theta(), 2),
        b.unpriced().stream().sorted().distinct().toList());
  }

  static BigDecimal round(double v, int scale) {
    return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
  }
}
