package io.dorado.cluster.ops;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Realized P&L per day over the last {@code days} days (UTC), with closed trade counts. */
public record ProfitReport(int days, BigDecimal total, int trades, List<Day> byDay) {

  public record Day(LocalDate date, BigDecimal realizedPnl, int trades) {}
}
