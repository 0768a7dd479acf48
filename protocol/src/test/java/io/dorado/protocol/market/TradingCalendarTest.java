package io.dorado.protocol.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The built-in calendars: US sessions with NYSE's holidays and early closes, FX 24x5, crypto 24/7, DST. */
class TradingCalendarTest {
  private static final TradingCalendar US = TradingCalendars.US_EQUITIES;
  private static final TradingCalendar OPTIONS = TradingCalendars.US_OPTIONS;
  private static final TradingCalendar FX = TradingCalendars.FX;
  private static final TradingCalendar CRYPTO = TradingCalendars.CRYPTO;

  private static Instant ny(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TradingCalendars.NEW_YORK).toInstant();
  }

  @Test
  void aRegularDayTradesFromNineThirtyToFourNewYorkTimeHalfOpen() {
    assertFalse(US.isOpen(ny("2026-12-07T09:29:59")));
    assertTrue(US.isOpen(ny("2026-12-07T09:30:00")));
    assertTrue(US.isOpen(ny("2026-12-07T15:59:59")));
    assertFalse(US.isOpen(ny("2026-12-07T16:00:00")), "the close itself is closed");
    assertEquals("us-equities closed (after the close); next session opens Tue 2026-12-08 09:30 America/New_York",
        US.describe(ny("2026-12-07T16:00:00")));
  }

  @Test
  void theDayAfterThanksgiving2026ClosesAtOnePm() {
    var session = OPTIONS.session(LocalDate.parse("2026-11-27")).orElseThrow();
    assertEquals(ny("2026-11-27T13:00:00"), session.close().toInstant());
    assertTrue(OPTIONS.isOpen(ny("2026-11-27T12:59:00")));
    assertFalse(OPTIONS.isOpen(ny("2026-11-27T13:00:00")));
    assertEquals("us-options closed (after the close, day after Thanksgiving: early close 13:00); next session opens "
        + "Mon 2026-11-30 09:30 America/New_York", OPTIONS.describe(ny("2026-11-27T14:00:00")));
    assertEquals("us-options open until Fri 2026-11-27 13:00 America/New_York (day after Thanksgiving: early close 13:00)",
        OPTIONS.describe(ny("2026-11-27T10:00:00")));
  }

  @Test
  void christmas2026IsClosedAllDayAndChristmasEveClosesEarly() {
    assertTrue(US.session(LocalDate.parse("2026-12-25")).isEmpty());
    assertFalse(US.isOpen(ny("2026-12-25T11:00:00")));
    assertEquals("us-equities closed (Christmas Day); next session opens Mon 2026-12-28 09:30 America/New_York",
        US.describe(ny("2026-12-25T11:00:00")));
    assertEquals(ny("2026-12-24T13:00:00"), US.session(LocalDate.parse("2026-12-24")).orElseThrow().close().toInstant());
  }

  @Test
  void everyPublishedHolidayOf2025To2027IsAWeekdayWithoutASession() {
    assertEquals(31, TradingCalendars.US_HOLIDAYS.size());
    for (LocalDate d : TradingCalendars.US_HOLIDAYS.keySet()) {
      assertTrue(d.getDayOfWeek().getValue() <= 5, d + " is a weekday");
      assertFalse(US.isTradingDay(d), d.toString());
    }
    // observed days: Independence Day 2026 on Friday July 3, Christmas 2027 on Friday December 24
    assertFalse(US.isTradingDay(LocalDate.parse("2026-07-03")));
    assertFalse(US.isTradingDay(LocalDate.parse("2027-12-24")));
    // New Year's Day 2028 falls on a Saturday: NYSE observes nothing, Friday 2027-12-31 trades
    assertTrue(US.isTradingDay(LocalDate.parse("2027-12-31")));
    assertEquals(6, TradingCalendars.US_EARLY_CLOSES.size());
  }

  @Test
  void theSessionKeepsItsNewYorkHoursAcrossDaylightSavingChanges() {
    // 2026-03-08 US clocks spring forward: 09:30 EST is 14:30Z on Friday, 09:30 EDT is 13:30Z on Monday
    assertEquals(Instant.parse("2026-03-06T14:30:00Z"), US.session(LocalDate.parse("2026-03-06")).orElseThrow().open().toInstant());
    assertEquals(Instant.parse("2026-03-09T13:30:00Z"), US.session(LocalDate.parse("2026-03-09")).orElseThrow().open().toInstant());
    assertTrue(US.isOpen(Instant.parse("2026-03-09T13:45:00Z")));
    assertFalse(US.isOpen(Instant.parse("2026-03-06T14:15:00Z")));
    // 2026-11-01 they fall back: 16:00 EDT is 20:00Z on Friday, 16:00 EST is 21:00Z on Monday
    assertTrue(US.isOpen(Instant.parse("2026-11-02T20:30:00Z")));
    assertFalse(US.isOpen(Instant.parse("2026-10-30T20:30:00Z")));
    // FX opens at 17:00 New York on the Sunday of the change too (21:00Z after spring forward, 22:00Z after fall back)
    assertFalse(FX.isOpen(Instant.parse("2026-03-08T20:59:00Z")));
    assertTrue(FX.isOpen(Instant.parse("2026-03-08T21:00:00Z")));
    assertFalse(FX.isOpen(Instant.parse("2026-11-01T21:30:00Z")));
    assertTrue(FX.isOpen(Instant.parse("2026-11-01T22:00:00Z")));
  }

  @Test
  void fxTradesFromSundayFivePmToFridayFivePmNewYork() {
    assertFalse(FX.isOpen(ny("2026-12-04T17:00:00")), "Friday 17:00: the week is over");
    assertTrue(FX.isOpen(ny("2026-12-04T16:59:00")));
    assertFalse(FX.isOpen(ny("2026-12-05T12:00:00")), "Saturday");
    assertFalse(FX.isOpen(ny("2026-12-06T16:59:00")), "Sunday before the open");
    assertTrue(FX.isOpen(ny("2026-12-06T17:00:00")), "Sunday 17:00: Monday's session opens");
    assertTrue(FX.isOpen(ny("2026-12-08T17:00:00")), "Tuesday 17:00 rolls into Wednesday's session without a gap");
    assertEquals(LocalDate.parse("2026-12-07"), FX.sessionAt(ny("2026-12-06T20:00:00")).orElseThrow().day());
    assertEquals("fx closed (weekend); next session opens Sun 2026-12-06 17:00 America/New_York",
        FX.describe(ny("2026-12-05T12:00:00")));
  }

  @Test
  void cryptoIsAlwaysOpen() {
    for (Instant t : new Instant[] {ny("2026-12-25T03:00:00"), ny("2026-12-05T12:00:00"), Instant.parse("2026-03-08T07:00:00Z"),
        Instant.parse("2026-12-31T23:59:59Z"), Instant.parse("2027-01-01T00:00:00Z")}) {
      assertTrue(CRYPTO.isOpen(t), t.toString());
    }
    assertTrue(CRYPTO.alwaysOpen());
    assertEquals("crypto open (trades around the clock)", CRYPTO.describe(Instant.parse("2026-12-05T12:00:00Z")));
    assertEquals(ZoneId.of("UTC"), CRYPTO.zone());
    assertEquals(7, CRYPTO.tradingDaysBetween(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-08")));
  }

  @Test
  void anExpiryOnAHolidayRollsToTheTradingDayBefore() {
    // Good Friday 2026-04-03: a monthly expiration on that Friday expires on Thursday 04-02, as the exchanges roll it
    assertEquals(LocalDate.parse("2026-04-02"), OPTIONS.onOrBefore(LocalDate.parse("2026-04-03")));
    assertEquals(LocalDate.parse("2026-12-24"), OPTIONS.onOrBefore(LocalDate.parse("2026-12-25")));
    assertEquals(LocalDate.parse("2026-12-18"), OPTIONS.onOrBefore(LocalDate.parse("2026-12-18")));
  }

  @Test
  void tradingDaysSkipWeekendsAndHolidays() {
    // Mon 2026-12-21 .. Mon 2026-12-28: Tue, Wed, Thu, Thu-early-close 24th counts, Fri 25th does not, Mon 28th
    assertEquals(4, US.tradingDaysBetween(LocalDate.parse("2026-12-21"), LocalDate.parse("2026-12-28")));
    assertEquals(0, US.tradingDaysBetween(LocalDate.parse("2026-12-28"), LocalDate.parse("2026-12-21")));
  }

  @Test
  void anUnderlyingDefaultsToItsAssetClassCalendarAndRefusesAnUnknownOne() {
    assertEquals("us-options", new Underlying("AAPL", AssetClass.EQUITY_OPTIONS, "paper", "USD").calendar());
    assertEquals("us-equities", new Underlying("MSFT", AssetClass.EQUITY, "paper", "USD").calendar());
    assertEquals("fx", new Underlying("EUR", AssetClass.FX, "paper", "USD").calendar());
    assertEquals("crypto", new Underlying("BTC", AssetClass.CRYPTO, "paper", "USD").tradingCalendar().id());
    assertEquals("crypto", new Underlying("X", AssetClass.EQUITY, "paper", "USD", null, "crypto").calendar());
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Underlying("AAPL", AssetClass.EQUITY, "paper", "USD", null, "nyse"));
    assertEquals("calendar: unknown calendar 'nyse' (known: us-equities, us-options, fx, crypto)", e.getMessage());
  }
}
