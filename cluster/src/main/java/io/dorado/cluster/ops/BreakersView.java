package io.dorado.cluster.ops;

import io.dorado.protocol.risk.DenialReason;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;

/**
 * The guardian's circuit breakers now: measured losses (percent of equity), the run of losing trades,
 * the sizing multiplier they impose, the first breach (reason and detail, or null) and the trading
 * state it implies (or null).
 */
public record BreakersView(BigDecimal dailyLossPct, BigDecimal weeklyLossPct, BigDecimal drawdownPct,
    int consecutiveLosses, BigDecimal sizingMultiplier, DenialReason breach, String breachDetail,
    TradingState impliedState) {}
