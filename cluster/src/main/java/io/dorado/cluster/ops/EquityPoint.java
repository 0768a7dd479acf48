package io.dorado.cluster.ops;

import java.math.BigDecimal;
import java.time.Instant;

/** The account at one moment: equity (cash + marked positions) and cumulative realized P&amp;L. */
public record EquityPoint(Instant at, BigDecimal equity, BigDecimal realizedPnl) {}
