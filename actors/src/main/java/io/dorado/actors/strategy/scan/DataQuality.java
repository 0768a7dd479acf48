package io.dorado.actors.strategy.scan;

import io.dorado.protocol.market.Bar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far a scan can trust one symbol's bars: the data-quality gate and the {@code data_quality} score feature.
 *
 * <p>Freshness is judged on the node's clock, by when the newest bar ARRIVED ({@link Arrival}), not by the bar's own
 * market time: a replay of 2013 is fresh while it plays, and stale once it has ended. The limit is the symbol's bar
 * length (the median gap between its recent bars) × {@link Limits#bars}, divided by the source's speed (a replay at
 * 900× brings a 15-minute bar every second), and never below {@link Limits#floor} (scheduling jitter). Older than
 * that, the gate fails.
 *
 * <p>The score, in [0, 1], is freshness × completeness. Freshness is 1 while the newest bar is at most one bar
 * interval old, falling linearly to 0 at the limit. Completeness is the share of the last {@link Limits#window}
 * bar intervals that are there: a gap longer than {@value #GAP_BARS} bar lengths counts its missing bars (shorter
 * gaps are weekends and nights between daily or intraday bars, not lost data).
 *
 * @param judged false for an offline scan over a stored history (no arrival times): freshness is not judged
 * @param fresh the newest bar is within the limit (always true when not judged)
 * @param age how long ago the newest bar arrived (null when not judged or unknown)
 * @param limit the freshness limit in wall-clock time (null when not judged)
 * @param barLength the median gap between the recent bars, in market time (null with fewer than 2 bars)
 * @param missing bars missing from the last window's intervals
 * @param intervals the intervals of the last window looked at
 * @param reason the whole judgement in words
 */
public record DataQuality(boolean judged, boolean fresh, Duration age, Duration limit, Duration barLength,
    double freshness, double completeness, int missing, int intervals, String reason) {

  /** A gap counts as missing bars only when longer than this many bar lengths. */
  static final int GAP_BARS = 4;

  /**
   * The freshness limit: {@code bars} bar lengths (at the source's speed), at least {@code floor}; completeness over
   * the last {@code window} bar intervals.
   */
  public record Limits(double bars, Duration floor, int window) {
    public static final Limits DEFAULT = new Limits(3, Duration.ofSeconds(30), 20);

    public Limits {
      if (!(bars > 0)) throw new IllegalArgumentException("data max age bars must be > 0, was " + bars);
      if (floor == null || floor.isNegative()) throw new IllegalArgumentException("data max age floor must be >= 0");
      if (window < 1) throw new IllegalArgumentException("data quality window must be >= 1, was " + window);
    }
  }

  /** When the symbol's newest bar reached its market-data actor (null: unknown), and its source's speed. */
  public record Arrival(Instant lastArrival, double speed) {}

  /** The score feature: freshness × completeness, in [0, 1]. */
  public double score() {
    return freshness * completeness;
  }

  /** Completeness only: an offline scan over a stored history, whose arrival times are not known. */
  public static DataQuality offline(List<Bar> bars, Limits limits) {
    return judge(bars, false, null, limits, null);
  }

  /**
   * @param live a live scan: every symbol must have an arrival time (none: its age is unknown, stale)
   * @param arrival the symbol's arrival (may be null)
   */
  public static DataQuality judge(List<Bar> bars, boolean live, Arrival arrival, Limits limits, Instant now) {
    Duration barLength = barLength(bars, limits.window());
    int intervals = Math.min(Math.max(bars.size() - 1, 0), limits.window());
    int missing = 0, gapped = 0;
    if (barLength != null && !barLength.isZero()) {
      for (int i = bars.size() - intervals; i < bars.size(); i++) {
        Duration gap = Duration.between(bars.get(i - 1).end(), bars.get(i).end());
        if (gap.compareTo(barLength.multipliedBy(GAP_BARS)) > 0) {
          missing += (int) (gap.toNanos() / barLength.toNanos()) - 1;
          gapped++;
        }
      }
    }
    double completeness = intervals == 0 ? 1 : (double) intervals / (intervals + missing);
    String complete = intervals == 0 ? "completeness not measured (one bar)"
        : String.format(Locale.ROOT, "%d of the last %d bar intervals complete (%d bars missing)",
            intervals - gapped, intervals, missing);
    if (!live) {
      return new DataQuality(false, true, null, null, barLength, 1, completeness, missing, intervals,
          "freshness not judged (offline scan: no arrival times); " + complete);
    }
    if (arrival == null || arrival.lastArrival() == null || bars.isEmpty()) {
      return new DataQuality(true, false, null, null, barLength, 0, completeness, missing, intervals,
          "no arrival time for the newest bar: its age is unknown, stale; " + complete);
    }
    Bar newest = bars.get(bars.size() - 1);
    Duration length = barLength != null ? barLength : Duration.between(newest.start(), newest.end());
    double speed = arrival.speed() > 0 ? arrival.speed() : 1;
    Duration byBars = Duration.ofNanos((long) (length.toNanos() * limits.bars() / speed));
    Duration limit = byBars.compareTo(limits.floor()) < 0 ? limits.floor() : byBars;
    Duration expected = Duration.ofNanos((long) (limit.toNanos() / limits.bars())); // one bar interval, wall-clock
    Duration age = Duration.between(arrival.lastArrival(), now);
    if (age.isNegative()) age = Duration.ZERO;
    boolean fresh = age.compareTo(limit) <= 0;
    double freshness = !fresh ? 0 : age.compareTo(expected) <= 0 ? 1
        : (double) limit.minus(age).toNanos() / limit.minus(expected).toNanos();
    String how = String.format(Locale.ROOT, "%s × %s bars%s", text(length), trim(limits.bars()),
        speed == 1 ? "" : " at replay speed " + trim(speed) + " = " + text(byBars))
        + (byBars.compareTo(limits.floor()) < 0 ? ", floor " + text(limits.floor()) : "");
    String what = "newest bar arrived " + text(age) + " ago " + (fresh ? "<=" : ">") + " limit " + text(limit) + " (" + how
        + ")" + (fresh ? "" : ": stale data, no new entries on it") + "; " + complete;
    return new DataQuality(true, fresh, age, limit, barLength, freshness, completeness, missing, intervals, what);
  }

  /** The median gap between the ends of the last {@code window} + 1 bars; null with fewer than 2 bars. */
  static Duration barLength(List<Bar> bars, int window) {
    if (bars.size() < 2) return null;
    var gaps = new ArrayList<Duration>();
    for (int i = Math.max(1, bars.size() - window); i < bars.size(); i++) {
      gaps.add(Duration.between(bars.get(i - 1).end(), bars.get(i).end()));
    }
    gaps.sort(null);
    return gaps.get(gaps.size() / 2);
  }

  /** 7m12s, 1h0m5s, 45s, 0.4s. */
  static String text(Duration d) {
    long s = d.getSeconds();
    if (s < 10 && d.toMillis() % 1000 != 0) return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    if (s >= 86_400 && s % 86_400 == 0) return (s / 86_400) + "d";
    return hms(s);
  }

  static String hms(long s) {
    if (s < 60) return s + "s";
    long h = s / 3600, m = (s / 60) % 60, sec = s % 60;
    return (h > 0 ? h + "h" : "") + (m > 0 || (h > 0 && sec > 0) ? m + "m" : "") + (sec > 0 ? sec + "s" : "");
  }

  static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
