package io.dorado.persistence.readside;

import io.dorado.persistence.readside.ReadSideTables.GuardianProgress;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.AcknowledgedOrder;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.TradingState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Writes risk guardian decisions to the audit log, a group of envelopes at a time (the group's lines in
 * batches). At-least-once with the same guard as the bot projection: the guardian's progress row (last
 * sequence number applied, trading state) is written after the group's audit lines, once per group, and
 * an event at or below it is skipped.
 *
 * <p>It also gives every order it acknowledges its arrival price ({@link FillQuality}): the guardian's last mark of
 * the symbol, remembered here from its {@code PricesMarked} events. Those marks live in memory only, so after a
 * restart an order acknowledged before the symbol's next mark gets no arrival price (never a wrong one: no row is
 * written without a mark, and a replayed acknowledgement writes the same mark again).
 */
final class GuardianProjectionHandler extends Handler<List<EventEnvelope<GuardianEvent>>> {

  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  private final ReadSideTables tables;
  private final Map<String, GuardianProgress> progress = new HashMap<>();
  /** Per guardian, its last mark of each symbol as of the events applied. */
  private final Map<String, Map<String, BigDecimal>> marks = new HashMap<>();

  GuardianProjectionHandler(ReadSideTables tables) {
    this.tables = tables;
  }

  @Override
  public CompletionStage<Done> start() {
    progress.clear();
    marks.clear();
    return DONE;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<GuardianEvent>> group) {
    Set<String> touched = new LinkedHashSet<>();
    List<ReadSideTables.Upsert> audit = new ArrayList<>();
    CompletionStage<Done> applied = DONE;
    for (EventEnvelope<GuardianEvent> envelope : group) applied = applied.thenCompose(d -> apply(envelope, touched, audit));
    return applied
        .thenCompose(d -> tables.write(audit))
        .thenCompose(d -> CompletableFuture.allOf(touched.stream()
            .map(id -> tables.saveGuardianProgress(progress.get(id)).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .<Done>thenApply(saved -> Done.getInstance())
        .whenComplete((done, failure) -> {
          if (failure != null) touched.forEach(progress::remove);
        });
  }

  private CompletionStage<Done> apply(EventEnvelope<GuardianEvent> envelope, Set<String> touched,
      List<ReadSideTables.Upsert> audit) {
    String guardianId = entityId(envelope.persistenceId());
    long seqNr = envelope.sequenceNr();
    GuardianEvent event = envelope.event();
    return progress(guardianId).thenCompose(before -> {
      if (seqNr <= before.seqNr()) return DONE;
      GuardianProgress after = new GuardianProgress(guardianId, seqNr,
          GuardianAudit.stateAfter(before.tradingState(), event));
      touched.add(guardianId);
      GuardianAudit.entry(guardianId, seqNr, event, before.tradingState()).map(tables::auditRow).ifPresent(audit::add);
      arrivals(guardianId, event, audit);
      progress.put(guardianId, after);
      return DONE;
    });
  }

  private void arrivals(String guardianId, GuardianEvent event, List<ReadSideTables.Upsert> rows) {
    Map<String, BigDecimal> known = marks.computeIfAbsent(guardianId, id -> new HashMap<>());
    if (event instanceof GuardianEvent.PricesMarked m) known.putAll(m.prices());
    if (event instanceof GuardianEvent.OrdersAcknowledged acks) {
      for (AcknowledgedOrder ack : acks.acks()) {
        Order o = ack.order();
        BigDecimal mark = known.get(o.symbol());
        if (mark != null && !o.isCombo()) rows.add(tables.arrivalRow(guardianId, o, mark, acks.at()));
      }
    }
  }

  /** {@code RiskGuardian|main} → {@code main} (Pekko's EntityType|entityId form). */
  static String entityId(String persistenceId) {
    return persistenceId.substring(persistenceId.indexOf('|') + 1);
  }

  private CompletionStage<GuardianProgress> progress(String guardianId) {
    GuardianProgress cached = progress.get(guardianId);
    if (cached != null) return CompletableFuture.completedFuture(cached);
    return tables.guardianProgress(guardianId)
        .thenApply(p -> p.orElseGet(() -> new GuardianProgress(guardianId, 0, TradingState.ACTIVE.name())));
  }
}
