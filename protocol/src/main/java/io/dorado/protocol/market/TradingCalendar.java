package io.dorado.protocol.market;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * When a market trades: its time zone, its regular session, the days it trades, its holidays and early closes.
 * Every session belongs to one trading day {@code d} and runs from the open to the close, both on the market's
 * wall clock (so a DST change moves the session in UTC, never on the clock): the open is on {@code d} itself, or
 * on the evening before for a market whose day starts the evening before (FX: Monday's session opens Sunday
 * 17:00 New York); the close is on {@code d}, or at the following midnight for a market that trades all day.
 * Sessions are half-open, [open, close): at the close the market is closed.
 *
 * <p>Holidays and early closes are listed for the years the exchange has published ({@link #listedThrough}); after
 * them only the weekly pattern applies (a day that will be a holiday counts as trading).
 */
public final class TradingCalendar {
  private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  /** One session of one trading day: [open, close). {@code note}: why it is unusual (an early close), or null. */
  public record Session(LocalDate day, ZonedDateTime open, ZonedDateTime close, String note) {
    public boolean contains(Instant t) {
      return !t.isBefore(open.toInstant()) && t.isBefore(close.toInstant());
    }
  }

  /** An early close: the day's session ends at {@code close} instead of the regular time. */
  public record EarlyClose(LocalTime close, String name) {}

  private final String id;
  private final String description;
  private final ZoneId zone;
  private final Set<DayOfWeek> days;
  private final LocalTime open;
  private final boolean opensEveningBefore;
  private final LocalTime close; // null: the day's session runs to the following midnight
  private final Map<LocalDate, String> holidays;
  private final Map<LocalDate, EarlyClose> earlyCloses;
  private final int listedThrough;

  private TradingCalendar(String id, String description, ZoneId zone, Set<DayOfWeek> days, LocalTime open,
      boolean opensEveningBefore, LocalTime close, Map<LocalDate, String> holidays, Map<LocalDate, EarlyClose> earlyCloses,
      int listedThrough) {
    this.id = id;
    this.description = description;
    this.zone = zone;
    this.days = Set.copyOf(days);
    this.open = open;
    this.opensEveningBefore = opensEveningBefore;
    this.close = close;
    this.holidays = Map.copyOf(holidays);
    this.earlyCloses = Map.copyOf(earlyCloses);
    this.listedThrough = listedThrough;
  }

  /** A market open on {@code days} from {@code open} to {@code close} (same day) in {@code zone}. */
  public static TradingCalendar daily(String id, String description, ZoneId zone, Set<DayOfWeek> days, LocalTime open,
      LocalTime close, Map<LocalDate, String> holidays, Map<LocalDate, EarlyClose> earlyCloses, int listedThrough) {
    if (!open.isBefore(close)) throw new IllegalArgumentException("open " + open + " must be before close " + close);
    return new TradingCalendar(id, description, zone, days, open, false, close, new TreeMap<>(holidays),
        new TreeMap<>(earlyCloses), listedThrough);
  }

  /**
   * A market whose trading day {@code d} (one of {@code days}) opens at {@code at} the evening before and closes at
   * {@code at} on {@code d}: with Monday..Friday, one continuous week from Sunday {@code at} to Friday {@code at}.
   */
  public static TradingCalendar eveningToEvening(String id, String description, ZoneId zone, Set<DayOfWeek> days,
      LocalTime at) {
    return new TradingCalendar(id, description, zone, days, at, true, at, Map.of(), Map.of(), 0);
  }

  /** A market that never closes. */
  public static TradingCalendar always(String id, String description) {
    return new TradingCalendar(id, description, ZoneId.of("UTC"), EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT,
        false, null, Map.of(), Map.of(), 0);
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The last year whose holidays and early closes are listed (0: none listed). */
  public int listedThrough() {
    return listedThrough;
  }

  public boolean alwaysOpen() {
    return close == null && days.size() == 7 && holidays.isEmpty();
  }

  /** The holiday on {@code day}, if the market is closed for one. */
  public Optional<String> holiday(LocalDate day) {
    return Optional.ofNullable(holidays.get(day));
  }

  /** Whether {@code day} has a session (its weekday trades and it is not a holiday). */
  public boolean isTradingDay(LocalDate day) {
    return days.contains(day.getDayOfWeek()) && !holidays.containsKey(day);
  }

  /** The session of trading day {@code day}; empty on a weekend or holiday. */
  public Optional<Session> session(LocalDate day) {
    if (!isTradingDay(day)) return Optional.empty();
    ZonedDateTime from = (opensEveningBefore ? day.minusDays(1) : day).atTime(open).atZone(zone);
    EarlyClose early = earlyCloses.get(day);
    ZonedDateTime to = early != null ? day.atTime(early.close()).atZone(zone)
        : close == null ? day.plusDays(1).atStartOfDay(zone) : day.atTime(close).atZone(zone);
    return Optional.of(new Session(day, from, to, early == null ? null : early.name() + ": early close "
        + HM.format(early.close())));
  }

  /** The session in progress at {@code t}, if any. */
  public Optional<Session> sessionAt(Instant t) {
    LocalDate local = t.atZone(zone).toLocalDate();
    for (LocalDate d = local.minusDays(1); !d.isAfter(local.plusDays(1)); d = d.plusDays(1)) {
      Optional<Session> s = session(d);
      if (s.isPresent() && s.get().contains(t)) return s;
    }
    return Optional.empty();
  }

  public boolean isOpen(Instant t) {
    return sessionAt(t).isPresent();
  }

  /** The next session that has not closed at {@code t} (the one in progress, if any). */
  public Session nextSession(Instant t) {
    LocalDate d = t.atZone(zone).toLocalDate().minusDays(1);
    for (int i = 0; i < 400; i++, d = d.plusDays(1)) {
      Optional<Session> s = session(d);
      if (s.isPresent() && s.get().close().toInstant().isAfter(t)) return s.get();
    }
    throw new IllegalStateException(id + " has no session within 400 days of " + t);
  }

  /**
   * Why the market is open or closed at {@code t}, in words: "open until 13:00 (Day after Thanksgiving: early close
   * 13:00)" or "closed (Christmas Day); next session opens Mon 2026-12-28 09:30 America/New_York".
   */
  public String describe(Instant t) {
    Optional<Session> now = sessionAt(t);
    if (now.isPresent()) {
      Session s = now.get();
      return id + " open" + (close == null && alwaysOpen() ? " (trades around the clock)"
          : " until " + at(s.close()) + (s.note() == null ? "" : " (" + s.note() + ")"));
    }
    LocalDate local = t.atZone(zone).toLocalDate();
    String why = holiday(local).map(h -> " (" + h + ")")
        .orElse(!days.contains(local.getDayOfWeek()) ? " (weekend)" : session(local).map(s ->
            t.isBefore(s.open().toInstant()) ? " (before the open)" : " (after the close" + (s.note() == null ? ""
                : ", " + s.note()) + ")").orElse(""));
    return id + " closed" + why + "; next session opens " + at(nextSession(t).open());
  }

  /**
   * The expiry an exchange uses for a listed {@code expiry} that falls on a day without a session: the trading day
   * before it (an expiration Friday that is a holiday expires on the Thursday). A trading day is returned as is.
   */
  public LocalDate onOrBefore(LocalDate expiry) {
    LocalDate d = expiry;
    for (int i = 0; i < 30 && !isTradingDay(d); i++) d = d.minusDays(1);
    return d;
  }

  /** The trading days after {@code from} up to and including {@code to} (0 when {@code to} is not after {@code from}). */
  public int tradingDaysBetween(LocalDate from, LocalDate to) {
    int n = 0;
    for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      if (isTradingDay(d)) n++;
    }
    return n;
  }

  private String at(ZonedDateTime z) {
    ZonedDateTime local = z.withZoneSameInstant(zone);
    return local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT) + " "
        + local.toLocalDate() + " " + HM.format(local) + " " + zone.getId();
  }

  @Override
  public String toString() {
    return id + " (" + description + ")";
  }
}
