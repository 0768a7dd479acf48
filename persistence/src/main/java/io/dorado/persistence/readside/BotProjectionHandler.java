package io.dorado.persistence.readside;

import io.dorado.persistence.readside.ReadSideTables.StoredOrder;
import io.dorado.persistence.readside.ReadSideTables.Upsert;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.order.ClientOrderId;
import io.dorado.protocol.order.Fill;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * Fills the bot query tables from one slice of bot events, a group of envelopes at a time: the group's
 * rows are gathered first and written as one batch per bot, then each bot's ledger.
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

  /** What one group writes: rows in event order, and the orders it changed (written once each, as last changed). */
  private static final class GroupRows {
    final List<Upsert> rows = new ArrayList<>();
    final Map<String, StoredOrder> orders = new LinkedHashMap<>();
    final Set<String> changedOrders = new LinkedHashSet<>();
    final Set<String> bots = new LinkedHashSet<>();
    /** Orders a fill of their own instrument changed: their fill quality row follows the order row. */
    final Set<String> measuredOrders = new LinkedHashSet<>();

    List<Upsert> all(ReadSideTables tables) {
      var all = new ArrayList<>(rows);
      changedOrders.forEach(key -> all.add(tables.orderRow(orders.get(key).order(), orders.get(key).appliedSeqNr())));
      measuredOrders.forEach(key -> all.add(tables.fillQualityRow(orders.get(key).order())));
      return all;
    }
  }

  @Override
  public CompletionStage<Done> start() {
    ledgers.clear(); // a restarted projection reads the ledgers again: what failed may not be written
    return DONE;
  }

  @Override
  public CompletionStage<Done> process(List<EventEnvelope<BotEvent>> group) {
    GroupRows rows = new GroupRows();
    CompletionStage<Done> applied = DONE;
    for (EventEnvelope<BotEvent> envelope : group) applied = applied.thenCompose(d -> apply(envelope, rows));
    return applied
        .thenCompose(d -> tables.write(rows.all(tables)))
        .thenCompose(written -> CompletableFuture.allOf(rows.bots.stream()
            .map(botId -> tables.saveLedger(ledgers.get(botId)).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .<Done>thenApply(saved -> Done.getInstance())
        .whenComplete((done, failure) -> {
          if (failure != null) rows.bots.forEach(ledgers::remove); // applied here, maybe not written
        });
  }

  /** One event: its rows join the group's, its ledger moves on in memory. */
  private CompletionStage<Done> apply(EventEnvelope<BotEvent> envelope, GroupRows rows) {
    BotEvent event = envelope.event();
    long seqNr = envelope.sequenceNr();
    return ledger(event.botId()).thenCompose(ledger -> {
      if (ledger.hasApplied(seqNr)) return DONE;
      BotLedger.Step step = ledger.next(seqNr, event);
      rows.bots.add(event.botId());
      return rowsOf(ledger, step, event, seqNr, rows).thenApply(gathered -> {
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

  /** Every row the event changes besides the ledger. */
  private CompletionStage<Void> rowsOf(BotLedger before, BotLedger.Step step, BotEvent event, long seqNr,
      GroupRows rows) {
    rows.rows.add(tables.auditRow(step.audit()));
    step.closed().ifPresent(t -> rows.rows.addAll(tables.tradeRows(t)));
    if (event instanceof BotEvent.OrderIntended e) {
      return updateOrder(e.order().clientOrderId(), seqNr, rows,
          o -> Optional.of(OrderView.intended(e, e.order().isCombo() ? null : before.decisionPrice())));
    } else if (event instanceof BotEvent.OrderAccepted e) {
      return updateOrder(e.clientOrderId(), seqNr, rows, o -> o.map(v -> v.accepted(e)));
    } else if (event instanceof BotEvent.FillApplied e) {
      Fill f = e.fill();
      rows.rows.add(tables.fillRow(FillView.of(e.botId(), f, seqNr)));
      return updateOrder(f.clientOrderId(), seqNr, rows,
          o -> Optional.of(o.orElseGet(() -> OrderView.knownOnlyFrom(f)).filled(f, e.at())))
          .thenRun(() -> measured(f, rows));
    } else if (event instanceof BotEvent.OrderFailed e) {
      return updateOrder(e.clientOrderId(), seqNr, rows, o -> o.map(v -> v.failed(e.reason(), e.at())));
    } else if (event instanceof BotEvent.ClosingOrderFailed e) {
      return updateOrder(e.clientOrderId(), seqNr, rows, o -> o.map(v -> v.failed(e.reason(), e.at())));
    } else if (event instanceof BotEvent.ProtectionIntended e) {
      return updateOrder(e.order().clientOrderId(), seqNr, rows, o -> Optional.of(OrderView.intended(e)));
    } else if (event instanceof BotEvent.ProtectionSettled e) {
      return updateOrder(e.clientOrderId(), seqNr, rows, o -> o.map(v -> v.failed(e.reason(), e.at())));
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * A fill of an order's own instrument, on an order the bot intended (its venue and type known): the order's
   * average fill is measured. A combo's leg fills are not (their average mixes instruments).
   */
  private static void measured(Fill f, GroupRows rows) {
    StoredOrder stored = rows.orders.get(f.clientOrderId().value());
    if (stored == null) return;
    OrderView o = stored.order();
    if (o.venue() != null && o.type() != null && f.symbol().equals(o.symbol())) {
      rows.measuredOrders.add(o.clientOrderId());
    }
  }

  /** Read (once per group) - modify of one order row, skipped when this event already changed it. */
  private CompletionStage<Void> updateOrder(ClientOrderId id, long seqNr, GroupRows rows,
      Function<Optional<OrderView>, Optional<OrderView>> change) {
    String key = id.value();
    CompletionStage<Optional<StoredOrder>> stored = rows.orders.containsKey(key)
        ? CompletableFuture.completedFuture(Optional.of(rows.orders.get(key)))
        : tables.order(id.botId(), id.sequence());
    return stored.thenAccept(current -> {
      if (current.isPresent() && current.get().appliedSeqNr() >= seqNr) return;
      change.apply(current.map(StoredOrder::order)).ifPresent(next -> {
        rows.orders.put(key, new StoredOrder(next, seqNr));
        rows.changedOrders.add(key);
      });
    });
  }
}
