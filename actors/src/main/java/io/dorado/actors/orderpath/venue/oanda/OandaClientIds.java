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

  private OandaClientIds() {}

  static String toVenue(ClientOrderId id) {
    return PREFIX + id.value();
  }

  /** The order specifier that finds our order by its client id. */
  static String specifier(ClientOrderId id) {
    return "@" + toVenue(id);
  }

  static Optional<ClientOrderId> fromVenue(CharSequence clientId) {
    if (clientId == null) return Optional.empty();
    String value = clientId.toString();
    if (!value.startsWith(PREFIX)) return Optional.empty();
    try {
      return Optional.of(ClientOrderId.parse(value.substring(PREFIX.length())));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }
}
