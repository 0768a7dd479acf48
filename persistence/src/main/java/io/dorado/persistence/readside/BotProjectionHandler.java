package io.dorado.persistence.readside;

import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Fills the bot query tables from one slice of bot events, a group of envelopes at a time.
 *
 * <p>At-least-once, made effectively exactly-once per bot: Cassandra has no transactions spanning the
 * offset store and our tables, so after a restart the events since the last saved offset come again.
 * Each bot's {@link BotLedger} row holds the sequence number of the last event applied and is written
 * last — once per bot per group, after every other row of the group; an event at or below it is skipped.
 * A group that failed half way (ledgers not written) is applied again from the same ledgers, and every
 * row it writes is an upsert computed from the ledger and the event alone, so the second write equals
 * the first. The one read-modify-write row, the order, carries the sequence number of the event that
 * last changed it and is skipped the same way. This needs one running instance per slice, which
 * ProjectionBehavior (or ShardedDaemonProcess) gives.
 */
final class BotProjectionHandler extends Handler<List<EventEnvelope<BotEvent>>> {

  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  private final ReadSideTables tables;
  /** Ledgers of this slice's bots as applied; written at the end of each group, only by this handler. */
  private final Map<String, BotLedger> ledgers = new HashMap<>();

  BotProjectionHandler(ReadSideTables tables) {
    this.tables = tables;
  }

  @Override
  public CompletionStage<Done> start() {
    ledgers.clear(); // a restarted projection reads the ledgers again: what failed may not be written
    return DONE;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<BotEvent>> group) {
    Set<String> touched = new LinkedHashSet<>();
    CompletionStage<Done> applied = DONE;
    for (EventEnvelope<BotEvent> envelope : group) applied = applied.thenCompose(d -> apply(envelope, touched));
    return applied
        .thenCompose(d -> CompletableFuture.allOf(touched.stream()
            .map(botId -> tables.saveLedger(ledgers.get(botId)).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .<Done>thenApply(saved -> Done.getInstance())
        .whenComplete((done, failure) -> {
          if (failure != null) touched.forEach(ledgers::remove); // applied here, maybe not written
        });
  }

  /** One event's rows (not its ledger): the ledger moves on in memory. */
  private CompletionStage<Done> apply(EventEnvelope<BotEvent> envelope, Set<String> touched) {
    BotEvent event = envelope.event();
    long seqNr = envelope.sequenceNr();
    return ledger(event.botId()).thenCompose(ledger -> {
      if (ledger.hasApplied(seqNr)) return DONE;
      BotLedger.Step step = ledger.next(seqNr, event);
      touched.add(event.botId());
      return rowsOf(step, event, seqNr).thenApply(written -> {
        ledgers.put(event.botId(), step.ledger());
        return Done.getInstance();
      });
    });
  }

  private CompletionStage<BotLedger> ledger(String botId) {
    BotLedger cached = ledgers.get(botId);
    if (cached != null) return CompletableFuture.completedFuture(cached);
    return tables.ledger(botId).thenApply(stored -> stored.orElseGet(() -> BotLedger.initial(botId)));
  }

  /** Every row the event changes besides the ledger, written in parallel. */
  private CompletionStage<Void> rowsOf(BotLedger.Step step, BotEvent event, long seqNr) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    writes.add(tables.saveAudit(step.audit()).toCompletableFuture());
    step.closed().ifPresent(t -> writes.add(tables.saveTrade(t).toCompletableFuture()));
    if (event instanceof BotEvent.OrderIntended e) {
      writes.add(updateOrder(e.order().clientOrderId(), seqNr, o -> Optional.of(OrderView.intended(e.order(), e.at()))));
    } else if (event instanceof BotEvent.OrderAccepted e) {
      writes.add(updateOrder(e.clientOrderId(), seqNr, o -> o.map(v -> v.accepted(e))));
    } else if (event instanceof BotEvent.FillApplied e) {
      Fill f = e.fill();
      writes.add(tables.saveFill(FillView.of(e.botId(), f, seqNr)).toCompletableFuture());
      writes.add(updateOrder(f.clientOrderId(), seqNr,
          o -> Optional.of(o.orElseGet(() -> OrderView.knownOnlyFrom(f)).filled(f, e.at()))));
    } else if (event instanceof BotEvent.OrderFailed e) {
      writes.add(updateOrder(e.clientOrderId(), seqNr, o -> o.map(v -> v.failed(e.reason(), e.at()))));
    } else if (event instanceof BotEvent.ClosingOrderFailed e) {
      writes.add(updateOrder(e.clientOrderId(), seqNr, o -> o.map(v -> v.failed(e.reason(), e.at()))));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** Read-modify-write of one order row, skipped when this event already changed it. */
  private CompletableFuture<Void> updateOrder(
      ClientOrderId id, long seqNr, Function<Optional<OrderView>, Optional<OrderView>> change) {
    return tables.order(id.botId(), id.sequence()).thenCompose(stored -> {
      if (stored.isPresent() && stored.get().appliedSeqNr() >= seqNr) return CompletableFuture.<Void>completedFuture(null);
      Optional<OrderView> next = change.apply(stored.map(ReadSideTables.StoredOrder::order));
      return next.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : tables.saveOrder(next.get(), seqNr);
    }).toCompletableFuture();
  }
}
