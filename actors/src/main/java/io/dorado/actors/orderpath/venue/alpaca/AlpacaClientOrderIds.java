package io.dorado.actors.orderpath.venue.alpaca;

import io.dorado.protocol.order.ClientOrderId;
import java.util.Optional;

/**
 * Our client order ids as Alpaca's {@code client_order_id}: {@value #PREFIX} followed by ours ({@code dorado_bot7-42}).
 * Alpaca takes any string up to {@value #MAX_LENGTH} characters ("Create an Order": "A unique identifier for the
 * order. Automatically generated if not sent. (<= 128 characters)"), so ours fit verbatim; the prefix is what tells
 * ours from the UUIDs Alpaca generates for orders placed elsewhere (a UUID's last group can be all digits, and
 * {@code <uuid head>-<digits>} would otherwise parse as a bot id and a sequence). Deterministic and reversible: the
 * same id maps to the same string after a restart, and the string maps back without any registry.
 */
final class AlpacaClientOrderIds {
  static final String PREFIX = "dorado_";
  static final int MAX_LENGTH = 128;

  private AlpacaClientOrderIds() {}

  /** Alpaca's {@code client_order_id} for ours; empty when it would be longer than Alpaca accepts. */
  static Optional<String> toVenue(ClientOrderId id) {
    String s = PREFIX + id.value();
    return s.length() <= MAX_LENGTH ? Optional.of(s) : Optional.empty();
  }

  /** Ours, or null for an order placed outside the fleet (no prefix, or not one of our ids after it). */
  static ClientOrderId fromVenue(String clientOrderId) {
    if (clientOrderId == null || !clientOrderId.startsWith(PREFIX)) return null;
    try {
      return ClientOrderId.parse(clientOrderId.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
