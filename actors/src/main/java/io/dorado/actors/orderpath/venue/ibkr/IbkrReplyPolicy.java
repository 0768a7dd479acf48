package io.dorado.actors.orderpath.venue.ibkr;

import java.util.List;
import java.util.Set;

/**
 * Which order-reply questions the fleet answers "yes". A place may be answered not with an order id but with
 * {@code [{"id":"<reply id>","message":["..."],"isSuppressed":false,"messageIds":["o163"]}]}: IBKR holds the order
 * until {@code POST /iserver/reply/{id}} says {@code {"confirmed":true}} (Web API reference "Place Order Reply
 * Confirmation"; the ids are listed for {@code POST /iserver/questions/suppress}).
 *
 * <p><b>Confirmed</b> — the gateway's own precautionary settings, which the risk guardian has already enforced with
 * the fleet's limits before it signed the order:
 * <ul>
 *   <li>{@code o163}: the limit price exceeds the price percentage constraint (the price cap);
 *   <li>{@code o383}: the order size exceeds the Size Limit precaution;
 *   <li>{@code o451}: the order value exceeds the Total Value Limit precaution.
 * </ul>
 * <p><b>Refused</b> (answered {@code {"confirmed":false}}, the order Rejected with IBKR's message) — everything else,
 * because each says something the guardian did not check: {@code o354} (no market data for the contract),
 * {@code o403} (a stop that would trigger at once), {@code o2137}/{@code o10082} (crossing or wash with the account's
 * own orders), margin, closing-only, short-sale and any id not listed here (new questions are refused until a
 * person reads them).
 */
public final class IbkrReplyPolicy {
  public static final Set<String> CONFIRMED = Set.of("o163", "o383", "o451");

  private IbkrReplyPolicy() {}

  /** True when every question of the reply is one the fleet confirms. */
  public static boolean confirms(List<String> messageIds) {
    return !messageIds.isEmpty() && CONFIRMED.containsAll(messageIds);
  }
}
