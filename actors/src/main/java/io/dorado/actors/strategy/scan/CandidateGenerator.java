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
import java.time.ZoneOffset;
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
 * range and per end of the delta range. No real chain exists here, so the chain is synthetic and
 * every option candidate is labelled so.
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
    String note = String.format(Locale.ROOT, "%s %s %s, stop %.2f ATR, target %s; ATR14 %.4f; %s; %s",
        side == Side.BUY ? "long" : "short", tpl.entry().orderType() == StrategyTemplate.EntryOrderType.LIMIT ? "limit" : "market",
        price(entry), stopMult, Technicals.has(target) ? tpl.management().profitTarget().multiplier() + " ATR" : "none", atr, how,
        dataQualityNote(ctx.quality(), 1));
    return List.of(new Candidate(idPrefix + "-1", ctx.bot().id(), ctx.bot().strategyTemplate(), ctx.symbol(),
        ctx.underlying().assetClass(), side, price(entry), price(stop), Technicals.has(target) ? price(target) : null,
        List.of(), null, null, price(Math.abs(entry - stop)), false, 0, false, 0, 0, f, note));
  }

  // ---- options ----------------------------------------------------------------------------------

  static List<Candidate> options(BotContext ctx, String idPrefix) {
    StrategyTemplate tpl = ctx.template();
    Technicals t = ctx.technicals();
    if (!Technicals.has(t.realizedVolPct())) return List.of();
    var e = tpl.entry();
    LocalDate asOf = ctx.bars().get(ctx.bars().size() - 1).end().atZone(ZoneOffset.UTC).toLocalDate();
    SyntheticChain chain = SyntheticChain.build(ctx.symbol(), t.close(), asOf, t.realizedVolPct() / 100,
        e.dteRange().get(0), e.dteRange().get(1));
    boolean srFirst = e.strikeSelectionPriority().equals("support_resistance_first");
    var out = new ArrayList<Candidate>();
    Set<List<Double>> seen = new LinkedHashSet<>();
    for (LocalDate expiry : chain.expiries()) {
      for (int end = 0; end < 2; end++) {
        var legs = new ArrayList<OptionLeg>();
        var picked = new ArrayList<SyntheticChain.Quote>();
        int shorts = 0, aligned = 0;
        var conflicts = new ArrayList<String>();
        double putWidth = 0, callWidth = 0;
        SyntheticChain.Quote sp = null, sc = null;
        if (e.shortPut() != null) {
          Pick p = pickShort(chain.of(Right.PUT, expiry), e.shortPut(), end, t.support(), srFirst, true);
          if (p == null) continue;
          sp = p.quote;
          shorts++;
          if (p.aligned) aligned++;
          if (p.conflict != null) conflicts.add(p.conflict);
        }
        if (e.shortCall() != null) {
          Pick p = pickShort(chain.of(Right.CALL, expiry), e.shortCall(), end, t.resistance(), srFirst, false);
          if (p == null) continue;
          sc = p.quote;
          shorts++;
          if (p.aligned) aligned++;
          if (p.conflict != null) conflicts.add(p.conflict);
        }
        SyntheticChain.Quote lp = null, lc = null;
        if (e.longPut() != null) {
          lp = wing(chain.of(Right.PUT, expiry), sp.strike() - e.longPut().width(), true);
          if (lp == null) continue;
          putWidth = sp.strike() - lp.strike();
        }
        if (e.longCall() != null) {
          lc = wing(chain.of(Right.CALL, expiry), sc.strike() + e.longCall().width(), false);
          if (lc == null) continue;
          callWidth = lc.strike() - sc.strike();
        }
        List<Double> key = new ArrayList<>();
        for (SyntheticChain.Quote q : new SyntheticChain.Quote[] {sp, lp, sc, lc}) key.add(q == null ? -1 : q.strike());
        key.add((double) expiry.toEpochDay());
        if (!seen.add(key)) continue;

        double credit = 0;
        if (sp != null) credit += add(legs, picked, LegRole.SHORT_PUT, LegPosition.SELL, sp, chain);
        if (lp != null) credit -= add(legs, picked, LegRole.LONG_PUT, LegPosition.BUY, lp, chain);
        if (sc != null) credit += add(legs, picked, LegRole.SHORT_CALL, LegPosition.SELL, sc, chain);
        if (lc != null) credit -= add(legs, picked, LegRole.LONG_CALL, LegPosition.BUY, lc, chain);
        if (credit <= 0) continue;
        double width = Math.max(putWidth, callWidth);
        // defined risk: the wider spread less the credit; a naked short put risks its strike
        double maxLoss = width > 0 ? width - credit : (sp != null ? sp.strike() - credit : Double.NaN);
        if (!(maxLoss > 0)) continue;
        double spreadQuality = picked.stream().mapToDouble(q -> (q.ask() - q.bid()) / q.mid()).max().orElse(0);
        int dte = picked.get(0).dte();
        var f = new EnumMap<ScoreFeature, Double>(ScoreFeature.class);
        // The bars' freshness x completeness, halved: the chain is synthetic (Black-Scholes greeks on realized
        // volatility, not quoted), which the candidate's note says; a real chain would keep the bars' score.
        f.put(ScoreFeature.DATA_QUALITY, ctx.quality().score() * SYNTHETIC_CHAIN_QUALITY);
        if (width > 0) f.put(ScoreFeature.CREDIT_TO_WIDTH, clamp(credit / width / 0.4));
        if (shorts > 0) f.put(ScoreFeature.SR_ALIGNMENT, (double) aligned / shorts);
        double mid = (e.dteRange().get(0) + e.dteRange().get(1)) / 2.0, half = (e.dteRange().get(1) - e.dteRange().get(0)) / 2.0;
        f.put(ScoreFeature.DTE_PREFERENCE, half == 0 ? 1 : clamp(1 - Math.abs(dte - mid) / half));
        f.put(ScoreFeature.SPREAD_TIGHTNESS, clamp(1 - spreadQuality / 0.2));
        String note = String.format(Locale.ROOT, "%s; %d DTE, credit %.2f, width %.2f, max loss %.2f per share%s; %s",
            chain.label(), dte, credit, width, maxLoss,
            conflicts.isEmpty() ? "" : "; delta vs S/R: " + String.join("; ", conflicts),
            dataQualityNote(ctx.quality(), SYNTHETIC_CHAIN_QUALITY));
        out.add(new Candidate(idPrefix + "-" + (out.size() + 1), ctx.bot().id(), ctx.bot().strategyTemplate(), ctx.symbol(),
            ctx.underlying().assetClass(), null, price(credit), null, null, legs, dte, price(credit), price(maxLoss), true,
            spreadQuality, false, 0, 0, f, note));
      }
    }
    return out;
  }

  /** What a synthetic chain's greeks are worth next to quoted ones, in the data-quality score. */
  static final double SYNTHETIC_CHAIN_QUALITY = 0.5;

  /** The data-quality feature explained: its factors, the synthetic chain's included when there is one. */
  static String dataQualityNote(DataQuality q, double chain) {
    return String.format(Locale.ROOT, "data quality %.2f = freshness %.2f x completeness %.2f%s%s", q.score() * chain,
        q.freshness(), q.completeness(), chain < 1 ? String.format(Locale.ROOT,
            " x %.1f synthetic chain (greeks from Black-Scholes on realized volatility, not quoted)", chain) : "",
        q.judged() ? "" : " (freshness not judged: offline scan)");
  }

  private record Pick(SyntheticChain.Quote quote, boolean aligned, String conflict) {}

  /**
   * The short strike for one end of the delta range ({@code end} 0: the end nearer zero delta, 1: the
   * other). With S/R first, a strike beyond the level inside the delta range wins; without one the
   * delta strike is used and the conflict noted (the human sees both, PRD §3.6).
   */
  private static Pick pickShort(List<SyntheticChain.Quote> quotes, LegRule rule, int end, double level, boolean srFirst,
      boolean put) {
    if (quotes.isEmpty() || rule.deltaTarget() == null) return null;
    double lo = rule.deltaTarget().get(0), hi = rule.deltaTarget().get(1);
    double target = (Math.abs(lo) < Math.abs(hi)) == (end == 0) ? lo : hi;
    SyntheticChain.Quote nearest = null;
    for (SyntheticChain.Quote q : quotes) if (nearest == null || Math.abs(q.delta() - target) < Math.abs(nearest.delta() - target)) nearest = q;
    boolean wantsSr = rule.method() == StrikeMethod.DELTA_AND_SUPPORT || rule.method() == StrikeMethod.DELTA_AND_RESISTANCE;
    if (!wantsSr || !Technicals.has(level)) return new Pick(nearest, false, null);
    Buffer buffer = put ? (rule.supportBuffer() == null ? Buffer.AT_OR_BELOW : rule.supportBuffer())
        : (rule.resistanceBuffer() == null ? Buffer.AT_OR_ABOVE : rule.resistanceBuffer());
    boolean nearestAligned = beyond(nearest.strike(), level, buffer);
    if (nearestAligned) return new Pick(nearest, true, null);
    SyntheticChain.Quote best = null;
    for (SyntheticChain.Quote q : quotes) {
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

  /** The quoted strike nearest {@code at}, not closer to the money than it. */
  private static SyntheticChain.Quote wing(List<SyntheticChain.Quote> quotes, double at, boolean put) {
    SyntheticChain.Quote best = null;
    for (SyntheticChain.Quote q : quotes) {
      if (put ? q.strike() > at + 1e-9 : q.strike() < at - 1e-9) continue;
      if (best == null || Math.abs(q.strike() - at) < Math.abs(best.strike() - at)) best = q;
    }
    return best;
  }

  private static double add(List<OptionLeg> legs, List<SyntheticChain.Quote> picked, LegRole role, LegPosition position,
      SyntheticChain.Quote q, SyntheticChain chain) {
    legs.add(new OptionLeg(role, position, BigDecimal.valueOf(q.strike()), q.expiry(), BigDecimal.valueOf(q.bid()),
        BigDecimal.valueOf(q.ask()), q.delta(), chain.vol()));
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
