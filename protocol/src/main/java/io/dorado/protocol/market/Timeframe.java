package io.dorado.protocol.market;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bar length as templates write it: a whole number and a unit, {@code s}, {@code m}, {@code h} or {@code d} ({@code 1m},
 * {@code 5m}, {@code 1h}, {@code 1d}). Bars of a timeframe are aligned to the epoch (UTC days for {@code 1d}).
 */
public final class Timeframe {
  private Timeframe() {}

  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,4})([smhd])");

  /** The bar length {@code text} names; {@code IllegalArgumentException} saying the accepted form when it is not one. */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("must be a number and a unit s, m, h or d, e.g. 1m, 5m, 1h, 1d (was " + text + ")");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.compareTo(Duration.ofDays(7)) > 0) throw new IllegalArgumentException("must be at most 7d (was " + text + ")");
    return d;
  }

  /** The shortest label of {@code d} ({@code PT5M} is {@code 5m}, {@code PT24H} is {@code 1d}). */
  public static String label(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0) return s / 86_400 + "d";
    if (s % 3_600 == 0) return s / 3_600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }

  /**
   * The name a series of {@code symbol}'s bars of {@code timeframe} goes by in the market-data hub ({@code BTC@5m}); the
   * underlying's own bars (its source's length) go by the symbol alone.
   */
  public static String seriesKey(String symbol, Duration timeframe) {
    return timeframe == null ? symbol : symbol + "@" + label(timeframe);
  }
}
