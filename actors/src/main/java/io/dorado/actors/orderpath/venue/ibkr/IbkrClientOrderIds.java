package io.dorado.actors.orderpath.venue.ibkr;

import io.dorado.protocol.order.ClientOrderId;

/**
 * Our deterministic client order ids as IBKR's {@code cOID} ("Customer Order ID", a free string; the gateway lists
 * it back as {@code order_ref} in live orders, trades and the {@code sor}/{@code str} topics): {@code "dor:" + botId
 * + "-" + sequence}. The prefix tells our orders from those placed in TWS or the portal, which carry no
 * {@code order_ref} or one of their own: those are EXTERNAL.
 *
 * <p>An OCO is sent as an OCA group of two orders, each with its own cOID ({@code cOID} must be unique for 24 h): our
 * id plus {@code /s} for its stop leg and {@code /t} for its target leg ({@link #leg}). A plain id always ends in its
 * sequence's digits, so the suffix is unambiguous; {@link #fromVenue} maps a leg back to the OCO's id.
 */
public final class IbkrClientOrderIds {
  static final String PREFIX = "dor:";
  /** The stop leg ({@code STP}) and the target leg ({@code LMT}) of an OCO's OCA group. */
  public static final char STOP_LEG = 's';
  public static final char TARGET_LEG = 't';

  private IbkrClientOrderIds() {}

  public static String toVenue(ClientOrderId id) {
    return PREFIX + id.value();
  }

  /** The cOID of one leg of our OCO {@code id}: {@code toVenue(id) + "/" + leg}. */
  public static String leg(ClientOrderId id, char leg) {
    return toVenue(id) + "/" + leg;
  }

  /** True for the {@code order_ref} of a leg of one of our OCOs ({@link #leg}). */
  public static boolean isLeg(String orderRef) {
    if (orderRef == null || !orderRef.startsWith(PREFIX) || orderRef.length() < PREFIX.length() + 3) return false;
    char leg = orderRef.charAt(orderRef.length() - 1);
    return orderRef.charAt(orderRef.length() - 2) == '/' && (leg == STOP_LEG || leg == TARGET_LEG);
  }

  /** Ours for an {@code order_ref} (a leg's: its OCO's); null for an order placed outside the fleet. */
  public static ClientOrderId fromVenue(String orderRef) {
    if (orderRef == null || !orderRef.startsWith(PREFIX)) return null;
    String value = isLeg(orderRef) ? orderRef.substring(0, orderRef.length() - 2) : orderRef;
    try {
      return ClientOrderId.parse(value.substring(PREFIX.length()));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
