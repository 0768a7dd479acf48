package io.dorado.protocol.market;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in calendars an underlying may name ({@code calendar:} in universe.yaml), and the one each asset class
 * uses by default.
 *
 * <p>US holidays and early closes are NYSE Group's published list for 2025, 2026 and 2027 (press releases "NYSE Group
 * Announces 2025, 2026 and 2027 Holiday and Early Closings Calendar", 2024-11-08, and "... 2026, 2027 and 2028 ...",
 * 2025-12-23), which covers NYSE American and NYSE Arca Options as well; Cboe observes the same holidays. Early
 * closes are at 13:00 New York (13:15 for "eligible" index options, which this calendar does not distinguish). The
 * unscheduled closing of 2025-01-09 (national day of mourning for President Carter) is included.
 */
public final class TradingCalendars {
  private TradingCalendars() {}

  public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final EnumSet<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
  private static final LocalTime ONE_PM = LocalTime.of(13, 0);

  /** NYSE holidays, 2025-2027. */
  static final Map<LocalDate, String> US_HOLIDAYS = holidays(
      "2025-01-01", "New Year's Day",
      "2025-01-09", "National Day of Mourning for President Carter",
      "2025-01-20", "Martin Luther King, Jr. Day",
      "2025-02-17", "Washington's Birthday",
      "2025-04-18", "Good Friday",
      "2025-05-26", "Memorial Day",
      "2025-06-19", "Juneteenth National Independence Day",
      "2025-07-04", "Independence Day",
      "2025-09-01", "Labor Day",
      "2025-11-27", "Thanksgiving Day",
      "2025-12-25", "Christmas Day",
      "2026-01-01", "New Year's Day",
      "2026-01-19", "Martin Luther King, Jr. Day",
      "2026-02-16", "Washington's Birthday",
      "2026-04-03", "Good Friday",
      "2026-05-25", "Memorial Day",
      "2026-06-19", "Juneteenth National Independence Day",
      "2026-07-03", "Independence Day (observed)",
      "2026-09-07", "Labor Day",
      "2026-11-26", "Thanksgiving Day",
      "2026-12-25", "Christmas Day",
      "2027-01-01", "New Year's Day",
      "2027-01-18", "Martin Luther King, Jr. Day",
      "2027-02-15", "Washington's Birthday",
      "2027-03-26", "Good Friday",
      "2027-05-31", "Memorial Day",
      "2027-06-18", "Juneteenth National Independence Day (observed)",
      "2027-07-05", "Independence Day (observed)",
      "2027-09-06", "Labor Day",
      "2027-11-25", "Thanksgiving Day",
      "2027-12-24", "Christmas Day (observed)");

  /** NYSE early closes (13:00 New York), 2025-2027. */
  static final Map<LocalDate, TradingCalendar.EarlyClose> US_EARLY_CLOSES = Map.of(
      LocalDate.parse("2025-07-03"), new TradingCalendar.EarlyClose(ONE_PM, "day before Independence Day"),
      LocalDate.parse("2025-11-28"), new TradingCalendar.EarlyClose(ONE_PM, "day after Thanksgiving"),
      LocalDate.parse("2025-12-24"), new TradingCalendar.EarlyClose(ONE_PM, "Christmas Eve"),
      LocalDate.parse("2026-11-27"), new TradingCalendar.EarlyClose(ONE_PM, "day after Thanksgiving"),
      LocalDate.parse("2026-12-24"), new TradingCalendar.EarlyClose(ONE_PM, "Christmas Eve"),
      LocalDate.parse("2027-11-26"), new TradingCalendar.EarlyClose(ONE_PM, "day after Thanksgiving"));

  /** NYSE cash equities: 09:30-16:00 New York, Monday to Friday, NYSE holidays and early closes. */
  public static final TradingCalendar US_EQUITIES = TradingCalendar.daily("us-equities",
      "NYSE regular session 09:30-16:00 America/New_York", NEW_YORK, WEEKDAYS, LocalTime.of(9, 30), LocalTime.of(16, 0),
      US_HOLIDAYS, US_EARLY_CLOSES, 2027);

  /** US listed equity options (Cboe): the equities' session, holidays and early closes. */
  public static final TradingCalendar US_OPTIONS = TradingCalendar.daily("us-options",
      "Cboe equity options regular session 09:30-16:00 America/New_York", NEW_YORK, WEEKDAYS, LocalTime.of(9, 30),
      LocalTime.of(16, 0), US_HOLIDAYS, US_EARLY_CLOSES, 2027);

  /** Spot FX: 24x5, Sunday 17:00 to Friday 17:00 New York (each trading day rolls at 17:00); no holidays listed. */
  public static final TradingCalendar FX = TradingCalendar.eveningToEvening("fx",
      "24x5 from Sunday 17:00 to Friday 17:00 America/New_York", NEW_YORK, WEEKDAYS, LocalTime.of(17, 0));

  /** Crypto: 24/7, trading days are UTC dates. */
  public static final TradingCalendar CRYPTO = TradingCalendar.always("crypto", "24/7");

  private static final Map<String, TradingCalendar> BY_ID = byId(List.of(US_EQUITIES, US_OPTIONS, FX, CRYPTO));

  /** The calendar called {@code id}, if it is a built-in one. */
  public static Optional<TradingCalendar> find(String id) {
    return Optional.ofNullable(id == null ? null : BY_ID.get(id));
  }

  /** The ids of the built-in calendars, in order. */
  public static List<String> ids() {
    return List.copyOf(BY_ID.keySet());
  }

  /** The calendar of an underlying of {@code assetClass} that names none. */
  public static TradingCalendar defaultFor(AssetClass assetClass) {
    return switch (assetClass) {
      case EQUITY -> US_EQUITIES;
      case EQUITY_OPTIONS -> US_OPTIONS;
      case FX -> FX;
      case CRYPTO -> CRYPTO;
    };
  }

  private static Map<LocalDate, String> holidays(String... dateAndName) {
    var out = new LinkedHashMap<LocalDate, String>();
    for (int i = 0; i < dateAndName.length; i += 2) out.put(LocalDate.parse(dateAndName[i]), dateAndName[i + 1]);
    return out;
  }

  private static Map<String, TradingCalendar> byId(List<TradingCalendar> all) {
    var out = new LinkedHashMap<String, TradingCalendar>();
    for (TradingCalendar c : all) out.put(c.id(), c);
    return out;
  }
}
