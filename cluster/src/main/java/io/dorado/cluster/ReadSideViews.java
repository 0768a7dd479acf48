package io.dorado.cluster;

import io.dorado.actors.orderpath.bot.BotEntity;
import io.dorado.actors.orderpath.venue.VenueSettings;
import io.dorado.cluster.ops.AuditEntry;
import io.dorado.cluster.ops.EquityPoint;
import io.dorado.cluster.ops.FillView;
import io.dorado.cluster.ops.JournalEntry;
import io.dorado.cluster.ops.OrderView;
import io.dorado.cluster.ops.Page;
import io.dorado.cluster.ops.PageRequest;
import io.dorado.cluster.ops.ProfitReport;
import io.dorado.cluster.ops.TradeView;
import io.dorado.persistence.readside.ClosedTrade;
import io.dorado.persistence.readside.DailyPnl;
import io.dorado.persistence.readside.FillQuality;
import io.dorado.persistence.readside.ReadSideQueries;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.Phase;
import io.dorado.protocol.fleet.BotEntry;
import io.dorado.protocol.order.OrderStatus;
import io.dorado.protocol.order.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * History: orders, fills, trades, profit and the audit log from the read side's tables (a few seconds behind
 * the journals), and a bot's own history straight from its journal. The fleet's bot list and the live equity
 * come from {@link LiveQueries}.
 */
final class ReadSideViews {
  private final Asks asks;
  private final ReadSideQueries readSide;
  private final LiveQueries live;
  private final FleetListing<io.dorado.persistence.readside.OrderView> fleetOrders;
  private final FleetListing<io.dorado.persistence.readside.FillView> fleetFills;

  ReadSideViews(Asks asks, ReadSideQueries readSide, LiveQueries live) {
    this.asks = asks;
    this.readSide = readSide;
    this.live = live;
    this.fleetOrders = fleetOrders();
    this.fleetFills = fleetFills();
  }

  /** Newest first across the bots asked; the read side trails the journal by a few seconds. */
  CompletionStage<List<OrderView>> recentOrders(Optional<String> botId, int limit) {
    CompletionStage<List<String>> ids = botId.isPresent()
        ? CompletableFuture.completedFuture(List.of(botId.get()))
        : botIds();
    return ids.thenCompose(botIds -> {
      List<CompletableFuture<List<OrderView>>> pages = botIds.stream()
          .map(id -> readSide.orders().byBot(id, limit, null)
              .thenApply(page -> page.items().stream().map(ReadSideViews::orderView).toList())
              .toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(v -> pages.stream()
          .flatMap(p -> p.join().stream())
          .sorted(Comparator.comparing(OrderView::updatedAt, Comparator.nullsLast(
              Comparator.<Instant>naturalOrder())).reversed())
          .limit(limit)
          .toList());
    });
  }

  CompletionStage<ProfitReport> profit(int days) {
    if (days < 1 || days > 366) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("days must be within 1..366, was " + days));
    }
    LocalDate to = LocalDate.now(ZoneOffset.UTC);
    LocalDate from = to.minusDays(days - 1L);
    return readSide.trades().daily(from, to).thenApply(daily -> {
      BigDecimal total = BigDecimal.ZERO;
      int trades = 0;
      List<ProfitReport.Day> byDay = new ArrayList<>();
      for (DailyPnl d : daily) {
        total = total.add(d.realizedPnl());
        trades += d.trades();
        byDay.add(new ProfitReport.Day(d.day(), d.realizedPnl(), d.trades()));
      }
      return new ProfitReport(days, total, trades, byDay);
    });
  }

  // ---- paginated (cursors are the read side's own opaque paging states)

  /** One bot's orders page by page, or the whole fleet's, newest placed first, paged across the bots. */
  CompletionStage<Page<OrderView>> orders(Optional<String> botId, PageRequest page) {
    if (botId.isEmpty()) {
      return botIds().thenCompose(ids -> fleetOrders.page(ids, page)).thenApply(p -> map(p, ReadSideViews::orderView));
    }
    return readSide.orders().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        .thenApply(p -> page(p, ReadSideViews::orderView));
  }

  /** One bot's fills page by page, or the whole fleet's, newest first, paged across the bots. */
  CompletionStage<Page<FillView>> fills(Optional<String> botId, PageRequest page) {
    if (botId.isEmpty()) {
      return botIds().thenCompose(ids -> fleetFills.page(ids, page)).thenApply(p -> map(p, ReadSideViews::fillView));
    }
    return readSide.fills().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        .thenApply(p -> page(p, ReadSideViews::fillView));
  }

  /** A bot's place in the fleet's orders: the sequence of its last order listed (its orders are by sequence). */
  private FleetListing<io.dorado.persistence.readside.OrderView> fleetOrders() {
    return new FleetListing<>("orders",
        (bot, after, n) -> after.isEmpty()
            ? readSide.orders().byBot(bot, n, null).thenApply(io.dorado.persistence.readside.Page::items)
            : readSide.orders().before(bot, parseLong(after), n),
        (before, o) -> Long.toString(o.sequence()),
        Comparator.comparing(ReadSideViews::placedAt).reversed()
            .thenComparing(io.dorado.persistence.readside.OrderView::botId)
            .thenComparing(Comparator.comparingLong(io.dorado.persistence.readside.OrderView::sequence).reversed()));
  }

  /**
   * A bot's place in the fleet's fills: the time of its last fill listed and how many of its fills at that
   * millisecond are listed ("<epoch ms>:<n>"); its fills are by time, newest first, then fill id.
   */
  private FleetListing<io.dorado.persistence.readside.FillView> fleetFills() {
    return new FleetListing<>("fills",
        (bot, after, n) -> {
          if (after.isEmpty()) return readSide.fills().byBot(bot, n, null).thenApply(io.dorado.persistence.readside.Page::items);
          long[] at = fillPosition(after);
          Instant last = Instant.ofEpochMilli(at[0]);
          int skip = (int) at[1];
          return readSide.fills().byBot(bot, null, last.plusMillis(1), Math.min(n + skip, io.dorado.persistence.readside.Page.MAX_SIZE), null)
              .thenApply(p -> {
                List<io.dorado.persistence.readside.FillView> rows = p.items();
                int listed = 0;
                while (listed < skip && listed < rows.size() && rows.get(listed).filledAt().equals(last)) listed++;
                return rows.subList(listed, rows.size());
              });
        },
        (before, f) -> {
          long ms = f.filledAt().toEpochMilli();
          long same = before.isEmpty() || fillPosition(before)[0] != ms ? 0 : fillPosition(before)[1];
          return ms + ":" + (same + 1);
        },
        Comparator.comparing(io.dorado.persistence.readside.FillView::filledAt).reversed()
            .thenComparing(io.dorado.persistence.readside.FillView::botId)
            .thenComparing(io.dorado.persistence.readside.FillView::fillId));
  }

  private static Instant placedAt(io.dorado.persistence.readside.OrderView o) {
    return o.createdAt() != null ? o.createdAt() : o.updatedAt() != null ? o.updatedAt() : Instant.EPOCH;
  }

  private static long parseLong(String position) {
    try {
      return Long.parseLong(position);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cursor: not a cursor of the fleet's orders");
    }
  }

  private static long[] fillPosition(String position) {
    int colon = position.indexOf(':');
    try {
      return new long[] {Long.parseLong(position.substring(0, colon)), Long.parseLong(position.substring(colon + 1))};
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor: not a cursor of the fleet's fills");
    }
  }

  CompletionStage<Page<TradeView>> trades(Optional<String> botId, PageRequest page) {
    CompletionStage<io.dorado.persistence.readside.Page<ClosedTrade>> trades = botId.isPresent()
        ? readSide.trades().byBot(botId.get(), page.limit(), page.cursor().orElse(null))
        : readSide.trades().byDay(LocalDate.now(ZoneOffset.UTC), page.limit(), page.cursor().orElse(null));
    return trades.thenApply(p -> page(p, t -> new TradeView(t.botId(), t.tradeId(), t.symbol(), t.quantity(),
        t.entryPrice(), t.exitPrice(), t.realizedPnl(), null, t.direction().name().toLowerCase(), t.openedAt(), t.closedAt())));
  }

  CompletionStage<Page<AuditEntry>> audit(Optional<String> entityId, PageRequest page) {
    String cursor = page.cursor().orElse(null);
    var entries = entityId.isEmpty() || entityId.get().equals(VenueSettings.DEFAULT_GUARDIAN_ID)
        ? readSide.audit().forGuardian(VenueSettings.DEFAULT_GUARDIAN_ID, page.limit(), cursor)
        : readSide.audit().forBot(entityId.get(), page.limit(), cursor);
    return entries.thenApply(p -> page(p, a -> new AuditEntry(a.entityId(), a.seqNr(), a.at(), a.eventType(),
        phase(a.fromState()), phase(a.toState()), null,
        a.reason() == null ? a.detail() : a.detail() == null ? a.reason() : a.reason() + ": " + a.detail())));
  }

  /** Straight from the journal, oldest first; the cursor is the next sequence number. */
  CompletionStage<Page<JournalEntry>> botHistory(String botId, PageRequest page) {
    long from;
    try {
      from = page.cursor().map(Long::parseLong).orElse(1L);
    } catch (NumberFormatException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("cursor must be a sequence number"));
    }
    long to = from + page.limit() - 1;
    CassandraReadJournal journal = PersistenceQuery.get(asks.system())
        .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    return journal.currentEventsByPersistenceId(BotEntity.persistenceId(botId).id(), from, to)
        .filter(env -> env.event() instanceof BotEvent)
        .map(env -> JournalEntry.of(env.sequenceNr(), (BotEvent) env.event()))
        .runWith(Sink.seq(), asks.system())
        .thenApply(list -> new Page<>(list, list.size() < page.limit() ? Optional.empty() : Optional.of(Long.toString(to + 1))));
  }

  /** Fill quality by venue and order type, straight from the read side's one row per order. */
  CompletionStage<List<FillQuality.Group>> fillQuality(Optional<String> venue, Optional<String> botId) {
    return readSide.fillQuality().summary(venue, botId);
  }

  /** End-of-day points: equity now minus the realized P&L still to come, then today's live equity. */
  CompletionStage<List<EquityPoint>> equityCurve(int days) {
    return profit(days).thenCombine(live.risk(), (report, status) -> {
      List<EquityPoint> points = new ArrayList<>();
      BigDecimal before = status.equity().subtract(report.total());
      BigDecimal realized = BigDecimal.ZERO;
      for (ProfitReport.Day d : report.byDay()) {
        realized = realized.add(d.realizedPnl());
        points.add(new EquityPoint(d.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), before.add(realized), realized));
      }
      points.add(new EquityPoint(Instant.now(), status.equity(), report.total()));
      return points;
    });
  }

  // ---- helpers

  private CompletionStage<List<String>> botIds() {
    return live.bots().thenApply(list -> list.bots().stream().map(BotEntry::botId).toList());
  }

  static OrderView orderView(io.dorado.persistence.readside.OrderView o) {
    return new OrderView(o.botId(), o.clientOrderId(), o.symbol(), Side.valueOf(o.side()), o.quantity(),
        o.filledQuantity(), o.averagePrice(), status(o.status()), o.updatedAt(), o.template(), o.approvedBy());
  }

  /** The read side's order lifecycle in the venue's terms (a failed order ended without a full fill). */
  private static OrderStatus status(io.dorado.persistence.readside.OrderView.Status s) {
    return switch (s) {
      case INTENDED -> OrderStatus.SUBMITTED;
      case ACCEPTED -> OrderStatus.WORKING;
      case PARTIALLY_FILLED -> OrderStatus.PARTIALLY_FILLED;
      case FILLED -> OrderStatus.FILLED;
      case FAILED -> OrderStatus.CANCELLED;
    };
  }

  private static FillView fillView(io.dorado.persistence.readside.FillView f) {
    return new FillView(f.botId(), f.fillId(), f.clientOrderId(), f.symbol(), Side.valueOf(f.side()), f.quantity(),
        f.price(), f.commission(), f.filledAt());
  }

  private static <A, B> Page<B> map(Page<A> p, Function<A, B> f) {
    return new Page<>(p.items().stream().map(f).toList(), p.nextCursor());
  }

  private static <A, B> Page<B> page(io.dorado.persistence.readside.Page<A> p, Function<A, B> f) {
    return new Page<>(p.items().stream().map(f).toList(), Optional.ofNullable(p.nextCursor()));
  }

  private static Phase phase(String name) {
    if (name == null) return null;
    try {
      return Phase.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null; // a guardian trading state, not a bot phase
    }
  }
}
