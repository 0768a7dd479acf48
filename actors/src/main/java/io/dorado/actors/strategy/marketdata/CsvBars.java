package io.dorado.actors.strategy.marketdata;

import io.dorado.protocol.market.Bar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads OHLCV bars from a CSV file with a header row: a time column ({@code date}, {@code time},
 * {@code datetime} or {@code timestamp}), {@code open}, {@code high}, {@code low}, {@code close} and
 * an optional {@code volume}, separated by commas or semicolons, in any order. Times may be dates
 * (a daily bar, ending at the next midnight UTC), ISO date-times, or epoch seconds/milliseconds (the
 * bar's end). Rows come out sorted by time; the bar length is the smallest gap between rows unless
 * given. A bad row fails with its line number.
 */
public final class CsvBars {
  private CsvBars() {}

  public static List<Bar> read(Path file, String symbol, Duration period) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.getFileName().toString(), symbol, period);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code period} may be null: it is then the smallest gap between consecutive rows. */
  public static List<Bar> read(Reader reader, String name, String symbol, Duration period) {
    var rows = new ArrayList<Row>();
    try (BufferedReader in = new BufferedReader(reader)) {
      String header = in.readLine();
      if (header == null) throw new IllegalArgumentException(name + ": empty file");
      String sep = header.contains(";") && !header.contains(",") ? ";" : ",";
      String[] cols = header.toLowerCase(Locale.ROOT).split(sep, -1);
      int time = -1, open = -1, high = -1, low = -1, close = -1, volume = -1;
      for (int i = 0; i < cols.length; i++) {
        switch (cols[i].trim().replace("\"", "")) {
          case "date", "time", "datetime", "timestamp" -> time = i;
          case "open" -> open = i;
          case "high" -> high = i;
          case "low" -> low = i;
          case "close" -> close = i;
          case "volume" -> volume = i;
          default -> { }
        }
      }
      if (time < 0 || open < 0 || high < 0 || low < 0 || close < 0) {
        throw new IllegalArgumentException(name + ":1: header needs date (or time/timestamp), open, high, low, close; was "
            + header);
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        String[] f = line.split(sep, -1);
        try {
          Stamp t = stamp(f[time].trim().replace("\"", ""));
          rows.add(new Row(n, t, num(f[open]), num(f[high]), num(f[low]), num(f[close]),
              volume >= 0 && volume < f.length && !f[volume].isBlank() ? num(f[volume]) : BigDecimal.ZERO));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(name + ":" + n + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows.sort(Comparator.comparing(r -> r.stamp.at));
    Duration p = period != null ? period : smallestGap(rows, name);
    var bars = new ArrayList<Bar>(rows.size());
    for (Row r : rows) {
      Instant end = r.stamp.dateOnly ? r.stamp.at.plus(Duration.ofDays(1)) : r.stamp.at;
      try {
        bars.add(new Bar(symbol, end, r.stamp.dateOnly && period == null ? Duration.ofDays(1) : p, r.open, r.high,
            r.low, r.close, r.volume));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ":" + r.line + ": " + e.getMessage(), e);
      }
    }
    return bars;
  }

  private record Stamp(Instant at, boolean dateOnly) {}

  private record Row(int line, Stamp stamp, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
      BigDecimal volume) {}

  private static BigDecimal num(String s) {
    try {
      return new BigDecimal(s.trim().replace("\"", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: '" + s + "'");
    }
  }

  private static Stamp stamp(String s) {
    if (s.matches("\\d{9,13}")) {
      long v = Long.parseLong(s);
      return new Stamp(s.length() >= 12 ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v), false);
    }
    try {
      return new Stamp(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant(), true);
    } catch (DateTimeParseException ignored) {
      // not a plain date
    }
    try {
      return new Stamp(OffsetDateTime.parse(s).toInstant(), false);
    } catch (DateTimeParseException ignored) {
      // no offset
    }
    try {
      return new Stamp(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC), false);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time: '" + s + "'");
    }
  }

  private static Duration smallestGap(List<Row> rows, String name) {
    Duration min = null;
    for (int i = 1; i < rows.size(); i++) {
      Duration d = Duration.between(rows.get(i - 1).stamp.at, rows.get(i).stamp.at);
      if (!d.isZero() && (min == null || d.compareTo(min) < 0)) min = d;
    }
    if (min == null) {
      if (!rows.isEmpty() && rows.get(0).stamp.dateOnly) return Duration.ofDays(1);
      throw new IllegalArgumentException(name + ": cannot tell the bar length from fewer than two rows; give it");
    }
    return min;
  }
}
