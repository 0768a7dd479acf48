package io.dorado.fleet.telegram;

import java.util.Locale;

/** How one kind of alert reaches Telegram: delivered, not at all, or delivered without a notification sound. */
public enum AlertMode {
  ON,
  OFF,
  SILENT;

  static AlertMode parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be on, off or silent, was '" + value + "'");
    }
  }
}
