package io.dorado.protocol.order;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * An option contract named the OCC way: the root padded to six characters, the expiry as
 * {@code yyMMdd}, {@code C} or {@code P}, and the strike × 1000 in eight digits — {@code AAPL  130621P00400000}
 * is the AAPL 400 put expiring 2013-06-21.
 */
public record OptionSymbol(String root, LocalDate expiry, Right right, BigDecimal strike) {
  private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

  public enum Right { PUT, CALL }

  public OptionSymbol {
    if (root == null || root.isBlank() || root.length() > 6) throw new IllegalArgumentException("option root must be 1-6 characters");
    if (strike == null || strike.signum() <= 0) throw new IllegalArgumentException("option strike must be > 0");
    if (expiry == null || right == null) throw new IllegalArgumentException("option expiry and right are required");
  }

  public static OptionSymbol of(String root, LocalDate expiry, Right right, BigDecimal strike) {
    return new OptionSymbol(root, expiry, right, strike);
  }

  /** The OCC symbol, 21 characters. */
  public String occ() {
    long milli = strike.movePointRight(3).longValueExact();
    return String.format(java.util.Locale.ROOT, "%-6s%s%s%08d", root, expiry.format(YYMMDD), right == Right.PUT ? "P" : "C",
        milli);
  }

  /** Parses an OCC symbol; empty when {@code symbol} is not one (a stock, a crypto pair...). */
  public static Optional<OptionSymbol> parse(String symbol) {
    if (symbol == null || symbol.length() != 21) return Optional.empty();
    try {
      String root = symbol.substring(0, 6).trim();
      LocalDate expiry = LocalDate.parse("20" + symbol.substring(6, 12), DateTimeFormatter.BASIC_ISO_DATE);
      char r = symbol.charAt(12);
      if (r != 'P' && r != 'C') return Optional.empty();
      BigDecimal strike = new BigDecimal(Long.parseLong(symbol.substring(13))).movePointLeft(3).stripTrailingZeros();
      if (strike.scale() < 0) strike = strike.setScale(0);
      return Optional.of(new OptionSymbol(root, expiry, r == 'P' ? Right.PUT : Right.CALL, strike));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** What one unit is worth at expiry with the underlying at {@code spot}. */
  public BigDecimal intrinsic(BigDecimal spot) {
    BigDecimal v = right == Right.CALL ? spot.subtract(strike) : strike.subtract(spot);
    return v.max(BigDecimal.ZERO);
  }

  @Override
  public String toString() {
    return occ();
  }
}
