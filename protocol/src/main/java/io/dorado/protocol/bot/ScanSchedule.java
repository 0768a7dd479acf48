package io.dorado.protocol.bot;

import io.dorado.protocol.market.TradingCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a bot's scans run ({@code signal_source.schedule}), parsed strictly from its text:
 * <ul>
 *   <li>{@code every 30s}, {@code every 5m}, {@code every 2h}, {@code every 1d}: from every second to daily, on the
 *   multiples of the period since the epoch (so a scanner that moved to another node keeps the beat);</li>
 *   <li>{@code daily at 15:30 America/New_York}: once a day at that wall-clock time (zone omitted: the venue calendar's);</li>
 *   <li>{@code cron 0,30 9-16 * * MON-FRI America/New_York}: the five classic cron fields (minute, hour, day of month,
 *   month, day of week; {@code *}, {@code a-b}, {@code /n}, lists, names), zone optional as above;</li>
 *   <li>{@code market_open} (also {@code daily_market_open}): at each session's open by the venue's calendar.</li>
 * </ul>
 * A time when the venue's calendar is closed is skipped: the next time is the first one inside a session. A wall-clock
 * time that a DST change skips does not happen that day.
 */
public final class ScanSchedule {
  private static final Pattern EVERY = Pattern.compile("every\\s+([1-9][0-9]{0,5})([smhd])");
  private static final Pattern DAILY = Pattern.compile("daily\\s+at\\s+([0-9]{1,2}):([0-9]{2})(?:\\s+(\\S+))?");
  private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
      Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
      Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
  private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5,
      "SAT", 6);
  /** How many times a closed market may push the next time on before the schedule is said to have none. */
  private static final int MAX_SKIPS = 1000;

  private enum Kind { EVERY, CRON, MARKET_OPEN }

  private final String text;
  private final Kind kind;
  private final Duration period;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek; // 0 = Sunday
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;
  private final ZoneId zone; // null: the calendar's

  private ScanSchedule(String text, Kind kind, Duration period, BitSet[] fields, boolean anyDom, boolean anyDow,
      ZoneId zone) {
    this.text = text;
    this.kind = kind;
    this.period = period;
    this.minutes = fields == null ? null : fields[0];
    this.hours = fields == null ? null : fields[1];
    this.daysOfMonth = fields == null ? null : fields[2];
    this.months = fields == null ? null : fields[3];
    this.daysOfWeek = fields == null ? null : fields[4];
    this.anyDayOfMonth = anyDom;
    this.anyDayOfWeek = anyDow;
    this.zone = zone;
  }

  /** Every {@code period} on its multiples since the epoch (the fleet's default scan interval is one). */
  public static ScanSchedule every(Duration period) {
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("a period must be positive");
    String text = period.toMillis() % 1000 == 0 ? period.toSeconds() + "s" : period.toMillis() + "ms";
    return new ScanSchedule("every " + text, Kind.EVERY, period, null, true, true, null);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException what is wrong with it, and the forms that are understood
   */
  public static ScanSchedule parse(String text) {
    String t = text == null ? "" : text.trim().replaceAll("\\s+", " ");
    String lower = t.toLowerCase(Locale.ROOT);
    Matcher every = EVERY.matcher(lower);
    if (every.matches()) {
      long n = Long.parseLong(every.group(1));
      Duration p = switch (every.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      if (p.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("'" + t + "': at most daily (every 1d); for a day of the week use cron");
      }
      return new ScanSchedule(t, Kind.EVERY, p, null, true, true, null);
    }
    Matcher daily = DAILY.matcher(t);
    if (daily.matches()) {
      int h = Integer.parseInt(daily.group(1)), m = Integer.parseInt(daily.group(2));
      if (h > 23 || m > 59) throw new IllegalArgumentException("'" + t + "': no such time of day (00:00 to 23:59)");
      BitSet[] fields = {bits(m), bits(h), range(1, 31), range(1, 12), range(0, 6)};
      return new ScanSchedule(t, Kind.CRON, null, fields, true, true, zone(daily.group(3), t));
    }
    if (lower.startsWith("cron ")) return cron(t);
    if (lower.equals("market_open") || lower.equals("daily_market_open")) {
      return new ScanSchedule(lower, Kind.MARKET_OPEN, null, null, true, true, null);
    }
    throw new IllegalArgumentException("'" + t + "' is not a schedule (known: every <n>s|m|h|d, daily at HH:MM [zone], "
        + "cron <minute> <hour> <day-of-month> <month> <day-of-week> [zone], market_open)");
  }

  private static ScanSchedule cron(String t) {
    String[] parts = t.split(" ");
    if (parts.length != 6 && parts.length != 7) {
      throw new IllegalArgumentException("'" + t + "': cron takes five fields (minute hour day-of-month month "
          + "day-of-week) and an optional time zone");
    }
    BitSet[] fields = {
      field(parts[1], "minute", 0, 59, Map.of(), t),
      field(parts[2], "hour", 0, 23, Map.of(), t),
      field(parts[3], "day-of-month", 1, 31, Map.of(), t),
      field(parts[4], "month", 1, 12, MONTHS, t),
      field(parts[5], "day-of-week", 0, 7, DAYS, t)};
    if (fields[4].get(7)) { // 7 is Sunday too
      fields[4].clear(7);
      fields[4].set(0);
    }
    ZoneId zone = parts.length == 7 ? zone(parts[6], t) : null;
    return new ScanSchedule(t, Kind.CRON, null, fields, parts[3].equals("*"), parts[5].equals("*"), zone);
  }

  private static BitSet field(String spec, String name, int lo, int hi, Map<String, Integer> names, String t) {
    BitSet out = new BitSet();
    for (String item : spec.split(",", -1)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step = number(item.substring(slash + 1), name, 1, hi - lo + 1, Map.of(), t);
      }
      int from, to;
      if (range.equals("*")) {
        from = lo;
        to = hi;
      } else if (range.indexOf('-') > 0) {
        from = number(range.substring(0, range.indexOf('-')), name, lo, hi, names, t);
        to = number(range.substring(range.indexOf('-') + 1), name, lo, hi, names, t);
        if (to < from) throw new IllegalArgumentException("'" + t + "': " + name + " range '" + range + "' runs backwards");
      } else {
        from = number(range, name, lo, hi, names, t);
        to = slash >= 0 ? hi : from;
      }
      for (int v = from; v <= to; v += step) out.set(v);
    }
    return out;
  }

  private static int number(String s, String name, int lo, int hi, Map<String, Integer> names, String t) {
    Integer named = names.get(s.toUpperCase(Locale.ROOT));
    if (named != null) return named;
    try {
      int v = Integer.parseInt(s);
      if (v >= lo && v <= hi) return v;
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("'" + t + "': " + name + " '" + s + "' is not a number from " + lo + " to " + hi
        + (names.isEmpty() ? "" : " or a name (" + String.join(", ", new java.util.TreeSet<>(names.keySet())) + ")"));
  }

  private static ZoneId zone(String id, String t) {
    if (id == null) return null;
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + t + "': unknown time zone '" + id + "' (a region such as America/New_York)");
    }
  }

  private static BitSet bits(int v) {
    BitSet b = new BitSet();
    b.set(v);
    return b;
  }

  private static BitSet range(int lo, int hi) {
    BitSet b = new BitSet();
    b.set(lo, hi + 1);
    return b;
  }

  public String text() {
    return text;
  }

  /**
   * The first time strictly after {@code after} this schedule runs, skipping the times {@code calendar} is closed
   * (null: none skipped; its zone is the default one of {@code daily} and {@code cron}); empty when there is none
   * within {@link #MAX_SKIPS} sessions.
   */
  public Optional<Instant> next(Instant after, TradingCalendar calendar) {
    Instant t = raw(after, calendar);
    for (int i = 0; i < MAX_SKIPS && t != null; i++) {
      if (calendar == null || calendar.isOpen(t)) return Optional.of(t);
      Instant open = calendar.nextSession(t).open().toInstant();
      t = raw(open.minusNanos(1), calendar); // at or after the next open
    }
    return Optional.empty();
  }

  private Instant raw(Instant after, TradingCalendar calendar) {
    return switch (kind) {
      case EVERY -> {
        long p = period.toNanos();
        long sinceEpoch = ChronoUnit.NANOS.between(Instant.EPOCH, after);
        yield Instant.EPOCH.plusNanos((Math.floorDiv(sinceEpoch, p) + 1) * p);
      }
      case MARKET_OPEN -> {
        if (calendar == null) yield after.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)); // midnight UTC
        Instant open = calendar.nextSession(after).open().toInstant();
        yield open.isAfter(after) ? open : calendar.nextSession(calendar.nextSession(after).close().toInstant())
            .open().toInstant();
      }
      case CRON -> nextCron(after, zone != null ? zone : calendar != null ? calendar.zone() : ZoneOffset.UTC);
    };
  }

  private Instant nextCron(Instant after, ZoneId z) {
    LocalDateTime start = LocalDateTime.ofInstant(after, z).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = start.toLocalDate();
    for (int d = 0; d < 366 * 5; d++, day = day.plusDays(1)) {
      if (!months.get(day.getMonthValue()) || !dayMatches(day)) continue;
      for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
        for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
          LocalDateTime local = day.atTime(h, m);
          if (local.isBefore(start)) continue;
          if (z.getRules().getValidOffsets(local).isEmpty()) continue; // skipped by a DST change
          Instant at = local.atZone(z).toInstant();
          if (at.isAfter(after)) return at;
        }
      }
    }
    return null;
  }

  /** Classic cron: with both day fields restricted a day matching either runs; otherwise the restricted one decides. */
  private boolean dayMatches(LocalDate day) {
    boolean dom = daysOfMonth.get(day.getDayOfMonth());
    boolean dow = daysOfWeek.get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
    if (anyDayOfMonth && anyDayOfWeek) return true;
    if (anyDayOfMonth) return dow;
    if (anyDayOfWeek) return dom;
    return dom || dow;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScanSchedule s && s.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
