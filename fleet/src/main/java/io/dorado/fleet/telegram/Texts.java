package io.dorado.fleet.telegram;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Number and time formats shared by every message the bridge writes. */
final class Texts {
  private Texts() {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** A price or quantity as given, without trailing zeros. */
  static String num(BigDecimal value) {
    return value == null ? "—" : value.stripTrailingZeros().toPlainString();
  }

  /** Money to the cent, signed. */
  static String money(BigDecimal value) {
    return value == null ? "—" : value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String pct(BigDecimal value) {
    return value == null ? "—" : value.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  static String time(Instant at) {
    return at == null ? "—" : TIME.format(at);
  }

  /** Telegram refuses messages over 4096 characters: long lists are cut, saying so. */
  static String fit(String text) {
    int max = 4000;
    return text.length() <= max ? text : text.substring(0, max) + "\n… (cut)";
  }
}
