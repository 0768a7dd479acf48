package io.dorado.protocol.risk;

import java.math.BigDecimal;

/**
 * Defaults and range checks for {@link RiskPolicy}. A class of its own so the policy's nested records
 * never initialise {@code RiskPolicy} itself (its static DEFAULT would see them half-built).
 */
final class PolicyValues {
  private PolicyValues() {}

  static BigDecimal pct(int v) {
    return BigDecimal.valueOf(v);
  }

  static BigDecimal percent(BigDecimal v, int dflt, String field) {
    return percent(v, BigDecimal.valueOf(dflt), field);
  }

  /** Within (0, 100]. */
  static BigDecimal percent(BigDecimal v, BigDecimal dflt, String field) {
    BigDecimal value = v == null ? dflt : v;
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(field + " must be within (0, 100], was " + value.toPlainString());
    }
    return value;
  }

  /** Within [0, 100]. */
  static BigDecimal percentOrZero(BigDecimal v, int dflt, String field) {
    BigDecimal value = v == null ? BigDecimal.valueOf(dflt) : v;
    if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(field + " must be within [0, 100], was " + value.toPlainString());
    }
    return value;
  }

  static BigDecimal positive(BigDecimal v, String field) {
    if (v.signum() <= 0) throw new IllegalArgumentException(field + " must be > 0, was " + v.toPlainString());
    return v;
  }

  /** A whole number within [min, max], {@code dflt} when absent. */
  static int count(Integer v, int dflt, int min, int max, String field) {
    int value = v == null ? dflt : v;
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + " must be within [" + min + ", " + max + "], was " + value);
    }
    return value;
  }
}
