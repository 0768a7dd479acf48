package io.dorado.fleet.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The backtest command's arguments: {@code --config DIR} (absent: the bundled demo), {@code --from} and {@code --to}
 * (a date, 2013-11-26, taken as its UTC midnight, or an instant, 2013-11-26T12:00:00Z; absent: the whole history),
 * {@code --seed N} (default 1) and {@code --out DIR} (default {@code var/backtest}). A mistake is an
 * {@link IllegalArgumentException} whose message says what is wrong and what was expected.
 */
public record BacktestArgs(Path config, Instant from, Instant to, long seed, Path out, WalkForward.Settings walkForward) {
  public static final String USAGE = "usage: bin/backtest [--config DIR] [--from DATE] [--to DATE] [--seed N] [--out DIR]"
      + " [--walk-forward TRAIN,TEST[,DRAWS]]   (DATE: 2013-11-26 or 2013-11-26T12:00:00Z; TRAIN, TEST: bars)";

  public static BacktestArgs parse(String... args) {
    Path config = null;
    Instant from = null;
    Instant to = null;
    long seed = 1;
    Path out = Path.of("var", "backtest");
    WalkForward.Settings walkForward = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (!name.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + name + "'");
        if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
        value = args[++i];
      }
      switch (name) {
        case "--config" -> config = folder(value);
        case "--from" -> from = instant("--from", value);
        case "--to" -> to = instant("--to", value);
        case "--seed" -> seed = seed(value);
        case "--out" -> out = Path.of(value);
        case "--walk-forward" -> walkForward = walkForward(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("--from (" + from + ") must be before --to (" + to + ")");
    }
    return new BacktestArgs(config, from, to, seed, out, walkForward);
  }

  /** TRAIN,TEST[,DRAWS]: bars per training and test window, lookbacks drawn per window (default 5) from 10..40. */
  static WalkForward.Settings walkForward(String value) {
    String[] parts = value.split(",");
    try {
      if (parts.length < 2 || parts.length > 3) throw new NumberFormatException();
      return new WalkForward.Settings(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
          parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 5, 10, 40);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--walk-forward '" + value + "': write TRAIN,TEST[,DRAWS] in bars, e.g. 400,200");
    }
  }

  private static Path folder(String value) {
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--config " + value + ": no such folder (it holds the fleet's YAML files: "
          + "universe.yaml, templates.yaml, bots.yaml, risk-policy.yaml, ...)");
    }
    return dir;
  }

  static Instant instant(String option, String value) {
    try {
      return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a date: write 2013-11-26 or 2013-11-26T12:00:00Z");
    }
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed '" + value + "' is not a whole number");
    }
  }
}
