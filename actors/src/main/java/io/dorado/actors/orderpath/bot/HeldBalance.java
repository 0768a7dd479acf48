package io.dorado.actors.orderpath.bot;

import java.util.List;
import java.util.Locale;

/**
 * Whether a venue refused an order because other resting orders hold the balance it would use: what a spot venue
 * answers to a close while the position's own stop or target rests (no reduce-only there, a resting sell holds the
 * asset). Recognised by the vendors' documented messages, as the adapters pass them on in the rejection's reason.
 */
final class HeldBalance {
  private HeldBalance() {}

  /**
   * Binance spot -2010 "Account has insufficient balance for requested action." (errors.md); Kraken
   * "EOrder:Insufficient funds"; Alpaca 403 "insufficient qty available for order (requested: …, available: …)".
   */
  private static final List<String> MESSAGES = List.of("insufficient balance", "insufficient funds",
      "insufficient qty available");

  static boolean refused(String reason) {
    if (reason == null || !reason.startsWith("rejected by the venue")) return false;
    String text = reason.toLowerCase(Locale.ROOT);
    return MESSAGES.stream().anyMatch(text::contains);
  }
}
