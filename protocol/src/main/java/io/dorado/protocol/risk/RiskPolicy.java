package io.dorado.protocol.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.bot.Sizing;
import io.dorado.protocol.bot.SizingMethod;
import io.dorado.protocol.market.AssetClass;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The user's risk policy (PRD §3.4, the {@code risk_policy:} block of the YAML). Every field has a
 * default when absent, so {@code new RiskPolicy(null, null, null, null, null)} is the PRD's policy;
 * invalid values fail with a message naming the field. Percentages are of equity, 0..100.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RiskPolicy(
    String version, Portfolio portfolio, CircuitBreakers circuitBreakers, Orders orders, SizingPolicy sizing,
    FleetWide fleetWide, GreeksPolicy greeks)
    implements CborSerializable {

  public static final RiskPolicy DEFAULT = new RiskPolicy(null, null, null, null, null);

  /** Without a {@code fleet_wide} block: every limit per account only. */
  public RiskPolicy(String version, Portfolio portfolio, CircuitBreakers circuitBreakers, Orders orders,
      SizingPolicy sizing) {
    this(version, portfolio, circuitBreakers, orders, sizing, null);
  }

  /** Without a {@code greeks} block: no limit on the option book's greeks. */
  public RiskPolicy(String version, Portfolio portfolio, CircuitBreakers circuitBreakers, Orders orders,
      SizingPolicy sizing, FleetWide fleetWide) {
    this(version, portfolio, circuitBreakers, orders, sizing, fleetWide, null);
  }

  public RiskPolicy {
    version = version == null || version.isBlank() ? "2.0" : version;
    portfolio = portfolio == null ? Portfolio.DEFAULT : portfolio;
    circuitBreakers = circuitBreakers == null ? CircuitBreakers.DEFAULT : circuitBreakers;
    orders = orders == null ? Orders.DEFAULT : orders;
    sizing = sizing == null ? SizingPolicy.DEFAULT : sizing;
    fleetWide = (fleetWide == null ? FleetWide.OFF : fleetWide).withDefaults(portfolio, circuitBreakers);
    greeks = greeks == null ? GreeksPolicy.OFF : greeks;
  }

  /**
   * Which limits ALSO apply to the sum of every live-money account (mode {@code live}; paper accounts, paper twins
   * and broker_paper testnets never count, so a paper loss never trips a live limit). Off unless switched on. Each
   * switched-on limit is measured on the fleet's totals (open risk / equity; loss / equity at the start of the UTC
   * day or ISO week) against its own percentage, by default the per-account one: with the same percentage the
   * fleet's figure is the equity-weighted average of the accounts', so it bites when one account is past its own
   * limit (a breaker-halted account, an adopted EXTERNAL position) and holds back the others; a lower percentage
   * caps the total. While one is breached, orders that add exposure on ANY live account are denied
   * (FLEET_HEAT_LIMIT, FLEET_DAILY_LOSS_LIMIT, FLEET_WEEKLY_LOSS_LIMIT); reduce-only orders pass.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FleetWide(Boolean heat, BigDecimal maxHeatPct, Boolean dailyLoss, BigDecimal dailyLossHaltPct,
      Boolean weeklyLoss, BigDecimal weeklyLossHaltPct) implements CborSerializable {
    public static final FleetWide OFF = new FleetWide(null, null, null, null, null, null);

    public FleetWide {
      heat = heat != null && heat;
      dailyLoss = dailyLoss != null && dailyLoss;
      weeklyLoss = weeklyLoss != null && weeklyLoss;
      // A percentage without its switch is a mistake, not a silent no-op.
      orphan(heat, maxHeatPct, "max_heat_pct", "heat");
      orphan(dailyLoss, dailyLossHaltPct, "daily_loss_halt_pct", "daily_loss");
      orphan(weeklyLoss, weeklyLossHaltPct, "weekly_loss_halt_pct", "weekly_loss");
      if (maxHeatPct != null) PolicyValues.percent(maxHeatPct, 0, "fleet_wide.max_heat_pct");
      if (dailyLossHaltPct != null) PolicyValues.percent(dailyLossHaltPct, 0, "fleet_wide.daily_loss_halt_pct");
      if (weeklyLossHaltPct != null) PolicyValues.percent(weeklyLossHaltPct, 0, "fleet_wide.weekly_loss_halt_pct");
    }

    private static void orphan(boolean on, BigDecimal pct, String field, String switchName) {
      if (!on && pct != null) {
        throw new IllegalArgumentException("fleet_wide." + field + " is set but fleet_wide." + switchName
            + " is not true: switch the limit on or remove the percentage");
      }
    }

    /** Each switched-on limit with its percentage: its own, else the per-account one. */
    FleetWide withDefaults(Portfolio p, CircuitBreakers cb) {
      return new FleetWide(heat, heat && maxHeatPct == null ? p.maxHeatPct() : maxHeatPct, dailyLoss,
          dailyLoss && dailyLossHaltPct == null ? cb.dailyLossHaltPct() : dailyLossHaltPct, weeklyLoss,
          weeklyLoss && weeklyLossHaltPct == null ? cb.weeklyLossHaltPct() : weeklyLossHaltPct);
    }

    public boolean any() {
      return heat || dailyLoss || weeklyLoss;
    }
  }

  /** How the VaR limit measures an account's value at risk (both are reported). */
  public enum VarMethod {
    /** The loss of the open book on each of the past days' returns (historical simulation). */
    @JsonProperty("historical") HISTORICAL,
    /** Normal: the book's P&amp;L mean and standard deviation from the returns' means and covariance. */
    @JsonProperty("parametric") PARAMETRIC
  }

  /**
   * Portfolio-level limits. The VaR limit ({@code varLimit95Pct}, off when absent): an order adding exposure is denied
   * {@code VAR_LIMIT} when the account's 1-day VaR at 95 % ({@code varMethod}) with it, in % of equity, is past the limit
   * and above the VaR without it; the returns are the last {@code varWindowDays} daily returns of the marks, and a
   * symbol with fewer than {@code varMinObservations} cannot be measured (an entry in it is denied while the limit is
   * on). {@code maxPositions}: the account's concurrent positions (symbols held or with an entry working), off when
   * absent; {@code maxFleetPositions}: the same over the live accounts together.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Portfolio(
      BigDecimal maxHeatPct,
      BigDecimal maxSingleUnderlyingPct,
      Map<AssetClass, BigDecimal> maxAssetClassPct,
      BigDecimal maxCorrelatedClusterPct,
      BigDecimal minCashPct,
      @JsonProperty("var_limit_95_pct") BigDecimal varLimit95Pct,
      VarMethod varMethod,
      Integer varWindowDays,
      Integer varMinObservations,
      Integer maxPositions,
      Integer maxFleetPositions)
      implements CborSerializable {

    /** The most daily returns kept per symbol: no VaR window may be longer. */
    public static final int MAX_VAR_WINDOW = 500;

    /** Without a VaR limit or a positions limit. */
    public Portfolio(BigDecimal maxHeatPct, BigDecimal maxSingleUnderlyingPct, Map<AssetClass, BigDecimal> maxAssetClassPct,
        BigDecimal maxCorrelatedClusterPct, BigDecimal minCashPct) {
      this(maxHeatPct, maxSingleUnderlyingPct, maxAssetClassPct, maxCorrelatedClusterPct, minCashPct, null, null, null,
          null, null, null);
    }

    /** PRD defaults; a class the policy does not name is capped only by the other limits. */
    public static final Map<AssetClass, BigDecimal> DEFAULT_ASSET_CLASS_PCT =
        Map.of(
            AssetClass.EQUITY, PolicyValues.pct(100),
            AssetClass.EQUITY_OPTIONS, PolicyValues.pct(60),
            AssetClass.FX, PolicyValues.pct(30),
            AssetClass.CRYPTO, PolicyValues.pct(20));

    /** Declared after the maps it reads: static initialisation runs in order. */
    public static final Portfolio DEFAULT = new Portfolio(null, null, null, null, null);

    public Portfolio {
      maxHeatPct = PolicyValues.percent(maxHeatPct, 30, "portfolio.max_heat_pct");
      maxSingleUnderlyingPct = PolicyValues.percent(maxSingleUnderlyingPct, 10, "portfolio.max_single_underlying_pct");
      var classes = new EnumMap<AssetClass, BigDecimal>(DEFAULT_ASSET_CLASS_PCT);
      if (maxAssetClassPct != null) {
        maxAssetClassPct.forEach(
            (cls, v) -> {
              if (cls == null) throw new IllegalArgumentException("portfolio.max_asset_class_pct: unknown asset class");
              classes.put(cls, PolicyValues.percent(v, 100, "portfolio.max_asset_class_pct." + cls.name().toLowerCase()));
            });
      }
      maxAssetClassPct = Map.copyOf(classes);
      /* Enforced by the scan's selection and the guardian (CORRELATED_CLUSTER) while the correlation regime is concentrated. */
      maxCorrelatedClusterPct = PolicyValues.percent(maxCorrelatedClusterPct, 20, "portfolio.max_correlated_cluster_pct");
      minCashPct = PolicyValues.percentOrZero(minCashPct, 20, "portfolio.min_cash_pct");
      if (varLimit95Pct != null) PolicyValues.percent(varLimit95Pct, 0, "portfolio.var_limit_95_pct");
      varMethod = varMethod == null ? VarMethod.HISTORICAL : varMethod;
      varWindowDays = PolicyValues.count(varWindowDays, 250, 2, MAX_VAR_WINDOW, "portfolio.var_window_days");
      varMinObservations = PolicyValues.count(varMinObservations, 20, 2, varWindowDays, "portfolio.var_min_observations");
      if (maxPositions != null) PolicyValues.count(maxPositions, 0, 1, 100_000, "portfolio.max_positions");
      if (maxFleetPositions != null) PolicyValues.count(maxFleetPositions, 0, 1, 100_000, "portfolio.max_fleet_positions");
    }

    public BigDecimal maxAssetClassPct(AssetClass cls) {
      return maxAssetClassPct.getOrDefault(cls, PolicyValues.pct(100));
    }
  }

  /** What a breached drawdown breaker does. */
  public enum DrawdownAction {
    /** Keep trading at the reduced sizing multiplier (PRD "reduce_all_sizing_50pct"). */
    @JsonProperty("halve_sizing") HALVE_SIZING,
    /** Halt: no new exposure until an operator resumes. */
    @JsonProperty("halt") HALT
  }

  /**
   * Circuit breakers. Losses are measured from the equity at the start of the UTC day / ISO week,
   * drawdown from peak equity. {@code consecutiveLossesHalveAfter} 0 turns that rule off.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CircuitBreakers(
      BigDecimal dailyLossHaltPct,
      BigDecimal weeklyLossHaltPct,
      BigDecimal drawdownHaltPct,
      DrawdownAction drawdownAction,
      Integer consecutiveLossesHalveAfter,
      BigDecimal reducedSizingMultiplier,
      BreakerReset breakerReset,
      VolRegimeAdjustment volRegimeAdjustment,
      String sessionCalendar,
      Map<String, String> sessionCalendars)
      implements CborSerializable {

    public static final CircuitBreakers DEFAULT = new CircuitBreakers(null, null, null, null, null, null);

    /** Without session calendars: {@code us-equities} for every venue (used by {@code breaker_reset session_close}). */
    public CircuitBreakers(BigDecimal dailyLossHaltPct, BigDecimal weeklyLossHaltPct, BigDecimal drawdownHaltPct,
        DrawdownAction drawdownAction, Integer consecutiveLossesHalveAfter, BigDecimal reducedSizingMultiplier,
        BreakerReset breakerReset, VolRegimeAdjustment volRegimeAdjustment) {
      this(dailyLossHaltPct, weeklyLossHaltPct, drawdownHaltPct, drawdownAction, consecutiveLossesHalveAfter,
          reducedSizingMultiplier, breakerReset, volRegimeAdjustment, null, null);
    }

    /** {@code session_close} with {@code calendar} for every venue but those {@code byVenue} names. */
    public CircuitBreakers withSessionCalendars(String calendar, Map<String, String> byVenue) {
      return new CircuitBreakers(dailyLossHaltPct, weeklyLossHaltPct, drawdownHaltPct, drawdownAction,
          consecutiveLossesHalveAfter, reducedSizingMultiplier, BreakerReset.SESSION_CLOSE, volRegimeAdjustment, calendar,
          byVenue);
    }

    public CircuitBreakers withVolRegimeAdjustment(VolRegimeAdjustment v) {
      return new CircuitBreakers(dailyLossHaltPct, weeklyLossHaltPct, drawdownHaltPct, drawdownAction,
          consecutiveLossesHalveAfter, reducedSizingMultiplier, breakerReset, v, sessionCalendar, sessionCalendars);
    }

    /** The exchange calendar whose session close resets {@code venue}'s breakers ({@code session_close}). */
    public io.dorado.protocol.market.TradingCalendar sessionCalendarOf(String venue) {
      return io.dorado.protocol.market.TradingCalendars.find(sessionCalendars.getOrDefault(venue, sessionCalendar))
          .orElseThrow();
    }

    public CircuitBreakers(BigDecimal dailyLossHaltPct, BigDecimal weeklyLossHaltPct, BigDecimal drawdownHaltPct,
        DrawdownAction drawdownAction, Integer consecutiveLossesHalveAfter, BigDecimal reducedSizingMultiplier) {
      this(dailyLossHaltPct, weeklyLossHaltPct, drawdownHaltPct, drawdownAction, consecutiveLossesHalveAfter,
          reducedSizingMultiplier, null, null);
    }

    public CircuitBreakers withBreakerReset(BreakerReset reset) {
      return new CircuitBreakers(dailyLossHaltPct, weeklyLossHaltPct, drawdownHaltPct, drawdownAction,
          consecutiveLossesHalveAfter, reducedSizingMultiplier, reset, volRegimeAdjustment, sessionCalendar,
          sessionCalendars);
    }

    public CircuitBreakers {
      dailyLossHaltPct = PolicyValues.percent(dailyLossHaltPct, 2, "circuit_breakers.daily_loss_halt_pct");
      weeklyLossHaltPct = PolicyValues.percent(weeklyLossHaltPct, 5, "circuit_breakers.weekly_loss_halt_pct");
      drawdownHaltPct = PolicyValues.percent(drawdownHaltPct, 10, "circuit_breakers.drawdown_halt_pct");
      drawdownAction = drawdownAction == null ? DrawdownAction.HALVE_SIZING : drawdownAction;
      consecutiveLossesHalveAfter = consecutiveLossesHalveAfter == null ? 3 : consecutiveLossesHalveAfter;
      if (consecutiveLossesHalveAfter < 0) {
        throw new IllegalArgumentException(
            "circuit_breakers.consecutive_losses_halve_after must be >= 0 (0 = off), was " + consecutiveLossesHalveAfter);
      }
      reducedSizingMultiplier = reducedSizingMultiplier == null ? new BigDecimal("0.5") : reducedSizingMultiplier;
      if (reducedSizingMultiplier.signum() <= 0 || reducedSizingMultiplier.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException(
            "circuit_breakers.reduced_sizing_multiplier must be within (0, 1], was " + reducedSizingMultiplier);
      }
      breakerReset = breakerReset == null ? BreakerReset.MANUAL : breakerReset;
      volRegimeAdjustment = volRegimeAdjustment == null ? VolRegimeAdjustment.DEFAULT : volRegimeAdjustment;
      sessionCalendar = sessionCalendar == null || sessionCalendar.isBlank() ? "us-equities" : sessionCalendar.trim();
      calendar(sessionCalendar, "circuit_breakers.session_calendar");
      var byVenue = new java.util.TreeMap<String, String>();
      if (sessionCalendars != null) {
        sessionCalendars.forEach((venue, id) -> {
          if (venue == null || venue.isBlank()) {
            throw new IllegalArgumentException("circuit_breakers.session_calendars: a venue is blank");
          }
          byVenue.put(venue, calendar(id, "circuit_breakers.session_calendars." + venue));
        });
      }
      sessionCalendars = Map.copyOf(byVenue);
    }

    private static String calendar(String id, String field) {
      if (id == null || io.dorado.protocol.market.TradingCalendars.find(id.trim()).isEmpty()) {
        throw new IllegalArgumentException(field + ": unknown calendar '" + id + "' (known: "
            + String.join(", ", io.dorado.protocol.market.TradingCalendars.ids()) + ")");
      }
      return id.trim();
    }
  }

  /**
   * When a loss breaker's halt lifts by itself ({@code circuit_breakers.breaker_reset}): {@code manual} (an operator
   * resumes), or {@code utc_midnight}: at the UTC day's start a halt by the daily breaker lifts when no breaker trips
   * any more (a weekly breaker still tripped keeps it, now as the weekly breaker's halt), and a halt by the weekly
   * breaker lifts only at the ISO week's start (Monday 00:00 UTC), when the weekly loss is measured afresh.
   * Drawdown halts, kill switches and operators' halts never lift by themselves. {@code session_close}: the same, at
   * the close of each session of the account's venue's exchange calendar ({@code session_calendars.<venue>}, else
   * {@code session_calendar}, us-equities by default); at each close the account's daily loss is measured afresh from
   * its equity then, and its weekly loss too at the week's last close, when a weekly halt may lift.
   */
  public enum BreakerReset {
    @JsonProperty("manual") MANUAL,
    @JsonProperty("utc_midnight") UTC_MIDNIGHT,
    @JsonProperty("session_close") SESSION_CLOSE
  }

  /**
   * PRD §3.4 {@code vol_regime_adjustment}, read from the regime radar's macro regime: in one of
   * {@code highVolRegimes} new trades are sized × {@code highVolSizingMultiplier}, in a regime of
   * {@code sizingByRegime} × its own (transition and recovery 0.75 by default: PRD §3.5 "reduce sizing", "smaller
   * size", no number given), at the review and at the acknowledgement; in one of {@code haltRegimes}
   * new exposure is denied {@code REGIME_HALT}. A regime published longer than {@code maxAge} ago, or none, changes
   * nothing (the radar is never load-bearing). Empty lists turn a rule off.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record VolRegimeAdjustment(BigDecimal highVolSizingMultiplier, List<String> highVolRegimes,
      List<String> haltRegimes, Duration maxAge, Map<String, BigDecimal> sizingByRegime) implements CborSerializable {
    /**
     * PRD §3.5's "reduce sizing" in transition and "smaller size" in recovery: the PRD names no number, so 0.75 unless
     * {@code sizing_by_regime} says otherwise.
     */
    public static final Map<String, BigDecimal> DEFAULT_SIZING_BY_REGIME =
        Map.of("transition", new BigDecimal("0.75"), "recovery", new BigDecimal("0.75"));
    public static final VolRegimeAdjustment DEFAULT = new VolRegimeAdjustment(null, null, null, null);

    public VolRegimeAdjustment(BigDecimal highVolSizingMultiplier, List<String> highVolRegimes, List<String> haltRegimes,
        Duration maxAge) {
      this(highVolSizingMultiplier, highVolRegimes, haltRegimes, maxAge, null);
    }

    /**
     * The sizing multiplier of {@code regime}: its own ({@code sizing_by_regime}), the high-volatility one, else 1; a
     * default of {@code sizing_by_regime} gives way to {@code high_vol_regimes} naming the regime.
     */
    public BigDecimal multiplierOf(String regime) {
      BigDecimal own = sizingByRegime.get(regime);
      if (own != null) return own;
      return highVolRegimes.contains(regime) ? highVolSizingMultiplier : BigDecimal.ONE;
    }

    public VolRegimeAdjustment {
      highVolSizingMultiplier = highVolSizingMultiplier == null ? new BigDecimal("0.5") : highVolSizingMultiplier;
      if (highVolSizingMultiplier.signum() <= 0 || highVolSizingMultiplier.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("circuit_breakers.vol_regime_adjustment.high_vol_sizing_multiplier must be"
            + " within (0, 1], was " + highVolSizingMultiplier);
      }
      highVolRegimes = highVolRegimes == null ? List.of("risk_off") : List.copyOf(highVolRegimes);
      haltRegimes = haltRegimes == null ? List.of("crisis") : List.copyOf(haltRegimes);
      maxAge = maxAge == null ? Duration.ofHours(26) : maxAge;
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("circuit_breakers.vol_regime_adjustment.max_age must be positive");
      }
      var sizing = new java.util.TreeMap<String, BigDecimal>();
      for (var d : DEFAULT_SIZING_BY_REGIME.entrySet()) { // a regime listed as high-volatility keeps that multiplier
        if (!highVolRegimes.contains(d.getKey())) sizing.put(d.getKey(), d.getValue());
      }
      if (sizingByRegime != null) {
        sizingByRegime.forEach((regime, m) -> {
          if (regime == null || m == null || m.signum() <= 0 || m.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("circuit_breakers.vol_regime_adjustment.sizing_by_regime." + regime
                + " must be within (0, 1], was " + m);
          }
          sizing.put(regime, m);
        });
      }
      sizingByRegime = Map.copyOf(sizing);
    }
  }

  /** The order rate limit: a token bucket refilled at {@code ordersPerSecond}, holding {@code burst}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RateLimit(Integer ordersPerSecond, Integer burst) implements CborSerializable {
    public static final RateLimit DEFAULT = new RateLimit(null, null);

    public RateLimit {
      ordersPerSecond = ordersPerSecond == null ? 100 : ordersPerSecond;
      if (ordersPerSecond < 1) {
        throw new IllegalArgumentException("orders.rate_limit.orders_per_second must be >= 1, was " + ordersPerSecond);
      }
      burst = burst == null ? ordersPerSecond : burst;
      if (burst < 1) throw new IllegalArgumentException("orders.rate_limit.burst must be >= 1, was " + burst);
    }
  }

  /**
   * The execution throttle of each bot (FIA kill-switch guidance; ESMA RTS 6 Art. 15). A bot that asks for
   * more than {@code maxRequests} trades and orders (reviews and acknowledgements, allowed or denied) within
   * {@code window}, or asks to enter again after {@code maxRoundTrips} round trips (entries closed back to flat)
   * within {@code roundTripWindow}, trips it: the guardian pauses the bot (no new exposure, reduce-only orders
   * still pass) until an operator resumes it. 0 turns a limit off. {@code reentryCooldown}: after the bot's
   * own position goes flat it may not enter again for this long, whoever else holds the symbol (absent: the
   * account's {@code orders.reentry_cooldown}). Windows are at most a day (what the guardian remembers).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record BotThrottle(Integer maxRequests, Duration window, Integer maxRoundTrips, Duration roundTripWindow,
      Duration reentryCooldown) implements CborSerializable {
    /** The longest window: the guardian keeps a day of each bot's requests and round trips. */
    public static final Duration MAX_WINDOW = Duration.ofDays(1);
    /** The most requests or round trips a window may allow: what the guardian keeps per bot. */
    public static final int MAX_COUNT = 1_000;
    /** Declared after the limits it reads: static initialisation runs in order. */
    public static final BotThrottle DEFAULT = new BotThrottle(null, null, null, null, null);

    public BotThrottle {
      maxRequests = count(maxRequests, 20, "max_requests");
      window = window(window, Duration.ofMinutes(1), "window");
      maxRoundTrips = count(maxRoundTrips, 20, "max_round_trips");
      roundTripWindow = window(roundTripWindow, Duration.ofMinutes(10), "round_trip_window");
      if (reentryCooldown != null && reentryCooldown.isNegative()) {
        throw new IllegalArgumentException("orders.bot_throttle.reentry_cooldown must be >= 0, was " + reentryCooldown);
      }
    }

    /** This throttle with the account's cooldown where it names none of its own. */
    BotThrottle withCooldownDefault(Duration accountCooldown) {
      return reentryCooldown != null ? this
          : new BotThrottle(maxRequests, window, maxRoundTrips, roundTripWindow, accountCooldown);
    }

    private static int count(Integer v, int dflt, String field) {
      int value = v == null ? dflt : v;
      if (value < 0 || value > MAX_COUNT) {
        throw new IllegalArgumentException("orders.bot_throttle." + field + " must be within [0, " + MAX_COUNT
            + "] (0 = off), was " + value);
      }
      return value;
    }

    private static Duration window(Duration v, Duration dflt, String field) {
      Duration value = v == null ? dflt : v;
      if (value.isNegative() || value.isZero() || value.compareTo(MAX_WINDOW) > 0) {
        throw new IllegalArgumentException("orders.bot_throttle." + field + " must be within (0, 1 day], was " + value);
      }
      return value;
    }
  }

  /**
   * Per-order limits. {@code maxOrderQuantity} and {@code maxLossPerTrade} (absolute, quote currency)
   * are not checked when absent; {@code requireReview} makes an order that adds exposure need an
   * approved review of the same bot, symbol and side covering its quantity. {@code botThrottle}: each
   * bot's own limits ({@link BotThrottle}). {@code maxPriceAge}: the staleness rule, off when absent: a review or an
   * order adding exposure whose symbol's last mark is older than this (or whose price has no mark time) is denied
   * {@code STALE_PRICE}; {@code maxPriceAgeBySymbol} overrides it per symbol (a daily-bar feed marks once a day).
   * {@code maxOrderNotionalBySymbol}, {@code maxOrderQuantityBySymbol}: a symbol's own order limits beside the global
   * ones (denied {@code MAX_NOTIONAL} / {@code MAX_QUANTITY}); {@code restrictedSymbols}: symbols (or underlyings) that
   * take no new exposure ({@code RESTRICTED_INSTRUMENT}; reduce-only exits pass).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Orders(
      BigDecimal maxOrderNotional,
      BigDecimal maxOrderQuantity,
      BigDecimal priceBandPct,
      RateLimit rateLimit,
      Duration reentryCooldown,
      BigDecimal maxLossPerTrade,
      Boolean requireReview,
      BotThrottle botThrottle,
      Duration maxPriceAge,
      Map<String, Duration> maxPriceAgeBySymbol,
      Map<String, BigDecimal> maxOrderNotionalBySymbol,
      Map<String, BigDecimal> maxOrderQuantityBySymbol,
      List<String> restrictedSymbols,
      PriceCollarWindow priceCollarWindow,
      Map<String, VenueMessageLimit> venueMessageLimits)
      implements CborSerializable {

    public static final Orders DEFAULT = new Orders(null, null, null, null, null, null, null, null);

    /** Without the window collar or venue message limits (both off). */
    public Orders(BigDecimal maxOrderNotional, BigDecimal maxOrderQuantity, BigDecimal priceBandPct, RateLimit rateLimit,
        Duration reentryCooldown, BigDecimal maxLossPerTrade, Boolean requireReview, BotThrottle botThrottle,
        Duration maxPriceAge, Map<String, Duration> maxPriceAgeBySymbol, Map<String, BigDecimal> maxOrderNotionalBySymbol,
        Map<String, BigDecimal> maxOrderQuantityBySymbol, List<String> restrictedSymbols) {
      this(maxOrderNotional, maxOrderQuantity, priceBandPct, rateLimit, reentryCooldown, maxLossPerTrade, requireReview,
          botThrottle, maxPriceAge, maxPriceAgeBySymbol, maxOrderNotionalBySymbol, maxOrderQuantityBySymbol,
          restrictedSymbols, null, null);
    }

    /** These limits with the window collar and venue message limits given. */
    public Orders withWindows(PriceCollarWindow collar, Map<String, VenueMessageLimit> byVenue) {
      return new Orders(maxOrderNotional, maxOrderQuantity, priceBandPct, rateLimit, reentryCooldown, maxLossPerTrade,
          requireReview, botThrottle, maxPriceAge, maxPriceAgeBySymbol, maxOrderNotionalBySymbol,
          maxOrderQuantityBySymbol, restrictedSymbols, collar, byVenue);
    }

    /** Without per-symbol order limits or restricted symbols. */
    public Orders(BigDecimal maxOrderNotional, BigDecimal maxOrderQuantity, BigDecimal priceBandPct, RateLimit rateLimit,
        Duration reentryCooldown, BigDecimal maxLossPerTrade, Boolean requireReview, BotThrottle botThrottle,
        Duration maxPriceAge, Map<String, Duration> maxPriceAgeBySymbol) {
      this(maxOrderNotional, maxOrderQuantity, priceBandPct, rateLimit, reentryCooldown, maxLossPerTrade, requireReview,
          botThrottle, maxPriceAge, maxPriceAgeBySymbol, null, null, null);
    }

    /** Without the staleness rule (off). */
    public Orders(BigDecimal maxOrderNotional, BigDecimal maxOrderQuantity, BigDecimal priceBandPct, RateLimit rateLimit,
        Duration reentryCooldown, BigDecimal maxLossPerTrade, Boolean requireReview, BotThrottle botThrottle) {
      this(maxOrderNotional, maxOrderQuantity, priceBandPct, rateLimit, reentryCooldown, maxLossPerTrade, requireReview,
          botThrottle, null, null);
    }

    /** Without a bot throttle block: the default throttle. */
    public Orders(BigDecimal maxOrderNotional, BigDecimal maxOrderQuantity, BigDecimal priceBandPct, RateLimit rateLimit,
        Duration reentryCooldown, BigDecimal maxLossPerTrade, Boolean requireReview) {
      this(maxOrderNotional, maxOrderQuantity, priceBandPct, rateLimit, reentryCooldown, maxLossPerTrade, requireReview,
          null);
    }

    public Orders {
      maxOrderNotional = PolicyValues.positive(maxOrderNotional == null ? new BigDecimal("100000") : maxOrderNotional,
          "orders.max_order_notional");
      if (maxOrderQuantity != null) PolicyValues.positive(maxOrderQuantity, "orders.max_order_quantity");
      priceBandPct = PolicyValues.percent(priceBandPct, 10, "orders.price_band_pct");
      rateLimit = rateLimit == null ? RateLimit.DEFAULT : rateLimit;
      reentryCooldown = reentryCooldown == null ? Duration.ofMinutes(30) : reentryCooldown;
      if (reentryCooldown.isNegative()) {
        throw new IllegalArgumentException("orders.reentry_cooldown must be >= 0, was " + reentryCooldown);
      }
      if (maxLossPerTrade != null) PolicyValues.positive(maxLossPerTrade, "orders.max_loss_per_trade");
      requireReview = requireReview == null || requireReview;
      botThrottle = (botThrottle == null ? BotThrottle.DEFAULT : botThrottle).withCooldownDefault(reentryCooldown);
      if (maxPriceAge != null && (maxPriceAge.isNegative() || maxPriceAge.isZero())) {
        throw new IllegalArgumentException("orders.max_price_age must be > 0 (absent: off), was " + maxPriceAge);
      }
      var bySymbol = new java.util.TreeMap<String, Duration>();
      if (maxPriceAgeBySymbol != null) {
        maxPriceAgeBySymbol.forEach((symbol, age) -> {
          if (symbol == null || age == null || age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("orders.max_price_age_by_symbol." + symbol + " must be > 0, was " + age);
          }
          bySymbol.put(symbol, age);
        });
      }
      maxPriceAgeBySymbol = Map.copyOf(bySymbol);
      maxOrderNotionalBySymbol = positives(maxOrderNotionalBySymbol, "orders.max_order_notional_by_symbol");
      maxOrderQuantityBySymbol = positives(maxOrderQuantityBySymbol, "orders.max_order_quantity_by_symbol");
      var restricted = new java.util.TreeSet<String>();
      if (restrictedSymbols != null) {
        for (String symbol : restrictedSymbols) {
          if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("orders.restricted_symbols: a symbol is blank");
          }
          restricted.add(symbol);
        }
      }
      restrictedSymbols = List.copyOf(restricted);
      var limits = new java.util.TreeMap<String, VenueMessageLimit>();
      if (venueMessageLimits != null) {
        venueMessageLimits.forEach((venue, limit) -> {
          if (venue == null || venue.isBlank() || limit == null) {
            throw new IllegalArgumentException("orders.venue_message_limits: venue '" + venue + "' needs a limit");
          }
          limits.put(venue, limit);
        });
      }
      venueMessageLimits = Map.copyOf(limits);
    }

    private static Map<String, BigDecimal> positives(Map<String, BigDecimal> bySymbol, String field) {
      var out = new java.util.TreeMap<String, BigDecimal>();
      if (bySymbol != null) {
        bySymbol.forEach((symbol, v) -> {
          if (symbol == null || v == null || v.signum() <= 0) {
            throw new IllegalArgumentException(field + "." + symbol + " must be > 0, was " + v);
          }
          out.put(symbol, v);
        });
      }
      return Map.copyOf(out);
    }

    /** How old {@code symbol}'s last mark may be for an order adding exposure; null: no staleness rule for it. */
    public Duration maxPriceAge(String symbol) {
      return maxPriceAgeBySymbol.getOrDefault(symbol, maxPriceAge);
    }
  }

  /**
   * The price collar over a window ({@code orders.price_collar_window}, off when absent): an order adding exposure whose
   * limit or stop price is more than {@code pct} % outside the range (low..high) of its symbol's marks within the last
   * {@code window} is denied {@code PRICE_COLLAR_WINDOW}; so is one whose symbol has fewer than {@code minMarks} marks
   * in the window (no reference). Market orders have no price to collar; reduce-only exits pass. The window is at most
   * {@link #MAX_WINDOW} (what the guardian keeps).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PriceCollarWindow(BigDecimal pct, Duration window, Integer minMarks) implements CborSerializable {
    public static final Duration MAX_WINDOW = Duration.ofHours(1);

    public PriceCollarWindow {
      pct = PolicyValues.percent(pct, 5, "orders.price_collar_window.pct");
      window = window == null ? Duration.ofMinutes(5) : window;
      if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
        throw new IllegalArgumentException("orders.price_collar_window.window must be within (0, 1h], was " + window);
      }
      minMarks = minMarks == null ? 1 : minMarks;
      if (minMarks < 1 || minMarks > 1_000) {
        throw new IllegalArgumentException("orders.price_collar_window.min_marks must be within [1, 1000], was "
            + minMarks);
      }
    }
  }

  /**
   * A venue's message limits ({@code orders.venue_message_limits.<venue>}): at most {@code perSecond} orders the
   * guardian acknowledges for the venue within any second and {@code perMinute} within any minute (absent: no such
   * limit); one more is denied {@code VENUE_MESSAGE_LIMIT}, reduce-only orders too (the venue would refuse them).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record VenueMessageLimit(Integer perSecond, Integer perMinute) implements CborSerializable {
    public static final int MAX_PER_MINUTE = 10_000;

    public VenueMessageLimit {
      if (perSecond == null && perMinute == null) {
        throw new IllegalArgumentException("orders.venue_message_limits: set per_second, per_minute or both");
      }
      if (perSecond != null && (perSecond < 1 || perSecond > MAX_PER_MINUTE)) {
        throw new IllegalArgumentException("orders.venue_message_limits.per_second must be within [1, "
            + MAX_PER_MINUTE + "], was " + perSecond);
      }
      if (perMinute != null && (perMinute < 1 || perMinute > MAX_PER_MINUTE)) {
        throw new IllegalArgumentException("orders.venue_message_limits.per_minute must be within [1, "
            + MAX_PER_MINUTE + "], was " + perMinute);
      }
    }
  }

  /**
   * Sizing defaults. {@code quantityScale}: decimals an order quantity is rounded down to, per asset
   * class (crypto 8, everything else whole units). {@code adaptiveMinRiskPct}/{@code adaptiveMaxRiskPct}
   * clamp the adaptive-rules risk percentage (PRD: 0.5 .. 4.0).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SizingPolicy(
      SizingMethod defaultMethod,
      BigDecimal baseRiskPct,
      Map<AssetClass, Integer> quantityScale,
      BigDecimal adaptiveMinRiskPct,
      BigDecimal adaptiveMaxRiskPct)
      implements CborSerializable {

    public static final Map<AssetClass, Integer> DEFAULT_QUANTITY_SCALE =
        Map.of(AssetClass.EQUITY, 0, AssetClass.EQUITY_OPTIONS, 0, AssetClass.FX, 0, AssetClass.CRYPTO, 8);

    public static final SizingPolicy DEFAULT = new SizingPolicy(null, null, null, null, null);

    public SizingPolicy {
      defaultMethod = defaultMethod == null ? SizingMethod.ADAPTIVE_RULES : defaultMethod;
      if (defaultMethod != SizingMethod.ADAPTIVE_RULES && defaultMethod != SizingMethod.FIXED_RISK_PCT) {
        throw new IllegalArgumentException(
            "sizing.default_method must be fixed_risk_pct or adaptive_rules (it is sized from base_risk_pct), was "
                + defaultMethod);
      }
      baseRiskPct = PolicyValues.percent(baseRiskPct, 2, "sizing.base_risk_pct");
      var scales = new EnumMap<AssetClass, Integer>(DEFAULT_QUANTITY_SCALE);
      if (quantityScale != null) {
        quantityScale.forEach(
            (cls, v) -> {
              String field = "sizing.quantity_scale." + (cls == null ? "?" : cls.name().toLowerCase());
              if (cls == null || v == null || v < 0 || v > 18) {
                throw new IllegalArgumentException(field + " must be within [0, 18], was " + v);
              }
              scales.put(cls, v);
            });
      }
      quantityScale = Map.copyOf(scales);
      adaptiveMinRiskPct = PolicyValues.percent(adaptiveMinRiskPct, new BigDecimal("0.5"), "sizing.adaptive_min_risk_pct");
      adaptiveMaxRiskPct = PolicyValues.percent(adaptiveMaxRiskPct, 4, "sizing.adaptive_max_risk_pct");
      if (adaptiveMinRiskPct.compareTo(adaptiveMaxRiskPct) > 0) {
        throw new IllegalArgumentException("sizing.adaptive_min_risk_pct " + adaptiveMinRiskPct
            + " must be <= sizing.adaptive_max_risk_pct " + adaptiveMaxRiskPct);
      }
    }

    public int quantityScale(AssetClass cls) {
      return quantityScale.getOrDefault(cls, 0);
    }

    /** The sizing a bot gets when its config names none. */
    public Sizing defaultSizing() {
      return new Sizing(defaultMethod, null, null, baseRiskPct);
    }
  }
}
