package io.dorado.actors.orderpath.risk;

import io.dorado.protocol.CborSerializable;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pcollections.PMap;
import org.pcollections.PVector;

/**
 * What the windowed pre-trade controls ({@link WindowedControls}) measure, folded from the guardian's own events (so a
 * restart rebuilds it from the journal, and a snapshot keeps it): each symbol's marks of the last
 * {@link RiskPolicy.PriceCollarWindow#MAX_WINDOW}, one low/high per second, and each venue's acknowledgements of the
 * last minute.
 *
 * @param marks per symbol, one {@link Second} per second that had a mark, oldest first
 * @param venueAcks per venue, the time of each order acknowledged for it within the last minute, oldest first
 */
public record RecentActivity(Map<String, List<Second>> marks, Map<String, List<Instant>> venueAcks)
    implements CborSerializable {

  public static final RecentActivity EMPTY = new RecentActivity(Map.of(), Map.of());
  static final Duration ACKS_KEPT = Duration.ofMinutes(1);

  /** The marks of one second: their lowest and highest price and how many there were. */
  public record Second(Instant at, BigDecimal low, BigDecimal high, int count) implements CborSerializable {
    Second with(BigDecimal price) {
      return new Second(at, low.min(price), high.max(price), count + 1);
    }
  }

  public RecentActivity {
    // Up to VenueMessageLimit.MAX_PER_MINUTE times per venue, a second per symbol for PriceCollarWindow.MAX_WINDOW:
    // persistent lists too (an event appends or replaces the last, the oldest leave from the front), converted once.
    venueAcks = persistentLists(venueAcks);
    marks = persistentLists(marks);
    // Persistent maps (see Persistent): a mark or an acknowledgement changes its symbol's or venue's entry only.
    marks = Persistent.map(marks);
    venueAcks = Persistent.map(venueAcks);
  }

  private static <T> Map<String, List<T>> persistentLists(Map<String, List<T>> byKey) {
    if (byKey == null || byKey.isEmpty() || byKey instanceof PMap) return byKey;
    var lists = new java.util.HashMap<String, List<T>>();
    byKey.forEach((key, list) -> lists.put(key, Persistent.list(list)));
    return lists;
  }

  /** After {@code event}: marks and acknowledgements move it; what fell out of its window is dropped. */
  public RecentActivity apply(GuardianEvent event) {
    if (event instanceof GuardianEvent.PricesMarked e) {
      Instant second = e.at().truncatedTo(ChronoUnit.SECONDS);
      Instant from = e.at().minus(RiskPolicy.PriceCollarWindow.MAX_WINDOW);
      var next = (PMap<String, List<Second>>) marks;
      for (var p : e.prices().entrySet()) {
        // Oldest first, one per second (strictly later each): what left the window leaves from the front.
        PVector<Second> kept = Persistent.list(marks.get(p.getKey()));
        while (!kept.isEmpty() && !kept.get(0).at().isAfter(from)) kept = kept.minus(0);
        Second last = kept.isEmpty() ? null : kept.get(kept.size() - 1);
        if (last != null && last.at().equals(second)) kept = kept.with(kept.size() - 1, last.with(p.getValue()));
        else if (last == null || last.at().isBefore(second)) kept = kept.plus(new Second(second, p.getValue(), p.getValue(), 1));
        // (a mark older than the last second kept, replayed out of order, is not a reference for now)
        next = next.plus(p.getKey(), kept);
      }
      return new RecentActivity(next, venueAcks);
    }
    if (event instanceof GuardianEvent.OrdersAcknowledged e) {
      var next = (PMap<String, List<Instant>>) venueAcks;
      Instant from = e.at().minus(ACKS_KEPT);
      for (AcknowledgedOrder ack : e.acks()) {
        // Oldest first: the times a minute old leave from the front, this one joins at the end (no copy of the rest).
        PVector<Instant> kept = Persistent.list(next.get(ack.order().venue()));
        while (!kept.isEmpty() && !kept.get(0).isAfter(from)) kept = kept.minus(0);
        kept = kept.plus(e.at());
        while (kept.size() > RiskPolicy.VenueMessageLimit.MAX_PER_MINUTE) kept = kept.minus(0);
        next = next.plus(ack.order().venue(), kept);
      }
      return new RecentActivity(marks, next);
    }
    return this;
  }

  /** {@code symbol}'s seconds with marks after {@code from}, oldest first. */
  List<Second> marksAfter(String symbol, Instant from) {
    return marks.getOrDefault(symbol, List.of()).stream().filter(s -> s.at().isAfter(from)).toList();
  }

  /** How many orders were acknowledged for {@code venue} after {@code from}. */
  int acksAfter(String venue, Instant from) {
    return (int) venueAcks.getOrDefault(venue, List.of()).stream().filter(t -> t.isAfter(from)).count();
  }
}
