package io.dorado.actors.strategy.scan;

import io.dorado.actors.strategy.indicators.Technicals;
import io.dorado.actors.pricing.BlackScholes.Right;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.strategy.Candidate;
import io.dorado.protocol.strategy.OptionLeg;
import io.dorado.protocol.strategy.ScoreFeature;
import io.dorado.protocol.strategy.StrategyTemplate;
import io.dorado.protocol.strategy.StrategyTemplate.Buffer;
import io.dorado.protocol.strategy.StrategyTemplate.Direction;
import io.dorado.protocol.strategy.StrategyTemplate.LegPosition;
import io.dorado.protocol.strategy.StrategyTemplate.LegRole;
import io.dorado.protocol.strategy.StrategyTemplate.LegRule;
import io.dorado.protocol.strategy.StrategyTemplate.StrikeMethod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a bot whose gates passed into trade candidates (PRD §3.2). Directional templates: entry at
 * the last close (a limit {@code entry_offset_atr} ATRs better), stop and target at ATR multiples.
 * Option templates: the legs the entry names, struck from a chain at the delta targets (preferring
 * strikes beyond support/resistance when the template asks), one candidate per expiry in the DTE
 * range and per end of the delta range, from the scan's {@link ChainSource} (synthetic by default, and every
 * candidate from it labelled so), each structure checked by {@link ChainQuality}.
 */
public final class CandidateGenerator {
  private CandidateGenerator() {}

  /** The side a directional template takes now; null when the trend gives none (close on its SMA). */
  public static Side side(Direction direction, Technicals t) {
    return switch (direction) {
      case LONG -> Side.BUY;
      case SHORT -> Side.SELL;
      case FROM_MODEL -> trendSide(t);
      case FADE -> {
        Side s = trendSide(t);
        yield s == null ? null : s.opposite();
      }
    };
  }

  private static Side trendSide(Technicals t) {
    if (!Technicals.has(t.sma20()) || t.close() == t.sma20()) return null;
    return t.close() > t.sma20() ? Side.BUY : Side.SELL;
  }

  public static List<Candidate> generate(BotContext ctx, String idPrefix) {
    return ctx.template().type().directional() ? directional(ctx, idPrefix) : options(ctx, idPrefix);
  }

  // ---- directional ------------------------------------------------------------------------------

  static List<Candidate> directional(BotContext ctx, String idPrefix) {
    StrategyTemplate tpl = ctx.template();
    Technicals t = ctx.technicals();
    Side side = side(tpl.entry().direction(), t);
    if (side == null || !Technicals.has(t.atr14())) return List.of();
    int sign = side.sign();
    double atr = t.atr14();
    double entry = t.close();
    if (tpl.entry().orderType() == StrategyTemplate.EntryOrderType.LIMIT) entry -= sign * tpl.entry().entryOffsetAtr() * atr;
    double stopMult = tpl.management().stopLoss().multiplier();
    double stop = entry - sign * stopMult * atr;
    double target = tpl.management().profitTarget() == null ? Double.NaN
        : entry + sign * tpl.management().profitTarget().multiplier() * atr;
    if (stop <= 0 || entry <= 0) return List.of();

    var f = new EnumMap<ScoreFeature, Double>(ScoreFeature.class);
    f.put(ScoreFeature.DATA_QUALITY, ctx.quality().score()); // freshness x completeness of the bars (DataQuality)
    if (Technicals.has(target)) f.put(ScoreFeature.REWARD_TO_RISK, clamp(Math.abs(target - entry) / Math.abs(entry - stop) / 3));
    if (Technicals.has(t.hurstRs())) {
      double h = t.hurst();
      boolean fade = tpl.entry().direction() == Direction.FADE;
      f.put(ScoreFeature.TREND_STRENGTH, clamp(fade ? (0.6 - h) / 0.3 : (h - 0.4) / 0.3));
    }
    if (Technicals.has(t.support())) {
      boolean beyond = side == Side.BUY ? stop < t.support() : stop > t.resistance();
      f.put(ScoreFeature.SR_ALIGNMENT, beyond ? 1.0 : 0.0);
    }
    String how = switch (tpl.entry().direction()) {
      case FROM_MODEL -> "side from the trend (close " + (side == Side.BUY ? "above" : "below") + " SMA20; no FX/crypto model yet)";
      case FADE -> "side against the trend (close " + (side == Side.BUY ? "below" : "above") + " SMA20)";
      default -> "side fixed by the template";
    };
    String note = String.format(Locale.ROOT, "%s: %s %s %s, stop %.2f ATR, target %s; ATR14 %.4f; %s; %s", tpl.name(),
        side == Side.BUY ? "long" : "short", tpl.entry().orderType() == StrategyTemplate.EntryOrderType.LIMIT ? "limit" : "market",
        price(entry), stopMult, Technicals.has(target) ? tpl.management().profitTarget().multiplier() + " ATR" : "none", atr, how,
        dataQualityNote(ctx.quality(), 1));
    return List.of(new Candidate(idPrefix + "-1", ctx.bot().id(), ctx.bot().strategyTemplate(), ctx.symbol(),
        ctx.underlying().assetClass(), side, price(entry), price(stop), Technicals.has(target) ? price(target) : null,
        List.of(), null, null, price(Math.abs(entry - stop)), false, 0, false, 0, 0, f, note));
  }

  // ---- options ----------------------------------------------------------------------------------

  /** What a bot's options produced: the candidates, and the structures refused on their chain's quality, with why. */
  public record Generated(List<Candidate> candidates, List<String> refused, String noChain) {
    public Generated(List<Candidate> candidates, List<String> refused) {
      this(candidates, refused, null);
    }
  }

  /** Candidates from a synthetic chain quoted at the newest bar's end (an offline build), default chain limits. */
  static List<Candidate> options(BotContext ctx, String idPrefix) {
    Instant at = ctx.bars().get(ctx.bars().size() - 1).end();
    return options(ctx, idPrefix, ChainSource.SYNTHETIC, ChainQuality.Limits.DEFAULT, at).candidates();
  }

  /**
   * Option candidates struck from {@code source}'s chain; every one passes {@link ChainQuality} at {@code now}: a
   * structure with a stale, crossed or unpriceable leg, or a wing missing from the chain, is refused (and listed with
   * why), wide markets and model-computed greeks lower its data-quality score and are said in its note.
   */
  public static Generated options(BotContext ctx, String idPrefix, ChainSource source, ChainQuality.Limits limits,
      Instant now) {
    StrategyTemplate tpl = ctx.template();
    Technicals t = ctx.technicals();
    var e = tpl.entry();
    OptionChain chain = source.chain(ctx, e.dteRange().get(0), e.dteRange().get(1), now);
    if (chain == null) {
      String why = source.missing(ctx); // a venue's chain that failed: every structure is refused, and why
      return why == null ? new Generated(List.of(), List.of())
          : new Generated(List.of(), List.of("every structure refused: no option chain: " + why), why);
    }
    boolean srFirst = e.strikeSelectionPriority().equals("support_resistance_first");
    var out = new ArrayList<Candidate>();
    var refused = new ArrayList<String>();
    Set<List<Double>> seen = new LinkedHashSet<>();
    for (LocalDate expiry : chain.expiries()) {
      // shorts are picked by delta: quotes without the venue's greeks get the model's from their raw mid first
      List<ChainQuote> puts = chain.of(Right.PUT, expiry).stream().map(q -> q.hasGreeks() ? q : ChainQuality.withGreeks(q)).toList();
      List<ChainQuote> calls = chain.of(Right.CALL, expiry).stream().map(q -> q.hasGreeks() ? q : ChainQuality.withGreeks(q)).toList();
      for (int end = 0; end < 2; end++) {
        var legs = new ArrayList<OptionLeg>();
        var picked = new ArrayList<ChainQuote>();
        int shorts = 0, aligned = 0;
        var conflicts = new ArrayList<String>();
        var moved = new ArrayList<String>();
        double putWidth = 0, callWidth = 0;
        ChainQuote sp = null, sc = null;
        if (e.shortPut() != null) {
          Pick p = pickShort(puts, e.shortPut(), end, t.support(), srFirst, true);
          if (p == null) continue;
          sp = p.quote;
          shorts++;
          if (p.aligned) aligned++;
          if (p.conflict != null) conflicts.add(p.conflict);
        }
        if (e.shortCall() != null) {
          Pick p = pickShort(calls, e.shortCall(), end, t.resistance(), srFirst, false);
          if (p == null) continue;
          sc = p.quote;
          shorts++;
          if (p.aligned) aligned++;
          if (p.conflict != null) conflicts.add(p.conflict);
        }
        ChainQuote lp = null, lc = null;
        String structure = expiry + " (" + strikes(sp, sc);
        if (e.longPut() != null) {
          ChainQuality.Wing w = ChainQuality.wing(puts, sp.strike() - e.longPut().width(), true, "long");
          if (w.refusal() != null) {
            if (seen.add(List.of((double) expiry.toEpochDay(), sp.strike(), -1.0))) refused.add(structure + ") refused: " + w.refusal());
            continue;
          }
          lp = w.quote();
          if (w.moved() != null) moved.add(w.moved());
          putWidth = sp.strike() - lp.strike();
        }
        if (e.longCall() != null) {
          ChainQuality.Wing w = ChainQuality.wing(calls, sc.strike() + e.longCall().width(), false, "long");
          if (w.refusal() != null) {
            if (seen.add(List.of((double) expiry.toEpochDay(), -1.0, sc.strike()))) refused.add(structure + ") refused: " + w.refusal());
            continue;
          }
          lc = w.quote();
          if (w.moved() != null) moved.add(w.moved());
          callWidth = lc.strike() - sc.strike();
        }
        List<Double> key = new ArrayList<>();
        for (ChainQuote q : new ChainQuote[] {sp, lp, sc, lc}) key.add(q == null ? -1 : q.strike());
        key.add((double) expiry.toEpochDay());
        if (!seen.add(key)) continue;

        var named = new ArrayList<ChainQuality.Leg>();
        if (sp != null) named.add(ChainQuality.Leg.of("short", sp));
        if (lp != null) named.add(ChainQuality.Leg.of("long", lp));
        if (sc != null) named.add(ChainQuality.Leg.of("short", sc));
        if (lc != null) named.add(ChainQuality.Leg.of("long", lc));
        ChainQuality.Verdict verdict = ChainQuality.assess(named, now, limits);
        if (verdict.refused()) {
          refused.add(expiry + " (" + String.join(", ", named.stream().map(ChainQuality.Leg::name).toList()) + ") refused: "
              + String.join("; ", verdict.refusals()));
          continue;
        }
        var judged = verdict.legs();
        int i = 0;
        double credit = 0;
        if (sp != null) credit += add(legs, picked, LegRole.SHORT_PUT, LegPosition.SELL, judged.get(i++));
        if (lp != null) credit -= add(legs, picked, LegRole.LONG_PUT, LegPosition.BUY, judged.get(i++));
        if (sc != null) credit += add(legs, picked, LegRole.SHORT_CALL, LegPosition.SELL, judged.get(i++));
        if (lc != null) credit -= add(legs, picked, LegRole.LONG_CALL, LegPosition.BUY, judged.get(i++));
        if (credit <= 0) continue;
        double width = Math.max(putWidth, callWidth);
        // defined risk: the wider spread less the credit; a naked short put risks its strike
        double maxLoss = width > 0 ? width - credit : (sp != null ? sp.strike() - credit : Double.NaN);
        if (!(maxLoss > 0)) continue;
        double spreadQuality = picked.stream().mapToDouble(q -> (q.ask() - q.bid()) / q.mid()).max().orElse(0);
        int dte = picked.get(0).dte();
        var f = new EnumMap<ScoreFeature, Double>(ScoreFeature.class);
        // The bars' freshness x completeness, times the chain's quality: model-computed greeks (a synthetic chain's by
        // construction) and wide markets score lower, which the candidate's note says.
        f.put(ScoreFeature.DATA_QUALITY, ctx.quality().score() * verdict.score());
        if (width > 0) f.put(ScoreFeature.CREDIT_TO_WIDTH, clamp(credit / width / 0.4));
        if (shorts > 0) f.put(ScoreFeature.SR_ALIGNMENT, (double) aligned / shorts);
        double mid = (e.dteRange().get(0) + e.dteRange().get(1)) / 2.0, half = (e.dteRange().get(1) - e.dteRange().get(0)) / 2.0;
        f.put(ScoreFeature.DTE_PREFERENCE, half == 0 ? 1 : clamp(1 - Math.abs(dte - mid) / half));
        f.put(ScoreFeature.SPREAD_TIGHTNESS, clamp(1 - spreadQuality / 0.2));
        String note = String.format(Locale.ROOT, "%s; %s, %d DTE, credit %.2f, width %.2f, max loss %.2f per share%s%s; %s",
            chain.label(), ctx.template().name(), dte, credit, width, maxLoss,
            conflicts.isEmpty() ? "" : "; delta vs S/R: " + String.join("; ", conflicts),
            moved.isEmpty() ? "" : "; missing strike: " + String.join("; ", moved),
            dataQualityNote(ctx.quality(), verdict.score(), chain.synthetic(), chainWhy(verdict, chain.synthetic())));
        out.add(new Candidate(idPrefix + "-" + (out.size() + 1), ctx.bot().id(), ctx.bot().strategyTemplate(), ctx.symbol(),
            ctx.underlying().assetClass(), null, price(credit), null, null, legs, dte, price(credit), price(maxLoss),
            chain.synthetic(), spreadQuality, false, 0, 0, f, note));
      }
    }
    return new Generated(out, refused);
  }

  private static String strikes(ChainQuote sp, ChainQuote sc) {
    return (sp == null ? "" : "short put " + ChainQuality.num(sp.strike())) + (sp != null && sc != null ? ", " : "")
        + (sc == null ? "" : "short call " + ChainQuality.num(sc.strike()));
  }

  /** The data-quality feature explained: its factors, the option chain's included when it has one. */
  static String dataQualityNote(DataQuality q, double chain) {
    return dataQualityNote(q, chain, false, "");
  }


  static String dataQualityNote(DataQuality q, double chain, boolean synthetic, String chainWhy) {
    return String.format(Locale.ROOT, "data quality %.2f = freshness %.2f x completeness %.2f%s%s", q.score() * chain,
        q.freshness(), q.completeness(), chain < 1 ? " x " + chainWhy : "",
        q.judged() ? "" : " (freshness not judged: offline scan)");
  }

  /** The chain's factors in words; a synthetic chain's model greeks are its nature, said as such. */
  static String chainWhy(ChainQuality.Verdict v, boolean synthetic) {
    if (!synthetic || v.modelled() == null) return v.why();
    String wide = v.wide() == null ? "" : " x " + ChainQuality.num(v.wideFactor()) + " wide market (" + v.wide() + ")";
    return ChainQuality.num(v.modelFactor()) + " synthetic chain (greeks from Black-Scholes on realized volatility, not "
        + "quoted), its quotes fresh by construction" + wide;
  }

  private record Pick(ChainQuote quote, boolean aligned, String conflict) {}

  /**
   * The short strike for one end of the delta range ({@code end} 0: the end nearer zero delta, 1: the
   * other). With S/R first, a strike beyond the level inside the delta range wins; without one the
   * delta strike is used and the conflict noted (the human sees both, PRD §3.6).
   */
  private static Pick pickShort(List<ChainQuote> quotes, LegRule rule, int end, double level, boolean srFirst,
      boolean put) {
    quotes = quotes.stream().filter(ChainQuote::hasGreeks).toList(); // a quote no model could price has no delta to pick by
    if (quotes.isEmpty() || rule.deltaTarget() == null) return null;
    double lo = rule.deltaTarget().get(0), hi = rule.deltaTarget().get(1);
    double target = (Math.abs(lo) < Math.abs(hi)) == (end == 0) ? lo : hi;
    ChainQuote nearest = null;
    for (ChainQuote q : quotes) if (nearest == null || Math.abs(q.delta() - target) < Math.abs(nearest.delta() - target)) nearest = q;
    boolean wantsSr = rule.method() == StrikeMethod.DELTA_AND_SUPPORT || rule.method() == StrikeMethod.DELTA_AND_RESISTANCE;
    if (!wantsSr || !Technicals.has(level)) return new Pick(nearest, false, null);
    Buffer buffer = put ? (rule.supportBuffer() == null ? Buffer.AT_OR_BELOW : rule.supportBuffer())
        : (rule.resistanceBuffer() == null ? Buffer.AT_OR_ABOVE : rule.resistanceBuffer());
    boolean nearestAligned = beyond(nearest.strike(), level, buffer);
    if (nearestAligned) return new Pick(nearest, true, null);
    ChainQuote best = null;
    for (ChainQuote q : quotes) {
      if (q.delta() < Math.min(lo, hi) || q.delta() > Math.max(lo, hi) || !beyond(q.strike(), level, buffer)) continue;
      if (best == null || Math.abs(q.delta() - target) < Math.abs(best.delta() - target)) best = q;
    }
    if (srFirst && best != null) return new Pick(best, true, null);
    String conflict = String.format(Locale.ROOT, "%s delta strike %.2f (delta %.2f) is not %s %s %.2f",
        put ? "put" : "call", nearest.strike(), nearest.delta(), buffer == Buffer.AT_OR_BELOW ? "at or below" : "at or above",
        put ? "support" : "resistance", level);
    return new Pick(nearest, false, conflict);
  }

  private static boolean beyond(double strike, double level, Buffer buffer) {
    return buffer == Buffer.AT_OR_BELOW ? strike <= level : strike >= level;
  }

  private static double add(List<OptionLeg> legs, List<ChainQuote> picked, LegRole role, LegPosition position,
      ChainQuote q) {
    legs.add(new OptionLeg(role, position, BigDecimal.valueOf(q.strike()), q.expiry(), BigDecimal.valueOf(q.bid()),
        BigDecimal.valueOf(q.ask()), q.delta(), Double.isNaN(q.impliedVol()) ? null : q.impliedVol(),
        Double.isNaN(q.last()) ? null : BigDecimal.valueOf(q.last()), q.quotedAt(),
        Double.isNaN(q.underlyingAtQuote()) ? null : BigDecimal.valueOf(q.underlyingAtQuote()), q.greeksSource(),
        q.greeksModel()));
    picked.add(q);
    return q.mid();
  }

  static BigDecimal price(double v) {
    int scale = Math.abs(v) >= 1 ? 2 : 6;
    return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** Feature values as a plain map, for tests and reports. */
  static Map<ScoreFeature, Double> features(Candidate c) {
    return c.features();
  }
}
