package io.dorado.fleet.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dorado.cluster.ops.ProfitReport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** /weekly and /monthly add the read side's days up by ISO week and by month; a period without trades shows 0. */
class ProfitPeriodsTest {
  private static final LocalDate SUNDAY = LocalDate.parse("2026-12-06");

  private static ProfitReport.Day day(String date, String pnl, int trades) {
    return new ProfitReport.Day(LocalDate.parse(date), new BigDecimal(pnl), trades);
  }

  @Test
  @DisplayName("weeks run Monday to Sunday; a week without trades is listed with 0")
  void weeks() {
    assertEquals(LocalDate.parse("2026-11-16"), ProfitPeriods.WEEKS.firstDay(SUNDAY, 3));
    assertEquals(21, ProfitPeriods.WEEKS.daysToAsk(SUNDAY, 3));
    var report = new ProfitReport(21, new BigDecimal("-4.50"), 3, List.of(
        day("2026-11-16", "12.00", 1), day("2026-11-30", "-20.00", 1), day("2026-12-06", "3.50", 1)));
    assertEquals("""
        P&L by week (UTC), last 3 weeks: -4.50 (3 trades)
        week of 2026-11-30 -16.50 (2)
        week of 2026-11-23 0.00 (0)
        week of 2026-11-16 12.00 (1)""", ProfitPeriods.WEEKS.text(report, SUNDAY, 3));
  }

  @Test
  @DisplayName("months are calendar months; beyond what the read side keeps, the oldest is said to be partial")
  void months() {
    assertEquals(LocalDate.parse("2026-10-01"), ProfitPeriods.MONTHS.firstDay(SUNDAY, 3));
    assertEquals(67, ProfitPeriods.MONTHS.daysToAsk(SUNDAY, 3));
    var report = new ProfitReport(67, new BigDecimal("30.00"), 2, List.of(
        day("2026-10-31", "10.00", 1), day("2026-12-01", "20.00", 1)));
    assertEquals("""
        P&L by month (UTC), last 3 months: 30.00 (2 trades)
        2026-12 20.00 (1)
        2026-11 0.00 (0)
        2026-10 10.00 (1)""", ProfitPeriods.MONTHS.text(report, SUNDAY, 3));
    LocalDate lastDayOfLeapYear = LocalDate.parse("2028-12-31");
    assertEquals(365, ProfitPeriods.MONTHS.daysToAsk(lastDayOfLeapYear, 12));
    var year = new ProfitReport(365, BigDecimal.ZERO, 0, List.of());
    assertEquals("P&L by month (UTC), last 12 months: 0.00 (0 trades); the read side keeps 365 days, so from 2028-01-02",
        ProfitPeriods.MONTHS.text(year, lastDayOfLeapYear, 12).lines().findFirst().orElseThrow());
  }
}
