package io.dorado.protocol.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.market.TradingCalendars;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A bot's scan schedule: when it runs next after a given instant (a manual clock), by its venue's calendar. */
class ScanScheduleTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");

  private static Instant ny(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), NY).toInstant();
  }

  private static Instant next(String schedule, Instant after, io.dorado.protocol.market.TradingCalendar calendar) {
    return ScanSchedule.parse(schedule).next(after, calendar).orElseThrow();
  }

  @Test
  void every_n_seconds_runs_on_the_multiples_of_its_period_so_a_moved_scanner_keeps_the_beat() {
    Instant t = Instant.parse("2026-12-07T18:00:07Z");
    assertEquals(Instant.parse("2026-12-07T18:00:30Z"), next("every 30s", t, null));
    assertEquals(Instant.parse("2026-12-07T18:01:00Z"), next("every 30s", Instant.parse("2026-12-07T18:00:30Z"), null));
    assertEquals(Instant.parse("2026-12-07T18:05:00Z"), next("every 5m", t, null));
    assertEquals(Instant.parse("2026-12-08T00:00:00Z"), next("every 1d", t, null));
    assertEquals(Instant.parse("2026-12-07T18:00:30Z"), next("every 30s", t, TradingCalendars.CRYPTO)); // 24/7
  }

  @Test
  void daily_at_a_time_runs_at_that_wall_clock_time_in_its_zone_across_a_dst_change() {
    // 2026-03-08: New York moves from EST (UTC-5) to EDT (UTC-4).
    assertEquals(Instant.parse("2026-03-06T20:30:00Z"), next("daily at 15:30 America/New_York", ny("2026-03-06T12:00"), null));
    assertEquals(Instant.parse("2026-03-09T19:30:00Z"), next("daily at 15:30 America/New_York", ny("2026-03-08T16:00"), null));
  }

  @Test
  void a_time_the_venues_market_is_closed_is_skipped_to_the_first_one_in_a_session() {
    // Friday 2026-12-04 after the close: the next 15:30 in a session is Monday's.
    assertEquals(ny("2026-12-07T15:30"), next("daily at 15:30", ny("2026-12-04T16:10"), TradingCalendars.US_EQUITIES));
    // Christmas Day 2026 is a Friday holiday: from Thursday evening, Monday 28th.
    assertEquals(ny("2026-12-28T15:30"), next("daily at 15:30", ny("2026-12-24T17:00"), TradingCalendars.US_EQUITIES));
    // every 30 s over a weekend: the first beat at Monday's open.
    assertEquals(ny("2026-12-07T09:30"), next("every 30s", ny("2026-12-04T16:00"), TradingCalendars.US_EQUITIES));
    // The day after Thanksgiving closes at 13:00: its 15:30 is skipped.
    assertEquals(ny("2026-11-30T15:30"), next("daily at 15:30", ny("2026-11-27T09:00"), TradingCalendars.US_EQUITIES));
  }

  @Test
  void cron_reads_the_five_classic_fields_with_names_ranges_steps_and_a_zone() {
    String cron = "cron */15 10-11 * * MON-FRI America/New_York";
    assertEquals(ny("2026-12-07T10:00"), next(cron, ny("2026-12-07T09:59"), null));
    assertEquals(ny("2026-12-07T10:15"), next(cron, ny("2026-12-07T10:00"), null));
    assertEquals(ny("2026-12-08T10:00"), next(cron, ny("2026-12-07T11:45"), null));
    assertEquals(ny("2026-12-14T10:00"), next(cron, ny("2026-12-11T11:50"), null)); // Friday → Monday
    assertEquals(Instant.parse("2027-01-01T00:05:00Z"), next("cron 5 0 1 JAN *", Instant.parse("2026-06-01T00:00:00Z"), null));
    // Day of month and day of week both restricted: either matches (the 13th, or a Friday).
    assertEquals(Instant.parse("2026-12-11T00:00:00Z"), next("cron 0 0 13 * FRI", Instant.parse("2026-12-07T00:00:00Z"), null));
    assertEquals(Instant.parse("2026-12-06T00:00:00Z"), next("cron 0 0 * * 7", Instant.parse("2026-12-05T12:00:00Z"), null));
  }

  @Test
  void market_open_runs_at_each_sessions_open_by_the_calendar() {
    assertEquals(ny("2026-12-07T09:30"), next("market_open", ny("2026-12-04T09:31"), TradingCalendars.US_EQUITIES));
    assertEquals(ny("2026-12-04T09:30"), next("daily_market_open", ny("2026-12-04T08:00"), TradingCalendars.US_EQUITIES));
  }

  @Test
  void a_schedule_that_is_not_understood_says_what_is_wrong_and_what_is_known() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("every fortnight")).getMessage()
        .contains("known: every <n>s|m|h|d"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("every 2d")).getMessage()
        .contains("at most daily"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("daily at 25:00")).getMessage()
        .contains("no such time of day"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("daily at 15:30 Mars/Olympus"))
        .getMessage().contains("unknown time zone 'Mars/Olympus'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("cron 61 * * * *")).getMessage()
        .contains("minute '61' is not a number from 0 to 59"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("cron * * * *")).getMessage()
        .contains("five fields"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ScanSchedule.parse("cron * * * * FUNDAY")).getMessage()
        .contains("day-of-week 'FUNDAY'"));
  }

  @Test
  void a_signal_source_checks_its_schedule_and_an_on_demand_one_has_none() {
    assertEquals("", new SignalSource(null, "every_scan").schedule()); // the fleet's interval, as the demo names it
    assertEquals(SignalSource.DEFAULT, new SignalSource(SignalSource.Type.SCHEDULED, null));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SignalSource(SignalSource.Type.SCHEDULED, "hourly"))
        .getMessage().startsWith("schedule: 'hourly' is not a schedule"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SignalSource(SignalSource.Type.ON_DEMAND, "every 1m"))
        .getMessage().startsWith("schedule: an on_demand bot"));
  }
}
