package io.dorado.protocol.strategy;

import static io.dorado.protocol.strategy.Checks.ordered;
import static io.dorado.protocol.strategy.Checks.pair;
import static io.dorado.protocol.strategy.Checks.positive;
import static io.dorado.protocol.strategy.Checks.within;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.market.AssetClass;
import io.dorado.protocol.market.Timeframe;
import java.util.List;
import java.util.Map;

/**
 * A strategy template (PRD §3.6): data, not code. The gate cascade reads the requirements, the
 * candidate generator the entry and management blocks. Any block may be absent: an absent
 * requirement is not checked. A new template needs no code as long as it uses these building blocks.
 *
 * <p>{@code timeframe} ({@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}; optional): the bar length the template's
 * indicators read, aggregated from the underlying's finer source bars.
 *
 * <p>{@code regimeOverrides} maps a macro regime label to the whole template with that regime's
 * overrides merged in; the config loader resolves and validates them, so a bad override fails at
 * load time with its own line.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StrategyTemplate(
    String name,
    TemplateType type,
    AssetClass underlyingClass,
    Integer legs,
    List<Leg> structure,
    RegimeRequirements regimeRequirements,
    VolatilityRequirements volatilityRequirements,
    TechnicalRequirements technicalRequirements,
    Entry entry,
    Management management,
    Map<String, StrategyTemplate> regimeOverrides,
    TemplateSizing sizing,
    String codeHook,
    String timeframe)
    implements CborSerializable {

  /** A template without a timeframe: its bots read their underlying's bars at the source's length. */
  public StrategyTemplate(String name, TemplateType type, AssetClass underlyingClass, Integer legs, List<Leg> structure,
      RegimeRequirements regimeRequirements, VolatilityRequirements volatilityRequirements,
      TechnicalRequirements technicalRequirements, Entry entry, Management management,
      Map<String, StrategyTemplate> regimeOverrides, TemplateSizing sizing, String codeHook) {
    this(name, type, underlyingClass, legs, structure, regimeRequirements, volatilityRequirements, technicalRequirements,
        entry, management, regimeOverrides, sizing, codeHook, null);
  }

  public StrategyTemplate {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name: is required");
    if (type == null) throw new IllegalArgumentException("type: is required");
    if (underlyingClass == null) throw new IllegalArgumentException("underlying_class: is required");
    structure = structure == null ? List.of() : List.copyOf(structure);
    if (legs != null && legs != structure.size()) {
      throw new IllegalArgumentException("legs: says " + legs + " but structure lists " + structure.size());
    }
    regimeRequirements = regimeRequirements == null ? RegimeRequirements.NONE : regimeRequirements;
    volatilityRequirements = volatilityRequirements == null ? VolatilityRequirements.NONE : volatilityRequirements;
    technicalRequirements = technicalRequirements == null ? TechnicalRequirements.NONE : technicalRequirements;
    entry = entry == null ? Entry.MARKET : entry;
    management = management == null ? Management.NONE : management;
    regimeOverrides = regimeOverrides == null ? Map.of() : Map.copyOf(regimeOverrides);
    sizing = sizing == null ? TemplateSizing.FROM_BOT : sizing;
    if (timeframe != null) {
      try {
        timeframe = Timeframe.label(Timeframe.parse(timeframe));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("timeframe: " + e.getMessage());
      }
    }
    if (codeHook != null) {
      throw new IllegalArgumentException("code_hook: is reserved (PRD: the slot stays open, nothing runs it yet)");
    }
    if (type == TemplateType.OPTIONS_INCOME) {
      if (!entry.hasLegs()) {
        throw new IllegalArgumentException("entry: an options_income template needs at least short_put or short_call");
      }
      if (entry.dteRange() == null) throw new IllegalArgumentException("entry: dte_range is required for options");
      if (entry.orderType() == EntryOrderType.LIMIT) {
        throw new IllegalArgumentException("entry.order_type: an option structure is always sold as one limit order at its"
            + " net credit; order_type is for directional entries");
      }
      if (management.volExit() != null && management.volExit().trigger() != ExitTrigger.IV_RANK_SPIKE) {
        throw new IllegalArgumentException("management.vol_exit: an option structure's volatility exit reads the IV rank:"
            + " trigger must be iv_rank_spike (was " + management.volExit().trigger().name().toLowerCase() + ")");
      }
      if (management.hurstExit() != null) {
        throw new IllegalArgumentException("management.hurst_exit: an option structure is not managed on the Hurst"
            + " exponent (directional templates only)");
      }
    } else if (management.stopLoss() == null) {
      throw new IllegalArgumentException("management: a directional template needs stop_loss");
    }
  }

  /**
   * The bar length its bots' underlying is read at ({@code timeframe: 5m}: the source's bars aggregated into 5-minute
   * bars); null: the source's own bars, as before templates had a timeframe.
   */
  public java.time.Duration barLength() {
    return timeframe == null ? null : Timeframe.parse(timeframe);
  }

  /** The template as it applies in {@code regime}: its override when it has one, else itself. */
  public StrategyTemplate forRegime(String regime) {
    return regime == null ? this : regimeOverrides.getOrDefault(regime, this);
  }

  /** One leg of an option structure. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Leg(LegRole role, LegPosition position) implements CborSerializable {
    public Leg {
      if (role == null) throw new IllegalArgumentException("role: is required");
      if (position == null) throw new IllegalArgumentException("position: is required (buy or sell)");
    }
  }

  public enum LegRole {
    @JsonProperty("short_put") SHORT_PUT,
    @JsonProperty("long_put") LONG_PUT,
    @JsonProperty("short_call") SHORT_CALL,
    @JsonProperty("long_call") LONG_CALL
  }

  public enum LegPosition {
    @JsonProperty("buy") BUY,
    @JsonProperty("sell") SELL
  }

  /**
   * Gate 1. {@code allowedRegimes}/{@code minRegimeConfidence}: the macro (HMM) regime.
   * {@code fxRegimeAllowed}: the FX factor model's label. {@code trendExists}/{@code hurstMin}/
   * {@code minTrendConfidence}: the Hurst-based trend state of the underlying.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RegimeRequirements(
      List<String> allowedRegimes,
      Double minRegimeConfidence,
      List<String> fxRegimeAllowed,
      Boolean trendExists,
      Double hurstMin,
      Double minTrendConfidence)
      implements CborSerializable {
    public static final RegimeRequirements NONE = new RegimeRequirements(null, null, null, null, null, null);

    public RegimeRequirements {
      allowedRegimes = allowedRegimes == null ? List.of() : List.copyOf(allowedRegimes);
      fxRegimeAllowed = fxRegimeAllowed == null ? List.of() : List.copyOf(fxRegimeAllowed);
      within(minRegimeConfidence, 0, 1, "min_regime_confidence");
      within(hurstMin, 0, 1, "hurst_min");
      within(minTrendConfidence, 0, 1, "min_trend_confidence");
    }
  }

  /** A closed range; either end may be open (null). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Bounds(Double min, Double max) implements CborSerializable {
    public Bounds {
      ordered(min, max, "min");
    }

    public boolean contains(double v) {
      return (min == null || v >= min) && (max == null || v <= max);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record IvRankRequirement(Double min, Double max, Integer lookbackDays) implements CborSerializable {
    public IvRankRequirement {
      within(min, 0, 100, "min");
      within(max, 0, 100, "max");
      ordered(min, max, "min");
      lookbackDays = lookbackDays == null ? 252 : positive(lookbackDays, "lookback_days");
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TermStructure(Double maxContangoRatio) implements CborSerializable {
    public TermStructure {
      positive(maxContangoRatio, "max_contango_ratio");
    }
  }

  /**
   * Gate 2. {@code realizedVolPct}: annualised realized volatility of the underlying in percent.
   * {@code vixRegime} and {@code termStructure} need VIX data; without it they are recorded as not
   * evaluated.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record VolatilityRequirements(
      IvRankRequirement ivRank, TermStructure termStructure, Bounds vixRegime, Bounds realizedVolPct)
      implements CborSerializable {
    public static final VolatilityRequirements NONE = new VolatilityRequirements(null, null, null, null);
  }

  public enum TrendMethod {
    @JsonProperty("adx") ADX
  }

  public enum RangeMethod {
    @JsonProperty("atr_channel") ATR_CHANNEL
  }

  public enum EntryMethod {
    /** Enter at the current price. */
    @JsonProperty("at_market") AT_MARKET,
    /** Enter only when the close breaks the high (long) or low (short) of the previous 20 bars. */
    @JsonProperty("breakout_of_20d_range") BREAKOUT_OF_20D_RANGE
  }

  /** ADX bounds: below {@code maxAdx} for range-bound strategies, above {@code minAdx} for trend ones. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrendFilter(TrendMethod method, Double maxAdx, Double minAdx, Integer lookback)
      implements CborSerializable {
    public TrendFilter {
      method = method == null ? TrendMethod.ADX : method;
      within(maxAdx, 0, 100, "max_adx");
      within(minAdx, 0, 100, "min_adx");
      lookback = lookback == null ? 14 : positive(lookback, "lookback");
    }
  }

  /** Price within {@code referenceMa} ± {@code atrMultiplier} × ATR({@code lookback}). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RangeConfirmation(RangeMethod method, Integer lookback, Double atrMultiplier, Integer referenceMa)
      implements CborSerializable {
    public RangeConfirmation {
      method = method == null ? RangeMethod.ATR_CHANNEL : method;
      lookback = lookback == null ? 20 : positive(lookback, "lookback");
      atrMultiplier = atrMultiplier == null ? 1.5 : positive(atrMultiplier, "atr_multiplier");
      referenceMa = referenceMa == null ? 20 : positive(referenceMa, "reference_ma");
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrendConfirmation(Double hurstMin, Double hurstMax, Double adxMin) implements CborSerializable {
    public TrendConfirmation {
      within(hurstMin, 0, 1, "hurst_min");
      within(hurstMax, 0, 1, "hurst_max");
      ordered(hurstMin, hurstMax, "hurst_min");
      within(adxMin, 0, 100, "adx_min");
    }
  }

  /** Gate 3. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TechnicalRequirements(
      RangeConfirmation rangeConfirmation,
      TrendFilter trendFilter,
      TrendConfirmation trendConfirmation,
      EntryMethod entryMethod,
      Bounds rsi)
      implements CborSerializable {
    public static final TechnicalRequirements NONE = new TechnicalRequirements(null, null, null, null, null);

    public TechnicalRequirements {
      entryMethod = entryMethod == null ? EntryMethod.AT_MARKET : entryMethod;
    }
  }

  public enum Direction {
    @JsonProperty("long") LONG,
    @JsonProperty("short") SHORT,
    /**
     * The regime model picks the side. Until the FX/crypto models of PRD §3.5.2–3 exist, the side
     * follows the trend: close above its 20-bar SMA is long, below is short (recorded as such).
     */
    @JsonProperty("from_model") FROM_MODEL,
    /** Against the trend, for mean reversion: close above its 20-bar SMA is short, below is long. */
    @JsonProperty("fade") FADE
  }

  public enum EntryOrderType {
    @JsonProperty("market") MARKET,
    @JsonProperty("limit") LIMIT
  }

  public enum StrikeMethod {
    /** The short strike nearest the delta target, preferring one at or beyond support/resistance. */
    @JsonProperty("delta_and_support") DELTA_AND_SUPPORT,
    @JsonProperty("delta_and_resistance") DELTA_AND_RESISTANCE,
    @JsonProperty("delta") DELTA,
    /** A fixed distance ({@code width}) beyond the short strike of the same side. */
    @JsonProperty("fixed_width") FIXED_WIDTH
  }

  public enum Buffer {
    @JsonProperty("at_or_below") AT_OR_BELOW,
    @JsonProperty("at_or_above") AT_OR_ABOVE
  }

  /** How one option leg's strike is chosen. Deltas are signed: puts negative, calls positive. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record LegRule(
      StrikeMethod method, List<Double> deltaTarget, Double width, Buffer supportBuffer, Buffer resistanceBuffer)
      implements CborSerializable {
    public LegRule {
      if (method == null) throw new IllegalArgumentException("method: is required");
      deltaTarget = pair(deltaTarget, "delta_target");
      positive(width, "width");
      if (method == StrikeMethod.FIXED_WIDTH && width == null) {
        throw new IllegalArgumentException("width: is required for fixed_width");
      }
      if (method != StrikeMethod.FIXED_WIDTH && deltaTarget == null) {
        throw new IllegalArgumentException("delta_target: is required for " + method.name().toLowerCase());
      }
      if (deltaTarget != null && (deltaTarget.get(0) < -1 || deltaTarget.get(1) > 1)) {
        throw new IllegalArgumentException("delta_target: must be within [-1, 1] (was " + deltaTarget + ")");
      }
    }
  }

  /**
   * Directional entries use {@code direction}, {@code orderType} and {@code entryOffsetAtr} (a limit
   * that many ATRs better than the last price). Option structures name their legs and the DTE range.
   * A limit entry rests at the venue for {@code entryTimeout} (default {@link #DEFAULT_ENTRY_TIMEOUT}); then the bot
   * cancels what is left (a part filled stays the position). {@code entry_offset_atr} and {@code entry_timeout} are
   * refused on a market entry: nothing would read them.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Entry(
      Direction direction,
      EntryOrderType orderType,
      Double entryOffsetAtr,
      LegRule shortPut,
      LegRule longPut,
      LegRule shortCall,
      LegRule longCall,
      List<Integer> dteRange,
      String strikeSelectionPriority,
      java.time.Duration entryTimeout)
      implements CborSerializable {
    public static final Entry MARKET = new Entry(null, null, null, null, null, null, null, null, null);
    /** How long a limit entry rests at the venue when the template does not say. */
    public static final java.time.Duration DEFAULT_ENTRY_TIMEOUT = java.time.Duration.ofMinutes(15);

    public Entry(Direction direction, EntryOrderType orderType, Double entryOffsetAtr, LegRule shortPut, LegRule longPut,
        LegRule shortCall, LegRule longCall, List<Integer> dteRange, String strikeSelectionPriority) {
      this(direction, orderType, entryOffsetAtr, shortPut, longPut, shortCall, longCall, dteRange, strikeSelectionPriority,
          null);
    }

    public Entry {
      direction = direction == null ? Direction.FROM_MODEL : direction;
      orderType = orderType == null ? EntryOrderType.MARKET : orderType;
      if (orderType == EntryOrderType.MARKET && entryOffsetAtr != null && entryOffsetAtr != 0) {
        throw new IllegalArgumentException("entry_offset_atr: only a limit entry is offset (order_type is market)");
      }
      if (orderType == EntryOrderType.MARKET && entryTimeout != null) {
        throw new IllegalArgumentException("entry_timeout: only a limit entry rests at the venue (order_type is market)");
      }
      entryOffsetAtr = entryOffsetAtr == null ? 0.0 : entryOffsetAtr;
      if (entryOffsetAtr < 0) throw new IllegalArgumentException("entry_offset_atr: must be >= 0 (was " + entryOffsetAtr + ")");
      if (entryTimeout != null && (entryTimeout.isNegative() || entryTimeout.isZero())) {
        throw new IllegalArgumentException("entry_timeout: must be > 0 (was " + entryTimeout + ")");
      }
      if (orderType == EntryOrderType.LIMIT && entryTimeout == null) entryTimeout = DEFAULT_ENTRY_TIMEOUT;
      dteRange = pair(dteRange, "dte_range");
      if (dteRange != null && dteRange.get(0) < 1) {
        throw new IllegalArgumentException("dte_range: must start at 1 day or later (was " + dteRange + ")");
      }
      if (longPut != null && shortPut == null) throw new IllegalArgumentException("long_put: needs a short_put to hedge");
      if (longCall != null && shortCall == null) throw new IllegalArgumentException("long_call: needs a short_call to hedge");
      strikeSelectionPriority = strikeSelectionPriority == null ? "delta_first" : strikeSelectionPriority;
      if (!List.of("delta_first", "support_resistance_first").contains(strikeSelectionPriority)) {
        throw new IllegalArgumentException("strike_selection_priority: must be delta_first or support_resistance_first"
            + " (was " + strikeSelectionPriority + ")");
      }
    }

    public boolean hasLegs() {
      return shortPut != null || shortCall != null;
    }
  }

  public enum PriceMethod {
    @JsonProperty("atr_multiple") ATR_MULTIPLE
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record AtrLevel(PriceMethod method, Double multiplier) implements CborSerializable {
    public AtrLevel {
      method = method == null ? PriceMethod.ATR_MULTIPLE : method;
      if (multiplier == null) throw new IllegalArgumentException("multiplier: is required");
      positive(multiplier, "multiplier");
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrailingStop(Boolean enabled, Double activationAtr, Double trailDistanceAtr)
      implements CborSerializable {
    public TrailingStop {
      enabled = enabled != null && enabled;
      positive(activationAtr, "activation_atr");
      positive(trailDistanceAtr, "trail_distance_atr");
      if (enabled && trailDistanceAtr == null) {
        throw new IllegalArgumentException("trail_distance_atr: is required when the trailing stop is enabled");
      }
    }
  }

  public enum ExitTrigger {
    @JsonProperty("short_strike_tested") SHORT_STRIKE_TESTED,
    @JsonProperty("iv_rank_spike") IV_RANK_SPIKE,
    @JsonProperty("vol_zscore_above") VOL_ZSCORE_ABOVE,
    @JsonProperty("hurst_below") HURST_BELOW
  }

  public enum ExitAction {
    @JsonProperty("close_tested_side") CLOSE_TESTED_SIDE,
    @JsonProperty("close_full") CLOSE_FULL
  }

  /** A management trigger: when {@code trigger} crosses {@code threshold}, do {@code action}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ExitRule(ExitTrigger trigger, Double threshold, ExitAction action) implements CborSerializable {
    public ExitRule {
      if (trigger == null) throw new IllegalArgumentException("trigger: is required");
      if (action == null) throw new IllegalArgumentException("action: is required");
      if (threshold == null && trigger != ExitTrigger.SHORT_STRIKE_TESTED) {
        throw new IllegalArgumentException("threshold: is required for " + trigger.name().toLowerCase());
      }
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Roll(Boolean enabled) implements CborSerializable {
    public Roll {
      enabled = enabled != null && enabled;
      if (enabled) throw new IllegalArgumentException("enabled: rolls are not built yet (only false is accepted)");
    }
  }

  public enum StopMove {
    @JsonProperty("keep") KEEP,
    /** The stop moves to the entry price: what is left can no longer lose. */
    @JsonProperty("break_even") BREAK_EVEN
  }

  /**
   * One tranche of a scaled exit: when the price has moved {@code atR} R in favour (R = |entry − stop|
   * at entry), close {@code pct} % of the position as it was entered, then move the stop as {@code moveStop}
   * says (default: keep it).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ScaledExit(Double atR, Double pct, StopMove moveStop) implements CborSerializable {
    public ScaledExit {
      if (atR == null) throw new IllegalArgumentException("at_r: is required");
      positive(atR, "at_r");
      if (pct == null) throw new IllegalArgumentException("pct: is required");
      within(pct, 0, 100, "pct");
      positive(pct, "pct");
      moveStop = moveStop == null ? StopMove.KEEP : moveStop;
    }
  }

  /**
   * Management rules (PRD §3.6): option percentages of credit, directional ATR levels, exits.
   * {@code scaledExits}: tranches closed at R multiples, in rising order; what they leave (at least some
   * of the position) runs on with the stop, the trailing stop and the target.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Management(
      Double profitTargetPct,
      Double stopLossPct,
      Integer dteExit,
      ExitRule breachAction,
      ExitRule volExit,
      ExitRule hurstExit,
      Roll roll,
      AtrLevel stopLoss,
      AtrLevel profitTarget,
      Integer timeExitDays,
      TrailingStop trailingStop,
      List<ScaledExit> scaledExits)
      implements CborSerializable {
    public static final Management NONE =
        new Management(null, null, null, null, null, null, null, null, null, null, null);

    public Management(Double profitTargetPct, Double stopLossPct, Integer dteExit, ExitRule breachAction,
        ExitRule volExit, ExitRule hurstExit, Roll roll, AtrLevel stopLoss, AtrLevel profitTarget, Integer timeExitDays,
        TrailingStop trailingStop) {
      this(profitTargetPct, stopLossPct, dteExit, breachAction, volExit, hurstExit, roll, stopLoss, profitTarget,
          timeExitDays, trailingStop, null);
    }

    public Management {
      positive(profitTargetPct, "profit_target_pct");
      positive(stopLossPct, "stop_loss_pct");
      positive(dteExit, "dte_exit");
      positive(timeExitDays, "time_exit_days");
      roll = roll == null ? new Roll(false) : roll;
      scaledExits = scaledExits == null ? List.of() : List.copyOf(scaledExits);
      double total = 0;
      for (int i = 0; i < scaledExits.size(); i++) {
        if (i > 0 && scaledExits.get(i).atR() <= scaledExits.get(i - 1).atR()) {
          throw new IllegalArgumentException("scaled_exits: at_r must rise from one tranche to the next (was "
              + scaledExits.get(i - 1).atR() + " then " + scaledExits.get(i).atR() + ")");
        }
        total += scaledExits.get(i).pct();
      }
      if (total >= 100) {
        throw new IllegalArgumentException("scaled_exits: the tranches close " + Checks.fmt(total)
            + "% in all; they must leave part of the position to trail (< 100%)");
      }
    }
  }

  public enum TemplateSizingMethod {
    /** The bot's own sizing (fixed risk % or adaptive rules). */
    @JsonProperty("from_bot_config") FROM_BOT_CONFIG,
    /** Half the Kelly fraction from the template's track record, capped. */
    @JsonProperty("half_kelly") HALF_KELLY,
    @JsonProperty("quarter_kelly") QUARTER_KELLY
  }

  /** {@code hardCapPct}: never more than this % of equity at risk in one trade of this template. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TemplateSizing(TemplateSizingMethod method, Double hardCapPct) implements CborSerializable {
    public static final TemplateSizing FROM_BOT = new TemplateSizing(null, null);

    public TemplateSizing {
      method = method == null ? TemplateSizingMethod.FROM_BOT_CONFIG : method;
      within(hardCapPct, 0, 100, "hard_cap_pct");
      positive(hardCapPct, "hard_cap_pct");
    }
  }
}
