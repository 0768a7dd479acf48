package io.dorado.actors.orderpath.venue.oanda;

import io.dorado.protocol.order.ClientOrderId;
import java.util.Optional;

/**
 * Our client order id as OANDA holds it: {@code clientExtensions.id} = {@value #PREFIX} + {@code botId-sequence}.
 * The prefix tells our orders from ones placed by hand on OANDA's platforms, whose client ids (when they set one at
 * all) are anything; an order without it is external. OANDA addresses an order by its client id with the
 * {@code @} specifier ({@code GET /v3/accounts/{id}/orders/@<clientID>}, order-df "OrderSpecifier": "the Order's
 * client-provided ClientID prefixed by the "@" symbol").
 */
final class OandaClientIds {
  static final String PREFIX = "dorado.";
  /**
   * The suffixes of the two legs of our native OCO on OANDA ({@link #leg}): the trade's dependent STOP_LOSS and
   * TAKE_PROFIT orders. Our ids end in a sequence number, so a suffix is unambiguous; no '/' (it would split the
   * order specifier's URL path).
   */
  static final String STOP_LEG = "_sl";
  static final String TARGET_LEG = "_tp";

  private OandaClientIds() {}

  static String toVenue(ClientOrderId id) {
    return PREFIX + id.value();
  }

  /** The order specifier that finds our order by its client id. */
  static String specifier(ClientOrderId id) {
    return "@" + toVenue(id);
  }

  /** The client id of one leg ({@link #STOP_LEG} or {@link #TARGET_LEG}) of our OCO {@code id}. */
  static String leg(ClientOrderId id, String leg) {
    return toVenue(id) + leg;
  }

  /** The order specifier of one leg of our OCO {@code id}. */
  static String legSpecifier(ClientOrderId id, String leg) {
    return "@" + leg(id, leg);
  }

  /** Which leg of one of our OCOs {@code clientId} is; empty for an order of its own (or not ours). */
  static Optional<String> legOf(CharSequence clientId) {
    if (clientId == null || !clientId.toString().startsWith(PREFIX)) return Optional.empty();
    String value = clientId.toString();
    if (value.endsWith(STOP_LEG)) return Optional.of(STOP_LEG);
    if (value.endsWith(TARGET_LEG)) return Optional.of(TARGET_LEG);
    return Optional.empty();
  }

  /** Ours for OANDA's client id (a leg's: its OCO's); empty for an order placed outside the fleet. */
  static Optional<ClientOrderId> fromVenue(CharSequence clientId) {
    if (clientId == null) return Optional.empty();
    String value = clientId.toString();
    Optional<String> leg = legOf(value);
    if (leg.isPresent()) value = value.substring(0, value.length() - leg.get().length());
    if (!value.startsWith(PREFIX)) return Optional.empty();
    try {
      return Optional.of(ClientOrderId.parse(value.substring(PREFIX.length())));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }
}
