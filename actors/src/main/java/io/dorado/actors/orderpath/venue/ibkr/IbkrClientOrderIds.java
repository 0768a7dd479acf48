package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.protocol.order.ClientOrderId;

/**
 * Our deterministic client order ids as IBKR's {@code cOID} ("Customer Order ID", a free string; the gateway lists
 * it back as {@code order_ref} in live orders, trades and the {@code sor}/{@code str} topics): {@code "dor:" + botId
 * + "-" + sequence}. The prefix tells our orders from those placed in TWS or the portal, which carry no
 * {@code order_ref} or one of their own: those are EXTERNAL.
 */
public final class IbkrClientOrderIds {
  static final String PREFIX = "dor:";

  private IbkrClientOrderIds() {}

  public static String toVenue(ClientOrderId id) {
    return PREFIX + id.value();
  }

  /** Ours for an {@code order_ref}; null for an order placed outside the fleet. */
  public static ClientOrderId fromVenue(String orderRef) {
    if (orderRef == null || !orderRef.startsWith(PREFIX)) return null;
    try {
      return ClientOrderId.parse(orderRef.substring(PREFIX.length()));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
