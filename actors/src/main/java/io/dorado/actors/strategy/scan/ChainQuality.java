package io.dorado.actors.strategy.scan;

import io.dorado.actors.pricing.BlackScholes;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.strategy.OptionLeg.GreeksSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PRD's chain-quality handling, per leg and per option candidate, on the scan's clock. Refuses (the candidate is
 * not made; the scan report says why, naming the leg and the measure):
 *
 * <ul>
 *   <li>a stale quote: older than {@link Limits#maxQuoteAge}, or without a quote time;
 *   <li>a crossed or locked market (bid >= ask), a zero or missing bid or ask: its mid is no price;
 *   <li>missing greeks whose raw price gives no model volatility (below intrinsic, no two-sided market);
 *   <li>a missing strike ({@link #wing}): a wing absent from the chain moves at most one strike increment outward,
 *       and says so; further, the structure cannot be built as specified.
 * </ul>
 *
 * <p>Lowers the candidate's data-quality score (and says so in its note): a wide market (spread > {@link
 * Limits#maxSpreadPct} of mid AND > {@link Limits#minWideSpread}, so a one-tick market on a cheap option is not
 * "wide"), × {@link Limits#wideFactor}; greeks computed by a model rather than quoted by the venue (the "IV model
 * dependency": Black-Scholes, r = 0, volatility inverted from the raw mid at the underlying's price at quote time; a
 * synthetic chain's by construction), × {@link Limits#modelGreeksFactor}.
 */
public final class ChainQuality {
  private ChainQuality() {}

  /** The thresholds ({@code dorado.scan.chain-quality}). */
  public record Limits(Duration maxQuoteAge, double maxSpreadPct, double minWideSpread, double wideFactor,
      double modelGreeksFactor) {
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), 0.15, 0.05, 0.75, 0.5);

    public Limits {
      if (maxQuoteAge == null || maxQuoteAge.isNegative()) throw new IllegalArgumentException("max-quote-age must be >= 0");
      if (!(maxSpreadPct > 0)) throw new IllegalArgumentException("max-spread-pct must be > 0, was " + maxSpreadPct);
      if (!(minWideSpread >= 0)) throw new IllegalArgumentException("min-wide-spread must be >= 0");
      if (!(wideFactor >= 0 && wideFactor <= 1) || !(modelGreeksFactor >= 0 && modelGreeksFactor <= 1)) {
        throw new IllegalArgumentException("chain-quality factors must be within [0, 1]");
      }
    }
  }

  /** One leg of a structure: its name in reasons ("short put 95") and its quote. */
  public record Leg(String name, ChainQuote quote) {
    public static Leg of(String role, ChainQuote q) {
      return new Leg(role + " " + (q.right() == Right.PUT ? "put" : "call") + " " + num(q.strike()), q);
    }
  }

  /**
   * The judgement of one candidate's legs.
   *
   * @param refusals why it cannot be made (empty: it can)
   * @param wideFactor the factor for wide markets (1: none), {@code wide} what was wide (null: none)
   * @param modelFactor the factor for model-computed greeks (1: none), {@code modelled} which legs and how (null: none)
   * @param legs the legs' quotes, greeks filled in where they were missing
   */
  public record Verdict(List<String> refusals, double wideFactor, String wide, double modelFactor, String modelled,
      List<ChainQuote> legs) {
    public boolean refused() {
      return !refusals.isEmpty();
    }

    /** The factor on the data-quality feature, in [0, 1] (0 when refused). */
    public double score() {
      return refused() ? 0 : wideFactor * modelFactor;
    }

    /** The score explained, for the note (empty when 1). */
    public String why() {
      var parts = new ArrayList<String>();
      if (wide != null) parts.add(num(wideFactor) + " wide market (" + wide + ")");
      if (modelled != null) parts.add(num(modelFactor) + " model-computed greeks, not quoted (" + modelled + ")");
      return String.join(" x ", parts);
    }
  }

  public static Verdict assess(List<Leg> legs, Instant now, Limits limits) {
    var refusals = new ArrayList<String>();
    var wide = new ArrayList<String>();
    Map<String, List<String>> modelled = new LinkedHashMap<>();
    var out = new ArrayList<ChainQuote>();
    for (Leg leg : legs) {
      ChainQuote q = leg.quote();
      String n = leg.name();
      if (q.quotedAt() == null) refusals.add(n + " has no quote time: its age is unknown");
      else {
        Duration age = Duration.between(q.quotedAt(), now);
        if (age.compareTo(limits.maxQuoteAge()) > 0) {
          refusals.add(n + " quote " + DataQuality.text(age) + " old > " + DataQuality.text(limits.maxQuoteAge()));
        }
      }
      boolean twoSided = false;
      if (Double.isNaN(q.bid()) || Double.isNaN(q.ask())) {
        refusals.add(n + " has no two-sided quote: bid " + px(q.bid()) + ", ask " + px(q.ask()));
      } else if (q.bid() >= q.ask()) {
        refusals.add(n + (q.bid() > q.ask() ? " crossed" : " locked") + ": bid " + px(q.bid()) + " >= ask " + px(q.ask()));
      } else if (q.bid() <= 0) {
        refusals.add(n + " zero bid: bid " + px(q.bid()) + ", ask " + px(q.ask()) + " (no market to trade against)");
      } else {
        twoSided = true;
        double spread = q.ask() - q.bid();
        if (spread / q.mid() > limits.maxSpreadPct() && spread > limits.minWideSpread() + 1e-9) {
          wide.add(String.format(Locale.ROOT, "%s wide: spread %s = %.1f%% of mid %s > %s%%", n, px(spread),
              spread / q.mid() * 100, px(q.mid()), num(limits.maxSpreadPct() * 100)));
        }
      }
      if (!q.hasGreeks() && twoSided) q = withGreeks(q);
      if (!q.hasGreeks()) {
        if (twoSided) {
          refusals.add(n + " greeks missing and its price is unusable for a model: mid " + px(q.mid()) + " at underlying "
              + px(q.underlyingAtQuote()) + " gives no Black-Scholes volatility");
        } else {
          refusals.add(n + " greeks missing and no price to compute them from");
        }
      } else if (q.greeksSource() == GreeksSource.MODEL) {
        modelled.computeIfAbsent(q.greeksModel() == null ? "model not recorded" : q.greeksModel(), k -> new ArrayList<>())
            .add(n);
      }
      out.add(q);
    }
    if (!refusals.isEmpty()) return new Verdict(List.copyOf(refusals), 1, null, 1, null, List.copyOf(out));
    var parts = new ArrayList<String>();
    modelled.forEach((model, names) -> parts.add(
        (names.size() == legs.size() ? "all legs" : String.join(", ", names)) + ": " + model));
    return new Verdict(List.of(), wide.isEmpty() ? 1 : limits.wideFactor(), wide.isEmpty() ? null : String.join("; ", wide),
        modelled.isEmpty() ? 1 : limits.modelGreeksFactor(), modelled.isEmpty() ? null : String.join("; ", parts),
        List.copyOf(out));
  }

  /**
   * A quote's missing greeks from its raw mid: Black-Scholes, r = 0, implied volatility inverted from the mid at the
   * underlying's price at quote time. Unchanged (still without greeks) when no volatility gives the mid.
   */
  public static ChainQuote withGreeks(ChainQuote q) {
    double spot = q.underlyingAtQuote(), years = q.dte() / 365.0;
    double iv = BlackScholes.impliedVol(q.right(), spot, q.strike(), years, q.mid(), 0);
    if (Double.isNaN(iv)) return q;
    String model = String.format(Locale.ROOT,
        "Black-Scholes, r = 0, IV %.1f%% inverted from mid %s at underlying %s, %d DTE", iv * 100, px(q.mid()), px(spot),
        q.dte());
    return q.withGreeks(BlackScholes.delta(q.right(), spot, q.strike(), years, iv, 0), iv, GreeksSource.MODEL, model);
  }

  /** A wing's strike as found in the chain: the quote, a note when it moved, or why there is none. */
  public record Wing(ChainQuote quote, String moved, String refusal) {}

  /**
   * The long wing at {@code at} (a short strike ± the template's width). Missing strikes are decided so: the exact
   * strike if listed; else the next strike further out if within one strike increment of {@code at} (a wider wing,
   * more max loss, stated in the note: never silent); else refused, the structure cannot be built as specified.
   */
  public static Wing wing(List<ChainQuote> quotes, double at, boolean put, String role) {
    ChainQuote exact = null, out = null;
    for (ChainQuote q : quotes) {
      if (Math.abs(q.strike() - at) < 1e-6) exact = q;
      boolean further = put ? q.strike() < at - 1e-6 : q.strike() > at + 1e-6;
      if (further && (out == null || Math.abs(q.strike() - at) < Math.abs(out.strike() - at))) out = q;
    }
    if (exact != null) return new Wing(exact, null, null);
    String name = role + " " + (put ? "put" : "call") + " " + num(at);
    double step = OptionChain.increment(quotes);
    if (out == null) return new Wing(null, null, name + " missing from the chain (no strike further out)");
    if (!Double.isNaN(step) && Math.abs(out.strike() - at) <= step + 1e-6) {
      return new Wing(out, name + " not listed: wing at " + num(out.strike()) + ", one " + num(step) + " increment out", null);
    }
    return new Wing(null, null, name + " missing from the chain: nearest further out " + num(out.strike())
        + (Double.isNaN(step) ? "" : ", more than one " + num(step) + " increment away") + " (not built as specified)");
  }

  static String px(double v) {
    return Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** 95, 112.5, 0.75. */
  static String num(double v) {
    return BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
