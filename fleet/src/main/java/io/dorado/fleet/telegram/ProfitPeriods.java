package io.dorado.fleet.telegram;

import io.dorado.cluster.ops.ProfitReport;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Realized P&L by ISO week (from Monday) or by calendar month, UTC, added up from the read side's days: freqtrade's
 * {@code /weekly} and {@code /monthly}. The read side keeps at most {@link #MAX_DAYS} days, so the oldest period of a
 * long request may be partial, and says so.
 */
enum ProfitPeriods {
  WEEKS("week", 52, d -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), d -> d.minusWeeks(1)),
  MONTHS("month", 12, d -> d.withDayOfMonth(1), d -> d.minusMonths(1));

  static final int MAX_DAYS = 365;

  final String unit;
  final int max;
  private final Function<LocalDate, LocalDate> start;
  private final Function<LocalDate, LocalDate> previous;

  ProfitPeriods(String unit, int max, Function<LocalDate, LocalDate> start, Function<LocalDate, LocalDate> previous) {
    this.unit = unit;
    this.max = max;
    this.start = start;
    this.previous = previous;
  }

  /** The first day of the oldest of {@code n} periods ending with the one holding {@code today}. */
  LocalDate firstDay(LocalDate today, int n) {
    LocalDate first = start.apply(today);
    for (int i = 1; i < n; i++) first = previous.apply(first);
    return first;
  }

  /** The days of read side to ask for: from the first day to today, within what it keeps. */
  int daysToAsk(LocalDate today, int n) {
    return (int) Math.min(MAX_DAYS, ChronoUnit.DAYS.between(firstDay(today, n), today) + 1);
  }

  /** The last {@code n} periods of {@code report}, the newest day of the report being today; empty ones shown as 0. */
  String text(ProfitReport report, LocalDate today, int n) {
    LocalDate first = firstDay(today, n);
    LocalDate covered = today.minusDays(report.days() - 1L);
    TreeMap<LocalDate, BigDecimal> pnl = new TreeMap<>();
    TreeMap<LocalDate, Integer> trades = new TreeMap<>();
    for (LocalDate p = first; !p.isAfter(today); p = next(p)) {
      pnl.put(p, BigDecimal.ZERO);
      trades.put(p, 0);
    }
    BigDecimal total = BigDecimal.ZERO;
    int count = 0;
    for (ProfitReport.Day d : report.byDay()) {
      if (d.date().isBefore(first) || d.date().isAfter(today)) continue;
      LocalDate p = start.apply(d.date());
      pnl.merge(p, d.realizedPnl(), BigDecimal::add);
      trades.merge(p, d.trades(), Integer::sum);
      total = total.add(d.realizedPnl());
      count += d.trades();
    }
    List<String> lines = new ArrayList<>();
    lines.add("P&L by " + unit + " (UTC), last " + n + " " + unit + (n == 1 ? "" : "s") + ": " + Texts.money(total)
        + " (" + count + " trade" + (count == 1 ? "" : "s") + ")"
        + (covered.isAfter(first) ? "; the read side keeps " + MAX_DAYS + " days, so from " + covered : ""));
    pnl.descendingMap().forEach((p, v) -> lines.add(label(p) + " " + Texts.money(v) + " (" + trades.get(p) + ")"));
    return String.join("\n", lines);
  }

  private LocalDate next(LocalDate periodStart) {
    return this == WEEKS ? periodStart.plusWeeks(1) : periodStart.plusMonths(1);
  }

  private String label(LocalDate periodStart) {
    return this == WEEKS ? "week of " + periodStart : periodStart.toString().substring(0, 7);
  }
}
