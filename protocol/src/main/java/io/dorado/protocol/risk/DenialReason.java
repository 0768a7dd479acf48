package io.dorado.protocol.risk;

/**
 * Standard reason codes for a risk denial (modelled on nautilus_trader's risk engine): each denial
 * carries one of these and the numbers that tripped it.
 */
public enum DenialReason {
  TRADING_HALTED,
  TRADING_REDUCING,
  KILL_SWITCH,
  DAILY_LOSS_LIMIT,
  WEEKLY_LOSS_LIMIT,
  DRAWDOWN_LIMIT,
  HEAT_LIMIT,
  CONCENTRATION,
  ASSET_CLASS_CAP,
  MIN_CASH,
  MAX_LOSS_PER_TRADE,
  BUYING_POWER,
  MAX_NOTIONAL,
  MAX_QUANTITY,
  PRICE_BAND,
  NO_PRICE,
  /**
   * {@code orders.max_price_age}: the symbol's last mark is older than the limit, or its price has no mark time (a
   * price only a fill or an older journal gave). Orders adding exposure and reviews only: reduce-only exits pass.
   */
  STALE_PRICE,
  RATE_LIMIT_EXCEEDED,
  DUPLICATE_ORDER,
  CONTRADICTORY_POSITION,
  COOLDOWN,
  BUDGET_EXCEEDED,
  UNKNOWN_INSTRUMENT,
  INVALID_ORDER,
  NOT_REVIEWED,
  /** The request that tripped the bot's execution throttle (its request rate or round trips): the bot is paused. */
  EXECUTION_THROTTLE,
  /** The bot is paused by the execution throttle: no new exposure until an operator resumes it. */
  BOT_PAUSED,
  /** The quantity, rounded down to the venue's lot size, is below the venue's minimum quantity (or zero). */
  BELOW_MIN_QUANTITY,
  /** Quantity × price, after rounding to the venue's lot and tick, is below the venue's minimum notional. */
  BELOW_MIN_NOTIONAL,
  /** The venue requires instrument rules and has not reported any for the symbol (or they are unusable). */
  INSTRUMENT_RULES,
  /** The live accounts' open risk together, in % of their equity together, past {@code fleet_wide.max_heat_pct}. */
  FLEET_HEAT_LIMIT,
  /** The live accounts' loss together since the UTC day's start reached {@code fleet_wide.daily_loss_halt_pct}. */
  FLEET_DAILY_LOSS_LIMIT,
  /** The live accounts' loss together since the ISO week's start reached {@code fleet_wide.weekly_loss_halt_pct}. */
  FLEET_WEEKLY_LOSS_LIMIT,
  /**
   * The account's 1-day value at risk at 95 % with this order, in % of its equity, past {@code portfolio.var_limit_95_pct}
   * and above the VaR without it (an entry that lowers VaR, a hedge, passes); or the order's symbol has too few daily
   * returns to be measured. Reduce-only orders pass.
   */
  VAR_LIMIT,
  /** The order would open a position past {@code portfolio.max_positions}: the account's concurrent positions. */
  MAX_POSITIONS,
  /** The order would open a position past {@code portfolio.max_fleet_positions}: the live accounts' positions together. */
  FLEET_MAX_POSITIONS,
  /** The order's symbol (or its underlying) is on {@code orders.restricted_symbols}: no new exposure in it. */
  RESTRICTED_INSTRUMENT,
  /**
   * With the order, the option book's delta (money) or vega of its underlying, or of the live accounts together, is
   * past its {@code greeks} limit and further from zero than without it; or an option leg has no implied volatility to
   * measure it with. Reduce-only orders pass.
   */
  GREEKS_LIMIT,
  /**
   * The correlation regime of the marked symbols' daily returns is concentrated (two or fewer principal components
   * explain 80 % of the variance, as the scan measures it) and the account's heat with the order is past
   * {@code portfolio.max_correlated_cluster_pct}. Reduce-only orders pass.
   */
  CORRELATED_CLUSTER,
  /** The order's venue is killed ({@link KillScope} {@code venue:<id>}): no new exposure there; reduce-only exits pass. */
  KILL_SWITCH_VENUE,
  /** The order's account is killed ({@link KillScope} {@code account:<id>}): no new exposure; reduce-only exits pass. */
  KILL_SWITCH_ACCOUNT,
  /** The order's bot is killed ({@link KillScope} {@code bot:<id>}): no new exposure; reduce-only exits pass. */
  KILL_SWITCH_BOT,
  /**
   * The regime radar's macro regime is one of {@code circuit_breakers.vol_regime_adjustment.halt_regimes} (PRD §3.4:
   * crisis → halt new trades); the detail names the regime, its confidence and when it was published. Reduce-only
   * orders pass.
   */
  REGIME_HALT,
  /**
   * {@code orders.price_collar_window}: the order's limit or stop price is further than the collar outside the range of
   * its symbol's marks over the window, or the window holds too few marks to be a reference. Reduce-only orders pass.
   */
  PRICE_COLLAR_WINDOW,
  /**
   * {@code orders.venue_message_limits}: the orders acknowledged for the venue within the last second or minute reached
   * its limit.
   */
  VENUE_MESSAGE_LIMIT
}
