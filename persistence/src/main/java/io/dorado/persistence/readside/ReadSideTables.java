package io.dorado.persistence.readside;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dorado.protocol.order.Order;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The read-side tables of {@code cql/004-read-side.cql}: every statement the projections write and the
 * queries read, and the mapping of rows to records. Writes are plain upserts by primary key.
 */
final class ReadSideTables {

  static final String KS = "dorado_read";
  /** Sequence numbers per audit partition: bounded partitions, few partitions per page. */
  static final long AUDIT_BUCKET = 10_000;

  private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a ledger written by a newer version still loads
      .build();

  /** Statements per unlogged batch: rows of one bot, well under Cassandra's batch size warning (5 KiB). */
  static final int BATCH_STATEMENTS = 16;

  final Cql cql;

  ReadSideTables(CqlSession session) {
    this.cql = new Cql(session);
  }

  /** One upsert, not yet executed; {@code group} names the bot (or guardian) whose rows it writes. */
  record Upsert(String group, String cql, Object[] values) {}

  /**
   * Executes the upserts, one unlogged batch per group (at most {@link #BATCH_STATEMENTS} each): a bot's
   * rows of a projection group reach the node as one request, and rows of one partition (its audit lines,
   * its orders) merge into one write there.
   */
  CompletionStage<Void> write(List<Upsert> upserts) {
    var byGroup = new LinkedHashMap<String, List<Upsert>>();
    upserts.forEach(u -> byGroup.computeIfAbsent(u.group(), g -> new ArrayList<>()).add(u));
    var batches = new ArrayList<CompletableFuture<Void>>();
    for (List<Upsert> group : byGroup.values()) {
      for (int from = 0; from < group.size(); from += BATCH_STATEMENTS) {
        batches.add(cql.batch(group.subList(from, Math.min(group.size(), from + BATCH_STATEMENTS))).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Void> write(Upsert u) {
    return cql.write(u.cql(), u.values());
  }

  // ---------------------------------------------------------------- commit points

  CompletionStage<Optional<BotLedger>> ledger(String botId) {
    return cql.one("SELECT ledger FROM " + KS + ".bot_ledger WHERE bot_id = ?",
        r -> fromJson(r.getString("ledger")), botId).thenApply(l -> l.stream().findFirst());
  }

  CompletionStage<Void> saveLedger(BotLedger l) {
    return write(new Upsert(l.botId(), "INSERT INTO " + KS + ".bot_ledger (bot_id, seq_nr, ledger) VALUES (?, ?, ?)",
        new Object[] {l.botId(), l.seqNr(), toJson(l)}));
  }

  CompletionStage<Optional<Long>> botHead(String botId) {
    return cql.one("SELECT seq_nr FROM " + KS + ".bot_ledger WHERE bot_id = ?", r -> r.getLong("seq_nr"), botId)
        .thenApply(l -> l.stream().findFirst());
  }

  record GuardianProgress(String guardianId, long seqNr, String tradingState) {}

  CompletionStage<Optional<GuardianProgress>> guardianProgress(String guardianId) {
    return cql.one("SELECT seq_nr, trading_state FROM " + KS + ".guardian_progress WHERE guardian_id = ?",
        r -> new GuardianProgress(guardianId, r.getLong("seq_nr"), r.getString("trading_state")), guardianId)
        .thenApply(l -> l.stream().findFirst());
  }

  CompletionStage<Void> saveGuardianProgress(GuardianProgress p) {
    return cql.write("INSERT INTO " + KS + ".guardian_progress (guardian_id, seq_nr, trading_state) VALUES (?, ?, ?)",
        p.guardianId(), p.seqNr(), p.tradingState());
  }

  // ---------------------------------------------------------------- orders

  static final String ORDER_COLUMNS = "client_order_id, bot_id, order_seq, venue, symbol, side, order_type, quantity, "
      + "limit_price, stop_price, reduce_only, status, filled_quantity, filled_notional, average_price, venue_order_id, "
      + "reason, created_at, updated_at, template, approved_by, decision_price";

  /** An order row and the sequence number of the bot event that last changed it. */
  record StoredOrder(OrderView order, long appliedSeqNr) {}

  CompletionStage<Optional<StoredOrder>> order(String botId, long sequence) {
    return cql.one("SELECT " + ORDER_COLUMNS + ", applied_seq_nr FROM " + KS + ".orders_by_bot WHERE bot_id = ? AND order_seq = ?",
        r -> new StoredOrder(order(r), r.getLong("applied_seq_nr")), botId, sequence)
        .thenApply(l -> l.stream().findFirst());
  }

  Upsert orderRow(OrderView o, long appliedSeqNr) {
    return new Upsert(o.botId(), "INSERT INTO " + KS + ".orders_by_bot (" + ORDER_COLUMNS + ", applied_seq_nr) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {o.clientOrderId(), o.botId(), o.sequence(), o.venue(), o.symbol(), o.side(), o.type(), o.quantity(),
            o.limitPrice(), o.stopPrice(), o.reduceOnly(), o.status().name(), o.filledQuantity(), o.filledNotional(),
            o.averagePrice(), o.venueOrderId(), o.reason(), o.createdAt(), o.updatedAt(), o.template(), o.approvedBy(),
            o.decisionPrice(), appliedSeqNr});
  }

  static OrderView order(Row r) {
    return new OrderView(r.getString("client_order_id"), r.getString("bot_id"), r.getLong("order_seq"),
        r.getString("venue"), r.getString("symbol"), r.getString("side"), r.getString("order_type"),
        r.getBigDecimal("quantity"), r.getBigDecimal("limit_price"), r.getBigDecimal("stop_price"),
        r.getBoolean("reduce_only"), OrderView.Status.valueOf(r.getString("status")), r.getBigDecimal("filled_quantity"),
        r.getBigDecimal("filled_notional"), r.getBigDecimal("average_price"), r.getString("venue_order_id"),
        r.getString("reason"), r.getInstant("created_at"), r.getInstant("updated_at"), r.getString("template"),
        r.getString("approved_by"), r.getBigDecimal("decision_price"));
  }

  // ---------------------------------------------------------------- fill quality

  static final String FILL_QUALITY_COLUMNS = "venue, order_type, bot_id, order_seq, client_order_id, symbol, side, "
      + "filled_quantity, average_price, decision_price, updated_at, arrival_price, arrived_at";

  /** The bots' columns of an order's fill quality: its average fill so far and the price it was decided at. */
  Upsert fillQualityRow(OrderView o) {
    return new Upsert(o.botId(), "INSERT INTO " + KS + ".fill_quality_by_venue (venue, order_type, bot_id, order_seq, "
            + "client_order_id, symbol, side, filled_quantity, average_price, decision_price, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {o.venue(), o.type(), o.botId(), o.sequence(), o.clientOrderId(), o.symbol(), o.side(),
            o.filledQuantity(), o.averagePrice(), o.decisionPrice(), o.updatedAt()});
  }

  /** The guardian's columns: its mark of the symbol when it acknowledged the order. */
  Upsert arrivalRow(String group, Order o, BigDecimal mark, Instant at) {
    return new Upsert(group, "INSERT INTO " + KS + ".fill_quality_by_venue (venue, order_type, bot_id, order_seq, "
            + "arrival_price, arrived_at) VALUES (?, ?, ?, ?, ?, ?)",
        new Object[] {o.venue(), o.type().name(), o.botId(), o.clientOrderId().sequence(), mark, at});
  }

  static FillQuality.Measured measured(Row r) {
    return new FillQuality.Measured(r.getString("venue"), r.getString("order_type"), r.getString("bot_id"),
        r.getString("client_order_id"), r.getString("symbol"), r.getString("side"), r.getBigDecimal("filled_quantity"),
        r.getBigDecimal("average_price"), r.getBigDecimal("decision_price"), r.getBigDecimal("arrival_price"));
  }

  // ---------------------------------------------------------------- fills

  static final String FILL_COLUMNS = "bot_id, fill_id, client_order_id, symbol, side, quantity, price, commission, "
      + "filled_at, seq_nr";

  Upsert fillRow(FillView f) {
    return new Upsert(f.botId(), "INSERT INTO " + KS + ".fills_by_bot (" + FILL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new Object[] {f.botId(), f.fillId(), f.clientOrderId(), f.symbol(), f.side(), f.quantity(), f.price(),
            f.commission(), f.filledAt(), f.seqNr()});
  }

  static FillView fill(Row r) {
    return new FillView(r.getString("bot_id"), r.getString("fill_id"), r.getString("client_order_id"),
        r.getString("symbol"), r.getString("side"), r.getBigDecimal("quantity"), r.getBigDecimal("price"),
        r.getBigDecimal("commission"), r.getInstant("filled_at"), r.getLong("seq_nr"));
  }

  // ---------------------------------------------------------------- trades

  static final String TRADE_COLUMNS = "bot_id, trade_id, symbol, direction, quantity, entry_price, exit_price, "
      + "realized_pnl, commission, fills, opened_at, closed_at";

  /** The trade by its bot and by its day (the day's rows go in a batch of their own). */
  List<Upsert> tradeRows(ClosedTrade t) {
    Object[] values = {t.botId(), t.tradeId(), t.symbol(), t.direction().name(), t.quantity(), t.entryPrice(),
        t.exitPrice(), t.realizedPnl(), t.commission(), t.fills(), t.openedAt(), t.closedAt()};
    Object[] withDay = new Object[values.length + 1];
    System.arraycopy(values, 0, withDay, 0, values.length);
    withDay[values.length] = t.day();
    String marks = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    return List.of(
        new Upsert(t.botId(), "INSERT INTO " + KS + ".trades_by_bot (" + TRADE_COLUMNS + ") VALUES (" + marks + ")", values),
        new Upsert("day " + t.day(), "INSERT INTO " + KS + ".trades_by_day (" + TRADE_COLUMNS + ", day) VALUES (" + marks
            + ", ?)", withDay));
  }

  static ClosedTrade trade(Row r) {
    return new ClosedTrade(r.getString("bot_id"), r.getString("trade_id"), r.getString("symbol"),
        ClosedTrade.Direction.valueOf(r.getString("direction")), r.getBigDecimal("quantity"),
        r.getBigDecimal("entry_price"), r.getBigDecimal("exit_price"), r.getBigDecimal("realized_pnl"),
        r.getBigDecimal("commission"), r.getInt("fills"), r.getInstant("opened_at"), r.getInstant("closed_at"));
  }

  // ---------------------------------------------------------------- audit

  static final String AUDIT_COLUMNS = "kind, entity_id, seq_nr, at, event_type, from_state, to_state, reason, detail";

  CompletionStage<Void> saveAudit(AuditEntry a) {
    return write(auditRow(a));
  }

  Upsert auditRow(AuditEntry a) {
    return new Upsert(a.entityId(), "INSERT INTO " + KS + ".audit_log (" + AUDIT_COLUMNS + ", bucket) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new Object[] {a.kind(), a.entityId(), a.seqNr(), a.at(), a.eventType(),
            a.fromState(), a.toState(), a.reason(), a.detail(), a.seqNr() / AUDIT_BUCKET});
  }

  static AuditEntry audit(Row r) {
    return new AuditEntry(r.getString("kind"), r.getString("entity_id"), r.getLong("seq_nr"), r.getInstant("at"),
        r.getString("event_type"), r.getString("from_state"), r.getString("to_state"), r.getString("reason"),
        r.getString("detail"));
  }

  // ---------------------------------------------------------------- JSON of the ledger

  static String toJson(BotLedger ledger) {
    try {
      return JSON.writeValueAsString(ledger);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BotLedger fromJson(String json) {
    try {
      return JSON.readValue(json, BotLedger.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
