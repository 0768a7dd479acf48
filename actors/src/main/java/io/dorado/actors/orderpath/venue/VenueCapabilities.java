package io.dorado.actors.orderpath.venue;

/**
 * What a venue adapter can rest at the venue for an instrument, as the vendor's published docs say (each adapter's
 * javadoc cites them): a resting STOP (stop-market), a STOP_LIMIT, reduce-only orders the venue enforces, and native
 * OCO/bracket orders this adapter sends. The bot's protective orders are chosen from them
 * ({@code io.dorado.actors.orderpath.bot.ProtectionOrders}): a STOP where there is one, else a STOP_LIMIT with a
 * documented offset; a stop and a target rest as one native OCO where the adapter sends one (Binance spot), else apart
 * with a one-cancels-other held by the risk guardian (and by the bot as a second line); where the venue
 * does not enforce reduce-only, the guardian's reduce-only check (pending reduce-only ≤ closable) is the only cap.
 *
 * <p>{@code exitsHoldBalance}: an open exit order holds (reserves) the balance it would sell, as on a spot venue without
 * reduce-only (Kraken: BalanceEx {@code hold_trade}, "available balance = balance + credit - credit_used - hold_trade",
 * docs.kraken.com/api/docs/rest-api/get-extended-balance). There a second exit for the same position is refused for
 * insufficient funds: with no native OCO, only the stop rests and the target stays virtual ({@link #targetVirtual};
 * Alpaca crypto too). Where there is one (Binance spot: an open order's balance is {@code locked}), it matters when the
 * venue rejects the OCO: the stop then goes apart alone and the target stays virtual.
 *
 * <p>{@code ocoStopAmend}: the adapter moves the stop of a resting native OCO with the venue's own amend (an {@code Order}
 * that {@code replaces} the OCO: OANDA's Set Dependent Orders on the same trade), so a trailing or break-even stop is
 * held at the venue; without it (Binance's order list has no replace) the move stays virtual above the resting stop.
 */
public record VenueCapabilities(boolean stop, boolean stopLimit, boolean reduceOnly, boolean oco,
    boolean exitsHoldBalance, boolean ocoStopAmend) {

  /** A venue that rests everything (the test doubles' default). */
  public static final VenueCapabilities ALL = new VenueCapabilities(true, true, true, true);

  /**
   * The paper venue's ({@link PaperMatchingEngine}: stops trigger on the price feed; reduce-only enforced at fill time
   * against the venue entity's positions, {@link PaperVenue}; no OCO).
   */
  public static final VenueCapabilities PAPER = new VenueCapabilities(true, true, true, false);

  /** A venue whose open exits do not hold the balance and whose OCO's stop, if it has one, cannot be amended. */
  public VenueCapabilities(boolean stop, boolean stopLimit, boolean reduceOnly, boolean oco) {
    this(stop, stopLimit, reduceOnly, oco, false, false);
  }

  /**
   * True when a trade's target cannot rest beside its stop: each would hold the whole position's balance and there is
   * no native OCO to rest them as one order. The stop rests; position management closes on the target.
   */
  public boolean targetVirtual() {
    return exitsHoldBalance && !oco;
  }

  /** True when it can rest a stop of some kind for the position. */
  public boolean restsStops() {
    return stop || stopLimit;
  }

  @Override
  public String toString() {
    return "stop=" + stop + " stop_limit=" + stopLimit + " reduce_only=" + reduceOnly + " oco=" + oco
        + " exits_hold_balance=" + exitsHoldBalance + (ocoStopAmend ? " oco_stop_amend=true" : "");
  }
}
