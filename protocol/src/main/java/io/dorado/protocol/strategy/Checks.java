package io.dorado.protocol.strategy;

import java.util.List;

/**
 * Range checks for the strategy records. Messages start with the field name relative to the record
 * being built ({@code "multiplier: must be > 0 (was -1.0)"}), so the config loader can point at the
 * exact line of the offending field.
 */
final class Checks {
  private Checks() {}

  static Double positive(Double v, String field) {
    if (v != null && !(v > 0)) throw new IllegalArgumentException(field + ": must be > 0 (was " + v + ")");
    return v;
  }

  static Integer positive(Integer v, String field) {
    if (v != null && v <= 0) throw new IllegalArgumentException(field + ": must be > 0 (was " + v + ")");
    return v;
  }

  static Double within(Double v, double min, double max, String field) {
    if (v != null && (v < min || v > max)) {
      throw new IllegalArgumentException(field + ": must be between " + fmt(min) + " and " + fmt(max) + " (was " + v + ")");
    }
    return v;
  }

  /** An optional [low, high] pair. */
  static <T extends Comparable<T>> List<T> pair(List<T> v, String field) {
    if (v == null) return null;
    if (v.size() != 2 || v.get(0) == null || v.get(1) == null) {
      throw new IllegalArgumentException(field + ": must be a pair [low, high] (was " + v + ")");
    }
    if (v.get(0).compareTo(v.get(1)) > 0) {
      throw new IllegalArgumentException(field + ": low must not exceed high (was " + v + ")");
    }
    return List.copyOf(v);
  }

  static void ordered(Double min, Double max, String field) {
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException(field + ": min " + min + " exceeds max " + max);
    }
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
