package io.dorado.protocol.venue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.OrderReport;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A venue account: the orders it was given, keyed by client order id (the dedupe key), how many
 * submissions it refused, and the client order ids cancelled before they arrived (id to the cancel's
 * reason).
 *
 * <p>What is kept, and for how long: every order until it has settled (filled, cancelled or rejected)
 * and the risk guardian, the book of record, has settled and forgotten
 * it too ({@link VenueEvent.SettledForgotten}: the guardian's retention, one day by default); a
 * cancelled-before-arrival id until an order of its bot at or above its sequence is forgotten. So the
 * state, and the snapshot that holds it, grow with the orders of the last retention period and the
 * working ones, not with every order ever. Only the guardian decides: an account forgetting on its own
 * could answer a guardian that has not yet recorded an order's last fill (it restarted, say) with
 * "forgotten", and the fill would never reach the ledger (the order-path simulation found exactly that).
 *
 * <p>Why a forgotten id can never be sent twice: forgetting records, per bot, the highest sequence it
 * forgot ({@code forgottenThrough}; a bot's sequences only grow), and a client order id this account
 * does not know at or below it counts as {@link #forgotten} and is refused, however freshly it is
 * signed. Its old acknowledgement has expired too, so the expiry check alone already refuses a repeat.
 *
 * <p>The maps are persistent maps (PCollections): an event shares the unchanged entries with the state
 * before it instead of copying every order (P1's profile showed those copies among the venue's hottest
 * code after a few thousand orders).
 *
 * @param forgottenThrough bot id to the highest client order id sequence forgotten (empty when none;
 *     null in snapshots written before the account forgot anything)
 * @param forgottenBefore the {@code before} of the latest forgetting: everything forgotten settled
 *     before it (null until the first)
 * @param positions per bot and symbol ({@link #positionKey}), the signed quantity this account's recorded fills of
 *     that bot's orders built (combos' legs not counted; flat ones dropped): kept when orders are forgotten, so it is
 *     the account's position whatever node the entity runs on. The paper venue enforces reduce-only against it
 *     ({@code VenueAdapter.positionsWritten}). Null in snapshots written before positions were kept: unknown, and
 *     then never kept (reduce-only is not enforced by the paper venue on such an account, as before)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VenueState(String venueId, Map<String, VenueOrder> orders, long refusals,
    Map<String, String> cancelledBeforeArrival, Map<String, Long> forgottenThrough, Instant forgottenBefore,
    Map<String, BigDecimal> positions)
    implements CborSerializable {

  public VenueState {
    orders = persistent(orders);
    cancelledBeforeArrival = persistent(cancelledBeforeArrival);
    forgottenThrough = persistent(forgottenThrough);
    positions = positions == null ? null : persistent(positions);
  }

  public static VenueState empty(String venueId) {
    return new VenueState(venueId, HashTreePMap.empty(), 0, HashTreePMap.empty(), HashTreePMap.empty(), null,
        HashTreePMap.empty());
  }

  /** The key of a bot's position in a symbol in {@link #positions}. */
  public static String positionKey(String botId, String symbol) {
    return botId + " " + symbol;
  }

  private static <V> PMap<String, V> persistent(Map<String, V> map) {
    if (map == null) return HashTreePMap.empty();
    return map instanceof PMap<String, V> p ? p : HashTreePMap.from(map);
  }

  /** The reason a cancel gave, when {@code id} was cancelled before this venue received it. */
  public Optional<String> cancelledBeforeArrival(ClientOrderId id) {
    return Optional.ofNullable(cancelledBeforeArrival.get(id.value()));
  }

  public Optional<VenueOrder> find(ClientOrderId id) {
    return Optional.ofNullable(orders.get(id.value()));
  }

  /**
   * True when {@code id} is one this account no longer knows but is closed for good: its sequence is at
   * or below the highest one forgotten for its bot (it settled and was forgotten, or it is older than
   * an order that did). Such an id is never sent.
   */
  public boolean forgotten(ClientOrderId id) {
    if (orders.containsKey(id.value()) || cancelledBeforeArrival.containsKey(id.value())) return false;
    Long through = forgottenThrough.get(id.botId());
    return through != null && id.sequence() <= through;
  }

  /** Why {@code id} is closed for good, when it was {@link #forgotten}. */
  public String forgottenReason(ClientOrderId id) {
    return "client order id " + id + " settled before " + forgottenBefore + " and was forgotten (ids of "
        + id.botId() + " up to " + forgottenThrough.get(id.botId()) + " are closed for good); it is never sent again";
  }

  /**
   * The status a query gets: UNKNOWN when this venue never received {@code id}. A {@link #forgotten}
   * id is answered FORGOTTEN with a detail that says when it settled: final, but its outcome and fills are
   * in the journal only. Not CANCELLED (a bot read that as "cancelled, nothing filled" and dropped the
   * fills it had missed), not UNKNOWN (that would have the order acknowledged again), not FILLED or
   * REJECTED (an outcome this account no longer knows): a bot still waiting on it fails the order and
   * takes its position from the guardian's ledger.
   */
  public OrderReport.Status statusOf(ClientOrderId id) {
    return find(id)
        .map(VenueOrder::toStatus)
        .or(() -> cancelledBeforeArrival(id).map(reason ->
            new OrderReport.Status(id, OrderStatus.CANCELLED, null, null, "cancelled before it arrived: " + reason)))
        .or(() -> forgotten(id)
            ? Optional.of(new OrderReport.Status(id, OrderStatus.FORGOTTEN, null, null, forgottenReason(id)))
            : Optional.empty())
        .orElseGet(() -> new OrderReport.Status(id, OrderStatus.UNKNOWN, null, null, "never received"));
  }

  /** The ids of every fill this account has recorded (of the orders it still holds). */
  @JsonIgnore
  public Set<String> fillIds() {
    var ids = new HashSet<String>();
    orders.values().forEach(o -> o.fills().forEach(f -> ids.add(f.fillId())));
    return ids;
  }

  /** Orders not yet filled, cancelled or rejected, in client order id order. */
  @JsonIgnore
  public List<VenueOrder> unresolved() {
    return orders.values().stream()
        .filter(o -> !o.isTerminal())
        .sorted((a, b) -> a.clientOrderId().compareTo(b.clientOrderId()))
        .toList();
  }

  /**
   * Which of {@code ids} (orders the guardian settled and forgot) this account would forget: those it
   * holds as settled. One it still works stays (it cannot be: the guardian settles an order on this
   * account's final report). Empty: a {@link VenueEvent.SettledForgotten} would change nothing, so it need
   * not be written.
   */
  public List<ClientOrderId> forgettable(List<ClientOrderId> ids) {
    return ids.stream().filter(id -> {
      VenueOrder order = orders.get(id.value());
      return order != null && order.isTerminal();
    }).toList();
  }

  /**
   * Which orders this account would forget on the guardian's {@link Venue.ForgottenThrough}: those it holds as
   * settled at or below their bot's mark ({@code through}) that the guardian does not still hold ({@code kept}).
   * A working one stays; a kept one stays too, settled here or not: the guardian may still be owed its last
   * fill, and must never hear "forgotten" for it.
   */
  public List<ClientOrderId> forgettableThrough(Map<String, Long> through, java.util.Collection<ClientOrderId> kept) {
    var keep = new java.util.HashSet<>(kept);
    return orders.values().stream()
        .filter(VenueOrder::isTerminal)
        .map(VenueOrder::clientOrderId)
        .filter(id -> {
          Long mark = through.get(id.botId());
          return mark != null && id.sequence() <= mark && !keep.contains(id);
        })
        .sorted()
        .toList();
  }

  public VenueState apply(VenueEvent event) {
    if (event instanceof VenueEvent.Submitted e) return with(VenueOrder.submitted(e));
    if (event instanceof VenueEvent.Refused) {
      return new VenueState(venueId, orders, refusals + 1, cancelledBeforeArrival, forgottenThrough, forgottenBefore,
          positions);
    }
    if (event instanceof VenueEvent.CancelledBeforeArrival e) {
      return new VenueState(venueId, orders, refusals,
          persistent(cancelledBeforeArrival).plus(e.clientOrderId().value(), e.reason()), forgottenThrough,
          forgottenBefore, positions);
    }
    if (event instanceof VenueEvent.Placed e) return update(e.clientOrderId(), o -> o.placed(e));
    if (event instanceof VenueEvent.FillRecorded e) return filled(e);
    if (event instanceof VenueEvent.CancelRequested e) return update(e.clientOrderId(), o -> o.cancelRequested(e));
    if (event instanceof VenueEvent.Closed e) return update(e.clientOrderId(), o -> o.closed(e));
    if (event instanceof VenueEvent.SettledForgotten e) return forget(e.before(), e.ids());
    throw new IllegalArgumentException("unknown venue event " + event);
  }

  /**
   * Forgets those of {@code ids} this account holds as settled, moves each bot's mark to the highest
   * sequence forgotten, and drops the cancelled-before-arrival ids at or below their bot's mark.
   */
  private VenueState forget(Instant before, List<ClientOrderId> ids) {
    List<String> goingOrders = new ArrayList<>();
    Map<String, Long> through = new HashMap<>(forgottenThrough);
    for (ClientOrderId id : forgettable(ids)) {
      goingOrders.add(id.value());
      through.merge(id.botId(), id.sequence(), Math::max);
    }
    List<String> goingCancelled = cancelledBeforeArrival.keySet().stream().filter(key -> {
      ClientOrderId id = ClientOrderId.parse(key);
      Long mark = through.get(id.botId());
      return mark != null && id.sequence() <= mark;
    }).toList();
    if (goingOrders.isEmpty() && goingCancelled.isEmpty()) return this;
    return new VenueState(venueId, persistent(orders).minusAll(goingOrders), refusals,
        persistent(cancelledBeforeArrival).minusAll(goingCancelled), HashTreePMap.from(through), before, positions);
  }

  /** A fill, once (by fill id): into its order, and into its bot's position in the symbol (not a combo's legs). */
  private VenueState filled(VenueEvent.FillRecorded e) {
    VenueOrder current = orders.get(e.clientOrderId().value());
    if (current == null) return this;
    VenueState next = with(current.filled(e));
    if (positions == null || current.hasFill(e.fill().fillId()) || current.order().isCombo()) return next;
    String key = positionKey(e.clientOrderId().botId(), e.fill().symbol());
    BigDecimal signed = e.fill().side() == Side.BUY ? e.fill().quantity() : e.fill().quantity().negate();
    BigDecimal held = positions.getOrDefault(key, BigDecimal.ZERO).add(signed);
    PMap<String, BigDecimal> all = persistent(positions);
    return new VenueState(venueId, next.orders, refusals, cancelledBeforeArrival, forgottenThrough, forgottenBefore,
        held.signum() == 0 ? all.minus(key) : all.plus(key, held));
  }

  private VenueState with(VenueOrder order) {
    return new VenueState(venueId, persistent(orders).plus(order.clientOrderId().value(), order), refusals,
        cancelledBeforeArrival, forgottenThrough, forgottenBefore, positions);
  }

  private VenueState update(ClientOrderId id, UnaryOperator<VenueOrder> change) {
    VenueOrder current = orders.get(id.value());
    return current == null ? this : with(change.apply(current));
  }
}
